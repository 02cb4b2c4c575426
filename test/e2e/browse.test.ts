import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliPath, hasTmux, statusPosition, TmuxSession} from './tmux.js';

const tmuxAvailable = hasTmux();
if (!tmuxAvailable) {
	console.warn('tmux is not installed: the end-to-end tests are skipped (.ci/run installs it)');
}

const built = fs.existsSync(cliPath);

describe.skipIf(!tmuxAvailable)('the built command in a real terminal', () => {
	let configHome: string;
	const sessions: TmuxSession[] = [];

	beforeAll(() => {
		if (!built) throw new Error(`${cliPath} is missing: run npm run build first`);
	});

	afterEach(() => {
		for (const session of sessions.splice(0)) session.kill();
		if (configHome !== undefined) fs.rmSync(configHome, {recursive: true, force: true});
	});

	function open(
		command: string,
		env: Record<string, string> = {},
		size = {width: 100, height: 30},
	) {
		configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-'));
		const session = new TmuxSession({
			command,
			...size,
			env: {XDG_CONFIG_HOME: configHome, ...env},
		});
		sessions.push(session);
		session.start();
		return session;
	}

	/**
	 * The demo in a 100 × 30 terminal, with its breadcrumb and the status line's position (not
	 * the detail pane's `lines 1–24 of 47`) read from the screen.
	 */
	function openDemo() {
		const app = open(`node ${cliPath} --demo`, {}, {width: 100, height: 30});
		return {
			app,
			crumb: () => app.screen().split('\n')[0]?.trim() ?? '',
			position: () => statusPosition(app.screen()),
		};
	}

	it('browses the demo environment with the keyboard and quits cleanly', async () => {
		// 80 columns: the detail opens over the list, so Esc back to the list shows on screen.
		const app = open(`node ${cliPath} --demo`, {}, {width: 80, height: 24});
		await app.waitFor(/1 of 240/);
		app.keys('Down', 'Down');
		await app.waitFor(/3 of 240/);
		app.keys('End');
		await app.waitFor(/240 of 240/);
		app.keys('Home');
		await app.waitFor(/1 of 240/);
		app.keys('PageDown');
		await app.waitFor(/page 2\//);
		app.keys('?');
		await app.waitFor(/Keys · Esc/);
		app.keys('Escape');
		await app.waitUntil((screen) => !screen.includes('Keys · Esc'));
		app.keys('i');
		await app.waitFor(/created_at/);
		app.keys('Escape');
		await app.waitFor(/Updated/);
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
	});
	it('walks workspace → entities → children → back → back, and switches to the apps with :apps', async () => {
		const {app, crumb, position} = openDemo();
		await app.waitFor(/1 of 240/);
		// The first demo workspace runs a tree app: entities with children.
		app.keys('Enter');
		// Its own count, not the workspaces' (a capture can catch a frame half written).
		await app.waitUntil(
			() =>
				/^Workspaces › .+ › Entities$/.test(crumb()) &&
				/^1 of \d+$/.test(position() ?? '') &&
				position() !== '1 of 240',
		);
		app.keys('j');
		await app.waitFor(/2 of \d+/);
		const entitiesAt = position();
		app.keys('Enter');
		await app.waitUntil(() => / › Children$/.test(crumb()) && /\d+ of \d+/.test(app.screen()));
		app.keys('Escape');
		await app.waitUntil(() => / › Entities$/.test(crumb()));
		expect(position()).toBe(entitiesAt);
		app.keys('BSpace');
		await app.waitUntil(() => crumb() === 'Workspaces');
		expect(position()).toBe('1 of 240');
		app.keys(':');
		app.type('apps');
		app.keys('Enter');
		await app.waitUntil(() => crumb() === 'Apps' && /^1 of \d+$/.test(position() ?? ''));
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
	});

	it('takes keys typed right after Enter, before the new level is drawn, in that level', async () => {
		const {app, crumb, position} = openDemo();
		await app.waitFor(/1 of 240/);
		// Three separate writes, as fast as tmux sends them: none waits for a frame.
		app.keys('Enter');
		app.keys('j');
		app.keys('j');
		await app.waitUntil(() => / › Entities$/.test(crumb()) && /^3 of \d+$/.test(position() ?? ''));
		// And in one write.
		app.keys('Escape');
		await app.waitUntil(() => crumb() === 'Workspaces' && position() === '1 of 240');
		app.keys('Enter', 'j', 'j', 'j');
		await app.waitUntil(() => / › Entities$/.test(crumb()) && /^4 of \d+$/.test(position() ?? ''));
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
	});
});

describe.skipIf(!tmuxAvailable)('NO_COLOR in a real terminal', () => {
	it('draws no colour, and still marks the selection with inverse and its marker', async () => {
		const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-'));
		const app = new TmuxSession({
			command: `node ${cliPath} --demo`,
			env: {XDG_CONFIG_HOME: configHome, NO_COLOR: '1'},
		});
		app.start();
		try {
			await app.waitFor(/1 of 240/);
			const styled = app.styledScreen();
			// SGR colour codes: 30–37, 90–97 (foreground), 40–47, 100–107 (background), 38;/48; (extended).
			// eslint-disable-next-line no-control-regex -- reading the terminal's escape codes is the point
			const colours = [...styled.matchAll(/\u001B\[([\d;]*)m/g)]
				.flatMap((match) => (match[1] ?? '').split(';'))
				.filter((code) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(code));
			expect(colours).toEqual([]);
			// eslint-disable-next-line no-control-regex -- reading the terminal's escape codes is the point
			expect(styled).toMatch(/\u001B\[[\d;]*7[\d;]*m› /);
			app.keys('q');
			expect(await app.exitCode()).toBe(0);
		} finally {
			app.kill();
			fs.rmSync(configHome, {recursive: true, force: true});
		}
	});
});

describe.skipIf(!tmuxAvailable)('the built command against a server that goes away', () => {
	let server: DemoServer;
	let port: number;
	const sessions: TmuxSession[] = [];

	beforeAll(async () => {
		server = await startDemoServer({count: 500, pageCap: 50});
		port = server.port;
	});

	afterAll(async () => {
		for (const session of sessions.splice(0)) session.kill();
		await server.close();
	});

	it('stays up while the server is down and recovers when it is back', async () => {
		const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-'));
		const app = new TmuxSession({
			command: `node ${cliPath} --base-url http://127.0.0.1:${port}/api`,
			env: {XDG_CONFIG_HOME: configHome, VIKTOR_TOKEN: server.token},
		});
		sessions.push(app);
		app.start();
		await app.waitFor(/1 of 500/);
		await server.close();
		app.keys('End');
		await app.waitFor(/[Cc]ould not reach|refused|ECONNREFUSED/, 30_000);
		// Keys that need no network keep working while the server is gone.
		app.keys('?');
		await app.waitFor(/Keys · Esc/);
		app.keys('Escape');
		await app.waitUntil((screen) => !screen.includes('Keys · Esc'));
		server = await startDemoServer({count: 500, pageCap: 50, port});
		app.keys('r');
		await app.waitFor(/500 of 500/, 20_000);
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
		fs.rmSync(configHome, {recursive: true, force: true});
	});
});

describe.skipIf(!tmuxAvailable)('signals', () => {
	it('restores the terminal when the app gets SIGTERM', async () => {
		const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-'));
		const marker = path.join(configHome, 'pid');
		const script = path.join(configHome, 'run.sh');
		// The inner shell records its pid and becomes the app (exec), in the foreground of the
		// terminal; the outer one then reports how the app ended and the terminal's modes.
		fs.writeFileSync(
			script,
			[
				`sh -c 'echo $$ > "${marker}"; exec node "${cliPath}" --demo'`,
				'echo "status $?"',
				'stty -a',
			].join('\n'),
		);
		const app = new TmuxSession({command: `sh ${script}`, env: {XDG_CONFIG_HOME: configHome}});
		app.start();
		try {
			await app.waitFor(/1 of 240/);
			const pid = Number(fs.readFileSync(marker, 'utf8').trim());
			expect(spawnSync('kill', ['-TERM', String(pid)]).status).toBe(0);
			const screen = await app.waitFor(/status \d+[\s\S]*icanon/);
			expect(screen).toMatch(/status 143/);
			expect(screen).toMatch(/(^|\s)icanon(\s|$)/m);
			expect(screen).toMatch(/(^|\s)echo(\s|$)/m);
			expect(screen).not.toMatch(/-icanon|-echo\s/);
		} finally {
			app.kill();
			fs.rmSync(configHome, {recursive: true, force: true});
		}
	});
});
