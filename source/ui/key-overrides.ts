/**
 * The user's own keys: the config file's `keys` section, checked and applied to the default
 * tables of `keymap.ts`. Pure: the config layer reads the section, the entry resolves it once at
 * start, and the screens get the effective tables through `KeyTablesProvider`.
 *
 * Key names, as the config writes them: `up` `down` `left` `right` `pgup` `pgdn` `home` `end`
 * `enter` `esc` `tab` `backspace` `space`, `ctrl+` and a letter, or one typed character. Names and
 * `ctrl+` are case-insensitive (`Enter`, `PgUp`, `Ctrl+N`); a single character is exact (`G` is
 * Shift+g, not `g`).
 */
import {
	contextOrder,
	inheritsGlobal,
	keyTables,
	type KeyContext,
	type KeyEntry,
	type KeyLabel,
	type KeyTables,
} from './keymap.js';

/** The contexts whose keys the config may change, in help's order. */
export const remappableContexts = ['global', 'list', 'detail', 'help', 'profiles'] as const;

/** A context the config may change. */
export type RemappableContext = (typeof remappableContexts)[number];

/** Why the other contexts keep their keys, for the message that names them. */
const fixedContexts: Readonly<Record<Exclude<KeyContext, RemappableContext>, string>> = {
	prompt: 'the keys of the search, jump and : prompts are those of a text field',
	setup:
		"the setup screen's keys are those of its text fields and choice lists (Enter accepts, Esc goes back a step, Ctrl+C quits)",
};

/** Intents whose keys are fixed, and why. */
const fixedIntents: Readonly<Partial<Record<`${KeyContext}.${string}`, string>>> = {
	'list.jump': 'typing a number (0-9) starts a jump; it cannot be remapped',
};

/** Config name → key label, for the named keys. */
const namedKeys: Readonly<Record<string, KeyLabel>> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pgup: 'PgUp',
	pageup: 'PgUp',
	pgdn: 'PgDn',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
	enter: 'Enter',
	return: 'Enter',
	esc: 'Esc',
	escape: 'Esc',
	tab: 'Tab',
	backspace: 'Bksp',
	bksp: 'Bksp',
	space: 'Space',
};

/** Key label → the config name `viktor-tui keys` prints (the first name of each key above). */
const configNames: Readonly<Record<KeyLabel, string>> = Object.fromEntries(
	Object.entries(namedKeys)
		.reverse()
		.map(([name, label]) => [label, name]),
);

/** Ctrl and these letters send the same byte as another key, so Ink cannot tell them apart. */
const ctrlAliases: Readonly<Record<string, string>> = {
	h: 'backspace',
	i: 'tab',
	j: 'enter',
	m: 'enter',
};

/** The outcome of reading one key name. */
export type KeyNameResult = {ok: true; label: KeyLabel} | {ok: false; message: string};

/** The key label for a key name as the config writes it (`ctrl+n` → `Ctrl+N`, `up` → `↑`). */
export function parseKeyName(name: string): KeyNameResult {
	const unknown: KeyNameResult = {ok: false, message: `unknown key ${JSON.stringify(name)}`};
	if (Array.from(name).length === 1) {
		// A typed character; the arrow glyphs help shows stand for the arrow keys.
		const glyph = Object.values(namedKeys).find((label) => label === name);
		if (glyph !== undefined) return {ok: true, label: glyph};
		return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(name) ? {ok: true, label: name} : unknown;
	}

	const lower = name.toLowerCase();
	const named = namedKeys[lower];
	if (named !== undefined) return {ok: true, label: named};
	const letter = /^ctrl\+([a-z])$/.exec(lower)?.[1];
	if (letter === undefined) return unknown;
	const alias = ctrlAliases[letter];
	if (alias !== undefined) {
		return {
			ok: false,
			message: `key ${JSON.stringify(name)} cannot be told apart from ${alias} in a terminal`,
		};
	}

	return {ok: true, label: `Ctrl+${letter.toUpperCase()}`};
}

/** The letter of a Ctrl key label, written `Ctrl+N` or `^N`. */
function ctrlLetterOf(label: KeyLabel): string | undefined {
	return /^(?:Ctrl\+|\^)([A-Z])$/.exec(label)?.[1];
}

/** The config name of a key label (`↑` → `up`, `Ctrl+N` and `^N` → `ctrl+n`), as `viktor-tui keys` prints. */
export function keyNameOf(label: KeyLabel): string {
	const letter = ctrlLetterOf(label);
	return configNames[label] ?? (letter === undefined ? label : `ctrl+${letter.toLowerCase()}`);
}

/** The outcome of applying the config's `keys`: the effective tables, or every problem found. */
export type KeyOverridesResult = {ok: true; tables: KeyTables} | {ok: false; errors: string[]};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const quitLabel = 'Ctrl+C';

/**
 * The keys a label stands for, one name each: `0-9` is every digit, so a digit bound elsewhere
 * shows as a clash with it, and `^B` is the same key as `Ctrl+B`.
 */
function expand(label: KeyLabel): readonly KeyLabel[] {
	if (label === '0-9') return Array.from('0123456789');
	const letter = ctrlLetterOf(label);
	return [letter === undefined ? label : `Ctrl+${letter}`];
}

/**
 * Applies the config's `keys` section (`{context: {intent: [key names]}}`) to `defaults`. An
 * intent's keys replace its default keys. Every problem comes back as one message naming its
 * entry (`keys.list.move-down: unknown key "ctlr+n"`): an unknown or fixed context or intent, an
 * unknown key name, and two intents on one key in one context, counting the `global` keys that
 * list and detail inherit. Ctrl+C stays on `quit` wherever there is one, and means nothing else.
 */
export function resolveKeyOverrides(
	section: unknown,
	defaults: KeyTables = keyTables,
): KeyOverridesResult {
	if (section === undefined) return {ok: true, tables: defaults};
	if (!isPlainObject(section)) {
		return {ok: false, errors: ['keys: must be an object of contexts, such as {"list": {…}}']};
	}

	const errors: string[] = [];
	const tables: Record<string, Record<string, KeyEntry>> = Object.fromEntries(
		contextOrder.map((context) => [context, {...(defaults[context] as Record<string, KeyEntry>)}]),
	);
	const changed = new Set<string>();
	for (const [context, intents] of Object.entries(section)) {
		const where = `keys.${context}`;
		if (!(remappableContexts as readonly string[]).includes(context)) {
			const reason = Object.hasOwn(fixedContexts, context)
				? fixedContexts[context as keyof typeof fixedContexts]
				: `unknown context ${JSON.stringify(context)}`;
			errors.push(`${where}: ${reason} (contexts: ${remappableContexts.join(', ')})`);
			continue;
		}

		if (!isPlainObject(intents)) {
			errors.push(`${where}: must be an object of intents, such as {"move-down": ["j"]}`);
			continue;
		}

		const table = tables[context] ?? {};
		for (const [intent, value] of Object.entries(intents)) {
			const entry = `${where}.${intent}`;
			const current = Object.hasOwn(table, intent) ? table[intent] : undefined;
			if (current === undefined) {
				const known = Object.keys(table).join(', ');
				errors.push(`${entry}: unknown intent ${JSON.stringify(intent)} (${context}: ${known})`);
				continue;
			}

			const fixed = fixedIntents[`${context as RemappableContext}.${intent}`];
			if (fixed !== undefined) {
				errors.push(`${entry}: ${fixed}`);
				continue;
			}

			const names = typeof value === 'string' ? [value] : value;
			if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
				errors.push(`${entry}: must be a list of key names, such as ["j", "down"]`);
				continue;
			}

			if (names.length === 0) {
				errors.push(`${entry}: needs at least one key`);
				continue;
			}

			const labels: KeyLabel[] = [];
			for (const name of names as string[]) {
				const parsed = parseKeyName(name);
				if (!parsed.ok) errors.push(`${entry}: ${parsed.message}`);
				else if (parsed.label === quitLabel && intent !== 'quit') {
					errors.push(`${entry}: ctrl+c always quits and cannot mean anything else`);
				} else if (!labels.includes(parsed.label)) labels.push(parsed.label);
			}

			if (intent === 'quit' && !labels.includes(quitLabel)) labels.push(quitLabel);
			table[intent] = {...current, keys: labels};
			changed.add(entry);
		}
	}

	errors.push(...clashes(tables as KeyTables, changed));
	return errors.length === 0 ? {ok: true, tables: tables as KeyTables} : {ok: false, errors};
}

/**
 * Two intents on one key in one context (its own keys and, for list and detail, the global ones),
 * reported on the entry the config changed (both when both were changed).
 */
function clashes(tables: KeyTables, changed: ReadonlySet<string>): string[] {
	const errors: string[] = [];
	for (const context of remappableContexts) {
		const owners = new Map<KeyLabel, {context: KeyContext; intent: string}>();
		const sources: KeyContext[] = inheritsGlobal(context) ? [context, 'global'] : [context];
		for (const source of sources) {
			const table = tables[source] as Record<string, KeyEntry>;
			for (const [intent, {keys}] of Object.entries(table)) {
				for (const key of keys.flatMap(expand)) {
					const owner = owners.get(key);
					if (owner === undefined) {
						owners.set(key, {context: source, intent});
						continue;
					}

					const entry = `keys.${source}.${intent}`;
					const other = `keys.${owner.context}.${owner.intent}`;
					const said = `key ${JSON.stringify(keyNameOf(key))}`;
					// A global key that clashes with one of list's own: say where they meet.
					const inWhere = owner.context === source ? '' : ` (global keys apply in ${context} too)`;
					if (changed.has(entry)) {
						errors.push(`${entry}: ${said} is already ${other}${inWhere}`);
					} else if (changed.has(other)) {
						errors.push(`${other}: ${said} is already ${entry}${inWhere}`);
					}
				}
			}
		}
	}

	return [...new Set(errors)];
}
