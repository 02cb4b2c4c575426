import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {stringifyJson} from '../source/json.js';

function nested(depth: number): string {
	return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

describe('stringifyJson', () => {
	it('writes what JSON.stringify writes, for any JSON value, also beside a deep one', () => {
		const deepText = nested(10_000);
		const deep: unknown = JSON.parse(deepText);
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				expect(stringifyJson(value)).toBe(JSON.stringify(value));
				// Beside a deep value the whole record takes the explicit-stack path.
				expect(stringifyJson({deep, value})).toBe(
					`{"deep":${deepText},"value":${JSON.stringify(value)}}`,
				);
			}),
			{numRuns: 50},
		);
	});

	it.each([10_000, 200_000])('writes a value nested %i deep without a stack overflow', (depth) => {
		const text = nested(depth);
		const value: unknown = JSON.parse(text);
		expect(() => JSON.stringify(value)).toThrow(RangeError);
		expect(stringifyJson(value)).toBe(text);
	});

	it('skips undefined fields and writes undefined items as null, like JSON.stringify', () => {
		const deep: unknown = JSON.parse(nested(20_000));
		const value = {deep, gone: undefined, list: [undefined, Number.NaN, 'x\u202E']};
		const text = stringifyJson(value) ?? '';
		expect(text.endsWith(',"list":[null,null,"x\u202E"]}')).toBe(true);
		expect(text).not.toContain('gone');
	});
});
