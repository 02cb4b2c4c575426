/**
 * The list of any resource: one row per record with the columns that fit, the selected row marked so
 * it stays visible without colour, placeholders for rows still loading. Every server string is
 * sanitized and fitted to its column, so wide characters keep the columns aligned.
 */
import {Box, Text} from 'ink';
import {memo, useMemo, useState} from 'react';
import type {JsonObject} from '../../api/types.js';
import type {VisibleRow} from '../../paging/pager.js';
import {
	gapBetweenColumns,
	layoutColumns,
	type ColumnLayout,
	type ResourceDescriptor,
} from '../resources.js';
import {fit} from '../text.js';
import {textStyle, type Theme} from '../theme.js';

type CellsCache = WeakMap<JsonObject, {layout: ColumnLayout; cells: string}>;

function cachedCells(cellsCache: CellsCache, record: JsonObject, layout: ColumnLayout): string {
	const cached = cellsCache.get(record);
	if (cached?.layout === layout) return cached.cells;
	const cells = recordCells(record, layout);
	cellsCache.set(record, {layout, cells});
	return cells;
}

/** The cells of one record, fitted to the layout's columns (without the marker). */
export function recordCells(record: JsonObject, layout: ColumnLayout): string {
	return layout.columns
		.map(({spec, width}) => fit(spec.value(record), width))
		.join(' '.repeat(gapBetweenColumns));
}

function headerCells(layout: ColumnLayout): string {
	return layout.columns
		.map(({spec, width}) => fit(spec.title, width))
		.join(' '.repeat(gapBetweenColumns));
}

/** Props of `RecordList`. */
export type RecordListProps = {
	/** What the rows are: their columns come from here. */
	descriptor: ResourceDescriptor;
	rows: ReadonlyArray<VisibleRow<JsonObject>>;
	/** Absolute index of the selected record. */
	cursor: number;
	width: number;
	/** Lines available, the header included. */
	height: number;
	theme: Theme;
	/** Shown instead of rows when there are none (loading, empty list, search without matches). */
	emptyText: string;
	/** Whether the list has the keyboard; the selection is drawn either way. */
	isFocused: boolean;
	/** The active sort: its column shows (added where there is none) with ↑ or ↓. */
	sort?: string | undefined;
	/** A terminal of 160+ columns: the descriptor's wide columns show too. */
	isWideTerminal?: boolean;
};

type RecordRowProps = {
	/** Undefined while its page loads: the row shows `…`. */
	record: JsonObject | undefined;
	isSelected: boolean;
	isFocused: boolean;
	isStale: boolean;
	layout: ColumnLayout;
	lineWidth: number;
	theme: Theme;
	cellsCache: CellsCache;
};

/**
 * One row. Memoised on its props, all of them kept stable by the list (the record, the layout,
 * the theme, the cache), so a move of the selection draws two rows again, not every row.
 */
const RecordRow = memo(function RecordRow({
	record,
	isSelected,
	isFocused,
	isStale,
	layout,
	lineWidth,
	theme,
	cellsCache,
}: RecordRowProps) {
	const selectedStyle = isFocused ? theme.selected : theme.selectedUnfocused;
	const style = isSelected ? selectedStyle : theme.unselected;
	const marker = fit(style.marker, layout.marker);
	const cells =
		record === undefined
			? fit('…', lineWidth - layout.marker)
			: cachedCells(cellsCache, record, layout);
	// A row still loading or from before a refresh is faint as the theme draws secondary text
	// (high-contrast dims nothing: there the `…` and the status line tell).
	const isFaint = record === undefined || isStale;
	const rowStyle = isSelected
		? {
				...textStyle(style),
				dimColor: style.dimColor === true || (isFaint && theme.dim.dimColor === true),
			}
		: isFaint
			? textStyle(theme.dim)
			: {};
	return (
		<Text {...rowStyle} wrap="truncate-end">
			{fit(`${marker}${cells}`, lineWidth)}
		</Text>
	);
});

/**
 * The list of records on screen with a header line. Memoised: a key that changes something else
 * (a digit typed into the jump prompt) does not lay out its rows again.
 */
export const RecordList = memo(function RecordList({
	descriptor,
	rows,
	cursor,
	width,
	height,
	theme,
	emptyText,
	isFocused,
	sort,
	isWideTerminal = false,
}: RecordListProps) {
	const layout = useMemo(
		() => layoutColumns(descriptor, width, {sort, isWideTerminal}),
		[descriptor, width, sort, isWideTerminal],
	);
	const markerColumns = layout.marker;
	const lineWidth = Math.max(1, Math.floor(width));
	// Rows are laid out again on every key press, but their records rarely change: keep each
	// record's cells per column layout (measuring text is most of a frame's CPU). Weak, so the
	// records of evicted pages go.
	const [cellsCache] = useState<CellsCache>(() => new WeakMap());
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text {...textStyle(theme.dim)} bold wrap="truncate-end">
				{fit(`${' '.repeat(markerColumns)}${headerCells(layout)}`, lineWidth)}
			</Text>
			{rows.length === 0 ? (
				<Text {...textStyle(theme.dim)} wrap="truncate-end">
					{fit(`${' '.repeat(markerColumns)}${emptyText}`, lineWidth)}
				</Text>
			) : null}
			{rows.slice(0, Math.max(0, height - 1)).map((row) => (
				<RecordRow
					key={row.index}
					record={row.record}
					isSelected={row.index === cursor}
					isFocused={isFocused}
					isStale={row.isStale}
					layout={layout}
					lineWidth={lineWidth}
					theme={theme}
					cellsCache={cellsCache}
				/>
			))}
		</Box>
	);
});
