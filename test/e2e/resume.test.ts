/**
 * Where you were, as a user sees it: drill into a workspace's entities in --demo, quit with q,
 * start again and land on the same breadcrumb and record; --fresh starts at the top.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, hasTmux, statusPosition, TmuxSession} from './tmux.js';

const tmuxAvailable = hasTmux();

describe.skipIf(!tmuxAvailable)('the saved place in a real terminal', () => {
	let configHome: string | undefined;
	const sessions: TmuxSession[] = [];

	beforeAll(() => {
		if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	});

	afterEach(() => {
		for (const session of sessions.splice(0)) session.kill();
		if (configHome !== undefined) fs.rmSync(configHome, {recursive: true, force: true});
	});

	function open(flags = '') {
		configHome ??= fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-e2e-'));
		const session = new TmuxSession({
			command: `node ${cliPath} --demo ${flags}`,
			width: 100,
			height: 30,
			env: {XDG_CONFIG_HOME: configHome},
		});
		sessions.push(session);
		session.start();
		return session;
	}

	const crumbOf = (screen: string) => screen.split('\n')[0]?.trim() ?? '';
	const selectedOf = (screen: string) =>
		screen
			.split('\n')
			.find((line) => line.startsWith('›'))
			?.slice(0, 40) ?? '';
	const positionOf = statusPosition;

	it('opens on the entities level and record it quit on; --fresh starts at the top', async () => {
		const first = open();
		await first.waitFor(/1 of 240/);
		first.keys('Enter');
		// The entities list is loaded: its own count on the status line (a capture can catch a
		// frame half written, the new breadcrumb above the workspaces' old `1 of 240`).
		await first.waitUntil((screen) => {
			const position = positionOf(screen);
			return (
				/^Workspaces › .+ › Entities$/.test(crumbOf(screen)) &&
				position !== undefined &&
				/^1 of \d+$/.test(position) &&
				position !== '1 of 240'
			);
		});
		first.keys('j', 'j');
		await first.waitUntil(() => positionOf(first.screen())?.startsWith('3 of ') === true);
		const before = first.screen();
		first.keys('q');
		expect(await first.exitCode()).toBe(0);
		const stateFile = path.join(configHome!, 'viktor-tui', 'state.json');
		expect(fs.statSync(stateFile).mode & 0o777).toBe(0o600);
		expect(fs.readFileSync(stateFile, 'utf8')).not.toContain('vktrpat');

		const again = open();
		await again.waitUntil(() => positionOf(again.screen()) === positionOf(before));
		const screen = again.screen();
		expect(crumbOf(screen)).toBe(crumbOf(before));
		expect(selectedOf(screen)).toBe(selectedOf(before));
		again.keys('q');
		expect(await again.exitCode()).toBe(0);

		const fresh = open('--fresh');
		await fresh.waitFor(/1 of 240/);
		expect(crumbOf(fresh.screen())).toBe('Workspaces');
		fresh.keys('q');
		expect(await fresh.exitCode()).toBe(0);
	});
});
