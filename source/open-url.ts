/**
 * Opens a web page in the user's browser: the command(s) in `$BROWSER` when set, else the
 * platform's opener (macOS `open`, `xdg-open`, Windows/WSL through PowerShell) by way of the
 * `open` package. Where no browser can show a page here (a Linux session without DISPLAY or
 * WAYLAND_DISPLAY, an SSH session, no `$BROWSER`) it resolves false at once, so the UI shows the
 * URL instead. It never throws and never waits long: an opener that is still running after a
 * grace period (a browser started in the foreground) counts as started.
 */
import {spawn as nodeSpawn, type ChildProcess, type SpawnOptions} from 'node:child_process';
import {systemClock, type Clock} from './clock.js';

/** The environment variables that decide how a URL is opened. */
export type OpenUrlEnvironment = {
	BROWSER?: string | undefined;
	DISPLAY?: string | undefined;
	WAYLAND_DISPLAY?: string | undefined;
	SSH_CONNECTION?: string | undefined;
	SSH_CLIENT?: string | undefined;
	SSH_TTY?: string | undefined;
	WSL_DISTRO_NAME?: string | undefined;
};

/** The timers of a {@link Clock}, injected so tests run on fake time. */
export type OpenUrlClock = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/** Options of `createUrlOpener`. */
export type UrlOpenerOptions = {
	/** Where `BROWSER`, `DISPLAY`, … are read from (the entry passes process.env). */
	env: OpenUrlEnvironment;
	/** The platform (process.platform). */
	platform: NodeJS.Platform;
	/**
	 * How long an opener may run before it counts as started (a browser in `$BROWSER` keeps
	 * running; `xdg-open` and `open` exit at once). Default 1,500 ms.
	 */
	graceMs?: number;
	/** How long the platform's opener may take to start (PowerShell is slow), default 5,000 ms. */
	timeoutMs?: number;
	clock?: OpenUrlClock;
	/** Starts a process without a shell (node's spawn); replaced in tests. */
	spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
	/** The platform's opener (the `open` package); replaced in tests. */
	openWithPlatform?: (url: string) => Promise<ChildProcess>;
};

const defaultGraceMs = 1500;
const defaultTimeoutMs = 5000;

function isSet(value: string | undefined): boolean {
	return value !== undefined && value.trim() !== '';
}

/**
 * Whether a browser could show a page for this session: `$BROWSER` is set, or there is a screen
 * of this machine to show it on (not over SSH; on Linux a DISPLAY or WAYLAND_DISPLAY, or WSL).
 */
export function canOpenBrowser(env: OpenUrlEnvironment, platform: NodeJS.Platform): boolean {
	if (isSet(env.BROWSER)) return true;
	const overSsh = isSet(env.SSH_CONNECTION) || isSet(env.SSH_CLIENT) || isSet(env.SSH_TTY);
	const hasDisplay = isSet(env.DISPLAY) || isSet(env.WAYLAND_DISPLAY);
	// With X forwarding over SSH the DISPLAY leads back to the user's own screen.
	if (hasDisplay) return platform !== 'darwin' && platform !== 'win32' ? true : !overSsh;
	if (overSsh) return false;
	if (platform === 'darwin' || platform === 'win32') return true;
	return isSet(env.WSL_DISTRO_NAME);
}

/** Whether `url` is an absolute http(s) URL: nothing else is handed to an opener. */
export function isOpenableUrl(url: string): boolean {
	try {
		const parsed = new URL(url);
		return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.host !== '';
	} catch {
		return false;
	}
}

/**
 * The commands `$BROWSER` names, each as program and arguments: a `:`-separated list tried in
 * order; `%s` in a command stands for the URL (`%%` for a percent sign), else the URL is added
 * as the last argument. Split on whitespace, never given to a shell.
 */
export function browserCommands(
	browser: string,
	url: string,
): Array<{command: string; args: string[]}> {
	const commands: Array<{command: string; args: string[]}> = [];
	for (const entry of browser.split(':')) {
		const words = entry
			.trim()
			.split(/\s+/)
			.filter((word) => word !== '');
		const [command, ...rest] = words;
		if (command === undefined) continue;
		const hasPlaceholder = words.some((word) => word.includes('%s'));
		const args = rest.map((word) => word.replaceAll('%s', url).replaceAll('%%', '%'));
		commands.push(hasPlaceholder ? {command, args} : {command, args: [...args, url]});
	}
	return commands;
}

/**
 * Settles when `child` has clearly started or failed: true when it exits 0 or is still running
 * after `graceMs`; false when it cannot be started or exits with another code.
 */
function settleChild(child: ChildProcess, graceMs: number, clock: OpenUrlClock): Promise<boolean> {
	return new Promise((resolve) => {
		let done = false;
		const finish = (started: boolean) => {
			if (done) return;
			done = true;
			clock.clearTimeout(timer);
			child.off('error', onError);
			child.off('exit', onExit);
			child.unref();
			resolve(started);
		};
		const onError = () => {
			finish(false);
		};
		const onExit = (code: number | null) => {
			finish(code === 0);
		};
		const timer = clock.setTimeout(() => {
			finish(true);
		}, graceMs);
		child.on('error', onError);
		child.on('exit', onExit);
		if (child.exitCode !== null) finish(child.exitCode === 0);
	});
}

/** `promise`'s value, or undefined when it takes longer than `ms` or fails. */
function withTimeout<T>(
	promise: Promise<T>,
	ms: number,
	clock: OpenUrlClock,
): Promise<T | undefined> {
	return new Promise((resolve) => {
		const timer = clock.setTimeout(() => {
			resolve(undefined);
		}, ms);
		promise.then(
			(value) => {
				clock.clearTimeout(timer);
				resolve(value);
			},
			() => {
				clock.clearTimeout(timer);
				resolve(undefined);
			},
		);
	});
}

async function platformOpener(url: string): Promise<ChildProcess> {
	const {default: open} = await import('open');
	return open(url);
}

/**
 * A `Services.openUrl` for this session: resolves true when a browser was started for `url`,
 * false when none can be here (see `canOpenBrowser`), the URL is not http(s), or every opener
 * failed. Never throws; never waits longer than the grace period per command tried.
 */
export function createUrlOpener(options: UrlOpenerOptions): (url: string) => Promise<boolean> {
	const graceMs = options.graceMs ?? defaultGraceMs;
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	const clock: OpenUrlClock = options.clock ?? systemClock;
	const spawn = options.spawn ?? nodeSpawn;
	const openWithPlatform = options.openWithPlatform ?? platformOpener;
	return async (url) => {
		if (!isOpenableUrl(url) || !canOpenBrowser(options.env, options.platform)) return false;
		try {
			const browser = options.env.BROWSER;
			if (browser !== undefined && isSet(browser)) {
				for (const {command, args} of browserCommands(browser, url)) {
					// Detached with no stdio: a terminal browser must not take over the TUI's terminal.
					const child = spawn(command, args, {stdio: 'ignore', detached: true});
					if (await settleChild(child, graceMs, clock)) return true;
				}
				return false;
			}
			const child = await withTimeout(openWithPlatform(url), timeoutMs, clock);
			return child === undefined ? false : await settleChild(child, graceMs, clock);
		} catch {
			return false;
		}
	};
}
