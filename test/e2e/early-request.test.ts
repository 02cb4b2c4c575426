/**
 * The first page is asked for while the UI code is still loading (start.tsx), also when the run
 * opens at a saved place: that early request must be the very request the browser then makes, so
 * the server sees each first page once and nothing that is thrown away.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliPath, hasTmux, statusPosition, TmuxSession} from './tmux.js';

describe.skipIf(!hasTmux())('the early first request in a real terminal', () => {
	let server: DemoServer;
	let configHome: string;
	const sessions: TmuxSession[] = [];

	beforeAll(async () => {
		if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
		server = await startDemoServer({count: 500, pageCap: 50});
		configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-'));
	});

	afterEach(() => {
		for (const session of sessions.splice(0)) session.kill();
	});

	afterAll(async () => {
		await server.close();
		fs.rmSync(configHome, {recursive: true, force: true});
	});

	function open(flags = '') {
		const session = new TmuxSession({
			command: `node ${cliPath} --base-url ${server.baseUrl} ${flags}`,
			width: 90,
			height: 24,
			env: {XDG_CONFIG_HOME: configHome, VIKTOR_TOKEN: server.token},
		});
		sessions.push(session);
		session.start();
		return session;
	}

	const crumbOf = (screen: string) => screen.split('\n')[0]?.trim() ?? '';
	const listRequests = () =>
		server
			.stats()
			.log.filter(
				(entry) => entry.path.endsWith('/workspaces/') || /\/entities\/$/.test(entry.path),
			);

	it('asks once for the root page, and once for a saved place’s page with its sort', async () => {
		const entitiesShown = (screen: string) =>
			/^Workspaces › .+ › Entities$/.test(crumbOf(screen)) &&
			/^1 of \d+$/.test(statusPosition(screen) ?? '') &&
			statusPosition(screen) !== '1 of 500';
		const first = open();
		await first.waitFor(/1 of 500/);
		expect(
			listRequests().filter(
				(entry) => entry.path.endsWith('/workspaces/') && entry.query.offset === '0',
			),
		).toHaveLength(1);
		first.keys('Enter');
		await first.waitUntil(entitiesShown);
		first.keys('s');
		await first.waitFor(/│ sort name │/);
		first.keys('q');
		expect(await first.exitCode()).toBe(0);

		server.resetStats();
		const again = open();
		await again.waitUntil((screen) => entitiesShown(screen) && screen.includes('│ sort name │'));
		again.keys('q');
		expect(await again.exitCode()).toBe(0);
		const requests = listRequests();
		// The saved place opens at the entities level, sorted: its first page, asked for once and
		// answered; no root page, which the browser does not show.
		expect(requests.filter((entry) => entry.path.endsWith('/workspaces/'))).toEqual([]);
		const firstPages = requests.filter((entry) => entry.query.offset === '0');
		expect(firstPages.map((entry) => [entry.query.sort, entry.status])).toEqual([['name', 200]]);
	});
});
