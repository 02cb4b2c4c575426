/**
 * Runs a command in a pseudo-terminal (util-linux `script`, no native modules) and times how long
 * it takes until its screen shows a pattern, or until it exits.
 */
import {spawn} from 'node:child_process';
import {performance} from 'node:perf_hooks';

/** How to run one timed command. */
export type PtyRunOptions = {
	/** A /bin/sh command line (quote its parts with `shellQuote`). */
	command: string;
	env: NodeJS.ProcessEnv;
	/** Stop the clock when the screen text (escape sequences removed) matches; else at exit. */
	readyPattern?: RegExp;
	/** Sent to the terminal once ready, to make the program quit. */
	quitKeys?: string;
	columns?: number;
	rows?: number;
	timeoutMs?: number;
	/**
	 * A shell snippet run after the command exits, in the same shell (the command is then not
	 * `exec`ed, so `$$` is the shell that waited for it). Only for commands timed to their exit.
	 */
	afterExit?: string;
	/** Called once the pattern showed, before the quit keys, with the pid of `script`. */
	onReady?: (scriptPid: number) => void;
};

/** One timed run. */
export type PtyRun = {
	/** From spawning `script` to the pattern (or to the exit). */
	elapsedMs: number;
	/** Everything the program wrote, escape sequences removed. */
	screen: string;
};

// CSI sequences (colours, cursor moves, erase), OSC sequences (titles) and two-byte escapes.
const escapeSequence =
	// eslint-disable-next-line no-control-regex
	/\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_=>78]/g;

/** The text of terminal output without its escape sequences. */
export function stripEscapes(text: string): string {
	return text.replaceAll(escapeSequence, '');
}

/** Quotes a value for /bin/sh. */
export function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Starts `command` under `script -qfec … /dev/null` (a fresh pty of `columns` × `rows`) and
 * resolves with the time until `readyPattern` shows up in its output, or until it exits when no
 * pattern is given. Once ready it types `quitKeys`, and ends the run by signal if that does not
 * work within a second. Rejects on timeout or when the program exits before it is ready.
 */
export async function timeInPty(options: PtyRunOptions): Promise<PtyRun> {
	const {command, env, readyPattern, quitKeys = 'q', columns = 100, rows = 30} = options;
	const timeoutMs = options.timeoutMs ?? 15_000;
	// `script` gives the pty no size when its own stdin is not a terminal: set one first, in
	// the same way for every command so they all pay the same.
	const size = `stty cols ${columns} rows ${rows} 2>/dev/null`;
	const line =
		options.afterExit === undefined
			? `${size}; exec ${command}`
			: `${size}; ${command}; ${options.afterExit}`;
	const start = performance.now();
	const child = spawn('script', ['-qfec', line, '/dev/null'], {
		env,
		stdio: ['pipe', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	let readyAt: number | undefined;

	return new Promise<PtyRun>((resolve, reject) => {
		const timers: NodeJS.Timeout[] = [];
		const stopProcessGroup = (signal: NodeJS.Signals) => {
			if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
			try {
				process.kill(-child.pid, signal);
			} catch {
				// The group is already gone.
			}
		};

		// `script` runs in a process group of its own: end it if the benchmark itself dies first.
		const stopOnExit = () => {
			stopProcessGroup('SIGKILL');
		};

		process.once('exit', stopOnExit);
		const fail = (error: Error) => {
			stopProcessGroup('SIGKILL');
			reject(error);
		};

		timers.push(
			setTimeout(() => {
				fail(
					new Error(
						`timed out after ${timeoutMs} ms waiting for ${String(readyPattern ?? 'exit')}; screen:\n${stripEscapes(output).slice(-2000)}`,
					),
				);
			}, timeoutMs),
		);

		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			output += chunk;
			if (readyAt !== undefined || readyPattern === undefined) return;
			if (!readyPattern.test(stripEscapes(output))) return;
			readyAt = performance.now();
			if (child.pid !== undefined) options.onReady?.(child.pid);
			child.stdin.write(quitKeys);
			timers.push(
				setTimeout(() => {
					stopProcessGroup('SIGTERM');
				}, 1000),
				setTimeout(() => {
					stopProcessGroup('SIGKILL');
				}, 3000),
			);
		});
		child.stderr.resume();
		child.stdin.on('error', () => {
			// The program may quit before `script` forwards the keys; nothing to do then.
		});
		child.once('error', fail);
		child.once('exit', () => {
			const exitedAt = performance.now();
			for (const timer of timers) clearTimeout(timer);
			process.off('exit', stopOnExit);
			const screen = stripEscapes(output);
			if (readyPattern !== undefined && readyAt === undefined) {
				reject(new Error(`exited before ${String(readyPattern)} showed; screen:\n${screen}`));
				return;
			}

			resolve({elapsedMs: (readyAt ?? exitedAt) - start, screen});
		});
	});
}
