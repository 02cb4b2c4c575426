import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, hasTmux, shellQuote, TmuxSession} from './tmux.js';

const tmuxAvailable = hasTmux();
const temporary: string[] = [];
const sessions: TmuxSession[] = [];

beforeAll(() => {
	if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
});

afterEach(() => {
	for (const session of sessions.splice(0)) session.kill();
	for (const directory of temporary.splice(0)) {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

function temporaryDirectory(): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-signals-'));
	temporary.push(directory);
	return directory;
}

/** The process ids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
	try {
		return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], {encoding: 'utf8'})
			.split('\n')
			.map((line) => Number(line.trim()))
			.filter((child) => child > 0);
	} catch {
		return [];
	}
}

async function poll<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function isGroupAlive(groupId: number): boolean {
	try {
		process.kill(-groupId, 0);
		return true;
	} catch {
		return false;
	}
}

describe.skipIf(!tmuxAvailable)('a signal from outside, in a real terminal', () => {
	it.each([
		['INT', 130],
		['QUIT', 131],
		['TERM', 143],
	] as const)(
		'kill -%s leaves the alternate screen, shows the cursor, restores echo and canonical mode, exits %i',
		async (signal, code) => {
			const configHome = temporaryDirectory();
			// After the app: the line discipline's state and the app's status, then the pane stays
			// alive so that tmux still reports the terminal's modes.
			const command = `node ${shellQuote(cliPath)} --demo; status=$?; printf 'tty: %s\\n' "$(stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | tr '\\n' ' ')"; echo "[app exit $status]"; sleep 60`;
			const app = new TmuxSession({command, env: {XDG_CONFIG_HOME: configHome}});
			sessions.push(app);
			app.start();
			await app.waitFor(/1 of 240/);
			expect(app.format('#{alternate_on}')).toBe('1');
			const [node] = childrenOf(app.panePid());
			expect(node).toBeGreaterThan(0);
			process.kill(node ?? 0, `SIG${signal}`);
			const screen = await app.waitFor(/\[app exit \d+\]/);
			expect(screen).toContain(`[app exit ${code}]`);
			expect(app.format('#{alternate_on}')).toBe('0');
			expect(app.format('#{cursor_flag}')).toBe('1');
			expect(app.screen()).toMatch(/tty: icanon echo/);
		},
	);
});

/** A config whose default profile's token command records its process group and hangs. */
function slowTokenCommandConfig(): {configHome: string; pidFile: string} {
	const configHome = temporaryDirectory();
	const pidFile = path.join(configHome, 'token-command.pid');
	const directory = path.join(configHome, 'viktor-tui');
	fs.mkdirSync(directory, {mode: 0o700});
	fs.writeFileSync(
		path.join(directory, 'config.json'),
		JSON.stringify({
			defaultProfile: 'slow',
			profiles: [
				{
					name: 'slow',
					baseUrl: 'http://127.0.0.1:9/api',
					// A child of the command's shell that would outlive it as an orphan.
					tokenSource: {type: 'command', command: `echo $$ > ${pidFile}; sleep 60; echo x`},
				},
			],
		}),
		{mode: 0o600},
	);
	return {configHome, pidFile};
}

/** The token command's process group, once it has started. */
async function tokenCommandGroup(pidFile: string): Promise<number> {
	return poll('the token command to start', () => {
		const text = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : '';
		return text === '' ? undefined : Number(text);
	});
}

describe('a signal during start-up, while the token command runs', () => {
	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)(
		'%s kills the token command with its whole process group and exits %i',
		async (signal, code) => {
			const {configHome, pidFile} = slowTokenCommandConfig();
			const child = spawn(process.execPath, [cliPath, '--json'], {
				env: {PATH: process.env.PATH, XDG_CONFIG_HOME: configHome},
				stdio: ['ignore', 'ignore', 'pipe'],
			});
			let stderr = '';
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
			const group = await tokenCommandGroup(pidFile);
			expect(isGroupAlive(group)).toBe(true);
			child.kill(signal);
			expect(await exited).toBe(code);
			await poll('the token command group to end', () => (isGroupAlive(group) ? undefined : true));
			expect(stderr).toBe('');
		},
	);

	it.skipIf(!tmuxAvailable)(
		'Ctrl+C typed in a real terminal while the app starts leaves no token command behind',
		async () => {
			const {configHome, pidFile} = slowTokenCommandConfig();
			const app = new TmuxSession({
				command: `node ${shellQuote(cliPath)}`,
				env: {XDG_CONFIG_HOME: configHome},
			});
			sessions.push(app);
			app.start();
			const group = await tokenCommandGroup(pidFile);
			app.keys('C-c');
			expect(await app.exitCode()).toBe(130);
			await poll('the token command group to end', () => (isGroupAlive(group) ? undefined : true));
		},
	);
});
