/**
 * `viktor-tui profile …`: manage saved profiles from scripts. `list`, `add`, `remove`, `default`
 * and `show` (which resolves the token source and checks it against the API). Exit codes: 0
 * success, 1 failure, 2 usage error; each error is one line on stderr.
 */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {redact, safeForTerminal} from '../sanitize.js';
import {resolveBaseUrl, resolveEnvironment} from '../api/environment.js';
import {
	commandRefusalFor,
	createProfileStore,
	describeTokenSource,
	isValidEnvironmentVariableName,
	findProfile,
	isValidProfileName,
	maskToken,
	noProfileMessage,
	resolveProfileTarget,
	resolveToken,
	tokenCommandProblem,
	tokenVariableForProfile,
	verifyToken,
	type EnvironmentVariables,
	type Profile,
	type ProfileSnapshot,
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
	/** The process's abort signal: stops the token command (its process group) and the request. */
	signal?: AbortSignal;
	/**
	 * Why a workspace sort would not be taken by the API (`--sort`), if it would not; given by the
	 * entry, which knows the resource descriptors (commands import nothing from ui/).
	 */
	sortProblem?: (sort: string) => string | undefined;
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

Profile names ignore case: "lab" and "LAB" are the same profile.
Run viktor-tui profile <command> --help for one command's options.
`;

type CommandName = 'list' | 'add' | 'remove' | 'default' | 'show';

const commandHelp: Record<CommandName, string> = {
	list: `Usage: viktor-tui profile list [--json]

List the saved profiles; * marks the default.

Options:
  --json    print them as JSON (with each profile's host and whether it is the default)
`,
	add: `Usage: viktor-tui profile add NAME (--environment ENV | --base-url URL) [options]

Save a profile. The token itself is never saved: say where it comes from.

Options:
  -e, --environment ENV   cloud, cloud.us1, a company name (acme) or a host
      --base-url URL      a full API base, e.g. http://127.0.0.1:8123/api
      --token-env VAR     read the token from this variable (default: VIKTOR_TOKEN_<NAME>)
      --token-command CMD run this command and use the one line it prints, e.g.
                          'pass show viktor-tui/NAME' (never put the token itself here)
      --default           make it the default profile
      --limit N           page size to ask for (1 to 1000)
      --sort S            name, created_at, views, ... optionally :asc or :desc
      --force             replace a profile of the same name (names ignore case)
`,
	remove: `Usage: viktor-tui profile remove NAME

Delete a saved profile. Removing the default leaves no default.
`,
	default: `Usage: viktor-tui profile default NAME

Make a saved profile the default: used when no --profile, --environment or --base-url is given.
`,
	show: `Usage: viktor-tui profile show NAME [--json]

Resolve the profile's token (masked) and check it against the API.

Options:
  --json    print the result as JSON
`,
};

/** A failure printed as one `viktor-tui: …` line: exit 2 for usage errors, else 1. */
class CommandError extends Error {
	constructor(
		message: string,
		readonly exitCode: 1 | 2,
	) {
		super(message);
	}
}

/** A usage error: bad arguments, or a profile that does not exist. */
class UsageError extends CommandError {
	constructor(message: string) {
		super(message, 2);
	}
}

/** `profile <command> --help` was asked for. */
class HelpRequest extends Error {}

/** The store's refusal as a command error: a missing profile is a usage error (exit 2). */
function storeFailure(result: {message: string; code?: 'not-found' | 'exists'}): CommandError {
	const hint = result.code === 'exists' ? '; use --force to replace it' : '';
	return new CommandError(`${result.message}${hint}`, result.code === 'not-found' ? 2 : 1);
}

/**
 * Keeps what a hand-edited config file or a token command prints from steering the terminal or
 * showing a token.
 */
const printable = (text: string) => safeForTerminal(text);

function parse<T extends ParseArgsConfig>(
	command: CommandName,
	config: T,
): ReturnType<typeof parseArgs<T>> {
	const args = config.args ?? [];
	// `--help` anywhere (before a lone `--`) asks for help, whatever else is wrong with the line.
	const end = args.includes('--') ? args.indexOf('--') : args.length;
	if (args.slice(0, end).some((arg) => arg === '--help' || arg === '-h')) throw new HelpRequest();
	try {
		return parseArgs(config);
	} catch (error) {
		const message = (error instanceof Error ? error.message : String(error)).replace(
			/\. To specify a positional argument starting with a '-'.*$/s,
			'',
		);
		throw new UsageError(
			`profile ${command}: ${printable(message)}; see viktor-tui profile ${command} --help`,
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

/**
 * Reads the profiles and prints the file's warnings (and, with `withRefusal`, why its token
 * commands will not run, when a profile has one), made safe: a broken file's content can hold
 * escape sequences.
 */
function readWithWarnings(
	store: ProfileStore,
	io: ProfileCommandIo,
	{withRefusal}: {withRefusal: boolean},
): ProfileSnapshot {
	const snapshot = store.read();
	const hasCommand = snapshot.profiles.some((profile) => profile.tokenSource.type === 'command');
	const refusal = withRefusal && hasCommand ? snapshot.commandRefusal : undefined;
	for (const warning of [...snapshot.warnings, ...(refusal === undefined ? [] : [refusal])]) {
		io.stderr.write(`viktor-tui: warning: ${printable(warning)}\n`);
	}

	return snapshot;
}

/** A token source for `--json` output: a token written into a command is masked. */
function safeTokenSource(source: TokenSource): TokenSource {
	return source.type === 'command' ? {...source, command: redact(source.command)} : source;
}

/**
 * JSON for a terminal or a pipe: besides what JSON.stringify escapes, DEL, C1 controls, bidi
 * overrides and isolates and the line separators are written as `\uXXXX`, so nothing in a
 * hand-edited config reaches the terminal raw, and the JSON still parses to the same values.
 */
function terminalJson(value: unknown): string {
	return JSON.stringify(value, undefined, 2).replaceAll(
		/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
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
	const snapshot = readWithWarnings(store, io, {withRefusal: true});
	if (values.json) {
		const profiles = snapshot.profiles.map((profile) => {
			const target = resolveProfileTarget(profile);
			return {
				...profile,
				tokenSource: safeTokenSource(profile.tokenSource),
				host: target.ok ? target.host : null,
				isDefault: profile.name === snapshot.defaultProfile,
			};
		});
		io.stdout.write(
			`${terminalJson({defaultProfile: snapshot.defaultProfile ?? null, profiles})}\n`,
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

		const problem = tokenCommandProblem(values['token-command']);
		if (problem !== undefined) throw new UsageError(`profile add: --token-command: ${problem}`);

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
		// A profile's sort is the workspace list's: one the API does not take would fail every page.
		const problem = io.sortProblem?.(values.sort.trim());
		if (problem !== undefined) throw new UsageError(`profile add: ${problem}`);
		profile.sort = values.sort;
	}

	const result = await store.saveProfile(profile, {
		replace: values.force === true,
		makeDefault: values.default === true,
	});
	if (!result.ok) throw storeFailure(result);

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
	const before = store.read();
	const removed = findProfile(before.profiles, name)?.name ?? name;
	const result = await store.removeProfile(name);
	if (!result.ok) throw storeFailure(result);
	io.stdout.write(`Removed profile ${removed}\n`);
	if (before.defaultProfile === removed) {
		const left = result.snapshot.profiles.map((profile) => profile.name);
		io.stdout.write(
			left.length === 0
				? 'It was the default; no profiles are left.\n'
				: `It was the default; no default profile is left. Choose one with: viktor-tui profile default NAME (saved: ${left.join(', ')})\n`,
		);
	}

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
	if (!result.ok) throw storeFailure(result);
	io.stdout.write(`Default profile is now ${result.snapshot.defaultProfile ?? name}\n`);
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
	const asked = singleName('show', positionals);
	// The refusal, if it matters, is the error of the profile shown: said once, there.
	const snapshot = readWithWarnings(store, io, {withRefusal: false});
	const profile = findProfile(snapshot.profiles, asked);
	if (profile === undefined) {
		throw new UsageError(
			noProfileMessage(
				asked,
				snapshot.profiles.map((saved) => saved.name),
			),
		);
	}

	const {name} = profile;
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
			commandRefusal: commandRefusalFor(profile.tokenSource, snapshot),
			...(io.timeoutMs === undefined ? {} : {timeoutMs: io.timeoutMs}),
			...(io.signal === undefined ? {} : {signal: io.signal}),
		});
		if (token.ok) {
			report.token = maskToken(token.token);
			const verified = await verifyToken(target, token.token, {
				...(io.timeoutMs === undefined ? {} : {timeoutMs: io.timeoutMs}),
				...(io.signal === undefined ? {} : {signal: io.signal}),
			});
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
		io.stdout.write(`${terminalJson(report)}\n`);
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

	if (report.error !== undefined) io.stderr.write(`viktor-tui: ${printable(report.error)}\n`);
	return report.ok ? 0 : 1;
}

/**
 * Runs `viktor-tui profile …`. `argv` is what follows `profile` (a leading `profile` is skipped).
 * Resolves to the exit code; never throws for bad input.
 */
export async function runProfileCommand(argv: string[], io: ProfileCommandIo): Promise<ExitCode> {
	const args = argv[0] === 'profile' ? argv.slice(1) : argv;
	const [command, ...rest] = args;
	if (command === undefined || command === '--help' || command === '-h') {
		(command === undefined ? io.stderr : io.stdout).write(usage);
		return command === undefined ? 2 : 0;
	}

	if (command === 'help') {
		const topic = canonicalCommand(rest[0] ?? '');
		io.stdout.write(topic === undefined ? usage : commandHelp[topic]);
		return 0;
	}

	const store = createProfileStore(
		io.configDir === undefined ? {env: io.env} : {configDirectory: io.configDir, env: io.env},
	);
	const name = canonicalCommand(command);
	try {
		switch (name) {
			case 'list': {
				return list(store, rest, io);
			}

			case 'add': {
				return await add(store, rest, io);
			}

			case 'remove': {
				return await remove(store, rest, io);
			}

			case 'default': {
				return await makeDefault(store, rest, io);
			}

			case 'show': {
				return await show(store, rest, io);
			}

			case undefined: {
				throw new UsageError(
					`profile: unknown command "${printable(command)}" (use list, add, remove, default or show; see viktor-tui profile --help)`,
				);
			}
		}
	} catch (error) {
		if (error instanceof HelpRequest && name !== undefined) {
			io.stdout.write(commandHelp[name]);
			return 0;
		}

		if (error instanceof CommandError) {
			io.stderr.write(`viktor-tui: ${printable(error.message)}\n`);
			return error.exitCode;
		}

		throw error;
	}
}

function canonicalCommand(command: string): CommandName | undefined {
	if (command === 'ls') return 'list';
	if (command === 'rm') return 'remove';
	return Object.hasOwn(commandHelp, command) ? (command as CommandName) : undefined;
}
