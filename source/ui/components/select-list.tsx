/**
 * A vertical list to choose one item from, with ink-select-input's props and look (`❯ label`),
 * that takes a chunk of keys exactly like the same keys one by one: `↓ ↓ Enter` in one read
 * chooses the third item. (ink-select-input kept its index in React state, so keys delivered
 * before a re-render all started from the same index, and Enter chose the first item.)
 *
 * In screen-reader mode it says its options once and the chosen one on a line of its own, so a
 * move changes one line: `list: 4 options: cloud (Frankfurt), …` then
 * `listitem: (selected) cloud.us1 (United States), option 2 of 4`.
 */
import {Box, Text, useInput, useIsScreenReaderEnabled} from 'ink';
import {useRef, useState} from 'react';
import {optionSentence, optionsSentence} from '../announce-forms.js';
import {splitKeyChunk} from '../key-chunks.js';
import {textStyle, type Theme} from '../theme.js';

/** One choice. */
export type SelectItem<V> = {label: string; value: V; key?: string};

/** Props of {@link SelectList}. */
export type SelectListProps<V> = {
	items: ReadonlyArray<SelectItem<V>>;
	initialIndex?: number;
	/** Whether keys reach the list; default true. */
	isFocused?: boolean;
	/** The chosen row is drawn with `❯`, in bold and the theme's accent. */
	theme: Theme;
	onSelect: (item: SelectItem<V>) => void;
};

/** ↑/↓ or k/j move (around from one end to the other), Home/End go to the ends, Enter chooses. */
export function SelectList<V>({
	items,
	initialIndex = 0,
	isFocused = true,
	theme,
	onSelect,
}: SelectListProps<V>) {
	const isScreenReader = useIsScreenReaderEnabled();
	const clamp = (index: number) => Math.min(Math.max(index, 0), Math.max(items.length - 1, 0));
	const [index, setIndex] = useState(() => clamp(initialIndex));
	// The index as far as keys have gone: several keys can arrive before React renders again.
	const latest = useRef(index);

	useInput(
		(chunk, chunkKey) => {
			let next = latest.current;
			let isChosen = false;
			for (const {input, key} of splitKeyChunk(chunk, chunkKey)) {
				if (key.upArrow || input === 'k') next--;
				else if (key.downArrow || input === 'j') next++;
				else if (key.home) next = 0;
				else if (key.end) next = items.length - 1;
				else if (key.return || input === '\r') {
					isChosen = true;
					break;
				}
			}

			// ↑ on the first item goes to the last and ↓ on the last to the first, as in
			// ink-select-input.
			const count = Math.max(items.length, 1);
			next = ((next % count) + count) % count;
			latest.current = next;
			setIndex(next);
			const item = items[next];
			if (isChosen && item !== undefined) onSelect(item);
		},
		{isActive: isFocused},
	);

	if (isScreenReader) {
		const chosen = items[index];
		return (
			<Box flexDirection="column" aria-role="list">
				<Text>{optionsSentence(items.map((item) => item.label))}</Text>
				{chosen === undefined ? null : (
					<Box aria-role="listitem" aria-state={{selected: true}}>
						<Text>{optionSentence(chosen.label, index, items.length)}</Text>
					</Box>
				)}
			</Box>
		);
	}

	return (
		<Box flexDirection="column">
			{items.map((item, position) => (
				<Text
					key={item.key ?? String(item.value)}
					{...(position === index ? {...textStyle(theme.accent), bold: true} : {})}
				>
					{position === index ? '❯' : ' '} {item.label}
				</Text>
			))}
		</Box>
	);
}
