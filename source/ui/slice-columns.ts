/**
 * A window of columns onto one line of text, for views that scroll sideways (the raw JSON of the
 * detail pane): `sliceColumns(text, 40, 80)` is what columns 40–119 of the line show. Wide
 * characters (CJK, emoji) count two columns; one cut in half at the left edge shows as a space.
 * Pure.
 */
import {displayWidth} from './text.js';

const printableAscii = /^[\u0020-\u007E]*$/;
const graphemes = new Intl.Segmenter('en', {granularity: 'grapheme'});

/**
 * The part of `text` (already sanitized or escaped, one line) that falls in columns
 * `start` … `start + width - 1`; shorter when the line ends first.
 */
export function sliceColumns(text: string, start: number, width: number): string {
	const from = Math.max(0, Math.floor(start));
	const columns = Math.max(0, Math.floor(width));
	if (columns === 0) return '';
	if (printableAscii.test(text)) return text.slice(from, from + columns);
	let column = 0;
	let used = 0;
	let out = '';
	for (const {segment} of graphemes.segment(text)) {
		const segmentWidth = displayWidth(segment);
		if (column < from) {
			column += segmentWidth;
			// The right half of a wide character cut at the left edge.
			if (column > from) {
				const shown = Math.min(column - from, columns);
				out += ' '.repeat(shown);
				used += shown;
			}
			continue;
		}
		if (used + segmentWidth > columns) break;
		out += segment;
		used += segmentWidth;
		column += segmentWidth;
		if (used === columns) break;
	}
	return out;
}
