/**
 * Key bindings as data: which key means which intent in which context. Input handlers ask
 * `intentFor`, and the help overlay is generated from `keymap`, so the two never drift apart.
 */
import type {Key} from 'ink';

/** What the user wants, independent of the key that says it. */
export type Intent =
	| 'move-up'
	| 'move-down'
	| 'page-up'
	| 'page-down'
	| 'first'
	| 'last'
	| 'open'
	| 'back'
	| 'search'
	| 'sort'
	| 'refresh'
	| 'profiles'
	| 'help'
	| 'quit'
	| 'toggle-raw'
	| 'focus-next'
	| 'jump';

/**
 * Where a key is pressed. `list` and `detail` also resolve the `global` bindings (their own win);
 * `help` is modal and resolves only its own.
 */
export type KeyContext = 'list' | 'detail' | 'help' | 'global';

/**
 * A key label as shown in help. Arrow glyphs and `PgUp`, `PgDn`, `Home`, `End`, `Enter`, `Esc`,
 * `Tab`, `Ctrl+C` name special keys; any other label is the one character that is typed.
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

/** Every key binding of the program, grouped by context in display order. */
export const keymap: readonly KeyBinding[] = [
	{context: 'global', intent: 'help', keys: ['?'], description: 'Show or hide this help'},
	{context: 'global', intent: 'refresh', keys: ['r'], description: 'Refresh'},
	{context: 'global', intent: 'profiles', keys: ['p'], description: 'Profiles'},
	{context: 'global', intent: 'focus-next', keys: ['Tab'], description: 'Switch list / detail'},
	{context: 'global', intent: 'quit', keys: ['q', 'Ctrl+C'], description: 'Quit'},

	{context: 'list', intent: 'move-up', keys: ['↑', 'k'], description: 'Previous record'},
	{context: 'list', intent: 'move-down', keys: ['↓', 'j'], description: 'Next record'},
	{context: 'list', intent: 'page-up', keys: ['←', 'PgUp'], description: 'Previous page'},
	{context: 'list', intent: 'page-down', keys: ['→', 'PgDn'], description: 'Next page'},
	{context: 'list', intent: 'first', keys: ['Home', 'g'], description: 'First record'},
	{context: 'list', intent: 'last', keys: ['End', 'G'], description: 'Last record'},
	{context: 'list', intent: 'open', keys: ['Enter'], description: 'Open the record'},
	{context: 'list', intent: 'back', keys: ['Esc'], description: 'Back'},
	{context: 'list', intent: 'search', keys: ['/'], description: 'Search'},
	{context: 'list', intent: 'sort', keys: ['s'], description: 'Change the sort order'},
	{context: 'list', intent: 'jump', keys: [':'], description: 'Jump to record number'},

	{context: 'detail', intent: 'move-up', keys: ['↑', 'k'], description: 'Scroll up'},
	{context: 'detail', intent: 'move-down', keys: ['↓', 'j'], description: 'Scroll down'},
	{context: 'detail', intent: 'page-up', keys: ['PgUp'], description: 'Page up'},
	{context: 'detail', intent: 'page-down', keys: ['PgDn'], description: 'Page down'},
	{context: 'detail', intent: 'first', keys: ['Home', 'g'], description: 'Top'},
	{context: 'detail', intent: 'last', keys: ['End', 'G'], description: 'Bottom'},
	{context: 'detail', intent: 'toggle-raw', keys: ['v'], description: 'Fields / raw JSON'},
	{context: 'detail', intent: 'back', keys: ['Esc'], description: 'Back to the list'},

	{context: 'help', intent: 'back', keys: ['Esc', '?', 'q'], description: 'Close help'},
	{context: 'help', intent: 'move-up', keys: ['↑', 'k'], description: 'Scroll up'},
	{context: 'help', intent: 'move-down', keys: ['↓', 'j'], description: 'Scroll down'},
	{context: 'help', intent: 'page-up', keys: ['PgUp', '←'], description: 'Page up'},
	{context: 'help', intent: 'page-down', keys: ['PgDn', '→'], description: 'Page down'},
	{context: 'help', intent: 'first', keys: ['Home', 'g'], description: 'Top'},
	{context: 'help', intent: 'last', keys: ['End', 'G'], description: 'Bottom'},
	{context: 'help', intent: 'quit', keys: ['Ctrl+C'], description: 'Quit'},
];

/** Headings for the contexts, in the order help shows them. */
export const contextTitles: Readonly<Record<KeyContext, string>> = {
	global: 'Everywhere',
	list: 'List',
	detail: 'Detail',
	help: 'In this help',
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
	'Ctrl+C': (input, key) => key.ctrl && input === 'c',
};

/** Whether `label` is one Ink can report: a special key name or a single typed character. */
export function isKnownKeyLabel(label: KeyLabel): boolean {
	return Object.hasOwn(specialKeys, label) || Array.from(label).length === 1;
}

/** Whether the key event Ink reported (`input`, `key`) is the key named by `label`. */
export function keyMatches(label: KeyLabel, input: string, key: Key): boolean {
	const special = specialKeys[label];
	if (special !== undefined) return special(input, key);
	// Alt+j arrives as meta + 'j' and Ctrl+j as ctrl + 'j': neither is a plain 'j'.
	return input === label && !key.ctrl && !key.meta;
}

/** The bindings that apply in `context`, its own first, then the global ones it inherits. */
export function bindingsFor(context: KeyContext): readonly KeyBinding[] {
	const own = keymap.filter((binding) => binding.context === context);
	if (context === 'help' || context === 'global') return own;
	return [...own, ...keymap.filter((binding) => binding.context === 'global')];
}

/** The intent of the key event Ink reported in `context`, or undefined when it means nothing there. */
export function intentFor(input: string, key: Key, context: KeyContext): Intent | undefined {
	for (const binding of bindingsFor(context)) {
		if (binding.keys.some((label) => keyMatches(label, input, key))) return binding.intent;
	}
	return undefined;
}

/** The key labels for `intent` in `context` (own bindings first), for hints such as `v raw JSON`. */
export function keysFor(intent: Intent, context: KeyContext): readonly KeyLabel[] {
	return bindingsFor(context)
		.filter((binding) => binding.intent === intent)
		.flatMap((binding) => binding.keys);
}
