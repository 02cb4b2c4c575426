/**
 * readPageBytes with random input: pages of random records written compactly or by hand (spaces,
 * line breaks, escapes, numbers spelt otherwise), then bytes deleted, inserted, replaced or cut
 * off. For every one, what it reads must be what the usual way reads (`compareWithBefore`), it
 * never throws, and a page as written is read, its plain records (nothing to escape, only
 * spaces between tokens) as their bytes.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {hasControls} from '../../source/sanitize.js';
import {compareWithBefore, type Comparison} from './read-as-before.js';

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

/** Characters near the ones the export escapes: same first bytes, and the unsafe ones. */
const trickyCharacter = fc.constantFrom(
	'\u0085',
	'\u00A0',
	'\u00AD',
	'\u00AE',
	'\u061B',
	'\u061C',
	'\u180E',
	'\u180F',
	'\u200B',
	'\u2013',
	'\u201C',
	'\u2028',
	'\u202E',
	'\u2030',
	'\u2066',
	'\u206A',
	'\uFEFF',
	'\uFFFD',
	'é',
	'桥',
	'🏗️',
	'"',
	'\\',
	'/',
	'\u0000',
	'\t',
	'\n',
	'\u007F',
);

const text = fc.oneof(
	{arbitrary: fc.string({unit: 'grapheme', maxLength: 8}), weight: 4},
	fc.string({unit: 'binary', maxLength: 8}),
	fc.string({
		unit: fc.oneof(trickyCharacter, fc.string({unit: 'grapheme-ascii', maxLength: 2})),
		maxLength: 8,
	}),
);

const {value: jsonValue} = fc.letrec<{value: Json}>((tie) => ({
	value: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		fc.constantFrom<Json>(null, true, false, 0, -0, 1, -1.5, 1e21, 5e-324),
		fc.integer(),
		fc.double({noNaN: true, noDefaultInfinity: true}),
		text,
		fc.array(tie('value'), {maxLength: 4}),
		fc.dictionary(text, tie('value'), {maxKeys: 4}),
	),
}));

const record = fc.dictionary(text, jsonValue, {maxKeys: 5});

/** A record nested deeper than the regular expression reaches, so the JavaScript reader reads it. */
const deepRecord = fc.tuple(record, fc.integer({min: 4, max: 8})).map(([inner, depth]) => {
	let value: Json = inner;
	for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : {w: value};
	return {deep: value};
});

/** How a page is written: choices taken in turn (cyclically) by `write`. */
type Style = {choices: number[]; isCompact: boolean; hasSpacesOnly: boolean};

const style = fc.record({
	choices: fc.array(fc.nat(99), {minLength: 1, maxLength: 40}),
	isCompact: fc.boolean(),
	hasSpacesOnly: fc.boolean(),
});

/** Writes JSON by hand as `style` says: whitespace between tokens, escapes, number spellings. */
function writer({choices, hasSpacesOnly}: Style) {
	let turn = 0;
	const choose = () => choices[turn++ % choices.length]!;
	const anySpace = ['', '', '', ' ', '  ', '\n', '\t', '\r\n ', ' \n\t'];
	const spaces = ['', '', '', ' ', '  '];
	const gap = (isInRecord: boolean) => {
		const options = isInRecord && hasSpacesOnly ? spaces : anySpace;
		return options[choose() % options.length]!;
	};

	const string = (value: string) => {
		let written = '"';
		for (const character of value) {
			const pick = choose();
			if (character === '"' || character === '\\' || character < ' ' || pick < 10) {
				written +=
					pick % 3 === 0 && character.length === 1
						? JSON.stringify(character).slice(1, -1)
						: [...character]
								.map((unit) => {
									const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
									return `\\u${pick % 2 === 0 ? hex : hex.toUpperCase()}`;
								})
								.join('');
			} else if (character === '/' && pick < 50) {
				written += '\\/';
			} else {
				written += character;
			}
		}

		return `${written}"`;
	};

	const number = (value: number) => {
		const plain = JSON.stringify(value);
		const pick = choose();
		if (Number.isInteger(value) && !plain.includes('e') && pick < 20) return `${plain}.0`;
		if (Number.isInteger(value) && !plain.includes('e') && pick < 30) return `${plain}E+0`;
		return plain;
	};

	const value = (json: Json, isInRecord: boolean): string => {
		if (typeof json === 'string') return string(json);
		if (typeof json === 'number') return number(json);
		if (json === null || typeof json === 'boolean') return String(json);
		const parts = Array.isArray(json)
			? json.map((item) => gap(isInRecord) + value(item, isInRecord) + gap(isInRecord))
			: Object.entries(json).map(
					([key, item]) =>
						`${gap(isInRecord)}${string(key)}${gap(isInRecord)}:${gap(isInRecord)}${value(item, isInRecord)}${gap(isInRecord)}`,
				);
		const [open, close] = Array.isArray(json) ? ['[', ']'] : ['{', '}'];
		return `${open}${parts.length === 0 ? gap(isInRecord) : parts.join(',')}${close}`;
	};

	return {value, gap};
}

type PageParts = {
	count: number;
	records: Array<{[key: string]: Json}>;
	links: Array<['next' | 'previous', string | null]>;
	extra: Array<[string, Json]>;
	order: number[];
};

const pageParts = fc.record({
	count: fc.oneof(fc.nat(), fc.constantFrom(0, 999_999_999_999_999)),
	records: fc.array(fc.oneof(record, deepRecord), {maxLength: 5}),
	links: fc.uniqueArray(
		fc.tuple(
			fc.constantFrom<'next' | 'previous'>('next', 'previous'),
			fc.option(text, {nil: null}),
		),
		{maxLength: 2, selector: ([key]) => key},
	),
	extra: fc.array(fc.tuple(fc.constantFrom('extra', 'x', 'detail', ''), jsonValue), {maxLength: 2}),
	order: fc.array(fc.nat(), {minLength: 6, maxLength: 6}),
});

/** The page's bytes, and how many of its records hold something to escape (`hasControls`). */
function writePage(parts: PageParts, pageStyle: Style): {bytes: Buffer; hostile: number} {
	const members: Array<[string, string]> = [];
	const {value, gap} = writer(pageStyle);
	const around = () => (pageStyle.isCompact ? '' : gap(false));
	let texts: string[];
	if (pageStyle.isCompact) {
		texts = parts.records.map((item) => JSON.stringify(item));
		members.push(['count', String(parts.count)], ['results', `[${texts.join(',')}]`]);
		for (const [key, link] of parts.links) members.push([key, JSON.stringify(link)]);
		for (const [key, item] of parts.extra) members.push([key, JSON.stringify(item)]);
	} else {
		texts = parts.records.map((item) => value(item, true));
		const list = texts.map((item) => gap(false) + item + gap(false)).join(',');
		members.push(['count', String(parts.count)], ['results', `[${list || gap(false)}]`]);
		for (const [key, link] of parts.links) members.push([key, value(link, false)]);
		for (const [key, item] of parts.extra) members.push([key, value(item, false)]);
	}

	// Keys in any order, each member written once except the unknown ones.
	const sorted = members
		.map((member, index) => ({member, rank: parts.order[index % parts.order.length]! + index / 10}))
		.sort((left, right) => left.rank - right.rank)
		.map(({member: [key, item]}) => `${around()}"${key}"${around()}:${around()}${item}${around()}`);
	const hostile = texts.filter((item) => hasControls(item)).length;
	return {bytes: Buffer.from(`${around()}{${sorted.join(',')}}${around()}`), hostile};
}

/** Bytes that matter to the grammar, and first bytes of characters the export escapes. */
const interestingByte = fc.oneof(
	fc.integer({min: 0, max: 255}),
	fc.constantFrom(
		...Buffer.from('{}[]":,\\ \t\n\r0123456789-+.eEuntrfl/'),
		0xc2,
		0xd8,
		0xe1,
		0xe2,
		0xef,
		0x80,
		0xad,
		0xbb,
		0xbf,
	),
);

type Mutation = {
	at: number;
	byte: number;
	character: string;
	kind: 'delete' | 'insert' | 'replace' | 'cut' | 'character';
};

/** Characters of several bytes that are whitespace somewhere, or invisible, or dropped by a decoder. */
const strayCharacter = fc.constantFrom(
	'\uFEFF',
	'\u00A0',
	'\u2028',
	'\u3000',
	'\u200B',
	'\u0085',
	'é',
);

/** Where a token starts or ends: after `{`, `[`, `:` or `,`, or at the start. */
function tokenPlaces(bytes: Buffer): number[] {
	const places = [0];
	for (const [index, byte] of bytes.entries()) {
		if (byte === 0x7b || byte === 0x5b || byte === 0x3a || byte === 0x2c) places.push(index + 1);
	}

	return places;
}

const mutations = fc.array(
	fc.record({
		at: fc.nat(),
		byte: interestingByte,
		character: strayCharacter,
		kind: fc.constantFrom<Mutation['kind']>(
			'delete',
			'insert',
			'insert',
			'replace',
			'replace',
			'cut',
			'character',
			'character',
		),
	}),
	{maxLength: 6},
);

function mutate(bytes: Buffer, {at, byte, character, kind}: Mutation): Buffer {
	if (kind === 'character') {
		// Between tokens, where a decoder or a scanner might take it for nothing or for a space.
		const places = tokenPlaces(bytes);
		const place = places[at % places.length]!;
		return Buffer.concat([bytes.subarray(0, place), Buffer.from(character), bytes.subarray(place)]);
	}

	const index = bytes.length === 0 ? 0 : at % (bytes.length + (kind === 'insert' ? 1 : 0));
	const before = bytes.subarray(0, index);
	switch (kind) {
		case 'delete': {
			return Buffer.concat([before, bytes.subarray(index + 1)]);
		}

		case 'insert': {
			return Buffer.concat([before, Buffer.from([byte]), bytes.subarray(index)]);
		}

		case 'replace': {
			return Buffer.concat([before, Buffer.from([byte]), bytes.subarray(index + 1)]);
		}

		case 'cut': {
			return Buffer.from(before);
		}
	}
}

/** Fails with what is wrong unless `bytes` are read as the usual way reads them (or declined). */
function check(bytes: Buffer): Comparison {
	const comparison = compareWithBefore(bytes);
	if (comparison.problem !== undefined) {
		throw new Error(`${comparison.problem} in ${JSON.stringify(bytes.toString('latin1'))}`);
	}

	return comparison;
}

describe('readPageBytes with random input', () => {
	it('reads every page however it is written, plain records as their bytes, the rest as their text', () => {
		fc.assert(
			fc.property(pageParts, style, (parts, pageStyle) => {
				const {bytes, hostile} = writePage(parts, pageStyle);
				expect(check(bytes)).toEqual({isRead: true, texts: hostile});
			}),
			{numRuns: 600},
		);
	});

	it('reads nothing the usual way refuses, and the rest as it does, after bytes are changed', () => {
		fc.assert(
			fc.property(pageParts, style, mutations, (parts, pageStyle, changes) => {
				let {bytes} = writePage(parts, pageStyle);
				for (const change of changes) {
					bytes = mutate(bytes, change);
					check(bytes);
				}
			}),
			{numRuns: 4000},
		);
	});

	it('agrees with the usual way on any JSON and on any bytes', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					jsonValue.map((value) => Buffer.from(JSON.stringify(value))),
					fc.uint8Array({maxLength: 64}).map((bytes) => Buffer.from(bytes)),
					fc.array(interestingByte, {maxLength: 64}).map((bytes) => Buffer.from(bytes)),
				),
				(bytes) => {
					check(bytes);
				},
			),
			{numRuns: 1000},
		);
	});
});
