/**
 * The revision diff in words, for screen-reader mode: which revisions are compared, how many
 * changes, then one sentence per change (`params.span changed from 12 to 14.`), a page at a time,
 * and the keys that read on and go back. Plain sentences: no `+ - ~` markers, no columns. Pure;
 * the sentences of the changes line up one to one with the drawn diff's lines (`diffLines`), so
 * both scroll by the same offset.
 */
import type {JsonObject} from '../api/types.js';
import {spokenKeys, spokenValue} from './announce.js';
import {keysFor, type KeyTables} from './keymap.js';
import {
	formatTimestamp,
	isNoChange,
	revisionIdText,
	tallyDiff,
	type DiffChange,
	type JsonType,
	type PathSegment,
	type RevisionDiff,
} from './revision-diff.js';
import {formatCount, sanitizeLine, splitAtCap} from './text.js';

// A key longer than this is cut: a path must stay short enough to listen to.
const maxKeyCharacters = 64;

/** A parameter's path as said: `params.loads.3.magnitude`; the whole value is `params`. */
export function spokenPath(path: readonly PathSegment[]): string {
	const segments = path.map((segment) => {
		if (typeof segment === 'number') return String(segment);
		const {head, omitted} = splitAtCap(sanitizeLine(segment), maxKeyCharacters);
		return omitted === 0 ? head : `${head}…`;
	});
	return ['params', ...segments].join('.');
}

const typeWords: Readonly<Record<JsonType, string>> = {
	object: 'a group',
	array: 'a list',
	string: 'text',
	number: 'number',
	boolean: 'true/false',
	null: 'none',
	missing: 'nothing',
};

/** A value as said inside a sentence: a trailing full stop dropped, so the sentence ends once. */
function said(value: unknown): string {
	return spokenValue(value).replace(/\.+$/, '');
}

/** One change as a sentence: `params.span changed from 12 to 14.` */
export function changeSentence(change: DiffChange): string {
	const path = spokenPath(change.path);
	switch (change.kind) {
		case 'added': {
			return `${path} added: ${said(change.after)}.`;
		}
		case 'removed': {
			return `${path} removed, it was ${said(change.before)}.`;
		}
		case 'changed': {
			return `${path} changed from ${said(change.before)} to ${said(change.after)}.`;
		}
		case 'type-changed': {
			const before =
				change.beforeType === 'null'
					? 'none'
					: `${typeWords[change.beforeType]} ${said(change.before)}`;
			const after =
				change.afterType === 'null'
					? 'none'
					: `${typeWords[change.afterType]} ${said(change.after)}`;
			return `${path} changed type, from ${before} to ${after}.`;
		}
		case 'too-deep': {
			return `${path} differs deeper down than is compared.`;
		}
	}
}

/**
 * The diff as sentences, one per line of the drawn diff: a sentence per change, `No changes.`
 * when there is none, and a last one when the comparison stopped early.
 */
export function diffSentences(diff: RevisionDiff): string[] {
	if (isNoChange(diff)) return ['No changes.'];
	const sentences = diff.changes.map((change) => changeSentence(change));
	if (diff.isTruncated) {
		sentences.push(
			`The comparison stopped after ${formatCount(diff.changes.length)} changes; more may differ.`,
		);
	}
	return sentences;
}

function counted(count: number, singular: string, plural: string): string {
	return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/**
 * How many changes, and the unchanged values folded into a count:
 * `3 changes: 2 changed, 1 added. 57 unchanged values are not read.`
 */
export function diffSummarySentence(diff: RevisionDiff): string {
	const unchanged = `${counted(diff.unchanged, 'unchanged value is', 'unchanged values are')} not read.`;
	if (isNoChange(diff)) {
		return `No changes; ${counted(diff.unchanged, 'value is', 'values are')} the same.`;
	}
	const tally = tallyDiff(diff);
	const parts = [
		tally.changed > 0 ? `${formatCount(tally.changed)} changed` : '',
		tally.added > 0 ? `${formatCount(tally.added)} added` : '',
		tally.removed > 0 ? `${formatCount(tally.removed)} removed` : '',
	].filter((part) => part !== '');
	const total = counted(diff.changes.length, 'change', 'changes');
	const atLeast = diff.isTruncated ? 'At least ' : '';
	return `${atLeast}${total}: ${parts.join(', ')}.${diff.unchanged > 0 ? ` ${unchanged}` : ''}`;
}

/** One side of the comparison: the revision's number in the list, its id and its date. */
export type ComparedRevision = {
	record: JsonObject;
	/** 1-based position in the list, when known. */
	number: number | undefined;
};

function revisionWords(side: ComparedRevision, count: number | undefined): string {
	const id = revisionIdText(side.record);
	const idText = id === undefined ? 'no id' : `#${id}`;
	const where =
		side.number === undefined
			? 'revision'
			: `revision ${formatCount(side.number)}${count === undefined ? '' : ` of ${formatCount(count)}`}`;
	return `${where} (${idText}, ${formatTimestamp(side.record['created_date'])})`;
}

/**
 * Which revisions are compared:
 * `Comparing revision 12 of 40 (#4012, 2026-11-20 08:01:02 UTC) with revision 11 (#4011, …).`
 * Without an older one, says that every parameter is new; a side without `params` is named.
 */
export function diffHeadingSentence({
	newer,
	older,
	count,
}: {
	newer: ComparedRevision;
	older: ComparedRevision | undefined;
	count: number | undefined;
}): string {
	const comparing = `Comparing ${revisionWords(newer, count)}`;
	const heading =
		older === undefined
			? `${comparing} with nothing: it is the first revision, so every parameter is new.`
			: `${comparing} with ${revisionWords(older, undefined)}.`;
	const withoutParams = [older, newer].filter(
		(side): side is ComparedRevision => side !== undefined && !('params' in side.record),
	);
	if (withoutParams.length === 0) return heading;
	const named = withoutParams.map((side) => revisionWords(side, undefined)).join(' and ');
	return `${heading} No params were sent for ${named}; read as empty.`;
}

/** Options of {@link diffAnnouncement}. */
export type DiffAnnouncementOptions = {
	newer: ComparedRevision;
	older: ComparedRevision | undefined;
	/** How many revisions the list holds. */
	count: number | undefined;
	diff: RevisionDiff;
	/** The first change read; clamped as the drawn view clamps it. */
	offset: number;
	/** Changes read at once: the drawn view's page. */
	pageRows: number;
	tables: KeyTables;
};

/**
 * The diff view as lines to read: the heading, the summary, the page of changes the offset
 * points at (`Changes 11 to 20 of 40.` when there is more than a page), then the keys that read
 * on and the one that goes back.
 */
export function diffAnnouncement({
	newer,
	older,
	count,
	diff,
	offset,
	pageRows,
	tables,
}: DiffAnnouncementOptions): string[] {
	const sentences = diffSentences(diff);
	const page = Math.max(1, Math.floor(pageRows));
	const start = Math.max(0, Math.min(Math.floor(offset), sentences.length - page));
	const shown = sentences.slice(start, start + page);
	const keys = (intent: 'move-down' | 'page-down' | 'move-up' | 'page-up' | 'back') =>
		spokenKeys(keysFor(intent, 'detail', tables));
	const back = `Press ${keys('back')} to go back to the revisions.`;
	const isPaged = sentences.length > page;
	return [
		diffHeadingSentence({newer, older, count}),
		diffSummarySentence(diff),
		...(isPaged
			? [
					`Changes ${formatCount(start + 1)} to ${formatCount(start + shown.length)} of ${formatCount(sentences.length)}.`,
				]
			: []),
		...shown,
		...(isPaged
			? [
					`Press ${keys('move-down')} for the next change, ${keys('page-down')} for the next page, ${keys('move-up')} or ${keys('page-up')} to go back up. ${back}`,
				]
			: [back]),
	];
}
