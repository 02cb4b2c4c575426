import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {demoWorkspaceName, type DemoServer} from '../../source/demo/index.js';
import {layoutColumns, nextSort, resources} from '../../source/ui/resources.js';
import {fitStatusParts, messageLine, statusLine} from '../../source/ui/components/status-bar.js';
import {flashMilliseconds, type BrowserProps} from '../../source/ui/screens/browser.js';
import {displayWidth} from '../../source/ui/text.js';
import {makeTheme} from '../../source/ui/theme.js';
import {createManualClock, waitForTimers} from '../clock.js';
import {KEYS, press, settle, type, waitForFrame} from '../helpers.js';
import {
	nameStart,
	renderDemoBrowser,
	selectedLine,
	showsLoadedRows,
	setUpDemoServer,
	OPEN_DETAIL,
} from './browser-harness.js';

/** How long the browser waits after the last letter typed before it searches. */
const searchDebounceMs = 250;

let server: DemoServer;

setUpDemoServer({count: 300, pageCap: 7, latencyMs: 0, hostile: false}, (started) => {
	server = started;
});

afterEach(() => {
	cleanup();
});

function renderBrowser(overrides: Partial<BrowserProps> = {}) {
	return renderDemoBrowser(server, {
		client: {maxAttempts: 2, retryBaseDelayMs: 5},
		props: {profileName: 'demo', ...overrides},
	});
}

/** Waits until the rows on screen are loaded and no request runs, without settling after. */
async function loadedFrame(
	lastFrame: () => string | undefined,
	predicate: (frame: string) => boolean = () => true,
	timeout = 3000,
): Promise<string> {
	return waitForFrame(lastFrame, (frame) => showsLoadedRows(frame) && predicate(frame), {timeout});
}

function listOffsets(): Array<string | string[] | undefined> {
	return server
		.stats()
		.log.filter((entry) => entry.path === '/api/workspaces/')
		.map((entry) => entry.query['offset']);
}

describe('the list', () => {
	it('shows the first page, the position and the host in the status bar', async () => {
		const {lastFrame} = renderBrowser();
		const frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		expect(frame).toContain('page 1/15');
		expect(frame).toContain(`demo @ 127.0.0.1:${server.port}`);
		expect(selectedLine(frame)).toContain(nameStart(0));
		expect(frame.split('\n')).toHaveLength(25);
		for (const line of frame.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
		expect(listOffsets()).toEqual(['0', '7', '14']);
	});

	it('moves across page boundaries with ↓ and ↑, and with j and k', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		for (let step = 0; step < 20; step++) await press(stdin, KEYS.down);
		let frame = await loadedFrame(lastFrame, (text) => text.includes('21 of 300'));
		expect(selectedLine(frame)).toContain(nameStart(20));
		await press(stdin, 'j');
		frame = await loadedFrame(lastFrame, (text) => text.includes('22 of 300'));
		expect(frame).toContain('page 2/15');
		expect(selectedLine(frame)).toContain(nameStart(21));
		await press(stdin, KEYS.up);
		frame = await loadedFrame(lastFrame, (text) => text.includes('21 of 300'));
		expect(frame).toContain('page 1/15');
		await press(stdin, 'k');
		frame = await loadedFrame(lastFrame, (text) => text.includes('20 of 300'));
		expect(selectedLine(frame)).toContain(nameStart(19));
	});

	it('moves a page with PgDn/PgUp and →/←, and to first/last with Home/End and g/G', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, KEYS.pageDown);
		await loadedFrame(lastFrame, (text) => text.includes('22 of 300'));
		await press(stdin, KEYS.right);
		await loadedFrame(lastFrame, (text) => text.includes('43 of 300'));
		await press(stdin, KEYS.left);
		await loadedFrame(lastFrame, (text) => text.includes('22 of 300'));
		await press(stdin, KEYS.pageUp);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, KEYS.end);
		let frame = await loadedFrame(lastFrame, (text) => text.includes('300 of 300'));
		expect(frame).toContain('page 15/15');
		expect(selectedLine(frame)).toContain(nameStart(299));
		await press(stdin, KEYS.home);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, 'G');
		await loadedFrame(lastFrame, (text) => text.includes('300 of 300'));
		await press(stdin, 'g');
		frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		expect(selectedLine(frame)).toContain(nameStart(0));
	});

	it('goes to the last of 100,000 records with one request at the last page offset', async () => {
		server.setOptions({count: 100_000, pageCap: 100});
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 100,000'));
		server.resetStats();
		await press(stdin, KEYS.end);
		const frame = await loadedFrame(lastFrame, (text) => text.includes('100,000 of 100,000'));
		expect(frame).toContain('page 4,762/4,762');
		expect(server.stats().listRequests).toBe(1);
		expect(listOffsets()).toEqual([String(Math.floor(99_999 / 21) * 21)]);
	});

	it('jumps to a record typed as digits then Enter, or after :', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await type(stdin, '150');
		expect(lastFrame()).toContain('Go to record: 150');
		await press(stdin, KEYS.enter);
		let frame = await loadedFrame(lastFrame, (text) => text.includes('150 of 300'));
		expect(selectedLine(frame)).toContain(nameStart(149));
		await press(stdin, ':');
		await type(stdin, '429');
		await press(stdin, KEYS.backspace, KEYS.enter);
		frame = await loadedFrame(lastFrame, (text) => text.includes('42 of 300'));
		expect(selectedLine(frame)).toContain(nameStart(41));
		await type(stdin, '7');
		await press(stdin, KEYS.escape);
		await settle();
		expect(lastFrame()).not.toContain('Go to record');
		await type(stdin, '99999');
		await press(stdin, KEYS.enter);
		await loadedFrame(lastFrame, (text) => text.includes('300 of 300'));
	});

	it('takes keys typed faster than a frame, which arrive as one chunk', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, 'jjj');
		await loadedFrame(lastFrame, (text) => text.includes('4 of 300'));
		await press(stdin, '42');
		expect(lastFrame()).toContain('Go to record: 42');
		await press(stdin, KEYS.enter);
		await loadedFrame(lastFrame, (text) => text.includes('42 of 300'));
	});
});

describe('search and sort', () => {
	it('searches on the server as you type, debounced, and Esc restores the whole list', async () => {
		// The debounce runs on a manual clock: however slowly the letters arrive, it is one search.
		const clock = createManualClock();
		const {lastFrame, stdin} = renderBrowser({clock});
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, KEYS.down, KEYS.down);
		server.resetStats();
		await press(stdin, '/');
		await type(stdin, 'bridge');
		expect(lastFrame()).toContain('/ bridge');
		await waitForTimers(clock, (delays) => delays.includes(searchDebounceMs));
		clock.advance(searchDebounceMs - 1);
		await settle();
		expect(server.stats().log).toEqual([]);
		clock.advance(1);
		const frame = await loadedFrame(lastFrame, (text) => text.includes('search “bridge”'));
		const match = /(\d+) of (\d+)/.exec(frame);
		expect(Number(match?.[1])).toBe(1);
		expect(Number(match?.[2])).toBeGreaterThan(0);
		expect(Number(match?.[2])).toBeLessThan(300);
		const searches = server.stats().log.map((entry) => entry.query['search']);
		expect(new Set(searches)).toEqual(new Set(['bridge']));
		await press(stdin, KEYS.escape);
		await settle();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300') && !text.includes('search “'));
	});

	it('keeps a search submitted with Enter and shows when nothing matches', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, '/');
		await type(stdin, 'zzqx');
		await press(stdin, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (text) => text.includes('No workspaces match'));
		expect(frame).toContain('0 of 0');
		expect(frame).toContain('search “zzqx”');
		expect(frame).not.toContain('/ zzqx');
	});

	it('cycles the documented sorts with s and starts again at the first record', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, KEYS.pageDown);
		await loadedFrame(lastFrame, (text) => text.includes('22 of 300'));
		await press(stdin, 's');
		let frame = await loadedFrame(lastFrame, (text) => text.includes('sort name'));
		expect(frame).toContain('1 of 300');
		const sorted = server.stats().log.at(-1)?.query['sort'];
		expect(sorted).toBe('name');
		await press(stdin, 's');
		frame = await loadedFrame(lastFrame, (text) => text.includes('sort name:desc'));
		expect(frame).toContain('1 of 300');
		expect(server.stats().log.at(-1)?.query['sort']).toBe('name:desc');
	});

	it.each([
		['one write', ['sS']],
		['two writes', ['s', 'S']],
	])('reverses the sort with S (%s) and shows it in the header', async (_how, writes) => {
		const {lastFrame, stdin} = renderBrowser({initialSort: 'views:desc'});
		let frame = await loadedFrame(lastFrame, (text) => text.includes('sort views:desc'));
		// Views has no column of its own: it gets one while its sort is active, with the arrow.
		expect(frame).toContain('Views ↓');
		expect(frame).toContain('S reverse');
		for (const write of writes) await press(stdin, write);
		// s steps to the next sort (views_last_30_days:desc), S reverses that one.
		frame = await loadedFrame(lastFrame, (text) => text.includes('sort views_last_30_days '));
		expect(frame).toContain('30 days ↑');
		expect(frame).not.toContain('Views');
		expect(frame).toContain('1 of 300');
		expect(server.stats().log.at(-1)?.query['sort']).toBe('views_last_30_days');
	});

	it('says the server order cannot be reversed, and shows no S hint then', async () => {
		const {lastFrame, stdin} = renderBrowser();
		let frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		expect(frame).not.toContain('S reverse');
		await press(stdin, 'S');
		frame = await waitForFrame(lastFrame, (text) => text.includes('cannot be reversed'));
		expect(frame).toContain("The server's order cannot be reversed; choose one with s first.");
	});

	it('lets a flash give the hints back after a while, on the injected clock', async () => {
		const clock = createManualClock();
		const {lastFrame, stdin} = renderBrowser({clock});
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, 'S');
		let frame = await waitForFrame(lastFrame, (text) => text.includes('cannot be reversed'));
		expect(frame).not.toContain('? help');
		clock.advance(flashMilliseconds - 1);
		await settle();
		expect(lastFrame()).toContain('cannot be reversed');
		clock.advance(1);
		frame = await waitForFrame(lastFrame, (text) => text.includes('? help'));
		expect(frame).not.toContain('cannot be reversed');
	});

	it('knows the order of the sorts', () => {
		const {workspaces} = resources;
		expect(workspaces.sorts[0]).toBeUndefined();
		expect(nextSort(workspaces, undefined)).toBe('name');
		expect(nextSort(workspaces, 'user_last_visit:desc')).toBeUndefined();
		expect(nextSort(workspaces, 'unknown')).toBeUndefined();
	});
});

describe('detail and overlays', () => {
	it('opens the detail full screen on a narrow terminal, fetches the record and closes with Esc', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, KEYS.down, OPEN_DETAIL);
		const frame = await waitForFrame(
			lastFrame,
			(text) => text.includes('created_at:') && !text.includes('Loading the full record'),
		);
		expect(frame).toContain('visibility:');
		expect(frame).toContain('owner');
		expect(frame).not.toContain('Updated');
		expect(frame).toContain('2 of 300');
		expect(server.stats().detailRequests).toBe(1);
		await press(stdin, KEYS.escape);
		await settle();
		const list = await loadedFrame(lastFrame, (text) => text.includes('Updated'));
		expect(list).not.toContain('created_at:');
	});

	it('keeps the detail beside the list on a wide terminal, following the cursor; Enter loads the full record and Tab moves the focus', async () => {
		// The cursor's rest never loads a record here (a loaded machine can pause 300 ms between
		// two keys): the detail requests counted are Enter's alone.
		const {lastFrame, stdin} = renderBrowser({width: 120, detailRestMs: 3_600_000});
		let frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		// The pane shows the selected record from the list data before any detail request.
		expect(frame).toContain('created_at:');
		expect(frame).toContain(`name: ${nameStart(0)}`);
		expect(server.stats().detailRequests).toBe(0);
		await press(stdin, KEYS.down);
		frame = await waitForFrame(lastFrame, (text) => text.includes(`name: ${nameStart(1)}`));
		expect(selectedLine(frame)).toContain(nameStart(1));
		await press(stdin, OPEN_DETAIL);
		await waitForFrame(lastFrame, () => server.stats().detailRequests === 1);
		// Focus is on the pane now: ↓ scrolls it instead of moving the cursor.
		await press(stdin, KEYS.down);
		expect(lastFrame()).toContain('2 of 300');
		await press(stdin, KEYS.tab, KEYS.down);
		frame = await waitForFrame(lastFrame, (text) => text.includes('3 of 300'));
		expect(frame).toContain(`name: ${nameStart(2)}`);
		await press(stdin, OPEN_DETAIL);
		await waitForFrame(lastFrame, () => server.stats().detailRequests === 2);
		await press(stdin, KEYS.escape);
		await settle();
		await press(stdin, KEYS.down);
		await waitForFrame(lastFrame, (text) => text.includes('4 of 300'));
		expect(lastFrame()).toContain('Name');
	});

	it('shows the help overlay with ? and closes it with Esc', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, '?');
		expect(lastFrame()).toContain('Keys');
		expect(lastFrame()).toContain('Next page');
		await press(stdin, KEYS.escape);
		await settle();
		expect(lastFrame()).not.toContain('Next page');
		expect(lastFrame()).toContain('Updated');
	});

	it('keeps the selection visible without colour by its marker', async () => {
		const {lastFrame, stdin} = renderBrowser({theme: makeTheme(true)});
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, KEYS.down, KEYS.down);
		const frame = await loadedFrame(lastFrame, (text) => text.includes('3 of 300'));
		const marked = frame.split('\n').filter((line) => line.startsWith('›'));
		expect(marked).toHaveLength(1);
		expect(marked[0]).toContain(nameStart(2));
	});

	it('never lets a hostile name put a control character on screen', async () => {
		server.setOptions({hostile: true});
		const {lastFrame, stdin} = renderBrowser();
		const seen: string[] = [];
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		for (let page = 0; page < 6; page++) {
			seen.push(await loadedFrame(lastFrame, (text) => text.includes(`page ${page + 1}/`)));
			await press(stdin, KEYS.pageDown);
		}

		const hostileIndex = Array.from({length: 120}, (_, index) => index).find((index) =>
			demoWorkspaceName(index, 1, true).includes('\u001B'),
		);
		expect(hostileIndex).toBeDefined();
		expect(seen.join('\n')).toContain(nameStart(hostileIndex!, true).slice(0, 6));
		for (const frame of seen) {
			expect(frame).not.toMatch(
				// eslint-disable-next-line no-control-regex -- looking for control characters is the point
				/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/,
			);
			for (const line of frame.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
		}
	});

	it('tells a terminal that is too small', () => {
		const {lastFrame} = renderBrowser({width: 30, height: 6});
		expect(lastFrame()?.replaceAll(/\s+/g, ' ')).toContain('terminal too small (30×6); need 40×8');
	});

	it('calls onQuit for q and Ctrl+C and onOpenProfiles for p', async () => {
		const {lastFrame, stdin, calls} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, 'p', 'q', KEYS.ctrlC);
		expect(calls).toEqual({quit: 2, profiles: 1});
	});

	it('does not react to list keys while the search field has focus', async () => {
		const {lastFrame, stdin, calls} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, '/');
		await type(stdin, 'qpj');
		expect(calls).toEqual({quit: 0, profiles: 0});
		expect(lastFrame()).toContain('/ qpj');
	});
});

describe('trouble', () => {
	it('clamps the cursor and tells when the list changed on refresh', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		await press(stdin, KEYS.end);
		await loadedFrame(lastFrame, (text) => text.includes('300 of 300'));
		server.setOptions({count: 250});
		await press(stdin, 'r');
		const frame = await loadedFrame(lastFrame, (text) => text.includes('250 of 250'));
		expect(frame).toContain('list changed from 300 to 250 records');
		expect(selectedLine(frame)).toContain(nameStart(249));
	});

	it('keeps the rows, marked stale, with the error and r to retry when a page fails, and r recovers', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		server.addFault({fault: {type: 'status', status: 500}, times: 1, match: 'list'});
		await press(stdin, 'r');
		const frame = await waitForFrame(lastFrame, (text) => text.includes('r to retry'));
		expect(frame).toContain('✖');
		expect(frame).toContain('stale');
		expect(selectedLine(frame)).toContain(nameStart(0));
		await press(stdin, 'r');
		const recovered = await loadedFrame(
			lastFrame,
			(text) => !text.includes('✖') && !text.includes('stale'),
		);
		expect(selectedLine(recovered)).toContain(nameStart(0));
	});

	it('counts down a retry and shows throttled while the server answers 429', async () => {
		// Client and browser on one manual clock: the Retry-After second passes when the test says.
		const clock = createManualClock();
		const {lastFrame, stdin} = renderDemoBrowser(server, {
			client: {maxAttempts: 2, retryBaseDelayMs: 5, clock},
			props: {profileName: 'demo', clock},
		});
		await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		server.addFault({
			fault: {type: 'status', status: 429, retryAfter: '1'},
			times: 1,
			match: 'list',
		});
		await press(stdin, 'r');
		const frame = await waitForFrame(lastFrame, (text) => text.includes('retrying in 1 s'));
		expect(frame).toContain('throttled');
		clock.advance(999);
		await settle();
		expect(lastFrame()).toContain('throttled');
		clock.advance(1);
		await loadedFrame(
			lastFrame,
			(text) => !text.includes('retrying') && !text.includes('throttled'),
		);
	});

	it('keeps at most 2 requests in flight at the server while PgDn is held across 50 pages', async () => {
		server.setOptions({count: 5_000, pageCap: 100, latencyMs: 20});
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (text) => text.includes('1 of 5,000'));
		server.resetStats();
		for (let step = 0; step < 50; step++) await press(stdin, KEYS.pageDown);
		await loadedFrame(lastFrame, (text) => text.includes('1,051 of 5,000'));
		expect(server.stats().maxInFlight).toBeLessThanOrEqual(2);
	});
});

describe('status bar and columns', () => {
	const theme = makeTheme(true);
	const info = {
		host: 'a-very-long-company-name.viktor.ai',
		profileName: 'production',
		position: {number: 1_234_567, count: 9_876_543, page: 58_789, pageCount: 470_312},
		query: {search: 'foundation piles in soft clay', sort: 'views_last_30_days:desc'},
		isLoading: true,
		isStale: false,
		isThrottled: false,
	};

	it('fits 80 columns by dropping lower priorities first, never the position', () => {
		const line = statusLine(info, 80);
		expect(displayWidth(line)).toBeLessThanOrEqual(80);
		expect(line).toContain('1,234,567 of 9,876,543');
		expect(line).toContain('loading…');
		const narrow = statusLine(info, 24);
		expect(narrow).toBe('1,234,567 of 9,876,543');
		expect(statusLine(info, 200)).toContain('production @ a-very-long-company-name.viktor.ai');
		expect(theme.selected.marker).toBe('›');
	});

	it('shortens a part that may be cut instead of dropping it', () => {
		expect(
			fitStatusParts(
				[
					{text: 'keep', priority: 10},
					{text: 'a long part that can shrink', priority: 5, minimumWidth: 6},
				],
				16,
			),
		).toBe('keep │ a long p…');
	});

	it('keeps the retry key visible however long the error', () => {
		const message = messageLine({...info, error: new Error('x'.repeat(500))}, 80);
		expect(message.tone).toBe('error');
		expect(displayWidth(message.text)).toBeLessThanOrEqual(80);
		expect(message.text).toContain('r to retry');
	});

	it('keeps the error on the status line while a flash or a prompt holds the message line', () => {
		const error = new Error('the server is down');
		expect(statusLine({...info, error}, 80)).not.toContain('server is down');
		const line = statusLine({...info, error, isMessageLineTaken: true}, 80);
		expect(line).toContain('✖ the server is down');
		expect(line).toContain('1,234,567 of 9,876,543');
		expect(displayWidth(line)).toBeLessThanOrEqual(80);
	});

	it.each([40, 30, 22])(
		'drops the least important hints first at %i columns, always keeping ? help and q quit',
		(width) => {
			const hints = [
				{keys: '?', label: 'help'},
				{keys: 'Enter', label: 'open'},
				{keys: '/', label: 'search'},
				{keys: 's', label: 'sort'},
				{keys: 'S', label: 'reverse'},
				{keys: 'r', label: 'refresh'},
				{keys: 'p', label: 'profiles'},
				{keys: 'q', label: 'quit'},
			];
			const line = messageLine({...info, hints}, width).text;
			expect(line.startsWith('? help')).toBe(true);
			expect(line.endsWith('q quit')).toBe(true);
			expect(displayWidth(line)).toBeLessThanOrEqual(width);
			// What goes first is what comes last: a kept hint keeps every hint before it.
			const kept = hints.filter((hint) => line.includes(`${hint.keys} ${hint.label}`));
			expect(kept).toEqual(hints.slice(0, kept.length - 1).concat(hints.at(-1) ?? []));
		},
	);

	it.each([
		[170, true],
		[159, false],
	])('at %i columns shows the wide columns (%s) beside the detail pane', async (width, isWide) => {
		const {lastFrame} = renderBrowser({width});
		const frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 300'));
		const header = frame.split('\n')[1] ?? '';
		for (const title of ['Created', 'Views', 'Type', 'Labels']) {
			expect(header.includes(` ${title} `) || header.endsWith(` ${title}`)).toBe(isWide);
		}

		expect(header).toContain('Updated');
		for (const line of frame.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(width);
	});

	it('drops columns that do not fit and gives the name the rest', () => {
		const columns = (width: number) =>
			layoutColumns(resources.workspaces, width).columns.map(({spec, width: taken}) => [
				spec.title,
				taken,
			]);
		expect(columns(40)).toEqual([
			['Name', 27],
			['Updated', 10],
		]);
		const wide = columns(80);
		expect(wide.map(([title]) => title)).toEqual(['Name', 'App', 'Visibility', 'Updated']);
		expect(wide.reduce((sum, [, taken]) => sum + Number(taken), 0) + 2 + 3).toBe(80);
		expect(columns(25)).toEqual([['Name', 23]]);
	});
});
