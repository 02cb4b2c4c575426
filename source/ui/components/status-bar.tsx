/**
 * The status bar: two lines at the bottom of the browser. The first tells where the user is
 * (`N of COUNT`, the page, search, sort, host) and whether a request runs; the second tells what
 * needs attention (an error and the key that retries, a retry countdown, throttling, a changed
 * list) or, when nothing does, the most useful keys. Parts that do not fit are dropped lowest
 * priority first; `N of COUNT` always stays.
 */
import {Box, Text} from 'ink';
import {memo, type ReactNode} from 'react';
import type {ListChange, PagerQuery, Position} from '../../paging/pager.js';
import type {RetryCountdown} from '../hooks/use-pager.js';
import {keysFor, keyTables, type Intent, type KeyTables} from '../keymap.js';
import {useKeyTables} from '../key-tables.js';
import {displayWidth, fit, formatCount, truncate} from '../text.js';
import {textStyle, type Theme} from '../theme.js';

/** One part of the status line. */
export type StatusPart = {
	text: string;
	/** Higher is kept longer when the line is too narrow. */
	priority: number;
	/** A part that may be cut with `…` (down to this many columns) instead of dropped. */
	minimumWidth?: number;
};

const separator = ' │ ';
// Columns an error message keeps before the notices beside it are dropped.
const minimumErrorWidth = 20;

/**
 * Joins `parts` in their order into at most `width` columns, keeping the highest priorities:
 * parts are taken by priority while they fit; a part with `minimumWidth` is shortened to fit.
 */
export function fitStatusParts(parts: readonly StatusPart[], width: number): string {
	const order = parts
		.map((part, index) => ({part, index}))
		.sort((left, right) => right.part.priority - left.part.priority || left.index - right.index);
	const chosen = new Map<number, string>();
	let used = 0;
	for (const {part, index} of order) {
		if (part.text === '') continue;
		const cost = chosen.size === 0 ? 0 : displayWidth(separator);
		const room = width - used - cost;
		const partWidth = displayWidth(part.text);
		if (partWidth <= room) {
			chosen.set(index, part.text);
			used += cost + partWidth;
		} else if (part.minimumWidth !== undefined && room >= part.minimumWidth) {
			chosen.set(index, truncate(part.text, room));
			used += cost + room;
		} else if (chosen.size === 0) {
			chosen.set(index, truncate(part.text, width));
			used = width;
		}
	}

	return [...chosen.entries()]
		.sort(([left], [right]) => left - right)
		.map(([, text]) => text)
		.join(separator);
}

/** `N of COUNT`, 1-based, grouped with commas; `?` while the count is unknown. */
export function positionText(position: Position): string {
	const count = position.count === undefined ? '?' : formatCount(position.count);
	return `${formatCount(position.number)} of ${count}`;
}

/** A key hint of the message line: `? help`. */
export type Hint = {keys: string; label: string};

/** What the status bar needs to know. */
export type StatusInfo = {
	/** The key hints for where the keyboard is; the list's general keys by default. */
	hints?: readonly Hint[];
	host: string;
	profileName?: string;
	position: Position;
	query: PagerQuery;
	isLoading: boolean;
	isStale: boolean;
	error?: Error;
	retry?: RetryCountdown;
	isThrottled: boolean;
	listChange?: ListChange;
	/** Whether a prompt or a flash holds the message line (the error then shows on the status line). */
	isMessageLineTaken?: boolean;
};

/** The first status line for `width` columns. */
export function statusLine(info: StatusInfo, width: number): string {
	const where =
		info.profileName === undefined || info.profileName === ''
			? info.host
			: `${info.profileName} @ ${info.host}`;
	const parts: StatusPart[] = [
		{text: positionText(info.position), priority: 100},
		{
			text:
				info.position.pageCount > 0
					? `page ${formatCount(info.position.page)}/${formatCount(info.position.pageCount)}`
					: '',
			priority: 60,
		},
		{text: info.isLoading ? 'loading…' : '', priority: 90},
		{text: info.isStale ? 'stale' : '', priority: 85},
		{text: info.isThrottled ? 'throttled' : '', priority: 80},
		{
			text: info.query.search === undefined ? '' : `search “${info.query.search}”`,
			priority: 70,
			minimumWidth: 12,
		},
		{text: info.query.sort === undefined ? '' : `sort ${info.query.sort}`, priority: 65},
		{text: where, priority: 50, minimumWidth: 10},
	];
	// While a prompt or a flash holds the message line, an error keeps a place up here.
	if (info.isMessageLineTaken === true && info.error !== undefined) {
		parts.push({text: `✖ ${info.error.message}`, priority: 95, minimumWidth: 12});
	}

	return fitStatusParts(parts, width);
}

/** How the message line should look. */
export type MessageTone = 'error' | 'warning' | 'hint';

/** What the message line depends on. */
export type MessageInfo = Pick<
	StatusInfo,
	'hints' | 'error' | 'retry' | 'isThrottled' | 'listChange'
>;

/** The second status line: the most pressing message, or key hints. */
export function messageLine(
	info: MessageInfo,
	width: number,
	tables: KeyTables = keyTables,
): {text: string; tone: MessageTone} {
	const retryKey = keysFor('refresh', 'list', tables)[0] ?? 'r';
	const isError = info.error !== undefined;
	const notices: string[] = [];
	if (info.retry !== undefined) {
		const attempt = `attempt ${info.retry.attempt + 1} of ${info.retry.maxAttempts}`;
		// The countdown stays while the retried attempt runs: "in 0 s" would read as stuck.
		notices.push(
			info.retry.secondsLeft > 0
				? `retrying in ${info.retry.secondsLeft} s (${attempt})`
				: `retrying (${attempt})`,
		);
	}

	if (info.isThrottled) {
		notices.push(isError ? 'throttled' : 'throttled: the server asked to slow down');
	}

	if (info.listChange !== undefined) {
		notices.push(
			`list changed from ${formatCount(info.listChange.from)} to ${formatCount(info.listChange.to)} records`,
		);
	}

	if (info.error !== undefined) {
		const lead = '✖ ';
		const retryHint = ` — ${retryKey} to retry`;
		const roomBeside = (rest: string) =>
			width - displayWidth(lead) - displayWidth(retryHint) - displayWidth(rest);
		// The retry key must survive any width: notices give way before it, the message is cut.
		let rest = notices.length > 0 ? ` · ${notices.join(' · ')}` : '';
		if (roomBeside(rest) < minimumErrorWidth) rest = '';
		const message = truncate(info.error.message, Math.max(1, roomBeside(rest)));
		return {text: truncate(`${lead}${message}${retryHint}${rest}`, width), tone: 'error'};
	}

	if (notices.length > 0)
		return {text: truncate(`⚠ ${notices.join(' · ')}`, width), tone: 'warning'};
	const hintIntents: ReadonlyArray<[Intent, string]> = [
		['help', 'help'],
		['search', 'search'],
		['sort', 'sort'],
		['jump', 'jump'],
		['open', 'open'],
		['refresh', 'refresh'],
		['profiles', 'profiles'],
		['quit', 'quit'],
	];
	const hints =
		info.hints ??
		hintIntents.map(([intent, label]) => ({keys: keysFor(intent, 'list', tables)[0] ?? '', label}));
	return {text: fitHints(hints, width), tone: 'hint'};
}

const alwaysKept = new Set(['help', 'quit']);

/**
 * The hints that fit `width`, in their order: when not all fit, the last ones give way first,
 * but `help` and `quit` always stay.
 */
export function fitHints(hints: readonly Hint[], width: number): string {
	const texts = hints.map((hint) => `${hint.keys} ${hint.label}`);
	const kept = hints.map(() => true);
	const joined = () => texts.filter((_text, index) => kept[index]).join('  ');
	for (let index = hints.length - 1; index >= 0 && displayWidth(joined()) > width; index--) {
		if (!alwaysKept.has(hints[index]?.label ?? '')) kept[index] = false;
	}

	return truncate(joined(), width);
}

/** Props of `StatusBar`. */
export type StatusBarProps = StatusInfo & {
	width: number;
	theme: Theme;
	/** Replaces the message line, for a text field such as the search input. */
	children?: ReactNode;
};

type MessageLineProps = MessageInfo & {width: number; theme: Theme};

/**
 * The message line, memoised on its props: a move of the selection changes the status line
 * above it, not the hints (the browser keeps their array while they stay the same).
 */
const MessageLine = memo(function MessageLine({width, theme, ...info}: MessageLineProps) {
	const message = messageLine(info, width, useKeyTables());
	const messageStyle =
		message.tone === 'error'
			? textStyle(theme.error)
			: message.tone === 'warning'
				? textStyle(theme.warning)
				: textStyle(theme.dim);
	return (
		<Text {...messageStyle} wrap="truncate-end">
			{message.text}
		</Text>
	);
});

/** The two status lines. */
export function StatusBar({width, theme, children, ...info}: StatusBarProps) {
	return (
		<Box flexDirection="column" width={width} height={2} overflow="hidden">
			<Text inverse wrap="truncate-end">
				{fit(statusLine({...info, isMessageLineTaken: children !== undefined}, width), width)}
			</Text>
			{children === undefined ? (
				<MessageLine
					width={width}
					theme={theme}
					hints={info.hints}
					error={info.error}
					retry={info.retry}
					isThrottled={info.isThrottled}
					listChange={info.listChange}
				/>
			) : (
				<Box width={width} height={1} overflow="hidden">
					{children}
				</Box>
			)}
		</Box>
	);
}
