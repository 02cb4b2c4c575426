/**
 * Readline-style editing of a one-line text field, as pure functions: a state (text + cursor), an
 * action union, a reducer, and `keysOfInput`, which turns one raw input event from the terminal
 * into the keys it holds. A terminal may deliver several keys in one read (key repeat under load,
 * fast typing, a paste); splitting them here is what makes `\x7f\x7f\x7f` three Backspaces rather
 * than three invisible characters, and `789012` six digits.
 */

/** The text of a field and the cursor, an index into `value` between 0 and `value.length`. */
export type EditState = {value: string; cursor: number};

/** One editing action. */
export type EditAction =
	| {type: 'insert'; text: string}
	| {type: 'move-left'}
	| {type: 'move-right'}
	| {type: 'move-word-left'}
	| {type: 'move-word-right'}
	| {type: 'move-start'}
	| {type: 'move-end'}
	| {type: 'delete-backward'}
	| {type: 'delete-forward'}
	| {type: 'delete-word-backward'}
	| {type: 'delete-to-start'}
	| {type: 'delete-to-end'};

/** A key the field acts on: an edit, Enter, or a key the field leaves to its parent (Esc, Tab, ↑/↓, Ctrl+C…). */
export type FieldKey = EditAction | {type: 'submit'} | {type: 'ignored'};

/** The state of a field showing `value` with the cursor at its end. */
export function editStateOf(value: string): EditState {
	return {value, cursor: value.length};
}

const isWordCharacter = (character: string) => /[\p{L}\p{N}_]/u.test(character);

function wordStartBefore(value: string, cursor: number): number {
	let index = cursor;
	while (index > 0 && !isWordCharacter(value[index - 1] ?? '')) index--;
	while (index > 0 && isWordCharacter(value[index - 1] ?? '')) index--;
	return index;
}

function wordEndAfter(value: string, cursor: number): number {
	let index = cursor;
	while (index < value.length && !isWordCharacter(value[index] ?? '')) index++;
	while (index < value.length && isWordCharacter(value[index] ?? '')) index++;
	return index;
}

/** The index one code point before `cursor` (an emoji is one step, not two). */
function previousIndex(value: string, cursor: number): number {
	if (cursor <= 0) return 0;
	const code = value.charCodeAt(cursor - 1);
	const isLowSurrogate = code >= 0xdc_00 && code <= 0xdf_ff;
	return isLowSurrogate && cursor >= 2 ? cursor - 2 : cursor - 1;
}

/** The index one code point after `cursor`. */
function nextIndex(value: string, cursor: number): number {
	if (cursor >= value.length) return value.length;
	const code = value.codePointAt(cursor) ?? 0;
	return cursor + (code > 0xff_ff ? 2 : 1);
}

/** Applies one editing action. Pure; returns the same object when nothing changes. */
export function editReducer(state: EditState, action: EditAction): EditState {
	const {value} = state;
	const cursor = Math.min(Math.max(state.cursor, 0), value.length);
	const result = (nextValue: string, nextCursor: number): EditState =>
		nextValue === state.value && nextCursor === state.cursor
			? state
			: {value: nextValue, cursor: nextCursor};
	switch (action.type) {
		case 'insert': {
			return result(
				value.slice(0, cursor) + action.text + value.slice(cursor),
				cursor + action.text.length,
			);
		}

		case 'move-left': {
			return result(value, previousIndex(value, cursor));
		}

		case 'move-right': {
			return result(value, nextIndex(value, cursor));
		}

		case 'move-word-left': {
			return result(value, wordStartBefore(value, cursor));
		}

		case 'move-word-right': {
			return result(value, wordEndAfter(value, cursor));
		}

		case 'move-start': {
			return result(value, 0);
		}

		case 'move-end': {
			return result(value, value.length);
		}

		case 'delete-backward': {
			const start = previousIndex(value, cursor);
			return result(value.slice(0, start) + value.slice(cursor), start);
		}

		case 'delete-forward': {
			return result(value.slice(0, cursor) + value.slice(nextIndex(value, cursor)), cursor);
		}

		case 'delete-word-backward': {
			const start = wordStartBefore(value, cursor);
			return result(value.slice(0, start) + value.slice(cursor), start);
		}

		case 'delete-to-start': {
			return result(value.slice(cursor), 0);
		}

		case 'delete-to-end': {
			return result(value.slice(0, cursor), cursor);
		}
	}
}

/** Ctrl+letter (as a C0 control character) → the action readline gives it. */
const controlKeys: Record<string, FieldKey> = {
	'\u0001': {type: 'move-start'}, // Ctrl+A
	'\u0002': {type: 'move-left'}, // Ctrl+B
	'\u0004': {type: 'delete-forward'}, // Ctrl+D
	'\u0005': {type: 'move-end'}, // Ctrl+E
	'\u0006': {type: 'move-right'}, // Ctrl+F
	'\u0008': {type: 'delete-backward'}, // Ctrl+H, Backspace on some terminals
	'\u000B': {type: 'delete-to-end'}, // Ctrl+K
	'\u0015': {type: 'delete-to-start'}, // Ctrl+U
	'\u0017': {type: 'delete-word-backward'}, // Ctrl+W
	'\u007F': {type: 'delete-backward'}, // Backspace (DEL)
};

/** Escape sequences (as Ink splits them off, one per event) → actions. */
const escapeSequences: Record<string, FieldKey> = {
	'\u001B[D': {type: 'move-left'},
	'\u001BOD': {type: 'move-left'},
	'\u001B[C': {type: 'move-right'},
	'\u001BOC': {type: 'move-right'},
	'\u001B[H': {type: 'move-start'},
	'\u001BOH': {type: 'move-start'},
	'\u001B[1~': {type: 'move-start'},
	'\u001B[7~': {type: 'move-start'},
	'\u001B[F': {type: 'move-end'},
	'\u001BOF': {type: 'move-end'},
	'\u001B[4~': {type: 'move-end'},
	'\u001B[8~': {type: 'move-end'},
	'\u001B[3~': {type: 'delete-forward'},
	'\u001B[1;5D': {type: 'move-word-left'},
	'\u001B[1;3D': {type: 'move-word-left'},
	'\u001Bb': {type: 'move-word-left'}, // Alt+B
	'\u001B[1;5C': {type: 'move-word-right'},
	'\u001B[1;3C': {type: 'move-word-right'},
	'\u001Bf': {type: 'move-word-right'}, // Alt+F
	'\u001B\u007F': {type: 'delete-word-backward'}, // Alt+Backspace
};

// Any C0 control character, DEL, or a C1 control character.
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/u;

/**
 * The keys in one raw input event, in order. Ink hands each escape sequence over as its own event
 * but a run of plain characters (text, DEL, Ctrl+letters, Enter) as one; this splits the run so
 * each Backspace deletes, each Ctrl+letter edits, and printable runs are inserted whole. Control
 * characters without an editing meaning are dropped, never inserted.
 */
export function keysOfInput(event: string): FieldKey[] {
	if (event.startsWith('\u001B')) {
		return [escapeSequences[event] ?? {type: 'ignored'}];
	}

	const keys: FieldKey[] = [];
	let text = '';
	const flushText = () => {
		if (text !== '') keys.push({type: 'insert', text});
		text = '';
	};

	// A line break ends the field only at the end of the event: inside one it came from a paste of
	// several lines, which a one-line field takes as one line.
	const body = event.replace(/[\r\n]+$/u, '');
	const isSubmitted = body !== event;
	for (const character of body) {
		if (!controlCharacter.test(character)) {
			text += character;
			continue;
		}

		flushText();
		const key = controlKeys[character];
		if (key !== undefined) keys.push(key);
	}

	flushText();
	if (isSubmitted) keys.push({type: 'submit'});
	else if (keys.length === 0) keys.push({type: 'ignored'});
	return keys;
}
