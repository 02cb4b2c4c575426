/**
 * Saved environment profiles: where they live on disk, what a valid file looks like, and how two
 * viktor-tui processes change them at the same time without losing each other's work.
 *
 * Reading never imports conf and never writes (except moving a broken file aside); writing loads
 * conf lazily, holds a lock file around read-modify-write, and keeps keys this version does not
 * know. A profile records where the token comes from, never the token.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {sanitizeLine} from '../sanitize.js';
import {tokenCommandProblem} from './credentials.js';

/** Where a profile's token comes from when the app starts. */
export type TokenSource = {type: 'env'; variable: string} | {type: 'command'; command: string};

/** A saved profile. Exactly one of `environment` (as typed, e.g. `acme`) and `baseUrl` is set. */
export type Profile = {
	name: string;
	environment?: string;
	baseUrl?: string;
	tokenSource: TokenSource;
	/** Page size to request, where the user chose one. */
	limit?: number;
	/** A documented sort such as `name` or `created_at:desc`. */
	sort?: string;
};

/** Environment variables as a plain record (process.env or a test's own). */
export type EnvironmentVariables = Record<string, string | undefined>;

/** What the config file holds, as far as this version understands it. */
export type ProfileSnapshot = {
	profiles: Profile[];
	/** The default profile's name; only set when such a profile exists. */
	defaultProfile?: string;
	/** One-line, human warnings about the file (moved aside, unreadable, stale default). */
	warnings: string[];
	/** The config file, e.g. `~/.config/viktor-tui/config.json`. */
	path: string;
	/** The directory holding it. */
	directory: string;
	/**
	 * Set when the file or its directory could be changed by someone else: then no token command
	 * from it may run. One line that says how to fix the permissions. In a snapshot from
	 * `ProfileStore.read` it is a getter: the permissions (the file, its directory and every
	 * directory above) are checked when it is first read, once per snapshot, whatever the file
	 * holds; only a token command needs it (see `commandRefusalFor`).
	 */
	readonly commandRefusal?: string;
};

/** What the permission check reads about a path. */
export type PathOwnership = {mode: number; uid: number};

/**
 * The outcome of a change to the saved profiles. A failure's `code` tells apart the profile that
 * is not there (`not-found`) and a name already taken (`exists`) from every other failure.
 */
export type StoreResult =
	| {ok: true; snapshot: ProfileSnapshot}
	| {ok: false; message: string; code?: 'not-found' | 'exists'};

/** Options of {@link createProfileStore}. */
export type ProfileStoreOptions = {
	/** The config directory; by default the OS config directory for `viktor-tui`. */
	configDirectory?: string;
	/** Environment used to find the default directory (`XDG_CONFIG_HOME`, `APPDATA`). */
	env?: EnvironmentVariables;
	/** A lock file older than this is considered abandoned by a crashed process. Default 5000. */
	lockStaleMs?: number;
	/** How long a writer waits for the lock before giving up. Default 8000. */
	lockTimeoutMs?: number;
	/** The clock used for backup names, the age of a lock and how long to wait for it. */
	now?: () => Date;
	/**
	 * Called under the lock between reading the file and writing it; tests pause a writer here
	 * to show that a lost race is never reported as saved.
	 */
	beforeWrite?: () => Promise<void>;
	/** The user viktor-tui runs as. Default `process.getuid()`; none on Windows (no check). */
	userId?: number;
	/** Reads a path's mode and owner. Default `fs.statSync`; tests pretend another owner. */
	statPath?: (path: string) => PathOwnership;
};

/** Options of {@link ProfileStore.saveProfile}. */
export type SaveProfileOptions = {
	/** Replace a profile of the same name instead of refusing. */
	replace?: boolean;
	/** Make the saved profile the default. The first profile saved becomes the default anyway. */
	makeDefault?: boolean;
	/** The profile's name before this edit, when it is being renamed. */
	previousName?: string;
};

/** Reads and changes the saved profiles of one config directory. */
export type ProfileStore = {
	readonly directory: string;
	readonly path: string;
	/** Reads the file. Never throws; problems come back as `warnings`. */
	read(): ProfileSnapshot;
	/** Adds or replaces a profile. */
	saveProfile(profile: Profile, options?: SaveProfileOptions): Promise<StoreResult>;
	/** Removes a profile (and the default marker, if it pointed at it). */
	removeProfile(name: string): Promise<StoreResult>;
	/** Makes an existing profile the default, or clears the default with `undefined`. */
	setDefaultProfile(name: string | undefined): Promise<StoreResult>;
};

/** Allowed profile names: letters, digits, dot, underscore and hyphen; 1 to 64 characters. */
export const profileNamePattern = /^[\w.-]{1,64}$/;

const environmentVariablePattern = /^[A-Za-z_]\w*$/;
const configFileName = 'config.json';
const maximumLimit = 1000;
const unwritableCodes = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR']);

/** Whether `name` may be used as a profile name. */
export function isValidProfileName(name: string): boolean {
	return profileNamePattern.test(name);
}

/**
 * Why `name` cannot name a profile beside the `existing` names, or undefined when it can. Names
 * are unique ignoring case, because `lab` and `LAB` would share `VIKTOR_TOKEN_LAB`; `previousName`
 * is the profile being renamed, which may keep its own name in another case.
 */
export function profileNameProblem(
	name: string,
	existing: readonly string[],
	previousName?: string,
): string | undefined {
	if (!isValidProfileName(name)) {
		return 'a profile name uses letters, digits, dot, underscore and hyphen (up to 64)';
	}

	const key = name.toLowerCase();
	const taken = existing.find(
		(other) => other.toLowerCase() === key && other.toLowerCase() !== previousName?.toLowerCase(),
	);
	return taken === undefined
		? undefined
		: `a profile named "${taken}" already exists (names ignore case)`;
}

/** Whether `name` may be used as an environment variable holding a token. */
export function isValidEnvironmentVariableName(name: string): boolean {
	return environmentVariablePattern.test(name);
}

/** Whether two profile names name the same profile: names ignore case (`lab` is `LAB`). */
export function sameProfileName(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

/** The saved profile called `name`: the exact name first, else the same name in another case. */
export function findProfile<T extends {name: string}>(
	profiles: readonly T[],
	name: string,
): T | undefined {
	return (
		profiles.find((profile) => profile.name === name) ??
		profiles.find((profile) => sameProfileName(profile.name, name))
	);
}

/** `no profile named "x" (saved: a, b)`, or `(no profiles are saved yet)`. */
export function noProfileMessage(name: string, savedNames: readonly string[]): string {
	const saved =
		savedNames.length === 0 ? 'no profiles are saved yet' : `saved: ${savedNames.join(', ')}`;
	return `no profile named "${name}" (${saved})`;
}

/**
 * The OS config directory for viktor-tui, computed like conf's env-paths does with
 * `projectSuffix: ''`: `$XDG_CONFIG_HOME/viktor-tui` (or `~/.config/viktor-tui`) on Linux,
 * `~/Library/Preferences/viktor-tui` on macOS, `%APPDATA%\viktor-tui\Config` on Windows.
 */
export function defaultConfigDirectory(
	options: {
		env?: EnvironmentVariables;
		platform?: NodeJS.Platform;
		homeDirectory?: string;
	} = {},
): string {
	const env = options.env ?? process.env;
	const platform = options.platform ?? process.platform;
	const home = options.homeDirectory ?? os.homedir();
	const join = platform === 'win32' ? path.win32.join : path.posix.join;
	if (platform === 'darwin') return join(home, 'Library', 'Preferences', 'viktor-tui');
	if (platform === 'win32') {
		return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'viktor-tui', 'Config');
	}
	return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'viktor-tui');
}

type JsonRecord = Record<string, unknown>;

type StoredProfile = {profile: Profile; raw: JsonRecord};

type ConfigDocument = {root: JsonRecord; profiles: StoredProfile[]};

/** Why a change was refused: one human sentence, and what kind of refusal it is. */
type Refusal = {message: string; code?: 'not-found' | 'exists'};

type Validation<T> = {ok: true; value: T} | {ok: false; problem: string};

function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateTokenSource(value: unknown, where: string): Validation<TokenSource> {
	if (!isRecord(value)) return {ok: false, problem: `${where} must be an object`};
	if (value.type === 'env') {
		if (typeof value.variable !== 'string' || !isValidEnvironmentVariableName(value.variable)) {
			return {ok: false, problem: `${where}.variable must be an environment variable name`};
		}
		return {ok: true, value: {type: 'env', variable: value.variable}};
	}
	if (value.type === 'command') {
		if (typeof value.command !== 'string' || value.command.trim() === '') {
			return {ok: false, problem: `${where}.command must be a non-empty string`};
		}
		return {ok: true, value: {type: 'command', command: value.command}};
	}
	return {ok: false, problem: `${where}.type must be "env" or "command"`};
}

/** Checks one profile object; the same rules apply to what is read and to what is saved. */
function validateProfile(value: unknown, where: string): Validation<Profile> {
	if (!isRecord(value)) return {ok: false, problem: `${where} must be an object`};
	const {name, environment, baseUrl, limit, sort} = value;
	if (typeof name !== 'string' || !isValidProfileName(name)) {
		return {ok: false, problem: `${where}.name must match [A-Za-z0-9._-]{1,64}`};
	}
	if (environment !== undefined && (typeof environment !== 'string' || environment.trim() === '')) {
		return {ok: false, problem: `${where}.environment must be a non-empty string`};
	}
	if (baseUrl !== undefined && (typeof baseUrl !== 'string' || baseUrl.trim() === '')) {
		return {ok: false, problem: `${where}.baseUrl must be a non-empty string`};
	}
	if ((environment === undefined) === (baseUrl === undefined)) {
		return {ok: false, problem: `${where} needs exactly one of environment and baseUrl`};
	}
	if (
		limit !== undefined &&
		(typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > maximumLimit)
	) {
		return {ok: false, problem: `${where}.limit must be an integer from 1 to ${maximumLimit}`};
	}
	if (sort !== undefined && (typeof sort !== 'string' || sort.trim() === '')) {
		return {ok: false, problem: `${where}.sort must be a non-empty string`};
	}
	const tokenSource = validateTokenSource(value.tokenSource, `${where}.tokenSource`);
	if (!tokenSource.ok) return tokenSource;
	const profile: Profile = {name, tokenSource: tokenSource.value};
	if (typeof environment === 'string') profile.environment = environment;
	if (typeof baseUrl === 'string') profile.baseUrl = baseUrl;
	if (typeof limit === 'number') profile.limit = limit;
	if (typeof sort === 'string') profile.sort = sort;
	return {ok: true, value: profile};
}

function validateDocument(value: unknown): Validation<ConfigDocument> {
	if (!isRecord(value)) return {ok: false, problem: 'the top level must be an object'};
	const {profiles, defaultProfile} = value;
	if (profiles !== undefined && !Array.isArray(profiles)) {
		return {ok: false, problem: 'profiles must be an array'};
	}
	if (defaultProfile !== undefined && typeof defaultProfile !== 'string') {
		return {ok: false, problem: 'defaultProfile must be a string'};
	}
	const stored: StoredProfile[] = [];
	const seen = new Set<string>();
	for (const [index, entry] of (profiles ?? []).entries()) {
		const result = validateProfile(entry, `profiles[${index}]`);
		if (!result.ok) return result;
		if (seen.has(result.value.name)) {
			return {ok: false, problem: `profiles[${index}].name "${result.value.name}" is a duplicate`};
		}
		seen.add(result.value.name);
		stored.push({profile: result.value, raw: entry as JsonRecord});
	}
	return {ok: true, value: {root: value, profiles: stored}};
}

type ReadOutcome =
	| {kind: 'missing'}
	| {kind: 'ok'; document: ConfigDocument; raw: string}
	| {kind: 'broken'; problem: string}
	| {kind: 'unreadable'; code: string};

function errorCode(error: unknown): string {
	if (isRecord(error) && typeof error.code === 'string') return error.code;
	return error instanceof Error ? error.message : String(error);
}

function readFile(filePath: string): ReadOutcome {
	let text: string;
	try {
		text = fs.readFileSync(filePath, 'utf8');
	} catch (error) {
		const code = errorCode(error);
		// ENOTDIR: part of the path is a file, so there is no config file; saving will say why.
		return code === 'ENOENT' || code === 'ENOTDIR' ? {kind: 'missing'} : {kind: 'unreadable', code};
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		return {kind: 'broken', problem: error instanceof Error ? error.message : String(error)};
	}
	const validation = validateDocument(parsed);
	return validation.ok
		? {kind: 'ok', document: validation.value, raw: text}
		: {kind: 'broken', problem: validation.problem};
}

function backupName(filePath: string, now: Date): string {
	return `${filePath}.broken-${now.toISOString().replaceAll(':', '-')}`;
}

/** A read of the file: `raw` is the bytes `document` came from (none when there is no file). */
type Loaded = {document: ConfigDocument; warnings: string[]; blocked?: string; raw?: string};

const emptyDocument = (): ConfigDocument => ({root: {}, profiles: []});

/**
 * Reads the file; a broken one is renamed to `config.json.broken-<timestamp>` (never deleted) so
 * that the app can start. `blocked` is set when the file exists but must not be overwritten.
 */
function loadDocument(filePath: string, now: () => Date): Loaded {
	const outcome = readFile(filePath);
	if (outcome.kind === 'missing') return {document: emptyDocument(), warnings: []};
	if (outcome.kind === 'ok') return {document: outcome.document, warnings: [], raw: outcome.raw};
	if (outcome.kind === 'unreadable') {
		const message = `Cannot read profiles from ${filePath} (${outcome.code}); starting without saved profiles.`;
		return {document: emptyDocument(), warnings: [message], blocked: message};
	}
	const backup = backupName(filePath, now());
	try {
		fs.renameSync(filePath, backup);
	} catch (error) {
		const code = errorCode(error);
		// Another process moved it aside first: what is there now is its business; read again.
		if (code === 'ENOENT') return loadDocument(filePath, now);
		const message = `Config file ${filePath} is invalid (${outcome.problem}) and could not be moved aside to ${backup} (${code}); ignoring saved profiles until it is fixed.`;
		return {document: emptyDocument(), warnings: [message], blocked: message};
	}
	return {
		document: emptyDocument(),
		warnings: [
			`Config file ${filePath} was invalid (${outcome.problem}); moved it to ${backup} and started without saved profiles.`,
		],
	};
}

function snapshotOf(loaded: Loaded, filePath: string): ProfileSnapshot {
	const profiles = loaded.document.profiles.map((entry) => entry.profile);
	const warnings = [...loaded.warnings];
	const defaultName = loaded.document.root.defaultProfile;
	let defaultProfile: string | undefined;
	if (typeof defaultName === 'string') {
		if (profiles.some((profile) => profile.name === defaultName)) defaultProfile = defaultName;
		else warnings.push(`The default profile "${defaultName}" does not exist; ignoring it.`);
	}
	return {
		profiles,
		...(defaultProfile === undefined ? {} : {defaultProfile}),
		// They quote the file (a parse error shows its text): safe for any screen that shows them.
		warnings: warnings.map((warning) => sanitizeLine(warning)),
		path: filePath,
		directory: path.dirname(filePath),
	};
}

const knownProfileKeys = new Set([
	'name',
	'environment',
	'baseUrl',
	'tokenSource',
	'limit',
	'sort',
]);

/** Raw JSON of a profile: its known fields, then the keys of what was stored that we do not know. */
function rawProfile(profile: Profile, previous: JsonRecord | undefined): JsonRecord {
	const unknown = Object.entries(previous ?? {}).filter(([key]) => !knownProfileKeys.has(key));
	return {...profile, tokenSource: {...profile.tokenSource}, ...Object.fromEntries(unknown)};
}

const delay = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

class StoreError extends Error {}

function describeWriteError(directory: string, error: unknown): string {
	if (error instanceof StoreError) return error.message;
	const code = errorCode(error);
	if (unwritableCodes.has(code))
		return `Cannot save profiles: ${directory} is not writable (${code})`;
	return `Cannot save profiles to ${directory}: ${error instanceof Error ? error.message : code}`;
}

function prepareDirectory(directory: string): void {
	fs.mkdirSync(directory, {recursive: true, mode: 0o700});
	try {
		fs.chmodSync(directory, 0o700);
	} catch (error) {
		// A directory owned by someone else (a shared, admin-made config dir) is still usable.
		if (errorCode(error) !== 'EPERM') throw error;
	}
	fs.accessSync(directory, fs.constants.W_OK);
}

/** A held lock: whether it is still ours (a writer that paused too long may have lost it). */
type HeldLock = {isStillOurs(): boolean};

/**
 * Holds `lockPath` (created with O_EXCL) while `work` runs. A lock older than `staleMs` by the
 * injected clock is taken to be left over from a crashed process and is broken; because a live
 * holder may only have paused (a slow disk, Ctrl+Z), `work` must check `isStillOurs()` before it
 * writes. Only the holder's own lock is ever removed on release.
 */
async function withLock<T>(
	lockPath: string,
	work: (lock: HeldLock) => Promise<T>,
	{staleMs, timeoutMs, now}: {staleMs: number; timeoutMs: number; now: () => number},
): Promise<T> {
	// Loaded here, not at the top: an ESM import of node:crypto loads its webcrypto too, ~10 ms
	// that every start (which only reads profiles) would pay; getBuiltinModule, not import(),
	// which in the CommonJS build would start the ESM loader.
	const {randomUUID} = process.getBuiltinModule('node:crypto');
	const ownToken = `${process.pid} ${randomUUID()}`;
	const deadline = now() + timeoutMs;
	for (;;) {
		try {
			fs.writeFileSync(lockPath, ownToken, {flag: 'wx', mode: 0o600});
			break;
		} catch (error) {
			if (errorCode(error) !== 'EEXIST') throw error;
		}
		try {
			const age = now() - fs.statSync(lockPath).mtimeMs;
			if (age > staleMs) {
				fs.rmSync(lockPath, {force: true});
				continue;
			}
		} catch (error) {
			if (errorCode(error) === 'ENOENT') continue;
			throw error;
		}
		if (now() > deadline) {
			throw new StoreError(
				`Cannot save profiles: ${lockPath} is held by another viktor-tui (waited ${Math.round(timeoutMs / 1000)} s)`,
			);
		}
		await delay(10 + Math.random() * 20);
	}
	const isStillOurs = () => {
		try {
			return fs.readFileSync(lockPath, 'utf8') === ownToken;
		} catch {
			return false;
		}
	};
	try {
		return await work({isStillOurs});
	} finally {
		if (isStillOurs()) fs.rmSync(lockPath, {force: true});
	}
}

/** The file's bytes, or undefined when there is none: what a compare-and-swap compares. */
function readRaw(filePath: string): string | undefined {
	try {
		return fs.readFileSync(filePath, 'utf8');
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return undefined;
		throw error;
	}
}

async function writeDocument(directory: string, filePath: string, root: JsonRecord): Promise<void> {
	const {default: Conf} = await import('conf');
	// No `defaults` and no schema: construction only reads (validation is ours, done before).
	const conf = new Conf<JsonRecord>({
		projectName: 'viktor-tui',
		projectSuffix: '',
		cwd: directory,
		configName: 'config',
		configFileMode: 0o600,
		accessPropertiesByDotNotation: false,
	});
	conf.store = root;
	// The file may have been made wider by hand since; ours is 0600 again whenever we write.
	fs.chmodSync(filePath, 0o600);
}

const shellSafePath = /^[\w./@%+=:,-]+$/;

function quotePath(value: string): string {
	return shellSafePath.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Why token commands from `filePath` must not run, like ssh with `~/.ssh/config`: the file, its
 * directory or a directory above is owned by another user (root excepted) or writable by group or
 * others (a sticky directory above, such as /tmp, is fine). Undefined when all are safe; what does
 * not exist yet is not checked.
 */
export function configCommandRefusal({
	filePath,
	userId,
	statPath,
}: {
	filePath: string;
	userId: number | undefined;
	statPath: (path: string) => PathOwnership;
}): string | undefined {
	if (userId === undefined) return undefined;
	const directory = path.dirname(filePath);
	const refuse = (why: string) => `Not running token commands from ${filePath}: ${why}`;
	const checks: Array<{target: string; fix: string; isAncestor: boolean}> = [
		{target: directory, fix: 'chmod 700', isAncestor: false},
		{target: filePath, fix: 'chmod 600', isAncestor: false},
		// Whoever can write a directory above could swap the whole config directory.
		...ancestorsOf(directory).map((target) => ({target, fix: 'chmod go-w', isAncestor: true})),
	];
	for (const {target, fix, isAncestor} of checks) {
		let stats: PathOwnership;
		try {
			stats = statPath(target);
		} catch (error) {
			if (errorCode(error) === 'ENOENT') continue;
			return refuse(`cannot check ${target} (${errorCode(error)}).`);
		}
		const quoted = quotePath(target);
		const subject = target === filePath ? 'the file' : target;
		if (stats.uid !== userId && stats.uid !== 0) {
			return refuse(
				`${subject} belongs to another user (uid ${stats.uid}). Make it yours: chown ${userId} ${quoted} && ${fix} ${quoted}`,
			);
		}
		// In a sticky directory (/tmp) others cannot rename or remove what is ours.
		if (isAncestor && (stats.mode & 0o1000) !== 0) continue;
		const writable = [stats.mode & 0o020 ? 'group' : '', stats.mode & 0o002 ? 'others' : '']
			.filter((who) => who !== '')
			.join(' and ');
		if (writable !== '') {
			const shown = (stats.mode & 0o777).toString(8).padStart(4, '0');
			return refuse(
				`${subject} is writable by ${writable} (mode ${shown}). Fix it with: ${fix} ${quoted}`,
			);
		}
	}
	return undefined;
}

/**
 * `snapshot` with `commandRefusal` as a getter that runs `check` on first read and keeps what it
 * gave: the stats of the permission check (~0.45 ms cold) are paid only by a token command.
 */
function withLazyRefusal(
	snapshot: ProfileSnapshot,
	check: () => string | undefined,
): ProfileSnapshot {
	let refusal: {value: string | undefined} | undefined;
	return Object.defineProperty(snapshot, 'commandRefusal', {
		get() {
			refusal ??= {value: check()};
			return refusal.value;
		},
		enumerable: true,
	});
}

/**
 * The `commandRefusal` that `resolveToken` needs for `source`: the snapshot's (its permission
 * check runs now, when not yet run) for a token command, none for a variable, which runs nothing.
 */
export function commandRefusalFor(
	source: TokenSource,
	snapshot: {readonly commandRefusal?: string},
): string | undefined {
	return source.type === 'command' ? snapshot.commandRefusal : undefined;
}

/** The directories above `directory`, nearest first, up to the root. */
function ancestorsOf(directory: string): string[] {
	const ancestors: string[] = [];
	for (let current = path.dirname(directory); ; current = path.dirname(current)) {
		if (ancestors.at(-1) === current || current === directory) break;
		ancestors.push(current);
	}
	return ancestors;
}

/** A profile store over one config directory (by default the OS config directory). */
export function createProfileStore(options: ProfileStoreOptions = {}): ProfileStore {
	const directory =
		options.configDirectory ?? defaultConfigDirectory(options.env ? {env: options.env} : {});
	const filePath = path.join(directory, configFileName);
	const lockPath = `${filePath}.lock`;
	const now = options.now ?? (() => new Date());
	const ownership = {
		filePath,
		userId: 'userId' in options ? options.userId : process.getuid?.(),
		statPath: options.statPath ?? ((target: string) => fs.statSync(target)),
	};
	const lockOptions = {
		staleMs: options.lockStaleMs ?? 5000,
		timeoutMs: options.lockTimeoutMs ?? 8000,
	};

	/** How many times a write that lost a race is tried again before it is reported as lost. */
	const attempts = 3;
	const clock = () => now().getTime();

	/**
	 * A compare-and-swap on the file: under the lock, read it, apply `change`, and write only if
	 * the lock is still ours and the file still holds exactly what was read; afterwards check that
	 * `isApplied` holds for what is on disk. A lost race is tried again from the start, and after
	 * `attempts` it is reported as a failure, never as success.
	 */
	async function update(
		change: (document: ConfigDocument) => Refusal | undefined,
		isApplied: (document: ConfigDocument) => boolean,
	): Promise<StoreResult> {
		try {
			prepareDirectory(directory);
			for (let attempt = 1; attempt <= attempts; attempt++) {
				const outcome = await withLock(
					lockPath,
					async (lock): Promise<StoreResult | 'lost'> => {
						const loaded = loadDocument(filePath, now);
						if (loaded.blocked !== undefined) return {ok: false, message: loaded.blocked};
						const refusal = change(loaded.document);
						if (refusal !== undefined) return {ok: false, ...refusal};
						const root: JsonRecord = {
							...loaded.document.root,
							profiles: loaded.document.profiles.map((entry) => entry.raw),
						};
						if (root.defaultProfile === undefined) delete root.defaultProfile;
						await options.beforeWrite?.();
						if (!lock.isStillOurs() || readRaw(filePath) !== loaded.raw) return 'lost';
						await writeDocument(directory, filePath, root);
						const written = readFile(filePath);
						if (written.kind !== 'ok' || !isApplied(written.document)) return 'lost';
						return {ok: true, snapshot: snapshotOf(loaded, filePath)};
					},
					{...lockOptions, now: clock},
				);
				if (outcome !== 'lost') return outcome;
			}
			return {
				ok: false,
				message: `Cannot save profiles: other viktor-tui processes kept changing ${filePath} at the same time (tried ${attempts} times); this change was not saved, try again`,
			};
		} catch (error) {
			return {ok: false, message: describeWriteError(directory, error)};
		}
	}

	const findIndex = (document: ConfigDocument, name: string) => {
		const found = findProfile(
			document.profiles.map((entry) => entry.profile),
			name,
		);
		return found === undefined
			? -1
			: document.profiles.findIndex((entry) => entry.profile === found);
	};
	const names = (document: ConfigDocument) => document.profiles.map((entry) => entry.profile.name);
	const notFound = (document: ConfigDocument, name: string): Refusal => ({
		message: noProfileMessage(name, names(document)),
		code: 'not-found',
	});
	const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

	return {
		directory,
		path: filePath,
		read() {
			return withLazyRefusal(snapshotOf(loadDocument(filePath, now), filePath), () =>
				configCommandRefusal(ownership),
			);
		},
		async saveProfile(profile, saveOptions = {}) {
			const validation = validateProfile(profile, `Profile "${profile.name}"`);
			if (!validation.ok) return {ok: false, message: `Cannot save: ${validation.problem}`};
			const clean = validation.value;
			if (clean.tokenSource.type === 'command') {
				const problem = tokenCommandProblem(clean.tokenSource.command);
				if (problem !== undefined) return {ok: false, message: `Cannot save: ${problem}`};
			}
			const {previousName} = saveOptions;
			return update(
				(document) => {
					const previousIndex = findIndex(document, previousName ?? clean.name);
					if (previousName !== undefined && previousIndex === -1) {
						return notFound(document, previousName);
					}
					// Replacing (--force) or editing a profile may keep its own name, in any case.
					const own =
						previousName ?? (saveOptions.replace && previousIndex !== -1 ? clean.name : undefined);
					const problem = profileNameProblem(clean.name, names(document), own);
					if (problem !== undefined) return {message: problem, code: 'exists'};
					const replacedName = document.profiles[previousIndex]?.profile.name;
					const stored = {
						profile: clean,
						raw: rawProfile(clean, document.profiles[previousIndex]?.raw),
					};
					if (previousIndex === -1) document.profiles.push(stored);
					else document.profiles[previousIndex] = stored;
					const currentDefault = document.root.defaultProfile;
					const defaultExists =
						typeof currentDefault === 'string' &&
						document.profiles.some((entry) => entry.profile.name === currentDefault);
					if (saveOptions.makeDefault || currentDefault === replacedName || !defaultExists) {
						document.root.defaultProfile = clean.name;
					}
					return undefined;
				},
				(document) => {
					const saved = document.profiles.find((entry) => entry.profile.name === clean.name);
					return (
						saved !== undefined &&
						sameJson(saved.profile, clean) &&
						(!saveOptions.makeDefault || document.root.defaultProfile === clean.name)
					);
				},
			);
		},
		async removeProfile(name) {
			let removed = name;
			return update(
				(document) => {
					const index = findIndex(document, name);
					if (index === -1) return notFound(document, name);
					removed = document.profiles[index]?.profile.name ?? name;
					document.profiles.splice(index, 1);
					if (document.root.defaultProfile === removed) delete document.root.defaultProfile;
					return undefined;
				},
				(document) => !document.profiles.some((entry) => entry.profile.name === removed),
			);
		},
		async setDefaultProfile(name) {
			let chosen = name;
			return update(
				(document) => {
					if (name === undefined) {
						delete document.root.defaultProfile;
						return undefined;
					}
					const index = findIndex(document, name);
					if (index === -1) return notFound(document, name);
					chosen = document.profiles[index]?.profile.name ?? name;
					document.root.defaultProfile = chosen;
					return undefined;
				},
				(document) => document.root.defaultProfile === chosen,
			);
		},
	};
}
