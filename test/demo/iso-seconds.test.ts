/** The demo data's hand-written `isoSeconds` gives exactly what `Date#toISOString` gives. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isoSeconds} from '../../source/demo/random.js';

function referenceIsoSeconds(seconds: number): string {
	return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
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
