/**
 * Scrolling a read-only view (a revision diff, a long text) with the detail pane's keys: ↑/↓ and
 * j/k one line, PgUp/PgDn a page, Home/End and g/G to the ends. The offset belongs to `source`:
 * when the content changes identity, the view starts at the top again.
 */
import {useInput} from 'ink';
import {useState} from 'react';
import {intentFor, type Intent} from '../keymap.js';
import {splitKeyChunk} from '../key-chunks.js';
import {useKeyTables} from '../key-tables.js';

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

/** The largest offset that still fills the view: `lineCount - pageRows`, at least 0. */
export function maxScrollOffset(lineCount: number, pageRows: number): number {
	return Math.max(0, lineCount - Math.max(1, pageRows));
}

/**
 * The offset after `intent`, or undefined when the intent is not a scroll. Clamped to
 * 0…`maxScrollOffset(lineCount, pageRows)`.
 */
export function scrollFor(
	intent: Intent,
	offset: number,
	lineCount: number,
	pageRows: number,
): number | undefined {
	const max = maxScrollOffset(lineCount, pageRows);
	const page = Math.max(1, pageRows);
	const clamp = (value: number) => Math.max(0, Math.min(max, value));
	switch (intent) {
		case 'move-up': {
			return clamp(offset - 1);
		}
		case 'move-down': {
			return clamp(offset + 1);
		}
		case 'page-up': {
			return clamp(offset - page);
		}
		case 'page-down': {
			return clamp(offset + page);
		}
		case 'first': {
			return 0;
		}
		case 'last': {
			return max;
		}
		default: {
			return undefined;
		}
	}
}

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
