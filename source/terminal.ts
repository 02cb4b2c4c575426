/**
 * The process's ways out: the terminal's state around a full-screen session (enter the alternate
 * screen, put everything back — cursor, echo and canonical mode, main screen — on every way out:
 * quit, Ctrl+C, SIGINT, SIGQUIT, SIGTERM, SIGHUP, or a crash) and the crash report. The one
 * AbortController that the signals abort is in shutdown.ts.
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

/**
 * Switches to the alternate screen and takes the keys raw; `restore()` leaves the screen, makes the
 * cursor visible and the keys cooked again.
 *
 * Raw from the start, not only once Ink's input hooks take the keys after the first frame: a key
 * pressed while that frame is drawn (the list can be in it) would otherwise reach the terminal in
 * canonical mode, be echoed, and arrive as a line (Enter as "\n", which Ink does not read as
 * Enter). Ink turns raw mode on again and off when it is done; either way restore() leaves it off.
 */
export function beginTerminalSession({stdin, stdout}: TerminalStreams): TerminalSession {
	let restored = false;
	if (stdout.isTTY) stdout.write(enterAlternateScreen);
	try {
		if (stdin.isTTY) stdin.setRawMode(true);
	} catch {
		// A terminal that refuses raw mode: Ink will say so when it needs it.
	}

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
