import {describe, expect, it} from 'vitest';
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
	spokenKey,
	spokenKeys,
} from '../../source/ui/announce.js';
import {resolveKeyOverrides} from '../../source/ui/key-overrides.js';
import {keyTables} from '../../source/ui/keymap.js';
import {resources} from '../../source/ui/resources.js';

const workspace = {
	id: 2,
	name: 'Bridge Zwolle',
	updated_at: '2026-11-25T10:00:00Z',
	visibility: 'INTERNAL',
	app: {id: 3, name: 'bridge-design'},
};

describe('announcements', () => {
	it('says a record as a sentence from its descriptor, empty fields left out', () => {
		expect(recordSentence(resources.workspaces, workspace, {number: 2, count: 137})).toBe(
			'Workspace 2 of 137: Bridge Zwolle, updated 2026-11-25, visibility INTERNAL, app bridge-design',
		);
		expect(
			recordSentence(resources.workspaces, {id: 4, name: 'Dike'}, {number: 1234, count: 5000}),
		).toBe('Workspace 1,234 of 5,000: Dike');
		expect(recordSentence(resources.workspaces, undefined, {number: 9, count: 20})).toBe(
			'Workspace 9 of 20, loading.',
		);
	});

	it('keeps escape sequences of a record out of the sentence', () => {
		const said = recordSentence(
			resources.workspaces,
			{name: 'Evil\u001B[2J\u001B]0;x\u0007 name'},
			{number: 1, count: 1},
		);
		expect(said).toBe('Workspace 1 of 1: Evil name');
	});

	it('says loads, arrivals, errors and retries in words', () => {
		expect(loadingSentence(resources.workspaces)).toBe('Loading workspaces.');
		expect(arrivedSentence(resources.workspaces, 21)).toBe('21 workspaces arrived.');
		expect(arrivedSentence(resources.workspaces, 1)).toBe('1 workspace arrived.');
		expect(errorSentence('The server did not answer within 300 ms', keyTables)).toBe(
			'Error: The server did not answer within 300 ms. Press r to retry.',
		);
		const remapped = resolveKeyOverrides({global: {refresh: ['ctrl+r', 'R']}});
		if (!remapped.ok) throw new Error('bad keys');
		expect(errorSentence('Gone.', remapped.tables)).toBe(
			'Error: Gone. Press control R or capital R to retry.',
		);
		expect(retrySentence(1, 3)).toBe('Retrying, attempt 2 of 3.');
	});

	it('says keys as words', () => {
		expect(spokenKey('↓')).toBe('down arrow');
		expect(spokenKey('PgDn')).toBe('page down');
		expect(spokenKey('G')).toBe('capital G');
		expect(spokenKey('Ctrl+C')).toBe('control C');
		expect(spokenKey('^D')).toBe('control D');
		expect(spokenKey('?')).toBe('question mark');
		expect(spokenKeys(['Esc', '?', 'q'])).toBe('escape, question mark or q');
	});

	it('reads the detail field by field', () => {
		expect(
			detailSentences({
				...workspace,
				description: '',
				tags: ['a', 'b'],
				owners: [{id: 1}, {id: 2}],
				parent: null,
				nested: {deep: {x: 1}},
			}),
		).toEqual([
			'Id: 2',
			'Name: Bridge Zwolle',
			'Updated at: 2026-11-25T10:00:00Z',
			'Visibility: INTERNAL',
			'App: id 3, name bridge-design',
			'Description: empty',
			'Tags: a, b',
			'Owners: a list of 2 items',
			'Parent: none',
			'Nested: deep (more fields)',
		]);
		expect(detailSentences({})).toEqual(['No fields.']);
	});

	it('lists the browser keys as sentences under their headings', () => {
		const lines = helpSentences(keyTables);
		expect(lines[0]).toBe('Everywhere:');
		expect(lines).toContain('Next record: press down arrow or j.');
		expect(lines).toContain('Quit: press q or control C.');
		expect(lines).toContain('List:');
		expect(lines).not.toContain('Profiles screen:');
	});

	it('counts the records of pages that are new or answered again, not of pages only touched', () => {
		const rows = [{}, {}, {}];
		const page = {offset: 0, rows, usedAt: 1, isStale: false};
		const before = new Map([[0, page]]);
		const touched = new Map([[0, {...page, usedAt: 2}]]);
		expect(arrivedCount(before, touched)).toBe(0);
		const more = new Map([
			[0, page],
			[3, {offset: 3, rows: [{}, {}], usedAt: 3, isStale: false}],
		]);
		expect(arrivedCount(before, more)).toBe(2);
		expect(arrivedCount(before, new Map([[0, {...page, rows: [{}]}]]))).toBe(1);
	});

	it('adds up arrivals at one place and drops them for good once the cursor or view moves on', () => {
		const first = nextArrival(undefined, 7, '1');
		expect(first).toEqual({count: 7, where: '1'});
		expect(nextArrival(first, 7, '1')).toEqual({count: 14, where: '1'});
		expect(nextArrival(first, 0, '1')).toEqual(first);
		expect(nextArrival(first, 0, '2')).toBeUndefined();
		expect(nextArrival(first, 0, '1 detail')).toBeUndefined();
		expect(nextArrival(first, 7, '2')).toEqual({count: 7, where: '2'});
		expect(nextArrival(undefined, 0, '1')).toBeUndefined();
	});
});
