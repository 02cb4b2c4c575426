import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/index.js';
import {createResourceApi} from '../../source/services.js';
import {startDemoServer, type DemoFault, type DemoServer} from '../../source/demo/index.js';
import {App} from '../../source/app.js';
import {ServicesProvider, type Services} from '../../source/ui/services.js';
import {makeTheme} from '../../source/ui/theme.js';
import {createManualClock, type ManualClock} from '../clock.js';
import {frameWhere, KEYS, press, settle, waitForFrame} from '../helpers.js';
import {
	loadedFrame,
	messageOf,
	nameStart,
	placeholderRow,
	renderDemoBrowser,
	safeFrame,
	selectedLine,
	setUpDemoServer,
	OPEN_DETAIL,
} from './browser-harness.js';

const timeoutMs = 300;
/** The pager's key-repeat window (`defaultCoalesceMs`): keys further apart are no burst. */
const coalesceMs = 25;
const baseOptions = {count: 300, pageCap: 100, latencyMs: 0, hostile: false};

let server: DemoServer;

setUpDemoServer(baseOptions, (started) => {
	server = started;
});

afterEach(() => {
	cleanup();
});

/**
 * The browser against `target` with a 300 ms timeout, 20 ms backoff and 3 attempts unless told,
 * at 24 lines: 21 rows per page, a header and two status lines. With `clock`, the client's
 * timeouts and retry waits and the browser's own waits run on it, so only the test decides when
 * an attempt times out.
 */
function renderBrowser({
	target = server,
	maxAttempts = 3,
	clock,
}: {target?: DemoServer; maxAttempts?: number; clock?: ManualClock} = {}) {
	return renderDemoBrowser(target, {
		client: {timeoutMs, retryBaseDelayMs: 20, maxAttempts, ...(clock === undefined ? {} : {clock})},
		props: {theme: makeTheme(true), ...(clock === undefined ? {} : {clock})},
	});
}

/** Polls until `predicate` holds; a ceiling for waiting on the server, not a timing assumption. */
async function until(predicate: () => boolean): Promise<void> {
	await waitForFrame(
		() => (predicate() ? 'yes' : 'no'),
		(frame) => frame === 'yes',
		{
			timeout: 10_000,
		},
	);
}

/**
 * Times out `attempts` attempts in turn on `clock`: each once the server has received it
 * (`received` counts what it received, `start` of them before the first attempt), then fires
 * the retry wait after it.
 */
async function timeOutAttempts(
	clock: ManualClock,
	attempts: number,
	received: () => number,
	start: number,
): Promise<void> {
	for (let attempt = 1; attempt <= attempts; attempt++) {
		await until(() => received() >= start + attempt && clock.pending().includes(timeoutMs));
		clock.advance(timeoutMs);
		if (attempt === attempts) return;
		// Steps through the retry wait (and the browser's countdown ticks beside it) until the next
		// attempt has armed its timeout.
		await until(() => {
			if (clock.pending().includes(timeoutMs)) return true;
			const due = clock.pending().filter((delay) => delay < timeoutMs);
			if (due.length > 0) clock.advance(Math.min(...due));
			return false;
		});
	}
}

function listLog(target: DemoServer = server) {
	return target
		.stats()
		.log.filter((entry) => entry.path === '/api/workspaces/')
		.map((entry) => ({offset: entry.query['offset'], status: entry.status}));
}

describe('a slow server', () => {
	it('shows loading at once, says the server did not answer within the timeout, and r retries once it answers', async () => {
		server.addFault({fault: {type: 'hang'}, match: 'list'});
		const clock = createManualClock();
		const {lastFrame, stdin} = renderBrowser({clock});
		await settle();
		expect(lastFrame()).toContain('loading…');
		expect(lastFrame()).toContain('Loading workspaces…');
		await timeOutAttempts(clock, 3, () => server.stats().listRequests, 0);
		const failed = await frameWhere(lastFrame, (frame) => frame.includes('r to retry'));
		expect(messageOf(failed)).toContain(`did not answer within ${timeoutMs} ms`);
		expect(failed).toContain('Could not load workspaces.');
		expect(failed).not.toContain('loading…');
		// Every attempt reached the server: a timed-out attempt must not doom the retries.
		expect(server.stats().listRequests).toBe(3);
		safeFrame(lastFrame);
		server.clearFaults();
		await press(stdin, 'r');
		const recovered = await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
		expect(recovered).not.toContain('✖');
		expect(selectedLine(recovered)).toContain(nameStart(0));
	});

	it('keeps the rows, marked stale, while answers come later than the timeout, and recovers when they are fast again', async () => {
		const clock = createManualClock();
		const {lastFrame, stdin} = renderBrowser({maxAttempts: 1, clock});
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
		await press(stdin, KEYS.down, KEYS.down);
		server.setOptions({latencyMs: 1000});
		const before = server.stats().listRequests;
		await press(stdin, 'r');
		const loading = safeFrame(lastFrame);
		expect(loading).toContain('loading…');
		expect(loading).toContain('stale');
		expect(selectedLine(loading)).toContain(nameStart(2));
		await timeOutAttempts(clock, 1, () => server.stats().listRequests, before);
		const failed = await frameWhere(lastFrame, (frame) => frame.includes('r to retry'));
		expect(messageOf(failed)).toContain(`did not answer within ${timeoutMs} ms`);
		expect(failed).toContain('stale');
		expect(failed).toContain('3 of 300');
		expect(selectedLine(failed)).toContain(nameStart(2));
		server.setOptions({latencyMs: 0});
		await press(stdin, 'r');
		const recovered = await loadedFrame(
			lastFrame,
			(frame) => !frame.includes('stale') && !frame.includes('✖'),
		);
		expect(selectedLine(recovered)).toContain(nameStart(2));
	});
});

type MatrixCase = {name: string; fault: DemoFault; says: string};

const matrix: MatrixCase[] = [
	{
		name: 'a 500 with a JSON body',
		fault: {type: 'status', status: 500},
		says: 'failed with a server error (HTTP 500)',
	},
	{
		name: 'a 502 HTML page from a proxy',
		fault: {type: 'status', status: 502, body: 'html'},
		says: 'answered with a non-JSON page (HTTP 502)',
	},
	{
		name: 'a 503 that lasts through every retry',
		fault: {type: 'status', status: 503},
		says: 'failed with a server error (HTTP 503)',
	},
	{
		name: 'a 429 without Retry-After that lasts through every retry',
		fault: {type: 'status', status: 429},
		says: 'is limiting the rate of requests',
	},
	{
		name: 'a 401 (the token was revoked meanwhile)',
		fault: {type: 'status', status: 401},
		says: 'The token was rejected',
	},
	{
		name: 'a 200 with malformed JSON',
		fault: {type: 'malformed-json'},
		says: 'answered with malformed JSON',
	},
	{
		name: "a 200 HTML page (a proxy's login page)",
		fault: {type: 'html'},
		says: 'answered with a non-JSON page',
	},
	{
		name: 'a 200 whose results are not a list',
		fault: {type: 'wrong-shape', body: {count: 3, results: 'three'}},
		says: 'sent a page whose `results` is not a list',
	},
];

describe('a failed page', () => {
	it.each(matrix)(
		'keeps the last good rows, marked stale, with the error and r to retry after $name',
		async ({fault, says}) => {
			const {lastFrame, stdin} = renderBrowser();
			await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
			await press(stdin, KEYS.down, KEYS.down);
			server.addFault({fault, match: 'list'});
			await press(stdin, 'r');
			const failed = await frameWhere(lastFrame, (frame) => frame.includes('r to retry'));
			expect(messageOf(failed)).toContain('✖');
			expect(messageOf(failed)).toContain(says);
			expect(failed).toContain('stale');
			expect(failed).toContain('3 of 300');
			expect(selectedLine(failed)).toContain(nameStart(2));
			expect(failed).not.toMatch(placeholderRow);
			safeFrame(lastFrame);
			server.clearFaults();
			await press(stdin, 'r');
			const recovered = await loadedFrame(
				lastFrame,
				(frame) => !frame.includes('stale') && !frame.includes('✖'),
			);
			expect(selectedLine(recovered)).toContain(nameStart(2));
		},
	);
});

describe('automatic retries', () => {
	it('counts down in the status bar while a 503 with Retry-After: 2 is waited on, and r skips the wait', async () => {
		// The client waits on a clock that moves only as the test says: only r ends the wait.
		const clock = createManualClock();
		const {lastFrame, stdin} = renderBrowser({clock});
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
		server.resetStats();
		server.addFault({
			fault: {type: 'status', status: 503, retryAfter: '2'},
			times: 1,
			match: 'list',
		});
		await press(stdin, 'r');
		const waiting = await frameWhere(lastFrame, (frame) => frame.includes('retrying in 2 s'));
		expect(messageOf(waiting)).toBe('⚠ retrying in 2 s (attempt 2 of 3)');
		expect(waiting).toContain('stale');
		expect(selectedLine(waiting)).toContain(nameStart(0));
		clock.advance(1000);
		await frameWhere(lastFrame, (frame) => frame.includes('retrying in 1 s'));
		expect(listLog()).toEqual([{offset: '0', status: 503}]);
		await press(stdin, 'r');
		const recovered = await loadedFrame(
			lastFrame,
			(frame) => !frame.includes('stale') && !frame.includes('retrying'),
		);
		expect(selectedLine(recovered)).toContain(nameStart(0));
		expect(listLog()).toEqual([
			{offset: '0', status: 503},
			{offset: '0', status: 200},
		]);
	});
});

describe('throttling', () => {
	/**
	 * The browser and its client on one manual clock, with a timeout no step of the test reaches:
	 * every wait (Retry-After, backoff, the throttle pause, key coalescing) moves only when the
	 * test advances the clock, so the outcome does not depend on how fast the machine runs.
	 */
	function renderOnClock(clock: ManualClock) {
		return renderDemoBrowser(server, {
			client: {timeoutMs: 600_000, retryBaseDelayMs: 20, maxAttempts: 3, clock},
			props: {theme: makeTheme(true), clock},
		});
	}

	/** Presses `key` `times` times, each a coalescing window after the last: no key-repeat burst. */
	async function pressApart(
		clock: ManualClock,
		stdin: {write: (data: string) => void},
		key: string,
		times = 1,
	): Promise<void> {
		for (let step = 0; step < times; step++) {
			clock.advance(coalesceMs);
			await press(stdin, key);
		}
	}

	it('pauses prefetching while a 429 with Retry-After is waited on, shows throttled, and resumes after the wait', async () => {
		const clock = createManualClock();
		const {lastFrame, stdin} = renderOnClock(clock);
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
		// Row 16 of 21 is close enough to the bottom to fetch the next page ahead.
		await pressApart(clock, stdin, KEYS.down, 15);
		await frameWhere(lastFrame, () => listLog().some((entry) => entry.offset === '21'));
		await pressApart(clock, stdin, KEYS.down, 21);
		await frameWhere(lastFrame, () => listLog().some((entry) => entry.offset === '42'));
		server.resetStats();
		server.addFault({
			fault: {type: 'status', status: 429, retryAfter: '1'},
			times: 1,
			match: 'list',
		});
		await pressApart(clock, stdin, KEYS.down, 21);
		const throttled = await frameWhere(lastFrame, (frame) => frame.includes('retrying in 1 s'));
		// The clock has not moved since the 429 arrived: the wait ends 1000 ms from now.
		const waitEnds = clock.now() + 1000;
		expect(throttled).toContain('58 of 300');
		expect(throttled).toContain('throttled');
		expect(listLog()).toEqual([{offset: '63', status: 429}]);
		// Away and back: the waiting request is given up, and the page ahead is wanted again.
		await pressApart(clock, stdin, KEYS.pageUp, 2);
		expect(lastFrame()).toContain('16 of 300');
		await pressApart(clock, stdin, KEYS.pageDown, 2);
		const paused = safeFrame(lastFrame);
		expect(paused).toContain('58 of 300');
		expect(paused).toContain('throttled');
		expect(paused).not.toMatch(placeholderRow);
		// A millisecond before the wait ends: still throttled, and nothing else was asked for.
		clock.advance(waitEnds - 1 - clock.now());
		await settle();
		expect(lastFrame()).toContain('throttled');
		expect(listLog()).toEqual([{offset: '63', status: 429}]);
		// The pause runs on the injected clock: its end is a timer 1 ms away, not wall time.
		expect(clock.pending()).toContain(1);
		clock.advance(1);
		await frameWhere(lastFrame, (frame) => !frame.includes('throttled'));
		await frameWhere(lastFrame, () => listLog().length > 1);
		// Nothing else was asked for during the wait: the page ahead is the very next request.
		expect(listLog()).toEqual([
			{offset: '63', status: 429},
			{offset: '63', status: 200},
		]);
	});

	it('pauses prefetching after a 429 without Retry-After until a request succeeds again', async () => {
		const clock = createManualClock();
		const {lastFrame, stdin} = renderOnClock(clock);
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
		server.resetStats();
		server.addFault({fault: {type: 'status', status: 429}, times: 3, match: 'list'});
		await pressApart(clock, stdin, KEYS.down, 15);
		// The client's backoff after the 1st and 2nd answer waits at most 20 and 40 ms. It is on
		// the clock once the retry is on screen (the client schedules it as it reports the retry;
		// the server's log, or another short timer, can be there sooner).
		for (const [answers, backoffMs] of [
			[1, 20],
			[2, 40],
		] as const) {
			await until(
				() =>
					listLog().length >= answers &&
					(lastFrame() ?? '').includes(`attempt ${answers + 1} of 3`) &&
					clock.pending().some((delay) => delay <= backoffMs),
			);
			clock.advance(backoffMs);
		}

		const throttled = await frameWhere(
			lastFrame,
			(frame) => frame.includes('throttled') && !frame.includes('retrying'),
		);
		expect(throttled).toContain('16 of 300');
		expect(listLog()).toEqual([
			{offset: '21', status: 429},
			{offset: '21', status: 429},
			{offset: '21', status: 429},
		]);
		// However long it lasts, a throttle without a Retry-After ends only with a success.
		clock.advance(60_000);
		await pressApart(clock, stdin, KEYS.down);
		await pressApart(clock, stdin, KEYS.up);
		await pressApart(clock, stdin, KEYS.down, 2);
		expect(lastFrame()).toContain('18 of 300');
		expect(lastFrame()).toContain('throttled');
		expect(listLog()).toHaveLength(3);
		await pressApart(clock, stdin, KEYS.down, 4);
		const nextPage = await loadedFrame(
			lastFrame,
			(frame) => frame.includes('22 of 300') && !frame.includes('throttled'),
		);
		expect(selectedLine(nextPage)).toContain(nameStart(21));
		expect(listLog().at(-1)).toEqual({offset: '21', status: 200});
		await pressApart(clock, stdin, KEYS.down, 15);
		await frameWhere(lastFrame, () => listLog().some((entry) => entry.offset === '42'));
	});
});

describe('never stranded', () => {
	it('keeps every key that needs no network working at once while requests hang', async () => {
		// The clock never moves: the hanging requests stay in flight for the whole test.
		const {lastFrame, stdin, calls} = renderBrowser({clock: createManualClock()});
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
		server.addFault({fault: {type: 'hang'}});
		await press(stdin, 'r');
		expect(lastFrame()).toContain('loading…');
		await press(stdin, KEYS.down, KEYS.down);
		expect(lastFrame()).toContain('3 of 300');
		expect(selectedLine(safeFrame(lastFrame))).toContain(nameStart(2));
		await press(stdin, KEYS.pageDown);
		expect(lastFrame()).toContain('24 of 300');
		await press(stdin, KEYS.pageUp);
		expect(lastFrame()).toContain('3 of 300');
		expect(selectedLine(safeFrame(lastFrame))).toContain(nameStart(2));
		await press(stdin, OPEN_DETAIL);
		const detail = safeFrame(lastFrame);
		expect(detail).toContain('Loading the full record…');
		expect(detail).toContain('visibility:');
		await press(stdin, KEYS.escape);
		await frameWhere(lastFrame, (frame) => !frame.includes('Loading the full record'));
		await press(stdin, '?');
		expect(lastFrame()).toContain('Next page');
		await press(stdin, KEYS.escape);
		await frameWhere(lastFrame, (frame) => !frame.includes('Next page'));
		await press(stdin, 'p');
		expect(calls.profiles).toBe(1);
		await press(stdin, 'q');
		expect(calls.quit).toBe(1);
		await press(stdin, KEYS.ctrlC);
		expect(calls.quit).toBe(2);
		safeFrame(lastFrame);
	});

	it('says in the detail pane when the full record did not come in time, keeps the list copy, and r loads it', async () => {
		const clock = createManualClock();
		const {lastFrame, stdin} = renderBrowser({maxAttempts: 1, clock});
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
		server.addFault({fault: {type: 'hang'}, match: 'detail'});
		await press(stdin, KEYS.down, OPEN_DETAIL);
		expect(lastFrame()).toContain('Loading the full record…');
		await timeOutAttempts(clock, 1, () => server.stats().detailRequests, 0);
		const failed = await frameWhere(lastFrame, (frame) =>
			frame.includes(`did not answer within ${timeoutMs} ms`),
		);
		expect(failed).not.toContain('Loading the full record');
		expect(failed).toContain('visibility:');
		expect(failed).toContain('2 of 300');
		expect(server.stats().detailRequests).toBe(1);
		safeFrame(lastFrame);
		server.clearFaults();
		await press(stdin, 'r');
		const loaded = await frameWhere(
			lastFrame,
			(frame) =>
				frame.includes('created_at:') &&
				!frame.includes('did not answer') &&
				!frame.includes('Loading the full record'),
		);
		expect(loaded).toContain('2 of 300');
		expect(server.stats().detailRequests).toBe(2);
	});

	it('stays up while the server is gone and recovers with r once it is back on the same port', async () => {
		const own = await startDemoServer(baseOptions);
		const {port} = own;
		let revived: DemoServer | undefined;
		try {
			const {lastFrame, stdin} = renderBrowser({target: own});
			await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
			await own.close();
			await press(stdin, KEYS.down, 'r');
			const failed = await frameWhere(lastFrame, (frame) => frame.includes('r to retry'));
			expect(messageOf(failed)).toContain(`Could not reach 127.0.0.1:${port}`);
			expect(failed).toContain('stale');
			expect(selectedLine(failed)).toContain(nameStart(1));
			await press(stdin, KEYS.down);
			expect(lastFrame()).toContain('3 of 300');
			revived = await startDemoServer({...baseOptions, port});
			await press(stdin, 'r');
			const recovered = await loadedFrame(
				lastFrame,
				(frame) => !frame.includes('stale') && !frame.includes('✖'),
			);
			expect(selectedLine(recovered)).toContain(nameStart(2));
			expect(revived.stats().listRequests).toBeGreaterThan(0);
		} finally {
			await own.close();
			await revived?.close();
		}
	});

	it('keeps the whole app up when every request fails: help, profiles and back to the list still work', async () => {
		const own = await startDemoServer(baseOptions);
		try {
			const client = createClient({
				baseUrl: own.baseUrl,
				token: own.token,
				timeoutMs,
				retryBaseDelayMs: 20,
				maxAttempts: 3,
			});
			const connection = {
				id: 1,
				target: {baseUrl: own.baseUrl, host: client.host, label: 'demo'},
				api: createResourceApi(client),
			};
			const unchanged = async () => ({ok: true as const, snapshot: {profiles: []}});
			const services: Services = {
				connect: () => connection,
				openProfile: async () => ({ok: true, connection}),
				verify: async () => ({ok: false, kind: 'network', message: 'offline'}),
				profiles: {
					read: () => ({profiles: [], warnings: []}),
					saveProfile: unchanged,
					removeProfile: unchanged,
					setDefaultProfile: unchanged,
				},
			};
			const {lastFrame, stdin} = render(
				<ServicesProvider services={services}>
					<App noColor initialConnection={connection} />
				</ServicesProvider>,
			);
			await loadedFrame(lastFrame, (frame) => frame.includes('1 of 300'));
			await own.close();
			await press(stdin, 'r');
			await frameWhere(lastFrame, (frame) => frame.includes('r to retry'));
			await press(stdin, KEYS.pageDown);
			await frameWhere(lastFrame, (frame) => frame.includes('page 2/') && frame.includes('✖'));
			await press(stdin, '?');
			expect(lastFrame()).toContain('Next page');
			await press(stdin, KEYS.escape);
			await frameWhere(lastFrame, (frame) => !frame.includes('Next page'));
			await press(stdin, 'p');
			await frameWhere(lastFrame, (frame) => frame.includes('No profiles saved yet'));
			await press(stdin, KEYS.escape);
			// Back from profiles the browser is mounted afresh, so it may have only the error to show.
			const back = await frameWhere(
				lastFrame,
				(frame) => / of (?:300|\?) /.test(frame) && frame.includes('r to retry'),
			);
			expect(back).not.toContain('Something went wrong');
			expect(back).not.toContain(' ERROR ');
		} finally {
			await own.close();
		}
	});
});
