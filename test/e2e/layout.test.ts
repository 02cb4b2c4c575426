import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {cliPath, hasTmux, TmuxSession} from './tmux.js';

describe.skipIf(!hasTmux())('the layout in a real terminal', () => {
	const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-layout-'));
	const sessions: TmuxSession[] = [];

	afterAll(() => {
		for (const session of sessions) session.kill();
		fs.rmSync(configHome, {recursive: true, force: true});
	});

	it('uses every row, and names the real size and minimum when the terminal is too small', async () => {
		const app = new TmuxSession({
			command: `node ${cliPath} --demo`,
			width: 100,
			height: 24,
			env: {XDG_CONFIG_HOME: configHome},
		});
		sessions.push(app);
		app.start();
		await app.waitFor(/1 of 240/);
		await app.waitFor(/q quit/);
		const rows = app.screen().replace(/\n$/, '').split('\n');
		expect(rows).toHaveLength(24);
		expect(rows[23]).toContain('q quit');
		expect(rows[22]).toContain('1 of 240');

		execFileSync('tmux', [
			'-L',
			app.socket,
			'resize-window',
			'-t',
			app.name,
			'-x',
			'40',
			'-y',
			'7',
		]);
		await app.waitFor(/terminal too small \(40×7\); need 40×8/);
		execFileSync('tmux', [
			'-L',
			app.socket,
			'resize-window',
			'-t',
			app.name,
			'-x',
			'40',
			'-y',
			'8',
		]);
		await app.waitFor(/1 of 240/);
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
	});
});
