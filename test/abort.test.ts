import {describe, expect, it} from 'vitest';
import {abortWhenAny} from '../source/abort.js';

describe('abortWhenAny', () => {
	it('aborts with the reason of the first source that aborts, and not after unhooking', () => {
		const first = new AbortController();
		const second = new AbortController();
		const linked = new AbortController();
		const unhook = abortWhenAny(linked, [first.signal, undefined, second.signal]);
		expect(linked.signal.aborted).toBe(false);
		second.abort('stop');
		expect(linked.signal.reason).toBe('stop');

		const later = new AbortController();
		const unhookLater = abortWhenAny(later, [first.signal]);
		unhookLater();
		first.abort('gone');
		expect(later.signal.aborted).toBe(false);
		unhook();
	});

	it('aborts at once when a source already has', () => {
		const linked = new AbortController();
		abortWhenAny(linked, [AbortSignal.abort('early')]);
		expect(linked.signal.reason).toBe('early');
	});
});
