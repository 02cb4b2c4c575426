/**
 * Key bindings as data: which key means which intent in which context. Input handlers ask
 * `intentFor`, and the help overlay is generated from `keymap`, so the two never drift apart.
 */
import type {Key} from 'ink';

/**
 * The intents of each context. A context's table below must bind every one of its intents (a
 * missing binding is a compile error), and help shows every table.
 */
export type ContextIntents = {
	global: 'help' | 'refresh' | 'profiles' | 'focus-next' | 'quit';
	list:
		| 'move-up'
		| 'move-down'
		| 'page-up'
		| 'page-down'
		| 'first'
		| 'last'
		| 'half-page-down'
		| 'half-page-up'
		| 'open'
		| 'detail'
		| 'history'
		| 'diff'
		| 'copy'
		| 'open-web'
		| 'back'
		| 'search'
		| 'sort'
		| 'reverse-sort'
		| 'command'
		| 'jump';
	detail:
		'move-up' | 'move-down' | 'page-up' | 'page-down' | 'first' | 'last' | 'toggle-raw' | 'back';
	prompt: 'submit' | 'cancel' | 'complete' | 'erase' | 'quit';
	help: 'back' | 'move-up' | 'move-down' | 'page-up' | 'page-down' | 'first' | 'last' | 'quit';
	profiles:
		| 'move-up'
		| 'move-down'
		| 'open'
		| 'add'
		| 'edit'
		| 'delete'
		| 'make-default'
		| 'back'
		| 'help'
		| 'quit';
	setup: 'submit' | 'back' | 'quit';
};

/**
 * Where a key is pressed. `list` and `detail` also resolve the `global` bindings (their own win);
 * the other contexts are modal and resolve only their own.
 */
export type KeyContext = keyof ContextIntents;

/** What the user wants, independent of the key that says it. */
export type Intent = ContextIntents[KeyContext];

/**
 * A key label as shown in help. Arrow glyphs and `PgUp`, `PgDn`, `Home`, `End`, `Enter`, `Esc`,
 * `Tab`, `Bksp` (Backspace), `Space`, `Ctrl+C` and `^B` `^F` `^D` `^U` (and `Ctrl+` any letter)
 * and `0-9` (any digits) name special keys; any other label is the one character that is typed.
 */
export type KeyLabel = string;

/** One intent and the keys that trigger it in one context. */
export type KeyBinding = {
	intent: Intent;
	/** Labels for help, which are also what `intentFor` matches, such as `↑` and `k`. */
	keys: readonly KeyLabel[];
	/** What the keys do, short enough for a help column (at most 24 characters). */
	description: string;
	context: KeyContext;
};

/** The keys and description of one intent. */
export type KeyEntry = {keys: readonly KeyLabel[]; description: string};

/** The bindings of every context, each table keyed by that context's intents in display order. */
export type KeyTables = {[C in KeyContext]: Record<ContextIntents[C], KeyEntry>};

/** Every key of the program. */
export const keyTables: KeyTables = {
	global: {
		help: {keys: ['?'], description: 'Show or hide this help'},
		refresh: {keys: ['r'], description: 'Refresh'},
		profiles: {keys: ['p'], description: 'Profiles'},
		'focus-next': {keys: ['Tab'], description: 'Switch list / detail'},
		quit: {keys: ['q', 'Ctrl+C'], description: 'Quit'},
	},
	list: {
		'move-up': {keys: ['↑', 'k'], description: 'Previous record'},
		'move-down': {keys: ['↓', 'j'], description: 'Next record'},
		'page-up': {keys: ['←', 'PgUp', '^B'], description: 'Previous page'},
		'page-down': {keys: ['→', 'PgDn', '^F'], description: 'Next page'},
		first: {keys: ['Home', 'g'], description: 'First record'},
		last: {keys: ['End', 'G'], description: 'Last record'},
		'half-page-down': {keys: ['^D'], description: 'Half a page down'},
		'half-page-up': {keys: ['^U'], description: 'Half a page up'},
		open: {keys: ['Enter'], description: 'Open: level or detail'},
		detail: {keys: ['i'], description: 'Full record'},
		history: {keys: ['H'], description: 'Revisions of entity'},
		diff: {keys: ['d'], description: 'Revision diff'},
		copy: {keys: ['y'], description: 'Copy: i id u URL j JSON'},
		'open-web': {keys: ['o'], description: 'Open in the web app'},
		back: {keys: ['Esc', 'Bksp'], description: 'Back'},
		search: {keys: ['/'], description: 'Search'},
		sort: {keys: ['s'], description: 'Change the sort order'},
		'reverse-sort': {keys: ['S'], description: 'Reverse the sort'},
		command: {keys: [':'], description: 'Command: :apps :ws N'},
		jump: {keys: ['0-9'], description: 'Jump to record number'},
	},
	detail: {
		'move-up': {keys: ['↑', 'k'], description: 'Scroll up'},
		'move-down': {keys: ['↓', 'j'], description: 'Scroll down'},
		'page-up': {keys: ['PgUp'], description: 'Page up'},
		'page-down': {keys: ['PgDn'], description: 'Page down'},
		first: {keys: ['Home', 'g'], description: 'Top'},
		last: {keys: ['End', 'G'], description: 'Bottom'},
		'toggle-raw': {keys: ['v'], description: 'Fields / raw JSON'},
		back: {keys: ['Esc'], description: 'Back to the list'},
	},
	prompt: {
		submit: {keys: ['Enter'], description: 'Go / keep the search'},
		cancel: {keys: ['Esc'], description: 'Cancel (clears search)'},
		complete: {keys: ['Tab'], description: 'Complete a command'},
		erase: {keys: ['Bksp'], description: 'Delete a character'},
		quit: {keys: ['Ctrl+C'], description: 'Quit'},
	},
	help: {
		back: {keys: ['Esc', '?', 'q'], description: 'Close help'},
		'move-up': {keys: ['↑', 'k'], description: 'Scroll up'},
		'move-down': {keys: ['↓', 'j'], description: 'Scroll down'},
		'page-up': {keys: ['PgUp', '←'], description: 'Page up'},
		'page-down': {keys: ['PgDn', '→'], description: 'Page down'},
		first: {keys: ['Home', 'g'], description: 'Top'},
		last: {keys: ['End', 'G'], description: 'Bottom'},
		quit: {keys: ['Ctrl+C'], description: 'Quit'},
	},
	profiles: {
		'move-up': {keys: ['↑', 'k'], description: 'Previous profile'},
		'move-down': {keys: ['↓', 'j'], description: 'Next profile'},
		open: {keys: ['Enter'], description: 'Use for this session'},
		add: {keys: ['a'], description: 'Add a profile'},
		edit: {keys: ['e'], description: 'Edit the profile'},
		delete: {keys: ['d'], description: 'Delete (asks y/N)'},
		'make-default': {keys: ['*'], description: 'Make it the default'},
		back: {keys: ['Esc'], description: 'Back (clears an error)'},
		help: {keys: ['?'], description: 'Show or hide its help'},
		quit: {keys: ['q', 'Ctrl+C'], description: 'Quit'},
	},
	setup: {
		submit: {keys: ['Enter'], description: 'Next step / save'},
		back: {keys: ['Esc'], description: 'Previous step'},
		quit: {keys: ['Ctrl+C'], description: 'Quit'},
	},
};

/** The order help shows the contexts in. */
export const contextOrder: readonly KeyContext[] = [
	'global',
	'list',
	'detail',
	'prompt',
	'help',
	'profiles',
	'setup',
];

/** The bindings of one context of `tables`, in display order. */
function contextBindings(tables: KeyTables, context: KeyContext): KeyBinding[] {
	return Object.entries(tables[context] as Record<string, KeyEntry>).map(
		([intent, entry]): KeyBinding => ({
			context,
			intent: intent as Intent,
			keys: entry.keys,
			description: entry.description,
		}),
	);
}

/** Every binding of `tables` (the defaults, or remapped ones), grouped by context in display order. */
export function bindingsOf(tables: KeyTables): readonly KeyBinding[] {
	return contextOrder.flatMap((context) => contextBindings(tables, context));
}

/** Every key binding of the program, grouped by context in display order. */
export const keymap: readonly KeyBinding[] = bindingsOf(keyTables);

/** Headings for the contexts, in the order help shows them. */
export const contextTitles: Readonly<Record<KeyContext, string>> = {
	global: 'Everywhere',
	list: 'List',
	detail: 'Detail',
	prompt: 'Search, jump and : prompts',
	help: 'In this help',
	profiles: 'Profiles screen',
	setup: 'Setup screen',
};

const specialKeys: Readonly<Record<string, (input: string, key: Key) => boolean>> = {
	'↑': (_input, key) => key.upArrow,
	'↓': (_input, key) => key.downArrow,
	'←': (_input, key) => key.leftArrow,
	'→': (_input, key) => key.rightArrow,
	PgUp: (_input, key) => key.pageUp,
	PgDn: (_input, key) => key.pageDown,
	Home: (_input, key) => key.home,
	End: (_input, key) => key.end,
	Enter: (_input, key) => key.return,
	Esc: (_input, key) => key.escape,
	Tab: (_input, key) => key.tab,
	// Terminals send DEL for Backspace, which Ink reports as `delete`.
	Bksp: (_input, key) => key.backspace || key.delete,
	Space: (input, key) => input === ' ' && !key.ctrl && !key.meta,
	'Ctrl+C': (input, key) => key.ctrl && input === 'c',
	'^B': (input, key) => key.ctrl && input === 'b',
	'^F': (input, key) => key.ctrl && input === 'f',
	'^D': (input, key) => key.ctrl && input === 'd',
	'^U': (input, key) => key.ctrl && input === 'u',
	'0-9': (input, key) => /^\d+$/.test(input) && !key.ctrl && !key.meta,
};

/** `Ctrl+N`: Ink reports Ctrl and a letter as `key.ctrl` with the lower-case letter as input. */
const ctrlLetterLabel = /^Ctrl\+([A-Z])$/;

/** Whether `label` is one Ink can report: a special key name or a single typed character. */
export function isKnownKeyLabel(label: KeyLabel): boolean {
	return (
		Object.hasOwn(specialKeys, label) ||
		ctrlLetterLabel.test(label) ||
		Array.from(label).length === 1
	);
}

/** Whether the key event Ink reported (`input`, `key`) is the key named by `label`. */
export function keyMatches(label: KeyLabel, input: string, key: Key): boolean {
	const special = specialKeys[label];
	if (special !== undefined) return special(input, key);
	const letter = ctrlLetterLabel.exec(label)?.[1];
	if (letter !== undefined) return key.ctrl && input === letter.toLowerCase();
	// Alt+j arrives as meta + 'j' and Ctrl+j as ctrl + 'j': neither is a plain 'j'.
	return input === label && !key.ctrl && !key.meta;
}

/** Whether `context` also resolves the `global` bindings (list and detail do). */
export function inheritsGlobal(context: KeyContext): context is 'list' | 'detail' {
	return context === 'list' || context === 'detail';
}

const bindingsCache = new WeakMap<KeyTables, Map<KeyContext, readonly KeyBinding[]>>();

/**
 * The bindings that apply in `context`, its own first, then the global ones it inherits. `tables`
 * are the defaults unless the user's remapped ones are passed (see key-overrides.ts).
 */
export function bindingsFor(
	context: KeyContext,
	tables: KeyTables = keyTables,
): readonly KeyBinding[] {
	// Asked on every key press and for every hint drawn: built once per tables and context (the
	// tables are resolved once at start and never changed).
	let byContext = bindingsCache.get(tables);
	if (byContext === undefined) {
		byContext = new Map();
		bindingsCache.set(tables, byContext);
	}

	let bindings = byContext.get(context);
	if (bindings === undefined) {
		const own = contextBindings(tables, context);
		bindings = Object.freeze(
			inheritsGlobal(context) ? [...own, ...contextBindings(tables, 'global')] : own,
		);
		byContext.set(context, bindings);
	}

	return bindings;
}

/** The intents a key can mean in context `C`: its own, and the global ones in list and detail. */
export type IntentIn<C extends KeyContext> =
	ContextIntents[C] | (C extends 'list' | 'detail' ? ContextIntents['global'] : never);

/** The intent of the key event Ink reported in `context`, or undefined when it means nothing there. */
export function intentFor<C extends KeyContext>(
	input: string,
	key: Key,
	context: C,
	tables: KeyTables = keyTables,
): IntentIn<C> | undefined {
	for (const binding of bindingsFor(context, tables)) {
		if (binding.keys.some((label) => keyMatches(label, input, key))) {
			return binding.intent as IntentIn<C>;
		}
	}
	return undefined;
}

/** The key labels for `intent` in `context` (own bindings first), for hints such as `v raw JSON`. */
export function keysFor(
	intent: Intent,
	context: KeyContext,
	tables: KeyTables = keyTables,
): readonly KeyLabel[] {
	return bindingsFor(context, tables)
		.filter((binding) => binding.intent === intent)
		.flatMap((binding) => binding.keys);
}
