/**
 * The process's ways out: the terminal's state around a full-screen session (enter the alternate
 * screen, put everything back — cursor, echo and canonical mode, main screen — on every way out:
 * quit, Ctrl+C, SIGINT, SIGQUIT, SIGTERM, SIGHUP, or a crash), the one AbortController that the
 * signals abort, and the crash report.
 */
import {safeForTerminal} from './sanitize.js';

const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

/** Streams the session owns. */
export type TerminalStreams = {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
};

/** A handle that restores the terminal once, however often it is called. */
export type TerminalSession = {
	/** Puts the terminal back as it was. Safe to call more than once and from signal handlers. */
	restore(): void;
};

/** Switches to the alternate screen; `restore()` leaves it and makes the cursor visible again. */
export function beginTerminalSession({stdin, stdout}: TerminalStreams): TerminalSession {
	let restored = false;
	if (stdout.isTTY) stdout.write(enterAlternateScreen);
	return {
		restore() {
			if (restored) return;
			restored = true;
			try {
				if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
			} catch {
				// stdin may already be closed (SIGHUP); nothing left to restore there.
			}

			try {
				if (stdout.isTTY) stdout.write(showCursor + leaveAlternateScreen);
			} catch {
				// The terminal is gone (SIGHUP): nothing to write to.
			}
		},
	};
}

/** Exit status for a death by signal, as shells report it (128 + the signal's number). */
export const signalExitCodes = {SIGINT: 130, SIGQUIT: 131, SIGTERM: 143, SIGHUP: 129} as const;

/** A signal that ends viktor-tui. */
export type ShutdownSignal = keyof typeof signalExitCodes;

/** What {@link listenForShutdown} listens on: `process`, or a test's emitter. */
export type SignalSource = {
	on(event: ShutdownSignal, listener: () => void): unknown;
	off(event: ShutdownSignal, listener: () => void): unknown;
};

/** The process-wide way to be told to stop. */
export type Shutdown = {
	/** Aborted by the first signal; passed to every request and every child process. */
	readonly signal: AbortSignal;
	/** The first signal that arrived, if any. */
	received(): ShutdownSignal | undefined;
	/** The exit status for the signal that arrived, if any (130 for SIGINT, …). */
	exitCode(): number | undefined;
	/** Stops listening. */
	dispose(): void;
};

/**
 * Creates the one AbortController of the process and aborts it on SIGINT, SIGQUIT, SIGTERM or
 * SIGHUP. Whoever is running (start-up, the export, the full-screen app) sees the abort and ends
 * with {@link Shutdown.exitCode}; a second signal does not wait for that and calls `exit` at once.
 * Listening also keeps Node's default (die without restoring the terminal) from happening.
 */
export function listenForShutdown({
	source,
	exit,
}: {
	source: SignalSource;
	exit: (code: number) => void;
}): Shutdown {
	const controller = new AbortController();
	let received: ShutdownSignal | undefined;
	const listeners = (Object.keys(signalExitCodes) as ShutdownSignal[]).map((name) => {
		const listener = () => {
			if (received !== undefined) {
				exit(signalExitCodes[received]);
				return;
			}

			received = name;
			controller.abort();
		};
		source.on(name, listener);
		return [name, listener] as const;
	});
	return {
		signal: controller.signal,
		received: () => received,
		exitCode: () => (received === undefined ? undefined : signalExitCodes[received]),
		dispose() {
			for (const [name, listener] of listeners) source.off(name, listener);
		},
	};
}

/**
 * The one short message a crash prints: the error's message, redacted (the given secrets and
 * anything shaped like a token) and sanitised, and its stack only when `DEBUG` names `viktor-tui`.
 */
export function crashReport(
	error: unknown,
	{
		env,
		secrets = [],
	}: {env: Record<string, string | undefined>; secrets?: ReadonlyArray<string | undefined>},
): string {
	const debug = (env.DEBUG ?? '').split(',').includes('viktor-tui');
	const detail =
		error instanceof Error
			? debug
				? (error.stack ?? error.message)
				: error.message
			: String(error);
	const known = secrets.filter((secret): secret is string => secret !== undefined);
	const hint = debug ? '' : '\n  (run with DEBUG=viktor-tui for details)';
	return `viktor-tui: ${safeForTerminal(detail, {secrets: known, isMultiline: debug})}${hint}\n`;
}
