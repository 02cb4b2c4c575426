/**
 * Visible escapes for characters that must not reach the terminal as they are. Where
 * `sanitizeLine` drops them (names, titles), these helpers show them as `\u202e`, so a raw JSON
 * view or a diff tells the reader that a value holds a control or a direction override, and the
 * text stays valid JSON to copy. Pure functions.
 *
 * `escapeControls` escapes the same characters as the one of that name the "net" branch adds to
 * source/sanitize.ts; once both are on main, this module should re-export that one.
 */

// C0, DEL, C1, the soft hyphen, bidi embeddings, overrides, isolates and marks, zero-width
// characters, line/paragraph separators and the byte order mark.
const unsafeCharacter =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point here
	/[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * `text` with every control (C0, DEL, C1), bidi and zero-width character and line/paragraph
 * separator shown as its `\uXXXX` escape; everything else unchanged. Applied to JSON text the
 * result is still JSON that parses to the same value.
 */
export function escapeControls(text: string): string {
	return text.replace(
		unsafeCharacter,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

/**
 * `text` as a JSON string literal (quotes included) that is safe on one terminal line:
 * `JSON.stringify` (which escapes C0 and lone surrogates) plus `escapeControls` for what it
 * leaves as it is. `JSON.parse` of the result gives `text` back.
 */
export function quoteJson(text: string): string {
	return escapeControls(JSON.stringify(text));
}
