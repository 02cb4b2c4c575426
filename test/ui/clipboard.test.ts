import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {clipboardSequence, createClipboardWriter} from '../../source/ui/clipboard.js';

function payloadOf(sequence: string): string {
	// eslint-disable-next-line no-control-regex -- the sequence ends with BEL
	const match = /\]52;c;([A-Za-z0-9+/=]*)\u0007/.exec(sequence);
	return Buffer.from(match?.[1] ?? '', 'base64').toString('utf8');
}

describe('clipboardSequence', () => {
	it('sends the text base64-encoded in OSC 52', () => {
		expect(clipboardSequence('12', {isTmux: false})).toEqual({
			ok: true,
			sequence: '\u001B]52;c;MTI=\u0007',
		});
		const json = '{"name": "Brücke 日本 😀"}';
		const result = clipboardSequence(json, {isTmux: false});
		expect(result.ok ? payloadOf(result.sequence) : '').toBe(json);
	});

	it('wraps the sequence in tmux passthrough with every inner ESC doubled', () => {
		expect(clipboardSequence('12', {isTmux: true})).toEqual({
			ok: true,
			sequence: '\u001BPtmux;\u001B\u001B]52;c;MTI=\u0007\u001B\\',
		});
	});

	it('keeps hostile text inside the base64 payload, where it cannot act', () => {
		const hostile = 'x\u0007\u001B\\\u001B]0;owned\u0007';
		const result = clipboardSequence(hostile, {isTmux: true});
		const sequence = result.ok ? result.sequence : '';
		expect(sequence.split('\u001BPtmux;')).toHaveLength(2);
		expect(sequence.indexOf('\u0007')).toBe(sequence.length - 3);
		expect(payloadOf(sequence.replaceAll('\u001B\u001B', '\u001B'))).toBe(hostile);
	});

	it('refuses text above the limit and says to select it instead', () => {
		expect(clipboardSequence('abc', {isTmux: false, maxPayload: 4}).ok).toBe(true);
		expect(clipboardSequence('abcd', {isTmux: false, maxPayload: 4})).toEqual({
			ok: false,
			reason:
				'too large to copy through the terminal (1 KB, the limit is 1 KB): select the text shown instead',
		});
		const big = clipboardSequence('x'.repeat(200_000), {isTmux: false});
		expect(big).toEqual({
			ok: false,
			reason:
				'too large to copy through the terminal (196 KB, the limit is 74 KB): select the text shown instead',
		});
		expect(clipboardSequence('x'.repeat(75_000), {isTmux: false}).ok).toBe(true);
	});
});

describe('createClipboardWriter', () => {
	it('writes the sequence and reports success', () => {
		const written: string[] = [];
		const copy = createClipboardWriter({isTmux: false, write: (data) => written.push(data)});
		expect(copy('id')).toEqual({ok: true});
		expect(written).toEqual(['\u001B]52;c;aWQ=\u0007']);
	});

	it('writes nothing and says why when the output is no terminal or the write fails', () => {
		const written: string[] = [];
		const copy = createClipboardWriter({
			isTmux: false,
			isTerminal: false,
			write: (data) => written.push(data),
		});
		expect(copy('id')).toEqual({
			ok: false,
			reason: 'the output is not a terminal: select the text shown instead',
		});
		expect(written).toEqual([]);
		const failing = createClipboardWriter({
			isTmux: false,
			write: () => {
				throw new Error('EPIPE');
			},
		});
		expect(failing('id')).toEqual({
			ok: false,
			reason: 'could not write to the terminal: select the text shown instead',
		});
	});
});
