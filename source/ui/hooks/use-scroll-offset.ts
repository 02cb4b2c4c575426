/**
 * Scrolling a read-only view (a revision diff, a long text) with the detail pane's keys: ↑/↓ and
 * j/k one line, PgUp/PgDn a page, Home/End and g/G to the ends. The offset belongs to `source`:
 * when the content changes identity, the view starts at the top again.
 */
import {useInput} from 'ink';
import {useState} from 'react';
import {intentFor, type Intent} from '../keymap.js';
import {maxScrollOffset, scrollFor} from '../scroll.js';
import {splitKeyChunk} from '../key-chunks.js';
import {useKeyTables} from '../key-tables.js';

export {maxScrollOffset, scrollFor} from '../scroll.js';

/** Options of `useScrollOffset`. */
export type UseScrollOffsetOptions = {
	/** The content scrolled; a new identity scrolls back to the top. */
	source: unknown;
	/** How many lines the content has. */
	lineCount: number;
	/** How many lines are visible at once (a page). */
	pageRows: number;
	/** Whether the keys reach this view. */
	isActive: boolean;
	/** Receives every other intent of the detail context (back, focus-next, quit, help, …). */
	onIntent?: (intent: Intent) => void;
};

/** Binds the scroll keys of the detail context to an offset, clamped to the content. */
export function useScrollOffset({
	source,
	lineCount,
	pageRows,
	isActive,
	onIntent,
}: UseScrollOffsetOptions): {offset: number} {
	const tables = useKeyTables();
	const [state, setState] = useState<{source: unknown; offset: number}>({source, offset: 0});
	const current = state.source === source ? state.offset : 0;
	const offset = Math.min(current, maxScrollOffset(lineCount, pageRows));
	useInput(
		(input, key) => {
			for (const event of splitKeyChunk(input, key)) {
				const intent = intentFor(event.input, event.key, 'detail', tables);
				if (intent === undefined) continue;
				if (scrollFor(intent, 0, lineCount, pageRows) === undefined) {
					onIntent?.(intent);
					continue;
				}
				// Several keys can arrive before the next render: each builds on the one before.
				setState((previous) => {
					const from = previous.source === source ? previous.offset : 0;
					const clamped = Math.min(from, maxScrollOffset(lineCount, pageRows));
					return {source, offset: scrollFor(intent, clamped, lineCount, pageRows) ?? clamped};
				});
			}
		},
		{isActive},
	);
	return {offset};
}
