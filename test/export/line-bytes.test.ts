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

/** A run as addRun should write it: the bytes, a newline for each break, and one at the end. */
function runBytes(
	source: Uint8Array,
	start: number,
	end: number,
	breaks: readonly number[],
): Buffer {
	const copy = Buffer.from(source.subarray(start, end));
	for (const at of breaks) copy[at - start] = 0x0a;
	return Buffer.concat([copy, Buffer.from('\n')]);
}

type RunStep =
	| {kind: 'line'; text: string}
	| {kind: 'run'; source: Uint8Array; start: number; end: number; breaks: number[]}
	| {kind: 'take'};

const runStep: fc.Arbitrary<RunStep> = fc.oneof(
	fc.record({kind: fc.constant('line' as const), text: trickyText}),
	fc
		.tuple(fc.uint8Array({maxLength: 100}), fc.nat(), fc.nat(), fc.array(fc.nat(), {maxLength: 5}))
		.map(([source, first, second, picks]) => {
			const start = Math.min(first, second) % (source.length + 1);
			const end = start + ((Math.max(first, second) - start) % (source.length - start + 1));
			const breaks =
				end === start
					? []
					: [...new Set(picks.map((pick) => start + (pick % (end - start))))].sort((a, b) => a - b);
			return {kind: 'run' as const, source, start, end, breaks};
		}),
	fc.constant({kind: 'take' as const}),
);

describe('createLineBytes: runs of bytes', () => {
	it('writes each record of a run as a line: a newline for each break and one at the end', () => {
		const source = Buffer.from('[{"a":1},{"b":"桥"},{"c":[1,2]}]');
		const lines = createLineBytes();
		const breaks = [source.indexOf('},{') + 1, source.lastIndexOf('},{') + 1];
		lines.addRun(source, 1, source.length - 1, breaks);
		expect(lines.take().toString()).toBe('{"a":1}\n{"b":"桥"}\n{"c":[1,2]}\n');
		// The source is left as it was.
		expect(source.toString()).toBe('[{"a":1},{"b":"桥"},{"c":[1,2]}]');
	});

	it('writes a run without breaks as one line, and an empty one as a newline', () => {
		const lines = createLineBytes();
		const source = Buffer.from('xx{"a":1}yy');
		lines.addRun(source, 2, 9, []);
		lines.addRun(source, 4, 4, []);
		expect(lines.take().toString()).toBe('{"a":1}\n\n');
	});

	it('gives the bytes of each piece and run in order, however the slabs fill and whenever taken', () => {
		fc.assert(
			fc.property(
				fc.array(runStep, {maxLength: 30}),
				fc.integer({min: 1, max: 64}),
				(list, slabBytes) => {
					const lines = createLineBytes(slabBytes);
					const taken: Buffer[] = [];
					const expected: Buffer[] = [];
					for (const step of list) {
						if (step.kind === 'line') {
							lines.addLine(step.text);
							expected.push(Buffer.from(`${step.text}\n`));
						} else if (step.kind === 'run') {
							const before = Buffer.from(step.source);
							lines.addRun(step.source, step.start, step.end, step.breaks);
							expect(Buffer.from(step.source).equals(before)).toBe(true);
							expected.push(runBytes(step.source, step.start, step.end, step.breaks));
						} else {
							taken.push(lines.take());
						}
					}

					taken.push(lines.take());
					expect(Buffer.concat(taken).equals(Buffer.concat(expected))).toBe(true);
				},
			),
			{numRuns: 300},
		);
	});

	it('fits a run longer than a slab, and keeps what was not taken before it', () => {
		const lines = createLineBytes(8);
		const source = Buffer.from(`${'{"a":"桥"},'.repeat(500)}{"a":"end"}`);
		const breaks = Array.from(
			{length: 500},
			(_, index) => (index + 1) * Buffer.byteLength('{"a":"桥"},') - 1,
		);
		lines.addLine('first');
		lines.addRun(source, 0, source.length, breaks);
		lines.addLine('last');
		expect(lines.take().toString()).toBe(`first\n${'{"a":"桥"}\n'.repeat(500)}{"a":"end"}\nlast\n`);
	});

	it('never writes again over bytes it handed out', () => {
		const lines = createLineBytes(16);
		const source = Buffer.from('{"a":1},{"b":2}');
		lines.addRun(source, 0, source.length, [7]);
		const first = lines.take();
		const copy = Buffer.from(first);
		for (let index = 0; index < 50; index++) {
			lines.addRun(source, 0, source.length, index % 2 === 0 ? [7] : []);
			if (index % 7 === 0) lines.take();
		}

		expect(first.equals(copy)).toBe(true);
		expect(first.toString()).toBe('{"a":1}\n{"b":2}\n');
	});
});
