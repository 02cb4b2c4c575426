/**
 * The command line's flags: one table, parsed with `node:util`'s `parseArgs` (meow did the same
 * job in 228 KB of the entry chunk). Adding a flag is one line in `flagTable`; its value then
 * appears, typed, in `ParsedFlags`. Pure: no I/O, no process state.
 */
import {parseArgs} from 'node:util';

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {}

type StringFlag = {type: 'string'; short?: string};
/** A whole number from `min` to `max` (default: the largest safe integer). */
type NumberFlag = {type: 'number'; short?: string; min: number; max?: number};
/** `--name` sets true, `--no-name` false; absent is `default` (or undefined). */
type BooleanFlag = {type: 'boolean'; short?: string; default?: boolean};
type FlagSpec = StringFlag | NumberFlag | BooleanFlag;

/** Every flag of the main command (not of `profile`, which parses its own). */
export const flagTable = {
	environment: {type: 'string', short: 'e'},
	'base-url': {type: 'string'},
	profile: {type: 'string', short: 'p'},
	demo: {type: 'boolean', default: false},
	limit: {type: 'number', min: 1, max: 1000},
	search: {type: 'string'},
	sort: {type: 'string'},
	json: {type: 'boolean', default: false},
	offset: {type: 'number', min: 0},
	max: {type: 'number', min: 1},
	concurrency: {type: 'number', min: 1, max: 32},
	workspace: {type: 'string'},
	entity: {type: 'string'},
	theme: {type: 'string'},
	'screen-reader': {type: 'boolean'},
	color: {type: 'boolean', default: true},
	help: {type: 'boolean', short: 'h', default: false},
	version: {type: 'boolean', short: 'v', default: false},
} as const satisfies Record<string, FlagSpec>;

type FlagValue<Spec extends FlagSpec> = Spec extends {type: 'boolean'; default: boolean}
	? boolean
	: Spec extends {type: 'boolean'}
		? boolean | undefined
		: Spec extends {type: 'number'}
			? number | undefined
			: string | undefined;

/** The flags' values, by flag name. */
export type ParsedFlags = {
	-readonly [Name in keyof typeof flagTable]: FlagValue<(typeof flagTable)[Name]>;
};

/** What the command line says. */
export type CommandLine = {flags: ParsedFlags; input: string[]};

const table: Readonly<Record<string, FlagSpec>> = flagTable;

/** The message for a flag whose value is missing (`next`: the argument taken for it, if any). */
function missingValue(name: string, next: string | undefined): string {
	return next === undefined
		? `--${name} needs a value; see viktor-tui --help`
		: `--${name} needs a value, not the flag ${next}; to give a value that starts with "-", write --${name}=VALUE`;
}

function wholeNumber(name: string, spec: NumberFlag, text: string): number {
	const maximum = spec.max ?? Number.MAX_SAFE_INTEGER;
	const value = text.trim() === '' ? Number.NaN : Number(text);
	if (!Number.isInteger(value) || value < spec.min || value > maximum) {
		throw new UsageError(
			`--${name} takes a whole number from ${spec.min} to ${maximum.toLocaleString('en-US')}`,
		);
	}

	return value;
}

/**
 * Parses the arguments after `node cli.js`. Throws a UsageError for an unknown flag, a flag
 * without its value (or with one it does not take), a flag given twice, and a number out of range.
 * Everything after `--` is input, as are arguments that are not flags.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
	const options: Record<string, {type: 'string' | 'boolean'; short?: string}> = {};
	for (const [name, spec] of Object.entries(table)) {
		options[name] = {type: spec.type === 'boolean' ? 'boolean' : 'string'};
		if (spec.short !== undefined) options[name].short = spec.short;
	}

	// Not strict: the checks below give our own messages, and `--no-NAME` arrives as a token.
	const {tokens} = parseArgs({
		args: [...argv],
		options,
		strict: false,
		allowPositionals: true,
		tokens: true,
	});
	const values: Record<string, string | number | boolean | undefined> = {};
	for (const [name, spec] of Object.entries(table)) {
		values[name] = spec.type === 'boolean' ? spec.default : undefined;
	}

	const seen = new Set<string>();
	const input: string[] = [];
	for (const token of tokens) {
		if (token.kind === 'positional') {
			input.push(token.value);
			continue;
		}

		if (token.kind === 'option-terminator') continue;
		const negated = token.name.startsWith('no-') ? token.name.slice(3) : undefined;
		const isNegation = negated !== undefined && table[negated]?.type === 'boolean';
		const name = isNegation ? negated : token.name;
		const spec = table[name];
		if (spec === undefined) {
			throw new UsageError(`unknown flag ${token.rawName}; see viktor-tui --help`);
		}

		if (spec.type === 'boolean') {
			// `--color=false` and `--json=true` as meow took them; nothing else.
			const {value} = token;
			if (value !== undefined && (isNegation || (value !== 'true' && value !== 'false'))) {
				throw new UsageError(`${token.rawName} takes no value`);
			}

			values[name] = value === undefined ? !isNegation : value === 'true';
			continue;
		}

		if (seen.has(name)) throw new UsageError(`--${name} is given more than once`);
		seen.add(name);
		const {value} = token;
		// parseArgs takes the next argument as the value whatever it is: `--search --json` is a
		// missing value, not a search for "--json" (a negative number is a value).
		if (value === undefined || (!token.inlineValue && /^-(?!\d)/.test(value))) {
			throw new UsageError(missingValue(name, value));
		}

		values[name] = spec.type === 'number' ? wholeNumber(name, spec, value) : value;
	}

	return {flags: values as ParsedFlags, input};
}
