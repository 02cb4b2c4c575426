import {describe, expect, it} from 'vitest';
import {
	diffLines,
	diffValues,
	formatPath,
	formatTimestamp,
	formatValue,
	isNoChange,
	summarizeDiff,
	type DiffLine,
} from '../../source/ui/revision-diff.js';
import {displayWidth} from '../../source/ui/text.js';

function show(lines: DiffLine[]): string[] {
	return lines.map((line) => `${line.marker} ${line.text}`);
}

function showDiff(before: unknown, after: unknown): string[] {
	return show(diffLines(diffValues(before, after)));
}

// eslint-disable-next-line no-control-regex -- the test looks for control characters
const terminalControl = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

function nestedObject(depth: number, leaf: unknown): unknown {
	let value = leaf;
	for (let level = 0; level < depth; level++) value = {a: value};
	return value;
}

function nestedArray(depth: number, leaf: unknown): unknown {
	let value = leaf;
	for (let level = 0; level < depth; level++) value = [value];
	return value;
}

describe('diffValues', () => {
	it('names every changed path in a nested object with its old and new value', () => {
		const before = {geometry: {layers: [{depth: 5}, {depth: 8}], name: 'A'}, load: 10};
		const after = {geometry: {layers: [{depth: 5}, {depth: 9}], name: 'A'}, load: 12};
		expect(showDiff(before, after)).toEqual([
			'~ geometry.layers[1].depth: 8 → 9',
			'~ load: 10 → 12',
		]);
	});

	it('reports added and removed keys with their whole value, and counts the unchanged', () => {
		const before = {a: 1, gone: {x: 1, y: [1, 2]}, same: 'v'};
		const after = {a: 1, same: 'v', fresh: [true, null]};
		const diff = diffValues(before, after);
		expect(show(diffLines(diff))).toEqual(['- gone: {x: 1, y: [1, 2]}', '+ fresh: [true, null]']);
		expect(diff.unchanged).toBe(2);
		expect(summarizeDiff(diff)).toBe('1 added · 1 removed · 2 unchanged (folded)');
	});

	it('compares arrays index by index and reports grown or shrunk arrays per index', () => {
		expect(showDiff({xs: [1, 2, 3]}, {xs: [1, 5]})).toEqual(['~ xs[1]: 2 → 5', '- xs[2]: 3']);
		expect(showDiff({xs: [1]}, {xs: [1, {k: 'v'}]})).toEqual(['+ xs[1]: {k: "v"}']);
	});

	it('reports a change of JSON type with both types named', () => {
		expect(showDiff({n: 8, o: {a: 1}, z: null}, {n: '8', o: [1], z: 0})).toEqual([
			'~ n: 8 → "8" (number → string)',
			'~ o: {a: 1} → [1] (object → array)',
			'~ z: null → 0 (null → number)',
		]);
	});

	it('says "no changes" for equal revisions, whatever the key order', () => {
		const before = {b: [1, {c: 'x'}], a: {}, d: []};
		const after = {a: {}, d: [], b: [1, {c: 'x'}]};
		const diff = diffValues(before, after);
		expect(isNoChange(diff)).toBe(true);
		expect(show(diffLines(diff))).toEqual(['  no changes']);
		expect(summarizeDiff(diff)).toBe('no changes · 4 unchanged');
	});

	it('treats a missing older value as everything added and a missing newer one as removed', () => {
		expect(showDiff(undefined, {a: 1})).toEqual(['+ (top level): {a: 1}']);
		expect(showDiff({a: 1}, undefined)).toEqual(['- (top level): {a: 1}']);
		expect(showDiff(1, 2)).toEqual(['~ (top level): 1 → 2']);
	});

	it('lists changes in document order: the older key order, then new keys', () => {
		const before = {z: 1, m: {q: 1, p: 1}, a: 1};
		const after = {new1: 0, a: 2, m: {p: 2, q: 2}, z: 2};
		expect(showDiff(before, after)).toEqual([
			'~ z: 1 → 2',
			'~ m.q: 1 → 2',
			'~ m.p: 1 → 2',
			'~ a: 1 → 2',
			'+ new1: 0',
		]);
	});

	it('survives nesting far deeper than the stack, marking what lies below the depth cap', () => {
		const before = nestedObject(200_000, 1);
		const after = nestedObject(200_000, 2);
		const diff = diffValues(before, after);
		expect(diff.changes).toHaveLength(1);
		expect(diff.changes[0]?.kind).toBe('too-deep');
		expect(diff.changes[0]?.path).toHaveLength(32);
		const [line] = show(diffLines(diff));
		expect(line).toMatch(/^~ a\.a\.a.*: differs below this depth \(not expanded\)$/);
		expect(isNoChange(diffValues(nestedArray(100_000, 'x'), nestedArray(100_000, 'x')))).toBe(true);
	});

	it('compares equal deep values below the depth cap as unchanged when within the node budget', () => {
		const diff = diffValues(nestedArray(50, 'x'), nestedArray(50, 'x'), {maxDepth: 10});
		expect(isNoChange(diff)).toBe(true);
		expect(diff.unchanged).toBe(1);
		const deeper = diffValues(nestedArray(50, 'x'), nestedArray(50, 'y'), {maxDepth: 10});
		expect(show(diffLines(deeper))).toEqual([
			`~ ${'[0]'.repeat(10)}: differs below this depth (not expanded)`,
		]);
	});

	it('stops at maxChanges and says that more may differ', () => {
		const before = Object.fromEntries(Array.from({length: 50}, (_u, index) => [`k${index}`, 0]));
		const after = Object.fromEntries(Array.from({length: 50}, (_u, index) => [`k${index}`, 1]));
		const diff = diffValues(before, after, {maxChanges: 10});
		expect(diff.isTruncated).toBe(true);
		const lines = show(diffLines(diff));
		expect(lines).toHaveLength(11);
		expect(lines.at(-1)).toBe('  … stopped after 10 changes; more may differ');
		expect(isNoChange(diffValues(before, before, {maxNodes: 5}))).toBe(false);
	});

	it('shows a value that was added as a hostile string escaped, never raw', () => {
		const diff = diffValues(
			{name: 'plain'},
			{name: 'evil\u001B]0;owned\u0007\u202Etxt\u0085', ['bad\u001B[31mkey']: 1},
		);
		const lines = show(diffLines(diff, {valueColumns: 80}));
		expect(lines).toEqual([
			'~ name: "plain" → "evil\\u001b]0;owned\\u0007\\u202etxt\\u0085"',
			'+ ["bad\\u001b[31mkey"]: 1',
		]);
		for (const line of lines) expect(line).not.toMatch(terminalControl);
	});
});

describe('formatPath', () => {
	it('joins identifier keys with dots and indexes with brackets', () => {
		expect(formatPath(['geometry', 'layers', 1, 'depth'])).toBe('geometry.layers[1].depth');
		expect(formatPath([0, 'a_b', '$x'])).toBe('[0].a_b.$x');
	});

	it('quotes keys that are not identifier-like', () => {
		expect(formatPath(['a b', 'c'])).toBe('["a b"].c');
		expect(formatPath(['x', '1abc', '', 'with"quote'])).toBe('x["1abc"][""]["with\\"quote"]');
		expect(formatPath(['日本'])).toBe('["日本"]');
	});

	it('cuts a very long key and names the whole value as the top level', () => {
		const path = formatPath(['k'.repeat(500)]);
		expect(path).toBe(`["${'k'.repeat(64)}…"]`);
		expect(formatPath([])).toBe('(top level)');
	});
});

describe('formatValue', () => {
	it('shows scalars as JSON and containers compactly', () => {
		expect(formatValue('a "b"', 40)).toBe('"a \\"b\\""');
		expect(formatValue(null, 40)).toBe('null');
		expect(formatValue({'a b': [1, {}], c: []}, 40)).toBe('{"a b": [1, {}], c: []}');
	});

	it('cuts long values to the columns given, wide characters included', () => {
		const long = formatValue('x'.repeat(10_000), 20);
		expect(long).toBe(`"${'x'.repeat(18)}…`);
		const wide = formatValue('日本語'.repeat(50), 11);
		expect(displayWidth(wide)).toBeLessThanOrEqual(11);
		expect(wide.endsWith('…')).toBe(true);
		const big = formatValue(
			Array.from({length: 100_000}, (_u, index) => index),
			30,
		);
		expect(big).toBe('[0, 1, 2, 3, 4, 5, 6, 7, 8, 9…');
	});

	it('does not descend without end into deep values', () => {
		expect(formatValue(nestedArray(100_000, 1), 40)).toBe('[[[[[[[…]]]]]]]');
	});
});

describe('formatTimestamp', () => {
	it('shows an ISO timestamp in UTC to the second', () => {
		expect(formatTimestamp('2024-06-12T10:01:02+02:00')).toBe('2024-06-12 08:01:02 UTC');
		expect(formatTimestamp('2024-06-12T08:01:02.123456Z')).toBe('2024-06-12 08:01:02 UTC');
	});

	it('shows anything else as it came, sanitized, or says there is no date', () => {
		expect(formatTimestamp('yesterday\u001B[2J')).toBe('yesterday');
		expect(formatTimestamp(undefined)).toBe('no date');
		expect(formatTimestamp(42)).toBe('no date');
	});
});
