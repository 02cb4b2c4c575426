/**
 * The last step of every Ink frame — laying the written text into a grid of styled cells and
 * turning each row back into a string (ink 6.8's `Output.get`) — done with the same result and
 * less work. The bundle puts it in place of Ink's own (scripts/esbuild-plugins.mjs); test/
 * ink-output.test.ts checks it against Ink's `Output` on random frames.
 *
 * Where Ink's spends its time on a key press, and what is done instead:
 * - every line inside an `overflow="hidden"` box went through `sliceAnsi`, which segments the
 *   whole line into graphemes: a line of one-column characters without escape codes is sliced
 *   with `String.prototype.slice`, which gives the same text;
 * - every row was turned into a string cell by cell, diffing the styles of each cell with the
 *   one before (three `Set`s per cell): cells whose styles equal the previous cell's add no code,
 *   which is what that diff returns for them;
 * - a row whose writes are the very same cached character arrays at the same columns as in the
 *   frame before is the same string as before: it is reused. A key press that moves the
 *   selection changes a few rows; the others are not built again.
 * - the grid is not filled with a new blank cell object per cell: blank cells are only read.
 *
 * And what it keeps across frames stays small (the memory benchmark's peak is garbage promoted to
 * V8's old generation): a plain line's characters are shared objects, and a segment's text is one
 * flat string.
 */

/** An SGR (or link) code as @alcalzone/ansi-tokenize represents it. */
export type AnsiCode = {type: 'ansi'; code: string; endCode: string};

/** One terminal cell's text with the styles it is drawn in. */
export type StyledChar = {type: 'char'; value: string; fullWidth: boolean; styles: AnsiCode[]};

/** A clipping rectangle; a side that is not a number does not clip. */
export type OutputClip = {x1?: number; x2?: number; y1?: number; y2?: number};

/** What Ink's renderer asks its `Output` to do, in order. */
export type OutputOperation =
	| {
			type: 'write';
			x: number;
			y: number;
			text: string;
			transformers: Array<(line: string, index: number) => string>;
	  }
	| {type: 'clip'; clip: OutputClip}
	| {type: 'unclip'};

/** Ink's per-text caches (`OutputCaches`), which the bundle shares across frames. */
export type OutputCaches = {
	getStyledChars: (line: string) => StyledChar[];
	getStringWidth: (text: string) => number;
	getWidestLine: (text: string) => number;
};

/** The text helpers Ink's `Output` imports, handed over so the result is built by the same code. */
export type InkTextTools = {
	sliceAnsi: (text: string, from: number, to?: number) => string;
	diffAnsiCodes: (from: AnsiCode[], to: AnsiCode[]) => AnsiCode[];
	ansiCodesToString: (codes: AnsiCode[]) => string;
};

/** A frame as `Output.get` returns it. */
export type OutputFrame = {output: string; height: number};

/** The frame renderer: the operations of one frame, its size and the caches → the frame. */
export type FrameRenderer = (
	operations: readonly OutputOperation[],
	size: {width: number; height: number},
	caches: OutputCaches,
) => OutputFrame;

/** Where a row's characters were written: character arrays and the column each started at. */
type RowWrites = Array<{x: number; characters: StyledChar[]}>;

type BuiltRow = {width: number; writes: RowWrites; text: string};

/** A written character array as text: the values with the codes between them, and the styles at both ends. */
type Segment = {columns: number; text: string; first: AnsiCode[]; last: AnsiCode[]};

// Printable ASCII, Latin-1 and Latin Extended (not the soft hyphen), Greek and Cyrillic letters
// (not their combining marks), general punctuation (not the zero-width and direction marks) and
// box drawing: one UTF-16 unit and one column each, so a column slice is a string slice. No
// escape code can be among them (ESC and CSI are outside these ranges).
const oneColumnOnly =
	/^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0377\u037A-\u037F\u0384-\u038A\u038C\u038E-\u03A1\u03A3-\u03FF\u0400-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2500-\u257F]*$/;

const noStyles = Object.freeze([]) as unknown as AnsiCode[];

// The unstyled character for each UTF-16 unit `oneColumnOnly` admits, made on first use and shared
// by every line that shows it (frozen: cells are only read). Bounded by those ranges (~1,600).
const plainCharacters: Array<StyledChar | undefined> = [];

function plainCharacter(line: string, index: number): StyledChar {
	const unit = line.charCodeAt(index);
	let character = plainCharacters[unit];
	if (character === undefined) {
		character = Object.freeze({
			type: 'char',
			value: line.charAt(index),
			fullWidth: false,
			styles: noStyles,
		}) as StyledChar;
		plainCharacters[unit] = character;
	}

	return character;
}

/**
 * The styled characters of a line of one-column characters without escape codes, as
 * @alcalzone/ansi-tokenize's `styledCharsFromTokens(tokenize(line))` gives them (every character
 * one grapheme, not full width, unstyled), without its grapheme segmentation; undefined for any
 * other line. The bundle has Ink's styled-line cache try it first: most list rows are such lines.
 * Equal characters are one shared object, so a line Ink keeps cached across frames is an array of
 * references rather than an object per character (which reached V8's old generation by the
 * megabyte while jumping through a long list: the memory benchmark's peak).
 */
export function plainStyledChars(line: string): StyledChar[] | undefined {
	if (!oneColumnOnly.test(line)) return undefined;
	const characters = new Array<StyledChar>(line.length);
	// Every character oneColumnOnly admits is one UTF-16 unit.
	for (let index = 0; index < line.length; index++) {
		characters[index] = plainCharacter(line, index);
	}

	return characters;
}

// One blank cell for every empty place of every frame: cells are only read, never changed.
const blankCell: StyledChar = {type: 'char', value: ' ', fullWidth: false, styles: []};

function sameStyles(previous: AnsiCode[], next: AnsiCode[]): boolean {
	if (previous === next) return true;
	if (previous.length !== next.length) return false;
	for (let index = 0; index < previous.length; index++) {
		const a = previous[index];
		const b = next[index];
		if (a?.code !== b?.code || a?.endCode !== b?.endCode) return false;
	}

	return true;
}

function sameWrites(previous: RowWrites, next: RowWrites): boolean {
	if (previous.length !== next.length) return false;
	for (let index = 0; index < previous.length; index++) {
		const a = previous[index];
		const b = next[index];
		if (a?.x !== b?.x || a?.characters !== b?.characters) return false;
	}

	return true;
}

/**
 * Builds the frame renderer over Ink's own text helpers. It keeps the rows of the frame before
 * (one string and its writes per row: bounded by the terminal's height) to reuse unchanged rows.
 */
export function createFrameRenderer(tools: InkTextTools): FrameRenderer {
	const {sliceAnsi, diffAnsiCodes, ansiCodesToString} = tools;
	let previousRows: Array<BuiltRow | undefined> = [];
	// Weak: a segment goes with its character array when Ink's cache drops the array.
	const segments = new WeakMap<StyledChar[], Segment>();

	/** The codes that go from `previous` styles (none yet: undefined) to `next`; none when equal. */
	function transition(previous: AnsiCode[] | undefined, next: AnsiCode[]): string {
		if (previous === undefined) return ansiCodesToString(next);
		return sameStyles(previous, next) ? '' : ansiCodesToString(diffAnsiCodes(previous, next));
	}

	/** Ink's `styledCharsToString`, skipping the diff where a cell's styles equal the previous cell's. */
	function rowText(cells: StyledChar[]): string {
		let text = '';
		let previous: AnsiCode[] | undefined;
		for (const cell of cells) {
			text += transition(previous, cell.styles) + cell.value;
			previous = cell.styles;
		}

		if (previous !== undefined) text += ansiCodesToString(diffAnsiCodes(previous, []));
		return text;
	}

	/** The text of a written character array, built once per (cached) array. */
	function segmentOf(characters: StyledChar[], caches: OutputCaches): Segment {
		let segment = segments.get(characters);
		if (segment !== undefined) return segment;
		// Joined once, not appended to: a segment lives as long as its cached array, and a string
		// built by `+=` is a chain of one small string object per character.
		const parts: string[] = [];
		let columns = 0;
		let previous: AnsiCode[] | undefined;
		for (const character of characters) {
			if (previous !== undefined && !sameStyles(previous, character.styles)) {
				parts.push(ansiCodesToString(diffAnsiCodes(previous, character.styles)));
			}

			parts.push(character.value);
			previous = character.styles;
			columns += Math.max(1, caches.getStringWidth(character.value));
		}

		const text = parts.join('');
		segment = {columns, text, first: characters[0]?.styles ?? [], last: previous ?? []};
		segments.set(characters, segment);
		return segment;
	}

	/**
	 * A row of writes that neither overlap nor leave the row, joined from their segments and the
	 * blanks between them: the string `buildRow` gives, without a cell per column. Undefined for
	 * any other row.
	 */
	function joinedRow(width: number, writes: RowWrites, caches: OutputCaches): string | undefined {
		const placed: Array<{x: number; segment: Segment}> = [];
		let isOrdered = true;
		for (const {x, characters} of writes) {
			if (characters.length === 0) continue;
			if (!Number.isInteger(x) || x < 0) return undefined;
			if (x < (placed.at(-1)?.x ?? 0)) isOrdered = false;
			placed.push({x, segment: segmentOf(characters, caches)});
		}

		// Ink mostly writes a row left to right; sorting copies the array even then.
		if (!isOrdered) placed.sort((left, right) => left.x - right.x);
		let text = '';
		let previous: AnsiCode[] | undefined;
		let column = 0;
		const blanks = (count: number) => {
			text += transition(previous, blankCell.styles) + ' '.repeat(count);
			previous = blankCell.styles;
		};

		for (const {x, segment} of placed) {
			if (x < column) return undefined;
			if (x > column) blanks(x - column);
			text += transition(previous, segment.first) + segment.text;
			previous = segment.last;
			column = x + segment.columns;
		}

		if (column > width) return undefined;
		if (column < width) blanks(width - column);
		if (previous !== undefined) text += ansiCodesToString(diffAnsiCodes(previous, []));
		return text.trimEnd();
	}

	function buildRow(width: number, writes: RowWrites, caches: OutputCaches): string {
		const cells: Array<StyledChar | undefined> = new Array<StyledChar>(width).fill(blankCell);
		for (const {x, characters} of writes) {
			let offsetX = x;
			for (const character of characters) {
				cells[offsetX] = character;
				// Ink's own rule: a cell wider than one column blanks the cells it covers.
				const characterWidth = Math.max(1, caches.getStringWidth(character.value));
				for (let index = 1; index < characterWidth; index++) {
					cells[offsetX + index] = {
						type: 'char',
						value: '',
						fullWidth: false,
						styles: character.styles,
					};
				}

				offsetX += characterWidth;
			}
		}

		// Writes past the width can leave holes; Ink drops them.
		const isWhole = cells.length === width || !cells.includes(undefined);
		return rowText(
			isWhole ? (cells as StyledChar[]) : cells.filter((cell) => cell !== undefined),
		).trimEnd();
	}

	function sliceLine(line: string, from: number, to: number): string {
		return oneColumnOnly.test(line)
			? line.slice(from, Math.max(from, to))
			: sliceAnsi(line, from, to);
	}

	return (operations, {width, height}, caches) => {
		const rows: RowWrites[] = Array.from({length: height}, () => []);
		const clips: OutputClip[] = [];
		for (const operation of operations) {
			if (operation.type === 'clip') clips.push(operation.clip);
			if (operation.type === 'unclip') clips.pop();
			if (operation.type !== 'write') continue;
			const {text, transformers} = operation;
			let {x, y} = operation;
			let lines = text.split('\n');
			const clip = clips.at(-1);
			if (clip !== undefined) {
				const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
				const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
				const {x1 = 0, x2 = 0, y1 = 0, y2 = 0} = clip;
				if (clipHorizontally) {
					const widest = caches.getWidestLine(text);
					if (x + widest < x1 || x > x2) continue;
				}

				if (clipVertically && (y + lines.length < y1 || y > y2)) continue;
				if (clipHorizontally) {
					const left = x;
					lines = lines.map((line) => {
						const from = left < x1 ? x1 - left : 0;
						const lineWidth = caches.getStringWidth(line);
						const to = left + lineWidth > x2 ? x2 - left : lineWidth;
						return sliceLine(line, from, to);
					});
					if (x < x1) x = x1;
				}

				if (clipVertically) {
					const from = y < y1 ? y1 - y : 0;
					const to = y + lines.length > y2 ? y2 - y : lines.length;
					lines = lines.slice(from, to);
					if (y < y1) y = y1;
				}
			}

			let offsetY = 0;
			for (const [index, written] of lines.entries()) {
				const row = rows[y + offsetY];
				// As in Ink: a line outside the frame is skipped (and so are the lines after it).
				if (row === undefined) continue;
				let line = written;
				for (const transformer of transformers) line = transformer(line, index);
				row.push({x, characters: caches.getStyledChars(line)});
				offsetY++;
			}
		}

		const texts: string[] = [];
		const built: Array<BuiltRow | undefined> = [];
		for (const [index, writes] of rows.entries()) {
			const previous = previousRows[index];
			const text =
				previous?.width === width && sameWrites(previous.writes, writes)
					? previous.text
					: (joinedRow(width, writes, caches) ?? buildRow(width, writes, caches));
			texts.push(text);
			built.push({width, writes, text});
		}

		previousRows = built;
		return {output: texts.join('\n'), height};
	};
}
