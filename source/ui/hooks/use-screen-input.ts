/**
 * One input hook per screen: Ink's `useInput` with a handler whose identity never changes, so
 * Ink subscribes once per activation instead of on every render, while the handler always sees
 * the latest state.
 */
import {useInput, type Key} from 'ink';
import {useStableCallback} from './use-stable-callback.js';

/** A key handler as Ink calls it. */
export type KeyHandler = (input: string, key: Key) => void;

/** Sends the keys to `handler` (the latest one) while `isActive`. */
export function useScreenInput(handler: KeyHandler, {isActive}: {isActive: boolean}): void {
	useInput(useStableCallback(handler), {isActive});
}
