/**
 * Number and date formats shared by the screens, the export and error messages, independent of
 * locale. Pure functions. Nothing here measures text in terminal columns (ui/text.ts does, with
 * string-width): the `--json` export loads this module and never draws a column.
 */
import {sanitizeLine} from './sanitize.js';

/** Formats an integer with comma thousands separators, whatever the locale: `1,234,567`. */
export function formatCount(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	const sign = value < 0 ? '-' : '';
	const [integer = '0', fraction] = Math.abs(value).toString().split('.');
	if (integer.includes('e')) return String(value);
	const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return sign + grouped + (fraction === undefined ? '' : `.${fraction}`);
}

/** A byte size for messages: `32 MB`, `512 KB`, `100 bytes` (binary units, named as people do). */
export function formatBytes(bytes: number): string {
	const units: ReadonlyArray<[string, number]> = [
		['GB', 1024 ** 3],
		['MB', 1024 ** 2],
		['KB', 1024],
	];
	for (const [unit, size] of units) {
		if (bytes >= size) {
			const value = bytes / size;
			return `${Number.isInteger(value) ? value : Number(value.toFixed(1))} ${unit}`;
		}
	}

	return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
/** Text of printable ASCII only: one terminal column a character. */
export const printableAscii = /^[\u0020-\u007E]*$/;

/** The time of an ISO 8601 timestamp (a date first), in epoch milliseconds; else undefined. */
export function parseIsoDate(iso: string): number | undefined {
	if (!isoDate.test(iso)) return undefined;
	const time = Date.parse(iso);
	return Number.isNaN(time) ? undefined : time;
}

// An unparseable date is shown in at most this many columns (a cell cuts it further).
const fallbackColumns = 64;
// Only this much of an unparseable value is looked at; what is beyond could never be shown.
const fallbackWindow = 1024;

/**
 * `text` sanitized for one line and cut with `…` to at most 64 columns, without measuring it:
 * printable ASCII is one column a character, any other code point at most two.
 */
function capUnparsed(text: string): string {
	const isCut = text.length > fallbackWindow;
	const clean = sanitizeLine(isCut ? text.slice(0, fallbackWindow) : text);
	if (printableAscii.test(clean)) {
		return !isCut && clean.length <= fallbackColumns
			? clean
			: `${clean.slice(0, fallbackColumns - 1)}…`;
	}

	const codePoints = Array.from(clean);
	return !isCut && codePoints.length <= fallbackColumns / 2
		? clean
		: `${codePoints.slice(0, fallbackColumns / 2 - 1).join('')}…`;
}

/**
 * Formats an ISO 8601 timestamp as its UTC calendar date, `2024-06-12`. Anything else is shown
 * as it came, sanitized and capped at 64 columns (printable ASCII to 63 characters and `…`, other
 * text to 31 code points and `…`); a missing value gives ''.
 */
export function formatDate(iso: string | null | undefined): string {
	if (iso === null || iso === undefined) return '';
	const time = parseIsoDate(iso);
	if (time === undefined) return capUnparsed(iso);
	return new Date(time).toISOString().slice(0, 10);
}
