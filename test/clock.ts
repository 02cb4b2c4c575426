import type {Clock} from '../source/clock.js';

/** A Clock whose time moves only when the test says so. */
export type ManualClock = Clock & {
	/** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
	advance(ms: number): void;
	/** Timers not yet fired, as delays from now. */
	pending(): number[];
};

/** A fake clock for code that takes a Clock: timers fire only from `advance`. */
export function createManualClock(start = Date.parse('2026-11-27T12:00:00Z')): ManualClock {
	let now = start;
	let nextId = 1;
	const timers = new Map<number, {at: number; callback: () => void}>();
	return {
		now: () => now,
		setTimeout(callback, delayMs) {
			const id = nextId++;
			timers.set(id, {at: now + Math.max(0, delayMs), callback});
			return id;
		},
		clearTimeout(handle) {
			timers.delete(handle as number);
		},
		advance(ms) {
			const end = now + ms;
			for (;;) {
				let due: [number, {at: number; callback: () => void}] | undefined;
				for (const entry of timers) {
					if (entry[1].at <= end && (due === undefined || entry[1].at < due[1].at)) due = entry;
				}

				if (due === undefined) break;
				timers.delete(due[0]);
				now = due[1].at;
				due[1].callback();
			}

			now = end;
		},
		pending: () => [...timers.values()].map((timer) => timer.at - now),
	};
}

/**
 * Waits (in real time, up to 5 s) until the timers pending on `clock` satisfy `predicate`: code
 * sets its timers in effects that run after a frame is drawn, so a test advances the clock only
 * once the timer it means is there.
 */
export async function waitForTimers(
	clock: ManualClock,
	predicate: (delays: number[]) => boolean,
): Promise<void> {
	const deadline = Date.now() + 5000;
	while (!predicate(clock.pending())) {
		if (Date.now() > deadline) {
			throw new Error(`timers never matched; pending: ${clock.pending().join(', ')}`);
		}

		await new Promise((resolve) => {
			setTimeout(resolve, 2);
		});
	}
}
