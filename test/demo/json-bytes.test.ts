/**
 * Pages put together from their records' JSON texts are the bytes `JSON.stringify` gives for the
 * whole page, whatever the record cache holds, and the cache stays within its ring.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createJsonCache, jsonBytes, pageHead} from '../../source/demo/json-bytes.js';

const links = fc.option(fc.string({unit: 'grapheme', maxLength: 40}), {nil: null});

/** A record of a data set: its text has a length and characters that depend on the key. */
function record(dataSet: string, key: number): Record<string, unknown> {
	return {dataSet, key, text: '→é'.repeat(key % 23), pad: 'x'.repeat((key * 7) % 61)};
}

describe('JSON bytes', () => {
	it('assembles a page byte for byte as JSON.stringify of the whole page', () => {
		fc.assert(
			fc.property(
				fc.nat(),
				links,
				links,
				fc.array(fc.jsonValue(), {maxLength: 8}),
				(count, next, previous, results) => {
					const cache = createJsonCache({capacityBytes: 2 ** 20, largestEntryBytes: 2 ** 20});
					const keys = results.map((_, position) => position);
					const head = pageHead({count, next, previous});
					const page = cache.join('a', keys, (key) => results[key], head, ']}');
					expect(page.toString('utf8')).toBe(JSON.stringify({count, next, previous, results}));
					const again = cache.join('a', keys, () => 'not asked', '[', ']');
					expect(again.toString('utf8')).toBe(JSON.stringify(results));
				},
			),
			{numRuns: 300},
		);
	});

	it('answers null for a body JSON cannot hold', () => {
		expect(jsonBytes(undefined).toString('utf8')).toBe('null');
	});
});

describe('the record cache', () => {
	it('answers every join with the texts of the records it names, however its ring turns over', () => {
		fc.assert(
			fc.property(
				fc.integer({min: 1, max: 600}),
				fc.integer({min: 0, max: 200}),
				fc.array(
					fc.record({
						dataSet: fc.constantFrom('seed 1', 'seed 2'),
						keys: fc.array(fc.integer({min: 0, max: 40}), {maxLength: 12}),
					}),
					{maxLength: 25},
				),
				(capacityBytes, largestEntryBytes, joins) => {
					const cache = createJsonCache({capacityBytes, largestEntryBytes});
					for (const {dataSet, keys} of joins) {
						const text = cache.join(dataSet, keys, (key) => record(dataSet, key), '<', '>');
						const records = keys.map((key) => JSON.stringify(record(dataSet, key)));
						expect(text.toString('utf8')).toBe(`<${records.join(',')}>`);
						expect(cache.size().bytes).toBeLessThanOrEqual(capacityBytes);
					}
				},
			),
			{numRuns: 500},
		);
	});

	it('builds a record once and answers it from memory afterwards', () => {
		const cache = createJsonCache({capacityBytes: 1000, largestEntryBytes: 100});
		let builds = 0;
		const build = (key: number): unknown => {
			builds += 1;
			return record('a', key);
		};

		cache.join('a', [1, 2], build, '[', ']');
		const again = cache.join('a', [2, 1], build, '[', ']');
		expect(again.toString('utf8')).toBe(JSON.stringify([record('a', 2), record('a', 1)]));
		expect(builds).toBe(2);
	});

	it('forgets every record when the data set changes', () => {
		const cache = createJsonCache({capacityBytes: 1000, largestEntryBytes: 100});
		cache.join('seed 1', [1, 2], (key) => record('seed 1', key), '[', ']');
		const other = cache.join('seed 2', [1], (key) => record('seed 2', key), '', '');
		expect(other.toString('utf8')).toBe(JSON.stringify(record('seed 2', 1)));
		expect(cache.size().entries).toBe(1);
	});

	it('keeps the most recent records that fit its ring, overwriting the oldest', () => {
		const cache = createJsonCache({capacityBytes: 500, largestEntryBytes: 100});
		// Keys of four digits: every record's text has the same length.
		const fixed = (key: number): unknown => ({key: String(key).padStart(4, '0')});
		const entrySize = 4 + jsonBytes(fixed(1000)).length;
		for (let key = 1000; key < 2000; key++) {
			cache.join('a', [key], fixed, '', '');
			expect(cache.size().bytes).toBeLessThanOrEqual(500);
		}

		const kept = Math.floor(500 / entrySize);
		expect(cache.size()).toEqual({entries: kept, bytes: kept * entrySize});
		const rebuilt: number[] = [];
		const build = (key: number): unknown => {
			rebuilt.push(key);
			return fixed(key);
		};

		cache.join('a', [1999, 2000 - kept], build, '', '');
		expect(rebuilt).toEqual([]);
		cache.join('a', [1999 - kept], build, '', '');
		expect(rebuilt).toEqual([1999 - kept]);
	});

	it('does not hold a record larger than the largest entry', () => {
		const cache = createJsonCache({capacityBytes: 10_000, largestEntryBytes: 100});
		const big = {text: 'x'.repeat(200)};
		expect(cache.join('a', [1], () => big, '', '').toString('utf8')).toBe(JSON.stringify(big));
		expect(cache.size()).toEqual({entries: 0, bytes: 0});
	});
});
