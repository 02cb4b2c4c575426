import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliPath, hasTmux, TmuxSession} from './tmux.js';

describe.skipIf(!hasTmux())('first run in a real terminal', () => {
	let server: DemoServer;
	let configHome: string;
	const sessions: TmuxSession[] = [];

	beforeAll(async () => {
		server = await startDemoServer({count: 321});
		configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-setup-'));
	});

	afterAll(async () => {
		for (const session of sessions) session.kill();
		await server.close();
		fs.rmSync(configHome, {recursive: true, force: true});
	});

	function run(command: string, env: Record<string, string>) {
		const session = new TmuxSession({command, env: {XDG_CONFIG_HOME: configHome, ...env}});
		sessions.push(session);
		session.start();
		return session;
	}

	it('sets up a profile, then starts with it; the token is nowhere on disk', async () => {
		const setup = run(`node ${cliPath}`, {});
		await setup.waitFor(/step 1 of 4: Environment/);
		// One key at a time, as a person types: each selection move shows before the next key.
		setup.keys('Down');
		await setup.waitFor(/❯ cloud\.us1/);
		setup.keys('Down');
		await setup.waitFor(/❯ Company environment/);
		setup.keys('Down');
		await setup.waitFor(/❯ Custom API URL/);
		setup.keys('Enter');
		await setup.waitFor(/URL:/);
		// Enter only once the text has arrived: in one chunk with it, it would be taken as text.
		setup.type(server.baseUrl);
		await setup.waitFor(new RegExp(`URL: ${server.baseUrl.replaceAll('.', '\\.')}`));
		setup.keys('Enter');
		await setup.waitFor(/Personal Access Token for/);
		setup.type(server.token);
		await setup.waitFor(new RegExp(`•{${server.token.length}}`));
		setup.keys('Enter');
		await setup.waitFor(/Token accepted: 321 workspaces visible/);
		await setup.waitFor(/Profile name: local/);
		setup.keys('Enter');
		await setup.waitFor(/Environment variable VIKTOR_TOKEN_LOCAL/);
		setup.keys('Enter');
		await setup.waitFor(/export VIKTOR_TOKEN_LOCAL=/);
		setup.keys('Enter');
		await setup.waitFor(/1 of 321/);
		setup.keys('q');
		expect(await setup.exitCode()).toBe(0);

		const again = run(`node ${cliPath}`, {VIKTOR_TOKEN_LOCAL: server.token});
		await again.waitFor(/1 of 321/);
		await again.waitFor(/local/);
		again.keys('q');
		expect(await again.exitCode()).toBe(0);

		const listed = execFileSync('node', [cliPath, 'profile', 'list', '--json'], {
			env: {...process.env, XDG_CONFIG_HOME: configHome},
			encoding: 'utf8',
		});
		expect(listed).toContain('VIKTOR_TOKEN_LOCAL');
		// grep exits 1 when it finds nothing, 0 when it finds the token somewhere.
		const grep = spawnSync('grep', ['-rl', '--', server.token.slice(8), configHome], {
			encoding: 'utf8',
		});
		expect(grep.stdout).toBe('');
		expect(grep.status).toBe(1);
		expect(fs.readdirSync(path.join(configHome, 'viktor-tui'))).toContain('config.json');
	});

	it('deletes with Backspaces sent at once in the URL field, and the check uses the fixed URL', async () => {
		const freshHome = path.join(configHome, 'fresh');
		const setup = run(`node ${cliPath}`, {XDG_CONFIG_HOME: freshHome});
		await setup.waitFor(/step 1 of 4: Environment/);
		setup.keys('Up');
		await setup.waitFor(/❯ Custom API URL/);
		setup.keys('Enter');
		await setup.waitFor(/URL: https:\/\//);
		setup.type(`${server.baseUrl}XYZ`);
		await setup.waitFor(/XYZ/);
		// One send-keys call: the three Backspaces reach the app in one read.
		setup.keys('BSpace', 'BSpace', 'BSpace');
		const baseUrl = server.baseUrl.replaceAll('.', '\\.');
		await setup.waitUntil((screen) => new RegExp(`URL: ${baseUrl}\\s*$`, 'm').test(screen));
		setup.keys('Enter');
		await setup.waitFor(/Personal Access Token for/);
		setup.type(server.token);
		setup.keys('Enter');
		await setup.waitFor(/Token accepted: 321 workspaces visible/);
		setup.keys('C-c');
		expect(await setup.exitCode()).toBe(0);
	});
});
