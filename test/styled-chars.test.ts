import * as original from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import * as styledChars from '../source/styled-chars.js';
import {
	createStyledCharPool,
	styledCharsFromTokens,
	styledCharsToString,
	tokenize,
} from '../source/styled-chars.js';

// Text and the codes chalk writes (colours, 256 and true colour, bold/dim sharing an end code,
// resets, a link), plus wide and combining characters.
const alphabet = [
	...'ab Z~é│…',
	'東',
	'🏗️',
	'e\u0301',
	'\u001B[31m',
	'\u001B[39m',
	'\u001B[1m',
	'\u001B[2m',
	'\u001B[22m',
	'\u001B[7m',
	'\u001B[27m',
	'\u001B[0m',
	'\u001B[38;5;208m',
	'\u001B[48;2;10;20;30m',
	'\u001B[49m',
	'\u001B[1;4;32m',
	'\u001B]8;;https://example.test\u0007',
	'\u001B]8;;\u0007',
];

const styledText = fc
	.array(fc.constantFrom(...alphabet), {maxLength: 40})
	.map((parts) => parts.join(''));

/** What a styled character shows: comparable between the original and the shared objects. */
function shown(chars: readonly original.StyledChar[]) {
	return chars.map(({value, fullWidth, styles}) => ({
		value,
		fullWidth,
		styles: styles.map(({code, endCode}) => ({code, endCode})),
	}));
}

describe('styled characters', () => {
	it('stand in for every name of the package, as the bundle imports them from ink', () => {
		for (const name of Object.keys(original)) expect(styledChars).toHaveProperty(name);
		expect(styledChars.styledCharsToString).not.toBe(original.styledCharsToString);
		expect(styledChars.diffAnsiCodes).toBe(original.diffAnsiCodes);
	});

	it('are what @alcalzone/ansi-tokenize makes of any styled text', () => {
		fc.assert(
			fc.property(styledText, (text) => {
				const expected = original.styledCharsFromTokens(original.tokenize(text));
				const actual = styledCharsFromTokens(tokenize(text));
				expect(shown(actual)).toEqual(shown(expected));
				expect(styledCharsToString(actual)).toBe(original.styledCharsToString(expected));
			}),
			{numRuns: 1000},
		);
	});

	it('turn into the same text as the original for lines put together from pieces and blank cells', () => {
		// Ink's Output writes the characters of several texts into one row of blank cells.
		const blank: original.StyledChar = {type: 'char', value: ' ', fullWidth: false, styles: []};
		const piece = fc.oneof(
			styledText.map((text) => styledCharsFromTokens(tokenize(text))),
			fc.integer({min: 1, max: 3}).map((count) => Array.from({length: count}, () => blank)),
		);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 6}), (pieces) => {
				const row = pieces.flat();
				expect(styledCharsToString(row)).toBe(original.styledCharsToString(row));
			}),
			{numRuns: 1000},
		);
	});

	it('share one frozen object per character and style, across lines', () => {
		const first = styledCharsFromTokens(tokenize('\u001B[31mab\u001B[39m a'));
		const second = styledCharsFromTokens(tokenize('b \u001B[31mba\u001B[39m'));
		expect(second[3]).toBe(first[0]);
		expect(second[2]).toBe(first[1]);
		expect(second[1]).toBe(first[2]);
		expect(second[0]).not.toBe(first[1]);
		expect(first[0]?.styles).toBe(first[1]?.styles);
		expect(Object.isFrozen(first[0])).toBe(true);
		expect(Object.isFrozen(first[0]?.styles)).toBe(true);
	});

	it('keep the pool within its bound however many distinct characters are drawn', () => {
		const pool = createStyledCharPool({maxChars: 64});
		for (let codePoint = 0x4e00; codePoint < 0x4e00 + 1000; codePoint += 10) {
			const line = Array.from({length: 10}, (_, index) => String.fromCodePoint(codePoint + index));
			const chars = pool.fromTokens(tokenize(`\u001B[2m${line.join('')}`));
			expect(chars.map((char) => char.value).join('')).toBe(line.join(''));
			expect(pool.size()).toBeLessThanOrEqual(64);
		}

		expect(pool.size()).toBeGreaterThan(0);
	});

	it('keep sharing the characters of a line drawn again while the pool has room', () => {
		const pool = createStyledCharPool({maxChars: 64});
		const first = pool.fromTokens(tokenize('row 1'));
		const again = pool.fromTokens(tokenize('row 1'));
		expect(again).toEqual(first);
		for (const [index, char] of again.entries()) expect(char).toBe(first[index]);
		expect(pool.size()).toBe(5);
	});
});
