import {describe, expect, it} from 'vitest';
import {splitKeyChunk} from '../../source/ui/key-chunks.js';
import {noKey as plain} from '../helpers.js';

describe('splitKeyChunk', () => {
	it('takes a run of typed characters apart, one event each, with shift for capitals', () => {
		const events = splitKeyChunk('jG😀', plain);
		expect(events.map((event) => event.input)).toEqual(['j', 'G', '😀']);
		expect(events.map((event) => event.key.shift)).toEqual([false, true, false]);
	});

	it('returns a single key, a special key and a Ctrl combination as they came', () => {
		expect(splitKeyChunk('j', plain)).toEqual([{input: 'j', key: plain}]);
		const down = {...plain, downArrow: true};
		expect(splitKeyChunk('', down)).toEqual([{input: '', key: down}]);
		const ctrl = {...plain, ctrl: true};
		expect(splitKeyChunk('ab', ctrl)).toEqual([{input: 'ab', key: ctrl}]);
	});
});

describe('splitKeyChunk with keys that are not text', () => {
	it('turns Enter, Tab, Backspace, Delete and Ctrl+letter inside a chunk into those keys', () => {
		const events = splitKeyChunk('j\r\t\b\u007F\u0003', plain);
		expect(events).toEqual([
			{input: 'j', key: plain},
			{input: '', key: {...plain, return: true}},
			{input: '', key: {...plain, tab: true}},
			{input: '', key: {...plain, backspace: true}},
			{input: '', key: {...plain, delete: true}},
			{input: 'c', key: {...plain, ctrl: true}},
		]);
	});
});

describe('splitKeyChunk with one control character left as text', () => {
	it('reads a lone carriage return that is not marked as Enter as Enter', () => {
		expect(splitKeyChunk('\r', plain)).toEqual([{input: '', key: {...plain, return: true}}]);
		const enter = {...plain, return: true};
		expect(splitKeyChunk('', enter)).toEqual([{input: '', key: enter}]);
	});
});
