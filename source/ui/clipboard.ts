/**
 * Copy through the terminal with OSC 52, so copying works over SSH and inside tmux: the text
 * travels base64-encoded in an escape sequence and the terminal puts it on the clipboard. Inside
 * tmux the sequence is wrapped in tmux's DCS passthrough (the caller says whether it runs in
 * tmux; nothing here reads the environment). Terminals cap the sequence, so text above a limit
 * is not sent: the caller shows it for the user to select instead. Pure functions, except that
 * `createClipboardWriter` calls the `write` it is given.
 */
import {Buffer} from 'node:buffer';
import {formatCount} from './text.js';

/**
 * The largest base64 payload sent, in characters: 100,000, the limit of hterm and of several
 * terminals that copy hterm's (about 73 KiB of text); xterm and tmux allow at least as much.
 */
export const maxClipboardPayload = 100_000;

/** Options of `clipboardSequence`. */
export type ClipboardOptions = {
	/** Whether the program runs inside tmux (`$TMUX` set): the sequence is then wrapped for it. */
	isTmux: boolean;
	/** The largest base64 payload to send; larger text is refused with a reason. */
	maxPayload?: number;
};

/** The escape sequence that copies a text, or why it is not sent. */
export type ClipboardSequence =
	| {ok: true; sequence: string}
	| {
			ok: false;
			/** Why, and what to do instead: `… show the text to select instead`. */
			reason: string;
	  };

const escape = '\u001B';
const bell = '\u0007';
const stringTerminator = `${escape}\\`;

function kibibytes(bytes: number): string {
	return `${formatCount(Math.ceil(bytes / 1024))} KB`;
}

/**
 * The OSC 52 sequence that puts `text` on the clipboard (`ESC ] 52 ; c ; base64 BEL`); inside
 * tmux wrapped as `ESC P tmux; … ESC \` with every ESC inside doubled. Text whose payload would
 * exceed the limit gives a reason instead of a sequence.
 */
export function clipboardSequence(text: string, options: ClipboardOptions): ClipboardSequence {
	const maxPayload = options.maxPayload ?? maxClipboardPayload;
	const bytes = Buffer.byteLength(text, 'utf8');
	// base64 grows 3 bytes into 4 characters: check before encoding a huge text.
	if (Math.ceil(bytes / 3) * 4 > maxPayload) {
		const limit = Math.floor(maxPayload / 4) * 3;
		return {
			ok: false,
			reason: `too large to copy through the terminal (${kibibytes(bytes)}, the limit is ${kibibytes(limit)}): select the text shown instead`,
		};
	}
	const osc = `${escape}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${bell}`;
	if (!options.isTmux) return {ok: true, sequence: osc};
	return {
		ok: true,
		sequence: `${escape}Ptmux;${osc.replaceAll(escape, escape + escape)}${stringTerminator}`,
	};
}

/** What a copy did, for the flash message. */
export type CopyResult =
	| {ok: true}
	| {
			ok: false;
			/** Why nothing was sent; the UI shows the text for the user to select. */
			reason: string;
	  };

/** Options of `createClipboardWriter`. */
export type ClipboardWriterOptions = ClipboardOptions & {
	/** Writes to the terminal (the entry passes `process.stdout.write`). */
	write: (data: string) => void;
	/** Whether the output is a terminal at all; when not, nothing is written. */
	isTerminal?: boolean;
};

/**
 * A copy function for the services: sends the sequence with `write`, or says why it did not.
 * Never throws (a failing write is reported as a reason). Whether the terminal honours OSC 52
 * cannot be known; the flash message should say the text was sent to the terminal's clipboard.
 */
export function createClipboardWriter(
	options: ClipboardWriterOptions,
): (text: string) => CopyResult {
	return (text) => {
		if (options.isTerminal === false) {
			return {ok: false, reason: 'the output is not a terminal: select the text shown instead'};
		}
		const planned = clipboardSequence(text, options);
		if (!planned.ok) return planned;
		try {
			options.write(planned.sequence);
			return {ok: true};
		} catch {
			return {ok: false, reason: 'could not write to the terminal: select the text shown instead'};
		}
	};
}
