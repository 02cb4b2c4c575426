import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	capValue,
	displayWidth,
	fit,
	formatCount,
	formatDate,
	formatRelative,
	sanitize,
	sanitizeBlock,
	sanitizeLine,
	splitAtCap,
	truncate,
	wrapToWidth,
} from '../../source/ui/text.js';

// eslint-disable-next-line no-control-regex -- the test looks for control characters
const forbiddenInLine = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDFFF]/u;
const forbiddenInBlock =
	// eslint-disable-next-line no-control-regex -- the test looks for control characters
	/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDFFF]/u;
const lineBreakOrTab = /[\t\n\r\u2028\u2029]/;

const hostileUnit = fc.oneof(
	fc.constantFrom(
		'\u001B',
		'\u001B[',
		'\u001B]',
		'\u001BP',
		'\u001B_',
		'\u0007',
		'\u001B\\',
		'\u009B',
		'\u009D',
		'\u009C',
		'\r\n',
		'\r',
		'\n',
		'\t',
		'\u2028',
		'\u202E',
		'\u2066',
		'\uD800',
		'\uDC00',
		'\uD83D',
		'\uDE00',
		'2J',
		'0;',
		'm',
		'[',
		']',
	),
	fc.string({unit: 'binary-ascii', minLength: 1, maxLength: 1}),
	fc.string({unit: 'binary', minLength: 1, maxLength: 1}),
	fc.string({unit: 'grapheme', minLength: 1, maxLength: 1}),
);
const hostileText = fc.string({unit: hostileUnit, maxLength: 40});
const printableUnit = fc
	.string({unit: 'grapheme', minLength: 1, maxLength: 1})
	.filter((grapheme) => !forbiddenInLine.test(grapheme) && !lineBreakOrTab.test(grapheme));
const printableText = fc.string({unit: printableUnit, maxLength: 40});

describe('sanitizeLine', () => {
	it('removes a window-title OSC so it cannot retitle the terminal', () => {
		expect(sanitizeLine('\u001B]0;owned\u0007')).toBe('');
		expect(sanitizeLine('a\u001B]0;owned\u001B\\b')).toBe('ab');
		expect(sanitizeLine('a\u009D0;owned\u009Cb')).toBe('ab');
	});

	it('removes an unterminated OSC through the end of the text', () => {
		expect(sanitizeLine('name\u001B]8;;https://evil.example/')).toBe('name');
	});

	it('removes clear-screen and colour CSI sequences but keeps the text around them', () => {
		expect(sanitizeLine('\u001B[2Jhello')).toBe('hello');
		expect(sanitizeLine('\u001B[31mred\u001B[0m')).toBe('red');
		expect(sanitizeLine('\u009B2Jx')).toBe('x');
		expect(sanitizeLine('\u001B[?1049h\u001B[1;31;42mY')).toBe('Y');
	});

	it('removes other escapes such as reset and charset selection', () => {
		expect(sanitizeLine('a\u001Bcb\u001B(Bc\u001B7d')).toBe('abcd');
		expect(sanitizeLine('end\u001B')).toBe('end');
	});

	it('turns tabs and line breaks into single spaces', () => {
		expect(sanitizeLine('a\tb\r\nc\nd\re\u2028f')).toBe('a b c d e f');
	});

	it('removes C0, DEL, C1, bidi overrides and isolates', () => {
		expect(sanitizeLine('a\u0000b\u0008c\u007Fd\u0085e\u202Ef\u2066g\u2069h')).toBe('abcdefgh');
	});

	it('removes lone surrogates but keeps emoji made of surrogate pairs', () => {
		expect(sanitizeLine('a\uD800b\uDC00c')).toBe('abc');
		expect(sanitizeLine('ok 😀 \uD83D')).toBe('ok 😀 ');
	});

	it('is what sanitize does', () => {
		expect(sanitize('a\nb\u001B[2J')).toBe(sanitizeLine('a\nb\u001B[2J'));
	});

	it('never lets a control, escape or bidi character through, for any input', () => {
		fc.assert(
			fc.property(hostileText, (text) => {
				expect(sanitizeLine(text)).not.toMatch(forbiddenInLine);
			}),
			{numRuns: 500},
		);
	});

	it('is idempotent', () => {
		fc.assert(
			fc.property(hostileText, (text) => {
				const once = sanitizeLine(text);
				expect(sanitizeLine(once)).toBe(once);
			}),
			{numRuns: 500},
		);
	});

	it('keeps printable text unchanged', () => {
		fc.assert(
			fc.property(printableText, (text) => {
				expect(sanitizeLine(text)).toBe(text);
			}),
			{numRuns: 300},
		);
	});
});

describe('sanitizeBlock', () => {
	it('keeps line breaks, normalised to \\n, and still strips escapes', () => {
		expect(sanitizeBlock('one\r\ntwo\rthree\u2029four\n\u001B[2Jfive\tsix')).toBe(
			'one\ntwo\nthree\nfour\nfive six',
		);
	});

	it('never lets a control other than \\n through, is idempotent and keeps printable text', () => {
		fc.assert(
			fc.property(hostileText, printableText, (hostile, printable) => {
				const once = sanitizeBlock(hostile);
				expect(once).not.toMatch(forbiddenInBlock);
				expect(sanitizeBlock(once)).toBe(once);
				expect(sanitizeBlock(`${printable}\n${printable}`)).toBe(`${printable}\n${printable}`);
			}),
			{numRuns: 300},
		);
	});
});

describe('displayWidth and fit', () => {
	it('counts CJK and emoji as two columns', () => {
		expect(displayWidth('abc')).toBe(3);
		expect(displayWidth('日本')).toBe(4);
		expect(displayWidth('😀')).toBe(2);
	});

	it('pads short text with spaces to exactly the width', () => {
		expect(fit('abc', 6)).toBe('abc   ');
		expect(fit('日本', 6)).toBe('日本  ');
	});

	it('truncates long text with an ellipsis to exactly the width', () => {
		expect(fit('unicorns', 5)).toBe('unic…');
		expect(displayWidth(fit('日本語のテキスト', 7))).toBe(7);
		expect(fit('日本語', 4)).toBe('日… ');
		expect(displayWidth(fit('😀😀😀😀', 5))).toBe(5);
	});

	it('gives an empty string for a width of zero or less', () => {
		expect(fit('abc', 0)).toBe('');
		expect(fit('abc', -3)).toBe('');
	});

	it('sanitizes what it fits', () => {
		expect(fit('\u001B]0;owned\u0007ok\u001B[2J', 4)).toBe('ok  ');
	});

	it('fits a 10,000-character name', () => {
		const name = 'Ω'.repeat(5000) + '名'.repeat(5000);
		expect(fit(name, 40)).toBe(`${'Ω'.repeat(39)}…`);
	});

	it('marks text cut from a huge input even when the part kept is narrow', () => {
		expect(truncate(`${'\u0301'.repeat(200)}tail`, 10)).toContain('…');
	});

	it('always produces exactly the width asked for', () => {
		fc.assert(
			fc.property(printableText, fc.integer({min: 1, max: 30}), (text, width) => {
				expect(displayWidth(fit(text, width))).toBe(width);
			}),
			{numRuns: 300},
		);
	});

	it('cuts text as a grapheme-by-grapheme cut does, ASCII and other text alike', () => {
		// The cut the ASCII slice and the early-stopping segmentation stand in for.
		const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});
		const graphemeCut = (text: string, width: number): string => {
			const clean = sanitizeLine(text);
			if (displayWidth(clean) <= width) return clean;
			let kept = '';
			let used = 0;
			for (const {segment} of segmenter.segment(clean)) {
				if (used + displayWidth(segment) > width - 1) break;
				kept += segment;
				used += displayWidth(segment);
			}
			return `${kept}…`;
		};
		const asciiText = fc.string({unit: fc.constantFrom(...'abc XYZ019~'), maxLength: 60});
		fc.assert(
			fc.property(
				fc.oneof(asciiText, printableText),
				fc.integer({min: 1, max: 40}),
				(text, width) => {
					expect(truncate(text, width)).toBe(graphemeCut(text, width));
				},
			),
			{numRuns: 400},
		);
	});
});

describe('wrapToWidth', () => {
	it('breaks at spaces when it can', () => {
		expect(wrapToWidth('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
	});

	it('breaks inside a word that is longer than the width', () => {
		expect(wrapToWidth('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
	});

	it('breaks again when what follows a broken space still does not fit', () => {
		// fast-check found it (seed 428991425): the rest after the space was 4 wide, the next
		// grapheme 3, and the line came out 7 wide.
		const lines = wrapToWidth('  \u{1F200}!\uFB00\u{1D158}\u{1D165}\u{1D16E}', 6);
		expect(lines.map((line) => displayWidth(line)).every((width) => width <= 6)).toBe(true);
		expect(lines.join('')).toBe(' \u{1F200}!\uFB00\u{1D158}\u{1D165}\u{1D16E}');
	});

	it('never splits a wide character and keeps every line within the width', () => {
		expect(wrapToWidth('日本語テキスト', 5)).toEqual(['日本', '語テ', 'キス', 'ト']);
		const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});
		fc.assert(
			fc.property(printableText, fc.integer({min: 2, max: 20}), (text, width) => {
				const lines = wrapToWidth(text, width);
				expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
				for (const line of lines) {
					// Only a lone grapheme wider than the width may overflow: it cannot be split.
					const isLoneGrapheme = [...segmenter.segment(line)].length === 1;
					if (!isLoneGrapheme) expect(displayWidth(line)).toBeLessThanOrEqual(width);
				}
			}),
			{numRuns: 300},
		);
	});
});

describe('formatCount', () => {
	it('groups thousands with commas whatever the locale', () => {
		expect(formatCount(0)).toBe('0');
		expect(formatCount(999)).toBe('999');
		expect(formatCount(1000)).toBe('1,000');
		expect(formatCount(1_234_567)).toBe('1,234,567');
		expect(formatCount(-1_234_567)).toBe('-1,234,567');
		expect(formatCount(1234.5)).toBe('1,234.5');
	});
});

describe('formatDate', () => {
	it('shows the calendar date of an ISO timestamp', () => {
		expect(formatDate('2024-06-12T08:01:02Z')).toBe('2024-06-12');
		expect(formatDate('2024-06-12T08:01:02.123456+00:00')).toBe('2024-06-12');
		expect(formatDate('2024-06-12')).toBe('2024-06-12');
	});

	it('shows an unparseable value as it came, sanitized', () => {
		expect(formatDate('yesterday\u001B[2J')).toBe('yesterday');
		expect(formatDate('1')).toBe('1');
		expect(formatDate('2024-13-45')).toBe('2024-13-45');
	});

	it('caps an unparseable value at 64 columns without measuring it', () => {
		expect(formatDate('x'.repeat(64))).toBe('x'.repeat(64));
		expect(formatDate('x'.repeat(65))).toBe(`${'x'.repeat(63)}…`);
		// Any other code point is at most two columns: 32 always fit, longer text keeps 31.
		expect(formatDate('日'.repeat(32))).toBe('日'.repeat(32));
		expect(formatDate('日'.repeat(40))).toBe(`${'日'.repeat(31)}…`);
		expect(formatDate('🙂'.repeat(40))).toBe(`${'🙂'.repeat(31)}…`);
		expect(formatDate(`ü${'\u001B[2J'.repeat(100)}${'x'.repeat(100)}`)).toBe(`ü${'x'.repeat(30)}…`);
		// Only the first 1,024 code units are looked at.
		expect(formatDate(`${'\u0007'.repeat(2000)}late`)).toBe('…');
		for (const value of [
			'é'.repeat(200),
			'日'.repeat(200),
			`${'a'.repeat(50)}${'日'.repeat(50)}`,
		]) {
			expect(displayWidth(formatDate(value))).toBeLessThanOrEqual(64);
		}
	});

	it('shows nothing for a missing value', () => {
		expect(formatDate(undefined)).toBe('');
		expect(formatDate(null)).toBe('');
	});
});

describe('formatRelative', () => {
	const now = Date.parse('2024-06-12T12:00:00Z');

	it('says how long ago or how far ahead a timestamp is', () => {
		expect(formatRelative('2024-06-12T11:59:30Z', {now})).toBe('just now');
		expect(formatRelative('2024-06-12T11:55:00Z', {now})).toBe('5 minutes ago');
		expect(formatRelative('2024-06-12T11:00:00Z', {now})).toBe('1 hour ago');
		expect(formatRelative('2024-06-09T12:00:00Z', {now})).toBe('3 days ago');
		expect(formatRelative('2024-06-14T12:00:00Z', {now})).toBe('in 2 days');
		expect(formatRelative('2021-06-12T12:00:00Z', {now})).toBe('3 years ago');
	});

	it('shows an unparseable value as it came, sanitized', () => {
		expect(formatRelative('soon\u0007', {now})).toBe('soon');
	});
});

describe('splitAtCap', () => {
	it('tells the kept head and how many code points were cut off', () => {
		expect(splitAtCap('abcdef', 4)).toEqual({head: 'abcd', omitted: 2});
		expect(splitAtCap('ab', 4)).toEqual({head: 'ab', omitted: 0});
		expect(splitAtCap('a😀b😀', 2)).toEqual({head: 'a😀', omitted: 2});
	});
});

describe('capValue', () => {
	it('leaves text within the cap alone', () => {
		expect(capValue('hello', 5)).toBe('hello');
	});

	it('cuts longer text and says how much was left out', () => {
		expect(capValue('abcdefghij', 4)).toBe('abcd… 6 more characters');
		expect(capValue('abcde', 4)).toBe('abcd… 1 more character');
		expect(capValue('x'.repeat(1_002_000), 2000)).toBe(
			`${'x'.repeat(2000)}… 1,000,000 more characters`,
		);
	});

	it('counts and cuts by code points, never splitting an emoji', () => {
		expect(capValue('😀😀😀', 2)).toBe('😀😀… 1 more character');
		expect(capValue('😀😀', 2)).toBe('😀😀');
	});
});
