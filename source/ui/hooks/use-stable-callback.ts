/**
 * A callback whose identity never changes and that always calls the latest `callback`: for a
 * handler passed to a memoised component or to a subscription that must not restart on every
 * render.
 */
import {useCallback, useLayoutEffect, useRef} from 'react';

/** `callback`, behind one identity for the component's lifetime. */
export function useStableCallback<Arguments extends unknown[], Result>(
	callback: (...arguments_: Arguments) => Result,
): (...arguments_: Arguments) => Result {
	const latest = useRef(callback);
	useLayoutEffect(() => {
		latest.current = callback;
	});
	return useCallback((...arguments_: Arguments) => latest.current(...arguments_), []);
}
