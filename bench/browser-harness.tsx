/**
 * The browser screen rendered in-process the way `viktor-tui` renders it (Ink's normal, throttled
 * renderer at the app's frame cap, not the test library's debug mode), against a real server over loopback,
 * in a fake terminal whose frames carry timestamps.
 */
import {maxFramesPerSecond} from '../source/ui/layout.js';
import {render} from 'ink';
import {performance} from 'node:perf_hooks';
import {createClient, getWorkspace, listWorkspaces} from '../source/api/index.js';
import {Browser} from '../source/ui/screens/browser.js';
import {formatCount} from '../source/ui/text.js';
import {makeTheme} from '../source/ui/theme.js';
import {FakeStdin, FakeStdout, NullStream, type Frame} from './fake-terminal.js';

/** Raw byte sequences a terminal sends for the keys the benchmark presses. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
} as const;

/** One list request the screen made, as its fetcher saw it (performance.now() times). */
export type FetchRecord = {offset: number; limit: number; startedAt: number; settledAt?: number};

/** How to mount the screen. */
export type BrowserHarnessOptions = {
	baseUrl: string;
	token: string;
	columns?: number;
	rows?: number;
	/** Ink's frame rate cap; the app renders with 60 (source/start.tsx). */
	maxFps?: number;
};

/** A mounted browser screen. */
export type BrowserHarness = {
	stdout: FakeStdout;
	/** Every list request so far, oldest first. */
	fetches: FetchRecord[];
	/** Writes a key sequence and returns the time it was written (performance.now()). */
	press: (key: string) => number;
	waitForFrame: FakeStdout['waitForFrame'];
	unmount: () => void;
};

// The app's own render options (source/start.tsx); patchConsole stays off so the benchmark can log.
const appMaxFps = maxFramesPerSecond;

/**
 * Renders `<Browser>` as the app does in a terminal of `columns` × `rows` (the app gives the
 * screen one row less than the terminal has), fetching from the server at `baseUrl`.
 */
export function mountBrowser(options: BrowserHarnessOptions): BrowserHarness {
	const {baseUrl, token, columns = 100, rows = 30, maxFps = appMaxFps} = options;
	const client = createClient({baseUrl, token});
	const fetches: FetchRecord[] = [];
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const instance = render(
		<Browser
			api={{
				async list(_resource, _parent, query, requestOptions) {
					const record: FetchRecord = {
						offset: query.offset,
						limit: query.limit,
						startedAt: performance.now(),
					};
					fetches.push(record);
					try {
						return await listWorkspaces(client, query, requestOptions);
					} finally {
						record.settledAt = performance.now();
					}
				},
				async get(_resource, _parent, id, requestOptions) {
					return getWorkspace(client, id, requestOptions);
				},
			}}
			host={new URL(baseUrl).host}
			width={columns}
			height={rows - 1}
			isActive
			theme={makeTheme(false)}
			onOpenProfiles={() => undefined}
			onQuit={() => undefined}
		/>,
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			stderr: new NullStream() as unknown as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: false,
			maxFps,
		},
	);

	return {
		stdout,
		fetches,
		press(key) {
			const at = performance.now();
			stdin.write(key);
			return at;
		},
		waitForFrame: stdout.waitForFrame.bind(stdout),
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
}

/** Lets React render and re-subscribe input handlers after a key (three macrotask turns). */
export async function settle(turns = 3): Promise<void> {
	for (let turn = 0; turn < turns; turn++) {
		await new Promise<void>((resolve) => {
			setImmediate(resolve);
		});
	}
}

/** Waits until `ms` have passed since `since` (performance.now()); paces simulated typing. */
export async function pace(since: number, ms: number): Promise<void> {
	const left = since + ms - performance.now();
	if (left <= 0) return;
	await new Promise<void>((resolve) => {
		setTimeout(resolve, left);
	});
}

/** Whether the status bar shows `number of count` (1-based, grouped like the app groups it). */
export function showsPosition(text: string, number: number, count: number): boolean {
	const needle = `${formatCount(number)} of ${formatCount(count)}`;
	let index = text.indexOf(needle);
	while (index >= 0) {
		const before = text[index - 1];
		const after = text[index + needle.length];
		const isDigitOrComma = (character: string | undefined) =>
			character !== undefined && /[\d,]/.test(character);
		if (!isDigitOrComma(before) && !isDigitOrComma(after)) return true;
		index = text.indexOf(needle, index + 1);
	}

	return false;
}

/**
 * Whether every row on screen shows a record: not `Loading…`, and no row whose cells are the `…`
 * placeholder (the detail pane may fill the rest of the line on wide screens).
 */
export function isViewLoaded(text: string): boolean {
	if (text.includes('Loading workspaces…')) return false;
	return !text.split('\n').some((line) => /^[› ]{0,2}…(?:\s|$)/.test(line));
}

/** A predicate for the frame that shows the record `number` of `count` with its page loaded. */
export function showsLoaded(number: number, count: number): (text: string) => boolean {
	return (text) => showsPosition(text, number, count) && isViewLoaded(text);
}

/** The time from a key press to a frame. */
export function elapsed(since: number, frame: Frame): number {
	return frame.at - since;
}
