/**
 * A titled table of keys and what they do: the `?` help of the setup and profiles screens. In
 * screen-reader mode each key is a sentence under its heading: `Quit: press q.`
 */
import {Box, Text, useIsScreenReaderEnabled} from 'ink';
import {keyEntrySentences} from '../announce-forms.js';
import type {KeyEntry} from '../screen-keys.js';
import {displayWidth, fit} from '../text.js';
import {textStyle, type Theme} from '../theme.js';

/** One titled section of a {@link KeyList}. */
export type KeySection = {title: string; entries: readonly KeyEntry[]};

/** Props of {@link KeyList}. */
export type KeyListProps = {sections: readonly KeySection[]; theme: Theme};

/** Sections of keys, their labels in one aligned column. */
export function KeyList({sections, theme}: KeyListProps) {
	const isScreenReader = useIsScreenReaderEnabled();
	if (isScreenReader) {
		const lines = sections.flatMap((section) => [
			`${section.title}:`,
			...keyEntrySentences(section.entries),
		]);
		return (
			<Box flexDirection="column">
				{lines.map((line, index) => (
					<Text key={index}>{line}</Text>
				))}
			</Box>
		);
	}

	const keyWidth = Math.max(
		...sections.flatMap((section) => section.entries.map((entry) => displayWidth(entry.keys))),
	);
	return (
		<Box flexDirection="column">
			{sections.map((section) => (
				<Box key={section.title} flexDirection="column" marginBottom={1}>
					<Text {...textStyle(theme.title)}>{section.title}</Text>
					{section.entries.map((entry) => (
						<Text key={entry.keys}>
							{'  '}
							<Text {...textStyle(theme.key)}>{fit(entry.keys, keyWidth)}</Text>
							{'  '}
							{entry.description}
						</Text>
					))}
				</Box>
			))}
		</Box>
	);
}
