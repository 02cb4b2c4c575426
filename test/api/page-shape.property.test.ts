import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ApiError} from '../../source/api/errors.js';
import {parsePage} from '../../source/api/resources.js';

const host = 'acme.viktor.ai';

/** What JSON.parse could have built: objects whose prototype is Object.prototype (or none). */
function isPlainObject(value: unknown): boolean {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/** Calls parsePage and checks the one contract: a sound page, or an `invalid-response` ApiError. */
function checkContract(body: unknown): void {
	let page;
	try {
		page = parsePage(body, host);
	} catch (error) {
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).kind).toBe('invalid-response');
		expect((error as ApiError).message.startsWith(`${host} sent `)).toBe(true);
		return;
	}

	expect(Number.isSafeInteger(page.count)).toBe(true);
	expect(page.count).toBeGreaterThanOrEqual(0);
	expect(Object.is(page.count, -0)).toBe(false);
	expect(Array.isArray(page.results)).toBe(true);
	for (const record of page.results) expect(isPlainObject(record)).toBe(true);
	for (const link of [page.next, page.previous]) {
		expect(link === undefined || link === null || typeof link === 'string').toBe(true);
	}
}

// Everything fast-check can build, exotic objects included: Maps, Sets, dates, boxed values,
// typed and sparse arrays, null prototypes, bigints.
const anyValue = fc.anything({
	maxDepth: 3,
	withBigInt: true,
	withBoxedValues: true,
	withDate: true,
	withMap: true,
	withNullPrototype: true,
	withObjectString: true,
	withSet: true,
	withSparseArray: true,
	withTypedArray: true,
});

const countValue = fc.oneof(
	fc.nat(),
	fc.integer(),
	fc.constantFrom(
		0,
		-0,
		-1,
		1.5,
		Number.NaN,
		Number.POSITIVE_INFINITY,
		Number.MAX_SAFE_INTEGER,
		2 ** 53,
		1e21,
	),
	fc.double(),
	fc.constantFrom('300', '', '-1', '1e3'),
	fc.bigInt(),
	anyValue,
);

const record = fc.oneof(
	fc.dictionary(fc.string(), fc.jsonValue(), {maxKeys: 5}),
	fc.record(
		{id: fc.oneof(fc.nat(), fc.string(), anyValue), name: fc.oneof(fc.string(), anyValue)},
		{requiredKeys: []},
	),
	anyValue,
);

const resultsValue = fc.oneof(
	fc.array(record, {maxLength: 6}),
	fc.array(fc.dictionary(fc.string(), fc.jsonValue(), {maxKeys: 4}), {maxLength: 6}),
	anyValue,
);

const linkValue = fc.oneof(fc.webUrl(), fc.constant(null), anyValue);

/** Bodies shaped almost like a page, each part possibly wrong or missing. */
const pageLike = fc.record(
	{count: countValue, results: resultsValue, next: linkValue, previous: linkValue},
	{requiredKeys: []},
);

describe('parsePage with random input', () => {
	it('returns a sound page or throws invalid-response for any value at all', () => {
		fc.assert(fc.property(anyValue, checkContract), {numRuns: 2000});
	});

	it('returns a sound page or throws invalid-response for page-like objects with wrong parts', () => {
		fc.assert(fc.property(pageLike, checkContract), {numRuns: 3000});
	});

	it('returns a sound page or throws invalid-response for anything JSON.parse can produce', () => {
		fc.assert(
			fc.property(fc.oneof(fc.jsonValue(), pageLike), (body) => {
				const text = JSON.stringify(body, (_key, value: unknown) =>
					typeof value === 'bigint' ? value.toString() : value,
				);
				checkContract(text === undefined ? undefined : (JSON.parse(text) as unknown));
			}),
			{numRuns: 2000},
		);
	});

	it('accepts every well-formed page and keeps its records and unknown fields', () => {
		fc.assert(
			fc.property(
				fc.nat(),
				fc.array(fc.dictionary(fc.string(), fc.jsonValue(), {maxKeys: 4}), {maxLength: 8}),
				fc.option(fc.webUrl(), {nil: null}),
				(count, results, next) => {
					const body = JSON.parse(
						JSON.stringify({count, results, next, previous: null, extra: 'kept'}),
					) as unknown;
					const page = parsePage(body, host);
					expect(page.count).toBe(count);
					expect(page.results).toEqual(JSON.parse(JSON.stringify(results)));
					expect(page.next).toBe(next);
					expect((page as Record<string, unknown>)['extra']).toBe('kept');
				},
			),
			{numRuns: 500},
		);
	});

	it('answers a huge body quickly, without walking more than it must', () => {
		const huge = {count: 3, results: Array.from({length: 200_000}, (_, index) => ({id: index}))};
		expect(parsePage(huge, host).results).toHaveLength(200_000);
		const sparse: unknown[] = [];
		sparse[50_000_000] = {id: 1};
		checkContract({count: 1, results: sparse});
		checkContract({count: 1, results: [{id: 1}, ...Array.from({length: 100_000}, () => 'x')]});
		checkContract('x'.repeat(5_000_000));
	});
});
