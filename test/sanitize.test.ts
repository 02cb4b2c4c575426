import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	errorText,
	escapeControls,
	hasControls,
	redact,
	safeForTerminal,
	sanitizeLine,
} from '../source/sanitize.js';

// A demo token: shaped like a real one, valid nowhere.
const token = 'vktrpat_demo0123456789abcdefghijklmnopq';

/** The token with `separator` between every two of its characters after the prefix. */
function interleaved(separator: string): string {
	return `vktrpat_${[...token.slice(8)].join(separator)}`;
}

describe('redact', () => {
	it('redacts token-shaped text and exact secrets', () => {
		expect(redact(`a ${token} b`)).toBe('a vktrpat_[redacted] b');
		expect(redact('a secret-value-123 b', ['secret-value-123'])).toBe('a [redacted] b');
		expect(redact('demo words', ['demo'])).toBe('demo words');
	});

	it.each([
		['a zero-width space', '\u200B'],
		['a zero-width joiner', '\u200D'],
		['a word joiner', '\u2060'],
		['a byte order mark', '\uFEFF'],
		['a soft hyphen', '\u00AD'],
		['a bidi override', '\u202E'],
		['a combining mark', '\u034F'],
		['an escape sequence', '\u001B[0m'],
		['a NUL', '\u0000'],
	])('redacts a token with %s between its characters, whole', (_name, separator) => {
		const echoed = `the server said: ${interleaved(separator)} (end)`;
		const redacted = redact(echoed);
		expect(redacted).toBe('the server said: vktrpat_[redacted] (end)');
	});

	it('redacts an exact secret with zero-width characters between its characters', () => {
		const secret = 'plain-secret-9876543210';
		expect(redact(`x ${[...secret].join('\u200B')} y`, [secret])).toBe('x [redacted] y');
	});

	it('is idempotent and leaves other text alone', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				expect(redact(redact(text))).toBe(redact(text));
				if (!text.includes('vktrpat_')) expect(redact(text)).toBe(text);
			}),
		);
	});
});

describe('safeForTerminal', () => {
	it('drops bidi controls, C1 controls and escape sequences, and redacts', () => {
		expect(safeForTerminal(`a\u202Eb\u2066c\u0085d\u009B31m\u001B]0;x\u0007 ${token}`)).toBe(
			'abcd vktrpat_[redacted]',
		);
	});

	it('keeps line breaks when asked to', () => {
		expect(safeForTerminal('one\r\ntwo\u001B[2J', {isMultiline: true})).toBe('one\ntwo');
	});
});

describe('errorText', () => {
	it('is the message of anything thrown, on one line, redacted and sanitised', () => {
		expect(errorText(new Error(`bad\n${interleaved('\u200B')}\u202E`))).toBe(
			'bad vktrpat_[redacted]',
		);
		expect(errorText('plain')).toBe('plain');
		expect(errorText(new Error('uses the key abcdef123456'), ['abcdef123456'])).toBe(
			'uses the key [redacted]',
		);
		const hostile = {
			[Symbol.toPrimitive]() {
				throw new Error('no');
			},
		};
		expect(errorText(hostile)).toBe('an error that cannot be shown');
	});
});

describe('escapeControls', () => {
	it('shows controls, bidi and zero-width characters as \\u escapes and keeps JSON valid', () => {
		const value = {'a\u202Eb': 'x\u2066y\u200Bz\u0085', ab: 1};
		const text = escapeControls(JSON.stringify(value));
		expect(text).toBe('{"a\\u202eb":"x\\u2066y\\u200bz\\u0085","ab":1}');
		expect(JSON.parse(text)).toEqual(value);
		expect(sanitizeLine(text)).toBe(text);
	});
});

describe('hasControls', () => {
	it('says whether escapeControls would change the text', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary'}), (text) => {
				expect(hasControls(text)).toBe(escapeControls(text) !== text);
			}),
			{numRuns: 1000},
		);
		expect(hasControls('plain text, ünïcödé, 桥梁 🏗️')).toBe(false);
		expect(hasControls('a\u202Eb')).toBe(true);
	});
});
