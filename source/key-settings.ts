/**
 * The user's keys as the entry composes them: the config file's `keys` section (config/) applied
 * to the key tables (ui/). start.tsx takes the effective tables for the app; `viktor-tui keys`
 * (commands/keys.ts, which imports nothing from ui/) gets the rows to print from here.
 */
import {readAccessSettings} from './config/access-settings.js';
import {sanitizeLine} from './sanitize.js';
import {keyNameOf, remappableContexts, resolveKeyOverrides} from './ui/key-overrides.js';
import {bindingsOf, type KeyTables} from './ui/keymap.js';
import type {KeyListing, KeyRow} from './commands/keys.js';

/** The effective key tables, or the lines that say what is wrong with the config's `keys`. */
export type LoadedKeyTables = {ok: true; tables: KeyTables} | {ok: false; message: string};

/**
 * Applies the `keys` section read from the config file at `configFile` to the defaults. The
 * message, when there is one, is ready for stderr: one `viktor-tui: config keys.…` line per
 * problem, then where to fix it.
 */
export function loadKeyTables(section: unknown, configFile: string): LoadedKeyTables {
	const result = resolveKeyOverrides(section);
	if (result.ok) return result;
	const lines = result.errors.map((error) => `viktor-tui: config ${sanitizeLine(error)}\n`);
	return {
		ok: false,
		message: `${lines.join('')}viktor-tui: fix the "keys" section of ${configFile}; viktor-tui keys --help says how\n`,
	};
}

/** Every binding in effect with the config file at `configFile`, as `viktor-tui keys` prints it. */
export function listKeys(configFile: string): KeyListing {
	const loaded = loadKeyTables(readAccessSettings(configFile).keys, configFile);
	if (!loaded.ok) return loaded;
	const rows = bindingsOf(loaded.tables).map((binding): KeyRow => ({
		context: binding.context,
		intent: binding.intent,
		keys: binding.keys.map((label) => keyNameOf(label)),
		description: binding.description,
		remappable: (remappableContexts as readonly string[]).includes(binding.context),
	}));
	return {ok: true, rows};
}

/** The contexts the config may remap, for `viktor-tui keys --help`. */
export {remappableContexts};
