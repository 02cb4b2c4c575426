/**
 * `viktor-tui profile …`: manage saved profiles from scripts. `list`, `add`, `remove`, `default`
 * and `show` (which resolves the token source and checks it against the API). Exit codes: 0
 * success, 1 failure, 2 usage error; each error is one line on stderr.
 */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {sanitizeLine} from '../sanitize.js';
import {resolveBaseUrl, resolveEnvironment} from '../api/environment.js';
import {
	createProfileStore,
	describeTokenSource,
	isValidEnvironmentVariableName,
	isValidProfileName,
	maskToken,
	resolveProfileTarget,
	resolveToken,
	tokenVariableForProfile,
	verifyToken,
	type EnvironmentVariables,
	type Profile,
	type ProfileStore,
	type TokenSource,
} from '../config/index.js';

/** Somewhere text can be written (process.stdout, or a test's collector). */
export type TextSink = {write(text: string): unknown};

/** What the command needs from outside. */
export type ProfileCommandIo = {
	stdout: TextSink;
	stderr: TextSink;
	env: EnvironmentVariables;
	/** Overrides the OS config directory (tests, portable installs). */
	configDir?: string;
	/** Time allowed for the token command and for the API check of `show`. */
	timeoutMs?: number;
};

/** The exit codes of the command. */
export type ExitCode = 0 | 1 | 2;

const usage = `Usage: viktor-tui profile <command>

Commands:
  list [--json]                     List saved profiles (* marks the default)
  add NAME (--environment ENV | --base-url URL)
      [--token-env VAR | --token-command CMD]
      [--default] [--limit N] [--sort S] [--force]
                                    Save a profile (the token itself is never saved)
  remove NAME                       Delete a profile
  default NAME                      Make a profile the default
  show NAME [--json]                Resolve the profile's token and check it against the API
`;

class UsageError extends Error {}

/** Keeps what a hand-edited config file holds from steering the terminal. */
const printable = sanitizeLine;

function parse<T extends ParseArgsConfig>(
	command: string,
	config: T,
): ReturnType<typeof parseArgs<T>> {
	try {
		return parseArgs(config);
	} catch (error) {
		throw new UsageError(
			`profile ${command}: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
}

function singleName(command: string, positionals: string[]): string {
	if (positionals.length !== 1) {
		throw new UsageError(
			`profile ${command}: expected one profile NAME, got ${positionals.length}`,
		);
	}

	const [name = ''] = positionals;
	if (!isValidProfileName(name)) {
		throw new UsageError(
			`profile ${command}: "${printable(name)}" is not a valid profile name (letters, digits, . _ -; up to 64)`,
		);
	}

	return name;
}

function hostOf(profile: Profile): string {
	const target = resolveProfileTarget(profile);
	return target.ok ? target.host : `invalid: ${profile.environment ?? profile.baseUrl ?? ''}`;
}

/** Rows as a plain-text table: columns padded to their widest cell, two spaces apart. */
export function table(rows: string[][]): string {
	const widths =
		rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
	return rows
		.map((row) =>
			row
				.map((cell, column) =>
					column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
				)
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

function list(store: ProfileStore, argv: string[], io: ProfileCommandIo): ExitCode {
	const {values, positionals} = parse('list', {
		args: argv,
		options: {json: {type: 'boolean'}},
		allowPositionals: true,
		strict: true,
	});
	if (positionals.length > 0) throw new UsageError('profile list: takes no arguments');
	const snapshot = store.read();
	for (const warning of snapshot.warnings) io.stderr.write(`warning: ${warning}\n`);
	if (values.json) {
		const profiles = snapshot.profiles.map((profile) => {
			const target = resolveProfileTarget(profile);
			return {
				...profile,
				host: target.ok ? target.host : null,
				isDefault: profile.name === snapshot.defaultProfile,
			};
		});
		io.stdout.write(
			`${JSON.stringify({defaultProfile: snapshot.defaultProfile ?? null, profiles}, undefined, 2)}\n`,
		);
		return 0;
	}

	if (snapshot.profiles.length === 0) {
		io.stdout.write(
			'No profiles saved. Add one with: viktor-tui profile add NAME --environment ENV\n',
		);
		return 0;
	}

	const rows = [
		['', 'NAME', 'HOST', 'TOKEN SOURCE', 'LIMIT', 'SORT'],
		...snapshot.profiles.map((profile) => [
			profile.name === snapshot.defaultProfile ? '*' : '',
			profile.name,
			printable(hostOf(profile)),
			printable(describeTokenSource(profile.tokenSource)),
			profile.limit === undefined ? '' : String(profile.limit),
			printable(profile.sort ?? ''),
		]),
	];
	io.stdout.write(`${table(rows)}\n`);
	return 0;
}

async function add(store: ProfileStore, argv: string[], io: ProfileCommandIo): Promise<ExitCode> {
	const {values, positionals} = parse('add', {
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			environment: {type: 'string', short: 'e'},
			'base-url': {type: 'string'},
			'token-env': {type: 'string'},
			'token-command': {type: 'string'},
			default: {type: 'boolean'},
			limit: {type: 'string'},
			sort: {type: 'string'},
			force: {type: 'boolean'},
		},
	});
	const name = singleName('add', positionals);
	const environment = values.environment;
	const baseUrl = values['base-url'];
	if ((environment === undefined) === (baseUrl === undefined)) {
		throw new UsageError('profile add: give exactly one of --environment ENV and --base-url URL');
	}

	const target =
		environment === undefined ? resolveBaseUrl(baseUrl ?? '') : resolveEnvironment(environment);
	if (!target.ok) {
		throw new UsageError(
			`profile add: ${environment === undefined ? '--base-url' : '--environment'}: ${target.message}`,
		);
	}

	if (values['token-env'] !== undefined && values['token-command'] !== undefined) {
		throw new UsageError(
			'profile add: give at most one of --token-env VAR and --token-command CMD',
		);
	}

	let tokenSource: TokenSource;
	if (values['token-command'] === undefined) {
		const variable = values['token-env'] ?? tokenVariableForProfile(name);
		if (!isValidEnvironmentVariableName(variable)) {
			throw new UsageError(
				`profile add: --token-env: "${printable(variable)}" is not a variable name`,
			);
		}

		tokenSource = {type: 'env', variable};
	} else {
		if (values['token-command'].trim() === '') {
			throw new UsageError('profile add: --token-command: the command is empty');
		}

		tokenSource = {type: 'command', command: values['token-command']};
	}

	const profile: Profile = {
		name,
		...(environment === undefined ? {baseUrl: target.baseUrl} : {environment: environment.trim()}),
		tokenSource,
	};
	if (values.limit !== undefined) {
		const limit = Number(values.limit);
		if (!/^\d+$/.test(values.limit) || limit < 1 || limit > 1000) {
			throw new UsageError('profile add: --limit must be a whole number from 1 to 1000');
		}

		profile.limit = limit;
	}

	if (values.sort !== undefined) {
		if (values.sort.trim() === '') throw new UsageError('profile add: --sort is empty');
		profile.sort = values.sort;
	}

	const result = await store.saveProfile(profile, {
		replace: values.force === true,
		makeDefault: values.default === true,
	});
	if (!result.ok) {
		const hint = result.message.endsWith('already exists') ? ' (use --force to replace it)' : '';
		io.stderr.write(`${result.message}${hint}\n`);
		return 1;
	}

	const isDefault = result.snapshot.defaultProfile === name ? ', default' : '';
	io.stdout.write(
		`Saved profile ${name} (${target.host}, token from ${printable(describeTokenSource(tokenSource))}${isDefault})\n`,
	);
	if (tokenSource.type === 'env') {
		io.stdout.write(`Add to your shell profile: export ${tokenSource.variable}=vktrpat_…\n`);
	}

	return 0;
}

async function remove(
	store: ProfileStore,
	argv: string[],
	io: ProfileCommandIo,
): Promise<ExitCode> {
	const {positionals} = parse('remove', {
		args: argv,
		options: {},
		allowPositionals: true,
		strict: true,
	});
	const name = singleName('remove', positionals);
	const result = await store.removeProfile(name);
	if (!result.ok) {
		io.stderr.write(`${result.message}\n`);
		return 1;
	}

	io.stdout.write(`Removed profile ${name}\n`);
	return 0;
}

async function makeDefault(
	store: ProfileStore,
	argv: string[],
	io: ProfileCommandIo,
): Promise<ExitCode> {
	const {positionals} = parse('default', {
		args: argv,
		options: {},
		allowPositionals: true,
		strict: true,
	});
	const name = singleName('default', positionals);
	const result = await store.setDefaultProfile(name);
	if (!result.ok) {
		io.stderr.write(`${result.message}\n`);
		return 1;
	}

	io.stdout.write(`Default profile is now ${name}\n`);
	return 0;
}

type ShowReport = {
	name: string;
	host?: string;
	baseUrl?: string;
	tokenSource: string;
	token?: string;
	workspaces?: number;
	ok: boolean;
	error?: string;
};

async function show(store: ProfileStore, argv: string[], io: ProfileCommandIo): Promise<ExitCode> {
	const {values, positionals} = parse('show', {
		args: argv,
		options: {json: {type: 'boolean'}},
		allowPositionals: true,
		strict: true,
	});
	const name = singleName('show', positionals);
	const snapshot = store.read();
	for (const warning of snapshot.warnings) io.stderr.write(`warning: ${warning}\n`);
	const profile = snapshot.profiles.find((candidate) => candidate.name === name);
	if (profile === undefined) {
		io.stderr.write(`No profile named "${name}"\n`);
		return 1;
	}

	const report: ShowReport = {
		name,
		tokenSource: describeTokenSource(profile.tokenSource),
		ok: false,
	};
	const target = resolveProfileTarget(profile);
	if (target.ok) {
		report.host = target.host;
		report.baseUrl = target.baseUrl;
		const token = await resolveToken(profile.tokenSource, {
			env: io.env,
			...(io.timeoutMs === undefined ? {} : {timeoutMs: io.timeoutMs}),
		});
		if (token.ok) {
			report.token = maskToken(token.token);
			const verified = await verifyToken(
				target,
				token.token,
				io.timeoutMs === undefined ? {} : {timeoutMs: io.timeoutMs},
			);
			if (verified.ok) {
				report.workspaces = verified.count;
				report.ok = true;
			} else {
				report.error = verified.message;
			}
		} else {
			report.error = `Profile ${name}: ${token.reason}`;
		}
	} else {
		report.error = `Profile ${name}: ${target.message}`;
	}

	if (values.json) {
		io.stdout.write(`${JSON.stringify(report, undefined, 2)}\n`);
	} else {
		const rows = [
			['Profile', name],
			['Host', report.baseUrl === undefined ? '?' : `${report.host} (${report.baseUrl})`],
			['Token source', printable(report.tokenSource)],
			['Token', report.token ?? '(none)'],
			['Workspaces', report.workspaces === undefined ? '?' : `${report.workspaces} visible`],
		];
		io.stdout.write(`${table(rows)}\n`);
	}

	if (report.error !== undefined) io.stderr.write(`${printable(report.error)}\n`);
	return report.ok ? 0 : 1;
}

/**
 * Runs `viktor-tui profile …`. `argv` is what follows `profile` (a leading `profile` is skipped).
 * Resolves to the exit code; never throws for bad input.
 */
export async function runProfileCommand(argv: string[], io: ProfileCommandIo): Promise<ExitCode> {
	const args = argv[0] === 'profile' ? argv.slice(1) : argv;
	const [command, ...rest] = args;
	if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
		(command === undefined ? io.stderr : io.stdout).write(usage);
		return command === undefined ? 2 : 0;
	}

	const store = createProfileStore(
		io.configDir === undefined ? {env: io.env} : {configDirectory: io.configDir, env: io.env},
	);
	try {
		switch (command) {
			case 'list':
			case 'ls': {
				return list(store, rest, io);
			}

			case 'add': {
				return await add(store, rest, io);
			}

			case 'remove':
			case 'rm': {
				return await remove(store, rest, io);
			}

			case 'default': {
				return await makeDefault(store, rest, io);
			}

			case 'show': {
				return await show(store, rest, io);
			}

			default: {
				throw new UsageError(
					`profile: unknown command "${printable(command)}" (use list, add, remove, default or show)`,
				);
			}
		}
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`${error.message}\n`);
			return 2;
		}

		throw error;
	}
}
