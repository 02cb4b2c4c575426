/**
 * What changed between two revisions of an entity: a header naming both (`--- revision 12 ·
 * date`, `+++ revision 13 · date`), a summary line, and one marked line per changed path. Every
 * meaning is carried by a marker (`+` added, `-` removed, `~` changed) before any colour, so it
 * reads the same with NO_COLOR. The view is controlled: the parent passes the scroll offset
 * (see `useScrollOffset`) and handles the keys.
 */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {JsonObject} from '../../api/types.js';
import {
	diffLines,
	diffValues,
	formatTimestamp,
	revisionIdText,
	summarizeDiff,
	type DiffLine,
	type DiffOptions,
	type RevisionDiff,
} from '../revision-diff.js';
import {formatCount, truncate} from '../text.js';
import {textStyle, type TextStyle, type Theme} from '../theme.js';

/** Rows the view takes besides the diff lines: two header lines, the summary, the footer. */
const chromeRows = 4;

/** How many diff lines a view of `height` rows shows at once. */
export function revisionDiffPageRows(height: number): number {
	return Math.max(1, Math.floor(height) - chromeRows);
}

function paramsOf(revision: JsonObject | undefined): unknown {
	if (revision === undefined) return {};
	return revision['params'] === undefined ? {} : revision['params'];
}

/**
 * The diff of two revision records' `params`. Without an older revision (the first one) every
 * parameter shows as added; a record without `params` counts as empty.
 */
export function diffRevisions(
	older: JsonObject | undefined,
	newer: JsonObject,
	options?: DiffOptions,
): RevisionDiff {
	return diffValues(paramsOf(older), paramsOf(newer), options);
}

/** `revision 12 · 2024-06-12 08:01:02 UTC`, the id and date sanitized. */
export function describeRevision(revision: JsonObject): string {
	const id = revisionIdText(revision);
	const name = id === undefined ? 'revision (no id)' : `revision ${id}`;
	return `${name} · ${formatTimestamp(revision['created_date'])}`;
}

function lineStyle(line: DiffLine, theme: Theme): TextStyle {
	switch (line.marker) {
		case '+': {
			return textStyle(theme.accent);
		}
		case '-': {
			return {color: theme.error.color};
		}
		case '~': {
			return {color: theme.warning.color};
		}
		case ' ': {
			return textStyle(theme.dim);
		}
	}
}

/** Props of `RevisionDiffView`. */
export type RevisionDiffViewProps = {
	/** The revision compared against; undefined for an entity's first revision. */
	older: JsonObject | undefined;
	/** The revision whose changes are shown. */
	newer: JsonObject;
	/** `diffRevisions(older, newer)`, memoized by the parent (it also needs the line count). */
	diff: RevisionDiff;
	width: number;
	height: number;
	/** The first diff line shown; clamped to the content. */
	offset: number;
	theme: Theme;
};

/** The line count of `diff` as `RevisionDiffView` draws it, for the parent's scroll state. */
export function revisionDiffLineCount(diff: RevisionDiff): number {
	return diffLines(diff).length;
}

/** Shows the changes between two revisions, one marked line per changed path. */
export function RevisionDiffView({
	older,
	newer,
	diff,
	width,
	height,
	offset,
	theme,
}: RevisionDiffViewProps) {
	const columns = Math.max(1, Math.floor(width));
	// Old and new value share a line: each gets a bit less than half of it.
	const valueColumns = Math.max(8, Math.floor((columns - 10) / 2.5));
	const lines = useMemo(() => diffLines(diff, {valueColumns}), [diff, valueColumns]);
	const pageRows = revisionDiffPageRows(height);
	const start = Math.max(0, Math.min(Math.floor(offset), lines.length - pageRows));
	const visible = lines.slice(start, start + pageRows);
	const olderText =
		older === undefined
			? '--- (no earlier revision: every parameter is new)'
			: `--- ${describeRevision(older)}`;
	// A server may leave `params` out; the diff reads that as empty, and the summary says so.
	const withoutParams = [older, newer].filter(
		(revision): revision is JsonObject => revision !== undefined && !('params' in revision),
	);
	const summary =
		withoutParams.length === 0
			? summarizeDiff(diff)
			: `${summarizeDiff(diff)} · no params sent for ${withoutParams.map((revision) => describeRevision(revision).split(' · ')[0]).join(' and ')} (read as empty)`;
	const position =
		lines.length > pageRows
			? `lines ${formatCount(start + 1)}–${formatCount(start + visible.length)} of ${formatCount(lines.length)}`
			: '';
	return (
		<Box flexDirection="column" width={columns} height={height} overflow="hidden">
			<Text bold wrap="truncate-end">
				{truncate(olderText, columns)}
			</Text>
			<Text bold wrap="truncate-end">
				{truncate(`+++ ${describeRevision(newer)}`, columns)}
			</Text>
			<Text {...textStyle(theme.dim)} wrap="truncate-end">
				{truncate(summary, columns)}
			</Text>
			{visible.map((line, index) => (
				<Text key={start + index} {...lineStyle(line, theme)} wrap="truncate-end">
					{truncate(`${line.marker} ${line.text}`, columns)}
				</Text>
			))}
			<Box flexGrow={1} />
			<Text {...textStyle(theme.dim)} wrap="truncate-end">
				{truncate(position, columns)}
			</Text>
		</Box>
	);
}
