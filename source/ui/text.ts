/**
 * Terminal-safe text: every string that came from a server passes through `sanitizeLine` or
 * `sanitizeBlock` before it reaches the terminal, and the column helpers size it for a cell.
 * Pure functions only.
 */
import textWidth from '../text-width.js';
import {formatCount, parseIsoDate, printableAscii} from '../format.js';
import {sanitizeLine} from '../sanitize.js';

export {sanitizeBlock, sanitizeLine} from '../sanitize.js';
export {formatCount};
// Dates are formatted in format.ts, which measures no columns: ui/resources.ts (loaded by the
// `--json` export) imports it from there, and never loads string-width.
export {formatDate} from '../format.js';

// Built on first use: building it costs ~10 ms (more on a loaded machine) in every process that
// imports this module, `--json` included, and most text is printable ASCII, which needs none.
let graphemes: Intl.Segmenter | undefined;

/** The default sanitizer for server strings shown on one line; the same as `sanitizeLine`. */
export function sanitize(text: string): string {
	return sanitizeLine(text);
}

/** The number of terminal columns `text` occupies (CJK and emoji count 2). */
export function displayWidth(text: string): number {
	return textWidth(text);
}

// Input beyond this many code units is not looked at by `fit`/`truncate`; it could never be shown.
const sanitizeWindow = 65_536;

function clip(text: string, width: number): string {
	if (width <= 0) return '';
	const clean = sanitizeLine(text.length > sanitizeWindow ? text.slice(0, sanitizeWindow) : text);
	const wasCut = text.length > sanitizeWindow;
	// Measuring a 10,000-character name is wasted work: keep only what could possibly show.
	const keep = width * 2 + 20;
	let head = clean;
	let headWasCut = wasCut;
	if (clean.length > keep) {
		// The first `keep` code points, found without splitting the text into an array.
		let end = 0;
		for (let count = 0; count < keep && end < clean.length; count++) {
			end += (clean.codePointAt(end) ?? 0) > 0xff_ff ? 2 : 1;
		}

		head = clean.slice(0, end);
		headWasCut = headWasCut || head.length < clean.length;
	}
	// Zero-width code points could make a cut head fit; the appended ellipsis still says "more".
	const candidate = headWasCut ? `${head}…` : head;
	if (displayWidth(candidate) <= width) return candidate;
	// Printable ASCII is one column a character (and the head is at least `width` of them here):
	// the cut is a slice. Most cells of a list are such text, cut on every page shown.
	if (printableAscii.test(head)) return `${head.slice(0, width - 1)}…`;
	// cli-truncate 5 overshoots by a column when a wide character meets the cut ('日本語', 4 →
	// '日本…'), so the cut is made here, grapheme by grapheme, leaving one column for the ellipsis;
	// the graphemes are read only up to the cut.
	let end = 0;
	let used = 0;
	for (const {segment} of segmenter().segment(candidate)) {
		const graphemeWidth = displayWidth(segment);
		if (used + graphemeWidth > width - 1) break;
		end += segment.length;
		used += graphemeWidth;
	}
	return `${candidate.slice(0, end)}…`;
}

/**
 * Sanitizes `text` for one line and shortens it with `…` so it occupies at most `width` columns.
 * Only the first 64 Ki code units of a huge input are considered.
 */
export function truncate(text: string, width: number): string {
	return clip(text, width);
}

/**
 * Sanitizes `text` for one line and makes it occupy exactly `width` columns: truncated with `…`
 * when too wide, padded with spaces when too narrow.
 */
export function fit(text: string, width: number): string {
	const clipped = clip(text, width);
	const padding = width - displayWidth(clipped);
	return padding > 0 ? clipped + ' '.repeat(padding) : clipped;
}

function splitGraphemes(text: string): string[] {
	if (printableAscii.test(text)) return text.split('');
	return Array.from(segmenter().segment(text), (segment) => segment.segment);
}

function segmenter(): Intl.Segmenter {
	graphemes ??= new Intl.Segmenter('en', {granularity: 'grapheme'});
	return graphemes;
}

/**
 * Wraps one line of already sanitized text to lines of at most `width` columns, breaking after a
 * space where one is on the line and inside a word otherwise. A grapheme wider than `width` gets
 * a line of its own. Newlines in `text` are not interpreted: split paragraphs first.
 */
export function wrapToWidth(text: string, width: number): string[] {
	const columns = Math.max(1, Math.floor(width));
	if (displayWidth(text) <= columns) return [text];
	const lines: string[] = [];
	let parts: string[] = [];
	let partWidths: number[] = [];
	let lineWidth = 0;
	for (const grapheme of splitGraphemes(text)) {
		const graphemeWidth = displayWidth(grapheme);
		// A loop: what is left after breaking at a space may still not fit beside this grapheme.
		while (lineWidth + graphemeWidth > columns && parts.length > 0) {
			const space = parts.lastIndexOf(' ');
			if (space > 0) {
				lines.push(parts.slice(0, space).join(''));
				parts = parts.slice(space + 1);
				partWidths = partWidths.slice(space + 1);
			} else {
				lines.push(parts.join(''));
				parts = [];
				partWidths = [];
			}
			lineWidth = partWidths.reduce((sum, value) => sum + value, 0);
		}
		// The space a line was broken at belongs to neither line.
		if (grapheme === ' ' && parts.length === 0 && lines.length > 0) continue;
		parts.push(grapheme);
		partWidths.push(graphemeWidth);
		lineWidth += graphemeWidth;
	}
	if (parts.length > 0) lines.push(parts.join(''));
	return lines;
}

const relativeUnits: ReadonlyArray<{unit: string; seconds: number}> = [
	{unit: 'year', seconds: 365 * 24 * 3600},
	{unit: 'month', seconds: 30 * 24 * 3600},
	{unit: 'day', seconds: 24 * 3600},
	{unit: 'hour', seconds: 3600},
	{unit: 'minute', seconds: 60},
];

/** Options of `formatRelative`. */
export type FormatRelativeOptions = {
	/** The moment to measure from, in epoch milliseconds (pass `Date.now()` from the caller). */
	now: number;
};

/**
 * Formats an ISO 8601 timestamp relative to `now`: `just now`, `5 minutes ago`, `in 2 days`,
 * `3 years ago`. Anything unparseable is shown as it came, sanitized.
 */
export function formatRelative(
	iso: string | null | undefined,
	{now}: FormatRelativeOptions,
): string {
	if (iso === null || iso === undefined) return '';
	const time = parseIsoDate(iso);
	if (time === undefined) return truncate(iso, 64);
	const seconds = Math.round((now - time) / 1000);
	const magnitude = Math.abs(seconds);
	if (magnitude < 60) return 'just now';
	const {unit, seconds: unitSeconds} = relativeUnits.find(
		(candidate) => magnitude >= candidate.seconds,
	) ?? {unit: 'minute', seconds: 60};
	const count = Math.floor(magnitude / unitSeconds);
	const phrase = `${formatCount(count)} ${unit}${count === 1 ? '' : 's'}`;
	return seconds >= 0 ? `${phrase} ago` : `in ${phrase}`;
}

function isPairStart(text: string, index: number): boolean {
	const code = text.charCodeAt(index);
	const next = text.charCodeAt(index + 1);
	return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

function countCodePoints(text: string, start: number): number {
	let count = 0;
	for (let index = start; index < text.length; index += isPairStart(text, index) ? 2 : 1) {
		count++;
	}
	return count;
}

/** `text` cut at `max` code points (never inside a surrogate pair) and how many were cut off. */
export function splitAtCap(text: string, max: number): {head: string; omitted: number} {
	const limit = Math.max(0, Math.floor(max));
	if (text.length <= limit) return {head: text, omitted: 0};
	let end = 0;
	let kept = 0;
	while (kept < limit && end < text.length) {
		end += isPairStart(text, end) ? 2 : 1;
		kept++;
	}
	return {head: text.slice(0, end), omitted: countCodePoints(text, end)};
}

/** The marker for cut text: `… 1,234 more characters`. */
export function omittedMarker(omitted: number): string {
	return `… ${formatCount(omitted)} more character${omitted === 1 ? '' : 's'}`;
}

/**
 * Caps `text` at `max` code points; a longer text is cut there and gets `… N more characters`
 * appended (N counted in code points, grouped with commas). Never splits a surrogate pair.
 */
export function capValue(text: string, max: number): string {
	const {head, omitted} = splitAtCap(text, max);
	return omitted === 0 ? head : head + omittedMarker(omitted);
}
