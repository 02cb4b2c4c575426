/**
 * Screen-reader mode in words: what the browser announces instead of drawing a layout. Pure
 * functions from a descriptor, a record, a position or the key tables to sentences; the
 * screen-reader view (components/screen-reader-view.tsx) only stacks them as plain lines.
 */
import type {JsonObject} from '../api/types.js';
import {
	bindingsOf,
	contextTitles,
	keysFor,
	type KeyContext,
	type KeyLabel,
	type KeyTables,
} from './keymap.js';
import type {ResourceDescriptor} from './resources.js';
import {formatCount, sanitizeLine, truncate} from './text.js';

/** The longest value read out for one field. */
const maximumValueLength = 200;

const keyWords: Readonly<Record<string, string>> = {
	'↑': 'up arrow',
	'↓': 'down arrow',
	'←': 'left arrow',
	'→': 'right arrow',
	PgUp: 'page up',
	PgDn: 'page down',
	Home: 'home',
	End: 'end',
	Enter: 'enter',
	Esc: 'escape',
	Tab: 'tab',
	Bksp: 'backspace',
	Space: 'space',
	'0-9': 'a number',
	'?': 'question mark',
	'/': 'slash',
	':': 'colon',
	'*': 'asterisk',
};

/** A key as it is said: `↓` → `down arrow`, `G` → `capital G`, `Ctrl+N` or `^N` → `control N`. */
export function spokenKey(label: KeyLabel): string {
	const spoken = keyWords[label];
	if (spoken !== undefined) return spoken;
	const control = /^(?:Ctrl\+|\^)([A-Z])$/.exec(label)?.[1];
	if (control !== undefined) return `control ${control}`;
	return /^[A-Z]$/.test(label) ? `capital ${label}` : label;
}

/** `a, b or c`: words a sentence can hold. */
export function orList(parts: readonly string[]): string {
	return parts.length < 2
		? (parts[0] ?? '')
		: `${parts.slice(0, -1).join(', ')} or ${parts.at(-1) ?? ''}`;
}

/** The keys of an intent as said: `down arrow or j`. */
export function spokenKeys(labels: readonly KeyLabel[]): string {
	return orList(labels.map((label) => spokenKey(label)));
}

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `1 workspace`, `21 workspaces`. */
function countOf(descriptor: ResourceDescriptor, count: number): string {
	return `${formatCount(count)} ${count === 1 ? descriptor.singular : descriptor.title.toLowerCase()}`;
}

/**
 * The selected record, as moving the cursor announces it:
 * `Workspace 2 of 137: Bridge Zwolle, updated 2026-11-25, visibility internal, app bridge-design`.
 * The fields are the descriptor's columns, empty ones left out.
 */
export function recordSentence(
	descriptor: ResourceDescriptor,
	record: JsonObject | undefined,
	position: {number: number; count: number | undefined},
): string {
	const where = `${capitalized(descriptor.singular)} ${formatCount(position.number)} of ${
		position.count === undefined ? 'unknown' : formatCount(position.count)
	}`;
	if (record === undefined) return `${where}, loading.`;
	const [first, ...rest] = descriptor.columns;
	const fields = [
		first === undefined ? '' : sanitizeLine(first.value(record)),
		...rest.map((column) => {
			const value = sanitizeLine(column.value(record)).trim();
			return value === '' ? '' : `${column.title.toLowerCase()} ${value}`;
		}),
	].filter((field) => field !== '');
	return truncate(`${where}: ${fields.join(', ')}`, maximumValueLength * 2);
}

/** A page load: `21 workspaces arrived.` */
export function arrivedSentence(descriptor: ResourceDescriptor, count: number): string {
	return `${capitalized(countOf(descriptor, count))} arrived.`;
}

/** The list before its first answer: `Loading workspaces.` */
export function loadingSentence(descriptor: ResourceDescriptor): string {
	return `Loading ${descriptor.title.toLowerCase()}.`;
}

/** An error, with the key that retries it: `Error: … Press r to retry.` */
export function errorSentence(message: string, tables: KeyTables): string {
	const text = sanitizeLine(message)
		.trim()
		.replace(/[.!]?$/, '.');
	return `Error: ${text} Press ${spokenKeys(keysFor('refresh', 'list', tables))} to retry.`;
}

/** An automatic retry, without the countdown a reader would repeat each second. */
export function retrySentence(attempt: number, maxAttempts: number): string {
	return `Retrying, attempt ${attempt + 1} of ${maxAttempts}.`;
}

/** A field name as said: `updated_at` → `Updated at`. */
function fieldLabel(key: string): string {
	return capitalized(sanitizeLine(key).replaceAll('_', ' ').trim());
}

function valueText(value: unknown): string {
	if (value === null || value === undefined) return 'none';
	if (typeof value === 'string') return value === '' ? 'empty' : value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) {
		if (value.length === 0) return 'an empty list';
		const scalars = value.every((item) => item === null || typeof item !== 'object');
		return scalars
			? `${value.map((item) => valueText(item)).join(', ')}`
			: `a list of ${formatCount(value.length)} items`;
	}

	const entries = Object.entries(value as JsonObject);
	if (entries.length === 0) return 'nothing';
	return entries
		.map(([key, inner]) =>
			inner !== null && typeof inner === 'object'
				? `${fieldLabel(key).toLowerCase()} (${Array.isArray(inner) ? `${formatCount(inner.length)} items` : 'more fields'})`
				: `${fieldLabel(key).toLowerCase()} ${valueText(inner)}`,
		)
		.join(', ');
}

/**
 * A JSON value as said, sanitized and cut: `Bridge Zwolle`, `none`, `empty`, `1, 2, 3`, `span 12,
 * unit m`, `a list of 4 items`.
 */
export function spokenValue(value: unknown): string {
	return truncate(sanitizeLine(valueText(value)), maximumValueLength);
}

/** The detail of a record read field by field: `Name: Bridge Zwolle`, one sentence a field. */
export function detailSentences(record: JsonObject): string[] {
	const entries = Object.entries(record);
	if (entries.length === 0) return ['No fields.'];
	return entries.map(([key, value]) => `${fieldLabel(key)}: ${spokenValue(value)}`);
}

/** The contexts help reads out: the browser's (help itself is lines to read, not to scroll). */
const spokenContexts: ReadonlySet<KeyContext> = new Set(['global', 'list', 'detail', 'prompt']);

/** Help as sentences, a heading per context: `Next record: press down arrow or j.` */
export function helpSentences(tables: KeyTables): string[] {
	const lines: string[] = [];
	let context = '';
	for (const binding of bindingsOf(tables)) {
		if (!spokenContexts.has(binding.context)) continue;
		if (binding.context !== context) {
			context = binding.context;
			lines.push(`${contextTitles[binding.context]}:`);
		}

		lines.push(`${binding.description}: press ${spokenKeys(binding.keys)}.`);
	}

	return lines;
}

/** How many records arrived between two page caches: the rows of pages new or answered again. */
export function arrivedCount<T>(
	before: ReadonlyMap<number, {rows: readonly T[]}>,
	after: ReadonlyMap<number, {rows: readonly T[]}>,
): number {
	let count = 0;
	for (const [offset, page] of after) {
		// A page touched for its place in the cache keeps its rows; new rows are a new answer.
		if (before.get(offset)?.rows !== page.rows) count += page.rows.length;
	}

	return count;
}

/** Records that arrived while the cursor stood in one place (`where`: position and open views). */
export type Arrival = {count: number; where: string};

/**
 * The arrival to announce after `count` more records came while at `where`: pages that come one
 * after another at one place add up; anything said at another place is dropped for good.
 */
export function nextArrival(
	current: Arrival | undefined,
	count: number,
	where: string,
): Arrival | undefined {
	const before = current?.where === where ? current.count : 0;
	return count === 0 && before === 0 ? undefined : {count: before + count, where};
}
