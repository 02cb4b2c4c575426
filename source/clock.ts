/**
 * Time as the code that waits sees it: retries, timeouts and throttles take a Clock so tests can
 * drive them with fake time instead of depending on how fast a loaded machine runs.
 */
import {abortWhenAny} from './abort.js';

/** A timer handle as a Clock hands it out; only the same Clock can clear it. */
export type TimerHandle = unknown;

/** The current time and one-shot timers. */
export type Clock = {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Calls `callback` once after `delayMs`. */
	setTimeout(callback: () => void, delayMs: number): TimerHandle;
	/** Cancels a timer this clock handed out; a fired or unknown handle is ignored. */
	clearTimeout(handle: TimerHandle): void;
};

/** The real clock: `Date.now` and the global timers. */
export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
	clearTimeout(handle) {
		clearTimeout(handle as ReturnType<typeof setTimeout>);
	},
};

/**
 * An AbortSignal that aborts with a `TimeoutError` DOMException after `delayMs` on `clock`, like
 * `AbortSignal.timeout`, and a function that stops its timer. With `follow`, it also aborts (with
 * that signal's reason) when `follow` does, as `AbortSignal.any([follow, timeout])` would, until
 * `clear` is called.
 */
export function timeoutSignal(
	clock: Clock,
	delayMs: number,
	follow?: AbortSignal,
): {signal: AbortSignal; clear: () => void} {
	const controller = new AbortController();
	const handle = clock.setTimeout(() => {
		controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
	}, delayMs);
	const unhook = abortWhenAny(controller, [follow]);
	return {
		signal: controller.signal,
		clear() {
			clock.clearTimeout(handle);
			unhook();
		},
	};
}
