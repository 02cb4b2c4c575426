/**
 * A page of a list answer read straight from its bytes, for the export: the `count` and where
 * each record of `results` starts and ends, with the whole answer checked to be JSON, but
 * without building its objects (`JSON.parse`), finding the records in the text again or
 * encoding them again: the records are written as the bytes that came. That is most of what an
 * export spends on a page.
 *
 * Only a plain answer is read this way; anything else is declined (`undefined`) and read the
 * usual way (decoded, `JSON.parse`, `parsePage`), which says what is wrong with it. Declined:
 * bytes that are not UTF-8, a byte order mark, anything `JSON.parse` would refuse, a page that
 * `parsePage` would refuse or read otherwise (`count` not a plain non-negative integer below
 * 2^53 without sign, fraction or exponent, `results` not a list of objects, `next`/`previous`
 * neither a string nor null), and a key of the page written with escapes or written twice.
 * A record that holds a character the export escapes (see `hasControls`: C0 controls, DEL, C1,
 * bidi, zero-width and line separators; a tab or line break between its tokens) comes as a
 * `RecordText`, its text and its value, which the export escapes as it always does; every other
 * record as its bytes (`RecordBytes`), which the export writes as they stand: the bytes the usual
 * way writes for it.
 *
 * The bytes are read as Latin-1 text, one character per byte, so that strings are skipped with
 * the engine's own `indexOf` and the checks over the whole answer are regular expressions:
 * JavaScript that looks at every byte is slow until the engine has optimised it, which takes
 * more pages than most exports have. Pure.
 */
import {isUtf8} from 'node:buffer';
import type {JsonObject, Page} from './types.js';

/** One record of a page read by `readPageBytes`: `bytes.subarray(start, end)` is its JSON. */
export class RecordBytes {
	constructor(
		readonly bytes: Uint8Array,
		readonly start: number,
		readonly end: number,
	) {}
}

/**
 * A record of a page read by `readPageBytes` that holds something the export escapes: its text
 * as the server wrote it and the value parsed from that text.
 */
export class RecordText {
	constructor(
		readonly value: JsonObject,
		readonly text: string,
	) {}
}

/**
 * A record of a list as the export gets it: parsed (from a page read the usual way), or from a
 * page read by `readPageBytes`.
 */
export type ExportRecord = JsonObject | RecordBytes | RecordText;

// Characters (bytes) the reader looks at.
const tab = 0x09;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;
const space = 0x20;
const quote = 0x22;
const plus = 0x2b;
const comma = 0x2c;
const minus = 0x2d;
const dot = 0x2e;
const zero = 0x30;
const nine = 0x39;
const colon = 0x3a;
const openBracket = 0x5b;
const backslash = 0x5c;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

/**
 * The characters `hasControls` finds beyond C0 and DEL, as their UTF-8 bytes read as Latin-1:
 * each starts with one of these bytes and goes on as the pattern (of a regular expression)
 * says: C1 (U+0080–U+009F) and U+00AD; U+061C; U+180E; U+200B–U+200F, U+2028–U+202E and
 * U+2060–U+2069; U+FEFF.
 */
const unsafeAfterLead: ReadonlyArray<[lead: string, rest: string]> = [
	['\\u00C2', '[\\u0080-\\u009F\\u00AD]'],
	['\\u00D8', '\\u009C'],
	['\\u00E1', '\\u00A0\\u008E'],
	['\\u00E2', '\\u0080[\\u008B-\\u008F\\u00A8-\\u00AE]|\\u0081[\\u00A0-\\u00A9]'],
	['\\u00EF', '\\u00BB\\u00BF'],
];

/** Any character `hasControls` finds above U+001F, in UTF-8 bytes read as Latin-1. */
const unsafeCharacter = new RegExp(
	['\\u007F', ...unsafeAfterLead.map(([lead, rest]) => `${lead}(?:${rest})`)].join('|'),
);
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const controlCharacter = /[\u0000-\u001F]/;
const hexEscape = /^[\dA-Fa-f]{4}$/;

/**
 * A record in one step of the regular expression engine (compiled to machine code on first use,
 * so fast from the first page on): an object of JSON values nested at most `plainDepth` deep,
 * with spaces only between tokens. Each choice in it is decided by the next character, so it
 * never backtracks far. A record it does not match is read by `valueEnd`, which decides.
 */
const plainRecord = plainRecordPattern(4);

export function plainRecordPattern(plainDepth: number): RegExp {
	// Written as plain strings: each backslash of the pattern is doubled.
	// A string: runs of characters that need no look, then an escape or the first byte of a
	// character that might be one `hasControls` finds (see `unsafeCharacter`) and is not.
	const leads = unsafeAfterLead.map(([lead]) => lead).join('');
	const plain = `[^"\\\\\\u0000-\\u001F\\u007F${leads}]*`;
	const special = [
		'\\\\(?:["\\\\/bfnrt]|u[\\dA-Fa-f]{4})',
		...unsafeAfterLead.map(([lead, rest]) => `${lead}(?!${rest})`),
	].join('|');
	const string = `"${plain}(?:(?:${special})${plain})*"`;
	const number = '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?';
	const scalar = `${string}|${number}|true|false|null`;
	// Members and items: each is followed by a comma and another, or by the end.
	const object = (value: string) => `\\{ *(?:${string} *: *${value} *(?:, *(?=")|(?=\\})))*\\}`;
	const array = (value: string) => `\\[ *(?:${value} *(?:, *(?!\\])|(?=\\])))*\\]`;
	let value = `(?:${scalar})`;
	for (let depth = 1; depth < plainDepth; depth++) {
		value = `(?:${scalar}|${object(value)}|${array(value)})`;
	}

	return new RegExp(object(value), 'y');
}

/** The largest count read here: 15 digits are always below 2^53. */
const mostCountDigits = 15;

const none = Number.POSITIVE_INFINITY;

type Reader = {
	readonly text: string;
	readonly length: number;
	/** Where the next backslash is at or after the last place looked from (`none`: nowhere). */
	nextBackslash: number;
	/** Set when a record has a tab or line break between its tokens. */
	isUnsafe: boolean;
	/** Where the record read last ends. */
	recordEnd: number;
	/** Set when the last string read held an escape. */
	hasEscape: boolean;
	/** Open containers of the value being read: 1 an object, 0 a list. */
	stack: Uint8Array;
};

function backslashFrom(reader: Reader, at: number): number {
	if (reader.nextBackslash < at) {
		const found = reader.text.indexOf('\\', at);
		reader.nextBackslash = found === -1 ? none : found;
	}

	return reader.nextBackslash;
}

/** Past the whitespace at `at`; inside a record a tab or line break makes the record unsafe. */
function skipWhitespace(reader: Reader, at: number, isInRecord: boolean): number {
	const {text, length} = reader;
	let index = at;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code === space) {
			index++;
		} else if (code === lineFeed || code === carriageReturn || code === tab) {
			if (isInRecord) reader.isUnsafe = true;
			index++;
		} else {
			break;
		}
	}

	return index;
}

/** The end of a string with escapes whose quote is at `at` (just past its closing quote), or -1. */
function escapedStringEnd(reader: Reader, at: number): number {
	const {text, length} = reader;
	let index = at + 1;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code === quote) return index + 1;
		if (code < space) return -1;
		if (code !== backslash) {
			index++;
			continue;
		}

		const escaped = text.charCodeAt(index + 1);
		if (escaped === 0x75 /* u */) {
			if (!hexEscape.test(text.slice(index + 2, index + 6))) return -1;
			index += 6;
		} else if (
			escaped === quote ||
			escaped === backslash ||
			escaped === 0x2f /* / */ ||
			escaped === 0x62 /* b */ ||
			escaped === 0x66 /* f */ ||
			escaped === 0x6e /* n */ ||
			escaped === 0x72 /* r */ ||
			escaped === 0x74 /* t */
		) {
			index += 2;
		} else {
			return -1;
		}
	}

	return -1;
}

/** The end of the string whose quote is at `at` (just past its closing quote), or -1. */
function stringEnd(reader: Reader, at: number): number {
	const close = reader.text.indexOf('"', at + 1);
	if (close === -1) return -1;
	if (backslashFrom(reader, at) < close) {
		reader.hasEscape = true;
		return escapedStringEnd(reader, at);
	}

	reader.hasEscape = false;
	// A raw control character inside a string is not JSON.
	return controlCharacter.test(reader.text.slice(at + 1, close)) ? -1 : close + 1;
}

function digitsEnd(text: string, at: number, length: number): number {
	let index = at;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code < zero || code > nine) break;
		index++;
	}

	return index;
}

/** The end of the number at `at`, as JSON writes numbers, or -1. */
function numberEnd(reader: Reader, at: number): number {
	const {text, length} = reader;
	let index = at;
	if (text.charCodeAt(index) === minus) index++;
	const first = text.charCodeAt(index);
	if (first === zero) {
		index++;
	} else if (first > zero && first <= nine) {
		index = digitsEnd(text, index + 1, length);
	} else {
		return -1;
	}

	if (text.charCodeAt(index) === dot) {
		const end = digitsEnd(text, index + 1, length);
		if (end === index + 1) return -1;
		index = end;
	}

	if ((text.charCodeAt(index) | 0x20) === 0x65 /* e */) {
		index++;
		const sign = text.charCodeAt(index);
		if (sign === plus || sign === minus) index++;
		const end = digitsEnd(text, index, length);
		if (end === index) return -1;
		index = end;
	}

	return index;
}

function literalEnd(reader: Reader, at: number, word: string): number {
	return reader.text.startsWith(word, at) ? at + word.length : -1;
}

/** Where the key and colon that should start at `at` are followed by the value, or -1. */
function afterKey(reader: Reader, at: number, isInRecord: boolean): number {
	if (reader.text.charCodeAt(at) !== quote) return -1;
	const end = stringEnd(reader, at);
	if (end === -1) return -1;
	const index = skipWhitespace(reader, end, isInRecord);
	return reader.text.charCodeAt(index) === colon
		? skipWhitespace(reader, index + 1, isInRecord)
		: -1;
}

/**
 * The end of the JSON value at `at` (just past it), or -1 when there is none. Nesting at any
 * depth, without recursion.
 */
function valueEnd(reader: Reader, at: number, isInRecord: boolean): number {
	const {text, length} = reader;
	let depth = 0;
	let index = at;
	for (;;) {
		// A value starts at `index`.
		if (index >= length) return -1;
		const code = text.charCodeAt(index);
		if (code === quote) {
			index = stringEnd(reader, index);
		} else if (code === openBrace || code === openBracket) {
			if (depth === reader.stack.length) {
				const grown = new Uint8Array(reader.stack.length * 2);
				grown.set(reader.stack);
				reader.stack = grown;
			}

			const isObject = code === openBrace;
			reader.stack[depth++] = isObject ? 1 : 0;
			index = skipWhitespace(reader, index + 1, isInRecord);
			if (text.charCodeAt(index) !== (isObject ? closeBrace : closeBracket)) {
				if (isObject) {
					index = afterKey(reader, index, isInRecord);
					if (index === -1) return -1;
				}

				continue;
			}

			depth--;
			index++;
		} else if (code === minus || (code >= zero && code <= nine)) {
			index = numberEnd(reader, index);
		} else if (code === 0x74 /* t */) {
			index = literalEnd(reader, index, 'true');
		} else if (code === 0x66 /* f */) {
			index = literalEnd(reader, index, 'false');
		} else if (code === 0x6e /* n */) {
			index = literalEnd(reader, index, 'null');
		} else {
			return -1;
		}

		if (index === -1) return -1;
		// After a value: a comma and the next one, or the end of containers.
		for (;;) {
			if (depth === 0) return index;
			index = skipWhitespace(reader, index, isInRecord);
			const isObject = reader.stack[depth - 1] === 1;
			const next = text.charCodeAt(index);
			if (next === comma) {
				index = skipWhitespace(reader, index + 1, isInRecord);
				if (isObject) {
					index = afterKey(reader, index, isInRecord);
					if (index === -1) return -1;
				}

				break;
			}

			if (next !== (isObject ? closeBrace : closeBracket)) return -1;
			depth--;
			index++;
		}
	}
}

/** The count at `at`, written as a plain non-negative integer, and its end; or undefined. */
function readCount(reader: Reader, at: number): {value: number; end: number} | undefined {
	const {text, length} = reader;
	const end = digitsEnd(text, at, length);
	const digits = end - at;
	if (digits === 0 || digits > mostCountDigits || (digits > 1 && text.charCodeAt(at) === zero)) {
		return undefined;
	}

	// A fraction or an exponent: a number `parsePage` reads on its own terms.
	const after = text.charCodeAt(end);
	if (after === dot || (after | 0x20) === 0x65) return undefined;
	return {value: Number(text.slice(at, end)), end};
}

/**
 * The record (an object) whose brace is at `at`, or undefined when it is not JSON; its end goes
 * to `reader.recordEnd`.
 */
function readRecord(
	reader: Reader,
	at: number,
	bytes: Uint8Array,
): RecordBytes | RecordText | undefined {
	if (matchesPlainRecord(reader.text, at)) {
		reader.recordEnd = plainRecord.lastIndex;
		return new RecordBytes(bytes, at, reader.recordEnd);
	}

	// Nested deeper than the pattern goes, or holding something to escape (or not JSON).
	reader.isUnsafe = false;
	const end = valueEnd(reader, at, true);
	if (end === -1) return undefined;
	reader.recordEnd = end;
	if (!reader.isUnsafe && !unsafeCharacter.test(reader.text.slice(at, end))) {
		return new RecordBytes(bytes, at, end);
	}

	// UTF-8 from a brace to a brace: the same text as its place in the decoded answer.
	const text = new TextDecoder().decode(bytes.subarray(at, end));
	try {
		return new RecordText(JSON.parse(text) as JsonObject, text);
	} catch {
		// `valueEnd` and JSON.parse disagree: the usual way decides.
		return undefined;
	}
}

/** Whether `plainRecord` matches at `at`; false also when the engine gives up (a giant record). */
function matchesPlainRecord(text: string, at: number): boolean {
	plainRecord.lastIndex = at;
	try {
		return plainRecord.test(text);
	} catch {
		return false;
	}
}

/** Reads the `results` list at `at` (its bracket) into `results`; returns its end, or -1. */
function readResults(
	reader: Reader,
	at: number,
	bytes: Uint8Array,
	results: Array<RecordBytes | RecordText>,
): number {
	const {text} = reader;
	let index = skipWhitespace(reader, at + 1, false);
	if (text.charCodeAt(index) === closeBracket) return index + 1;
	for (;;) {
		if (text.charCodeAt(index) !== openBrace) return -1;
		const record = readRecord(reader, index, bytes);
		if (record === undefined) return -1;
		results.push(record);
		index = skipWhitespace(reader, reader.recordEnd, false);
		const next = text.charCodeAt(index);
		if (next === closeBracket) return index + 1;
		if (next !== comma) return -1;
		index = skipWhitespace(reader, index + 1, false);
	}
}

/**
 * Reads a page of a list from the bytes of the answer, or declines (undefined) when the answer
 * is not a plain page (see the top of this file); the records are views into `bytes`, which must
 * not change afterwards.
 */
export function readPageBytes(bytes: Uint8Array): Page<RecordBytes | RecordText> | undefined {
	if (!isUtf8(bytes)) return undefined;
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	const reader: Reader = {
		text,
		length: text.length,
		nextBackslash: -1,
		isUnsafe: false,
		recordEnd: 0,
		hasEscape: false,
		stack: new Uint8Array(32),
	};
	let count: number | undefined;
	let results: Array<RecordBytes | RecordText> | undefined;
	let hasNext = false;
	let hasPrevious = false;
	let index = skipWhitespace(reader, 0, false);
	if (text.charCodeAt(index) !== openBrace) return undefined;
	index = skipWhitespace(reader, index + 1, false);
	while (text.charCodeAt(index) === quote) {
		const keyEnd = stringEnd(reader, index);
		if (keyEnd === -1 || reader.hasEscape) return undefined;
		const key = text.slice(index + 1, keyEnd - 1);
		index = skipWhitespace(reader, keyEnd, false);
		if (text.charCodeAt(index) !== colon) return undefined;
		index = skipWhitespace(reader, index + 1, false);
		if (key === 'count') {
			if (count !== undefined) return undefined;
			const read = readCount(reader, index);
			if (read === undefined) return undefined;
			count = read.value;
			index = read.end;
		} else if (key === 'results') {
			if (results !== undefined || text.charCodeAt(index) !== openBracket) return undefined;
			results = [];
			index = readResults(reader, index, bytes, results);
		} else {
			const isNext = key === 'next';
			const isPrevious = key === 'previous';
			if ((isNext && hasNext) || (isPrevious && hasPrevious)) return undefined;
			hasNext ||= isNext;
			hasPrevious ||= isPrevious;
			const first = text.charCodeAt(index);
			if ((isNext || isPrevious) && first !== quote && first !== 0x6e /* n */) return undefined;
			index = valueEnd(reader, index, false);
		}

		if (index === -1) return undefined;
		index = skipWhitespace(reader, index, false);
		if (text.charCodeAt(index) === comma) {
			index = skipWhitespace(reader, index + 1, false);
			if (text.charCodeAt(index) !== quote) return undefined;
		} else if (text.charCodeAt(index) !== closeBrace) {
			return undefined;
		}
	}

	if (text.charCodeAt(index) !== closeBrace) return undefined;
	index = skipWhitespace(reader, index + 1, false);
	if (index !== text.length || count === undefined || results === undefined) return undefined;
	return {count, results};
}
