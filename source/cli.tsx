/**
 * The only impure entry: parse flags, resolve settings, build the services, then either render
 * the app or run a non-interactive command. Owns the exit codes:
 * 0 success, 1 failure, 2 usage error, 130/143/129 ended by SIGINT/SIGTERM/SIGHUP.
 */
import process from 'node:process';
import packageJson from '../package.json' with {type: 'json'};
import {parseCommandLine, UsageError} from './cli-flags.js';

const helpText = `
  Usage
    $ viktor-tui [options]              browse workspaces (setup screen on first run)
    $ viktor-tui --json [options]       print every workspace as NDJSON and exit
    $ viktor-tui profile <command>      manage saved profiles (see: viktor-tui profile --help)

  Options
    -e, --environment NAME  cloud, cloud.us1, a company name (acme) or a host
        --base-url URL      a full API base, e.g. http://127.0.0.1:8123/api
                            (a bare host gets /api; plain http only for loopback)
    -p, --profile NAME      use a saved profile
        --demo              browse the embedded demo environment; needs no account
        --limit N           page size to ask the server for (default: the rows that fit;
                            100 for --json)
        --search TEXT       start with a server-side search
        --sort FIELD        name, created_at, views, views_last_30_days, user_last_visit,
                            each optionally :asc or :desc
        --json              print NDJSON (also when stdout is not a terminal)
        --offset N          --json: start at this record (0-based)
        --max N             --json: print at most N records
        --concurrency N     --json: pages fetched at once (default 6)
        --no-color          no colours (also: NO_COLOR=1)
    -h, --help              show this help
    -v, --version           show the version

  Environment
    VIKTOR_TOKEN        your Personal Access Token (there is no --token flag on purpose)
    VIKTOR_ENVIRONMENT  like --environment
    VIKTOR_BASE_URL     like --base-url
    VIKTOR_PROFILE      like --profile
    NO_COLOR            turn colours off

  Keys: arrows/j/k move, PgUp/PgDn/left/right page, Home/End/g/G first/last,
        Enter detail, / search, s sort, r refresh, p profiles, ? help, q quit

  Exit codes: 0 ok, 1 failure, 2 usage error, 130/143/129 interrupted by SIGINT/TERM/HUP

  Examples
    $ viktor-tui --demo
    $ VIKTOR_TOKEN=vktrpat_… viktor-tui -e acme
    $ viktor-tui -p acme --json --search bridge > bridges.ndjson
`;

/** What --help prints: the description, then the help text, indented as before. */
const helpOutput = `\n  ${packageJson.description}\n\n${helpText.replace(/^\n+|\n+$/g, '')}\n\n`;

/** The flags with which chalk's supports-color turns every style off, not only colour. */
const chalkColorFlags = new Set(['--no-color', '--no-colors', '--color=false', '--color=never']);

async function main(): Promise<number> {
	const argv = process.argv.slice(2);
	if (argv[0] === 'profile') {
		const {runProfileCommand} = await import('./commands/profile.js');
		return runProfileCommand(argv.slice(1), {
			stdout: process.stdout,
			stderr: process.stderr,
			env: process.env,
		});
	}

	const {flags, input} = parseCommandLine(argv);
	if (flags.help) {
		process.stdout.write(helpOutput);
		return 0;
	}

	if (flags.version) {
		process.stdout.write(`${packageJson.version}\n`);
		return 0;
	}

	if (input.length > 0) {
		throw new UsageError(
			`unknown command "${input[0]}" (commands: profile); see viktor-tui --help`,
		);
	}

	const options = {
		limit: flags.limit,
		offset: flags.offset,
		max: flags.max,
		concurrency: flags.concurrency,
		search: flags.search?.trim() === '' ? undefined : flags.search,
		sort: flags.sort?.trim() === '' ? undefined : flags.sort,
	};
	const json = flags.json || !process.stdout.isTTY;
	if (!json && (options.offset !== undefined || options.max !== undefined)) {
		throw new UsageError('--offset and --max go with --json');
	}

	// chalk (inside Ink, loaded below) reads --no-color from process.argv and then draws no bold or
	// inverse either, hiding the selection. Colour is the theme's job (noColor), as for NO_COLOR.
	process.argv = process.argv.filter((argument) => !chalkColorFlags.has(argument));
	const {start} = await import('./start.js');
	return start({
		flags: {
			environment: flags.environment,
			baseUrl: flags['base-url'],
			profile: flags.profile,
			demo: flags.demo,
		},
		...options,
		json,
		noColor: !flags.color || (process.env.NO_COLOR ?? '') !== '',
		env: process.env,
	});
}

/** Prints an error and gives the exit code; the crash report's code loads only when needed. */
async function report(error: unknown): Promise<number> {
	if (error instanceof UsageError) {
		const {errorText} = await import('./sanitize.js');
		process.stderr.write(`viktor-tui: ${errorText(error)}\n`);
		return 2;
	}

	const {crashReport} = await import('./terminal.js');
	process.stderr.write(crashReport(error, {env: process.env, secrets: [process.env.VIKTOR_TOKEN]}));
	return 1;
}

try {
	process.exitCode = await main();
} catch (error) {
	process.exitCode = await report(error);
}
