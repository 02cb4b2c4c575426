/**
 * Visible escapes for characters that must not reach the terminal as they are. Where
 * `sanitizeLine` drops them (names, titles), these helpers show them as `\u202e`, so a raw JSON
 * view or a diff tells the reader that a value holds a control or a direction override, and the
 * text stays valid JSON to copy. Pure functions; `escapeControls` is the one of source/sanitize.ts.
 */
import {escapeControls} from '../sanitize.js';

export {escapeControls};

/**
 * `text` as a JSON string literal (quotes included) that is safe on one terminal line:
 * `JSON.stringify` (which escapes C0 and lone surrogates) plus `escapeControls` for what it
 * leaves as it is. `JSON.parse` of the result gives `text` back.
 */
export function quoteJson(text: string): string {
	return escapeControls(JSON.stringify(text));
}
