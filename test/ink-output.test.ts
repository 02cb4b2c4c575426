import {
	ansiCodesToString,
	diffAnsiCodes,
	styledCharsFromTokens,
	tokenize,
} from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import sliceAnsi from 'slice-ansi';
import {describe, expect, it} from 'vitest';
// Ink's own Output: the bundle replaces its `get` with the renderer under test, which must give
// the very same frames. Not part of ink's public exports, so imported by path.
import InkOutput from '../node_modules/ink/build/output.js';
import {
	createFrameRenderer,
	plainStyledChars,
	type InkTextTools,
	type OutputCaches,
	type OutputOperation,
} from '../source/ink-output.js';

type InkOutputInstance = {
	operations: OutputOperation[];
	caches: OutputCaches;
	write: (
		x: number,
		y: number,
		text: string,
		options: {transformers: Array<(line: string, index: number) => string>},
	) => void;
	clip: (clip: {x1?: number; x2?: number; y1?: number; y2?: number}) => void;
	unclip: () => void;
	get: () => {output: string; height: number};
};

const InkOutputClass = InkOutput as unknown as new (size: {
	width: number;
	height: number;
}) => InkOutputInstance;

const tools: InkTextTools = {sliceAnsi, diffAnsiCodes, ansiCodesToString};

const styleCodes = [
	'\u001B[31m',
	'\u001B[32m',
	'\u001B[39m',
	'\u001B[7m',
	'\u001B[27m',
	'\u001B[1m',
	'\u001B[2m',
	'\u001B[22m',
	'\u001B[0m',
];

// One-column text on both sides of the fast slice's edges, wide and zero-width characters, and
// colour codes as Ink's own `<Text color>` writes them.
const pieces = [
	...'abc XYZ~é×ÿΑωЖ–…›│┼',
	'\u00AD',
	'\u0300',
	'\u200B',
	'東',
	'京',
	'🌉',
	'🏗️',
	'👍🏽',
	...styleCodes,
	'\n',
];

const oneColumn = [...'abc XYZ~é×ÿΑωЖ–…›│┼'];
const textArbitrary = fc.oneof(
	fc.array(fc.constantFrom(...pieces), {maxLength: 40}).map((parts) => parts.join('')),
	// Lines of one-column text (the fast slice) with colour changes between cells.
	fc
		.array(
			fc.oneof(
				{weight: 4, arbitrary: fc.constantFrom(...oneColumn)},
				{weight: 1, arbitrary: fc.constantFrom(...styleCodes)},
			),
			{maxLength: 40},
		)
		.map((parts) => parts.join('')),
);

const transformersByName: Record<string, (line: string, index: number) => string> = {
	red: (line) => `\u001B[31m${line}\u001B[39m`,
	inverse: (line) => `\u001B[7m${line}\u001B[27m`,
	dim: (line) => `\u001B[2m${line}\u001B[22m`,
	numbered: (line, index) => `${index}${line}`,
};

type Step =
	| {type: 'write'; x: number; y: number; text: string; transformers: string[]}
	| {type: 'clip'; x1?: number; x2?: number; y1?: number; y2?: number}
	| {type: 'unclip'};

const side = fc.option(fc.integer({min: -3, max: 25}), {nil: undefined, freq: 4});
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			type: fc.constant('write' as const),
			x: fc.integer({min: -3, max: 22}),
			y: fc.integer({min: -2, max: 8}),
			text: textArbitrary,
			transformers: fc.subarray(Object.keys(transformersByName)),
		}),
	},
	{
		weight: 1,
		arbitrary: fc.record(
			{type: fc.constant('clip' as const), x1: side, x2: side, y1: side, y2: side},
			{requiredKeys: ['type']},
		),
	},
	{weight: 1, arbitrary: fc.record({type: fc.constant('unclip' as const)})},
);

function play(output: InkOutputInstance, steps: Step[]): void {
	for (const step of steps) {
		if (step.type === 'write') {
			output.write(step.x, step.y, step.text, {
				transformers: step.transformers.map((name) => transformersByName[name]!),
			});
		} else if (step.type === 'clip') {
			const {type: _type, ...clip} = step;
			output.clip(clip);
		} else {
			output.unclip();
		}
	}
}

describe('the frame renderer that replaces Ink’s Output.get', () => {
	it('gives the same frame as Ink for any writes, clips and transformers', () => {
		fc.assert(
			fc.property(
				fc.integer({min: 1, max: 20}),
				fc.integer({min: 1, max: 6}),
				fc.array(stepArbitrary, {maxLength: 12}),
				(width, height, steps) => {
					const ink = new InkOutputClass({width, height});
					play(ink, steps);
					const render = createFrameRenderer(tools);
					expect(render(ink.operations, {width, height}, ink.caches)).toEqual(ink.get());
				},
			),
			{numRuns: 600},
		);
	});

	it('gives the same frames as Ink over a run of frames that share caches and rows', () => {
		fc.assert(
			fc.property(
				fc.integer({min: 1, max: 20}),
				fc.integer({min: 1, max: 6}),
				fc.array(fc.array(stepArbitrary, {maxLength: 8}), {minLength: 2, maxLength: 6}),
				fc.array(fc.nat(), {minLength: 6, maxLength: 6}),
				(width, height, frames, picks) => {
					const render = createFrameRenderer(tools);
					let caches: OutputCaches | undefined;
					for (const [index, steps] of frames.entries()) {
						// Frames repeat each other often, as when a key changes one row.
						const chosen = frames[(picks[index] ?? 0) % (index + 1)] ?? steps;
						const ink = new InkOutputClass({width, height});
						caches ??= ink.caches;
						ink.caches = caches;
						play(ink, chosen);
						expect(render(ink.operations, {width, height}, caches)).toEqual(ink.get());
					}
				},
			),
			{numRuns: 300},
		);
	});

	it('reuses a row whose writes are unchanged and builds a row again when they change', () => {
		// Which rows were built, told by the codes each row opens with: row N is drawn in colour N.
		const colour = (row: number) => `\u001B[3${row + 1}m`;
		const colours = new Set([colour(0), colour(1), colour(2)]);
		let opened: string[] = [];
		const counting: InkTextTools = {
			...tools,
			ansiCodesToString(codes) {
				opened.push(...codes.map(({code}) => code).filter((code) => colours.has(code)));
				return ansiCodesToString(codes);
			},
		};
		const render = createFrameRenderer(counting);
		const caches = new InkOutputClass({width: 10, height: 3}).caches;
		const frame = (selected: number) => {
			const ink = new InkOutputClass({width: 10, height: 3});
			ink.caches = caches;
			for (const row of [0, 1, 2]) {
				const text = `${colour(row)}row ${row}\u001B[39m`;
				ink.write(0, row, text, {
					transformers: row === selected ? [transformersByName['inverse']!] : [],
				});
			}

			opened = [];
			return {ink, frame: render(ink.operations, {width: 10, height: 3}, ink.caches)};
		};

		const first = frame(0);
		expect(first.frame).toEqual(first.ink.get());
		expect(new Set(opened)).toEqual(new Set([colour(0), colour(1), colour(2)]));
		const same = frame(0);
		expect(same.frame).toEqual(first.frame);
		expect(opened).toEqual([]);
		const moved = frame(1);
		expect(moved.frame).toEqual(moved.ink.get());
		expect(moved.frame.output).not.toBe(first.frame.output);
		expect(new Set(opened)).toEqual(new Set([colour(0), colour(1)]));
	});
});

describe('plainStyledChars', () => {
	it('styles a plain one-column line as Ink’s tokenizer does, and leaves every other line to it', () => {
		let plain = 0;
		fc.assert(
			fc.property(textArbitrary, (text) => {
				for (const line of text.split('\n')) {
					const fast = plainStyledChars(line);
					if (fast === undefined) {
						expect(line).toMatch(
							/[^ -~\u00A0-\u00AC\u00AE-\u02FF\u0370-\u052F\u2010-\u205E\u2500-\u257F]/u,
						);
						continue;
					}

					plain += 1;
					expect(fast).toEqual(styledCharsFromTokens(tokenize(line)));
				}
			}),
			{numRuns: 600},
		);
		expect(plain).toBeGreaterThan(100);
		expect(plainStyledChars('\u001B[7mrow\u001B[27m')).toBeUndefined();
		expect(plainStyledChars('東京')).toBeUndefined();
	});

	it('shares one frozen object per character across lines, so a cached line holds references only', () => {
		const first = plainStyledChars('a row of text')!;
		const second = plainStyledChars('another row')!;
		// 'a' and ' ' in both lines, and 'o' twice in one line, are the same objects.
		expect(second[0]).toBe(first[0]);
		expect(second[7]).toBe(first[1]);
		expect(first[3]).toBe(first[6]);
		expect(Object.isFrozen(first[0])).toBe(true);
		expect(Object.isFrozen(first[0]!.styles)).toBe(true);
		// Characters that look alike but differ stay apart.
		expect(plainStyledChars('aA')![0]).not.toBe(plainStyledChars('aA')![1]);
	});
});
