/**
 * The demo data's hand-written formatting gives exactly what the library calls it replaces:
 * `isoSeconds` what `Date#toISOString` gives, `slugify` what NFKD and a chain of regular
 * expressions give.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {demoWorkspaceName, slugify} from '../../source/demo/data.js';
import {isoSeconds} from '../../source/demo/random.js';

function referenceIsoSeconds(seconds: number): string {
	return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function referenceSlugify(name: string): string {
	return name
		.normalize('NFKD')
		.replaceAll(/[^\w\s-]/g, '')
		.trim()
		.toLowerCase()
		.replaceAll(/[\s_-]+/g, '-')
		.replaceAll(/^-+|-+$/g, '')
		.slice(0, 50);
}

const day = 86_400;

describe('isoSeconds', () => {
	it.each([
		[0, '1970-01-01T00:00:00Z'],
		[-0, '1970-01-01T00:00:00Z'],
		[-1, '1969-12-31T23:59:59Z'],
		[951_782_400, '2000-02-29T00:00:00Z'],
		[-2_203_891_200, '1900-03-01T00:00:00Z'],
		[4_107_456_000, '2100-02-28T00:00:00Z'],
		[4_107_542_400, '2100-03-01T00:00:00Z'],
		[2_147_483_647, '2038-01-19T03:14:07Z'],
		[2_147_483_648, '2038-01-19T03:14:08Z'],
		[-62_167_219_200, '0000-01-01T00:00:00Z'],
		[253_402_300_799, '9999-12-31T23:59:59Z'],
	])('formats %d seconds as %s', (seconds, expected) => {
		expect(isoSeconds(seconds)).toBe(expected);
		expect(referenceIsoSeconds(seconds)).toBe(expected);
	});

	it.each([
		['years past 9999', 253_402_300_800],
		['years before 0', -62_167_219_201],
		['fractions of a second', 1.5],
		['the last second a Date holds', 8.64e12],
	])('falls back to the Date for %s', (_, seconds) => {
		expect(isoSeconds(seconds)).toBe(referenceIsoSeconds(seconds));
	});

	it('throws the Date’s RangeError for what a Date cannot hold', () => {
		expect(() => isoSeconds(Number.NaN)).toThrow(RangeError);
		expect(() => isoSeconds(8.64e12 + 1)).toThrow(RangeError);
	});

	it('agrees with toISOString on the last and first second of every day from 1969 to 2041', () => {
		const disagreements: number[] = [];
		for (let start = -day; start < 71 * 365 * day; start += day) {
			for (const seconds of [start, start + day - 1]) {
				if (isoSeconds(seconds) !== referenceIsoSeconds(seconds)) disagreements.push(seconds);
			}
		}

		expect(disagreements).toEqual([]);
	});

	it('agrees with toISOString on any whole second of years -1 to 10000', () => {
		fc.assert(
			fc.property(fc.integer({min: -62_200_000_000, max: 253_500_000_000}), (seconds) => {
				expect(isoSeconds(seconds)).toBe(referenceIsoSeconds(seconds));
			}),
			{numRuns: 20_000},
		);
	});
});

// Characters that take each of slugify's paths: words, separators (ASCII and Unicode
// whitespace, `_`, `-`), characters NFKD decomposes or maps to ASCII, and ones that vanish.
const slugCharacters = [
	...'aZ09_- \t\n.,!',
	...'éÅßøŁ\u0130\u212a\ufb01①²ﬀ',
	...'\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u0085',
	...'\u0301–—東😀🌉',
];

describe('slugify', () => {
	it('agrees with the reference on every single UTF-16 code unit, alone and between words', () => {
		for (let code = 0; code <= 0xff_ff; code++) {
			const character = String.fromCharCode(code);
			for (const name of [character, `Ab${character}cD`, ` x-${character}${character}_Y `]) {
				if (slugify(name) !== referenceSlugify(name)) {
					expect(slugify(name), JSON.stringify(name)).toBe(referenceSlugify(name));
				}
			}
		}
	});

	it('agrees with the reference on strings of words, separators and odd characters', () => {
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom(...slugCharacters), {maxLength: 80}).map((list) => list.join('')),
				(name) => {
					expect(slugify(name)).toBe(referenceSlugify(name));
				},
			),
			{numRuns: 5000},
		);
	});

	it('agrees with the reference on any Unicode text', () => {
		fc.assert(
			fc.property(fc.string({unit: 'grapheme', maxLength: 60}), (name) => {
				expect(slugify(name)).toBe(referenceSlugify(name));
			}),
			{numRuns: 3000},
		);
	});

	it('agrees with the reference on the names of the data set, plain and hostile', () => {
		for (const seed of [1, 2, 42]) {
			for (let index = 0; index < 3000; index++) {
				for (const hostile of [false, true]) {
					const name = demoWorkspaceName(index, seed, hostile);
					expect(slugify(name)).toBe(referenceSlugify(name));
				}
			}
		}
	});
});
