import {describe, expect, it} from 'vitest';
import {
	changeSentence,
	diffAnnouncement,
	diffHeadingSentence,
	diffSentences,
	diffSummarySentence,
	spokenPath,
} from '../../source/ui/announce-diff.js';
import {resolveKeyOverrides} from '../../source/ui/key-overrides.js';
import {keyTables} from '../../source/ui/keymap.js';
import {diffLines, diffValues} from '../../source/ui/revision-diff.js';

const older = {
	id: 4011,
	created_date: '2026-11-19T10:00:00Z',
	params: {span: 12, name: 'Bridge', loads: [1, 2, 3], depth: 5, note: null, same: 'x'},
};
const newer = {
	id: 4012,
	created_date: '2026-11-20T08:01:02Z',
	params: {span: 14, loads: [1, 2, 3, '5 kN'], depth: '5', note: 'checked', same: 'x'},
};

describe('spokenPath', () => {
	it('reads a path as params and dotted segments, indexes as numbers', () => {
		expect(spokenPath([])).toBe('params');
		expect(spokenPath(['span'])).toBe('params.span');
		expect(spokenPath(['loads', 3, 'magnitude'])).toBe('params.loads.3.magnitude');
	});

	it('keeps control characters out and cuts a long key', () => {
		expect(spokenPath(['a\u001B[31mb'])).not.toContain('\u001B');
		expect(spokenPath(['k'.repeat(500)])).toBe(`params.${'k'.repeat(64)}…`);
	});
});

describe('changeSentence', () => {
	it('says a change, an addition, a removal and a change of type, without markers', () => {
		expect(changeSentence({kind: 'changed', path: ['span'], before: 12, after: 14})).toBe(
			'params.span changed from 12 to 14.',
		);
		expect(changeSentence({kind: 'added', path: ['loads', 3], after: '5 kN'})).toBe(
			'params.loads.3 added: 5 kN.',
		);
		expect(changeSentence({kind: 'removed', path: ['name'], before: 'Bridge'})).toBe(
			'params.name removed, it was Bridge.',
		);
		expect(
			changeSentence({
				kind: 'type-changed',
				path: ['depth'],
				before: 5,
				after: '5',
				beforeType: 'number',
				afterType: 'string',
			}),
		).toBe('params.depth changed type, from number 5 to text 5.');
		expect(
			changeSentence({
				kind: 'type-changed',
				path: ['note'],
				before: null,
				after: 'checked',
				beforeType: 'null',
				afterType: 'string',
			}),
		).toBe('params.note changed type, from none to text checked.');
		expect(changeSentence({kind: 'too-deep', path: ['a', 'b']})).toBe(
			'params.a.b differs deeper down than is compared.',
		);
	});

	it('reads an object or a list as words, and never ends a sentence twice', () => {
		expect(changeSentence({kind: 'added', path: ['load'], after: {value: 5, unit: 'kN'}})).toBe(
			'params.load added: value 5, unit kN.',
		);
		expect(changeSentence({kind: 'changed', path: ['remark'], before: 'Ok.', after: 'Done.'})).toBe(
			'params.remark changed from Ok to Done.',
		);
		expect(changeSentence({kind: 'changed', path: ['text'], before: '', after: 'a'})).toBe(
			'params.text changed from empty to a.',
		);
	});
});

describe('diffSentences', () => {
	it('gives one sentence per line of the drawn diff, so both scroll by one offset', () => {
		const diff = diffValues(older.params, newer.params);
		const sentences = diffSentences(diff);
		expect(sentences).toHaveLength(diffLines(diff).length);
		expect(sentences).toEqual([
			'params.span changed from 12 to 14.',
			'params.name removed, it was Bridge.',
			'params.loads.3 added: 5 kN.',
			'params.depth changed type, from number 5 to text 5.',
			'params.note changed type, from none to text checked.',
		]);
		for (const sentence of sentences) expect(sentence).not.toMatch(/^[+~-] /);
	});

	it('says no changes, and that the comparison stopped early', () => {
		expect(diffSentences(diffValues({a: 1}, {a: 1}))).toEqual(['No changes.']);
		const cut = diffValues({a: 1, b: 1, c: 1}, {a: 2, b: 2, c: 2}, {maxChanges: 2});
		const sentences = diffSentences(cut);
		expect(sentences).toHaveLength(diffLines(cut).length);
		expect(sentences.at(-1)).toBe('The comparison stopped after 2 changes; more may differ.');
	});
});

describe('diffSummarySentence', () => {
	it('counts the changes by kind and folds the unchanged values into a count', () => {
		expect(diffSummarySentence(diffValues(older.params, newer.params))).toBe(
			'5 changes: 3 changed, 1 added, 1 removed. 4 unchanged values are not read.',
		);
		expect(diffSummarySentence(diffValues({a: 1, b: 2}, {a: 1, b: 3}))).toBe(
			'1 change: 1 changed. 1 unchanged value is not read.',
		);
		expect(diffSummarySentence(diffValues({a: 1}, {a: 2}))).toBe('1 change: 1 changed.');
		expect(diffSummarySentence(diffValues({a: 1, b: 1}, {a: 1, b: 1}))).toBe(
			'No changes; 2 values are the same.',
		);
		expect(
			diffSummarySentence(diffValues({a: 1, b: 1, c: 1}, {a: 2, b: 2, c: 2}, {maxChanges: 2})),
		).toBe('At least 2 changes: 2 changed.');
	});
});

describe('diffHeadingSentence', () => {
	it('names both revisions by number, id and date', () => {
		expect(
			diffHeadingSentence({
				newer: {record: newer, number: 12},
				older: {record: older, number: 13},
				count: 40,
			}),
		).toBe(
			'Comparing revision 12 of 40 (#4012, 2026-11-20 08:01:02 UTC) with revision 13 (#4011, 2026-11-19 10:00:00 UTC).',
		);
	});

	it('says the first revision makes every parameter new, and names a side without params', () => {
		expect(
			diffHeadingSentence({newer: {record: newer, number: 40}, older: undefined, count: 40}),
		).toBe(
			'Comparing revision 40 of 40 (#4012, 2026-11-20 08:01:02 UTC) with nothing: it is the first revision, so every parameter is new.',
		);
		expect(
			diffHeadingSentence({
				newer: {record: {id: 7, created_date: 'soon'}, number: undefined},
				older: {record: older, number: undefined},
				count: undefined,
			}),
		).toBe(
			'Comparing revision (#7, soon) with revision (#4011, 2026-11-19 10:00:00 UTC). No params were sent for revision (#7, soon); read as empty.',
		);
	});
});

describe('diffAnnouncement', () => {
	const many = diffValues(
		Object.fromEntries(Array.from({length: 12}, (_unused, index) => [`k${index}`, 0])),
		Object.fromEntries(Array.from({length: 12}, (_unused, index) => [`k${index}`, 1])),
	);
	const base = {
		newer: {record: newer, number: 1},
		older: {record: older, number: 2},
		count: 3,
		diff: many,
		pageRows: 5,
		tables: keyTables,
	};

	it('reads one page of changes from the offset, says which, and the keys that read on and go back', () => {
		const lines = diffAnnouncement({...base, offset: 5});
		expect(lines[0]).toMatch(/^Comparing revision 1 of 3 /);
		expect(lines[1]).toBe('12 changes: 12 changed.');
		expect(lines[2]).toBe('Changes 6 to 10 of 12.');
		expect(lines.slice(3, 8)).toEqual([
			'params.k5 changed from 0 to 1.',
			'params.k6 changed from 0 to 1.',
			'params.k7 changed from 0 to 1.',
			'params.k8 changed from 0 to 1.',
			'params.k9 changed from 0 to 1.',
		]);
		expect(lines[8]).toBe(
			'Press down arrow or j for the next change, page down for the next page, up arrow or k or page up to go back up. Press escape to go back to the revisions.',
		);
		expect(lines).toHaveLength(9);
	});

	it('clamps the offset as the drawn view does', () => {
		expect(diffAnnouncement({...base, offset: 99})[2]).toBe('Changes 8 to 12 of 12.');
		expect(diffAnnouncement({...base, offset: -3})[2]).toBe('Changes 1 to 5 of 12.');
	});

	it('reads a short diff whole, with only the key that goes back', () => {
		const lines = diffAnnouncement({...base, diff: diffValues({a: 1}, {a: 2}), offset: 0});
		expect(lines.slice(1)).toEqual([
			'1 change: 1 changed.',
			'params.a changed from 1 to 2.',
			'Press escape to go back to the revisions.',
		]);
	});

	it('names the keys as remapped', () => {
		const result = resolveKeyOverrides({detail: {'move-down': ['n'], back: ['b']}});
		if (!result.ok) throw new Error(result.errors.join('\n'));
		const last = diffAnnouncement({...base, offset: 0, tables: result.tables}).at(-1);
		expect(last).toContain('Press n for the next change');
		expect(last).toContain('Press b to go back to the revisions.');
	});
});
