import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {demoWorkspaceId} from '../../source/demo/index.js';
import {cliPath} from './tmux.js';

let configHome: string | undefined;
afterEach(() => {
	if (configHome !== undefined) fs.rmSync(configHome, {recursive: true, force: true});
	configHome = undefined;
});

function runCli(args: string[], env: Record<string, string>) {
	configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-demo-size-'));
	const {VIKTOR_TOKEN: _token, ...rest} = process.env;
	return spawnSync('node', [cliPath, ...args], {
		env: {...rest, XDG_CONFIG_HOME: configHome, ...env},
		encoding: 'utf8',
		timeout: 60_000,
	});
}

describe('the size of the demo', () => {
	it('holds a million workspaces with VIKTOR_DEMO_WORKSPACES', () => {
		const result = runCli(['--demo', '--json', '--offset', '999998'], {
			VIKTOR_DEMO_WORKSPACES: '1000000',
		});
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines.map((line) => (JSON.parse(line) as {id: number}).id)).toEqual([
			demoWorkspaceId(999_998),
			demoWorkspaceId(999_999),
		]);
	});

	it('refuses a bad size with a usage error and no stack trace', () => {
		const result = runCli(['--demo', '--json'], {VIKTOR_DEMO_WORKSPACES: 'a lot'});
		expect(result.status).toBe(2);
		expect(result.stderr).toBe(
			'viktor-tui: VIKTOR_DEMO_WORKSPACES: expected a whole number from 0 to 2,000,000, not "a lot"\n',
		);
		expect(result.stdout).toBe('');
	});
});
