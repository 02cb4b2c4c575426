/**
 * JSON text of values from JSON.parse, at any depth. `JSON.stringify` recurses and throws
 * "Maximum call stack size exceeded" on a value nested some thousands deep, which a server can
 * send in a few kilobytes; this falls back to an explicit stack instead. Pure.
 */

type Frame =
	| {kind: 'array'; items: readonly unknown[]; index: number}
	| {kind: 'object'; entries: Array<[string, unknown]>; index: number; isFirst: boolean};

function isSkipped(value: unknown): boolean {
	return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** JSON text of a scalar, or undefined for a container (arrays and plain objects). */
function scalarText(value: unknown): string | undefined {
	if (value === null) return 'null';
	if (typeof value === 'object') return undefined;
	if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
	// Strings, numbers (non-finite become null) and booleans exactly as JSON.stringify writes them.
	return JSON.stringify(value) ?? 'null';
}

function stringifyWithStack(root: unknown): string | undefined {
	if (isSkipped(root)) return undefined;
	let text = '';
	const stack: Frame[] = [];
	const open = (value: unknown) => {
		const scalar = scalarText(value);
		if (scalar !== undefined) {
			text += scalar;
			return;
		}

		if (Array.isArray(value)) {
			text += '[';
			stack.push({kind: 'array', items: value, index: 0});
		} else {
			text += '{';
			stack.push({
				kind: 'object',
				entries: Object.entries(value as Record<string, unknown>),
				index: 0,
				isFirst: true,
			});
		}
	};

	open(root);
	while (stack.length > 0) {
		const frame = stack.at(-1)!;
		if (frame.kind === 'array') {
			if (frame.index >= frame.items.length) {
				text += ']';
				stack.pop();
				continue;
			}

			const item = frame.items[frame.index];
			if (frame.index > 0) text += ',';
			frame.index++;
			if (isSkipped(item)) text += 'null';
			else open(item);
			continue;
		}

		if (frame.index >= frame.entries.length) {
			text += '}';
			stack.pop();
			continue;
		}

		const [key, item] = frame.entries[frame.index]!;
		frame.index++;
		if (isSkipped(item)) continue;
		text += `${frame.isFirst ? '' : ','}${JSON.stringify(key)}:`;
		frame.isFirst = false;
		open(item);
	}

	return text;
}

/**
 * Like `JSON.stringify(value)` for what JSON.parse builds (no `toJSON`, no replacer, no
 * indentation), the same text, but at any depth: no stack overflow.
 */
export function stringifyJson(value: unknown): string | undefined {
	try {
		return JSON.stringify(value);
	} catch (error) {
		if (!(error instanceof RangeError)) throw error;
	}

	return stringifyWithStack(value);
}

// Character codes the scanner below looks at.
const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

function isWhitespace(code: number): boolean {
	return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Past the JSON whitespace at `index`. */
export function skipWhitespace(text: string, index: number): number {
	let at = index;
	while (isWhitespace(text.charCodeAt(at))) at++;
	return at;
}

/**
 * Where the string that opens at `index` (its quote) ends: just past its closing quote; -1 when
 * it does not end.
 */
export function stringEnd(text: string, index: number): number {
	let at = text.indexOf('"', index + 1);
	while (at !== -1) {
		let backslashes = 0;
		while (text.charCodeAt(at - 1 - backslashes) === backslash) backslashes++;
		if (backslashes % 2 === 0) return at + 1;
		at = text.indexOf('"', at + 1);
	}

	return -1;
}

/**
 * Where the value that starts at `index` ends (just past it), in JSON that `JSON.parse` accepts;
 * in other text, where a value would end if it were JSON, or -1. Only finds where strings and
 * containers close (at any depth, without recursion); it checks no grammar.
 */
export function valueEnd(text: string, index: number): number {
	const first = text.charCodeAt(index);
	if (first === quote) return stringEnd(text, index);
	if (first === openBrace || first === openBracket) {
		let depth = 0;
		for (let at = index; at < text.length; at++) {
			const code = text.charCodeAt(at);
			if (code === quote) {
				const end = stringEnd(text, at);
				if (end === -1) return -1;
				at = end - 1;
			} else if (code === openBrace || code === openBracket) {
				depth++;
			} else if ((code === closeBrace || code === closeBracket) && --depth === 0) {
				return at + 1;
			}
		}

		return -1;
	}

	let at = index;
	while (at < text.length) {
		const code = text.charCodeAt(at);
		if (code === comma || code === closeBrace || code === closeBracket || isWhitespace(code)) break;
		at++;
	}

	return at;
}

/**
 * The text of each item of the list under `key` in the object that `text` holds, exactly as it
 * stands there (`'{"count":2,"results":[{"id":1}, 7]}'` → `['{"id":1}', '7']`), or undefined when
 * the object has no list under that key. `text` must be JSON that `JSON.parse` accepted: this
 * only finds where values start and end (strings, escapes and nesting at any depth, without
 * recursion) and does not check the grammar. A key written more than once counts where it is
 * last, as in `JSON.parse`; a key spelt with escapes (`"res\u0075lts"`) is read as JSON reads it.
 */
export function itemTextsOf(text: string, key: string): string[] | undefined {
	let at = skipWhitespace(text, 0);
	if (text.charCodeAt(at) !== openBrace) return undefined;
	at = skipWhitespace(text, at + 1);
	let found: string[] | undefined;
	while (text.charCodeAt(at) === quote) {
		const keyEnd = stringEnd(text, at);
		if (keyEnd === -1) return undefined;
		const written = text.slice(at + 1, keyEnd - 1);
		const name = written.includes('\\') ? (JSON.parse(text.slice(at, keyEnd)) as string) : written;
		at = skipWhitespace(text, keyEnd);
		if (text.charCodeAt(at) !== colon) return undefined;
		at = skipWhitespace(text, at + 1);
		if (name === key && text.charCodeAt(at) === openBracket) {
			const items: string[] = [];
			at = skipWhitespace(text, at + 1);
			while (text.charCodeAt(at) !== closeBracket) {
				const end = valueEnd(text, at);
				if (end === -1 || end === at) return undefined;
				items.push(text.slice(at, end));
				at = skipWhitespace(text, end);
				if (text.charCodeAt(at) === comma) at = skipWhitespace(text, at + 1);
				else if (text.charCodeAt(at) !== closeBracket) return undefined;
			}

			found = items;
			at++;
		} else {
			found = name === key ? undefined : found;
			const end = valueEnd(text, at);
			if (end === -1 || end === at) return undefined;
			at = end;
		}

		at = skipWhitespace(text, at);
		if (text.charCodeAt(at) === comma) at = skipWhitespace(text, at + 1);
	}

	return found;
}
