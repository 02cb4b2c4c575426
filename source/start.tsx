/**
 * The impure half of the entry, loaded once the flags are known: reads the profiles, resolves
 * settings and the token, builds the services, then runs the export or the full-screen app.
 */
import type {DemoServer} from './demo/server.js';
import type {Profile} from './config/profiles.js';
import type {SettingsFlags, Target} from './config/settings.js';
import type {SetupInitial} from './ui/setup-state.js';
import type {ListQuery} from './api/types.js';
import {createProfileStore, resolveStartup} from './config/index.js';
import {
	createServices,
	exportSource,
	listFetcher,
	primeFirstPage,
	type PrimedFirstPage,
} from './services.js';
import type {ParentIds, ResourceName} from './ui/resources.js';
import type {KeyTables} from './ui/keymap.js';
import type {ThemeName} from './config/theme-setting.js';
import type {FirstList, ResumePlace} from './ui/resume.js';
import {errorText} from './sanitize.js';
import type {Shutdown} from './shutdown.js';
import {beginTerminalSession, crashReport} from './terminal.js';

/** What the entry resolved from the command line. */
export type StartOptions = {
	flags: SettingsFlags;
	json: boolean;
	noColor: boolean;
	/** `--no-color` (NO_COLOR is read from `env`). */
	isNoColorFlag?: boolean;
	/** `--fresh`: start at the top, not at the saved place. */
	fresh?: boolean;
	/** `--theme`, already checked. */
	theme?: ThemeName;
	limit?: number;
	offset?: number;
	max?: number;
	concurrency?: number;
	search?: string;
	sort?: string;
	/** `--screen-reader` / `--no-screen-reader`; unset, INK_SCREEN_READER and the config decide. */
	screenReader?: boolean;
	/** `--json RESOURCE`: what to export (workspaces by default) and the parent ids it needs. */
	resource?: ResourceName;
	parent?: ParentIds;
	env: NodeJS.ProcessEnv;
	/** The process's one abort signal (see terminal.ts), and the exit status once it fired. */
	shutdown: Pick<Shutdown, 'signal' | 'exitCode'>;
};

type Session = {target: Target; token: string; profile?: Profile};

/** Runs viktor-tui and resolves to the exit code. */
export async function start(options: StartOptions): Promise<number> {
	// The code of what comes next loads while the settings are read (and a token command runs):
	// the export is in main.js in the built command, the interactive code one more file.
	const exportCode = options.json ? loadExportCode() : undefined;
	exportCode?.catch(() => undefined);
	const interactiveCode = options.json ? undefined : loadInteractiveCode();
	interactiveCode?.catch(() => undefined);
	const store = createProfileStore({env: options.env});
	const snapshot = store.read();
	const {signal} = options.shutdown;
	const startup = await resolveStartup({
		flags: options.flags,
		env: options.env,
		store: snapshot,
		signal,
	});
	// Interrupted while the token command ran: it is gone; so is the rest of the start.
	if (signal.aborted) return 1;
	if (startup.kind === 'error') {
		process.stderr.write(`viktor-tui: ${errorText(startup.message)}\n`);
		return 2;
	}

	let demo: DemoServer | undefined;
	let session: Session | undefined;
	if (startup.kind === 'demo') {
		const {startDemoServer} = await import('./demo/server.js');
		demo = await startDemoServer({
			...(startup.workspaces === undefined ? {} : {count: startup.workspaces}),
			...(startup.hostile === undefined ? {} : {hostile: startup.hostile}),
		});
		session = {
			target: {baseUrl: demo.baseUrl, host: `demo (${new URL(demo.url).host})`, label: 'demo'},
			token: demo.token,
		};
	} else if (startup.kind === 'session') {
		session = {
			target: startup.target,
			token: startup.token,
			...(startup.profile === undefined ? {} : {profile: startup.profile}),
		};
	}

	try {
		if (options.json) {
			if (session === undefined) {
				const reason =
					startup.kind === 'setup' && startup.reason !== undefined
						? `${errorText(startup.reason)}. `
						: '';
				process.stderr.write(
					`viktor-tui: nothing to export from: ${reason}Set VIKTOR_TOKEN with --environment or --base-url, choose a profile with --profile, or run viktor-tui in a terminal to set one up.\n`,
				);
				return 1;
			}

			return await exportAll(session, options, exportCode ?? loadExportCode());
		}

		if (!process.stdin.isTTY) {
			process.stderr.write(
				'viktor-tui: the interactive browser needs a terminal on stdin; use --json for scripts\n',
			);
			return 2;
		}

		// The user's own keys are checked before the terminal is taken over: a typo is exit 2.
		const code = await (interactiveCode ?? loadInteractiveCode());
		const {loadKeyTables} = code.keySettings;
		const {readAccessSettings, resolveScreenReader} = code.accessSettings;
		const access = readAccessSettings(store.path);
		if (access.problem !== undefined) {
			process.stderr.write(`viktor-tui: config ${access.problem} (in ${store.path})\n`);
			return 2;
		}

		const keys = loadKeyTables(access.keys, store.path);
		if (!keys.ok) {
			process.stderr.write(keys.message);
			return 2;
		}

		const isScreenReaderEnabled = resolveScreenReader({
			...(options.screenReader === undefined ? {} : {flag: options.screenReader}),
			env: options.env,
			...(access.screenReader === undefined ? {} : {config: access.screenReader}),
		});

		const initialSetup: SetupInitial | undefined =
			startup.kind === 'setup'
				? {
						step: startup.step,
						...(startup.reason === undefined ? {} : {reason: startup.reason}),
						...(startup.partial.target === undefined ? {} : {target: startup.partial.target}),
						...(startup.partial.profile?.environment === undefined
							? {}
							: {environment: startup.partial.profile.environment}),
						...(startup.partial.profileName === undefined
							? {}
							: {profileName: startup.partial.profileName}),
						...(startup.partial.tokenSource === undefined
							? {}
							: {tokenSource: startup.partial.tokenSource}),
					}
				: undefined;
		return await runInteractive({
			code,
			options,
			session,
			initialSetup,
			store,
			warnings: snapshot.warnings,
			keyTables: keys.tables,
			isScreenReaderEnabled,
		});
	} finally {
		await demo?.close();
	}
}

async function loadExportCode() {
	return import('./commands/export.js');
}

/** The modules the interactive start needs before Ink (which loads after the first request). */
async function loadInteractiveCode() {
	return import('./interactive.js');
}

type InteractiveCode = Awaited<ReturnType<typeof loadInteractiveCode>>;

async function exportAll(
	session: Session,
	options: StartOptions,
	exportCode: ReturnType<typeof loadExportCode>,
): Promise<number> {
	const {runExport} = await exportCode;
	// Without the process's signal: runExport cancels every request it made when that aborts, so
	// each request need not also listen for it (two listeners and a controller fewer a page).
	const {fetchPage, recordTextsOf} = exportSource(
		session.target,
		session.token,
		options.resource ?? 'workspaces',
		options.parent ?? {},
	);
	// A profile's sort is a workspace sort: other lists get only an explicit --sort.
	const workspaceSort =
		(options.resource ?? 'workspaces') === 'workspaces' ? session.profile?.sort : undefined;
	let isStderrBuilt = false;
	const stderr = () => {
		isStderrBuilt = true;
		return process.stderr;
	};

	const result = await runExport({
		fetchPage,
		recordTextsOf,
		// Built when first used: building them need not delay the first request.
		output: () => process.stdout,
		stderr,
		isStderrTty: () => stderr().isTTY === true,
		signal: options.shutdown.signal,
		...(options.search === undefined ? {} : {search: options.search}),
		// A profile's sort is a workspace sort: other lists get only an explicit --sort.
		...((options.sort ?? workspaceSort) === undefined ? {} : {sort: options.sort ?? workspaceSort}),
		...(options.offset === undefined ? {} : {offset: options.offset}),
		...(options.max === undefined ? {} : {max: options.max}),
		...((options.limit ?? session.profile?.limit) === undefined
			? {}
			: {limit: options.limit ?? session.profile?.limit}),
		...(options.concurrency === undefined ? {} : {concurrency: options.concurrency}),
	});
	const exitCode = options.shutdown.exitCode() ?? result.exitCode;
	// Every line is out (runExport waited for the output), and stderr's lines once its writes
	// are: ending now spares the script waiting on this process Node's teardown of the idle
	// keep-alive sockets, a few milliseconds of a short export.
	if (isStderrBuilt) {
		await new Promise<void>((resolve) => {
			process.stderr.write('', () => {
				resolve();
			});
		});
	}

	process.exit(exitCode);
}

type InteractiveOptions = {
	code: InteractiveCode;
	options: StartOptions;
	session: Session | undefined;
	initialSetup: SetupInitial | undefined;
	store: import('./config/profiles.js').ProfileStore;
	warnings: string[];
	/** The keys in effect: the defaults with the config's `keys` applied. */
	keyTables: KeyTables;
	/** Announce in lines of words instead of drawing (Ink's screen-reader output). */
	isScreenReaderEnabled: boolean;
};

async function runInteractive({
	code,
	options,
	session,
	initialSetup,
	store,
	warnings: storeWarnings,
	keyTables,
	isScreenReaderEnabled,
}: InteractiveOptions): Promise<number> {
	const {readThemeSetting, resolveThemeName} = code.themeSetting;
	const themeSetting = readThemeSetting(store.path);
	const warnings =
		themeSetting.warning === undefined
			? [...storeWarnings]
			: [...storeWarnings, themeSetting.warning];
	const themeName = resolveThemeName({
		...(options.theme === undefined ? {} : {flag: options.theme}),
		isNoColorFlag: options.isNoColorFlag === true,
		...(themeSetting.theme === undefined ? {} : {config: themeSetting.theme}),
		isNoColorEnvironment: (options.env.NO_COLOR ?? '') !== '',
	});
	const {browserPageRows, maxFramesPerSecond} = code.layout;
	const {createUrlOpener} = code.openUrl;
	const {createClipboardWriter} = code.clipboard;
	const openUrl = createUrlOpener({env: options.env, platform: process.platform});
	const copy = createClipboardWriter({
		write: (data) => process.stdout.write(data),
		isTerminal: process.stdout.isTTY === true,
		isTmux: (options.env.TMUX ?? '') !== '',
	});
	// Where each profile or host was: read unless --fresh (or --search/--sort, which start anew).
	const {resumeState} = code;
	const {isResourceName, firstListOfPlace, isListOf} = code.resume;
	const placesPath = resumeState.resumeFilePath(store.path);
	const placesRead = resumeState.readResumeFile(placesPath, isResourceName);
	let placesFile = placesRead.file;
	const isFresh =
		options.fresh === true || options.search !== undefined || options.sort !== undefined;
	if (placesRead.warning !== undefined) warnings.push(placesRead.warning);
	const savePlace = (key: string, place: ResumePlace) => {
		placesFile = resumeState.withResumePoint(placesFile, key, {...place, savedAt: Date.now()});
		const failure = resumeState.writeResumeFile(placesPath, placesFile);
		if (failure !== undefined) process.stderr.write(`viktor-tui: warning: ${failure}\n`);
	};

	const services = {
		...createServices({store, env: options.env, signal: options.shutdown.signal}),
		openUrl,
		copy,
		savePlace,
	};
	const startPlace =
		isFresh || session === undefined
			? undefined
			: placesFile[
					resumeState.resumeKey({
						...(session.profile === undefined ? {} : {profileName: session.profile.name}),
						host: session.target.host,
						label: session.target.label,
					})
				];
	let initialConnection =
		session === undefined
			? undefined
			: services.connect(session.target, session.token, session.profile);
	let primed: {page: PrimedFirstPage; query: ListQuery} | undefined;
	if (initialConnection !== undefined && warnings.length === 0) {
		// Ask for the first page now: its answer can arrive while the UI code is still loading. The
		// first list is a saved place's top level, else the root list with the flags' search and sort.
		const placeList = startPlace === undefined ? undefined : firstListOfPlace(startPlace);
		const sort = options.sort ?? initialConnection.sort;
		const first: FirstList = placeList ?? {
			resource: 'workspaces',
			parent: {},
			...(options.search === undefined ? {} : {search: options.search}),
			...(sort === undefined ? {} : {sort}),
		};
		const rows = browserPageRows(process.stdout.rows || 24);
		const query: ListQuery = {
			limit: options.limit ?? initialConnection.limit ?? rows,
			offset: 0,
			...(first.search === undefined ? {} : {search: first.search}),
			...(first.sort === undefined ? {} : {sort: first.sort}),
		};
		const {api} = initialConnection;
		const page = primeFirstPage(listFetcher(api, first.resource, first.parent), query);
		primed = {page, query};
		initialConnection = {
			...initialConnection,
			api: {
				...api,
				// Only that list's first request can take the early answer.
				list: async (resource, parent, listQuery, requestOptions) =>
					isListOf(first, resource, parent)
						? page.fetchPage(listQuery, requestOptions)
						: api.list(resource, parent, listQuery, requestOptions),
			},
		};
	}

	// Ink, React and the app: one module (scripts/build.mjs), loaded while the first page is on its way.
	const {renderApp} = await import('./ui-stage.js');

	// When the early answer is already here, the first frame shows the list rather than "loading"
	// (the browser gives it to the level it opens first: the root, or a saved place's top level).
	const firstPage = primed?.page.takeSettled();
	if (initialConnection !== undefined && primed !== undefined && firstPage !== undefined) {
		initialConnection = {...initialConnection, initialPage: {query: primed.query, page: firstPage}};
	}

	if (options.shutdown.signal.aborted) return 1;
	// Also on the main screen, so they are still there to read after the app has quit.
	for (const warning of warnings) process.stderr.write(`viktor-tui: warning: ${warning}\n`);
	const environmentToken = options.env.VIKTOR_TOKEN?.trim() ?? '';
	const terminal = beginTerminalSession({stdin: process.stdin, stdout: process.stdout});
	let exitCode = 0;
	const instance = renderApp({
		services,
		keyTables,
		app: {
			noColor: options.noColor,
			themeName,
			...(initialConnection === undefined ? {} : {initialConnection}),
			...(initialSetup === undefined ? {} : {initialSetup}),
			...(options.limit === undefined ? {} : {limit: options.limit}),
			...(options.search === undefined ? {} : {initialSearch: options.search}),
			...(options.sort === undefined ? {} : {initialSort: options.sort}),
			...(environmentToken === '' ? {} : {environmentToken}),
			warnings,
			...(isFresh ? {} : {places: placesFile}),
		},
		options: {
			exitOnCtrlC: true,
			patchConsole: true,
			maxFps: maxFramesPerSecond,
			isScreenReaderEnabled,
		},
	});

	const finish = (code: number, message?: string) => {
		exitCode = code;
		try {
			instance.unmount();
		} catch {
			// Unmounting a broken tree can throw; the terminal is restored below regardless.
		}

		terminal.restore();
		if (message !== undefined) process.stderr.write(message);
		process.exit(code);
	};

	// SIGINT, SIGQUIT, SIGTERM, SIGHUP from outside: the terminal is put back, then we exit.
	const onShutdown = () => finish(options.shutdown.exitCode() ?? 1);
	const onCrash = (error: unknown) => {
		finish(
			1,
			crashReport(error, {env: options.env, secrets: [session?.token, options.env.VIKTOR_TOKEN]}),
		);
	};

	options.shutdown.signal.addEventListener('abort', onShutdown, {once: true});
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	try {
		await instance.waitUntilExit();
	} finally {
		terminal.restore();
		options.shutdown.signal.removeEventListener('abort', onShutdown);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	}

	return exitCode;
}
