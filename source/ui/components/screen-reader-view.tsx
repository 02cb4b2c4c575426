/**
 * One browser level in screen-reader mode: plain lines of words, no box drawing, no padded
 * columns, no markers, no spinner. Where you are, the selected record as a sentence, what just
 * happened (a page arrived, an error and the key that retries), the detail field by field, the
 * revision diff change by change, and help as sentences. Every line is a `Text` of its own, so Ink writes them one under another.
 */
import {Box, Text} from 'ink';
import {useEffect, useRef, useState, type ReactNode} from 'react';
import type {JsonObject} from '../../api/types.js';
import type {CachedPage, Position} from '../../paging/pager.js';
import {
	arrivedCount,
	arrivedSentence,
	detailSentences,
	errorSentence,
	helpSentences,
	loadingSentence,
	nextArrival,
	recordSentence,
	retrySentence,
	type Arrival,
} from '../announce.js';
import type {KeyTables} from '../keymap.js';
import type {ResourceDescriptor} from '../resources.js';
import {sanitizeLine} from '../text.js';
import type {DetailStatus} from './detail-pane.js';

/** Props of {@link ScreenReaderView}. */
export type ScreenReaderViewProps = {
	descriptor: ResourceDescriptor;
	/** Where the level stands: `Workspaces › Bridge Zwolle › Entities`. */
	heading: string;
	position: Position;
	selected: JsonObject | undefined;
	pages: ReadonlyMap<number, CachedPage<JsonObject>>;
	error: Error | undefined;
	retry: {attempt: number; maxAttempts: number} | undefined;
	/** What the list says when it has no records. */
	emptyText: string;
	/** The prompt being typed into (the search field), or a one-off message. */
	prompt: ReactNode;
	/** The detail, when it is open. */
	detail: {record: JsonObject | undefined; status: DetailStatus; error?: string} | undefined;
	isHelpOpen: boolean;
	/** The revision diff as sentences (see announce-diff.ts), when it is open. */
	diff?: readonly string[] | undefined;
	tables: KeyTables;
};

/**
 * The records that arrived while the cursor stood where it is, as a sentence (pages that come
 * one after another add up); moving the cursor, or opening the detail, help or a prompt, drops it
 * for good.
 */
function useArrival(
	descriptor: ResourceDescriptor,
	pages: ReadonlyMap<number, CachedPage<JsonObject>>,
	where: string,
): string | undefined {
	const previous = useRef(pages);
	const [arrival, setArrival] = useState<Arrival | undefined>(undefined);
	useEffect(() => {
		const count = arrivedCount(previous.current, pages);
		previous.current = pages;
		setArrival((current) => nextArrival(current, count, where));
	}, [pages, where]);
	return arrival?.where === where ? arrivedSentence(descriptor, arrival.count) : undefined;
}

/** The level as announced text. */
export function ScreenReaderView({
	descriptor,
	heading,
	position,
	selected,
	pages,
	error,
	retry,
	emptyText,
	prompt,
	detail,
	isHelpOpen,
	diff,
	tables,
}: ScreenReaderViewProps) {
	// Ink rewrites every line on a change: what was said stays only while nothing else changes.
	const where = [
		position.number,
		detail === undefined ? '' : 'detail',
		diff === undefined ? '' : 'diff',
		isHelpOpen ? 'help' : '',
		prompt === undefined || prompt === null ? '' : 'prompt',
	].join(' ');
	const arrival = useArrival(descriptor, pages, where);
	const lines: string[] = [sanitizeLine(heading)];
	if (isHelpOpen) {
		lines.push('Help. Press escape to close it.', ...helpSentences(tables));
	} else if (diff !== undefined) {
		lines.push(...diff);
	} else if (detail !== undefined) {
		const name = selected === undefined ? '' : ` ${recordSentence(descriptor, selected, position)}`;
		lines.push(`Detail of${name}`);
		if (detail.status === 'loading') lines.push('Loading the full record.');
		if (detail.status === 'error') {
			lines.push(errorSentence(detail.error ?? 'Could not load the record.', tables));
		}
		if (detail.record !== undefined) lines.push(...detailSentences(detail.record));
	} else if (position.count === undefined) {
		if (error === undefined) lines.push(loadingSentence(descriptor));
	} else if (position.count === 0) {
		lines.push(sanitizeLine(emptyText));
	} else {
		lines.push(recordSentence(descriptor, selected, position));
	}

	if (!isHelpOpen) {
		if (arrival !== undefined) lines.push(arrival);
		if (retry !== undefined) lines.push(retrySentence(retry.attempt, retry.maxAttempts));
		if (error !== undefined) lines.push(errorSentence(error.message, tables));
	}

	return (
		<Box flexDirection="column">
			{lines.map((line, index) => (
				<Text key={index}>{line}</Text>
			))}
			{isHelpOpen || prompt === undefined || prompt === null ? null : <Box>{prompt}</Box>}
		</Box>
	);
}
