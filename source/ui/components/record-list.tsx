/**
 * The workspace list: one row per record with the columns that fit, the selected row marked so
 * it stays visible without colour, placeholders for rows still loading. Every server string is
 * sanitized and fitted to its column, so wide characters keep the columns aligned.
 */
import {Box, Text} from 'ink';
import {useState} from 'react';
import type {JsonObject, Workspace} from '../../api/types.js';
import type {VisibleRow} from '../../paging/pager.js';
import {fit, formatDate} from '../text.js';
import {textStyle, type Theme} from '../theme.js';

/** Widths of the columns shown; a column left out did not fit. `name` takes what is left. */
export type ListColumns = {
	marker: number;
	name: number;
	app?: number;
	visibility?: number;
	updated?: number;
};

const markerWidth = 2;
const gap = 1;
const minimumNameWidth = 20;
const updatedWidth = 10;
const visibilityWidth = 11;
const minimumAppWidth = 10;
const maximumAppWidth = 24;

/**
 * Chooses the columns for `width`: the name always; then the updated date, the visibility and
 * the app while the name keeps at least 20 columns. The app column grows up to 24 columns.
 */
export function listColumns(width: number): ListColumns {
	const available = Math.max(1, Math.floor(width) - markerWidth);
	const columns: ListColumns = {marker: markerWidth, name: available};
	let rest = available;
	const take = (columnWidth: number) => {
		if (rest - columnWidth - gap < minimumNameWidth) return false;
		rest -= columnWidth + gap;
		return true;
	};

	if (take(updatedWidth)) columns.updated = updatedWidth;
	if (take(visibilityWidth)) columns.visibility = visibilityWidth;
	if (take(minimumAppWidth)) {
		const extra = Math.max(
			0,
			Math.min(maximumAppWidth - minimumAppWidth, Math.floor((rest - minimumNameWidth) / 3)),
		);
		rest -= extra;
		columns.app = minimumAppWidth + extra;
	}

	columns.name = rest;
	return columns;
}

function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

function appName(record: Workspace): string {
	const {app} = record;
	return typeof app === 'object' && app !== null && !Array.isArray(app)
		? textOf((app as JsonObject).name)
		: '';
}

type CellsCache = WeakMap<Workspace, {layout: string; cells: string}>;

function cachedCells(cellsCache: CellsCache, record: Workspace, columns: ListColumns): string {
	const layout = `${columns.name},${columns.app},${columns.visibility},${columns.updated}`;
	const cached = cellsCache.get(record);
	if (cached?.layout === layout) return cached.cells;
	const cells = recordCells(record, columns);
	cellsCache.set(record, {layout, cells});
	return cells;
}

/** The cells of one record, fitted to `columns` (without the marker). */
export function recordCells(record: Workspace, columns: ListColumns): string {
	const name = textOf(record.name);
	const cells = [fit(name === '' ? `(unnamed ${textOf(record.id)})` : name, columns.name)];
	if (columns.app !== undefined) cells.push(fit(appName(record), columns.app));
	if (columns.visibility !== undefined) {
		cells.push(fit(textOf(record.visibility), columns.visibility));
	}

	if (columns.updated !== undefined) {
		const updated = typeof record.updated_at === 'string' ? formatDate(record.updated_at) : '';
		cells.push(fit(updated, columns.updated));
	}

	return cells.join(' '.repeat(gap));
}

function headerCells(columns: ListColumns): string {
	const cells = [fit('Name', columns.name)];
	if (columns.app !== undefined) cells.push(fit('App', columns.app));
	if (columns.visibility !== undefined) cells.push(fit('Visibility', columns.visibility));
	if (columns.updated !== undefined) cells.push(fit('Updated', columns.updated));
	return cells.join(' '.repeat(gap));
}

/** Props of `RecordList`. */
export type RecordListProps = {
	rows: ReadonlyArray<VisibleRow<Workspace>>;
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
};

/** The list of records on screen with a header line. */
export function RecordList({
	rows,
	cursor,
	width,
	height,
	theme,
	emptyText,
	isFocused,
}: RecordListProps) {
	const columns = listColumns(width);
	const lineWidth = Math.max(1, Math.floor(width));
	// Rows are laid out again on every key press, but their records rarely change: keep each
	// record's cells per column layout (measuring text is most of a frame's CPU). Weak, so the
	// records of evicted pages go.
	const [cellsCache] = useState<CellsCache>(() => new WeakMap());
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text {...textStyle(theme.dim)} bold wrap="truncate-end">
				{fit(`${' '.repeat(columns.marker)}${headerCells(columns)}`, lineWidth)}
			</Text>
			{rows.length === 0 ? (
				<Text {...textStyle(theme.dim)} wrap="truncate-end">
					{fit(`${' '.repeat(columns.marker)}${emptyText}`, lineWidth)}
				</Text>
			) : null}
			{rows.slice(0, Math.max(0, height - 1)).map((row) => {
				const isSelected = row.index === cursor;
				const style = isSelected ? theme.selected : theme.unselected;
				const marker = fit(style.marker, columns.marker);
				const cells =
					row.record === undefined
						? fit('…', lineWidth - columns.marker)
						: cachedCells(cellsCache, row.record, columns);
				const line = fit(`${marker}${cells}`, lineWidth);
				const dim = row.record === undefined || row.isStale;
				return (
					<Text
						key={row.index}
						{...(isSelected ? textStyle(theme.selected) : {})}
						dimColor={dim || (isSelected && !isFocused)}
						wrap="truncate-end"
					>
						{line}
					</Text>
				);
			})}
		</Box>
	);
}
