/**
 * The `:` command line of the browser: `:workspaces` (or `:ws`) and `:apps` switch the top-level
 * resource, a number jumps to that record, Tab completes a command name. The commands are not
 * named here: they come from the resource descriptors as `{name, aliases}`. Pure functions.
 */
import {formatCount, truncate} from './text.js';

/**
 * A command the line accepts: a resource's name (`workspaces`) and its short forms (`ws`). A
 * resource descriptor is one as it is; `Name` narrows what `parseCommandLine` hands back.
 */
export type CommandDescriptor<Name extends string = string> = {
	name: Name;
	aliases?: readonly string[];
};

/** What a submitted command line asks for. */
export type ParsedCommand<Name extends string = string> =
	/** Nothing was typed: close the line and do nothing. */
	| {kind: 'empty'}
	/** Jump to the record at this 1-based position (0 and positions past the end included). */
	| {kind: 'jump'; position: number}
	/** Switch to the command's resource; `name` is the descriptor's `name`, as given. */
	| {kind: 'command'; name: Name}
	/** A clear, sanitized message naming what was typed and what is known. */
	| {kind: 'error'; message: string};

const digitsOnly = /^\d[\d,_]*$/;
// A typed command is quoted back in a message; a long one is cut.
const maxEchoColumns = 32;

function normalize(text: string): string {
	return text.trim().replace(/^:\s*/, '').trim();
}

function lower(text: string): string {
	return text.toLowerCase();
}

function describeKnown(commands: readonly CommandDescriptor[]): string {
	const names = commands.map((command) =>
		command.aliases === undefined || command.aliases.length === 0
			? `:${command.name}`
			: `:${command.name} (${command.aliases.map((alias) => `:${alias}`).join(', ')})`,
	);
	return [...names, 'or a record number'].join(', ');
}

/** The command whose name or alias is `word`, compared without case. */
export function findCommand<Command extends CommandDescriptor>(
	word: string,
	commands: readonly Command[],
): Command | undefined {
	const wanted = lower(word);
	return (
		commands.find((command) => lower(command.name) === wanted) ??
		commands.find((command) => (command.aliases ?? []).some((alias) => lower(alias) === wanted))
	);
}

function commandsStartingWith(
	prefix: string,
	commands: readonly CommandDescriptor[],
): CommandDescriptor[] {
	const wanted = lower(prefix);
	return commands.filter((command) =>
		[command.name, ...(command.aliases ?? [])].some((word) => lower(word).startsWith(wanted)),
	);
}

/**
 * Reads a submitted command line (with or without its leading `:`, whitespace anywhere around
 * it): a known name or alias in any case, a record number (`42`, `1,234`), or an error message
 * that names what was typed, suggests the one command it starts, and lists the known ones.
 */
export function parseCommandLine<Name extends string>(
	text: string,
	commands: readonly CommandDescriptor<Name>[],
): ParsedCommand<Name> {
	const line = normalize(text);
	if (line === '') return {kind: 'empty'};
	if (digitsOnly.test(line)) {
		const position = Number(line.replace(/[,_]/g, ''));
		return {kind: 'jump', position: Math.min(position, Number.MAX_SAFE_INTEGER)};
	}
	const [word = '', ...rest] = line.split(/\s+/);
	const command = findCommand(word, commands);
	const echo = truncate(word, maxEchoColumns);
	if (command !== undefined && rest.length > 0) {
		return {
			kind: 'error',
			message: `:${command.name} takes nothing after it (got "${truncate(rest.join(' '), maxEchoColumns)}")`,
		};
	}
	if (command !== undefined) return {kind: 'command', name: command.name};
	if (/^-?\d/.test(line)) {
		return {
			kind: 'error',
			message: `"${truncate(line, maxEchoColumns)}" is not a record number: type digits only, 1 or more`,
		};
	}
	const matches = commandsStartingWith(word, commands);
	const suggestion =
		matches.length === 1 && matches[0] !== undefined ? ` (did you mean :${matches[0].name}?)` : '';
	return {
		kind: 'error',
		message: `unknown command ":${echo}"${suggestion}; known: ${describeKnown(commands)}`,
	};
}

/** What Tab does to a command line. */
export type Completion =
	/** The line becomes `text`: the one command the prefix names, or the candidates' common start. */
	| {kind: 'completed'; text: string}
	/** Several commands start so; `text` is extended to what they share, `candidates` lists them. */
	| {kind: 'ambiguous'; text: string; candidates: string[]}
	/** Nothing to complete (a number, an unknown prefix); `message` says why. */
	| {kind: 'none'; message: string};

function commonPrefix(words: readonly string[]): string {
	const [first = '', ...others] = words;
	let length = first.length;
	for (const word of others) {
		let index = 0;
		while (
			index < length &&
			index < word.length &&
			lower(word[index] ?? '') === lower(first[index] ?? '')
		) {
			index++;
		}
		length = index;
	}
	return first.slice(0, length);
}

/**
 * Completes the command name being typed: a prefix of one command's name or alias becomes that
 * command's full name; a prefix of several is extended to what their names share and lists them;
 * an empty line lists every command. Keeps a leading `:` as typed.
 */
export function completeCommandLine(
	text: string,
	commands: readonly CommandDescriptor[],
): Completion {
	const colon = text.trimStart().startsWith(':') ? ':' : '';
	const line = normalize(text);
	if (digitsOnly.test(line)) return {kind: 'none', message: 'a record number needs no completing'};
	if (/\s/.test(line)) return {kind: 'none', message: 'only a command name completes'};
	const matches = commandsStartingWith(line, commands);
	if (matches.length === 0) {
		return {
			kind: 'none',
			message: `no command starts with "${truncate(line, maxEchoColumns)}"; known: ${describeKnown(commands)}`,
		};
	}
	if (matches.length === 1 && matches[0] !== undefined) {
		return {kind: 'completed', text: colon + matches[0].name};
	}
	const names = matches.map((command) => command.name);
	const shared = commonPrefix(names);
	return {
		kind: 'ambiguous',
		text: colon + (shared.length > line.length ? shared : line),
		candidates: names,
	};
}

/** A short list of candidates for a hint line: `apps, workspaces` or `a, b, … 3 more`. */
export function formatCandidates(candidates: readonly string[], max = 6): string {
	const shown = candidates.slice(0, max).join(', ');
	const more = candidates.length - max;
	return more > 0 ? `${shown}, … ${formatCount(more)} more` : shown;
}
