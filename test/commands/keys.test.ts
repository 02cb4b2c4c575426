import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runKeysCommand} from '../../source/commands/keys.js';
import {listKeys, remappableContexts} from '../../source/key-settings.js';
import {keymap} from '../../source/ui/keymap.js';
import {cliPath} from '../e2e/tmux.js';

let configDir: string;

beforeEach(() => {
	configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-keys-command-'));
});

afterEach(() => {
	fs.rmSync(configDir, {recursive: true, force: true});
});

function writeConfig(root: unknown): void {
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(root));
}

/** Runs the command and collects what it writes. */
async function keys(argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await runKeysCommand(argv, {
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
		env: {},
		configDir,
		listKeys,
		remappableContexts,
	});
	return {code, stdout, stderr};
}

type Row = {
	context: string;
	intent: string;
	keys: string[];
	description: string;
	remappable: boolean;
};

const rowsOf = (stdout: string): Row[] =>
	stdout
		.trimEnd()
		.split('\n')
		.map((line) => JSON.parse(line) as Row);

describe('viktor-tui keys', () => {
	it('prints every binding as a table of context, intent, keys and description', async () => {
		const {code, stdout, stderr} = await keys([]);
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		const lines = stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^CONTEXT\s+INTENT\s+KEYS\s+DESCRIPTION$/);
		expect(lines).toHaveLength(keymap.length + 1);
		expect(stdout).toMatch(/^list\s+move-down\s+down j\s+Next record$/m);
		expect(stdout).toMatch(/^global\s+quit\s+q ctrl\+c\s+Quit$/m);
		expect(stdout).toMatch(/^setup\s+submit\s+enter\s+Next step \/ save \(fixed\)$/m);
	});

	it('prints NDJSON with --json, the config names of the keys and the remapped ones', async () => {
		writeConfig({profiles: [], keys: {list: {'move-down': ['j', 'ctrl+n'], open: ['Enter', 'l']}}});
		const {code, stdout, stderr} = await keys(['--json']);
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		const rows = rowsOf(stdout);
		expect(rows).toHaveLength(keymap.length);
		expect(rows.find((row) => row.context === 'list' && row.intent === 'move-down')).toEqual({
			context: 'list',
			intent: 'move-down',
			keys: ['j', 'ctrl+n'],
			description: 'Next record',
			remappable: true,
		});
		expect(rows.find((row) => row.context === 'list' && row.intent === 'open')?.keys).toEqual([
			'enter',
			'l',
		]);
		expect(
			rows.find((row) => row.context === 'detail' && row.intent === 'page-down')?.keys,
		).toEqual(['pgdn']);
	});

	it('lists the profiles screen as remappable, with its remapped keys', async () => {
		writeConfig({profiles: [], keys: {profiles: {'move-down': ['j', 'ctrl+n']}}});
		const {code, stdout, stderr} = await keys([]);
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		expect(stdout).toMatch(/^profiles\s+move-down\s+j ctrl\+n\s+Next profile$/m);
		expect(stdout).toMatch(/^profiles\s+quit\s+q ctrl\+c\s+Quit$/m);
	});

	it('refuses two profiles intents on one key, naming the entry, exit 2', async () => {
		writeConfig({profiles: [], keys: {profiles: {'move-down': ['d']}}});
		const {code, stdout, stderr} = await keys([]);
		expect({code, stdout}).toEqual({code: 2, stdout: ''});
		expect(stderr).toContain(
			'viktor-tui: config keys.profiles.move-down: key "d" is already keys.profiles.delete\n',
		);
	});

	it('says which entry is wrong and exits 2, for every wrong entry', async () => {
		writeConfig({
			keys: {list: {'move-down': ['j', 'ctlr+n'], 'open-detail': ['l']}, global: {refresh: ['k']}},
		});
		const {code, stdout, stderr} = await keys([]);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		const lines = stderr.trimEnd().split('\n');
		expect(lines.slice(0, -1)).toEqual([
			'viktor-tui: config keys.list.move-down: unknown key "ctlr+n"',
			expect.stringMatching(
				/^viktor-tui: config keys\.list\.open-detail: unknown intent "open-detail"/,
			),
			'viktor-tui: config keys.global.refresh: key "k" is already keys.list.move-up (global keys apply in list too)',
			'viktor-tui: config keys.global.refresh: key "k" is already keys.detail.move-up (global keys apply in detail too)',
		]);
		expect(lines.at(-1)).toBe(
			`viktor-tui: fix the "keys" section of ${path.join(configDir, 'config.json')}; viktor-tui keys --help says how`,
		);
	});

	it('keeps control characters of a hand-edited file off the terminal', async () => {
		writeConfig({keys: {'li\u001B[2Jst': {}}});
		const {code, stderr} = await keys([]);
		expect(code).toBe(2);
		expect(stderr).not.toContain('\u001B');
	});

	it('treats a file without keys, or no file, as the defaults', async () => {
		expect((await keys(['--json'])).code).toBe(0);
		writeConfig({profiles: []});
		expect(rowsOf((await keys(['--json'])).stdout)).toHaveLength(keymap.length);
	});

	it('refuses unknown options and arguments with exit 2', async () => {
		expect(await keys(['--jsn'])).toMatchObject({
			code: 2,
			stderr: expect.stringMatching(/^viktor-tui: keys: /),
		});
		expect(await keys(['list'])).toEqual({
			code: 2,
			stdout: '',
			stderr: 'viktor-tui: keys: unexpected argument "list"\n',
		});
		expect((await keys(['--help'])).stdout).toContain('Usage: viktor-tui keys [--json]');
	});
});

describe.skipIf(!fs.existsSync(cliPath))('the built command', () => {
	const run = (args: string[]) =>
		spawnSync(process.execPath, [cliPath, ...args], {
			encoding: 'utf8',
			env: {PATH: process.env.PATH, XDG_CONFIG_HOME: configDir},
		});

	it('runs viktor-tui keys --json from the entry', () => {
		fs.mkdirSync(path.join(configDir, 'viktor-tui'));
		fs.writeFileSync(
			path.join(configDir, 'viktor-tui', 'config.json'),
			JSON.stringify({keys: {detail: {'toggle-raw': ['x']}}}),
		);
		const result = run(['keys', '--json']);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(rowsOf(result.stdout).find((row) => row.intent === 'toggle-raw')?.keys).toEqual(['x']);
	});

	it('knows --screen-reader, --no-screen-reader and the other flags of the entry', () => {
		for (const flags of [['--screen-reader'], ['--no-screen-reader'], ['--theme', 'mono']]) {
			const result = run(['--demo', '--json', '--max', '1', ...flags]);
			expect(result.stderr, flags.join(' ')).toBe('');
			expect(result.status).toBe(0);
		}
		const entities = run(['--demo', '--json', 'entities', '--workspace', '1000', '--max', '1']);
		expect(entities.stderr).toBe('');
		expect(run(['--demo', '--screen-readr']).stderr).toBe(
			'viktor-tui: unknown flag --screen-readr; see viktor-tui --help\n',
		);
	});

	it('exits 2 naming the entry when the config maps a key wrongly', () => {
		fs.mkdirSync(path.join(configDir, 'viktor-tui'));
		fs.writeFileSync(
			path.join(configDir, 'viktor-tui', 'config.json'),
			JSON.stringify({keys: {list: {'move-down': ['ctlr+n']}}}),
		);
		const result = run(['keys']);
		expect(result.status).toBe(2);
		expect(result.stderr.split('\n')[0]).toBe(
			'viktor-tui: config keys.list.move-down: unknown key "ctlr+n"',
		);
	});
});
