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
