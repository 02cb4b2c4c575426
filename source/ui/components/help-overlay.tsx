/**
 * The help overlay, generated from `keymap` so it always tells the keys the program really
 * uses. Sections per context are laid out in two columns when the terminal is wide enough and
 * scroll when they do not fit.
 */
import {Box, Text, useInput} from 'ink';
import {useMemo, useState} from 'react';
import {
	bindingsOf,
	contextOrder,
	contextTitles,
	intentFor,
	keymap,
	keysFor,
	type KeyBinding,
} from '../keymap.js';
import {splitKeyChunk} from '../key-chunks.js';
import {useKeyTables} from '../key-tables.js';
import {maxScrollOffset, scrollFor} from '../scroll.js';
import {orList} from '../announce.js';
import {displayWidth, fit, formatCount} from '../text.js';
import {textStyle, type Theme} from '../theme.js';

/** One cell of the help grid. */
export type HelpCell =
	| {kind: 'heading'; text: string}
	| {kind: 'entry'; keys: string; description: string}
	| {kind: 'blank'};

/** The help grid: `rows[row][column]`, plus the sizes needed to draw it. */
export type HelpLayout = {
	columns: number;
	columnWidth: number;
	keyWidth: number;
	rows: HelpCell[][];
};

/** Options of `layoutHelp`. */
export type LayoutHelpOptions = {
	/** Columns available inside the overlay. */
	width: number;
	/** Bindings to show; the whole `keymap` by default. */
	bindings?: readonly KeyBinding[];
};

const columnGap = 2;
const minimumColumnWidth = 34;

function sectionsOf(bindings: readonly KeyBinding[]): HelpCell[][] {
	return contextOrder
		.map((context) => {
			const entries = bindings
				.filter((binding) => binding.context === context)
				.map((binding): HelpCell => ({
					kind: 'entry',
					keys: binding.keys.join(' '),
					description: binding.description,
				}));
			return entries.length === 0
				? []
				: [{kind: 'heading', text: contextTitles[context]} satisfies HelpCell, ...entries];
		})
		.filter((section) => section.length > 0);
}

/** What the marks drawn on screen mean; help explains them after the keys. */
export const screenMarks: ReadonlyArray<{mark: string; meaning: string}> = [
	{mark: '›', meaning: 'The selected record'},
	{mark: '»', meaning: 'The pane with the keys'},
	{mark: '…', meaning: 'Text cut to fit'},
	{mark: '*', meaning: 'Default profile'},
	{mark: '●', meaning: 'Profile in use'},
	{mark: '✖', meaning: 'An error (r retries)'},
	{mark: '⚠', meaning: 'A warning'},
	{mark: 'loading…', meaning: 'A request under way'},
	{mark: 'stale', meaning: 'Shown rows may be old'},
	{mark: '+ - ~', meaning: 'Diff: added, removed, changed'},
];

const marksSection: HelpCell[] = [
	{kind: 'heading', text: 'Marks on screen'},
	...screenMarks.map(({mark, meaning}): HelpCell => ({
		kind: 'entry',
		keys: mark,
		description: meaning,
	})),
];

function stack(sections: readonly HelpCell[][]): HelpCell[] {
	return sections.flatMap((section, index) =>
		index === 0 ? section : [{kind: 'blank'} satisfies HelpCell, ...section],
	);
}

/**
 * Lays the bindings out as a grid for `width` columns: two columns of whole sections, balanced,
 * when there is room for two, else one.
 */
export function layoutHelp({width, bindings = keymap}: LayoutHelpOptions): HelpLayout {
	const sections = [...sectionsOf(bindings), marksSection];
	const keyWidth = Math.max(
		1,
		...sections.flat().map((cell) => (cell.kind === 'entry' ? displayWidth(cell.keys) : 0)),
	);
	const columns = width >= minimumColumnWidth * 2 + columnGap && sections.length > 1 ? 2 : 1;
	const columnWidth = Math.max(1, Math.floor((width - columnGap * (columns - 1)) / columns));
	if (columns === 1) {
		return {columns, columnWidth, keyWidth, rows: stack(sections).map((cell) => [cell])};
	}
	let best = {split: 1, height: Number.POSITIVE_INFINITY};
	for (let split = 1; split < sections.length; split++) {
		const height = Math.max(
			stack(sections.slice(0, split)).length,
			stack(sections.slice(split)).length,
		);
		if (height < best.height) best = {split, height};
	}
	const left = stack(sections.slice(0, best.split));
	const right = stack(sections.slice(best.split));
	const rows = Array.from({length: best.height}, (_unused, index) => [
		left[index] ?? ({kind: 'blank'} satisfies HelpCell),
		right[index] ?? ({kind: 'blank'} satisfies HelpCell),
	]);
	return {columns, columnWidth, keyWidth, rows};
}

/** Props of `HelpOverlay`. */
export type HelpOverlayProps = {
	/** Outer size, border included; 80×24 shows everything without scrolling. */
	width: number;
	height: number;
	/** Whether the overlay takes keys; Esc, `?` and `q` close it, arrows and PgUp/PgDn scroll it. */
	isActive: boolean;
	onClose: () => void;
	theme: Theme;
};

function HelpCellView({cell, layout, theme}: {cell: HelpCell; layout: HelpLayout; theme: Theme}) {
	if (cell.kind === 'heading') {
		return <Text {...textStyle(theme.title)}>{fit(cell.text, layout.columnWidth)}</Text>;
	}
	if (cell.kind === 'blank') return <Text>{' '.repeat(layout.columnWidth)}</Text>;
	const keyColumns = Math.min(layout.keyWidth, Math.max(1, layout.columnWidth - 4));
	const descriptionColumns = Math.max(0, layout.columnWidth - keyColumns - 3);
	return (
		<Text>
			{'  '}
			<Text {...textStyle(theme.key)}>{fit(cell.keys, keyColumns)}</Text>{' '}
			{fit(cell.description, descriptionColumns)}
		</Text>
	);
}

/** A bordered overlay listing every key binding, grouped by context. */
export function HelpOverlay({width, height, isActive, onClose, theme}: HelpOverlayProps) {
	// Border (2) and horizontal padding (2) come off the outer size.
	const innerWidth = Math.max(1, width - 4);
	const tables = useKeyTables();
	const layout = useMemo(
		() => layoutHelp({width: innerWidth, bindings: bindingsOf(tables)}),
		[innerWidth, tables],
	);
	const innerHeight = Math.max(1, height - 2 - 1);
	const scrolls = layout.rows.length > innerHeight;
	const bodyHeight = scrolls ? Math.max(1, innerHeight - 1) : innerHeight;
	const maxOffset = maxScrollOffset(layout.rows.length, bodyHeight);
	const [requestedOffset, setOffset] = useState(0);
	const offset = Math.min(requestedOffset, maxOffset);
	const visible = layout.rows.slice(offset, offset + bodyHeight);

	useInput(
		(input, key) => {
			// Keys typed faster than a frame arrive as one chunk ("jjj"), and separate reads can
			// come before the next render: each key scrolls from where the one before it left.
			const intents = splitKeyChunk(input, key).map((event) =>
				intentFor(event.input, event.key, 'help', tables),
			);
			if (intents.includes('back')) {
				onClose();
				return;
			}

			setOffset((previous) =>
				intents.reduce(
					(from, intent) =>
						(intent === undefined
							? undefined
							: scrollFor(intent, from, layout.rows.length, bodyHeight)) ?? from,
					Math.min(previous, maxOffset),
				),
			);
		},
		{isActive},
	);

	const gap = ' '.repeat(columnGap);
	const scrollKeys = (['move-up', 'move-down', 'page-up', 'page-down'] as const)
		.map((intent) => keysFor(intent, 'help', tables)[0] ?? '')
		.join(' ');
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="round"
			paddingX={1}
			overflow="hidden"
		>
			<Text wrap="truncate-end">
				<Text {...textStyle(theme.title)}>Keys</Text>
				<Text {...textStyle(theme.dim)}> · {orList(keysFor('back', 'help', tables))} closes</Text>
			</Text>
			{visible.map((row, rowIndex) => (
				<Text key={offset + rowIndex} wrap="truncate-end">
					{row.map((cell, columnIndex) => (
						<Text key={columnIndex}>
							{columnIndex > 0 ? gap : ''}
							<HelpCellView cell={cell} layout={layout} theme={theme} />
						</Text>
					))}
				</Text>
			))}
			{scrolls ? (
				<Text {...textStyle(theme.dim)} wrap="truncate-end">
					{`lines ${formatCount(offset + 1)}–${formatCount(offset + visible.length)} of ${formatCount(layout.rows.length)} · ${scrollKeys} scroll`}
				</Text>
			) : null}
		</Box>
	);
}
