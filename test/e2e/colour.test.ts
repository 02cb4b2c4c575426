import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {cliPath, hasTmux, TmuxSession} from './tmux.js';

/** The SGR parameters on a styled screen, split into single codes. */
function sgrCodes(styled: string): string[] {
	// eslint-disable-next-line no-control-regex -- reading the terminal's escape codes is the point
	return [...styled.matchAll(/\u001B\[([\d;]*)m/g)].flatMap((match) => (match[1] ?? '').split(';'));
}

const isColourCode = (code: string) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(code);

describe.skipIf(!hasTmux())('--no-color in a real terminal', () => {
	const sessions: TmuxSession[] = [];
	const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-colour-'));

	afterAll(() => {
		for (const session of sessions) session.kill();
		fs.rmSync(configHome, {recursive: true, force: true});
	});

	async function styledDemo(arguments_: string, env: Record<string, string>): Promise<string> {
		const app = new TmuxSession({
			command: `node ${cliPath} --demo ${arguments_}`,
			env: {XDG_CONFIG_HOME: configHome, ...env},
		});
		sessions.push(app);
		app.start();
		await app.waitFor(/1 of 240/);
		await app.waitFor(/v raw JSON/);
		// The demo server listens on a new port each time.
		const styled = app.styledScreen().replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
		app.keys('q');
		expect(await app.exitCode()).toBe(0);
		return styled;
	}

	it('draws exactly what NO_COLOR=1 draws: no colour, inverse and bold kept', async () => {
		const flag = await styledDemo('--no-color', {});
		const environment = await styledDemo('', {NO_COLOR: '1'});
		expect(sgrCodes(flag).filter((code) => isColourCode(code))).toEqual([]);
		expect(sgrCodes(flag)).toContain('7');
		expect(sgrCodes(flag)).toContain('1');
		// eslint-disable-next-line no-control-regex -- reading the terminal's escape codes is the point
		expect(flag).toMatch(/\u001B\[[\d;]*7[\d;]*m› /);
		expect(flag).toBe(environment);
	});
});
