/**
 * `viktor-tui keys`: every key of the program as it is in effect — the defaults with the config
 * file's `keys` section applied — as a table of context, intent, keys and description, or with
 * `--json` as NDJSON. Also loads the effective tables for the interactive app. Exit codes: 0
 * success, 2 usage error or a `keys` section that does not check out.
 */
import {parseArgs} from 'node:util';
import {createProfileStore, type EnvironmentVariables} from '../config/index.js';
import {readAccessSettings} from '../config/access-settings.js';
import {sanitizeLine} from '../sanitize.js';
import {keyNameOf, remappableContexts, resolveKeyOverrides} from '../ui/key-overrides.js';
import {bindingsOf, type KeyTables} from '../ui/keymap.js';
import {table, type TextSink} from './profile.js';

/** What the command needs from outside. */
export type KeysCommandIo = {
	stdout: TextSink;
	stderr: TextSink;
	env: EnvironmentVariables;
	/** Overrides the OS config directory (tests, portable installs). */
	configDir?: string;
};

const usage = `Usage: viktor-tui keys [--json]

Lists every key: context, intent, keys and what it does, with the config file's "keys" section
applied. --json prints one JSON object per line. Remap keys in the config file, for example
  {"keys": {"list": {"move-down": ["j", "ctrl+n"], "open": ["enter", "l"]}}}
Contexts that can be remapped: ${remappableContexts.join(', ')}. See the README, "Your own keys".
`;

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

/** Runs `viktor-tui keys ARGS…` and resolves to the exit code. */
export async function runKeysCommand(argv: string[], io: KeysCommandIo): Promise<0 | 2> {
	let json: boolean;
	try {
		const {values, positionals} = parseArgs({
			args: argv,
			options: {json: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}},
			allowPositionals: true,
			strict: true,
		});
		if (values.help === true) {
			io.stdout.write(usage);
			return 0;
		}

		if (positionals.length > 0) {
			throw new Error(`unexpected argument "${sanitizeLine(positionals[0] ?? '')}"`);
		}

		json = values.json === true;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		io.stderr.write(`viktor-tui: keys: ${sanitizeLine(reason)}\n`);
		return 2;
	}

	const store = createProfileStore(
		io.configDir === undefined ? {env: io.env} : {configDirectory: io.configDir, env: io.env},
	);
	const loaded = loadKeyTables(readAccessSettings(store.path).keys, store.path);
	if (!loaded.ok) {
		io.stderr.write(loaded.message);
		return 2;
	}

	const rows = bindingsOf(loaded.tables).map((binding) => ({
		context: binding.context,
		intent: binding.intent,
		keys: binding.keys.map((label) => keyNameOf(label)),
		description: binding.description,
		remappable: (remappableContexts as readonly string[]).includes(binding.context),
	}));
	if (json) {
		io.stdout.write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
		return 0;
	}

	const cells = rows.map((row) => [
		row.context,
		row.intent,
		row.keys.join(' '),
		row.remappable ? row.description : `${row.description} (fixed)`,
	]);
	io.stdout.write(`${table([['CONTEXT', 'INTENT', 'KEYS', 'DESCRIPTION'], ...cells])}\n`);
	return 0;
}
