import {Text, useInput, type Key} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {createElement} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {
	bindingsFor,
	contextOrder,
	intentFor,
	isKnownKeyLabel,
	keyMatches,
	keymap,
	keysFor,
	keyTables,
	type Intent,
	type KeyContext,
} from '../../source/ui/keymap.js';
import {KEYS, noKey, press} from '../helpers.js';

afterEach(() => {
	cleanup();
});

/** The (input, key) pair Ink reports for the key a label names. */
function eventFor(label: string): [string, Key] {
	const special: Record<string, [string, Partial<Key>]> = {
		'↑': ['', {upArrow: true}],
		'↓': ['', {downArrow: true}],
		'←': ['', {leftArrow: true}],
		'→': ['', {rightArrow: true}],
		PgUp: ['', {pageUp: true}],
		PgDn: ['', {pageDown: true}],
		Home: ['', {home: true}],
		End: ['', {end: true}],
		Enter: ['', {return: true}],
		Esc: ['', {escape: true, meta: true}],
		Tab: ['', {tab: true}],
		'Ctrl+C': ['c', {ctrl: true}],
		Bksp: ['', {delete: true}],
		'^B': ['b', {ctrl: true}],
		'^F': ['f', {ctrl: true}],
		'^D': ['d', {ctrl: true}],
		'^U': ['u', {ctrl: true}],
		'0-9': ['42', {}],
	};
	const [input, overrides] = special[label] ?? [label, {shift: /[A-Z]/.test(label)}];
	return [input, {...noKey, ...overrides}];
}

describe('keymap', () => {
	it('builds the bindings of a context once per tables, not on every key press', () => {
		expect(bindingsFor('list')).toBe(bindingsFor('list'));
		expect(Object.isFrozen(bindingsFor('list'))).toBe(true);
		// Other tables (remapped keys) get their own bindings.
		const remapped = {...keyTables, list: {...keyTables.list}};
		remapped.list['move-down'] = {...keyTables.list['move-down'], keys: ['n']};
		expect(bindingsFor('list', remapped)).not.toBe(bindingsFor('list'));
		expect(keysFor('move-down', 'list', remapped)).toEqual(['n']);
		expect(keysFor('move-down', 'list')).toContain('j');
	});

	it('uses only key labels Ink can report', () => {
		for (const binding of keymap) {
			for (const label of binding.keys) expect(isKnownKeyLabel(label), label).toBe(true);
		}
		expect(isKnownKeyLabel('Ctrl+Alt+Del')).toBe(false);
	});

	it('resolves every key of every binding to its intent in its context', () => {
		for (const binding of keymap) {
			for (const label of binding.keys) {
				const [input, key] = eventFor(label);
				expect(intentFor(input, key, binding.context), `${label} in ${binding.context}`).toBe(
					binding.intent,
				);
			}
		}
	});

	it('resolves the global keys in the list and the detail pane too', () => {
		for (const binding of keymap.filter((candidate) => candidate.context === 'global')) {
			for (const label of binding.keys) {
				const [input, key] = eventFor(label);
				expect(intentFor(input, key, 'list')).toBe(binding.intent);
				expect(intentFor(input, key, 'detail')).toBe(binding.intent);
			}
		}
	});

	it('never gives one key two intents in one context', () => {
		for (const context of contextOrder) {
			const owner = new Map<string, Intent>();
			for (const binding of bindingsFor(context)) {
				for (const label of binding.keys) {
					const previous = owner.get(label);
					expect(
						previous === undefined || previous === binding.intent,
						`${label} in ${context}`,
					).toBe(true);
					owner.set(label, binding.intent);
				}
			}
		}
	});

	it('never lists an intent twice in one context', () => {
		for (const context of ['global', 'list', 'detail', 'help'] as const) {
			const own = keymap
				.filter((binding) => binding.context === context)
				.map((binding) => binding.intent);
			expect(new Set(own).size).toBe(own.length);
		}
	});

	it('keeps descriptions short enough for a help column', () => {
		for (const binding of keymap) expect(binding.description.length).toBeLessThanOrEqual(24);
	});

	it('binds the fixed keys of architecture.md in the list', () => {
		const expected: Array<[string, Intent]> = [
			['↑', 'move-up'],
			['k', 'move-up'],
			['↓', 'move-down'],
			['j', 'move-down'],
			['←', 'page-up'],
			['PgUp', 'page-up'],
			['→', 'page-down'],
			['PgDn', 'page-down'],
			['Home', 'first'],
			['g', 'first'],
			['End', 'last'],
			['G', 'last'],
			['Enter', 'open'],
			['Esc', 'back'],
			['/', 'search'],
			['s', 'sort'],
			['r', 'refresh'],
			['p', 'profiles'],
			['?', 'help'],
			['q', 'quit'],
			['Ctrl+C', 'quit'],
			[':', 'command'],
			['7', 'jump'],
			['Bksp', 'back'],
			['H', 'history'],
			['^D', 'half-page-down'],
			['^U', 'half-page-up'],
			['^F', 'page-down'],
			['^B', 'page-up'],
			['Tab', 'focus-next'],
		];
		for (const [label, intent] of expected) {
			const [input, key] = eventFor(label);
			expect(intentFor(input, key, 'list'), label).toBe(intent);
		}
	});

	it('scrolls and toggles raw JSON in the detail pane', () => {
		expect(intentFor(...eventFor('j'), 'detail')).toBe('move-down');
		expect(intentFor(...eventFor('PgDn'), 'detail')).toBe('page-down');
		expect(intentFor(...eventFor('v'), 'detail')).toBe('toggle-raw');
		expect(intentFor(...eventFor('v'), 'list')).toBeUndefined();
		expect(intentFor(...eventFor('/'), 'detail')).toBeUndefined();
	});

	it('closes help with q, ? and Esc instead of quitting, but Ctrl+C still quits', () => {
		expect(intentFor(...eventFor('q'), 'help')).toBe('back');
		expect(intentFor(...eventFor('?'), 'help')).toBe('back');
		expect(intentFor(...eventFor('Esc'), 'help')).toBe('back');
		expect(intentFor(...eventFor('Ctrl+C'), 'help')).toBe('quit');
		expect(intentFor(...eventFor('p'), 'help')).toBeUndefined();
	});

	it('does not take Alt+j, Ctrl+j or a pasted word for a binding; digits only for a jump', () => {
		expect(intentFor('j', {...noKey, meta: true}, 'list')).toBeUndefined();
		expect(intentFor('j', {...noKey, ctrl: true}, 'list')).toBeUndefined();
		expect(intentFor('jjj', noKey, 'list')).toBeUndefined();
		expect(intentFor('5', noKey, 'list')).toBe('jump');
		expect(intentFor('5', {...noKey, ctrl: true}, 'list')).toBeUndefined();
		expect(intentFor('5', noKey, 'detail')).toBeUndefined();
		expect(keyMatches('c', 'c', {...noKey, ctrl: true})).toBe(false);
	});

	it('tells the keys of an intent for hints', () => {
		expect(keysFor('toggle-raw', 'detail')).toEqual(['v']);
		expect(keysFor('quit', 'list')).toEqual(['q', 'Ctrl+C']);
		expect(keysFor('sort', 'detail')).toEqual([]);
	});
});

function IntentRecorder({
	context,
	intents,
}: {
	context: KeyContext;
	intents: Array<Intent | undefined>;
}) {
	useInput((input, key) => {
		intents.push(intentFor(input, key, context));
	});
	return createElement(Text, null, 'ready');
}

describe('intentFor with the keys Ink really parses', () => {
	it('maps arrows, PgUp/PgDn, Home/End in all their encodings, Enter, Esc, Tab and Ctrl+C', async () => {
		const intents: Array<Intent | undefined> = [];
		const {stdin} = render(createElement(IntentRecorder, {context: 'list', intents}));
		await press(
			stdin,
			KEYS.up,
			KEYS.down,
			KEYS.left,
			KEYS.right,
			KEYS.pageUp,
			KEYS.pageDown,
			KEYS.home,
			KEYS.end,
			'\u001B[1~',
			'\u001B[4~',
			'\u001BOH',
			'\u001BOF',
			KEYS.enter,
			KEYS.escape,
			KEYS.tab,
			KEYS.ctrlC,
		);
		expect(intents).toEqual([
			'move-up',
			'move-down',
			'page-up',
			'page-down',
			'page-up',
			'page-down',
			'first',
			'last',
			'first',
			'last',
			'first',
			'last',
			'open',
			'back',
			'focus-next',
			'quit',
		]);
	});

	it('maps typed characters, telling g from G', async () => {
		const intents: Array<Intent | undefined> = [];
		const {stdin} = render(createElement(IntentRecorder, {context: 'list', intents}));
		await press(stdin, 'g', 'G', 'j', 'k', '/', ':', '?', 'q', 'x', '7');
		expect(intents).toEqual([
			'first',
			'last',
			'move-down',
			'move-up',
			'search',
			'command',
			'help',
			'quit',
			undefined,
			'jump',
		]);
	});
});
