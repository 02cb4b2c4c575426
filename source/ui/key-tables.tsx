/**
 * The effective key tables (the defaults, or the user's remapped ones) for every screen, passed
 * down from the entry as data. Without a provider the defaults apply, so components and their
 * tests need nothing extra.
 */
import {createContext, useContext, type ReactNode} from 'react';
import {keyTables, type KeyTables} from './keymap.js';

const KeyTablesContext = createContext<KeyTables>(keyTables);

/** Props of {@link KeyTablesProvider}. */
export type KeyTablesProviderProps = {tables: KeyTables; children?: ReactNode};

/** Makes `tables` the keys of the screens below. */
export function KeyTablesProvider({tables, children}: KeyTablesProviderProps) {
	return <KeyTablesContext.Provider value={tables}>{children}</KeyTablesContext.Provider>;
}

/** The key tables in effect: the provider's, or the defaults. */
export function useKeyTables(): KeyTables {
	return useContext(KeyTablesContext);
}
