import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliPath, hasTmux, TmuxSession} from './tmux.js';

describe.skipIf(!hasTmux())('setup and profiles with --screen-reader in a real terminal', () => {
	let server: DemoServer;
	let configHome: string;
	const sessions: TmuxSession[] = [];

	beforeAll(async () => {
		if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
		server = await startDemoServer({count: 321});
		configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-forms-access-'));
	});

	afterAll(async () => {
		for (const session of sessions) session.kill();
		await server.close();
		fs.rmSync(configHome, {recursive: true, force: true});
	});

	/** The screen's lines that hold text. */
	const linesOf = (screen: string) => screen.split('\n').filter((line) => line.trim() !== '');

	/** Box drawing, markers, bullets, spinner frames and the padding of drawn columns. */
	const drawn = /[─│╭╮╰╯›❯•·→✔✖⚠●⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]| {3}/;

	it('announces a first run in plain lines, then the profiles screen on p', async () => {
		const app = new TmuxSession({
			command: `node ${cliPath} --screen-reader`,
			// Wide enough that no sentence wraps.
			width: 160,
			height: 30,
			env: {XDG_CONFIG_HOME: configHome},
		});
		sessions.push(app);
		app.start();
		const first = await app.waitFor(/Keys: up arrow or down arrow to choose/);
		expect(linesOf(first)).toEqual([
			'Setup, step 1 of 4: choose the environment.',
			'Which VIKTOR environment do you use?',
			'list: 4 options: cloud (Frankfurt), cloud.us1 (United States), Company environment, Custom API URL.',
			'listitem: (selected) cloud (Frankfurt), option 1 of 4',
			'Keys: up arrow or down arrow to choose, enter to accept, question mark for help, q to quit.',
		]);
		app.keys('Up');
		await app.waitFor(/^listitem: \(selected\) Custom API URL, option 4 of 4$/m);
		app.keys('Enter');
		await app.waitFor(/^textbox: URL: https:\/\/$/m);
		app.type(server.baseUrl);
		await app.waitFor(new RegExp(`^textbox: URL: ${server.baseUrl.replaceAll('.', '\\.')}$`, 'm'));
		app.keys('Enter');
		await app.waitFor(/^textbox: Token, masked, empty$/m);
		app.type(server.token);
		const masked = await app.waitFor(
			new RegExp(`^textbox: Token, masked, ${server.token.length} characters$`, 'm'),
		);
		expect(masked).not.toContain(server.token);
		app.keys('Enter');
		const accepted = await app.waitFor(/^Token accepted: 321 workspaces visible\.$/m);
		expect(linesOf(accepted)[0]).toBe('Setup, step 4 of 4: save a profile.');
		expect(accepted).toMatch(/^textbox: Profile name: local$/m);
		expect(accepted).not.toMatch(drawn);
		app.keys('Enter');
		await app.waitFor(
			/^listitem: \(selected\) Environment variable VIKTOR_TOKEN_LOCAL \(for this profile\), option 1 of 8$/m,
		);
		app.keys('Enter');
		await app.waitFor(/^Keys: enter to save the profile, /m);
		app.keys('Enter');
		await app.waitFor(/^Workspace 1 of 321: /m);
		app.keys('p');
		const profiles = await app.waitFor(/^listitem: \(selected\) Profile 1 of 1: /m);
		expect(linesOf(profiles).slice(0, 3)).toEqual([
			'Profiles.',
			'list: 1 saved profile: local.',
			`listitem: (selected) Profile 1 of 1: local, URL ${server.baseUrl}, token from VIKTOR_TOKEN_LOCAL, default, in use`,
		]);
		expect(profiles).not.toMatch(drawn);
		app.keys('d');
		await app.waitFor(/^Delete profile local\? Press y to delete it; any other key keeps it\.$/m);
		app.keys('n');
		await app.waitUntil((screen) => !screen.includes('Delete profile'));
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
	});
});
