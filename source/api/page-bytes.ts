/**
 * A page of a list answer read straight from its bytes, for the export: the `count` and where
 * each record of `results` starts and ends, with the whole answer checked to be JSON, but
 * without building its objects (`JSON.parse`), finding the records in the text again or
 * encoding them again: the records are written as the bytes that came. That is most of what an
 * export spends on a page.
 *
 * Only a plain page is read this way; anything else is declined (`undefined`) and read the
 * usual way (decoded, `JSON.parse`, `parsePage`), which says what is wrong with it. Declined:
 * bytes that are not UTF-8, a byte order mark, anything `JSON.parse` would refuse, a page that
 * `parsePage` would refuse or read otherwise (`count` not a plain non-negative integer below
 * 2^53 without sign, fraction or exponent, `results` not a list of objects, `next`/`previous`
 * neither a string nor null), a key written with escapes, and `count`, `results`, `next` or
 * `previous` written twice.
 *
 * Each record is checked by one regular expression (`plainRecordPattern`: compiled to machine
 * code on first use, so fast from the first page on, where JavaScript that looks at every byte
 * is slow until the engine has optimised it, which takes more pages than most exports have).
 * It matches a plain record, one the export writes as it came; that comes as its bytes
 * (`RecordBytes`). A record it does not match (nested deeper than it goes, or holding something
 * the export escapes, or not JSON) is decoded and checked by `JSON.parse`: one with nothing to
 * escape (`hasControls`) comes as its bytes too, one with something to escape as a
 * `RecordText`, its text and value, which the export escapes as it always did. The rest of the
 * page is found by `valueEnd` (json.ts) and checked by `JSON.parse` piece by piece, so what is
 * read here is JSON as a whole. The bytes are read as Latin-1 text, one character per byte, so
 * that text positions are byte positions. Pure.
 */
import {isUtf8} from 'node:buffer';
import {skipWhitespace, stringEnd, valueEnd} from '../json.js';
import {hasControls} from '../sanitize.js';
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
const quote = 0x22;
const comma = 0x2c;
const zero = 0x30;
const nine = 0x39;
const colon = 0x3a;
const openBracket = 0x5b;
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

/**
 * A record (a JSON object) in the export's plain case, as UTF-8 read as Latin-1: nested at
 * most `plainDepth` deep, spaces only between its tokens, and no character `hasControls` finds
 * (C0 controls cannot stand raw in a JSON string; DEL and the characters of `unsafeAfterLead`
 * are left out of strings). Sticky: it matches at `lastIndex`. Each choice in it is decided by
 * the next character, so it never backtracks far.
 */
export function plainRecordPattern(plainDepth: number): RegExp {
	// Written as plain strings: each backslash of the pattern is doubled.
	// A string: runs of characters that need no look, each followed by an escape or by the first
	// byte of a character that might be one `hasControls` finds and is not.
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

/** Four levels: a record, a list in it, an object in that (labels), and one more. */
const plainRecord = plainRecordPattern(4);

// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const controlCharacter = /[\u0000-\u001F]/;

/** The keys of a page `parsePage` reads; each may stand once here. */
const pageKeys = new Set(['count', 'results', 'next', 'previous']);

/** The largest count read here: 15 digits are always below 2^53. */
const mostCountDigits = 15;

/** Whether `plainRecord` matches at `at`; false also when the engine gives up (a giant record). */
function matchesPlainRecord(text: string, at: number): boolean {
	plainRecord.lastIndex = at;
	try {
		return plainRecord.test(text);
	} catch {
		return false;
	}
}

/**
 * Decodes UTF-8 keeping a byte order mark: before a value it is not JSON (a decoder would drop
 * it). One for every call: without `stream`, each decode stands alone.
 */
const keepingBom = new TextDecoder('utf-8', {ignoreBOM: true});

/** The text of `bytes[start, end)`, or undefined unless it is one JSON value; and that value. */
function parsedSlice(
	bytes: Uint8Array,
	start: number,
	end: number,
): {text: string; value: unknown} | undefined {
	const text = keepingBom.decode(bytes.subarray(start, end));
	try {
		return {text, value: JSON.parse(text) as unknown};
	} catch {
		return undefined;
	}
}

/**
 * The record (an object) whose brace is at `at` in `text` (the bytes as Latin-1), and where it
 * ends; undefined when it is not JSON.
 */
function readRecord(
	text: string,
	bytes: Uint8Array,
	at: number,
): {record: RecordBytes | RecordText; end: number} | undefined {
	if (matchesPlainRecord(text, at)) {
		const end = plainRecord.lastIndex;
		return {record: new RecordBytes(bytes, at, end), end};
	}

	const end = valueEnd(text, at);
	if (end === -1) return undefined;
	// UTF-8 from a brace to a brace: the same text as its place in the decoded answer.
	const parsed = parsedSlice(bytes, at, end);
	if (parsed === undefined) return undefined;
	const record = hasControls(parsed.text)
		? new RecordText(parsed.value as JsonObject, parsed.text)
		: new RecordBytes(bytes, at, end);
	return {record, end};
}

/** Reads the `results` list at `at` (its bracket) into `results`; returns its end, or -1. */
function readResults(
	text: string,
	bytes: Uint8Array,
	at: number,
	results: Array<RecordBytes | RecordText>,
): number {
	let index = skipWhitespace(text, at + 1);
	if (text.charCodeAt(index) === closeBracket) return index + 1;
	for (;;) {
		if (text.charCodeAt(index) !== openBrace) return -1;
		const read = readRecord(text, bytes, index);
		if (read === undefined) return -1;
		results.push(read.record);
		index = skipWhitespace(text, read.end);
		const next = text.charCodeAt(index);
		if (next === closeBracket) return index + 1;
		if (next !== comma) return -1;
		index = skipWhitespace(text, index + 1);
	}
}

/** The count at `at`, written as a plain non-negative integer, and its end; or undefined. */
function readCount(text: string, at: number): {value: number; end: number} | undefined {
	let end = at;
	while (end < text.length && text.charCodeAt(end) >= zero && text.charCodeAt(end) <= nine) end++;
	const digits = end - at;
	if (digits === 0 || digits > mostCountDigits || (digits > 1 && text.charCodeAt(at) === zero)) {
		return undefined;
	}

	// What follows must end the value: a fraction or an exponent is read the usual way.
	const after = skipWhitespace(text, end);
	const next = text.charCodeAt(after);
	if (next !== comma && next !== closeBrace) return undefined;
	return {value: Number(text.slice(at, end)), end};
}

/**
 * Reads a page of a list from the bytes of the answer, or declines (undefined) when the answer
 * is not a plain page (see the top of this file); the records are views into `bytes`, which must
 * not change afterwards.
 */
export function readPageBytes(bytes: Uint8Array): Page<RecordBytes | RecordText> | undefined {
	if (!isUtf8(bytes)) return undefined;
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	let count: number | undefined;
	let results: Array<RecordBytes | RecordText> | undefined;
	const seen = new Set<string>();
	let index = skipWhitespace(text, 0);
	if (text.charCodeAt(index) !== openBrace) return undefined;
	index = skipWhitespace(text, index + 1);
	while (text.charCodeAt(index) === quote) {
		const keyEnd = stringEnd(text, index);
		if (keyEnd === -1) return undefined;
		const key = text.slice(index + 1, keyEnd - 1);
		// A key with an escape may spell one of the page's keys; of a key written twice JSON.parse
		// takes the last; a control character cannot stand raw in a JSON string.
		if (key.includes('\\') || seen.has(key) || controlCharacter.test(key)) return undefined;
		if (pageKeys.has(key)) seen.add(key);
		index = skipWhitespace(text, keyEnd);
		if (text.charCodeAt(index) !== colon) return undefined;
		index = skipWhitespace(text, index + 1);
		if (key === 'count') {
			const read = readCount(text, index);
			if (read === undefined) return undefined;
			count = read.value;
			index = read.end;
		} else if (key === 'results') {
			if (text.charCodeAt(index) !== openBracket) return undefined;
			results = [];
			index = readResults(text, bytes, index, results);
		} else {
			const end = valueEnd(text, index);
			if (end === -1 || end === index) return undefined;
			const parsed = parsedSlice(bytes, index, end);
			if (parsed === undefined) return undefined;
			const isLink = key === 'next' || key === 'previous';
			if (isLink && parsed.value !== null && typeof parsed.value !== 'string') return undefined;
			index = end;
		}

		if (index === -1) return undefined;
		index = skipWhitespace(text, index);
		if (text.charCodeAt(index) === comma) {
			index = skipWhitespace(text, index + 1);
			if (text.charCodeAt(index) !== quote) return undefined;
		} else if (text.charCodeAt(index) !== closeBrace) {
			return undefined;
		}
	}

	if (text.charCodeAt(index) !== closeBrace) return undefined;
	index = skipWhitespace(text, index + 1);
	if (index !== text.length || count === undefined || results === undefined) return undefined;
	return {count, results};
}
