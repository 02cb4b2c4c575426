/**
 * Scrolling a read-only view (the help, a revision diff) with the detail pane's keys: ↑/↓ and j/k
 * one line, PgUp/PgDn a page, Home/End and g/G to the ends. Pure.
 */
import type {Intent} from './keymap.js';

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
