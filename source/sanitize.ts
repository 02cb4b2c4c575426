/**
 * Terminal safety for text that came from a server, a hand-edited file or another program:
 * escape sequences and control characters removed (or shown escaped), and tokens redacted, so
 * nothing from outside can steer the terminal or make us print a secret. Used by every layer that
 * prints such text (the UI, error messages, the crash report, the export, the profile command).
 * Pure functions.
 *
 * - `redact`: tokens out of any text (on a copy without invisible characters).
 * - `safeForTerminal`: external text for the terminal: sanitised and redacted.
 * - `errorText`: the one way an error's message reaches a human (screen, stderr, `--json`).
 * - `escapeControls`: invisible and control characters shown as `\u202e` (JSON text, raw view).
 */

// Control strings (OSC, DCS, SOS, PM, APC) in their 7-bit and 8-bit forms run until BEL or ST;
// a terminal swallows an unterminated one to the end, and so do we.
const controlString =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point here
	/(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)/g;
// CSI with parameter, intermediate and final bytes, then any other ESC with intermediates + final.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const controlSequence = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]?|\u001B[ -/]*[0-~]?/g;
const lineBreak = /\r\n|[\r\n\u2028\u2029]/g;
const blockLineBreak = /\r\n?|[\u2028\u2029]/g;
const tab = /\t/g;
// C0 (including any ESC left over), DEL, C1, bidi embeddings/overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const lineControl = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const blockControl = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// With the `u` flag a well-formed pair is one code point, so this matches lone surrogates only.
const loneSurrogate = /[\uD800-\uDFFF]/gu;

function stripEscapes(text: string): string {
	return text.replace(controlString, '').replace(controlSequence, '');
}

/**
 * Makes server text safe for one terminal line: removes escape sequences (CSI, OSC, DCS, …)
 * entirely, C0 and C1 controls, DEL, bidi overrides and isolates and lone surrogates; a tab
 * becomes one space and any line break one space. Idempotent; printable text is unchanged.
 */
export function sanitizeLine(text: string): string {
	return stripEscapes(text)
		.replace(lineBreak, ' ')
		.replace(tab, ' ')
		.replace(lineControl, '')
		.replace(loneSurrogate, '');
}

/**
 * Like `sanitizeLine`, but keeps line breaks for multi-line text: `\r\n`, `\r`, U+2028 and
 * U+2029 all become `\n`.
 */
export function sanitizeBlock(text: string): string {
	return stripEscapes(text)
		.replace(blockLineBreak, '\n')
		.replace(tab, ' ')
		.replace(blockControl, '')
		.replace(loneSurrogate, '');
}

// Characters a terminal should never get raw but that a reader may need to see: C0, DEL, C1,
// bidi embeddings, overrides, isolates and marks, zero-width characters, line/paragraph
// separators. Shown escaped (`\u202e`) by `escapeControls`.
const unsafeCharacter =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point here
	/[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

const hasUnsafeCharacter = new RegExp(unsafeCharacter.source);

/** Whether `text` holds a character that `escapeControls` would escape. */
export function hasControls(text: string): boolean {
	return hasUnsafeCharacter.test(text);
}

/**
 * Shows every control, bidi and zero-width character of `text` as a JSON escape (`\u202e`), so
 * two strings that differ only by one look different and none can reorder or hide what follows.
 * Applied to JSON text the result is still valid JSON that parses to the same value.
 */
export function escapeControls(text: string): string {
	return text.replace(
		unsafeCharacter,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

// What redaction looks through: everything `sanitizeLine` would remove, plus format characters
// (zero-width, bidi), combining marks and the Hangul fillers, which render as nothing. Built on
// first use: compiling the Unicode property classes costs ~0.35 ms in every process that loads
// this module (the `--json` export too), and only `redact` needs them.
let invisibleExpressions: {invisible: RegExp; hasInvisible: RegExp} | undefined;

function invisibleCharacters(): {invisible: RegExp; hasInvisible: RegExp} {
	if (invisibleExpressions === undefined) {
		const invisible = new RegExp(
			`${controlString.source}|${controlSequence.source}|[\\p{Cc}\\p{Cf}\\p{M}\\u115F\\u1160\\u3164\\uFFA0]`,
			'gu',
		);
		invisibleExpressions = {invisible, hasInvisible: new RegExp(invisible.source, 'u')};
	}

	return invisibleExpressions;
}

const tokenPattern = /vktrpat_[\w-]+/g;

/** Secrets shorter than this are not replaced by `redact`: they would garble ordinary words. */
const shortestRedactedSecret = 6;

type Span = {start: number; end: number; replacement: string};

/**
 * `text` without invisible characters, and for each of its characters where it stands in
 * `text` (plus the end); `origin` is undefined when nothing was removed.
 */
function visibleCopy(text: string): {plain: string; origin: Uint32Array | undefined} {
	const {invisible, hasInvisible} = invisibleCharacters();
	if (!hasInvisible.test(text)) return {plain: text, origin: undefined};
	const parts: string[] = [];
	const origin = new Uint32Array(text.length + 1);
	let length = 0;
	let index = 0;
	const keep = (end: number) => {
		parts.push(text.slice(index, end));
		for (; index < end; index++) origin[length++] = index;
	};

	for (const match of text.matchAll(invisible)) {
		keep(match.index);
		index = match.index + match[0].length;
	}

	keep(text.length);
	origin[length] = text.length;
	return {plain: parts.join(''), origin: origin.subarray(0, length + 1)};
}

function replaceSpans(text: string, spans: Span[]): string {
	if (spans.length === 0) return text;
	spans.sort((left, right) => left.start - right.start || right.end - left.end);
	let result = '';
	let at = 0;
	for (const span of spans) {
		if (span.start < at) continue;
		result += text.slice(at, span.start) + span.replacement;
		at = span.end;
	}

	return result + text.slice(at);
}

/**
 * Replaces every occurrence of the given secrets (such as the exact token in use, whatever its
 * shape; at least 6 characters) with `[redacted]` and anything shaped like a VIKTOR Personal
 * Access Token with `vktrpat_[redacted]`. Matching looks through escape sequences, control,
 * zero-width, bidi and other invisible characters, so a token with such characters between its
 * characters is redacted whole. Idempotent.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	const {plain, origin} = visibleCopy(text);
	const spans: Span[] = [];
	const add = (start: number, end: number, replacement: string) => {
		spans.push(
			origin === undefined
				? {start, end, replacement}
				: {start: origin[start] ?? text.length, end: (origin[end - 1] ?? 0) + 1, replacement},
		);
	};

	for (const secret of secrets) {
		if (secret === undefined) continue;
		const needle = visibleCopy(secret).plain;
		if (needle.length < shortestRedactedSecret) continue;
		for (
			let at = plain.indexOf(needle);
			at !== -1;
			at = plain.indexOf(needle, at + needle.length)
		) {
			add(at, at + needle.length, '[redacted]');
		}
	}

	for (const match of plain.matchAll(tokenPattern)) {
		add(match.index, match.index + match[0].length, 'vktrpat_[redacted]');
	}

	return replaceSpans(text, spans);
}

/** Options of `safeForTerminal`. */
export type SafeTextOptions = {
	/** Exact secrets to redact besides anything token-shaped (the token in use). */
	secrets?: ReadonlyArray<string | undefined>;
	/** Keep line breaks (as `\n`) instead of joining the lines with spaces. */
	isMultiline?: boolean;
};

/**
 * Makes text from outside (a server, a config file, another program's output) safe to print:
 * redacted (see `redact`) and sanitised (see `sanitizeLine`, or `sanitizeBlock` with
 * `isMultiline`), so it cannot steer the terminal, reorder text with bidi controls, or show a
 * token.
 */
export function safeForTerminal(
	text: string,
	{secrets, isMultiline}: SafeTextOptions = {},
): string {
	const redacted = redact(text, secrets);
	return isMultiline === true ? sanitizeBlock(redacted) : sanitizeLine(redacted);
}

/**
 * The message of anything thrown, ready for a human: redacted and sanitised on one line. The one
 * path by which an error reaches the screen, stderr or a `--json` error line.
 */
export function errorText(error: unknown, secrets: ReadonlyArray<string | undefined> = []): string {
	let message: string;
	try {
		message = error instanceof Error ? error.message : String(error);
	} catch {
		message = 'an error that cannot be shown';
	}

	return safeForTerminal(message, {secrets}).trim();
}
