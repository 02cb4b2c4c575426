/**
 * Terminal safety for text that came from a server or a hand-edited file: escape sequences and
 * control characters removed, so nothing a server sends can steer the terminal. Used by every
 * layer that prints such text (the UI, error messages, the profile command). Pure functions.
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
