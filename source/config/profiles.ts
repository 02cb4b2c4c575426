/**
 * Saved environment profiles: where they live on disk, what a valid file looks like, and how two
 * viktor-tui processes change them at the same time without losing each other's work.
 *
 * Reading never imports conf and never writes (except moving a broken file aside); writing loads
 * conf lazily, holds a lock file around read-modify-write, and keeps keys this version does not
 * know. A profile records where the token comes from, never the token.
 */
import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
};

/** The outcome of a change to the saved profiles. */
export type StoreResult = {ok: true; snapshot: ProfileSnapshot} | {ok: false; message: string};

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
	/** The clock used for backup names; tests pin it. */
	now?: () => Date;
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
	| {kind: 'ok'; document: ConfigDocument}
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
		? {kind: 'ok', document: validation.value}
		: {kind: 'broken', problem: validation.problem};
}

function backupName(filePath: string, now: Date): string {
	return `${filePath}.broken-${now.toISOString().replaceAll(':', '-')}`;
}

type Loaded = {document: ConfigDocument; warnings: string[]; blocked?: string};

const emptyDocument = (): ConfigDocument => ({root: {}, profiles: []});

/**
 * Reads the file; a broken one is renamed to `config.json.broken-<timestamp>` (never deleted) so
 * that the app can start. `blocked` is set when the file exists but must not be overwritten.
 */
function loadDocument(filePath: string, now: () => Date): Loaded {
	const outcome = readFile(filePath);
	if (outcome.kind === 'missing') return {document: emptyDocument(), warnings: []};
	if (outcome.kind === 'ok') return {document: outcome.document, warnings: []};
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
		warnings,
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

/**
 * Holds `lockPath` (created with O_EXCL) while `work` runs. A lock older than `staleMs` is left
 * over from a crashed process and is broken. Only the holder's own lock is ever removed on release.
 */
async function withLock<T>(
	lockPath: string,
	work: () => Promise<T>,
	{staleMs, timeoutMs}: {staleMs: number; timeoutMs: number},
): Promise<T> {
	const ownToken = `${process.pid} ${randomUUID()}`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			fs.writeFileSync(lockPath, ownToken, {flag: 'wx', mode: 0o600});
			break;
		} catch (error) {
			if (errorCode(error) !== 'EEXIST') throw error;
		}
		try {
			const age = Date.now() - fs.statSync(lockPath).mtimeMs;
			if (age > staleMs) {
				fs.rmSync(lockPath, {force: true});
				continue;
			}
		} catch (error) {
			if (errorCode(error) === 'ENOENT') continue;
			throw error;
		}
		if (Date.now() > deadline) {
			throw new StoreError(
				`Cannot save profiles: ${lockPath} is held by another viktor-tui (waited ${Math.round(timeoutMs / 1000)} s)`,
			);
		}
		await delay(10 + Math.random() * 20);
	}
	try {
		return await work();
	} finally {
		try {
			if (fs.readFileSync(lockPath, 'utf8') === ownToken) fs.rmSync(lockPath, {force: true});
		} catch {
			// Already gone (broken as stale by another process): nothing of ours to remove.
		}
	}
}

async function writeDocument(directory: string, root: JsonRecord): Promise<void> {
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
}

/** A profile store over one config directory (by default the OS config directory). */
export function createProfileStore(options: ProfileStoreOptions = {}): ProfileStore {
	const directory =
		options.configDirectory ?? defaultConfigDirectory(options.env ? {env: options.env} : {});
	const filePath = path.join(directory, configFileName);
	const lockPath = `${filePath}.lock`;
	const now = options.now ?? (() => new Date());
	const lockOptions = {
		staleMs: options.lockStaleMs ?? 5000,
		timeoutMs: options.lockTimeoutMs ?? 8000,
	};

	/** Re-reads the file under the lock, applies `change`, writes the merged result. */
	async function update(
		change: (document: ConfigDocument) => string | undefined,
	): Promise<StoreResult> {
		try {
			prepareDirectory(directory);
			return await withLock(
				lockPath,
				async (): Promise<StoreResult> => {
					const loaded = loadDocument(filePath, now);
					if (loaded.blocked !== undefined) return {ok: false, message: loaded.blocked};
					const refusal = change(loaded.document);
					if (refusal !== undefined) return {ok: false, message: refusal};
					const root: JsonRecord = {
						...loaded.document.root,
						profiles: loaded.document.profiles.map((entry) => entry.raw),
					};
					if (root.defaultProfile === undefined) delete root.defaultProfile;
					await writeDocument(directory, root);
					return {ok: true, snapshot: snapshotOf(loaded, filePath)};
				},
				lockOptions,
			);
		} catch (error) {
			return {ok: false, message: describeWriteError(directory, error)};
		}
	}

	const findIndex = (document: ConfigDocument, name: string) =>
		document.profiles.findIndex((entry) => entry.profile.name === name);

	return {
		directory,
		path: filePath,
		read: () => snapshotOf(loadDocument(filePath, now), filePath),
		async saveProfile(profile, saveOptions = {}) {
			const validation = validateProfile(profile, `Profile "${profile.name}"`);
			if (!validation.ok) return {ok: false, message: `Cannot save: ${validation.problem}`};
			const clean = validation.value;
			return update((document) => {
				const previousName = saveOptions.previousName ?? clean.name;
				const previousIndex = findIndex(document, previousName);
				const sameNameIndex = findIndex(document, clean.name);
				if (saveOptions.previousName !== undefined && previousIndex === -1) {
					return `No profile named "${previousName}"`;
				}
				if (sameNameIndex !== -1 && sameNameIndex !== previousIndex) {
					return `A profile named "${clean.name}" already exists`;
				}
				if (
					sameNameIndex !== -1 &&
					saveOptions.previousName === undefined &&
					!saveOptions.replace
				) {
					return `A profile named "${clean.name}" already exists`;
				}
				const stored = {
					profile: clean,
					raw: rawProfile(clean, document.profiles[previousIndex]?.raw),
				};
				if (previousIndex === -1) document.profiles.push(stored);
				else document.profiles[previousIndex] = stored;
				const currentDefault = document.root.defaultProfile;
				const defaultExists =
					typeof currentDefault === 'string' && findIndex(document, currentDefault) !== -1;
				if (saveOptions.makeDefault || currentDefault === previousName || !defaultExists) {
					document.root.defaultProfile = clean.name;
				}
				return undefined;
			});
		},
		async removeProfile(name) {
			return update((document) => {
				const index = findIndex(document, name);
				if (index === -1) return `No profile named "${name}"`;
				document.profiles.splice(index, 1);
				if (document.root.defaultProfile === name) delete document.root.defaultProfile;
				return undefined;
			});
		},
		async setDefaultProfile(name) {
			return update((document) => {
				if (name === undefined) {
					delete document.root.defaultProfile;
					return undefined;
				}
				if (findIndex(document, name) === -1) return `No profile named "${name}"`;
				document.root.defaultProfile = name;
				return undefined;
			});
		},
	};
}
