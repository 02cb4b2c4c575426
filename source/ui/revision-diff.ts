/**
 * What changed between two revisions of an entity: a structural diff of their `params`
 * (arbitrary JSON) as a list of changed paths, and its rendering as marked text lines
 * (`~ geometry.layers[1].depth: 8 → 9`, `+ …` added, `- …` removed) that read the same without
 * colour. The walk is iterative and bounded (depth, changes, nodes visited), so no input can
 * overflow the stack or stall a frame; every string shown is escaped for the terminal.
 * Pure functions.
 */
import {quoteJson} from './escape-text.js';
import {formatCount, splitAtCap, truncate} from './text.js';

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

/** The JSON type of a value; `missing` is a key or index that one side does not have. */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'missing';

/** One difference between the two values, at `path`. */
export type DiffChange =
	| {kind: 'added'; path: readonly PathSegment[]; after: unknown}
	| {kind: 'removed'; path: readonly PathSegment[]; before: unknown}
	| {kind: 'changed'; path: readonly PathSegment[]; before: unknown; after: unknown}
	| {
			kind: 'type-changed';
			path: readonly PathSegment[];
			before: unknown;
			after: unknown;
			beforeType: JsonType;
			afterType: JsonType;
	  }
	/** The values differ somewhere below `path`, which is already `maxDepth` levels deep. */
	| {kind: 'too-deep'; path: readonly PathSegment[]};

/** The result of `diffValues`. */
export type RevisionDiff = {
	/** Every difference, in document order (the older value's key order, then new keys). */
	changes: DiffChange[];
	/** How many leaf values (scalars and empty containers) are the same on both sides. */
	unchanged: number;
	/** Whether the walk stopped early (`maxChanges` or `maxNodes`): more may differ. */
	isTruncated: boolean;
};

/** Options of `diffValues`. */
export type DiffOptions = {
	/** Nesting levels compared path by path; deeper differences show as one `too-deep` change. */
	maxDepth?: number;
	/** Changes collected at most. */
	maxChanges?: number;
	/** Values visited at most, both sides together. */
	maxNodes?: number;
};

/** The caps `diffValues` applies unless told otherwise. */
export const diffLimits = {maxDepth: 32, maxChanges: 5000, maxNodes: 500_000} as const;

/** The JSON type of `value` (anything JSON cannot hold is reported by its closest kind). */
export function jsonType(value: unknown): JsonType {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	switch (typeof value) {
		case 'object': {
			return 'object';
		}
		case 'string': {
			return 'string';
		}
		case 'number':
		case 'bigint': {
			return 'number';
		}
		case 'boolean': {
			return 'boolean';
		}
		default: {
			return 'string';
		}
	}
}

type Container = Record<string, unknown> | unknown[];

function isContainer(type: JsonType): boolean {
	return type === 'object' || type === 'array';
}

function childKeys(before: Container, after: Container): PathSegment[] {
	if (Array.isArray(before) && Array.isArray(after)) {
		const length = Math.max(before.length, after.length);
		return Array.from({length}, (_unused, index) => index);
	}
	const keys = Object.keys(before);
	const known = new Set(keys);
	for (const key of Object.keys(after)) if (!known.has(key)) keys.push(key);
	return keys;
}

function child(container: Container, key: PathSegment): unknown {
	if (Array.isArray(container)) return typeof key === 'number' ? container[key] : undefined;
	return Object.hasOwn(container, key) ? container[key] : undefined;
}

function isEmpty(container: Container): boolean {
	return Array.isArray(container) ? container.length === 0 : Object.keys(container).length === 0;
}

type Walk = {nodes: number; maxNodes: number; isTruncated: boolean};

/** Deep equality without recursion; counts its visits against the walk's node budget. */
function deepEqual(before: unknown, after: unknown, walk: Walk): boolean {
	const stack: Array<[unknown, unknown]> = [[before, after]];
	for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
		walk.nodes++;
		if (walk.nodes > walk.maxNodes) {
			walk.isTruncated = true;
			return false;
		}
		const [left, right] = pair;
		const type = jsonType(left);
		if (type !== jsonType(right)) return false;
		if (!isContainer(type)) {
			if (left !== right) return false;
			continue;
		}
		const leftContainer = left as Container;
		const rightContainer = right as Container;
		const keys = childKeys(leftContainer, rightContainer);
		if (Array.isArray(leftContainer)) {
			if (leftContainer.length !== (rightContainer as unknown[]).length) return false;
		} else if (keys.length !== Object.keys(leftContainer).length) {
			return false;
		}
		for (const key of keys) stack.push([child(leftContainer, key), child(rightContainer, key)]);
	}
	return true;
}

/**
 * Compares `before` and `after` (typically two revisions' `params`) path by path: objects key by
 * key, arrays index by index (an element inserted in the middle shows every later index as
 * changed). A key or index only on one side is one `added`/`removed` change holding its whole
 * value; two values of different JSON types are a `type-changed` change. Equal values are only
 * counted. Key order does not matter.
 */
export function diffValues(
	before: unknown,
	after: unknown,
	options: DiffOptions = {},
): RevisionDiff {
	const maxDepth = options.maxDepth ?? diffLimits.maxDepth;
	const maxChanges = options.maxChanges ?? diffLimits.maxChanges;
	const walk: Walk = {
		nodes: 0,
		maxNodes: options.maxNodes ?? diffLimits.maxNodes,
		isTruncated: false,
	};
	const changes: DiffChange[] = [];
	let unchanged = 0;
	// A frame knows its parent and key; the path is built only for the few frames that differ.
	type Frame = {before: unknown; after: unknown; parent?: Frame; key?: PathSegment; depth: number};
	const pathOf = (frame: Frame): PathSegment[] => {
		const path: PathSegment[] = [];
		for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent)
			path.push(at.key);
		return path.reverse();
	};
	const stack: Frame[] = [{before, after, depth: 0}];
	for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
		if (changes.length >= maxChanges) {
			walk.isTruncated = true;
			break;
		}
		walk.nodes++;
		if (walk.nodes > walk.maxNodes) {
			walk.isTruncated = true;
			break;
		}
		const beforeType = jsonType(frame.before);
		const afterType = jsonType(frame.after);
		if (beforeType === 'missing' && afterType === 'missing') continue;
		if (beforeType === 'missing') {
			changes.push({kind: 'added', path: pathOf(frame), after: frame.after});
			continue;
		}
		if (afterType === 'missing') {
			changes.push({kind: 'removed', path: pathOf(frame), before: frame.before});
			continue;
		}
		if (beforeType !== afterType) {
			changes.push({
				kind: 'type-changed',
				path: pathOf(frame),
				before: frame.before,
				after: frame.after,
				beforeType,
				afterType,
			});
			continue;
		}
		if (!isContainer(beforeType)) {
			if (frame.before === frame.after) unchanged++;
			else {
				changes.push({
					kind: 'changed',
					path: pathOf(frame),
					before: frame.before,
					after: frame.after,
				});
			}
			continue;
		}
		const beforeContainer = frame.before as Container;
		const afterContainer = frame.after as Container;
		if (isEmpty(beforeContainer) && isEmpty(afterContainer)) {
			unchanged++;
			continue;
		}
		if (frame.depth >= maxDepth) {
			if (deepEqual(beforeContainer, afterContainer, walk)) unchanged++;
			else changes.push({kind: 'too-deep', path: pathOf(frame)});
			continue;
		}
		const keys = childKeys(beforeContainer, afterContainer);
		// The stack pops last-in first: push in reverse so changes come out in document order.
		for (let index = keys.length - 1; index >= 0; index--) {
			const key = keys[index] as PathSegment;
			stack.push({
				before: child(beforeContainer, key),
				after: child(afterContainer, key),
				parent: frame,
				key,
				depth: frame.depth + 1,
			});
		}
	}
	return {changes, unchanged, isTruncated: walk.isTruncated};
}

/** Whether the diff found no difference at all (and looked at everything). */
export function isNoChange(diff: RevisionDiff): boolean {
	return diff.changes.length === 0 && !diff.isTruncated;
}

const identifier = /^[A-Za-z_$][\w$]*$/;
// A path segment longer than this is cut: the path must stay readable on one line.
const maxKeyCharacters = 64;

/**
 * A path as one line of text: `geometry.layers[1].depth`. Keys that are not identifier-like are
 * quoted and escaped (`["a b"]`, `["\u202e"]`), long keys cut with `…`; the empty path (the
 * whole value) is `(top level)`.
 */
export function formatPath(path: readonly PathSegment[]): string {
	if (path.length === 0) return '(top level)';
	let text = '';
	for (const segment of path) {
		if (typeof segment === 'number') {
			text += `[${segment}]`;
		} else if (identifier.test(segment) && segment.length <= maxKeyCharacters) {
			text += text === '' ? segment : `.${segment}`;
		} else {
			const {head, omitted} = splitAtCap(segment, maxKeyCharacters);
			const quoted = quoteJson(head);
			text += omitted === 0 ? `[${quoted}]` : `[${quoted.slice(0, -1)}…"]`;
		}
	}
	return text;
}

// A compact value is built up to this many code units before it is cut to columns.
const compactBudget = 400;
const compactDepth = 6;

function compactInto(value: unknown, depth: number, parts: {text: string}): void {
	if (parts.text.length > compactBudget) return;
	const type = jsonType(value);
	switch (type) {
		case 'string': {
			parts.text += quoteJson(
				splitAtCap(typeof value === 'string' ? value : String(value), compactBudget).head,
			);
			return;
		}
		case 'number':
		case 'boolean':
		case 'null': {
			parts.text += String(value);
			return;
		}
		case 'missing': {
			parts.text += '(none)';
			return;
		}
		case 'array':
		case 'object': {
			const container = value as Container;
			const isArray = Array.isArray(container);
			const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
			if (isEmpty(container)) {
				parts.text += open + close;
				return;
			}
			if (depth >= compactDepth) {
				parts.text += `${open}…${close}`;
				return;
			}
			parts.text += open;
			const keys = isArray ? [] : Object.keys(container);
			const size = isArray ? container.length : keys.length;
			for (let index = 0; index < size; index++) {
				if (parts.text.length > compactBudget) return;
				if (index > 0) parts.text += ', ';
				if (isArray) {
					compactInto(container[index], depth + 1, parts);
				} else {
					const key = keys[index] ?? '';
					const {head} = splitAtCap(key, maxKeyCharacters);
					parts.text += `${identifier.test(head) ? head : quoteJson(head)}: `;
					compactInto((container as Record<string, unknown>)[key], depth + 1, parts);
				}
			}
			parts.text += close;
		}
	}
}

/**
 * A value on one line, JSON-like and short: strings quoted and escaped, objects as `{a: 1, b:
 * [2, 3]}` with identifier keys unquoted, cut with `…` to at most `maxColumns` columns.
 */
export function formatValue(value: unknown, maxColumns: number): string {
	const parts = {text: ''};
	compactInto(value, 0, parts);
	return truncate(parts.text, Math.max(1, maxColumns));
}

/** The marker of a diff line: `+` added, `-` removed, `~` changed; a blank for notes. */
export type DiffMarker = '+' | '-' | '~' | ' ';

/** One display line of a diff. */
export type DiffLine = {
	marker: DiffMarker;
	/** What the line says; `note` for "no changes" and the truncation notice. */
	kind: DiffChange['kind'] | 'note';
	/** The text after the marker, escaped; not yet cut to the screen width. */
	text: string;
};

/** Options of `diffLines`. */
export type DiffLinesOptions = {
	/** Columns one value of a change may take before it is cut with `…` (twice that when a line shows one value, as for added and removed paths). */
	valueColumns?: number;
};

const markers: Readonly<Record<DiffChange['kind'], DiffMarker>> = {
	added: '+',
	removed: '-',
	changed: '~',
	'type-changed': '~',
	'too-deep': '~',
};

function changeText(change: DiffChange, valueColumns: number): string {
	const path = formatPath(change.path);
	switch (change.kind) {
		case 'added': {
			return `${path}: ${formatValue(change.after, valueColumns * 2)}`;
		}
		case 'removed': {
			return `${path}: ${formatValue(change.before, valueColumns * 2)}`;
		}
		case 'changed': {
			return `${path}: ${formatValue(change.before, valueColumns)} → ${formatValue(change.after, valueColumns)}`;
		}
		case 'type-changed': {
			return `${path}: ${formatValue(change.before, valueColumns)} → ${formatValue(change.after, valueColumns)} (${change.beforeType} → ${change.afterType})`;
		}
		case 'too-deep': {
			return `${path}: differs below this depth (not expanded)`;
		}
	}
}

/**
 * The diff as display lines: one per change, marked `+` (added), `-` (removed) or `~` (changed,
 * type changed, or differing too deep to expand); `no changes` when the values are equal, and a
 * notice line when the diff was cut short. Unchanged values are not listed (see `summarizeDiff`).
 */
export function diffLines(diff: RevisionDiff, options: DiffLinesOptions = {}): DiffLine[] {
	const valueColumns = Math.max(8, options.valueColumns ?? 40);
	if (isNoChange(diff)) {
		return [{marker: ' ', kind: 'note', text: 'no changes'}];
	}
	const lines: DiffLine[] = diff.changes.map((change) => ({
		marker: markers[change.kind],
		kind: change.kind,
		text: changeText(change, valueColumns),
	}));
	if (diff.isTruncated) {
		lines.push({
			marker: ' ',
			kind: 'note',
			text: `… stopped after ${formatCount(diff.changes.length)} changes; more may differ`,
		});
	}
	return lines;
}

function count(value: number, noun: string): string {
	return `${formatCount(value)} ${noun}`;
}

/** How many changes of each kind: a type change or a difference too deep to expand counts as changed. */
export function tallyDiff(diff: RevisionDiff): {changed: number; added: number; removed: number} {
	const tally = {changed: 0, added: 0, removed: 0};
	for (const change of diff.changes) {
		if (change.kind === 'added') tally.added++;
		else if (change.kind === 'removed') tally.removed++;
		else tally.changed++;
	}
	return tally;
}

/**
 * One line that sums the diff up: `2 changed · 1 added · 1 removed · 57 unchanged (folded)`;
 * `no changes · 12 unchanged` when the values are equal.
 */
export function summarizeDiff(diff: RevisionDiff): string {
	const tally = tallyDiff(diff);
	const unchanged = count(diff.unchanged, 'unchanged');
	if (isNoChange(diff)) return `no changes · ${unchanged}`;
	const parts = [
		tally.changed > 0 ? count(tally.changed, 'changed') : '',
		tally.added > 0 ? count(tally.added, 'added') : '',
		tally.removed > 0 ? count(tally.removed, 'removed') : '',
		diff.unchanged > 0 ? `${unchanged} (folded)` : '',
	];
	return parts.filter((part) => part !== '').join(' · ');
}

/** A revision's id, sanitized and cut to 40 columns; undefined when it has none. */
export function revisionIdText(revision: Readonly<Record<string, unknown>>): string | undefined {
	const id = revision['id'];
	return typeof id === 'number' || (typeof id === 'string' && id !== '')
		? truncate(String(id), 40)
		: undefined;
}

const isoTimestamp = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * A revision's `created_date` as `2024-06-12 08:01:02 UTC`; a value that is not an ISO 8601
 * timestamp is shown as it came, sanitized and cut; a missing one as `no date`.
 */
export function formatTimestamp(value: unknown): string {
	if (typeof value !== 'string' || value === '') return 'no date';
	if (isoTimestamp.test(value)) {
		const time = Date.parse(value);
		if (!Number.isNaN(time)) {
			return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
		}
	}
	return truncate(value, 40);
}
