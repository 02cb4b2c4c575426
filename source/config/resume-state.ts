/**
 * Where the user was when viktor-tui last quit, per profile (or per host for the demo and an
 * `VIKTOR_TOKEN` session): the stack of levels with their breadcrumb, the search and sort of the
 * level on top, and the selected record's id and position. Kept in `state.json` beside the config
 * file, apart from the profiles so that its writes never contend with profile edits. It holds no
 * token: only resource names, record ids, labels and the query.
 *
 * The codec is pure (`parseResumeFile`, `serializeResumeFile`); `readResumeFile` and
 * `writeResumeFile` are its only I/O. A broken file is ignored with a warning, never fatal.
 */
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/** One level of a saved stack, root first. */
export type ResumeLevel = {
	resource: string;
	parent: Readonly<Record<string, string | number>>;
	/** The breadcrumb from the root to this level. */
	crumbs: readonly string[];
};

/** Where one profile or host was. */
export type ResumePoint = {
	levels: readonly ResumeLevel[];
	search?: string;
	sort?: string;
	/** The selected record of the top level, found again by id. */
	selectedId?: string | number;
	/** Its 0-based position, the fallback when the id is not on the first pages. */
	position?: number;
	/** When it was saved (ms since the epoch): the oldest entries go when the file is full. */
	savedAt: number;
};

/** The file: one point per key (`profile:NAME` or `host:HOST`). */
export type ResumeFile = Readonly<Record<string, ResumePoint>>;

/** The file's name in the config directory. */
export const resumeFileName = 'state.json';

/** Bounds: a file larger than this is not read; entries beyond the count drop the oldest. */
export const resumeLimits = {
	fileBytes: 64 * 1024,
	entries: 50,
	levels: 8,
	textChars: 200,
	keyChars: 300,
} as const;

/** The key of a session's point: its profile, else its host (the demo is one host, `demo`). */
export function resumeKey(session: {profileName?: string; host: string; label?: string}): string {
	if (session.profileName !== undefined) return `profile:${session.profileName}`;
	return session.label === 'demo' ? 'host:demo' : `host:${session.host}`;
}

/** What reading the file gave: the points, and a warning when it was not usable. */
export type ResumeRead = {file: ResumeFile; warning?: string};

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
	return typeof value === 'string' && value.length <= resumeLimits.textChars;
}

function isId(value: unknown): value is string | number {
	return (
		(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) ||
		(isText(value) && value.trim() !== '')
	);
}

function parseLevel(
	value: unknown,
	isKnownResource: (name: string) => boolean,
): ResumeLevel | undefined {
	if (!isRecord(value)) return undefined;
	const {resource, parent, crumbs} = value;
	if (typeof resource !== 'string' || !isKnownResource(resource)) return undefined;
	if (!isRecord(parent)) return undefined;
	const parentIds: Record<string, string | number> = {};
	for (const [name, id] of Object.entries(parent)) {
		if (!isId(id) || name.length > 40) return undefined;
		parentIds[name] = id;
	}

	if (!Array.isArray(crumbs) || crumbs.length === 0 || crumbs.length > resumeLimits.levels * 2) {
		return undefined;
	}

	if (!crumbs.every((crumb) => isText(crumb))) return undefined;
	return {resource, parent: parentIds, crumbs: crumbs as string[]};
}

/** One saved point, or undefined when anything in it is not what a point holds. */
export function parseResumePoint(
	value: unknown,
	isKnownResource: (name: string) => boolean,
): ResumePoint | undefined {
	if (!isRecord(value)) return undefined;
	const {levels, search, sort, selectedId, position, savedAt} = value;
	if (!Array.isArray(levels) || levels.length === 0 || levels.length > resumeLimits.levels) {
		return undefined;
	}

	const parsed = levels.map((level) => parseLevel(level, isKnownResource));
	if (parsed.some((level) => level === undefined)) return undefined;
	if (search !== undefined && !isText(search)) return undefined;
	if (sort !== undefined && !isText(sort)) return undefined;
	if (selectedId !== undefined && !isId(selectedId)) return undefined;
	const isPosition = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
	if (position !== undefined && !isPosition(position)) return undefined;
	if (!isPosition(savedAt)) return undefined;
	return {
		levels: parsed as ResumeLevel[],
		...(search === undefined ? {} : {search}),
		...(sort === undefined ? {} : {sort}),
		...(selectedId === undefined ? {} : {selectedId}),
		...(position === undefined ? {} : {position: position as number}),
		savedAt: savedAt as number,
	};
}

/**
 * The file's text as points. Entries that do not hold a valid point (an unknown resource, a
 * missing id) are dropped one by one; a file that is not a JSON object is a warning and nothing.
 */
export function parseResumeFile(
	text: string,
	isKnownResource: (name: string) => boolean,
): ResumeRead {
	let root: unknown;
	try {
		root = JSON.parse(text);
	} catch {
		return {file: {}, warning: 'is not valid JSON'};
	}

	if (!isRecord(root) || !isRecord(root['points'])) {
		return {file: {}, warning: 'does not hold saved places'};
	}

	// Entries, not assignments: a key such as `__proto__` stays a key.
	const entries: Array<[string, ResumePoint]> = [];
	let dropped = 0;
	for (const [key, value] of Object.entries(root['points'])) {
		const point = key.length <= resumeLimits.keyChars && parseResumePoint(value, isKnownResource);
		if (point) entries.push([key, point]);
		else dropped++;
	}

	const file: ResumeFile = Object.fromEntries(entries);

	return dropped === 0
		? {file}
		: {file, warning: `has ${dropped} saved place${dropped === 1 ? '' : 's'} it cannot use`};
}

/** `file` with `point` under `key`, the oldest entries dropped beyond the bound. */
export function withResumePoint(file: ResumeFile, key: string, point: ResumePoint): ResumeFile {
	const entries = Object.entries({...file, [key]: point})
		.sort(([, a], [, b]) => b.savedAt - a.savedAt)
		.slice(0, resumeLimits.entries);
	return Object.fromEntries(entries);
}

/** The file's text; entries are dropped, oldest first, until it fits the size bound. */
export function serializeResumeFile(file: ResumeFile): string {
	let entries = Object.entries(file).sort(([, a], [, b]) => b.savedAt - a.savedAt);
	for (;;) {
		const text = `${JSON.stringify({points: Object.fromEntries(entries)}, null, '\t')}\n`;
		if (Buffer.byteLength(text) <= resumeLimits.fileBytes || entries.length === 0) return text;
		entries = entries.slice(0, -1);
	}
}

/** The state file beside the config file `configFile`. */
export function resumeFilePath(configFile: string): string {
	return path.join(path.dirname(configFile), resumeFileName);
}

/** Reads the state file; missing is empty, broken or too large is empty with a warning. */
export function readResumeFile(
	filePath: string,
	isKnownResource: (name: string) => boolean,
): ResumeRead {
	let text: string;
	try {
		const size = fs.statSync(filePath).size;
		if (size > resumeLimits.fileBytes) {
			return {file: {}, warning: `${filePath} is larger than it may be; starting at the top.`};
		}

		text = fs.readFileSync(filePath, 'utf8');
	} catch (error: unknown) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {file: {}};
		return {file: {}, warning: `${filePath} cannot be read; starting at the top.`};
	}

	const read = parseResumeFile(text, isKnownResource);
	return read.warning === undefined
		? read
		: {file: read.file, warning: `${filePath} ${read.warning}; ignoring it.`};
}

/**
 * Writes the state file atomically (a private temporary file renamed over it), mode 0600.
 * Returns an error message instead of throwing: losing the place is not worth a crash.
 */
export function writeResumeFile(filePath: string, file: ResumeFile): string | undefined {
	const temporary = `${filePath}.${process.pid}.tmp`;
	try {
		fs.mkdirSync(path.dirname(filePath), {recursive: true, mode: 0o700});
		fs.writeFileSync(temporary, serializeResumeFile(file), {mode: 0o600, flag: 'w'});
		fs.chmodSync(temporary, 0o600);
		fs.renameSync(temporary, filePath);
		return undefined;
	} catch (error: unknown) {
		try {
			fs.rmSync(temporary, {force: true});
		} catch {
			// Nothing more to do.
		}

		return `could not save where you were in ${filePath}: ${(error as Error).message}`;
	}
}
