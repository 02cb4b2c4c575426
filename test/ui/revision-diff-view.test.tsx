import {cleanup, render} from 'ink-testing-library';
import {useMemo} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import type {JsonObject} from '../../source/api/types.js';
import {
	diffRevisions,
	describeRevision,
	revisionDiffLineCount,
	revisionDiffPageRows,
	RevisionDiffView,
} from '../../source/ui/components/revision-diff-view.js';
import {
	maxScrollOffset,
	scrollFor,
	useScrollOffset,
} from '../../source/ui/hooks/use-scroll-offset.js';
import type {Intent} from '../../source/ui/keymap.js';
import {makeTheme} from '../../source/ui/theme.js';
import {KEYS, press} from '../helpers.js';

afterEach(() => {
	cleanup();
});

const theme = makeTheme(true);

const older: JsonObject = {
	id: 12,
	created_date: '2024-06-11T09:30:00Z',
	params: {geometry: {layers: [{depth: 5}, {depth: 8}]}, name: 'Design', old: true},
};
const newer: JsonObject = {
	id: 13,
	created_date: '2024-06-12T08:01:02Z',
	params: {geometry: {layers: [{depth: 5}, {depth: 9}]}, name: 'Design', fresh: 'yes'},
};

function manyChanges(count: number): [JsonObject, JsonObject] {
	const keys = Array.from(
		{length: count},
		(_unused, index) => `k${String(index).padStart(2, '0')}`,
	);
	return [
		{
			id: 1,
			created_date: '2024-01-01T00:00:00Z',
			params: Object.fromEntries(keys.map((k) => [k, 0])),
		},
		{
			id: 2,
			created_date: '2024-01-02T00:00:00Z',
			params: Object.fromEntries(keys.map((k) => [k, 1])),
		},
	];
}

type HarnessProps = {
	older: JsonObject | undefined;
	newer: JsonObject;
	height: number;
	width?: number;
	intents?: Intent[];
};

function Harness({older: before, newer: after, height, width = 60, intents}: HarnessProps) {
	const diff = useMemo(() => diffRevisions(before, after), [before, after]);
	const {offset} = useScrollOffset({
		source: diff,
		lineCount: revisionDiffLineCount(diff),
		pageRows: revisionDiffPageRows(height),
		isActive: true,
		onIntent: (intent) => intents?.push(intent),
	});
	return (
		<RevisionDiffView
			older={before}
			newer={after}
			diff={diff}
			width={width}
			height={height}
			offset={offset}
			theme={theme}
		/>
	);
}

describe('RevisionDiffView', () => {
	it('names both revisions, sums up, and marks each change without colour', () => {
		const {lastFrame} = render(<Harness older={older} newer={newer} height={10} />);
		expect(lastFrame()).toBe(
			[
				'--- revision 12 · 2024-06-11 09:30:00 UTC',
				'+++ revision 13 · 2024-06-12 08:01:02 UTC',
				'1 changed · 1 added · 1 removed · 2 unchanged (folded)',
				'~ geometry.layers[1].depth: 8 → 9',
				'- old: true',
				'+ fresh: "yes"',
				'',
				'',
				'',
				'',
			].join('\n'),
		);
	});

	it('says "no changes" for equal revisions', () => {
		const {lastFrame} = render(<Harness older={older} newer={{...older, id: 14}} height={6} />);
		expect(lastFrame()).toContain('no changes · 4 unchanged');
		expect(lastFrame()).toContain('  no changes');
	});

	it('shows every parameter as new for the first revision', () => {
		const {lastFrame} = render(<Harness older={undefined} newer={newer} height={8} />);
		const frame = lastFrame() ?? '';
		expect(frame).toContain('--- (no earlier revision: every parameter is new)');
		expect(frame).toContain('+ geometry: {layers: [{depth: 5}, {depth: 9}]}');
		expect(frame).toContain('+ name: "Design"');
	});

	it('scrolls line by line and by page, and stops at the ends', async () => {
		const [before, after] = manyChanges(30);
		const {stdin, lastFrame} = render(<Harness older={before} newer={after} height={10} />);
		expect(lastFrame()).toContain('~ k00: 0 → 1');
		expect(lastFrame()).toContain('lines 1–6 of 30');
		await press(stdin, KEYS.down);
		expect(lastFrame()).toContain('lines 2–7 of 30');
		expect(lastFrame()).not.toContain('k00');
		await press(stdin, KEYS.pageDown);
		expect(lastFrame()).toContain('lines 8–13 of 30');
		await press(stdin, 'G');
		expect(lastFrame()).toContain('lines 25–30 of 30');
		await press(stdin, KEYS.down);
		expect(lastFrame()).toContain('lines 25–30 of 30');
		await press(stdin, 'g');
		expect(lastFrame()).toContain('lines 1–6 of 30');
		await press(stdin, KEYS.up);
		expect(lastFrame()).toContain('lines 1–6 of 30');
	});

	it('moves as far for keys that arrive in one chunk as for the same keys one by one', async () => {
		const [before, after] = manyChanges(30);
		const chunked = render(<Harness older={before} newer={after} height={10} />);
		await press(chunked.stdin, 'jjj');
		await press(chunked.stdin, KEYS.down + KEYS.down);
		const single = render(<Harness older={before} newer={after} height={10} />);
		await press(single.stdin, 'j', 'j', 'j', KEYS.down, KEYS.down);
		expect(chunked.lastFrame()).toContain('lines 6–11 of 30');
		expect(single.lastFrame()).toBe(chunked.lastFrame());
	});

	it('hands the keys it does not scroll with to the parent', async () => {
		const intents: Intent[] = [];
		const {stdin} = render(<Harness older={older} newer={newer} height={10} intents={intents} />);
		await press(stdin, KEYS.escape);
		await new Promise((resolve) => {
			setTimeout(resolve, 25);
		});
		await press(stdin, '?');
		expect(intents).toEqual(['back', 'help']);
	});

	it('keeps hostile ids, dates, keys and values from steering the terminal', () => {
		const evil: JsonObject = {
			id: 'x\u001B]0;owned\u0007',
			created_date: '\u001B[2Jsoon',
			params: {['k\u202Eey']: 'v\u001B[31m\u0085'},
		};
		const {lastFrame} = render(<Harness older={older} newer={evil} height={12} width={100} />);
		const frame = lastFrame() ?? '';
		// eslint-disable-next-line no-control-regex -- the test looks for control characters
		expect(frame).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E]/);
		expect(frame).toContain('+++ revision x · soon');
		expect(frame).toContain('+ ["k\\u202eey"]: "v\\u001b[31m\\u0085"');
	});

	it('cuts every line to the width, wide characters included', () => {
		const wide: JsonObject = {id: 2, params: {name: '日本語'.repeat(40)}};
		const {lastFrame} = render(
			<Harness older={{id: 1, params: {name: 'a'}}} newer={wide} height={8} width={30} />,
		);
		for (const line of (lastFrame() ?? '').split('\n')) {
			expect(line.length).toBeLessThanOrEqual(30);
		}
		expect(lastFrame()).toContain('~ name: "a" → "日本');
	});
});

describe('describeRevision', () => {
	it('names a revision by id and date, or says what is missing', () => {
		expect(describeRevision({id: 7, created_date: '2024-06-12T08:01:02Z'})).toBe(
			'revision 7 · 2024-06-12 08:01:02 UTC',
		);
		expect(describeRevision({})).toBe('revision (no id) · no date');
	});
});

describe('scrollFor', () => {
	it('clamps every scroll to the content and ignores other intents', () => {
		expect(maxScrollOffset(30, 6)).toBe(24);
		expect(maxScrollOffset(3, 6)).toBe(0);
		expect(scrollFor('page-down', 20, 30, 6)).toBe(24);
		expect(scrollFor('page-up', 3, 30, 6)).toBe(0);
		expect(scrollFor('last', 0, 30, 6)).toBe(24);
		expect(scrollFor('back', 3, 30, 6)).toBeUndefined();
	});
});
