import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {queryString, type Query} from '../../source/api/client.js';

/** What URLSearchParams writes for the same query: the form encoding the client must keep. */
function byUrlSearchParams(query: Query): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (value !== undefined) search.append(key, String(value));
	}

	return search.toString();
}

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnits = fc.string({
	unit: fc.integer({min: 0, max: 0xff_ff}).map((unit) => String.fromCharCode(unit)),
});
const texts = fc.oneof(
	fc.string(),
	fc.string({unit: 'grapheme'}),
	codeUnits,
	fc.constantFrom(' ', "!'()~*-._", '+&=%#?/', 'a b+c', '\uD800', 'x\uDFFFy'),
);
const values = fc.oneof(texts, fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined));

describe('queryString', () => {
	it('writes any query exactly as URLSearchParams does', () => {
		fc.assert(
			fc.property(fc.dictionary(texts, values), (query) => {
				expect(queryString(query)).toBe(byUrlSearchParams(query));
			}),
			{numRuns: 2000},
		);
	});

	it('keeps the order of the parameters and leaves out undefined ones', () => {
		expect(queryString({limit: 100, search: undefined, offset: 0, q: 'a b'})).toBe(
			'limit=100&offset=0&q=a+b',
		);
		expect(queryString(undefined)).toBe('');
		expect(queryString({search: undefined})).toBe('');
	});
});
