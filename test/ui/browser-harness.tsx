import {render} from 'ink-testing-library';
import {afterAll, beforeAll, beforeEach, expect} from 'vitest';
import {createClient, type ClientOptions} from '../../source/api/index.js';
import {
	demoWorkspaceName,
	startDemoServer,
	type DemoServer,
	type DemoServerOptions,
} from '../../source/demo/index.js';
import type {Timers} from '../../source/ui/hooks/use-record-details.js';
import {createResourceApi} from '../../source/services.js';
import {Browser, type BrowserProps} from '../../source/ui/screens/browser.js';
import {KeyTablesProvider} from '../../source/ui/key-tables.js';
import type {KeyTables} from '../../source/ui/keymap.js';
import {displayWidth, sanitizeLine} from '../../source/ui/text.js';
import {makeTheme} from '../../source/ui/theme.js';
import {frameWhere} from '../helpers.js';

/**
 * Starts a demo server with `options` before the file's tests and closes it after them; before
 * each test it restores `options` and drops its faults and stats. `onStart` receives the server.
 */
export function setUpDemoServer(
	options: DemoServerOptions,
	onStart: (server: DemoServer) => void,
): void {
	let started: DemoServer | undefined;

	beforeAll(async () => {
		started = await startDemoServer(options);
		onStart(started);
	});

	afterAll(async () => {
		await started?.close();
	});

	beforeEach(() => {
		started?.setOptions(options);
		started?.clearFaults();
		started?.resetStats();
	});
}

/** The key that opens the selected record's detail (Enter drills into the next level). */
export const OPEN_DETAIL = 'i';

/**
 * Timers that fire only when the test says so: the detail pane's resting-cursor wait is then a
 * step of the test, not a race with a loaded machine.
 */
export function manualTimers() {
	let pending = new Map<number, () => void>();
	let nextHandle = 1;
	const timers: Timers = {
		setTimeout(callback) {
			const handle = nextHandle++;
			pending.set(handle, callback);
			return handle;
		},
		clearTimeout(handle) {
			pending.delete(handle as number);
		},
	};
	return {
		timers,
		/** How many waits are running. */
		pendingCount: () => pending.size,
		/** Ends every running wait. */
		fireAll() {
			const due = pending;
			pending = new Map();
			for (const callback of due.values()) callback();
		},
	};
}

/** How often the browser asked its owner to quit and to open the profiles. */
export type BrowserCalls = {quit: number; profiles: number};

/** How to render the browser: client settings beyond the address and token, and props to replace. */
export type BrowserHarnessOptions = {
	client?: Omit<ClientOptions, 'baseUrl' | 'token'>;
	props?: Partial<BrowserProps>;
	/** Remapped keys, provided as start.tsx does; the defaults otherwise. */
	keyTables?: KeyTables;
};

/**
 * Renders `<Browser>` (80×25: 21 rows a page, no colour, active) against `server` through a real client, and
 * counts the calls it makes to its owner.
 */
export function renderDemoBrowser(
	server: DemoServer,
	{client: clientOptions = {}, props: overrides = {}, keyTables}: BrowserHarnessOptions = {},
) {
	const client = createClient({
		baseUrl: server.baseUrl,
		token: server.token,
		...clientOptions,
	});
	const calls: BrowserCalls = {quit: 0, profiles: 0};
	const props: BrowserProps = {
		api: createResourceApi(client),
		host: client.host,
		width: 80,
		height: 25,
		isActive: true,
		theme: makeTheme(false),
		// A resting cursor loads nothing unless a test ends the wait itself.
		timers: manualTimers().timers,
		onOpenProfiles() {
			calls.profiles++;
		},
		onQuit() {
			calls.quit++;
		},
		...overrides,
	};
	const browser = <Browser {...props} />;
	const element =
		keyTables === undefined ? (
			browser
		) : (
			<KeyTablesProvider tables={keyTables}>{browser}</KeyTablesProvider>
		);
	return {...render(element), calls, width: props.width};
}

/** A browser rendered by `renderDemoBrowser`. */
export type RenderedBrowser = ReturnType<typeof renderDemoBrowser>;

/** A row the list draws while its record has not arrived yet. */
export const placeholderRow = /^[› ] …/m;

/** Any control character but the line feed that separates lines: C0, DEL and C1 (ESC among them). */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
export const controlCharacter = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

/** True when the rows on screen are loaded and no list request runs. */
export function showsLoadedRows(frame: string): boolean {
	return (
		!placeholderRow.test(frame) &&
		!frame.includes('loading…') &&
		!/Loading (workspaces|entities|children|revisions|apps)…/.test(frame)
	);
}

/** Waits until the rows on screen are loaded, no request runs and `predicate` holds, then settles. */
export async function loadedFrame(
	lastFrame: () => string | undefined,
	predicate: (frame: string) => boolean = () => true,
	timeout = 3000,
): Promise<string> {
	return frameWhere(lastFrame, (frame) => showsLoadedRows(frame) && predicate(frame), {timeout});
}

/** The frame, checked for what must never happen: Ink's error overlay, control characters, overflow. */
export function safeFrame(
	lastFrame: () => string | undefined,
	{width = 80, height = 25}: {width?: number; height?: number} = {},
): string {
	const frame = lastFrame() ?? '';
	expect(frame).not.toContain(' ERROR ');
	expect(frame).not.toMatch(controlCharacter);
	const lines = frame.split('\n');
	expect(lines.length).toBeLessThanOrEqual(height);
	for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
	return frame;
}

/** The line of the selected row, or `''` when none is selected. */
export function selectedLine(frame: string): string {
	return frame.split('\n').find((line) => line.startsWith('›')) ?? '';
}

/** The message line: the last line of the frame. */
export function messageOf(frame: string): string {
	return frame.split('\n').at(-1) ?? '';
}

/** The start of the demo name at `index` as the list shows it. */
export function nameStart(index: number, hostile = false): string {
	return sanitizeLine(demoWorkspaceName(index, 1, hostile)).slice(0, 12);
}
