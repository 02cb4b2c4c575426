import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createLineBytes} from '../../source/export/line-bytes.js';

/** Text that is hard on an encoder: multi-byte characters, pairs, lone surrogates, controls. */
const trickyText = fc.oneof(
	fc.string({unit: 'binary'}),
	fc.string({unit: 'grapheme'}),
	fc.constantFrom('', '\uD800', '\uDFFF', 'a\uDBFFb', '桥梁 🏗️', '\u0000\u001B\u202E\u2028', 'é'),
);

type Step = {text: string; isLine: boolean; takes: boolean};

const steps = fc.array(fc.record({text: trickyText, isLine: fc.boolean(), takes: fc.boolean()}), {
	maxLength: 40,
});

/** What the steps add, each piece encoded on its own (a pair split between two is two U+FFFD). */
function encoded(list: readonly Step[]): Buffer {
	return Buffer.concat(list.map(({text, isLine}) => Buffer.from(isLine ? `${text}\n` : text)));
}

describe('createLineBytes', () => {
	it('gives the bytes of Buffer.from of each piece, however the slabs fill', () => {
		fc.assert(
			fc.property(steps, fc.integer({min: 1, max: 64}), (list, slabBytes) => {
				const lines = createLineBytes(slabBytes);
				const taken: Buffer[] = [];
				for (const {text, isLine, takes} of list) {
					if (isLine) lines.addLine(text);
					else lines.add(text);
					if (takes) taken.push(lines.take());
				}

				taken.push(lines.take());
				expect(Buffer.concat(taken).equals(encoded(list))).toBe(true);
			}),
			{numRuns: 300},
		);
	});

	it('gives the bytes of Buffer.from(the joined text) when no surrogate pair is split', () => {
		const pieces = ['{"a":"🏗️"}', '{"b":"\uD800"}', 'é\u2028', ''];
		const lines = createLineBytes(4);
		for (const piece of pieces) lines.addLine(piece);
		const joined = pieces.map((piece) => `${piece}\n`).join('');
		expect(lines.take().equals(Buffer.from(joined))).toBe(true);
	});

	it('never writes again over bytes it handed out', () => {
		const lines = createLineBytes(16);
		lines.addLine('first');
		const first = lines.take();
		const copy = Buffer.from(first);
		for (let index = 0; index < 50; index++) {
			lines.addLine(`line ${index} ✓`);
			if (index % 7 === 0) lines.take();
		}

		expect(first.equals(copy)).toBe(true);
		expect(first.toString()).toBe('first\n');
	});

	it('takes nothing when nothing was added', () => {
		const lines = createLineBytes();
		expect(lines.take()).toHaveLength(0);
		lines.add('');
		expect(lines.take()).toHaveLength(0);
	});

	it('sizes the slab of a long piece by its bytes, not by the worst case of 3 bytes a unit', () => {
		const lines = createLineBytes(1024);
		lines.addLine('x'.repeat(1_000_000));
		const taken = lines.take();
		expect(taken).toHaveLength(1_000_001);
		expect(taken.buffer.byteLength).toBeLessThanOrEqual(2 * 1_000_001);
	});

	it('fits a piece longer than a slab in a slab of its own', () => {
		const lines = createLineBytes(8);
		const long = '🏗️'.repeat(1000);
		lines.addLine('a');
		lines.addLine(long);
		lines.addLine('b');
		expect(lines.take().toString()).toBe(`a\n${long}\nb\n`);
	});
});
