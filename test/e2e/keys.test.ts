import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, hasTmux, TmuxSession} from './tmux.js';

const tmuxAvailable = hasTmux();

describe.skipIf(!tmuxAvailable)('the config file keys in a real terminal', () => {
	let configHome: string | undefined;
	const sessions: TmuxSession[] = [];

	beforeAll(() => {
		if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	});

	afterEach(() => {
		for (const session of sessions.splice(0)) session.kill();
		if (configHome !== undefined) fs.rmSync(configHome, {recursive: true, force: true});
	});

	/** Starts `viktor-tui --demo` with a config file holding `keys`. */
	function openWithKeys(keys: unknown) {
		configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-keys-'));
		fs.mkdirSync(path.join(configHome, 'viktor-tui'));
		fs.writeFileSync(path.join(configHome, 'viktor-tui', 'config.json'), JSON.stringify({keys}));
		const session = new TmuxSession({
			command: `node ${cliPath} --demo`,
			width: 100,
			height: 30,
			env: {XDG_CONFIG_HOME: configHome},
		});
		sessions.push(session);
		session.start();
		return session;
	}

	it('moves with a remapped key, shows it in help, and still quits with Ctrl+C', async () => {
		const app = openWithKeys({list: {'move-down': ['ctrl+n', 'J']}, global: {quit: ['x']}});
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

	it('refuses a wrong entry before taking over the terminal, exit 2', async () => {
		const app = openWithKeys({list: {'move-down': ['j', 'ctlr+n']}});
		expect(await app.exitCode()).toBe(2);
		expect(app.history()).toContain('viktor-tui: config keys.list.move-down: unknown key "ctlr+n"');
	});
});
