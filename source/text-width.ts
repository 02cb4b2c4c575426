/**
 * Terminal column width of text: string-width, with fast paths for text whose every character
 * is one column wide, and for text of such characters, CJK and single emoji. Measuring is most of the CPU of drawing a frame, and most text on screen
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
const narrowClass = String.raw`\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0377\u037A-\u037F\u0384-\u038A\u038C\u038E-\u03A1\u03A3-\u03FF\u0400-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2500-\u257F`;
const narrowOnly = new RegExp(`^[${narrowClass}]*$`);

// Units two columns wide that need no grapheme segmentation: CJK ideographs, kana, Hangul
// syllables and fullwidth forms (not the combining marks and fillers among them, not conjoining
// jamo); a single emoji shown as emoji by default (not a skin-tone modifier or a regional
// indicator, which join their neighbours); and an emoji with the emoji variation selector U+FE0F
// (not a digit, # or *, which need a keycap). Every such unit is 2 columns in string-width,
// checked code point by code point (test/text-width.test.ts). string-width itself tells these
// apart with an RGI-emoji expression whose compilation alone takes ~25 ms (~120 ms on a loaded
// machine): text with only narrow characters and these units never needs it.
const wideUnit =
	// An emoji with U+FE0F first: some CJK symbols and emoji shown as emoji by default carry it too.
	String.raw`(?!\p{Emoji_Component})\p{Emoji}\uFE0F` +
	String.raw`|[\u3000-\u3029\u3030-\u303E\u3041-\u3096\u309B-\u30FF\u3105-\u312F\u3131-\u3163\u3165-\u318E\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA48C\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF01-\uFF60\uFFE0-\uFFE6\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]` +
	String.raw`|(?![\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}])\p{Emoji_Presentation}`;
// The ranges of skin-tone modifiers and regional indicators are excluded on purpose (lookahead),
// not matched as "modified emoji" as the lint rule suspects.
// eslint-disable-next-line no-misleading-character-class
const simpleOnly = new RegExp(`^(?:${wideUnit}|[${narrowClass}])*$`, 'u');
// eslint-disable-next-line no-misleading-character-class
const wideUnits = new RegExp(wideUnit, 'gu');

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
	if (narrowOnly.test(visible)) return visible.length;
	if (!simpleOnly.test(visible)) return stringWidth(text, options);
	// Narrow characters are one UTF-16 unit and one column each; every wide unit is 2 columns.
	let width = visible.length;
	for (const [unit] of visible.matchAll(wideUnits)) width += 2 - unit.length;
	return width;
}
