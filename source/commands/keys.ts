/**
 * `viktor-tui keys`: every key of the program as it is in effect — the defaults with the config
 * file's `keys` section applied — as a table of context, intent, keys and description, or with
 * `--json` as NDJSON. The rows come from the entry (source/key-settings.ts), since commands import
 * nothing from ui/. Exit codes: 0 success, 2 usage error or a `keys` section that does not check
 * out.
 */
import {parseArgs} from 'node:util';
import {createProfileStore, type EnvironmentVariables} from '../config/index.js';
import {sanitizeLine} from '../sanitize.js';
import {table, type TextSink} from './profile.js';

/** One binding as the command prints it: key names as the config writes them. */
export type KeyRow = {
	context: string;
	intent: string;
	keys: string[];
	description: string;
	/** Whether the config's `keys` may change it. */
	remappable: boolean;
};

/** The bindings in effect, or what is wrong with the config's `keys` (lines for stderr). */
export type KeyListing = {ok: true; rows: KeyRow[]} | {ok: false; message: string};

/** What the command needs from outside. */
export type KeysCommandIo = {
	stdout: TextSink;
	stderr: TextSink;
	env: EnvironmentVariables;
	/** Overrides the OS config directory (tests, portable installs). */
	configDir?: string;
	/** The bindings in effect with the config file at `configFile`. */
	listKeys: (configFile: string) => KeyListing;
	/** The contexts the config may remap, for the usage text. */
	remappableContexts: readonly string[];
};

const usage = (contexts: readonly string[]) => `Usage: viktor-tui keys [--json]

Lists every key: context, intent, keys and what it does, with the config file's "keys" section
applied. --json prints one JSON object per line. Remap keys in the config file, for example
  {"keys": {"list": {"move-down": ["j", "ctrl+n"], "open": ["enter", "l"]}}}
Contexts that can be remapped: ${contexts.join(', ')}. See the README, "Your own keys".
`;

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
			io.stdout.write(usage(io.remappableContexts));
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
	const listing = io.listKeys(store.path);
	if (!listing.ok) {
		io.stderr.write(listing.message);
		return 2;
	}

	const {rows} = listing;
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
