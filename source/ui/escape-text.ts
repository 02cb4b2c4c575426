/**
 * Visible escapes for characters that must not reach the terminal as they are. Where
 * `sanitizeLine` drops them (names, titles), these helpers show them as `\u202e`, so a raw JSON
 * view or a diff tells the reader that a value holds a control or a direction override, and the
 * text stays valid JSON to copy. Pure functions.
 */

// C0, DEL, C1, the line and paragraph separators, bidi embeddings/overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const unsafe = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// After JSON.stringify only these remain unescaped (it already escapes C0 and lone surrogates).
const unsafeAfterJson = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// With the `u` flag a well-formed pair is one code point, so this matches lone surrogates only.
const loneSurrogate = /[\uD800-\uDFFF]/gu;

function unicodeEscape(character: string): string {
	return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character (C0, DEL, C1), line/paragraph separator, bidi control and
 * lone surrogate replaced by its `\uXXXX` escape; everything else unchanged. The result is safe
 * on one terminal line. Note that a backslash is not escaped, so the result is for reading, not
 * for parsing back (use `quoteJson` for that).
 */
export function escapeControls(text: string): string {
	return text.replace(unsafe, unicodeEscape).replace(loneSurrogate, unicodeEscape);
}

/**
 * `text` as a JSON string literal (quotes included) that is safe on one terminal line:
 * `JSON.stringify` plus `\uXXXX` escapes for DEL, C1, line separators and bidi controls, which
 * `JSON.stringify` leaves as they are. `JSON.parse` of the result gives `text` back.
 */
export function quoteJson(text: string): string {
	return JSON.stringify(text).replace(unsafeAfterJson, unicodeEscape);
}
