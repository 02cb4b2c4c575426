import {describe, expect, it} from 'vitest';
import {
	editReducer,
	editStateOf,
	keysOfInput,
	type EditAction,
	type EditState,
	type FieldKey,
} from '../../source/ui/text-editing.js';

/** Applies the keys of each event in turn, as the text field does. */
function applyEvents(state: EditState, ...events: string[]): EditState {
	let result = state;
	for (const event of events) {
		for (const key of keysOfInput(event)) {
			if (key.type !== 'ignored' && key.type !== 'submit') result = editReducer(result, key);
		}
	}

	return result;
}

const at = (value: string, cursor: number): EditState => ({value, cursor});

describe('keysOfInput', () => {
	it('splits three Backspaces in one read into three deletions', () => {
		expect(keysOfInput('\u007F\u007F\u007F')).toEqual([
			{type: 'delete-backward'},
			{type: 'delete-backward'},
			{type: 'delete-backward'},
		]);
	});

	it('inserts a run of typed digits whole', () => {
		expect(keysOfInput('789012')).toEqual([{type: 'insert', text: '789012'}]);
	});

	it('keeps the order of text and Backspaces in one read', () => {
		expect(keysOfInput('ab\u007Fc')).toEqual([
			{type: 'insert', text: 'ab'},
			{type: 'delete-backward'},
			{type: 'insert', text: 'c'},
		]);
	});

	it('never inserts control characters from a paste', () => {
		const keys = keysOfInput('vktr\u0007pat\u001F_demo\tx');
		expect(keys).toEqual([
			{type: 'insert', text: 'vktr'},
			{type: 'insert', text: 'pat'},
			{type: 'insert', text: '_demo'},
			{type: 'insert', text: 'x'},
		]);
	});

	it('submits on a trailing Enter and drops line breaks inside a paste', () => {
		expect(keysOfInput('abc\r')).toEqual([{type: 'insert', text: 'abc'}, {type: 'submit'}]);
		expect(keysOfInput('ab\ncd')).toEqual([
			{type: 'insert', text: 'ab'},
			{type: 'insert', text: 'cd'},
		]);
		expect(keysOfInput('\r')).toEqual([{type: 'submit'}]);
	});

	it('maps readline control keys', () => {
		const expected: Record<string, FieldKey['type']> = {
			'\u0001': 'move-start',
			'\u0005': 'move-end',
			'\u0015': 'delete-to-start',
			'\u0017': 'delete-word-backward',
			'\u000B': 'delete-to-end',
			'\u0008': 'delete-backward',
		};
		for (const [input, type] of Object.entries(expected)) {
			expect(keysOfInput(input)).toEqual([{type}]);
		}
	});

	it('maps arrows, Home, End and Delete, and leaves Esc, Tab, ↑/↓ and Ctrl+C to the parent', () => {
		expect(keysOfInput('\u001B[D')).toEqual([{type: 'move-left'}]);
		expect(keysOfInput('\u001B[C')).toEqual([{type: 'move-right'}]);
		expect(keysOfInput('\u001B[H')).toEqual([{type: 'move-start'}]);
		expect(keysOfInput('\u001B[F')).toEqual([{type: 'move-end'}]);
		expect(keysOfInput('\u001B[3~')).toEqual([{type: 'delete-forward'}]);
		for (const input of ['\u001B', '\t', '\u001B[A', '\u001B[B', '\u0003', '\u001B[200~']) {
			expect(keysOfInput(input)).toEqual([{type: 'ignored'}]);
		}
	});
});

describe('editReducer', () => {
	it('inserts at the cursor', () => {
		expect(editReducer(at('ac', 1), {type: 'insert', text: 'b'})).toEqual(at('abc', 2));
	});

	it('moves within the text and stops at its ends', () => {
		const moves: Array<[EditAction['type'], EditState, EditState]> = [
			['move-left', at('ab', 2), at('ab', 1)],
			['move-left', at('ab', 0), at('ab', 0)],
			['move-right', at('ab', 1), at('ab', 2)],
			['move-right', at('ab', 2), at('ab', 2)],
			['move-start', at('ab', 2), at('ab', 0)],
			['move-end', at('ab', 0), at('ab', 2)],
			['move-word-left', at('foo bar', 7), at('foo bar', 4)],
			['move-word-right', at('foo bar', 0), at('foo bar', 3)],
		];
		for (const [type, before, after] of moves) {
			expect(editReducer(before, {type} as EditAction)).toEqual(after);
		}
	});

	it('deletes backward and forward, and does nothing at the ends', () => {
		expect(editReducer(at('abc', 2), {type: 'delete-backward'})).toEqual(at('ac', 1));
		expect(editReducer(at('abc', 0), {type: 'delete-backward'})).toEqual(at('abc', 0));
		expect(editReducer(at('abc', 1), {type: 'delete-forward'})).toEqual(at('ac', 1));
		expect(editReducer(at('abc', 3), {type: 'delete-forward'})).toEqual(at('abc', 3));
	});

	it('deletes a word, to the start and to the end (Ctrl+W, Ctrl+U, Ctrl+K)', () => {
		expect(editReducer(at('https://acme.viktor', 19), {type: 'delete-word-backward'})).toEqual(
			at('https://acme.', 13),
		);
		expect(editReducer(at('foo bar  ', 9), {type: 'delete-word-backward'})).toEqual(at('foo ', 4));
		expect(editReducer(at('foobar', 3), {type: 'delete-to-start'})).toEqual(at('bar', 0));
		expect(editReducer(at('foobar', 3), {type: 'delete-to-end'})).toEqual(at('foo', 3));
	});

	it('treats an emoji as one character', () => {
		expect(editReducer(at('a😀', 3), {type: 'delete-backward'})).toEqual(at('a', 1));
		expect(editReducer(at('a😀', 3), {type: 'move-left'})).toEqual(at('a😀', 1));
		expect(editReducer(at('a😀', 1), {type: 'move-right'})).toEqual(at('a😀', 3));
	});
});

describe('a chunk of keys edits exactly like the same keys one by one', () => {
	const cases: Array<[string, string[]]> = [
		['three Backspaces', ['\u007F', '\u007F', '\u007F']],
		['digits', ['7', '8', '9', '0', '1', '2']],
		['text, Backspace, text', ['a', 'b', '\u007F', 'c']],
		['Ctrl+A, text, Ctrl+E, Ctrl+W', ['\u0001', 'x', '\u0005', '\u0017']],
	];
	for (const [name, keys] of cases) {
		it(name, () => {
			const start = editStateOf('https://acme');
			expect(applyEvents(start, keys.join(''))).toEqual(applyEvents(start, ...keys));
		});
	}
});
