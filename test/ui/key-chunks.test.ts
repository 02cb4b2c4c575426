import {describe, expect, it} from 'vitest';
import {nextTypedRun, splitKeyChunk} from '../../source/ui/key-chunks.js';
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

describe('nextTypedRun', () => {
	const enter = {input: '', key: {...plain, return: true}};
	const down = {input: '', key: {...plain, downArrow: true}};
	const escape = {input: '', key: {...plain, escape: true, meta: true}};

	it('joins typed characters and Enters that came in separate reads into one chunk', () => {
		const queue = [
			{input: '4', key: plain},
			{input: '2', key: plain},
			enter,
			{input: 'j', key: plain},
		];
		expect(nextTypedRun(queue)).toEqual({event: {input: '42\rj', key: plain}, taken: 4});
		expect(nextTypedRun([enter, {input: 'jj', key: plain}])).toEqual({
			event: {input: '\rjj', key: plain},
			taken: 2,
		});
	});

	it('stops at a special key and leaves a special key alone', () => {
		expect(nextTypedRun([{input: 'j', key: plain}, down, {input: 'k', key: plain}])).toEqual({
			event: {input: 'j', key: plain},
			taken: 1,
		});
		expect(nextTypedRun([down, {input: 'k', key: plain}])).toEqual({event: down, taken: 1});
		expect(nextTypedRun([escape, {input: 'k', key: plain}])).toEqual({event: escape, taken: 1});
		const ctrlD = {input: 'd', key: {...plain, ctrl: true}};
		expect(nextTypedRun([{input: 'j', key: plain}, ctrlD])).toEqual({
			event: {input: 'j', key: plain},
			taken: 1,
		});
	});

	it('gives a lone key back as it came', () => {
		expect(nextTypedRun([enter])).toEqual({event: enter, taken: 1});
	});

	it('refuses an empty queue', () => {
		expect(() => nextTypedRun([])).toThrow(RangeError);
	});
});
