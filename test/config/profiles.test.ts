import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest';
import {resolveStartup} from '../../source/config/index.js';
import {
	configCommandRefusal,
	createProfileStore,
	defaultConfigDirectory,
	isValidProfileName,
	type PathOwnership,
	type Profile,
} from '../../source/config/profiles.js';
import {acme, local as localBase} from '../fixtures.js';

const run = promisify(execFile);
const profilesModule = fileURLToPath(new URL('../../source/config/profiles.ts', import.meta.url));
const isRoot = process.getuid?.() === 0;

const local: Profile = {...localBase, limit: 50, sort: 'name:desc'};

let root: string;
let directory: string;
let filePath: string;

beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-profiles-'));
	directory = path.join(root, 'viktor-tui');
	filePath = path.join(directory, 'config.json');
});

afterEach(() => {
	fs.chmodSync(root, 0o700);
	fs.rmSync(root, {recursive: true, force: true});
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Runs a script in a fresh Node process that can import the TypeScript sources. */
let bundledProfilesModule: string | undefined;

/**
 * The profiles module bundled into one world-readable file, so a child process running as an
 * unprivileged user can load it wherever the checkout lives (a 0700 temp dir, say).
 */
async function profilesModuleForChildren(): Promise<string> {
	if (bundledProfilesModule !== undefined) return bundledProfilesModule;
	const {build} = await import('esbuild');
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-profiles-bundle-'));
	fs.chmodSync(directory, 0o755);
	const outfile = path.join(directory, 'profiles.mjs');
	await build({
		entryPoints: [profilesModule],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		banner: {
			js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
		},
		logLevel: 'silent',
	});
	fs.chmodSync(outfile, 0o644);
	bundledProfilesModule = outfile;
	return outfile;
}

afterAll(() => {
	if (bundledProfilesModule !== undefined) {
		fs.rmSync(path.dirname(bundledProfilesModule), {recursive: true, force: true});
	}
});

async function runNode(script: string, options: {uid?: number; gid?: number} = {}) {
	const module = await profilesModuleForChildren();
	return run(
		process.execPath,
		[
			'--input-type=module',
			'-e',
			script.replaceAll(JSON.stringify(profilesModule), JSON.stringify(module)),
		],
		{cwd: os.tmpdir(), ...options},
	);
}

describe('defaultConfigDirectory', () => {
	it.each([
		['linux', {XDG_CONFIG_HOME: '/xdg'}, '/xdg/viktor-tui'],
		['linux', {}, '/home/ada/.config/viktor-tui'],
		['linux', {XDG_CONFIG_HOME: ''}, '/home/ada/.config/viktor-tui'],
		['darwin', {XDG_CONFIG_HOME: '/xdg'}, '/home/ada/Library/Preferences/viktor-tui'],
		[
			'win32',
			{APPDATA: 'C:\\Users\\ada\\AppData\\Roaming'},
			'C:\\Users\\ada\\AppData\\Roaming\\viktor-tui\\Config',
		],
	] as const)('on %s with %j is %s', (platform, env, expected) => {
		expect(
			defaultConfigDirectory({
				env: {...env},
				platform,
				homeDirectory: platform === 'win32' ? 'C:\\Users\\ada' : '/home/ada',
			}),
		).toBe(expected);
	});
});

describe('profile names', () => {
	it.each(['acme', 'cloud.us1', 'my_env-2', 'a'.repeat(64)])('accepts %s', (name) => {
		expect(isValidProfileName(name)).toBe(true);
	});
	it.each(['', 'a b', 'a/b', 'ü', 'a'.repeat(65), 'x;rm -rf'])('refuses %j', (name) => {
		expect(isValidProfileName(name)).toBe(false);
	});
});

describe('the profile store', () => {
	it('reads a missing file as no profiles without creating anything', () => {
		const snapshot = createProfileStore({configDirectory: directory}).read();
		expect(snapshot).toEqual({profiles: [], warnings: [], path: filePath, directory});
		expect(fs.existsSync(directory)).toBe(false);
	});

	it('saves and reads back profiles, the first one becoming the default', async () => {
		const store = createProfileStore({configDirectory: directory});
		expect((await store.saveProfile(acme)).ok).toBe(true);
		const result = await store.saveProfile(local);
		expect(result.ok && result.snapshot.profiles).toEqual([acme, local]);
		const snapshot = createProfileStore({configDirectory: directory}).read();
		expect(snapshot.profiles).toEqual([acme, local]);
		expect(snapshot.defaultProfile).toBe('acme');
		expect(snapshot.warnings).toEqual([]);
		expect(fs.existsSync(`${filePath}.lock`)).toBe(false);
	});

	it('writes the file 0600 inside a 0700 directory, also over an existing 0644 file', async () => {
		fs.mkdirSync(directory, {mode: 0o755});
		fs.writeFileSync(filePath, '{}', {mode: 0o644});
		fs.chmodSync(directory, 0o755);
		fs.chmodSync(filePath, 0o644);
		await createProfileStore({configDirectory: directory}).saveProfile(acme);
		expect(mode(directory)).toBe(0o700);
		expect(mode(filePath)).toBe(0o600);
	});

	it('uses XDG_CONFIG_HOME for its default directory', async () => {
		const store = createProfileStore({env: {XDG_CONFIG_HOME: root}});
		expect(store.path).toBe(filePath);
		await store.saveProfile(acme);
		expect(JSON.parse(fs.readFileSync(filePath, 'utf8'))).toMatchObject({defaultProfile: 'acme'});
	});

	it('refuses a duplicate name unless asked to replace, and replaces in place', async () => {
		const store = createProfileStore({configDirectory: directory});
		await store.saveProfile(acme);
		await store.saveProfile(local);
		expect(await store.saveProfile({...acme, environment: 'other'})).toEqual({
			ok: false,
			message: 'a profile named "acme" already exists (names ignore case)',
			code: 'exists',
		});
		const replaced = await store.saveProfile({...acme, environment: 'other'}, {replace: true});
		expect(replaced.ok && replaced.snapshot.profiles.map((profile) => profile.environment)).toEqual(
			['other', undefined],
		);
	});

	it('renames a profile and moves the default marker with it', async () => {
		const store = createProfileStore({configDirectory: directory});
		await store.saveProfile(acme);
		const result = await store.saveProfile({...acme, name: 'acme-prod'}, {previousName: 'acme'});
		expect(result.ok && result.snapshot.profiles.map((profile) => profile.name)).toEqual([
			'acme-prod',
		]);
		expect(result.ok && result.snapshot.defaultProfile).toBe('acme-prod');
	});

	it('changes the default and removes profiles, clearing a default that pointed at them', async () => {
		const store = createProfileStore({configDirectory: directory});
		await store.saveProfile(acme);
		await store.saveProfile(local);
		const changed = await store.setDefaultProfile('local');
		expect(changed.ok && changed.snapshot.defaultProfile).toBe('local');
		expect(await store.setDefaultProfile('nope')).toEqual({
			ok: false,
			message: 'no profile named "nope" (saved: acme, local)',
			code: 'not-found',
		});
		const removed = await store.removeProfile('local');
		expect(removed.ok && removed.snapshot).toMatchObject({profiles: [acme]});
		expect(removed.ok && removed.snapshot.defaultProfile).toBeUndefined();
		expect(await store.removeProfile('local')).toEqual({
			ok: false,
			message: 'no profile named "local" (saved: acme)',
			code: 'not-found',
		});
	});

	it('validates what it saves', async () => {
		const store = createProfileStore({configDirectory: directory});
		const bad = [
			{...acme, name: 'no spaces'},
			{...acme, baseUrl: 'https://x.test/api'},
			{name: 'x', tokenSource: acme.tokenSource},
			{...acme, tokenSource: {type: 'env', variable: 'NOT-A-VAR'}},
			{...acme, tokenSource: {type: 'command', command: '  '}},
			{...acme, limit: 0},
		] as Profile[];
		for (const profile of bad) {
			const result = await store.saveProfile(profile);
			expect(result.ok).toBe(false);
		}

		expect(fs.existsSync(filePath)).toBe(false);
	});

	it('keeps keys it does not know, at the top level and inside profiles', async () => {
		fs.mkdirSync(directory, {recursive: true});
		fs.writeFileSync(
			filePath,
			JSON.stringify({
				fromTheFuture: {theme: 'dark'},
				defaultProfile: 'acme',
				profiles: [{...acme, colour: 'teal', tokenSource: {...acme.tokenSource}}],
			}),
		);
		const store = createProfileStore({configDirectory: directory});
		await store.saveProfile({...acme, limit: 25}, {replace: true});
		await store.saveProfile(local);
		const written = JSON.parse(fs.readFileSync(filePath, 'utf8')) as Record<string, unknown>;
		expect(written).toEqual({
			fromTheFuture: {theme: 'dark'},
			defaultProfile: 'acme',
			profiles: [{...acme, limit: 25, colour: 'teal'}, local],
		});
	});

	it.each([
		['bad JSON', '{"profiles": [', 'JSON'],
		['a wrong shape', JSON.stringify({profiles: {acme: {}}}), 'profiles must be an array'],
		[
			'an invalid profile',
			JSON.stringify({
				profiles: [{name: 'acme', environment: 'acme', tokenSource: {type: 'plain'}}],
			}),
			'profiles[0].tokenSource.type must be "env" or "command"',
		],
		[
			'duplicate names',
			JSON.stringify({profiles: [acme, acme]}),
			'profiles[1].name "acme" is a duplicate',
		],
	])(
		'moves a file with %s aside with a warning naming both paths',
		async (_label, content, problem) => {
			fs.mkdirSync(directory, {recursive: true});
			fs.writeFileSync(filePath, content);
			const store = createProfileStore({
				configDirectory: directory,
				now: () => new Date('2026-11-27T22:40:01.123Z'),
			});
			const snapshot = store.read();
			const backup = `${filePath}.broken-2026-11-27T22-40-01.123Z`;
			expect(snapshot.profiles).toEqual([]);
			expect(snapshot.warnings).toHaveLength(1);
			expect(snapshot.warnings[0]).toContain(filePath);
			expect(snapshot.warnings[0]).toContain(backup);
			expect(snapshot.warnings[0]).toContain(problem);
			expect(fs.readFileSync(backup, 'utf8')).toBe(content);
			expect(fs.existsSync(filePath)).toBe(false);
			expect((await store.saveProfile(acme)).ok).toBe(true);
			expect(fs.readFileSync(backup, 'utf8')).toBe(content);
		},
	);

	it('warns about a default profile that does not exist and ignores it', () => {
		fs.mkdirSync(directory, {recursive: true});
		fs.writeFileSync(filePath, JSON.stringify({defaultProfile: 'gone', profiles: [acme]}));
		const snapshot = createProfileStore({configDirectory: directory}).read();
		expect(snapshot.defaultProfile).toBeUndefined();
		expect(snapshot.warnings).toEqual(['The default profile "gone" does not exist; ignoring it.']);
	});

	it('loses nothing when two store instances interleave their changes', async () => {
		const first = createProfileStore({configDirectory: directory});
		const second = createProfileStore({configDirectory: directory});
		expect(first.read().profiles).toEqual([]);
		expect(second.read().profiles).toEqual([]);
		await first.saveProfile(acme);
		await second.saveProfile(local);
		await Promise.all(
			Array.from({length: 10}, async (_, index) =>
				(index % 2 === 0 ? first : second).saveProfile({...acme, name: `p${index}`}),
			),
		);
		expect(
			first
				.read()
				.profiles.map((profile) => profile.name)
				.sort(),
		).toEqual(['acme', 'local', ...Array.from({length: 10}, (_, index) => `p${index}`)].sort());
	});

	it('loses nothing when two processes add profiles at the same moment', async () => {
		const script = (prefix: string) => `
			const {createProfileStore} = await import(${JSON.stringify(profilesModule)});
			const store = createProfileStore({configDirectory: ${JSON.stringify(directory)}});
			for (let index = 0; index < 15; index++) {
				const result = await store.saveProfile({name: '${prefix}' + index, environment: 'acme',
					tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN'}});
				if (!result.ok) throw new Error(result.message);
			}`;
		await Promise.all([runNode(script('a')), runNode(script('b'))]);
		const names = createProfileStore({configDirectory: directory})
			.read()
			.profiles.map((profile) => profile.name);
		expect(names).toHaveLength(30);
		expect(new Set(names).size).toBe(30);
	});

	it('breaks a lock left behind by a crashed process', async () => {
		fs.mkdirSync(directory, {recursive: true});
		fs.writeFileSync(`${filePath}.lock`, '12345 crashed');
		const old = new Date(Date.now() - 60_000);
		fs.utimesSync(`${filePath}.lock`, old, old);
		const result = await createProfileStore({configDirectory: directory}).saveProfile(acme);
		expect(result.ok).toBe(true);
		expect(fs.existsSync(`${filePath}.lock`)).toBe(false);
	});

	it('gives up with a clear message while another process holds the lock', async () => {
		fs.mkdirSync(directory, {recursive: true});
		fs.writeFileSync(`${filePath}.lock`, '12345 busy');
		const result = await createProfileStore({
			configDirectory: directory,
			lockTimeoutMs: 100,
		}).saveProfile(acme);
		expect(result).toEqual({
			ok: false,
			message: `Cannot save profiles: ${filePath}.lock is held by another viktor-tui (waited 0 s)`,
		});
		expect(fs.readFileSync(`${filePath}.lock`, 'utf8')).toBe('12345 busy');
	});

	it('says the directory is not writable when its path runs through a file', async () => {
		fs.writeFileSync(path.join(root, 'file'), '');
		const blocked = path.join(root, 'file', 'viktor-tui');
		const store = createProfileStore({configDirectory: blocked});
		expect(store.read()).toMatchObject({profiles: [], warnings: []});
		expect(await store.saveProfile(acme)).toEqual({
			ok: false,
			message: `Cannot save profiles: ${blocked} is not writable (ENOTDIR)`,
		});
	});

	it('never overwrites a file it cannot read', async () => {
		fs.mkdirSync(directory, {recursive: true});
		const content = JSON.stringify({profiles: [acme]});
		fs.writeFileSync(filePath, content, {mode: 0o600});
		fs.chmodSync(filePath, 0o600);
		fs.chmodSync(directory, 0o777);
		fs.chmodSync(root, 0o755);
		const script = `
			const {createProfileStore} = await import(${JSON.stringify(profilesModule)});
			const store = createProfileStore({configDirectory: ${JSON.stringify(directory)}});
			const {warnings} = store.read();
			const result = await store.saveProfile({name: 'local', environment: 'local.test',
				tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN'}});
			console.log(JSON.stringify({warnings, result}));`;
		if (!isRoot) fs.chmodSync(filePath, 0o000);
		const {stdout} = await runNode(script, isRoot ? {uid: 65_534, gid: 65_534} : {});
		const message = `Cannot read profiles from ${filePath} (EACCES); starting without saved profiles.`;
		expect(JSON.parse(stdout)).toEqual({warnings: [message], result: {ok: false, message}});
		fs.chmodSync(filePath, 0o600);
		expect(fs.readFileSync(filePath, 'utf8')).toBe(content);
	});

	it('says the directory is not writable (EACCES) to a user without permission', async () => {
		fs.mkdirSync(directory, {recursive: true});
		fs.writeFileSync(filePath, JSON.stringify({defaultProfile: 'acme', profiles: [acme]}));
		fs.chmodSync(filePath, 0o644);
		fs.chmodSync(directory, 0o555);
		fs.chmodSync(root, 0o755);
		const script = `
			const {createProfileStore} = await import(${JSON.stringify(profilesModule)});
			const store = createProfileStore({configDirectory: ${JSON.stringify(directory)}});
			const snapshot = store.read();
			const result = await store.saveProfile({name: 'local', environment: 'local.test',
				tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN'}});
			console.log(JSON.stringify({names: snapshot.profiles.map((p) => p.name), result}));`;
		// Root may write anywhere, so run the attempt as an unprivileged user.
		const {stdout} = await runNode(script, isRoot ? {uid: 65_534, gid: 65_534} : {});
		expect(JSON.parse(stdout)).toEqual({
			names: ['acme'],
			result: {ok: false, message: `Cannot save profiles: ${directory} is not writable (EACCES)`},
		});
	});
});

describe('who may arm a token command (like ssh with ~/.ssh/config)', () => {
	/** A saved config with a command profile, the file and directory then given these modes. */
	async function savedWithModes(fileMode: number, directoryMode: number) {
		expect((await createProfileStore({configDirectory: directory}).saveProfile(local)).ok).toBe(
			true,
		);
		fs.chmodSync(filePath, fileMode);
		fs.chmodSync(directory, directoryMode);
	}

	it('lets the commands of a 0600 file in a 0700 directory run', async () => {
		await savedWithModes(0o600, 0o700);
		expect(createProfileStore({configDirectory: directory}).read().commandRefusal).toBeUndefined();
	});

	it.each([
		[0o666, 'group and others', '0666'],
		[0o620, 'group', '0620'],
		[0o602, 'others', '0602'],
	])(
		'refuses a file of mode %o, writable by %s, saying how to fix it',
		async (fileMode, who, shown) => {
			await savedWithModes(fileMode, 0o700);
			expect(createProfileStore({configDirectory: directory}).read().commandRefusal).toBe(
				`Not running token commands from ${filePath}: the file is writable by ${who} (mode ${shown}). Fix it with: chmod 600 ${filePath}`,
			);
		},
	);

	it('refuses a directory others can write (they could swap the file)', async () => {
		await savedWithModes(0o600, 0o777);
		expect(createProfileStore({configDirectory: directory}).read().commandRefusal).toBe(
			`Not running token commands from ${filePath}: ${directory} is writable by group and others (mode 0777). Fix it with: chmod 700 ${directory}`,
		);
	});

	it('refuses a file that belongs to another user', async () => {
		await savedWithModes(0o600, 0o700);
		const me = process.getuid?.() ?? 1000;
		const store = createProfileStore({
			configDirectory: directory,
			userId: me,
			statPath: (target) => {
				const stats = fs.statSync(target);
				return {mode: stats.mode, uid: target === filePath ? me + 4242 : stats.uid};
			},
		});
		expect(store.read().commandRefusal).toBe(
			`Not running token commands from ${filePath}: the file belongs to another user (uid ${me + 4242}). Make it yours: chown ${me} ${filePath} && chmod 600 ${filePath}`,
		);
	});

	it.runIf(isRoot)('refuses a real file owned by another user (chown)', async () => {
		await savedWithModes(0o600, 0o700);
		fs.chownSync(filePath, 4242, 4242);
		expect(createProfileStore({configDirectory: directory}).read().commandRefusal).toMatch(
			/belongs to another user \(uid 4242\)/,
		);
	});

	it('accepts files owned by root, as ssh does', async () => {
		await savedWithModes(0o600, 0o700);
		const store = createProfileStore({
			configDirectory: directory,
			userId: 4242,
			statPath: (target) => ({mode: fs.statSync(target).mode, uid: 0}),
		});
		expect(store.read().commandRefusal).toBeUndefined();
	});

	it('refuses when a directory above is writable by others: they could swap the directory', async () => {
		await savedWithModes(0o600, 0o700);
		fs.chmodSync(root, 0o777);
		expect(createProfileStore({configDirectory: directory}).read().commandRefusal).toBe(
			`Not running token commands from ${filePath}: ${root} is writable by group and others (mode 0777). Fix it with: chmod go-w ${root}`,
		);
	});

	it('accepts a sticky directory above, such as /tmp', async () => {
		await savedWithModes(0o600, 0o700);
		fs.chmodSync(root, 0o1777);
		expect(createProfileStore({configDirectory: directory}).read().commandRefusal).toBeUndefined();
	});

	it('quotes a path with spaces in the fix', async () => {
		const spaced = path.join(root, 'my config');
		const store = createProfileStore({configDirectory: spaced});
		expect((await store.saveProfile(local)).ok).toBe(true);
		fs.chmodSync(spaced, 0o757);
		expect(store.read().commandRefusal).toMatch(/Fix it with: chmod 700 '.*\/my config'$/);
	});

	it('puts back 0600 and 0700 when it writes, so the commands may run again', async () => {
		await savedWithModes(0o666, 0o777);
		const store = createProfileStore({configDirectory: directory});
		expect((await store.saveProfile(acme)).ok).toBe(true);
		expect(mode(filePath)).toBe(0o600);
		expect(mode(directory)).toBe(0o700);
		expect(store.read().commandRefusal).toBeUndefined();
	});

	const me = process.getuid?.() ?? 1000;
	/** The permission check's view of `target`: as it is, but `directory` writable by others. */
	const directoryWritable = (target: string): PathOwnership => {
		const {mode: targetMode} = fs.statSync(target);
		return {mode: target === directory ? targetMode | 0o002 : targetMode, uid: me};
	};

	/** A store that sees `directory` writable by others, and the paths its check stats. */
	function countingStore(): {store: ReturnType<typeof createProfileStore>; stats: string[]} {
		const stats: string[] = [];
		const statPath = (target: string): PathOwnership => {
			stats.push(target);
			return directoryWritable(target);
		};
		return {store: createProfileStore({configDirectory: directory, userId: me, statPath}), stats};
	}

	it('checks the permissions only when commandRefusal is read, once per snapshot', async () => {
		await savedWithModes(0o600, 0o700);
		const {store, stats} = countingStore();
		const snapshot = store.read();
		expect(snapshot.profiles.map((profile) => profile.name)).toEqual(['local']);
		expect(stats).toEqual([]);
		const expected = configCommandRefusal({filePath, userId: me, statPath: directoryWritable});
		expect(expected).toMatch(/^Not running token commands from .*: .* is writable by others/);
		expect(snapshot.commandRefusal).toBe(expected);
		const checked = stats.length;
		expect(checked).toBeGreaterThan(0);
		expect(snapshot.commandRefusal).toBe(expected);
		expect({...snapshot}.commandRefusal).toBe(expected);
		expect(stats).toHaveLength(checked);
	});

	it('refuses a command profile read earlier even after the file changed', async () => {
		await savedWithModes(0o600, 0o700);
		const {store} = countingStore();
		const snapshot = store.read();
		fs.writeFileSync(filePath, JSON.stringify({profiles: [acme]}));
		expect(snapshot.commandRefusal).toMatch(/is writable by others/);
	});

	it('still refuses to resolve a command token from an unsafe config, and stats nothing for a variable', async () => {
		await savedWithModes(0o600, 0o700);
		const {store, stats} = countingStore();
		const startup = await resolveStartup({
			flags: {},
			env: {PATH: process.env.PATH},
			store: store.read(),
		});
		expect(startup).toMatchObject({
			kind: 'setup',
			step: 'token',
			reason: expect.stringMatching(/^Not running token commands from .*writable by others/),
		});
		expect(stats.length).toBeGreaterThan(0);

		await createProfileStore({configDirectory: directory}).saveProfile(acme, {makeDefault: true});
		const variable = countingStore();
		expect(
			await resolveStartup({
				flags: {},
				env: {VIKTOR_TOKEN_ACME: 'vktrpat_demo_token'},
				store: variable.store.read(),
			}),
		).toMatchObject({kind: 'session', token: 'vktrpat_demo_token'});
		expect(variable.stats).toEqual([]);
	});

	it('never lets a token be saved inside a token command', async () => {
		const store = createProfileStore({configDirectory: directory});
		const secret = `vktrpat_demo${'x'.repeat(30)}`;
		const result = await store.saveProfile({
			...local,
			tokenSource: {type: 'command', command: `echo ${secret}`},
		});
		expect(result.ok).toBe(false);
		expect(!result.ok && result.message).toMatch(/^Cannot save: the token command holds a token/);
		expect(JSON.stringify(result)).not.toContain(secret.slice(8));
		expect(fs.existsSync(filePath)).toBe(false);
	});
});

describe('profile names ignore case (profileNameProblem, tested in profile-name.test.ts)', () => {
	it('is what the store enforces on save', async () => {
		const store = createProfileStore({configDirectory: directory});
		await store.saveProfile({...acme, name: 'lab'});
		expect(await store.saveProfile({...acme, name: 'LAB'})).toEqual({
			ok: false,
			message: 'a profile named "lab" already exists (names ignore case)',
			code: 'exists',
		});
	});
});

describe('a writer that paused between reading and writing (compare-and-swap)', () => {
	const us: Profile = {
		name: 'us',
		environment: 'cloud.us1',
		tokenSource: {type: 'env', variable: 'X'},
	};

	/** A store whose clock runs a minute ahead: to it, any lock held now looks abandoned. */
	const impatient = () =>
		createProfileStore({configDirectory: directory, now: () => new Date(Date.now() + 60_000)});

	/** Saves `us` through a store that pauses before it writes, running `meanwhile` then. */
	async function saveWhilePausing(meanwhile: (pause: number) => Promise<void>) {
		await createProfileStore({configDirectory: directory}).saveProfile(acme);
		let pauses = 0;
		const slow = createProfileStore({
			configDirectory: directory,
			async beforeWrite() {
				pauses++;
				await meanwhile(pauses);
			},
		});
		const result = await slow.saveProfile(us);
		const names = createProfileStore({configDirectory: directory})
			.read()
			.profiles.map((profile) => profile.name);
		return {result, pauses, names};
	}

	it('does not overwrite what another process saved after breaking its lock, and still saves', async () => {
		const {result, pauses, names} = await saveWhilePausing(async (pause) => {
			// The first time, another process takes the lock as stale and saves meanwhile.
			if (pause === 1) expect((await impatient().saveProfile(local)).ok).toBe(true);
		});
		expect(result.ok).toBe(true);
		expect(pauses).toBe(2);
		expect(names).toEqual(['acme', 'local', 'us']);
	});

	it('reports a write that kept losing as not saved, never as saved', async () => {
		const {result, names} = await saveWhilePausing(async (pause) => {
			expect((await impatient().saveProfile({...local, name: `other${pause}`})).ok).toBe(true);
		});
		expect(result).toEqual({
			ok: false,
			message: `Cannot save profiles: other viktor-tui processes kept changing ${filePath} at the same time (tried 3 times); this change was not saved, try again`,
		});
		expect(names).toEqual(['acme', 'other1', 'other2', 'other3']);
	});

	it('judges a lock stale by the injected clock, not by the wall clock', async () => {
		fs.mkdirSync(directory, {recursive: true});
		fs.writeFileSync(`${filePath}.lock`, '12345 busy');
		const patient = createProfileStore({configDirectory: directory, lockTimeoutMs: 50});
		expect((await patient.saveProfile(acme)).ok).toBe(false);
		expect((await impatient().saveProfile(acme)).ok).toBe(true);
	});
});

describe('warnings about the file', () => {
	it('quote nothing that could steer a terminal, for every screen that shows them', () => {
		fs.mkdirSync(directory, {recursive: true});
		const hostile = 'x\u001B]0;owned\u0007\u001B[2J\u202Ey\u009B31m';
		fs.writeFileSync(filePath, JSON.stringify({defaultProfile: hostile, profiles: [acme]}));
		const [warning] = createProfileStore({configDirectory: directory}).read().warnings;
		expect(warning).toBe('The default profile "xy" does not exist; ignoring it.');
	});
});
