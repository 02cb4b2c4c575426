/**
 * Terminal column width of text: string-width, with a fast path for text whose every character
 * is one column wide. Measuring is most of the CPU of drawing a frame, and most text on screen
 * (names, dates, box drawing, dashes) is Latin, Greek or Cyrillic: for it the width is the
 * length, without the grapheme segmentation string-width does. The bundle points Ink's own
 * `string-width` imports here too (scripts/build.mjs).
 */
import {stripVTControlCharacters} from 'node:util';
import stringWidth, {type Options} from 'string-width';

// Printable ASCII, Latin-1 and Latin Extended (not the soft hyphen, which is zero wide), Greek
// and Cyrillic letters (not their combining marks), dashes, quotes, ellipsis and other general
// punctuation (not the zero-width and direction marks), and box drawing. Each is one column in
// string-width with ambiguous characters narrow, checked code point by code point.
const narrowOnly =
	/^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0377\u037A-\u037F\u0384-\u038A\u038C\u038E-\u03A1\u03A3-\u03FF\u0400-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2500-\u257F]*$/;

/** The number of terminal columns `text` occupies (CJK and emoji count 2), as string-width. */
export default function textWidth(text: string, options?: Options): number {
	if (typeof text !== 'string' || options?.ambiguousIsNarrow === false) {
		return stringWidth(text, options);
	}

	// Ink measures its styled lines too: their colour codes take no columns.
	const visible =
		options?.countAnsiEscapeCodes !== true && (text.includes('\u001B') || text.includes('\u009B'))
			? stripVTControlCharacters(text)
			: text;
	return narrowOnly.test(visible) ? visible.length : stringWidth(text, options);
}
