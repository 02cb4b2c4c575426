/**
 * The detail pane: every field of one record, nested values indented, strings sanitized, long
 * values capped, with a raw JSON view. The record is flattened to lines once per identity (with
 * hard caps on value length, depth and line count) and only the visible slice is rendered. The
 * raw JSON view keeps each value on one line, so it reads and copies as JSON, scrolls sideways
 * with ←/→, and shows control and bidi characters as escapes (`\u202e`) instead of dropping them.
 */
import {Box, Text, useInput, type Key} from 'ink';
import {memo, useMemo} from 'react';
import type {JsonObject} from '../../api/types.js';
import {intentFor, keysFor, type Intent} from '../keymap.js';
import {useKeyTables} from '../key-tables.js';
import {
	capValue,
	displayWidth,
	formatCount,
	omittedMarker,
	sanitizeBlock,
	sanitizeLine,
	splitAtCap,
	truncate,
	wrapToWidth,
} from '../text.js';
import {escapeControls, quoteJson} from '../escape-text.js';
import {splitKeyChunk} from '../key-chunks.js';
import {sliceColumns} from '../slice-columns.js';
import {textStyle, type Theme} from '../theme.js';
import {useDetailState} from './use-detail-state.js';

/** One display line of a record; at most one terminal row once indented. */
export type DetailLine = {
	/** Leading spaces. */
	indent: number;
	/** A field name or `[index]`, drawn in the key style and followed by `: `. */
	key?: string;
	/** Sanitized text after the key. */
	text: string;
	/** Values are drawn plainly; markers (`null`, `{}`, counts, truncation) dimmed. */
	tone: 'value' | 'dim';
};

/** Options of `recordToLines`. */
export type RecordToLinesOptions = {
	/** Columns available to each line. */
	width: number;
	/** Pretty-printed JSON instead of the field view. */
	raw: boolean;
	/** Code points kept of one string value before `… N more characters`. */
	maxValueCharacters?: number;
	/** The same for raw JSON, whose strings stay on one line and scroll sideways. */
	maxRawValueCharacters?: number;
	/** Lines produced at most; a marker line follows when the record has more. */
	maxLines?: number;
	/** Nesting levels expanded; deeper containers show as one `…` marker line. */
	maxDepth?: number;
};

/** The caps `recordToLines` applies unless told otherwise. */
export const detailLimits = {
	maxValueCharacters: 2000,
	maxRawValueCharacters: 10_000,
	maxLines: 10_000,
	maxDepth: 16,
} as const;

type Builder = {
	lines: DetailLine[];
	width: number;
	maxLines: number;
	maxValueCharacters: number;
	maxRawValueCharacters: number;
	maxDepth: number;
	full: boolean;
};

function push(builder: Builder, line: DetailLine): boolean {
	if (builder.full) return false;
	if (builder.lines.length >= builder.maxLines) {
		builder.full = true;
		builder.lines.push({
			indent: 0,
			text: `… stopped after ${formatCount(builder.maxLines)} lines`,
			tone: 'dim',
		});
		return false;
	}
	builder.lines.push(line);
	return true;
}

function indentFor(builder: Builder, depth: number): number {
	// Deep nesting must not push every value off the right edge of a narrow pane.
	return Math.min(depth * 2, Math.floor(builder.width / 2));
}

function plural(count: number, noun: string): string {
	return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function isContainer(value: unknown): value is JsonObject | unknown[] {
	return typeof value === 'object' && value !== null;
}

function scalarText(value: unknown): {text: string; tone: DetailLine['tone']} {
	if (value === null) return {text: 'null', tone: 'dim'};
	if (value === undefined) return {text: 'undefined', tone: 'dim'};
	if (typeof value === 'string') return {text: value, tone: 'value'};
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return {text: String(value), tone: 'value'};
	}
	return {text: sanitizeLine(String(value)), tone: 'dim'};
}

function pushString(builder: Builder, indent: number, key: string, value: string): void {
	if (value === '') {
		push(builder, {indent, key, text: '""', tone: 'dim'});
		return;
	}
	const {head: kept, omitted} = splitAtCap(value, builder.maxValueCharacters);
	const paragraphs = sanitizeBlock(kept).split('\n');
	const continuationIndent = indent + 2;
	const continuationWidth = Math.max(8, builder.width - continuationIndent);
	const firstWidth = builder.width - indent - displayWidth(key) - 2;
	let index = 0;
	if (firstWidth >= 12) {
		const first = paragraphs[0] ?? '';
		const [head = ''] = wrapToWidth(first, firstWidth);
		if (!push(builder, {indent, key, text: head, tone: 'value'})) return;
		paragraphs[0] = first.slice(head.length).trimStart();
		if (paragraphs[0] === '') index = 1;
	} else if (!push(builder, {indent, key, text: '', tone: 'value'})) {
		return;
	}
	for (; index < paragraphs.length; index++) {
		for (const text of wrapToWidth(paragraphs[index] ?? '', continuationWidth)) {
			if (!push(builder, {indent: continuationIndent, text, tone: 'value'})) return;
		}
	}
	if (omitted > 0) {
		push(builder, {indent: continuationIndent, text: omittedMarker(omitted), tone: 'dim'});
	}
}

function fieldLines(builder: Builder, value: unknown, key: string, depth: number): void {
	const indent = indentFor(builder, depth);
	const keyColumns = Math.max(8, Math.floor((builder.width - indent) / 2));
	const label = truncate(key, keyColumns);
	if (isContainer(value)) {
		const isArray = Array.isArray(value);
		const size = isArray ? value.length : Object.keys(value).length;
		if (size === 0) {
			push(builder, {indent, key: label, text: isArray ? '[]' : '{}', tone: 'dim'});
			return;
		}
		const summary = isArray ? plural(size, 'item') : plural(size, 'field');
		if (depth >= builder.maxDepth) {
			push(builder, {indent, key: label, text: `… ${summary}, nested too deep`, tone: 'dim'});
			return;
		}
		if (!push(builder, {indent, key: label, text: isArray ? `(${summary})` : '', tone: 'dim'})) {
			return;
		}
		containerLines(builder, value, depth + 1);
		return;
	}
	const {text, tone} = scalarText(value);
	if (typeof value === 'string') pushString(builder, indent, label, text);
	else push(builder, {indent, key: label, text, tone});
}

function containerLines(builder: Builder, value: JsonObject | unknown[], depth: number): void {
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length && !builder.full; index++) {
			fieldLines(builder, value[index], `[${index}]`, depth);
		}
		return;
	}
	for (const key of Object.keys(value)) {
		if (builder.full) return;
		fieldLines(builder, value[key], key, depth);
	}
}

function pushRaw(builder: Builder, depth: number, text: string, tone: DetailLine['tone']): boolean {
	// One JSON line stays one line (the view scrolls sideways), indented as JSON.stringify does.
	// Strings were quoted with `quoteJson`; escaping again keeps any other text just as safe.
	return push(builder, {indent: depth * 2, text: escapeControls(text), tone});
}

function rawScalar(builder: Builder, value: unknown): string {
	if (typeof value === 'string') {
		return quoteJson(capValue(value, builder.maxRawValueCharacters));
	}
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
	if (typeof value === 'boolean' || value === null) return String(value);
	if (typeof value === 'bigint') return value.toString();
	return quoteJson(String(value));
}

function rawLines(
	builder: Builder,
	value: unknown,
	prefix: string,
	suffix: string,
	depth: number,
): void {
	if (!isContainer(value)) {
		pushRaw(builder, depth, prefix + rawScalar(builder, value) + suffix, 'value');
		return;
	}
	const isArray = Array.isArray(value);
	const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
	const keys = isArray ? [] : Object.keys(value);
	const size = isArray ? value.length : keys.length;
	if (size === 0) {
		pushRaw(builder, depth, `${prefix}${open}${close}${suffix}`, 'value');
		return;
	}
	if (depth >= builder.maxDepth) {
		const summary = isArray ? plural(size, 'item') : plural(size, 'field');
		pushRaw(
			builder,
			depth,
			`${prefix}${open}… ${summary}, nested too deep${close}${suffix}`,
			'dim',
		);
		return;
	}
	if (!pushRaw(builder, depth, prefix + open, 'value')) return;
	for (let index = 0; index < size && !builder.full; index++) {
		const comma = index < size - 1 ? ',' : '';
		if (Array.isArray(value)) {
			rawLines(builder, value[index], '', comma, depth + 1);
		} else {
			const key = keys[index] ?? '';
			const name = quoteJson(capValue(key, 200));
			rawLines(builder, value[key], `${name}: `, comma, depth + 1);
		}
	}
	pushRaw(builder, depth, close + suffix, 'value');
}

/**
 * Flattens a record to display lines: the field view (`key: value`, nested values indented, keys
 * in source order, wrapped to `width` columns) or pretty-printed JSON as `JSON.stringify(record,
 * null, 2)` prints it, one JSON line per line however long (the pane scrolls sideways), control
 * and bidi characters as `\u` escapes. Field-view strings are sanitized; values, depth and line
 * count are capped, so any record gives a bounded result.
 */
export function recordToLines(record: JsonObject, options: RecordToLinesOptions): DetailLine[] {
	const builder: Builder = {
		lines: [],
		width: Math.max(1, Math.floor(options.width)),
		maxLines: options.maxLines ?? detailLimits.maxLines,
		maxValueCharacters: options.maxValueCharacters ?? detailLimits.maxValueCharacters,
		maxRawValueCharacters: options.maxRawValueCharacters ?? detailLimits.maxRawValueCharacters,
		maxDepth: options.maxDepth ?? detailLimits.maxDepth,
		full: false,
	};
	if (options.raw) {
		rawLines(builder, record, '', '', 0);
	} else if (Object.keys(record).length === 0) {
		push(builder, {indent: 0, text: '(no fields)', tone: 'dim'});
	} else {
		containerLines(builder, record, 0);
	}
	return builder.lines;
}

/** Where the detail of the record stands. */
export type DetailStatus = 'idle' | 'loading' | 'loaded' | 'error';

/** Props of `DetailPane`. */
export type DetailPaneProps = {
	/** The record to show; while loading, the list's copy of it. */
	record: JsonObject | undefined;
	status: DetailStatus;
	/** The message shown when `status` is `error`. */
	error?: string;
	width: number;
	height: number;
	/** Whether the pane takes keys (scrolling, raw toggle); its title then shows the theme's focus marker. */
	isActive: boolean;
	theme: Theme;
	/** The heading; defaults to the record's `name`. */
	title?: string;
	/** A dimmed line under the heading, such as why only the list's copy is shown. */
	note?: string;
	/** Receives the intents the pane does not handle itself (back, focus-next, quit, …). */
	onIntent?: (intent: Intent) => void;
};

const maxErrorLines = 3;

type FieldLineProps = Omit<DetailLine, 'key'> & {name: string | undefined; theme: Theme};

/**
 * One line of the field view. Memoised on its plain props: where the next record has the same
 * line at the same place (`is_archived: false`), a move of the selection does not redraw it.
 */
const FieldLine = memo(function FieldLine({indent, name, text, tone, theme}: FieldLineProps) {
	return (
		<Text wrap="truncate-end">
			{' '.repeat(indent)}
			{name === undefined ? null : <Text {...textStyle(theme.key)}>{name}: </Text>}
			<Text {...(tone === 'dim' ? textStyle(theme.dim) : {})}>{text}</Text>
		</Text>
	);
});

/**
 * Shows one record, scrollable, with a toggle between fields and raw JSON. Memoised: a key that
 * changes something else (a digit typed into the jump prompt) does not draw the record again.
 */
export const DetailPane = memo(function DetailPane({
	record,
	status,
	error,
	width,
	height,
	isActive,
	theme,
	title,
	note,
	onIntent,
}: DetailPaneProps) {
	const detail = useDetailState({source: record});
	const {raw} = detail;
	const tables = useKeyTables();
	const lines = useMemo(
		() => (record === undefined ? [] : recordToLines(record, {width, raw})),
		[record, width, raw],
	);
	const heading =
		title ?? (typeof record?.['name'] === 'string' ? record['name'] : undefined) ?? 'Detail';
	const errorLines =
		status === 'error'
			? wrapToWidth(
					`${theme.error.marker} ${sanitizeLine(error ?? 'Could not load the record.')}`,
					width,
				).slice(0, maxErrorLines)
			: [];
	const statusRows = (status === 'loading' ? 1 : errorLines.length) + (note === undefined ? 0 : 1);
	const bodyHeight = Math.max(1, height - 2 - statusRows);
	const maxOffset = Math.max(0, lines.length - bodyHeight);
	const offset = Math.min(detail.offset, maxOffset);
	const visible = lines.slice(offset, offset + bodyHeight);
	const rawWidth = useMemo(
		() =>
			raw
				? lines.reduce((widest, line) => Math.max(widest, line.indent + displayWidth(line.text)), 0)
				: 0,
		[lines, raw],
	);
	const maxColumn = Math.max(0, rawWidth - width);
	const column = Math.min(detail.column, maxColumn);
	const sidewaysStep = Math.max(1, Math.floor(width / 2));

	const handleKey = (input: string, key: Key) => {
		if (raw && (key.leftArrow || key.rightArrow)) {
			detail.scrollSideways(key.leftArrow ? -sidewaysStep : sidewaysStep, maxColumn);
			return;
		}
		const intent = intentFor(input, key, 'detail', tables);
		if (intent === undefined) return;
		switch (intent) {
			case 'move-up': {
				detail.scrollBy(-1, maxOffset);
				break;
			}
			case 'move-down': {
				detail.scrollBy(1, maxOffset);
				break;
			}
			case 'page-up': {
				detail.scrollBy(-bodyHeight, maxOffset);
				break;
			}
			case 'page-down': {
				detail.scrollBy(bodyHeight, maxOffset);
				break;
			}
			case 'first': {
				detail.scrollToStart();
				break;
			}
			case 'last': {
				detail.scrollToEnd(maxOffset);
				break;
			}
			case 'toggle-raw': {
				detail.toggleRaw();
				break;
			}
			default: {
				onIntent?.(intent);
			}
		}
	};

	useInput(
		(input, key) => {
			// Keys typed faster than a frame arrive as one chunk ("jjj"): take them one by one.
			for (const event of splitKeyChunk(input, key)) handleKey(event.input, event.key);
		},
		{isActive},
	);

	const rawKey = keysFor('toggle-raw', 'detail', tables)[0] ?? 'v';
	const position =
		lines.length === 0
			? ''
			: `lines ${formatCount(offset + 1)}–${formatCount(offset + visible.length)} of ${formatCount(lines.length)}`;
	const toggleHint = record === undefined ? '' : `${rawKey} ${raw ? 'fields' : 'raw JSON'}`;
	const sideways =
		maxColumn > 0
			? `←/→ columns ${formatCount(column + 1)}–${formatCount(Math.min(column + width, rawWidth))} of ${formatCount(rawWidth)}`
			: '';
	const footer = [position, sideways, toggleHint].filter((part) => part !== '').join(' · ');

	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text {...textStyle(isActive ? theme.focusedTitle : theme.title)} wrap="truncate-end">
				{truncate(isActive ? `${theme.focusedTitle.marker} ${heading}` : heading, width)}
				{raw ? <Text {...textStyle(theme.dim)}> (raw JSON)</Text> : null}
			</Text>
			{note === undefined ? null : (
				<Text {...textStyle(theme.dim)} wrap="truncate-end">
					{truncate(note, width)}
				</Text>
			)}
			{status === 'loading' ? (
				<Text {...textStyle(theme.warning)} wrap="truncate-end">
					{truncate(`${theme.warning.marker} Loading the full record…`, width)}
				</Text>
			) : null}
			{errorLines.map((line, index) => (
				<Text key={`error-${index}`} {...textStyle(theme.error)} wrap="truncate-end">
					{line}
				</Text>
			))}
			{record === undefined && status === 'idle' ? (
				<Text {...textStyle(theme.dim)}>No record selected.</Text>
			) : null}
			{visible.map((line, index) =>
				raw ? (
					<Text
						key={offset + index}
						wrap="truncate-end"
						{...(line.tone === 'dim' ? textStyle(theme.dim) : {})}
					>
						{sliceColumns(' '.repeat(line.indent) + line.text, column, width)}
					</Text>
				) : (
					<FieldLine
						key={offset + index}
						indent={line.indent}
						name={line.key}
						text={line.text}
						tone={line.tone}
						theme={theme}
					/>
				),
			)}
			<Box flexGrow={1} />
			<Text {...textStyle(theme.dim)} wrap="truncate-end">
				{footer}
			</Text>
		</Box>
	);
});
