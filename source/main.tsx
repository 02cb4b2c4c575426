/**
 * Everything the command does after the entry (cli.tsx): parse flags, resolve settings, build the
 * services, then either render the app or run a non-interactive command. Owns the exit codes:
 * 0 success, 1 failure, 2 usage error, 130/131/143/129 ended by SIGINT/SIGQUIT/SIGTERM/SIGHUP.
 *
 * What the path after the flags needs (json-target, the resources, start.tsx with config and the
 * API client) is imported statically. The build makes this module and everything it imports, the
 * subcommands and the export too, one file, dist/main.js: each module is a few milliseconds of
 * Node's loader. Only the stages of scripts/build.mjs (the interactive code before Ink, Ink with
 * the app, the demo server, conf, open) are files of their own, loaded when needed.
 */
import packageJson from '../package.json' with {type: 'json'};
import {parseCommandLine, UsageError} from './cli-flags.js';
import {isThemeName, themeNameList} from './config/theme-setting.js';
import {jsonTarget} from './json-target.js';
import type {Shutdown} from './shutdown.js';
import {start} from './start.js';
import {resources, sortProblem} from './ui/resources.js';

const helpText = `
  Usage
    $ viktor-tui [options]              browse workspaces (setup screen on first run)
    $ viktor-tui --json [RESOURCE] [options]
                                        print every record of a list as NDJSON and exit:
                                        workspaces (default), apps,
                                        entities --workspace ID,
                                        children --workspace ID --entity ID,
                                        revisions --workspace ID --entity ID
    $ viktor-tui profile <command>      manage saved profiles (see: viktor-tui profile --help)
    $ viktor-tui keys [--json]          list every key as remapped by the config's "keys"

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
                            each optionally :asc or :desc (other lists accept fewer;
                            a sort the list does not take is a usage error)
        --json              print NDJSON (also when stdout is not a terminal)
        --offset N          --json: start at this record (0-based)
        --max N             --json: print at most N records
        --concurrency N     --json: pages fetched at once (default 6)
        --workspace ID      --json entities/children/revisions: the workspace
        --entity ID         --json children/revisions: the entity
        --theme NAME        auto, dark, light, high-contrast or mono (no colour);
                            also the config file's "theme"
        --no-color          no colours, like --theme mono (also: NO_COLOR=1)
        --screen-reader     announce in plain lines of words instead of drawing
                            (also: INK_SCREEN_READER=true, or "screenReader": true in the config)
        --fresh             start at the top, not where you were last time
    -h, --help              show this help
    -v, --version           show the version

  Environment
    VIKTOR_TOKEN        your Personal Access Token (there is no --token flag on purpose)
    VIKTOR_ENVIRONMENT  like --environment
    VIKTOR_BASE_URL     like --base-url
    VIKTOR_PROFILE      like --profile
    VIKTOR_DEMO_WORKSPACES  with --demo: how many workspaces (default 240, up to 2_000_000)
    VIKTOR_DEMO_HOSTILE     with --demo: 1 mixes hostile names and fields into the data
    NO_COLOR            turn colours off

  Keys: arrows/j/k move, PgUp/PgDn/left/right page, Home/End/g/G first/last,
        Enter open (workspace → entities → children), H revisions, d diff a
        revision, Esc back, i full record, Tab list/detail, / search, s sort,
        S reverse sort, : command (:apps :ws N), y copy, o open in the web app,
        r refresh, p profiles, ? help, q quit
        (the defaults; remap them in the config file, see viktor-tui keys --help)

  Exit codes: 0 ok, 1 failure, 2 usage error,
              130/131/143/129 interrupted by SIGINT/QUIT/TERM/HUP

  Examples
    $ viktor-tui --demo
    $ VIKTOR_TOKEN=vktrpat_… viktor-tui -e acme
    $ viktor-tui -p acme --json --search bridge > bridges.ndjson
`;

/** What --help prints: the description, then the help text, indented as before. */
const helpOutput = `\n  ${packageJson.description}\n\n${helpText.replace(/^\n+|\n+$/g, '')}\n\n`;

/** The flags with which chalk's supports-color turns every style off, not only colour. */
const chalkColorFlags = new Set(['--no-color', '--no-colors', '--color=false', '--color=never']);

async function main(argv: readonly string[], shutdown: Shutdown): Promise<number> {
	if (argv[0] === 'profile') {
		const [{runProfileCommand}, {resources, sortProblem}] = await Promise.all([
			import('./commands/index.js'),
			import('./ui/resources.js'),
		]);
		return runProfileCommand(argv.slice(1), {
			stdout: process.stdout,
			stderr: process.stderr,
			env: process.env,
			signal: shutdown.signal,
			sortProblem: (sort) => sortProblem(resources.workspaces, sort),
		});
	}

	if (argv[0] === 'keys') {
		const [{runKeysCommand}, {keySettings}] = await Promise.all([
			import('./commands/index.js'),
			import('./interactive.js'),
		]);
		const {listKeys, remappableContexts} = keySettings;
		return runKeysCommand(argv.slice(1), {
			stdout: process.stdout,
			stderr: process.stderr,
			env: process.env,
			listKeys,
			remappableContexts,
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

	const json = flags.json || !process.stdout.isTTY;
	if (input.length > 0 && !flags.json) {
		throw new UsageError(
			`unknown command "${input[0]}" (commands: profile, keys); see viktor-tui --help`,
		);
	}

	const target = jsonTarget(input, {workspace: flags.workspace, entity: flags.entity});
	if (!target.ok) throw new UsageError(target.message);
	if (!json && (flags.workspace !== undefined || flags.entity !== undefined)) {
		throw new UsageError('--workspace and --entity go with --json');
	}

	const options = {
		limit: flags.limit,
		offset: flags.offset,
		max: flags.max,
		concurrency: flags.concurrency,
		search: flags.search?.trim() === '' ? undefined : flags.search,
		sort: flags.sort?.trim() === '' ? undefined : flags.sort,
	};
	if (options.sort !== undefined) {
		const problem = sortProblem(resources[target.resource], options.sort);
		if (problem !== undefined) throw new UsageError(problem);
	}

	if (!json && (options.offset !== undefined || options.max !== undefined)) {
		throw new UsageError('--offset and --max go with --json');
	}

	// chalk (inside Ink, loaded below) reads --no-color from process.argv and then draws no bold or
	// inverse either, hiding the selection. Colour is the theme's job (noColor), as for NO_COLOR.
	process.argv = process.argv.filter((argument) => !chalkColorFlags.has(argument));
	if (flags.theme !== undefined && !isThemeName(flags.theme)) {
		throw new UsageError(`--theme takes ${themeNameList}`);
	}

	return start({
		flags: {
			environment: flags.environment,
			baseUrl: flags['base-url'],
			profile: flags.profile,
			demo: flags.demo,
		},
		...options,
		resource: target.resource,
		parent: target.parent,
		json,
		noColor: !flags.color || (process.env.NO_COLOR ?? '') !== '',
		isNoColorFlag: !flags.color,
		fresh: flags.fresh,
		...(flags.theme === undefined ? {} : {theme: flags.theme}),
		...(flags['screen-reader'] === undefined ? {} : {screenReader: flags['screen-reader']}),
		env: process.env,
		shutdown,
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

/**
 * Runs the command line `argv` (the arguments after `node cli.js`) and sets the process's exit
 * code; `shutdown` is the process's one abort signal, created by the entry before anything else.
 */
export async function runCommandLine(argv: readonly string[], shutdown: Shutdown): Promise<void> {
	try {
		const code = await main(argv, shutdown);
		process.exitCode = shutdown.exitCode() ?? code;
	} catch (error) {
		process.exitCode = shutdown.exitCode() ?? (await report(error));
	}
}
