/**
 * The breadcrumb that says where the user is: `Workspaces › Bridge Zwolle › Entities › Design
 * Delft 2 › Children`. Every name is sanitized; when the line is too narrow the longest names
 * before the last are shortened first (the last segment, where the user is, stays longest),
 * then middle segments collapse into one `…`, and only then is the last one cut. Widths are
 * terminal columns, so CJK and emoji count double. Pure functions.
 */
import {displayWidth, sanitizeLine, truncate} from './text.js';

/** The separator between segments. */
export const breadcrumbSeparator = ' › ';

/** Options of `fitBreadcrumb`. */
export type BreadcrumbOptions = {
	/** Columns a name before the last keeps at least (`Bridg…`) before segments collapse. */
	minimumSegmentWidth?: number;
	/** Columns the last segment keeps at least before it is cut itself. */
	minimumLastWidth?: number;
};

// A name longer than this is cut at once: it could never be shown whole on a line.
const maxSegmentColumns = 200;
const collapsed = '…';

function clean(segment: string): string {
	const text = truncate(sanitizeLine(segment).trim(), maxSegmentColumns);
	return text === '' ? '(no name)' : text;
}

function totalWidth(widths: readonly number[]): number {
	const separators = Math.max(0, widths.length - 1) * displayWidth(breadcrumbSeparator);
	return widths.reduce((sum, value) => sum + value, separators);
}

/**
 * Widths for `names` (the last kept whole) that fit `columns`: a cap on the names before the
 * last is lowered until the line fits, then columns the cap leaves unused go to the cut names
 * that need the fewest to be whole (a short label such as `Entities`). Undefined when even every
 * name at `floor` columns does not fit.
 */
function shrinkToFit(
	names: readonly string[],
	columns: number,
	floor: number,
): number[] | undefined {
	const natural = names.map(displayWidth);
	const lastIndex = natural.length - 1;
	const before = natural.slice(0, lastIndex);
	const lastWidth = natural[lastIndex] ?? 0;
	const capped = (limit: number) => before.map((value) => Math.min(value, Math.max(limit, floor)));
	let cap = Math.max(0, ...before);
	while (cap > floor && totalWidth([...capped(cap), lastWidth]) > columns) cap--;
	const widths = [...capped(cap), lastWidth];
	let slack = columns - totalWidth(widths);
	if (slack < 0) return undefined;
	const shortFirst = before
		.map((value, index) => ({index, missing: value - (widths[index] ?? 0)}))
		.filter((entry) => entry.missing > 0)
		.sort((left, right) => left.missing - right.missing || left.index - right.index);
	for (const {index, missing} of shortFirst) {
		if (slack <= 0) break;
		const given = Math.min(slack, missing);
		widths[index] = (widths[index] ?? 0) + given;
		slack -= given;
	}
	return widths;
}

/**
 * The segments to show, each sanitized and cut with `…` so that joined with ` › ` they take at
 * most `width` columns. Collapsed middle segments become one `…` segment. The last element is
 * always (what fits of) the last segment; an empty list gives an empty list.
 */
export function fitBreadcrumb(
	segments: readonly string[],
	width: number,
	options: BreadcrumbOptions = {},
): string[] {
	const columns = Math.max(0, Math.floor(width));
	const floor = Math.max(2, options.minimumSegmentWidth ?? 6);
	const minimumLast = Math.max(2, options.minimumLastWidth ?? 12);
	const names = segments.map(clean);
	if (names.length === 0 || columns === 0) return [];
	const cutTo = (parts: readonly string[], widths: readonly number[]) =>
		parts.map((part, index) => truncate(part, widths[index] ?? 0));

	// Shorten names; if that is not enough, fold the segments after the first into one `…`,
	// the outermost first, and shorten what is left.
	for (let dropped = 0; dropped <= Math.max(0, names.length - 2); dropped++) {
		const parts = dropped === 0 ? names : [names[0] ?? '', collapsed, ...names.slice(1 + dropped)];
		const widths = shrinkToFit(parts, columns, floor);
		if (widths !== undefined) return cutTo(parts, widths);
	}

	// The last segment gives way down to its floor, then everything before it goes.
	const last = names.at(-1) ?? '';
	const lastFloor = Math.min(minimumLast, displayWidth(last));
	const head =
		names.length > 2
			? [truncate(names[0] ?? '', floor), collapsed]
			: names.slice(0, -1).map((name) => truncate(name, floor));
	const room = columns - totalWidth([...head.map(displayWidth), 0]);
	if (room >= lastFloor) return [...head, truncate(last, room)];
	const lastRoom = columns - totalWidth([displayWidth(collapsed), 0]);
	if (names.length > 1 && lastRoom >= lastFloor) return [collapsed, truncate(last, lastRoom)];
	return [truncate(last, columns)];
}

/** The breadcrumb as one line of at most `width` columns (see `fitBreadcrumb`). */
export function formatBreadcrumb(
	segments: readonly string[],
	width: number,
	options?: BreadcrumbOptions,
): string {
	return fitBreadcrumb(segments, width, options).join(breadcrumbSeparator);
}
