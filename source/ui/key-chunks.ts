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
	if (key.ctrl || key.meta || characters.length === 0) return [{input, key}];
	// One plain character is as Ink parsed it; a control character left as text is not.
	if (characters.length === 1 && !controlKey.test(input)) return [{input, key}];
	return characters.map((character) => singleKey(character, key));
}

// eslint-disable-next-line no-control-regex -- the control characters that are keys
const controlKey = /^[\u0001-\u001A\u007F]$/u;

/**
 * One character of a chunk as Ink reports that character alone: Enter, Tab, Backspace, Delete
 * and Ctrl+letter are keys with an empty input (Ctrl keeps its letter), not text (`j\r` typed
 * fast is `j` then Enter).
 */
function singleKey(character: string, chunkKey: Key): KeyEvent {
	const key: Key = {...chunkKey, shift: character !== character.toLowerCase()};
	switch (character) {
		case '\r': {
			return {input: '', key: {...key, return: true}};
		}

		case '\t': {
			return {input: '', key: {...key, tab: true}};
		}

		case '\b': {
			return {input: '', key: {...key, backspace: true}};
		}

		case '\u007F': {
			return {input: '', key: {...key, delete: true}};
		}

		default: {
			const code = character.codePointAt(0) ?? 0;
			if (code >= 1 && code <= 26 && character !== '\n') {
				return {input: String.fromCodePoint(code + 96), key: {...key, ctrl: true}};
			}

			return {input: character, key};
		}
	}
}

/** A key's flags that make it a key of its own rather than typed text. */
const specialKeys = [
	'upArrow',
	'downArrow',
	'leftArrow',
	'rightArrow',
	'pageDown',
	'pageUp',
	'home',
	'end',
	'escape',
	'tab',
	'backspace',
	'delete',
] as const;

/** What `event` adds to a run of typed characters (Enter is `\r`), or undefined for any other key. */
export function typedText({input, key}: KeyEvent): string | undefined {
	if (key.ctrl || key.meta || specialKeys.some((name) => key[name])) return undefined;
	if (key.return) return '\r';
	return input === '' ? undefined : input;
}

/**
 * The first of `queue`'s key events joined with the typed characters and Enters right after it
 * into one event, as if they had arrived in one chunk, and how many events that took. Keys that
 * waited in a queue then act as the same keys typed at once do (`42⏎` jumps, `/dike⏎` searches),
 * whatever reads they came in. A special key (an arrow, Esc, a Ctrl combination) stays alone.
 */
export function nextTypedRun(queue: readonly KeyEvent[]): {event: KeyEvent; taken: number} {
	const [first] = queue;
	if (first === undefined) throw new RangeError('nextTypedRun needs at least one key event');
	let text = typedText(first);
	if (text === undefined) return {event: first, taken: 1};
	let taken = 1;
	for (; taken < queue.length; taken++) {
		const next = typedText(queue[taken]!);
		if (next === undefined) break;
		text += next;
	}

	if (taken === 1) return {event: first, taken};
	return {event: {input: text, key: {...first.key, return: false}}, taken};
}
