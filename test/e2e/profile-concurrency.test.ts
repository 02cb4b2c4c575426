import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, expect, it} from 'vitest';
import {createProfileStore} from '../../source/config/profiles.js';
import {cliPath} from './tmux.js';

let configHome: string | undefined;

beforeAll(() => {
	if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
});

afterEach(() => {
	if (configHome !== undefined) fs.rmSync(configHome, {recursive: true, force: true});
});

type Outcome = {name: string; code: number; stderr: string};

function addProfile(name: string, home: string): Promise<Outcome> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[cliPath, 'profile', 'add', name, '--environment', 'acme'],
			{env: {PATH: process.env.PATH, XDG_CONFIG_HOME: home}},
			(error, _stdout, stderr) => {
				const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
				resolve({name, code, stderr});
			},
		);
	});
}

it('50 parallel `profile add` processes: every one that says it saved did, the rest exit 1 saying so', async () => {
	configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-parallel-'));
	const home = configHome;
	const names = Array.from({length: 50}, (_, index) => `p${index}`);
	const outcomes = await Promise.all(names.map(async (name) => addProfile(name, home)));
	const saved = createProfileStore({configDirectory: path.join(home, 'viktor-tui')})
		.read()
		.profiles.map((profile) => profile.name)
		.sort();
	const succeeded = outcomes.filter((outcome) => outcome.code === 0).map((outcome) => outcome.name);
	expect(saved).toEqual(succeeded.sort());
	for (const outcome of outcomes.filter((candidate) => candidate.code !== 0)) {
		expect(outcome.code).toBe(1);
		expect(outcome.stderr).toMatch(/^viktor-tui: Cannot save profiles: .*\n$/);
	}
	// On this machine all of them get through; the assertions above are what is promised.
	console.info(`${succeeded.length} of 50 saved`);
}, 180_000);
