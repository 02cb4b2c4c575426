/**
 * The full-screen UI behind one dynamic import: Ink (with React and yoga), the app and its
 * providers. start.tsx loads it once the first page has been asked for, so that request never
 * waits for Ink; the build makes this module and what only it needs one file,
 * dist/chunks/ui-stage.js (scripts/build.mjs), rather than a dozen chunks loaded one by one.
 */
import {render, type Instance, type RenderOptions} from 'ink';
import {App, type AppProps} from './app.js';
import type {KeyTables} from './ui/keymap.js';
import {KeyTablesProvider} from './ui/key-tables.js';
import {ServicesProvider, type Services} from './ui/services.js';

/** What the app is drawn with: its services and keys, its props and Ink's options. */
export type AppRender = {
	services: Services;
	keyTables: KeyTables;
	app: AppProps;
	options: RenderOptions;
};

/** Draws the app with Ink and gives Ink's instance (to unmount it and wait for its exit). */
export function renderApp({services, keyTables, app, options}: AppRender): Instance {
	return render(
		<ServicesProvider services={services}>
			<KeyTablesProvider tables={keyTables}>
				<App {...app} />
			</KeyTablesProvider>
		</ServicesProvider>,
		options,
	);
}
