import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {
	keyNameOf,
	remappableContexts,
	parseKeyName,
	resolveKeyOverrides,
	type KeyOverridesResult,
} from '../../source/ui/key-overrides.js';
import {intentFor, keymap, keysFor, keyTables, type KeyTables} from '../../source/ui/keymap.js';
import {noKey} from '../helpers.js';

function tablesOf(result: KeyOverridesResult): KeyTables {
	if (!result.ok) throw new Error(`expected tables, got ${result.errors.join('; ')}`);
	return result.tables;
}

function errorsOf(section: unknown): string[] {
	const result = resolveKeyOverrides(section);
	if (result.ok) throw new Error('expected errors');
	return result.errors;
}

describe('parseKeyName', () => {
	it('reads the named keys in any case, and their aliases', () => {
		const expected: Array<[string, string]> = [
			['up', '↑'],
			['DOWN', '↓'],
			['Left', '←'],
			['right', '→'],
			['pgup', 'PgUp'],
			['PageUp', 'PgUp'],
			['PgDn', 'PgDn'],
			['pagedown', 'PgDn'],
			['home', 'Home'],
			['end', 'End'],
			['enter', 'Enter'],
			['Return', 'Enter'],
			['esc', 'Esc'],
			['Escape', 'Esc'],
			['tab', 'Tab'],
			['backspace', 'Bksp'],
			['space', 'Space'],
			['ctrl+n', 'Ctrl+N'],
			['Ctrl+N', 'Ctrl+N'],
			['↑', '↑'],
		];
		for (const [name, label] of expected)
			expect(parseKeyName(name), name).toEqual({ok: true, label});
	});

	it('keeps a single character exact: G is Shift+g, not g', () => {
		expect(parseKeyName('G')).toEqual({ok: true, label: 'G'});
		expect(parseKeyName('g')).toEqual({ok: true, label: 'g'});
		expect(parseKeyName('/')).toEqual({ok: true, label: '/'});
		expect(parseKeyName('é')).toEqual({ok: true, label: 'é'});
	});

	it('refuses names it does not know, control characters and Ctrl keys a terminal cannot tell apart', () => {
		expect(parseKeyName('ctlr+n')).toEqual({ok: false, message: 'unknown key "ctlr+n"'});
		expect(parseKeyName('')).toEqual({ok: false, message: 'unknown key ""'});
		expect(parseKeyName(' ')).toEqual({ok: false, message: 'unknown key " "'});
		expect(parseKeyName('\u001B')).toEqual({ok: false, message: 'unknown key "\\u001b"'});
		expect(parseKeyName('ctrl+1')).toMatchObject({ok: false});
		expect(parseKeyName('alt+j')).toMatchObject({ok: false});
		expect(parseKeyName('ctrl+i')).toEqual({
			ok: false,
			message: 'key "ctrl+i" cannot be told apart from tab in a terminal',
		});
		expect(parseKeyName('ctrl+m')).toMatchObject({ok: false});
	});

	it('prints every default key under a name it reads back', () => {
		for (const binding of keymap) {
			for (const label of binding.keys) {
				if (label === '0-9') continue;
				// `^B` (as drill's tables write it) reads back as the same key, `Ctrl+B`.
				const same = label.replace(/^\^([A-Z])$/, 'Ctrl+$1');
				expect(parseKeyName(keyNameOf(label)), label).toEqual({ok: true, label: same});
			}
		}
		expect(keyNameOf('↓')).toBe('down');
		expect(keyNameOf('Bksp')).toBe('backspace');
		expect(keyNameOf('Ctrl+C')).toBe('ctrl+c');
		expect(keyNameOf('^B')).toBe('ctrl+b');
	});
});

describe('resolveKeyOverrides', () => {
	it('gives the defaults when the config has no keys, and the defaults have no clash', () => {
		expect(resolveKeyOverrides(undefined)).toEqual({ok: true, tables: keyTables});
		expect(tablesOf(resolveKeyOverrides({}))).toEqual(keyTables);
	});

	it('replaces the keys of the intents it names and keeps every other binding', () => {
		const tables = tablesOf(
			resolveKeyOverrides({list: {'move-down': ['j', 'ctrl+n'], open: ['enter', 'l']}}),
		);
		expect(tables.list['move-down'].keys).toEqual(['j', 'Ctrl+N']);
		expect(tables.list['move-down'].description).toBe('Next record');
		expect(intentFor('n', {...noKey, ctrl: true}, 'list', tables)).toBe('move-down');
		expect(intentFor('', {...noKey, downArrow: true}, 'list', tables)).toBeUndefined();
		expect(intentFor('l', noKey, 'list', tables)).toBe('open');
		expect(intentFor('k', noKey, 'list', tables)).toBe('move-up');
		expect(intentFor('', {...noKey, downArrow: true}, 'detail', tables)).toBe('move-down');
		expect(keysFor('open', 'list', tables)).toEqual(['Enter', 'l']);
		expect(keyTables.list['move-down'].keys).toEqual(['↓', 'j']);
	});

	it('takes one key as a plain string and drops a key named twice', () => {
		const tables = tablesOf(
			resolveKeyOverrides({detail: {'toggle-raw': 'x', back: ['esc', 'Esc']}}),
		);
		expect(tables.detail['toggle-raw'].keys).toEqual(['x']);
		expect(tables.detail.back.keys).toEqual(['Esc']);
	});

	it('lets a global key move, and list and detail follow', () => {
		const tables = tablesOf(resolveKeyOverrides({global: {refresh: ['R']}}));
		expect(intentFor('R', {...noKey, shift: true}, 'list', tables)).toBe('refresh');
		expect(intentFor('R', {...noKey, shift: true}, 'detail', tables)).toBe('refresh');
		expect(intentFor('r', noKey, 'list', tables)).toBeUndefined();
	});

	it('names the entry of an unknown key', () => {
		expect(errorsOf({list: {'move-down': ['j', 'ctlr+n']}})).toEqual([
			'keys.list.move-down: unknown key "ctlr+n"',
		]);
	});

	it('names an unknown context or intent, and the fixed ones with the reason', () => {
		expect(errorsOf({lists: {'move-down': ['j']}})).toEqual([
			'keys.lists: unknown context "lists" (contexts: global, list, detail, help, profiles)',
		]);
		expect(errorsOf({setup: {submit: ['x']}})[0]).toMatch(
			/^keys\.setup: the setup screen's keys are those of its text fields and choice lists/,
		);
		expect(errorsOf({prompt: {cancel: ['x']}})[0]).toMatch(/^keys\.prompt: /);
		expect(errorsOf({list: {'open-detail': ['l']}})[0]).toMatch(
			/^keys\.list\.open-detail: unknown intent "open-detail" \(list: move-up, move-down, .*open, detail/,
		);
		expect(errorsOf({list: {jump: ['#']}})).toEqual([
			'keys.list.jump: typing a number (0-9) starts a jump; it cannot be remapped',
		]);
	});

	it('refuses a section, a context or an intent of the wrong shape', () => {
		expect(errorsOf(['j'])).toEqual(['keys: must be an object of contexts, such as {"list": {…}}']);
		expect(errorsOf({list: 'j'})[0]).toMatch(/^keys\.list: must be an object of intents/);
		expect(errorsOf({list: {'move-down': 7}})[0]).toMatch(/^keys\.list\.move-down: must be a list/);
		expect(errorsOf({list: {'move-down': ['j', 7]}})[0]).toMatch(/must be a list of key names/);
		expect(errorsOf({list: {'move-down': []}})).toEqual([
			'keys.list.move-down: needs at least one key',
		]);
	});

	it('refuses two intents on one key in one context', () => {
		expect(errorsOf({list: {'move-down': ['k']}})).toEqual([
			'keys.list.move-down: key "k" is already keys.list.move-up',
		]);
		expect(errorsOf({help: {first: ['q']}})).toEqual([
			'keys.help.first: key "q" is already keys.help.back',
		]);
	});

	it('counts the global keys list and detail inherit, either way round', () => {
		expect(errorsOf({list: {'move-down': ['r']}})).toEqual([
			'keys.list.move-down: key "r" is already keys.global.refresh (global keys apply in list too)',
		]);
		expect(errorsOf({global: {refresh: ['v']}})).toEqual([
			'keys.global.refresh: key "v" is already keys.detail.toggle-raw (global keys apply in detail too)',
		]);
		expect(errorsOf({detail: {'toggle-raw': ['?']}})).toEqual([
			'keys.detail.toggle-raw: key "?" is already keys.global.help (global keys apply in detail too)',
		]);
		// A digit belongs to the jump in the list, and is free in the detail pane.
		expect(errorsOf({list: {first: ['0']}})).toEqual([
			'keys.list.first: key "0" is already keys.list.jump',
		]);
		expect(resolveKeyOverrides({detail: {first: ['0']}}).ok).toBe(true);
		// The default ^F (page-down) is the key a user writes as ctrl+f.
		expect(errorsOf({list: {first: ['ctrl+f']}})).toEqual([
			'keys.list.first: key "ctrl+f" is already keys.list.page-down',
		]);
	});

	it('remaps the profiles screen: the new keys mean the intent, the replaced ones nothing', () => {
		const tables = tablesOf(resolveKeyOverrides({profiles: {'move-down': ['j', 'ctrl+n']}}));
		expect(tables.profiles['move-down'].keys).toEqual(['j', 'Ctrl+N']);
		expect(intentFor('n', {...noKey, ctrl: true}, 'profiles', tables)).toBe('move-down');
		expect(intentFor('j', noKey, 'profiles', tables)).toBe('move-down');
		expect(intentFor('', {...noKey, downArrow: true}, 'profiles', tables)).toBeUndefined();
		expect(keysFor('move-down', 'profiles', tables)).toEqual(['j', 'Ctrl+N']);
	});

	it('checks the profiles keys like the others: unknown intent or key, two intents on one key', () => {
		expect(errorsOf({profiles: {'open-detail': ['l']}})[0]).toMatch(
			/^keys\.profiles\.open-detail: unknown intent "open-detail" \(profiles: move-up, move-down, open, add/,
		);
		expect(errorsOf({profiles: {add: ['ctlr+a']}})).toEqual([
			'keys.profiles.add: unknown key "ctlr+a"',
		]);
		expect(errorsOf({profiles: {'move-down': ['e']}})).toEqual([
			'keys.profiles.move-down: key "e" is already keys.profiles.edit',
		]);
		expect(errorsOf({profiles: {help: ['q']}})).toEqual([
			'keys.profiles.help: key "q" is already keys.profiles.quit',
		]);
		// The profiles screen takes no global keys: r and p are free there.
		expect(resolveKeyOverrides({profiles: {add: ['r'], edit: ['p']}}).ok).toBe(true);
	});

	it("keeps Ctrl+C on the profiles screen's quit", () => {
		const tables = tablesOf(resolveKeyOverrides({profiles: {quit: ['x']}}));
		expect(tables.profiles.quit.keys).toEqual(['x', 'Ctrl+C']);
		expect(errorsOf({profiles: {back: ['ctrl+c']}})).toEqual([
			'keys.profiles.back: ctrl+c always quits and cannot mean anything else',
		]);
	});

	it('reports a clash between two changed entries once per entry', () => {
		expect(errorsOf({list: {'move-up': ['x'], 'move-down': ['x']}})).toEqual([
			'keys.list.move-down: key "x" is already keys.list.move-up',
		]);
	});

	it('keeps Ctrl+C on quit whatever the map says, and on nothing else', () => {
		const tables = tablesOf(resolveKeyOverrides({global: {quit: ['x']}, help: {quit: ['x']}}));
		expect(tables.global.quit.keys).toEqual(['x', 'Ctrl+C']);
		expect(tables.help.quit.keys).toEqual(['x', 'Ctrl+C']);
		expect(intentFor('c', {...noKey, ctrl: true}, 'list', tables)).toBe('quit');
		expect(intentFor('q', noKey, 'list', tables)).toBeUndefined();
		expect(errorsOf({help: {quit: ['esc']}})).toEqual([
			'keys.help.quit: key "esc" is already keys.help.back',
		]);
		expect(errorsOf({list: {back: ['ctrl+c']}})).toEqual([
			'keys.list.back: ctrl+c always quits and cannot mean anything else',
		]);
	});

	it('reports every problem at once', () => {
		expect(
			errorsOf({list: {'move-down': ['ctlr+n'], nope: ['x']}, setup: {}, detail: {back: ['r']}}),
		).toHaveLength(4);
	});
});

describe('the README', () => {
	it('lists every intent of every context the config may remap', () => {
		const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		const section = readme.slice(readme.indexOf('### Your own keys'));
		for (const context of remappableContexts) {
			const row = section.split('\n').find((line) => line.startsWith(`| \`${context}\``)) ?? '';
			for (const intent of Object.keys(keyTables[context])) {
				expect(row, `${context}.${intent}`).toContain(`\`${intent}\``);
			}
		}
	});
});
