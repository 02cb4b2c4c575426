import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {runProfileCommand} from '../../source/commands/profile.js';
import type {EnvironmentVariables} from '../../source/config/index.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';

let configDir: string;
let server: DemoServer;

beforeAll(async () => {
	server = await startDemoServer({count: 42});
});

afterAll(async () => server.close());

beforeEach(() => {
	configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-profile-command-'));
});

afterEach(() => {
	fs.rmSync(configDir, {recursive: true, force: true});
});

/** Runs the command and collects what it writes. */
async function profile(argv: string[], env: EnvironmentVariables = {}) {
	let stdout = '';
	let stderr = '';
	const code = await runProfileCommand(argv, {
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
		env: {PATH: process.env.PATH, ...env},
		configDir,
	});
	return {code, stdout, stderr};
}

/** Saves the profile `demo` for the demo server, its token from `command`. */
async function addDemoWithCommand(command: string) {
	return profile(['add', 'demo', '--base-url', server.baseUrl, '--token-command', command]);
}

const savedFile = () =>
	JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as unknown;

describe('viktor-tui profile', () => {
	it('lists nothing helpfully before any profile is saved', async () => {
		expect(await profile(['list'])).toEqual({
			code: 0,
			stdout: 'No profiles saved. Add one with: viktor-tui profile add NAME --environment ENV\n',
			stderr: '',
		});
	});

	it('adds profiles, the first becoming the default, and lists them as a table', async () => {
		expect(await profile(['add', 'acme', '--environment', 'acme'])).toEqual({
			code: 0,
			stdout:
				'Saved profile acme (acme.viktor.ai, token from env VIKTOR_TOKEN_ACME, default)\n' +
				'Add to your shell profile: export VIKTOR_TOKEN_ACME=vktrpat_…\n',
			stderr: '',
		});
		const added = await profile([
			'add',
			'local',
			'--base-url',
			'http://127.0.0.1:8123/api/',
			'--token-command',
			'pass show viktor-tui/local',
			'--limit',
			'50',
			'--sort',
			'name:desc',
		]);
		expect(added).toMatchObject({code: 0, stderr: ''});
		expect((await profile(['list'])).stdout).toBe(
			[
				'   NAME   HOST            TOKEN SOURCE                         LIMIT  SORT',
				'*  acme   acme.viktor.ai  env VIKTOR_TOKEN_ACME',
				'   local  127.0.0.1:8123  command: pass show viktor-tui/local  50     name:desc',
				'',
			].join('\n'),
		);
		expect(savedFile()).toEqual({
			defaultProfile: 'acme',
			profiles: [
				{
					name: 'acme',
					environment: 'acme',
					tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN_ACME'},
				},
				{
					name: 'local',
					baseUrl: 'http://127.0.0.1:8123/api',
					tokenSource: {type: 'command', command: 'pass show viktor-tui/local'},
					limit: 50,
					sort: 'name:desc',
				},
			],
		});
	});

	it('lists as JSON', async () => {
		await profile(['add', 'acme', '-e', 'acme', '--token-env', 'MY_TOKEN']);
		const {code, stdout} = await profile(['list', '--json']);
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toEqual({
			defaultProfile: 'acme',
			profiles: [
				{
					name: 'acme',
					environment: 'acme',
					tokenSource: {type: 'env', variable: 'MY_TOKEN'},
					host: 'acme.viktor.ai',
					isDefault: true,
				},
			],
		});
	});

	it('refuses a duplicate unless --force, and makes a profile default with --default', async () => {
		await profile(['add', 'acme', '-e', 'acme']);
		expect(await profile(['add', 'acme', '-e', 'cloud'])).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'viktor-tui: a profile named "acme" already exists (names ignore case); use --force to replace it\n',
		});
		expect((await profile(['add', 'acme', '-e', 'cloud', '--force'])).code).toBe(0);
		expect((await profile(['add', 'us', '-e', 'cloud.us1', '--default'])).stdout).toContain(
			'(cloud.us1.viktor.ai, token from env VIKTOR_TOKEN_US, default)',
		);
		expect(savedFile()).toMatchObject({
			defaultProfile: 'us',
			profiles: [{name: 'acme', environment: 'cloud'}, {name: 'us'}],
		});
	});

	it('changes the default and removes profiles', async () => {
		await profile(['add', 'acme', '-e', 'acme']);
		await profile(['add', 'cloud', '-e', 'cloud']);
		expect(await profile(['default', 'cloud'])).toEqual({
			code: 0,
			stdout: 'Default profile is now cloud\n',
			stderr: '',
		});
		expect(await profile(['remove', 'cloud'])).toEqual({
			code: 0,
			stdout:
				'Removed profile cloud\nIt was the default; no default profile is left. Choose one with: viktor-tui profile default NAME (saved: acme)\n',
			stderr: '',
		});
		expect(await profile(['remove', 'cloud'])).toEqual({
			code: 2,
			stdout: '',
			stderr: 'viktor-tui: no profile named "cloud" (saved: acme)\n',
		});
		expect(await profile(['default', 'cloud'])).toMatchObject({
			code: 2,
			stderr: 'viktor-tui: no profile named "cloud" (saved: acme)\n',
		});
		expect(savedFile()).toEqual({profiles: [expect.objectContaining({name: 'acme'})]});
	});

	it.each([
		[[], /^Usage: viktor-tui profile/],
		[['frobnicate'], /^viktor-tui: profile: unknown command "frobnicate"/],
		[
			['add', 'acme'],
			/^viktor-tui: profile add: give exactly one of --environment ENV and --base-url URL\n$/,
		],
		[['add', 'acme', '-e', 'acme', '--base-url', 'https://x.test'], /exactly one of/],
		[
			['add', 'bad name', '-e', 'acme'],
			/^viktor-tui: profile add: "bad name" is not a valid profile name/,
		],
		[
			['add', 'acme', '-e', 'a b'],
			/^viktor-tui: profile add: --environment: "a b" contains spaces/,
		],
		[
			['add', 'acme', '--base-url', 'http://acme.viktor.ai/api'],
			/refusing http:\/\/acme\.viktor\.ai/,
		],
		[['add', 'acme', '-e', 'acme', '--token-env', 'A', '--token-command', 'x'], /at most one of/],
		[['add', 'acme', '-e', 'acme', '--token-env', 'NOT-VALID'], /is not a variable name/],
		[
			['add', 'acme', '-e', 'acme', '--limit', '0'],
			/--limit must be a whole number from 1 to 1000/,
		],
		[['add', 'acme', '-e', 'acme', '--limit', '2.5'], /--limit must be/],
		[
			['add', 'acme', '-e', 'acme', '--bogus'],
			/^viktor-tui: profile add: Unknown option '--bogus'/,
		],
		[['list', 'extra'], /^viktor-tui: profile list: takes no arguments/],
		[['remove'], /^viktor-tui: profile remove: expected one profile NAME, got 0/],
		[['show', 'a', 'b'], /^viktor-tui: profile show: expected one profile NAME, got 2/],
	])('exits 2 with one clear line for the usage error %j', async (argv, message) => {
		const result = await profile(argv);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(message);
		if (argv.length > 0) expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(fs.existsSync(path.join(configDir, 'config.json'))).toBe(false);
	});

	it('prints help on stdout with exit 0 when asked', async () => {
		const result = await profile(['--help']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(result.stdout).toContain('show NAME [--json]');
	});

	it('shows a profile: the masked token and the workspaces the API reports', async () => {
		await profile(['add', 'demo', '--base-url', server.baseUrl]);
		const result = await profile(['show', 'demo'], {VIKTOR_TOKEN_DEMO: server.token});
		const host = new URL(server.url).host;
		expect(result).toEqual({
			code: 0,
			stdout: [
				'Profile       demo',
				`Host          ${host} (${server.baseUrl})`,
				'Token source  env VIKTOR_TOKEN_DEMO',
				`Token         vktrpat_…${server.token.slice(-4)}`,
				'Workspaces    42 visible',
				'',
			].join('\n'),
			stderr: '',
		});
		expect(result.stdout).not.toContain(server.token);
	});

	it('shows a profile as JSON, resolving a token command', async () => {
		await addDemoWithCommand('printf %s "$SECRET"');
		const result = await profile(['show', 'demo', '--json'], {SECRET: server.token});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({
			name: 'demo',
			host: new URL(server.url).host,
			baseUrl: server.baseUrl,
			tokenSource: 'command: printf %s "$SECRET"',
			token: `vktrpat_…${server.token.slice(-4)}`,
			workspaces: 42,
			ok: true,
		});
	});

	it('fails show when the token is rejected, unset or the profile is unknown', async () => {
		await profile(['add', 'demo', '--base-url', server.baseUrl]);
		const rejected = await profile(['show', 'demo'], {
			VIKTOR_TOKEN_DEMO: 'vktrpat_wrong000000000_wrongwrongwrongwrongwrong00',
		});
		expect(rejected.code).toBe(1);
		expect(rejected.stdout).toContain('Workspaces    ?');
		expect(rejected.stderr.trim().split('\n')).toHaveLength(1);
		expect(rejected.stderr).toContain(new URL(server.url).host);
		expect(rejected.stderr + rejected.stdout).not.toContain('wrongwrong');

		const unset = await profile(['show', 'demo']);
		expect(unset.code).toBe(1);
		expect(unset.stderr).toBe('viktor-tui: Profile demo: VIKTOR_TOKEN_DEMO is not set\n');

		expect(await profile(['show', 'nope'])).toEqual({
			code: 2,
			stdout: '',
			stderr: 'viktor-tui: no profile named "nope" (saved: demo)\n',
		});
	});

	it('fails with exit 1 and a clear line when the config directory is not writable', async () => {
		const file = path.join(configDir, 'file');
		fs.writeFileSync(file, '');
		let stderr = '';
		const code = await runProfileCommand(['add', 'acme', '-e', 'acme'], {
			stdout: {write: () => true},
			stderr: {write: (text: string) => (stderr += text)},
			env: {},
			configDir: path.join(file, 'viktor-tui'),
		});
		expect(code).toBe(1);
		expect(stderr).toBe(
			`viktor-tui: Cannot save profiles: ${path.join(file, 'viktor-tui')} is not writable (ENOTDIR)\n`,
		);
	});
});

describe('viktor-tui profile with a config others could change', () => {
	const demoToken = `vktrpat_demo${'q'.repeat(28)}wxyz`;

	it('does not run a token command from a group-writable file, and says how to fix it', async () => {
		const marker = path.join(configDir, 'ran');
		await addDemoWithCommand(`touch ${marker}; printf %s "$SECRET"`);
		const file = path.join(configDir, 'config.json');
		fs.chmodSync(file, 0o664);
		const result = await profile(['show', 'demo'], {SECRET: server.token});
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`viktor-tui: Profile demo: Not running token commands from ${file}: the file is writable by group (mode 0664). Fix it with: chmod 600 ${file}\n`,
		);
		expect(fs.existsSync(marker)).toBe(false);
		const listed = await profile(['list']);
		expect(listed.stderr).toBe(
			`viktor-tui: warning: Not running token commands from ${file}: the file is writable by group (mode 0664). Fix it with: chmod 600 ${file}\n`,
		);
	});

	it('refuses a token written into --token-command without printing it', async () => {
		const result = await addDemoWithCommand(`echo ${demoToken}`);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(
			/^viktor-tui: profile add: --token-command: the token command holds a token itself; keep the token in an environment variable/,
		);
		expect(result.stdout + result.stderr).not.toContain('qqqq');
		expect(fs.existsSync(path.join(configDir, 'config.json'))).toBe(false);
	});

	it('masks a token that a hand-edited file holds in a command, in list, list --json and show', async () => {
		fs.writeFileSync(
			path.join(configDir, 'config.json'),
			JSON.stringify({
				profiles: [
					{
						name: 'demo',
						baseUrl: server.baseUrl,
						tokenSource: {type: 'command', command: `echo ${demoToken}`},
					},
				],
			}),
			{mode: 0o600},
		);
		const outputs = await Promise.all([
			profile(['list']),
			profile(['list', '--json']),
			profile(['show', 'demo']),
			profile(['show', 'demo', '--json']),
		]);
		for (const output of outputs) {
			expect(output.stdout + output.stderr).not.toContain('qqqq');
		}
		expect(outputs[0]?.stdout).toContain('command: echo vktrpat_[redacted]');
	});

	it('prints what a broken file or a profile field holds without escape sequences or bidi controls', async () => {
		const hostile = 'evil\u001B]0;owned\u0007\u001B[2J\u202Eroot\u009B31m';
		fs.writeFileSync(path.join(configDir, 'config.json'), `{"profiles": [${hostile}`, {
			mode: 0o600,
		});
		const broken = await profile(['list']);
		expect(broken.stderr).toMatch(/^viktor-tui: warning: Config file .* was invalid/);
		fs.writeFileSync(
			path.join(configDir, 'config.json'),
			JSON.stringify({
				profiles: [{name: 'x', environment: hostile, tokenSource: {type: 'env', variable: 'V'}}],
				defaultProfile: `gone${hostile}`,
			}),
			{mode: 0o600},
		);
		const outputs = [broken, await profile(['list']), await profile(['list', '--json'])];
		for (const output of outputs) {
			// eslint-disable-next-line no-control-regex -- these are what must not get through
			expect(output.stdout + output.stderr).not.toMatch(/[\u001B\u0007\u009B\u202E]/);
		}
		expect(outputs[2]?.stdout).toContain('\\u202e');
		expect(JSON.parse(outputs[2]?.stdout ?? '')).toMatchObject({
			profiles: [{environment: hostile}],
		});
	});
});

describe('viktor-tui profile: consistent names, errors and help', () => {
	it('treats profile names without regard to case', async () => {
		expect((await profile(['add', 'lab', '-e', 'acme'])).code).toBe(0);
		expect(await profile(['add', 'LAB', '-e', 'cloud'])).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'viktor-tui: a profile named "lab" already exists (names ignore case); use --force to replace it\n',
		});
		const shown = await profile(['show', 'Lab']);
		expect(shown.stdout).toContain('Profile       lab');
		expect(shown.stderr).toBe('viktor-tui: Profile lab: VIKTOR_TOKEN_LAB is not set\n');
		expect((await profile(['add', 'LAB', '-e', 'cloud', '--force'])).code).toBe(0);
		expect(savedFile()).toEqual({
			defaultProfile: 'LAB',
			profiles: [{name: 'LAB', environment: 'cloud', tokenSource: expect.anything()}],
		});
		expect((await profile(['remove', 'lab'])).stdout).toMatch(/^Removed profile LAB\n/);
	});

	it.each([
		['show', ['show', 'x']],
		['remove', ['remove', 'x']],
		['default', ['default', 'x']],
	])('says which profiles exist, with exit 2, when %s names none', async (_command, argv) => {
		await profile(['add', 'acme', '-e', 'acme']);
		await profile(['add', 'lab', '-e', 'acme']);
		expect(await profile(argv)).toEqual({
			code: 2,
			stdout: '',
			stderr: 'viktor-tui: no profile named "x" (saved: acme, lab)\n',
		});
	});

	it('says so when nothing is saved at all', async () => {
		expect((await profile(['show', 'x'])).stderr).toBe(
			'viktor-tui: no profile named "x" (no profiles are saved yet)\n',
		);
	});

	it.each(['list', 'add', 'remove', 'default', 'show'])(
		'prints the help of profile %s for --help, -h and help, with exit 0',
		async (command) => {
			const outputs = [
				await profile([command, '--help']),
				await profile([command, 'some-name', '-h']),
				await profile(['help', command]),
			];
			for (const output of outputs) {
				expect(output.code).toBe(0);
				expect(output.stderr).toBe('');
				expect(output.stdout).toMatch(new RegExp(`^Usage: viktor-tui profile ${command}\\b`));
			}
		},
	);

	it('says that no profiles are left when the last one, the default, is removed', async () => {
		await profile(['add', 'acme', '-e', 'acme']);
		expect((await profile(['remove', 'acme'])).stdout).toBe(
			'Removed profile acme\nIt was the default; no profiles are left.\n',
		);
	});

	it('says nothing about the default when another profile is removed', async () => {
		await profile(['add', 'acme', '-e', 'acme']);
		await profile(['add', 'lab', '-e', 'acme']);
		expect((await profile(['remove', 'lab'])).stdout).toBe('Removed profile lab\n');
	});
});
