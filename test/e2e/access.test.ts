import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, hasTmux, TmuxSession} from './tmux.js';

describe.skipIf(!hasTmux())("the config's keys and screen-reader mode in a real terminal", () => {
	let configHome: string | undefined;
	const sessions: TmuxSession[] = [];

	beforeAll(() => {
		if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	});

	afterEach(() => {
		for (const session of sessions.splice(0)) session.kill();
		if (configHome !== undefined) fs.rmSync(configHome, {recursive: true, force: true});
	});

	function open(arguments_: string, env: Record<string, string> = {}, config?: unknown) {
		configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-access-'));
		if (config !== undefined) {
			fs.mkdirSync(path.join(configHome, 'viktor-tui'));
			fs.writeFileSync(path.join(configHome, 'viktor-tui', 'config.json'), JSON.stringify(config));
		}
		const session = new TmuxSession({
			command: `node ${cliPath} --demo ${arguments_}`,
			width: 100,
			height: 30,
			env: {XDG_CONFIG_HOME: configHome, ...env},
		});
		sessions.push(session);
		session.start();
		return session;
	}

	/** The screen's lines that hold text. */
	const linesOf = (screen: string) => screen.split('\n').filter((line) => line.trim() !== '');

	it('moves with a remapped key, shows it in help, and still quits with Ctrl+C', async () => {
		const app = open('', {}, {keys: {list: {'move-down': ['ctrl+n', 'J']}, global: {quit: ['x']}}});
		await app.waitFor(/1 of 240/);
		app.keys('C-n');
		await app.waitFor(/2 of 240/);
		app.type('JJ');
		await app.waitFor(/4 of 240/);
		app.keys('?');
		await app.waitFor(/Ctrl\+N J\s+Next record/);
		app.keys('Escape');
		await app.waitUntil((screen) => !screen.includes('Next record'));
		app.keys('C-c');
		expect(await app.exitCode()).toBe(0);
	});

	it('refuses a wrong key entry before taking over the terminal, exit 2', async () => {
		const app = open('', {}, {keys: {list: {'move-down': ['j', 'ctlr+n']}}});
		expect(await app.exitCode()).toBe(2);
		expect(app.history()).toContain('viktor-tui: config keys.list.move-down: unknown key "ctlr+n"');
	});

	it('prints plain lines of sentences with --screen-reader, and announces moves and the detail', async () => {
		const app = open('--screen-reader');
		const first = await app.waitFor(/Workspace 1 of 240: /);
		expect(linesOf(first)[0]).toBe('Workspaces.');
		expect(first).not.toMatch(/[─│╭╮╰╯›]/);
		expect(first).not.toContain('of 240  ');
		app.keys('Down');
		const second = await app.waitFor(/Workspace 2 of 240: /);
		expect(second).not.toContain('Workspace 1 of 240');
		app.keys('End');
		await app.waitFor(/Workspace 240 of 240: [\s\S]*\d+ workspaces arrived\./);
		app.keys('i');
		const detail = await app.waitFor(/^Created at: /m);
		expect(detail).toMatch(/^Detail of Workspace 240 of 240: /m);
		expect(detail).toMatch(/^Name: /m);
		app.keys('Escape');
		await app.waitUntil((screen) => !screen.includes('Created at:'));
		app.keys('?');
		// Help reads longer than the screen: its detail section is still on it.
		await app.waitFor(/Back to the list: press escape\./);
		app.keys('Escape');
		await app.waitUntil((screen) => !screen.includes('Back to the list: press'));
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
	});

	it('turns on with INK_SCREEN_READER=true and with the config file, and off with --no-screen-reader', async () => {
		const byVariable = open('', {INK_SCREEN_READER: 'true'});
		await byVariable.waitFor(/Workspace 1 of 240: /);
		byVariable.kill();
		const byConfig = open('', {}, {screenReader: true});
		await byConfig.waitFor(/Workspace 1 of 240: /);
		byConfig.kill();
		const off = open('--no-screen-reader', {INK_SCREEN_READER: 'true'});
		const drawn = await off.waitFor(/1 of 240/);
		expect(drawn).not.toContain('Workspace 1 of 240:');
	});

	it('refuses a screenReader setting that is not true or false, exit 2', async () => {
		const app = open('', {}, {screenReader: 'yes'});
		expect(await app.exitCode()).toBe(2);
		expect(app.history()).toContain('viktor-tui: config screenReader: must be true or false');
	});
});
