/**
 * A one-line text field with readline editing that treats a chunk of keys exactly like the same
 * keys one by one. Its props follow ink-text-input's (`value`, `onChange`, `onSubmit`, `mask`,
 * `focus`, `placeholder`, `showCursor`), so it replaces that component with a one-line change.
 *
 * Why not ink-text-input: Ink hands a run of plain characters from one stdin read over as one
 * event, so `\x7f\x7f\x7f` (three Backspaces under key repeat) was inserted as text, and two
 * arrows in one read reached the same stale closure, so the cursor moved once. This field reads
 * Ink's raw input events (the ones `useInput` parses), splits each with `keysOfInput`, and folds
 * the keys into the latest state held in a ref, so nothing depends on React having re-rendered
 * between two keys.
 *
 * In screen-reader mode the field is one line of words instead (Ink prefixes its role):
 * `textbox: Environment: acme`, or for a masked field only its length,
 * `textbox: Token, masked, 41 characters`; and where the cursor is when it is not at the end.
 * (Only a field given a `label` does: the browser's search field reads as drawn.)
 */
import {Box, Text, useIsScreenReaderEnabled, useStdin} from 'ink';
import {useEffect, useEffectEvent, useRef, useState} from 'react';
import {textFieldSentence} from '../announce-forms.js';
import {editReducer, editStateOf, keysOfInput, type EditState} from '../text-editing.js';

/** Props of {@link TextField}. */
export type TextFieldProps = {
	/** The text; the field is controlled. */
	value: string;
	/** Called with the new text after every edit (once per input event, however many keys it held). */
	onChange: (value: string) => void;
	/** Enter. */
	onSubmit?: (value: string) => void;
	/** Draw every character as this one (a token). */
	mask?: string;
	/** Whether keys reach this field; default true. Esc, Tab, ↑/↓ and Ctrl+C are left to the parent. */
	focus?: boolean;
	/** Shown dimmed while the value is empty; never part of the value. */
	placeholder?: string;
	/** Draw the cursor (when focused); default true. */
	showCursor?: boolean;
	/**
	 * What the field is called. With a label, screen-reader mode says the field as one line of
	 * words (the drawn field never shows the label); without one, it renders as drawn.
	 */
	label?: string;
};

/** Splits `text` at a cursor given as a UTF-16 index, into code points before, at and after it. */
function splitAtCursor(characters: string[], value: string, cursor: number) {
	const index = Array.from(value.slice(0, cursor)).length;
	return {
		before: characters.slice(0, index).join(''),
		at: characters[index] ?? ' ',
		after: characters.slice(index + 1).join(''),
	};
}

/** A one-line, chunk-safe, readline-style text field. */
export function TextField({
	value,
	onChange,
	onSubmit,
	mask,
	focus = true,
	placeholder = '',
	showCursor = true,
	label,
}: TextFieldProps) {
	const isScreenReader = useIsScreenReaderEnabled();
	const {internal_eventEmitter: inputEvents, setRawMode} = useStdin();
	const [edit, setEdit] = useState<EditState>(() => editStateOf(value));
	// The state as far as keys have gone: several events can arrive before React renders again.
	const latest = useRef<EditState>(edit);
	// The `value` prop the field last saw; a different one means the parent set the text itself.
	const seenValue = useRef(value);

	const handleInput = useEffectEvent((event: string) => {
		if (value !== seenValue.current) {
			seenValue.current = value;
			if (value !== latest.current.value) latest.current = editStateOf(value);
		}

		let state = latest.current;
		let isSubmitted = false;
		for (const key of keysOfInput(event)) {
			if (key.type === 'ignored') continue;
			if (key.type === 'submit') {
				isSubmitted = true;
				break;
			}

			state = editReducer(state, key);
		}

		const previous = latest.current;
		latest.current = state;
		if (state !== previous) setEdit(state);
		if (state.value !== previous.value) onChange(state.value);
		if (isSubmitted) onSubmit?.(state.value);
	});

	useEffect(() => {
		if (!focus) return undefined;
		setRawMode(true);
		const listener = (event: string) => {
			handleInput(event);
		};

		inputEvents.on('input', listener);
		return () => {
			inputEvents.removeListener('input', listener);
			setRawMode(false);
		};
	}, [focus, inputEvents, setRawMode]);

	// The parent may have set the text itself (cleared it, prefilled it): the cursor goes to its end.
	const shown = edit.value === value ? edit : editStateOf(value);
	if (isScreenReader && label !== undefined) {
		const sentence = textFieldSentence({
			label,
			value,
			isMasked: mask !== undefined,
			placeholder,
			cursor: focus ? Array.from(value.slice(0, shown.cursor)).length : undefined,
		});
		return <Box aria-role="textbox" aria-label={sentence} />;
	}

	const isCursorShown = focus && showCursor;
	if (value === '' && placeholder !== '') {
		if (!isCursorShown) return <Text dimColor>{placeholder}</Text>;
		const [first = ' ', ...rest] = Array.from(placeholder);
		return (
			<Text>
				<Text inverse>{first}</Text>
				<Text dimColor>{rest.join('')}</Text>
			</Text>
		);
	}

	const characters = Array.from(value).map((character) => mask ?? character);
	if (!isCursorShown) return <Text>{characters.join('')}</Text>;
	const {before, at, after} = splitAtCursor(characters, shown.value, shown.cursor);
	return (
		<Text>
			{before}
			<Text inverse>{at}</Text>
			{after}
		</Text>
	);
}
