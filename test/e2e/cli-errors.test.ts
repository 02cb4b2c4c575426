import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath} from './tmux.js';

let configHome: string;

beforeAll(() => {
	if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-cli-errors-'));
});

afterAll(() => {
	fs.rmSync(configHome, {recursive: true, force: true});
});

function run(...args: string[]) {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		encoding: 'utf8',
		env: {PATH: process.env.PATH, XDG_CONFIG_HOME: configHome},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('error lines of the built command', () => {
	it.each([
		[['--bogus'], 'viktor-tui: unknown flag --bogus; see viktor-tui --help\n'],
		[['-x'], 'viktor-tui: unknown flag -x; see viktor-tui --help\n'],
		[['--json', '-p', 'nope'], 'viktor-tui: no profile named "nope" (no profiles are saved yet)\n'],
		[
			['profile', 'show', 'nope'],
			'viktor-tui: no profile named "nope" (no profiles are saved yet)\n',
		],
		[
			['profile', 'add', 'acme', '--bogus'],
			"viktor-tui: profile add: Unknown option '--bogus'; see viktor-tui profile add --help\n",
		],
		[
			['profile', 'add', 'acme', '-e', 'acme', '--sort', 'bogus'],
			'viktor-tui: profile add: --sort "bogus" is not a sort of workspaces (one of: name, created_at, views, views_last_30_days, user_last_visit; each optionally :asc or :desc)\n',
		],
	])('%j: exit 2 and one line starting with viktor-tui:', (args, line) => {
		expect(run(...args)).toEqual({code: 2, stdout: '', stderr: line});
	});

	it("prints one sub-command's help for profile add --help", () => {
		const result = run('profile', 'add', '--help');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^Usage: viktor-tui profile add NAME/);
	});
});
