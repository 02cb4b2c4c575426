import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import textWidth from '../source/text-width.js';

// Characters on both sides of the fast path's edges, plus wide, zero-width and combining ones.
const alphabet = [
	...'abc XYZ~é×ÿĀžǅəʼ˿ΑωЖџґ–—‘’“”…›‰│┼╳',
	'\u00AD',
	'\u0300',
	'\u0483',
	'\u200B',
	'\u200D',
	'\u2060',
	'東',
	'ｱ',
	'🌉',
	'🏗️',
	'\u001B[31m',
	'\u001B[0m',
	'\u001B[7m',
];

describe('textWidth', () => {
	it('agrees with string-width on any mix of narrow, wide, zero-width and combining text', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...alphabet), {maxLength: 30}), (parts) => {
				const text = parts.join('');
				expect(textWidth(text)).toBe(stringWidth(text));
				expect(textWidth(text, {countAnsiEscapeCodes: true})).toBe(
					stringWidth(text, {countAnsiEscapeCodes: true}),
				);
				expect(textWidth(text, {ambiguousIsNarrow: false})).toBe(
					stringWidth(text, {ambiguousIsNarrow: false}),
				);
			}),
			{numRuns: 2000},
		);
	});

	it('agrees with string-width on arbitrary unicode', () => {
		fc.assert(
			fc.property(fc.string({unit: 'grapheme', maxLength: 20}), (text) => {
				expect(textWidth(text)).toBe(stringWidth(text));
			}),
			{numRuns: 2000},
		);
	});

	it('counts a soft hyphen as zero columns, as string-width does', () => {
		expect(textWidth('co\u00ADop')).toBe(4);
	});
});
