import type {ChildProcess, SpawnOptions} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {
	browserCommands,
	canOpenBrowser,
	createUrlOpener,
	isOpenableUrl,
	type OpenUrlClock,
} from '../source/open-url.js';

const url = 'https://acme.viktor.ai/workspaces/12/app';

/** A child process that exits when told; enough of ChildProcess for the opener. */
class FakeChild extends EventEmitter {
	exitCode: number | null = null;
	isUnreffed = false;
	unref(): void {
		this.isUnreffed = true;
	}
	exit(code: number): void {
		this.exitCode = code;
		this.emit('exit', code);
	}
	fail(): void {
		this.emit('error', new Error('spawn ENOENT'));
	}
}

/** Timers that fire only when the test advances them. */
function fakeClock(): OpenUrlClock & {advance: (ms: number) => void; pending: () => number} {
	let now = 0;
	const timers = new Map<number, {at: number; callback: () => void}>();
	let nextId = 1;
	return {
		setTimeout(callback, ms) {
			const id = nextId++;
			timers.set(id, {at: now + ms, callback});
			return id;
		},
		clearTimeout(handle) {
			timers.delete(handle as number);
		},
		advance(ms) {
			now += ms;
			for (const [id, timer] of [...timers]) {
				if (timer.at <= now) {
					timers.delete(id);
					timer.callback();
				}
			}
		},
		pending: () => timers.size,
	};
}

const flush = async () => {
	for (let turn = 0; turn < 5; turn++) await Promise.resolve();
};

type Spawned = {command: string; args: string[]; options: SpawnOptions; child: FakeChild};

function spawner(behave: (child: FakeChild, index: number) => void) {
	const spawned: Spawned[] = [];
	const spawn = (command: string, args: string[], options: SpawnOptions) => {
		const child = new FakeChild();
		spawned.push({command, args, options, child});
		queueMicrotask(() => {
			behave(child, spawned.length - 1);
		});
		return child as unknown as ChildProcess;
	};
	return {spawn, spawned};
}

describe('canOpenBrowser', () => {
	it('is false on a Linux machine without a display or $BROWSER (headless, SSH)', () => {
		expect(canOpenBrowser({}, 'linux')).toBe(false);
		expect(canOpenBrowser({SSH_CONNECTION: '1.2.3.4 5 6.7.8.9 22'}, 'linux')).toBe(false);
		expect(canOpenBrowser({DISPLAY: '   '}, 'linux')).toBe(false);
	});

	it('is true with a display, X forwarding, Wayland, WSL or $BROWSER', () => {
		expect(canOpenBrowser({DISPLAY: ':0'}, 'linux')).toBe(true);
		expect(canOpenBrowser({DISPLAY: 'localhost:10.0', SSH_TTY: '/dev/pts/1'}, 'linux')).toBe(true);
		expect(canOpenBrowser({WAYLAND_DISPLAY: 'wayland-0'}, 'freebsd')).toBe(true);
		expect(canOpenBrowser({WSL_DISTRO_NAME: 'Ubuntu'}, 'linux')).toBe(true);
		expect(canOpenBrowser({BROWSER: 'w3m'}, 'linux')).toBe(true);
	});

	it('is true on macOS and Windows, except over SSH, where the screen is someone else’s', () => {
		expect(canOpenBrowser({}, 'darwin')).toBe(true);
		expect(canOpenBrowser({}, 'win32')).toBe(true);
		expect(canOpenBrowser({SSH_CLIENT: '1.2.3.4 5 22'}, 'darwin')).toBe(false);
	});
});

describe('isOpenableUrl and browserCommands', () => {
	it('hands only absolute http(s) URLs to an opener', () => {
		expect(isOpenableUrl(url)).toBe(true);
		expect(isOpenableUrl('http://127.0.0.1:8/workspaces/1/app')).toBe(true);
		expect(isOpenableUrl('file:///etc/passwd')).toBe(false);
		expect(isOpenableUrl('--help')).toBe(false);
		expect(isOpenableUrl('javascript:alert(1)')).toBe(false);
	});

	it('splits $BROWSER into commands tried in order, the URL replacing %s or added last', () => {
		expect(browserCommands('firefox --new-tab:chromium %s --incognito:  : w3m', url)).toEqual([
			{command: 'firefox', args: ['--new-tab', url]},
			{command: 'chromium', args: [url, '--incognito']},
			{command: 'w3m', args: [url]},
		]);
	});
});

describe('createUrlOpener', () => {
	it('resolves false at once on a headless machine and starts nothing', async () => {
		const {spawn, spawned} = spawner(() => undefined);
		let platformCalls = 0;
		const openUrl = createUrlOpener({
			env: {},
			platform: 'linux',
			spawn,
			openWithPlatform: async () => {
				platformCalls++;
				return new FakeChild() as unknown as ChildProcess;
			},
		});
		expect(await openUrl(url)).toBe(false);
		expect(spawned).toEqual([]);
		expect(platformCalls).toBe(0);
	});

	it('refuses a URL that is not http(s)', async () => {
		const {spawn, spawned} = spawner((child) => child.exit(0));
		const openUrl = createUrlOpener({env: {BROWSER: 'firefox'}, platform: 'linux', spawn});
		expect(await openUrl('file:///etc/passwd')).toBe(false);
		expect(spawned).toEqual([]);
	});

	it('runs $BROWSER without a shell, detached from the terminal, and reports an exit 0', async () => {
		const {spawn, spawned} = spawner((child) => child.exit(0));
		const openUrl = createUrlOpener({env: {BROWSER: 'firefox'}, platform: 'linux', spawn});
		expect(await openUrl(url)).toBe(true);
		expect(spawned.map(({command, args, options}) => ({command, args, options}))).toEqual([
			{command: 'firefox', args: [url], options: {stdio: 'ignore', detached: true}},
		]);
		expect(spawned[0]?.child.isUnreffed).toBe(true);
	});

	it('tries the next $BROWSER command when one is missing or fails', async () => {
		const {spawn, spawned} = spawner((child, index) => {
			if (index === 0) child.fail();
			else if (index === 1) child.exit(3);
			else child.exit(0);
		});
		const openUrl = createUrlOpener({
			env: {BROWSER: 'nope:false:chromium'},
			platform: 'linux',
			spawn,
		});
		expect(await openUrl(url)).toBe(true);
		expect(spawned.map((entry) => entry.command)).toEqual(['nope', 'false', 'chromium']);
	});

	it('resolves false when every $BROWSER command fails', async () => {
		const {spawn} = spawner((child) => child.fail());
		const openUrl = createUrlOpener({env: {BROWSER: 'a:b'}, platform: 'linux', spawn});
		expect(await openUrl(url)).toBe(false);
	});

	it('counts a browser still running after the grace period as started, without hanging', async () => {
		const clock = fakeClock();
		const {spawn} = spawner(() => undefined);
		const openUrl = createUrlOpener({
			env: {BROWSER: 'firefox'},
			platform: 'linux',
			spawn,
			clock,
			graceMs: 1500,
		});
		let result: boolean | undefined;
		void openUrl(url).then((value) => {
			result = value;
		});
		await flush();
		clock.advance(1499);
		await flush();
		expect(result).toBeUndefined();
		clock.advance(1);
		await flush();
		expect(result).toBe(true);
		expect(clock.pending()).toBe(0);
	});

	it('uses the platform opener without $BROWSER and reports its exit code', async () => {
		const opened: string[] = [];
		const make = (code: number) => async (target: string) => {
			opened.push(target);
			const child = new FakeChild();
			queueMicrotask(() => {
				child.exit(code);
			});
			return child as unknown as ChildProcess;
		};
		const ok = createUrlOpener({
			env: {DISPLAY: ':0'},
			platform: 'linux',
			openWithPlatform: make(0),
		});
		expect(await ok(url)).toBe(true);
		const failing = createUrlOpener({env: {}, platform: 'darwin', openWithPlatform: make(4)});
		expect(await failing(url)).toBe(false);
		expect(opened).toEqual([url, url]);
	});

	it('resolves false, never throwing, when the platform opener rejects or never answers', async () => {
		const rejecting = createUrlOpener({
			env: {},
			platform: 'win32',
			openWithPlatform: async () => {
				throw new Error('spawn powershell ENOENT');
			},
		});
		expect(await rejecting(url)).toBe(false);

		const clock = fakeClock();
		const stuck = createUrlOpener({
			env: {},
			platform: 'win32',
			clock,
			timeoutMs: 5000,
			openWithPlatform: async () => new Promise<ChildProcess>(() => undefined),
		});
		let result: boolean | undefined;
		void stuck(url).then((value) => {
			result = value;
		});
		await flush();
		clock.advance(4999);
		await flush();
		expect(result).toBeUndefined();
		clock.advance(1);
		await flush();
		expect(result).toBe(false);
	});

	it('resolves false when spawn itself throws', async () => {
		const openUrl = createUrlOpener({
			env: {BROWSER: 'x'},
			platform: 'linux',
			spawn: () => {
				throw new Error('EACCES');
			},
		});
		expect(await openUrl(url)).toBe(false);
	});
});
