import {execFileSync, spawnSync} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {fileURLToPath} from 'node:url';

/** Absolute path of the built command. */
export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Whether tmux can be used on this machine. */
export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

/** Quotes a value for /bin/sh. */
export function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

export type TmuxSessionOptions = {
	/** The shell command line to run in the pane. */
	command: string;
	width?: number;
	height?: number;
	/** Extra environment for the pane (CI is always removed so Ink renders live). */
	env?: Record<string, string>;
};

/**
 * One app running in a private tmux server, driven like a person would: keys in, screen out.
 * The pane stays after the command exits and shows `[exit N]`.
 */
export class TmuxSession {
	readonly socket = `viktor-tui-e2e-${randomUUID().slice(0, 8)}`;
	readonly name = 'e2e';

	constructor(private readonly options: TmuxSessionOptions) {}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
			encoding: 'utf8',
		});
	}

	/** Starts the command in a detached pane of the given size. */
	start(): void {
		const {width = 100, height = 30, env = {}, command} = this.options;
		const exports = Object.entries({TERM: 'xterm-256color', ...env})
			.map(([key, value]) => `${key}=${shellQuote(value)}`)
			.join(' ');
		const line = `env -u CI -u CONTINUOUS_INTEGRATION ${exports} ${command}; echo "[exit $?]"`;
		this.tmux(
			'new-session',
			'-d',
			'-s',
			this.name,
			'-x',
			String(width),
			'-y',
			String(height),
			line,
			';',
			'set-option',
			'-t',
			this.name,
			'remain-on-exit',
			'on',
		);
	}

	/** Resizes the window, as a user dragging the terminal's corner. */
	resize(width: number, height: number): void {
		this.tmux('resize-window', '-t', this.name, '-x', String(width), '-y', String(height));
	}

	/** The visible screen as plain text. */
	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', this.name);
	}

	/** The visible screen with its styles as escape sequences (`capture-pane -e`). */
	styledScreen(): string {
		return this.tmux('capture-pane', '-p', '-e', '-t', this.name);
	}

	/** The screen plus scrollback. */
	history(): string {
		return this.tmux('capture-pane', '-p', '-S', '-', '-t', this.name);
	}

	/** Sends tmux key names (`Down`, `Enter`, `C-c`, `PageDown`). */
	keys(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.name, ...keys);
	}

	/** Types literal text. */
	type(text: string): void {
		this.tmux('send-keys', '-t', this.name, '-l', text);
	}

	/** A tmux format of the pane, such as `#{alternate_on}` (1 while on the alternate screen). */
	format(format: string): string {
		return this.tmux('display-message', '-p', '-t', this.name, format).trim();
	}

	/** The process id of the pane's shell command. */
	panePid(): number {
		return Number(this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim());
	}

	/** Polls the screen until it matches, or throws with the last screen. */
	async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
		return this.waitUntil((screen) => pattern.test(screen), timeoutMs, String(pattern));
	}

	/** Polls the screen until `predicate` holds, or throws with the last screen. */
	async waitUntil(
		predicate: (screen: string) => boolean,
		timeoutMs = 10_000,
		what = 'the screen to change',
	): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = this.history();
			if (predicate(screen)) return screen;
			if (Date.now() > deadline) {
				throw new Error(`Timed out waiting for ${what}; the screen:\n${screen}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** Waits for the command to end and returns its exit status. */
	async exitCode(timeoutMs = 10_000): Promise<number> {
		const screen = await this.waitFor(/\[exit \d+\]/, timeoutMs);
		return Number(/\[exit (\d+)\]/.exec(screen)?.[1]);
	}

	/** Ends the private tmux server. */
	kill(): void {
		spawnSync('tmux', ['-L', this.socket, 'kill-server'], {stdio: 'ignore'});
	}
}

/**
 * Starts `session`, waits for the demo's first page (`1 of 240`), quits with q and gives the
 * exit status; the tmux server is ended whatever happens.
 */
export async function browseDemoAndQuit(session: TmuxSession): Promise<number> {
	session.start();
	try {
		await session.waitFor(/1 of 240/);
		session.keys('q');
		return await session.exitCode();
	} finally {
		session.kill();
	}
}

/** The status line's `N of COUNT` (not a detail pane's `lines 1–24 of 47`), if the screen has one. */
export function statusPosition(screen: string): string | undefined {
	return /^(\d[\d,]* of \d[\d,]*) │/m.exec(screen)?.[1];
}
