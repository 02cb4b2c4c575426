import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {DemoServer} from '../../source/demo/index.js';
import {resolveKeyOverrides} from '../../source/ui/key-overrides.js';
import type {KeyTables} from '../../source/ui/keymap.js';
import {KEYS, press, settle} from '../helpers.js';
import {
	loadedFrame,
	messageOf,
	nameStart,
	renderDemoBrowser,
	selectedLine,
	setUpDemoServer,
} from './browser-harness.js';

let server: DemoServer;

setUpDemoServer({count: 300, pageCap: 7, latencyMs: 0, hostile: false}, (started) => {
	server = started;
});

afterEach(() => {
	cleanup();
});

const CTRL_N = '\u000E';

/** The config's keys as a user would write them, resolved as at start. */
function remapped(section: unknown): KeyTables {
	const result = resolveKeyOverrides(section);
	if (!result.ok) throw new Error(result.errors.join('\n'));
	return result.tables;
}

const keyTables = remapped({
	list: {'move-down': ['ctrl+n', 'J'], open: ['enter', 'l']},
	global: {help: ['h'], refresh: ['f']},
	detail: {'toggle-raw': ['x']},
});

function renderRemapped() {
	return renderDemoBrowser(server, {
		client: {maxAttempts: 2, retryBaseDelayMs: 5},
		props: {profileName: 'demo'},
		keyTables,
	});
}

describe('remapped keys', () => {
	it('moves with the keys of the map, and no longer with the default ones it replaced', async () => {
		const {lastFrame, stdin} = renderRemapped();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, CTRL_N);
		await loadedFrame(lastFrame, (text) => text.includes('2 of 300'));
		await press(stdin, 'j', KEYS.down);
		await settle();
		expect(lastFrame()).toContain('2 of 300');
		await press(stdin, 'J');
		const frame = await loadedFrame(lastFrame, (text) => text.includes('3 of 300'));
		expect(selectedLine(frame)).toContain(nameStart(2));
	});

	it('takes a remapped key typed three times in one chunk as three presses', async () => {
		const {lastFrame, stdin} = renderRemapped();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, 'JJJ');
		await loadedFrame(lastFrame, (text) => text.includes('4 of 300'));
		await press(stdin, 'J', 'J', 'J');
		const frame = await loadedFrame(lastFrame, (text) => text.includes('7 of 300'));
		expect(selectedLine(frame)).toContain(nameStart(6));
	});

	it('shows the remapped keys in the hint line and in help, and opens help with its new key', async () => {
		const {lastFrame, stdin} = renderRemapped();
		const frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		expect(messageOf(frame)).toContain('h help');
		expect(messageOf(frame)).not.toContain('? help');
		await press(stdin, '?');
		await settle();
		expect(lastFrame()).not.toContain('Next record');
		await press(stdin, 'h');
		const help = lastFrame() ?? '';
		expect(help).toMatch(/Ctrl\+N J\s+Next record/);
		expect(help).toMatch(/Enter l\s+Open: level or detail/);
		expect(help).toMatch(/h\s+Show or hide this help/);
		expect(help).toMatch(/f\s+Refresh/);
		await press(stdin, KEYS.escape);
		await settle();
		expect(lastFrame()).not.toContain('Next record');
	});

	it('quits with Ctrl+C even when quit is remapped', async () => {
		const {lastFrame, stdin, calls} = renderDemoBrowser(server, {
			keyTables: remapped({global: {quit: ['x']}}),
		});
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, 'q');
		expect(calls.quit).toBe(0);
		await press(stdin, 'x', KEYS.ctrlC);
		expect(calls.quit).toBe(2);
	});
});
