import {describe, expect, it} from 'vitest';
import {escapeControls, quoteJson} from '../../source/ui/escape-text.js';

// eslint-disable-next-line no-control-regex -- the test looks for control characters
const terminalControl = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

describe('escapeControls', () => {
	it('shows C0, DEL, C1, separators and bidi controls as \\u escapes', () => {
		expect(escapeControls('a\u001B[31mb\u007F\u0085\u202Ec\u2066d\u2028')).toBe(
			'a\\u001b[31mb\\u007f\\u0085\\u202ec\\u2066d\\u2028',
		);
	});

	it('shows zero-width and direction marks too, and keeps printable text and emoji', () => {
		expect(escapeControls('a\u200Bb\u200Fc\uFEFFd 😀 日本 é')).toBe(
			'a\\u200bb\\u200fc\\ufeffd 😀 日本 é',
		);
	});
});

describe('quoteJson', () => {
	it('gives a JSON string literal that parses back to the text and holds no control', () => {
		const text = 'evil\u001B]0;x\u0007\u202E\u009B\u2029\uDC00"\\\n\t';
		const quoted = quoteJson(text);
		expect(quoted).not.toMatch(terminalControl);
		expect(JSON.parse(quoted)).toBe(text);
		expect(quoted).toBe('"evil\\u001b]0;x\\u0007\\u202e\\u009b\\u2029\\udc00\\"\\\\\\n\\t"');
	});
});
