/**
 * Keys typed faster than a frame reach Ink's `useInput` as one chunk (`jjj`, `G5`): Ink splits
 * escape sequences (arrows, PgDn) into events of their own but hands a run of plain characters
 * over at once. Handlers take the chunk apart with `splitKeyChunk` so three `j` in one write act
 * as three `j` in three writes. Pure.
 */
import type {Key} from 'ink';

/** One key event as Ink reports it to a `useInput` handler. */
export type KeyEvent = {input: string; key: Key};

/**
 * The single key events in `input`: a run of plain characters becomes one event per character
 * (code point); anything else (a special key, a Ctrl or Alt combination, one character) is
 * returned as it came.
 */
export function splitKeyChunk(input: string, key: Key): KeyEvent[] {
	const characters = Array.from(input);
	if (characters.length <= 1 || key.ctrl || key.meta) return [{input, key}];
	return characters.map((character) => ({
		input: character,
		key: {...key, shift: character !== character.toLowerCase()},
	}));
}
