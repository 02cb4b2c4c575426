import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {itemTextsOf, stringifyJson} from '../source/json.js';

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

/** Strings that are hard on a scanner: quotes, backslashes, brackets, separators, bidi, emoji. */
const trickyString = fc.oneof(
	fc.string(),
	fc.constantFrom(
		'"',
		'\\',
		'\\"',
		'a\\\\"b',
		'}],{[',
		'"results":[',
		'\u2028\u2029',
		'\u202Egnp.exe\u202C',
		'\u200B\uFEFF\u00AD',
		'\u001B]0;x\u0007',
		'\uD800',
		'桥梁 🏗️',
	),
);
const trickyJson = fc.letrec((tie) => ({
	value: fc.oneof(
		{depthSize: 'small'},
		trickyString,
		fc.double({noNaN: true, noDefaultInfinity: true}),
		fc.boolean(),
		fc.constant(null),
		fc.array(tie('value'), {maxLength: 4}),
		fc.dictionary(trickyString, tie('value'), {maxKeys: 4}),
	),
})).value;

describe('itemTextsOf', () => {
	it('finds each item of the list as written, compact or indented, among other keys', () => {
		fc.assert(
			fc.property(
				fc.array(fc.dictionary(trickyString, trickyJson, {maxKeys: 5}), {maxLength: 6}),
				fc.dictionary(trickyString, trickyJson, {maxKeys: 3}),
				fc.constantFrom(undefined, 2, '\t'),
				(items, others, indent) => {
					const {results: _, ...rest} = others;
					const text = JSON.stringify({...rest, results: items, after: rest}, null, indent);
					const found = itemTextsOf(text, 'results');
					expect(found).toHaveLength(items.length);
					for (const [index, item] of (found ?? []).entries()) {
						expect(JSON.parse(item)).toEqual(JSON.parse(JSON.stringify(items[index])));
					}

					if (indent === undefined) {
						expect(found).toEqual(items.map((item) => JSON.stringify(item)));
					}
				},
			),
			{numRuns: 300},
		);
	});

	it('reads items of every kind and depth, with whitespace anywhere JSON allows it', () => {
		const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
		const text = ` {\r\n "count" : 3 ,\t"results" :\n[ {"a":"]\\"}"} , 7,"x\\\\" ,${deep}, -1.5e3 ,null ]\n}\n`;
		expect(JSON.parse(text)).toBeTruthy();
		expect(itemTextsOf(text, 'results')).toEqual([
			'{"a":"]\\"}"}',
			'7',
			'"x\\\\"',
			deep,
			'-1.5e3',
			'null',
		]);
	});

	it('keeps digits and spellings JSON.parse would change', () => {
		const text = '{"results":[{"id":12345678901234567890,"n":1.0,"z":-0,"s":"\\u00e9\\/"}]}';
		expect(itemTextsOf(text, 'results')).toEqual([
			'{"id":12345678901234567890,"n":1.0,"z":-0,"s":"\\u00e9\\/"}',
		]);
	});

	it('takes the last of a repeated key and a key spelt with escapes, as JSON.parse does', () => {
		expect(itemTextsOf('{"results":[1],"results":[2,3]}', 'results')).toEqual(['2', '3']);
		expect(itemTextsOf('{"res\\u0075lts":[{"a":1}]}', 'results')).toEqual(['{"a":1}']);
		expect(itemTextsOf('{"results":[1],"results":{"a":[2]}}', 'results')).toBeUndefined();
	});

	it('finds nothing where there is no list under the key at the top level', () => {
		expect(itemTextsOf('{"count":0}', 'results')).toBeUndefined();
		expect(itemTextsOf('{"results":null}', 'results')).toBeUndefined();
		expect(itemTextsOf('{"page":{"results":[1]}}', 'results')).toBeUndefined();
		expect(itemTextsOf('[{"results":[1]}]', 'results')).toBeUndefined();
		expect(itemTextsOf('"results"', 'results')).toBeUndefined();
		expect(itemTextsOf('{"results":[]}', 'results')).toEqual([]);
		expect(itemTextsOf('{"results":[ ]}', 'results')).toEqual([]);
	});
});
