/**
 * The built command in tmux against the conform server (test/support/conform-server.ts), not the
 * demo: UUID ids, seven records a page, no next/previous, hostile names. Walks the levels with
 * keys in chunks, resizes the window, switches to the apps and quits cleanly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startConformServer, type ConformServer} from '../support/conform-server.js';
import {cliPath, hasTmux, TmuxSession} from './tmux.js';

describe.skipIf(!hasTmux())('the built command against another VIKTOR-compatible server', () => {
	let server: ConformServer;
	let configHome: string;

	beforeAll(async () => {
		if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
		server = await startConformServer({pageCap: 7, ids: 'uuid'});
		configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-conform-'));
	});

	afterAll(async () => {
		await server.close();
		fs.rmSync(configHome, {recursive: true, force: true});
	});

	it('walks workspaces → entities → children → back → back, :apps, through a resize', async () => {
		const app = new TmuxSession({
			command: `node ${cliPath} --base-url ${server.baseUrl}`,
			width: 100,
			height: 30,
			env: {XDG_CONFIG_HOME: configHome, VIKTOR_TOKEN: server.token},
		});
		try {
			app.start();
			await app.waitFor(/1 of 23/);
			app.keys('j', 'j', 'j', 'j', 'j', 'j');
			await app.waitFor(/7 of 23/);
			app.type('jjjjjj');
			await app.waitFor(/13 of 23/);
			app.keys('G');
			await app.waitFor(/23 of 23/);
			app.keys('g');
			await app.waitFor(/^› Site 1 /m);
			app.keys('Enter');
			await app.waitFor(/Workspaces › Site 1 › Entities[\s\S]*1 of 16/);
			app.resize(60, 14);
			await app.waitFor(/1 of 16/);
			app.type('jjjjjjjjjjjjjjjjjjjj');
			await app.waitFor(/16 of 16/);
			app.keys('g', 'Enter');
			await app.waitFor(/› Children[\s\S]*1 of 9/);
			app.keys('Escape');
			await app.waitFor(/› Entities\s*\n[\s\S]*1 of 16/);
			app.resize(120, 30);
			app.keys('Escape');
			await app.waitFor(/^Workspaces\s*\n[\s\S]*1 of 23/);
			app.type(':apps');
			app.keys('Enter');
			await app.waitFor(/^Apps\s*\n[\s\S]*1 of 12/);
			app.keys('G');
			await app.waitFor(/12 of 12/);
			const screen = app.screen();
			// eslint-disable-next-line no-control-regex -- looking for control characters is the point
			expect(screen).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
			app.keys('q');
			expect(await app.exitCode()).toBe(0);
			expect(app.history()).not.toMatch(/\n\s+at |Error:/);
		} finally {
			app.kill();
		}
	});
});
