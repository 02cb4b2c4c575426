import {describe, expect, it} from 'vitest';
import {timeoutSignal} from '../source/clock.js';
import {createManualClock} from './clock.js';

describe('timeoutSignal', () => {
	it('aborts with a TimeoutError once its time is up on the clock, not before', () => {
		const clock = createManualClock();
		const {signal} = timeoutSignal(clock, 100);
		clock.advance(99);
		expect(signal.aborted).toBe(false);
		clock.advance(1);
		expect(signal.aborted).toBe(true);
		expect((signal.reason as DOMException).name).toBe('TimeoutError');
	});

	it('follows another signal with its reason, also one aborted already', () => {
		const clock = createManualClock();
		const caller = new AbortController();
		const {signal} = timeoutSignal(clock, 100, caller.signal);
		caller.abort(new Error('user left'));
		expect(signal.aborted).toBe(true);
		expect((signal.reason as Error).message).toBe('user left');
		clock.advance(100);
		expect((signal.reason as Error).message).toBe('user left');

		const early = timeoutSignal(clock, 100, caller.signal);
		expect((early.signal.reason as Error).message).toBe('user left');
	});

	it('neither times out nor follows once cleared', () => {
		const clock = createManualClock();
		const caller = new AbortController();
		const {signal, clear} = timeoutSignal(clock, 100, caller.signal);
		clear();
		caller.abort();
		clock.advance(1000);
		expect(signal.aborted).toBe(false);
		expect(clock.pending()).toEqual([]);
	});
});
