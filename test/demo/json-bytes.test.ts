/**
 * Pages put together from their records' JSON texts are the bytes `JSON.stringify` gives for the
 * whole page, and the record cache stays within its bounds.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	createJsonCache,
	jsonArrayBytes,
	jsonBytes,
	jsonPageBytes,
} from '../../source/demo/json-bytes.js';

const links = fc.option(fc.string({unit: 'grapheme', maxLength: 40}), {nil: null});

describe('JSON bytes', () => {
	it('assembles a page byte for byte as JSON.stringify of the whole page', () => {
		fc.assert(
			fc.property(
				fc.nat(),
				links,
				links,
				fc.array(fc.jsonValue(), {maxLength: 8}),
				(count, next, previous, results) => {
					const page = jsonPageBytes({count, next, previous}, results.map(jsonBytes));
					expect(page.toString('utf8')).toBe(JSON.stringify({count, next, previous, results}));
				},
			),
			{numRuns: 500},
		);
	});

	it('assembles a bare array byte for byte as JSON.stringify of the array', () => {
		fc.assert(
			fc.property(fc.array(fc.jsonValue(), {maxLength: 8}), (results) => {
				expect(jsonArrayBytes(results.map(jsonBytes)).toString('utf8')).toBe(
					JSON.stringify(results),
				);
			}),
		);
		expect(jsonArrayBytes([]).toString('utf8')).toBe('[]');
	});

	it('answers null for a body JSON cannot hold', () => {
		expect(jsonBytes(undefined).toString('utf8')).toBe('null');
	});
});

describe('the record cache', () => {
	// Keys of four digits: every record's text has the same length.
	const record = (key: number, size = 10): Record<string, unknown> => ({
		key: String(key).padStart(4, '0'),
		text: 'x'.repeat(size),
	});

	it('builds a record once and answers its JSON text from memory afterwards', () => {
		const cache = createJsonCache({capacityBytes: 1000, largestEntryBytes: 100});
		let builds = 0;
		const build = (): unknown => {
			builds += 1;
			return record(1);
		};

		expect(cache.get('a', 1, build).toString('utf8')).toBe(JSON.stringify(record(1)));
		expect(cache.get('a', 1, build).toString('utf8')).toBe(JSON.stringify(record(1)));
		expect(builds).toBe(1);
	});

	it('forgets every record when the data set changes', () => {
		const cache = createJsonCache({capacityBytes: 1000, largestEntryBytes: 100});
		cache.get('seed 1', 1, () => record(1));
		expect(cache.get('seed 2', 1, () => record(2)).toString('utf8')).toBe(
			JSON.stringify(record(2)),
		);
		expect(cache.size().entries).toBe(1);
	});

	it('never holds more bytes than its capacity, dropping the oldest records first', () => {
		const cache = createJsonCache({capacityBytes: 500, largestEntryBytes: 100});
		const size = jsonBytes(record(0)).length;
		for (let key = 0; key < 1000; key++) {
			cache.get('a', key, () => record(key));
			expect(cache.size().bytes).toBeLessThanOrEqual(500);
		}

		const kept = Math.floor(500 / size);
		expect(cache.size().entries).toBe(kept);
		let rebuilt = 0;
		cache.get('a', 999, () => {
			rebuilt += 1;
			return record(999);
		});
		cache.get('a', 999 - kept, () => {
			rebuilt += 1;
			return record(999 - kept);
		});
		expect(rebuilt).toBe(1);
	});

	it('does not hold a record larger than the largest entry', () => {
		const cache = createJsonCache({capacityBytes: 10_000, largestEntryBytes: 100});
		const text = cache.get('a', 1, () => record(1, 200));
		expect(text.toString('utf8')).toBe(JSON.stringify(record(1, 200)));
		expect(cache.size()).toEqual({entries: 0, bytes: 0});
	});
});
