/**
 * Ink's styled characters, shared. Ink 6.8 turns every line it draws into one object per
 * character (`{type, value, fullWidth, styles}`, each with its own copy of the style codes) and
 * the bundle keeps those arrays in a cache across frames (scripts/esbuild-plugins.mjs). A cached
 * line of 100 characters was ~200 objects that outlive the young generation, so every page of a
 * long list left megabytes in the old generation; V8 then grew the heap to ~4× what was live
 * before collecting it (the memory benchmark's peak). Here one object stands for every equal
 * character in equal styles (interned, frozen, a bounded pool), so a cached line is an array of
 * references; and turning characters back into text skips the style diff where the style does
 * not change (every character but the few at a colour change). The output is the same as
 * @alcalzone/ansi-tokenize's, character for character (test/styled-chars.test.ts). The bundle
 * points ink's output.js import of @alcalzone/ansi-tokenize here, so this module exports every
 * name of the package.
 */
import {
	ansiCodesToString,
	diffAnsiCodes,
	reduceAnsiCodesIncremental,
	type AnsiCode,
	type StyledChar,
	type Token,
} from '@alcalzone/ansi-tokenize';

// Ink's output.js imports the package's names from here: all of them pass through, but these two.
export * from '@alcalzone/ansi-tokenize';

/** One style (a list of codes) and the characters interned in it, by their text. */
type StyleGroup = {styles: readonly AnsiCode[]; chars: Map<string, StyledChar>};

/** A bounded pool of interned styled characters. */
export type StyledCharPool = {
	/** The characters of `tokens` (as `styledCharsFromTokens`), equal ones as one frozen object. */
	fromTokens: (tokens: readonly Token[]) => StyledChar[];
	/** Characters interned now (at most the pool's bound). */
	size: () => number;
};

const noStyles: readonly AnsiCode[] = Object.freeze([]);

/**
 * A pool of at most `maxChars` interned characters; when it is full it starts afresh (the
 * characters handed out stay valid, they are just no longer shared with new ones).
 */
export function createStyledCharPool({maxChars}: {maxChars: number}): StyledCharPool {
	const groups = new Map<string, StyleGroup>();
	let interned = 0;

	const groupOf = (codes: readonly AnsiCode[]): StyleGroup => {
		// Codes are compared by their text (the end code follows from it), as the diff does.
		const key = codes.length === 0 ? '' : codes.map((code) => code.code).join('\u0000');
		let group = groups.get(key);
		if (group === undefined) {
			const styles = codes.length === 0 ? noStyles : Object.freeze([...codes]);
			group = {styles, chars: new Map()};
			groups.set(key, group);
		}

		return group;
	};

	return {
		fromTokens(tokens) {
			let codes: AnsiCode[] = [];
			let group: StyleGroup | undefined;
			const chars: StyledChar[] = [];
			for (const token of tokens) {
				if (token.type === 'ansi') {
					codes = reduceAnsiCodesIncremental(codes, [token]);
					group = undefined;
					continue;
				}

				group ??= groupOf(codes);
				let char = group.chars.get(token.value);
				if (char?.fullWidth !== token.fullWidth) {
					if (interned >= maxChars) {
						groups.clear();
						interned = 0;
						group = groupOf(codes);
					}

					// The package's types say mutable; frozen, a change would throw instead of
					// silently restyling every place the character is shown.
					char = Object.freeze({
						type: 'char',
						value: token.value,
						fullWidth: token.fullWidth,
						styles: group.styles,
					}) as StyledChar;
					if (!group.chars.has(token.value)) interned += 1;
					group.chars.set(token.value, char);
				}

				chars.push(char);
			}

			return chars;
		},
		size: () => interned,
	};
}

// One pool for the process, as Ink's own caches are: its bound keeps it to a few hundred KB.
const pool = createStyledCharPool({maxChars: 4096});

/** As @alcalzone/ansi-tokenize's `styledCharsFromTokens`, with equal characters shared (read-only). */
export function styledCharsFromTokens(tokens: readonly Token[]): StyledChar[] {
	return pool.fromTokens(tokens);
}

function isSameStyle(left: readonly AnsiCode[], right: readonly AnsiCode[]): boolean {
	if (left === right) return true;
	if (left.length !== right.length) return false;
	for (let index = 0; index < left.length; index++) {
		if (left[index] !== right[index]) return false;
	}

	return true;
}

/**
 * As @alcalzone/ansi-tokenize's `styledCharsToString`: the text with the fewest codes between
 * characters, and every style undone at the end; a character in the style of the one before it
 * costs no diff.
 */
export function styledCharsToString(chars: readonly StyledChar[]): string {
	let text = '';
	let previous: readonly AnsiCode[] = noStyles;
	for (const char of chars) {
		if (!isSameStyle(previous, char.styles)) {
			text += ansiCodesToString(diffAnsiCodes(previous as AnsiCode[], char.styles));
		}

		text += char.value;
		previous = char.styles;
	}

	// The package's diff only reads its arguments.
	if (previous.length > 0) text += ansiCodesToString(diffAnsiCodes(previous as AnsiCode[], []));
	return text;
}
