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
	'京',
	'ｱ',
	'Ａ',
	'한',
	'ㅤ',
	'カ',
	'\u3099',
	'\u1160',
	'🌉',
	'🏗️',
	'🏗',
	'👍',
	'🏽',
	'🇳',
	'🇱',
	'©️',
	'©',
	'‼️',
	'#',
	'\uFE0F',
	'\uFE0E',
	'\u20E3',
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

	it('agrees with string-width on every code point of the BMP and the emoji block, alone and with U+FE0F', () => {
		const disagreements: string[] = [];
		const check = (codePoint: number) => {
			if (codePoint >= 0xd800 && codePoint <= 0xdfff) return;
			const character = String.fromCodePoint(codePoint);
			for (const text of [character, `${character}\uFE0F`]) {
				if (textWidth(text) !== stringWidth(text)) disagreements.push(codePoint.toString(16));
			}
		};

		for (let codePoint = 0x20; codePoint <= 0xffff; codePoint++) check(codePoint);
		for (let codePoint = 0x1f000; codePoint <= 0x1faff; codePoint++) check(codePoint);
		// The CJK extension planes are uniform: a sample.
		for (let codePoint = 0x20000; codePoint <= 0x3ffff; codePoint += 97) check(codePoint);
		expect(disagreements).toEqual([]);
	}, 60_000);

	it('counts CJK and single emoji without string-width, two columns each', () => {
		expect(textWidth('東京タワー耐震診断')).toBe(18);
		expect(textWidth('🏗️ Tower crane foundation')).toBe(25);
		expect(textWidth('🌉 Bridge deck monitoring')).toBe(25);
		expect(textWidth('⌚️⌚')).toBe(4);
		expect(textWidth('👍🏽 🇳🇱')).toBe(stringWidth('👍🏽 🇳🇱'));
	});

	it('counts a soft hyphen as zero columns, as string-width does', () => {
		expect(textWidth('co\u00ADop')).toBe(4);
	});
});
