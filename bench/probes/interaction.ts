/**
 * Probe: key press to frame (cached, and uncached at 0 ms and 20 ms server latency), and the
 * requests the browser makes while walking with ↓ and while PgDn is held. Runs the real browser
 * screen in-process (see browser-harness.tsx) against the main process's demo server.
 */
import {
	isViewLoaded,
	keys,
	mountBrowser,
	pace,
	settle,
	showsLoaded,
	showsPosition,
	type BrowserHarness,
} from '../browser-harness.js';
import {runAsProbe, type ParentLink} from '../server-link.js';
import {analyzeRequests, type RequestAnalysis} from '../requests.js';

/** Key-to-frame samples of one kind, in milliseconds. */
export type KeySamples = {
	/** Key press to the frame that shows the new position with its rows loaded. */
	toLoaded: number[];
	/** Key press to the first frame that shows the new position (rows may still be loading). */
	toPosition: number[];
	/** Key press to the start and to the end of the request for the page (uncached only). */
	toRequestStart: number[];
	toRequestEnd: number[];
	/**
	 * CPU time of the whole process (user + system) from the key press until its frame with rows
	 * was written and React settled, per counted press: what one key costs.
	 */
	cpuMs: number[];
	/** Presses left out because the page was (un)cached against the plan. */
	excluded: number;
};

/** A walk or a held key, as the server saw it. */
export type RequestRun = {
	presses: number;
	intervalMs: number;
	latencyMs: number;
	/** Record indexes (0-based) the cursor was on, first and last. */
	from: number;
	to: number;
	pageRows: number;
	durationMs: number;
	/** Key press to the frame with the new position loaded, per press (walk only). */
	keyToFrame: number[];
	requests: RequestAnalysis;
};

/** Everything the interaction probe measured. */
export type InteractionResult = {
	count: number;
	columns: number;
	rows: number;
	pageRows: number;
	keyIntervalMs: number;
	cached: KeySamples;
	uncached: Array<{latencyMs: number; samples: KeySamples}>;
	walk: RequestRun;
	holds: RequestRun[];
};

const count = 10_000;
const columns = 100;
const rows = 30;
// People type, and terminals repeat keys, at most ~30 a second; a gap also keeps Ink's
// frame throttle (source/ui/layout.ts) from merging two answers into one frame, so each press is
// timed on its own.
const keyIntervalMs = 50;
const cachedPresses = 120;
const uncachedPresses = 40;
// `npm run bench -- --quick` walks a third as far.
const walkPresses = process.env['VIKTOR_BENCH_QUICK'] === '1' ? 333 : 999;
const repeatIntervalMs = 33;
const holdPages = 50;

function emptySamples(): KeySamples {
	return {
		toLoaded: [],
		toPosition: [],
		toRequestStart: [],
		toRequestEnd: [],
		cpuMs: [],
		excluded: 0,
	};
}

async function waitForQuietServer(link: ParentLink): Promise<void> {
	const deadline = Date.now() + 5000;
	while ((await link.serverStats()).inFlight > 0) {
		if (Date.now() > deadline) throw new Error('the server still has requests open after 5 s');
		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}
}

async function mountLoaded(link: ParentLink): Promise<BrowserHarness> {
	const harness = mountBrowser({baseUrl: link.baseUrl, token: link.token, columns, rows});
	await harness.waitForFrame(showsLoaded(1, count));
	await settle();
	return harness;
}

function pageRowsOf(harness: BrowserHarness): number {
	const first = harness.fetches[0];
	if (first === undefined) throw new Error('the browser made no request');
	return first.limit;
}

/** Types a record number and Enter, then waits until that record's page is on screen. */
async function jumpTo(harness: BrowserHarness, index: number): Promise<void> {
	for (const digit of String(index + 1)) {
		harness.press(digit);
		await settle();
	}

	const since = harness.press(keys.enter);
	await harness.waitForFrame(showsLoaded(index + 1, count), {since});
	await settle();
}

/** Times one key press; `isPlanned` says whether it fetched (or not) as the measurement needs. */
async function timePress(
	harness: BrowserHarness,
	key: string,
	cursor: number,
	samples: KeySamples,
	isPlanned: (isFetched: boolean) => boolean,
): Promise<void> {
	const viewStart = Math.floor(cursor / pageRowsOf(harness)) * pageRowsOf(harness);
	const cpuBefore = process.cpuUsage();
	const since = harness.press(key);
	const position = harness.waitForFrame((text) => showsPosition(text, cursor + 1, count), {since});
	const loaded = harness.waitForFrame(showsLoaded(cursor + 1, count), {since});
	const [positionFrame, loadedFrame] = await Promise.all([position, loaded]);
	const request = harness.fetches.find(
		(fetch) => fetch.startedAt >= since && fetch.offset === viewStart,
	);
	await settle();
	const cpu = process.cpuUsage(cpuBefore);
	if (isPlanned(request !== undefined)) {
		samples.cpuMs.push((cpu.user + cpu.system) / 1000);
		samples.toPosition.push(positionFrame.at - since);
		samples.toLoaded.push(loadedFrame.at - since);
		if (request?.settledAt !== undefined) {
			samples.toRequestStart.push(request.startedAt - since);
			samples.toRequestEnd.push(request.settledAt - since);
		}
	} else {
		samples.excluded += 1;
	}
}

async function measureCached(harness: BrowserHarness): Promise<KeySamples> {
	const samples = emptySamples();
	const stride = pageRowsOf(harness) * 2 - 1;
	let cursor = 0;
	let direction = 1;
	let last = harness.stdout.lastFrame.at;
	for (let press = 0; press < cachedPresses; press++) {
		if ((direction === 1 && cursor >= stride) || (direction === -1 && cursor <= 0)) {
			direction = -direction;
		}

		await pace(last, keyIntervalMs);
		cursor += direction;
		await timePress(
			harness,
			direction === 1 ? keys.down : keys.up,
			cursor,
			samples,
			(isFetched) => !isFetched,
		);
		last = harness.stdout.lastFrame.at;
	}

	return samples;
}

async function measureUncached(harness: BrowserHarness, firstPage: number): Promise<KeySamples> {
	const samples = emptySamples();
	const pageRows = pageRowsOf(harness);
	let cursor = firstPage * pageRows;
	await jumpTo(harness, cursor);
	let last = harness.stdout.lastFrame.at;
	for (let press = 0; press < uncachedPresses; press++) {
		await pace(last, keyIntervalMs);
		cursor += pageRows;
		await timePress(harness, keys.pageDown, cursor, samples, (isFetched) => isFetched);
		last = harness.stdout.lastFrame.at;
	}

	return samples;
}

async function walkDown(link: ParentLink): Promise<RequestRun> {
	const latencyMs = 20;
	await link.setServerOptions({latencyMs});
	await link.resetServerStats();
	const harness = await mountLoaded(link);
	const start = performance.now();
	const keyToFrame: number[] = [];
	let cursor = 0;
	for (let press = 0; press < walkPresses; press++) {
		cursor += 1;
		const since = harness.press(keys.down);
		const frame = await harness.waitForFrame(showsLoaded(cursor + 1, count), {since});
		keyToFrame.push(frame.at - since);
		await settle();
		await pace(since, repeatIntervalMs);
	}

	const durationMs = performance.now() - start;
	await waitForQuietServer(link);
	const pageRows = pageRowsOf(harness);
	harness.unmount();
	return {
		presses: walkPresses,
		intervalMs: repeatIntervalMs,
		latencyMs,
		from: 0,
		to: cursor,
		pageRows,
		durationMs,
		keyToFrame,
		requests: analyzeRequests(await link.serverStats(), {pageRows, from: 0, to: cursor}),
	};
}

async function holdPageDown(link: ParentLink, intervalMs: number): Promise<RequestRun> {
	const latencyMs = 20;
	await link.setServerOptions({latencyMs});
	const harness = await mountLoaded(link);
	const pageRows = pageRowsOf(harness);
	await waitForQuietServer(link);
	await link.resetServerStats();
	const start = performance.now();
	for (let press = 0; press < holdPages; press++) {
		const since = harness.press(keys.pageDown);
		await pace(since, intervalMs);
	}

	const to = holdPages * pageRows;
	await harness.waitForFrame(showsLoaded(to + 1, count), {timeoutMs: 10_000});
	const durationMs = performance.now() - start;
	await waitForQuietServer(link);
	harness.unmount();
	return {
		presses: holdPages,
		intervalMs,
		latencyMs,
		from: 0,
		to,
		pageRows,
		durationMs,
		keyToFrame: [],
		requests: analyzeRequests(await link.serverStats(), {pageRows, from: pageRows, to}),
	};
}

runAsProbe(async (link): Promise<InteractionResult> => {
	await link.setServerOptions({count, latencyMs: 0});
	const harness = await mountLoaded(link);
	const pageRows = pageRowsOf(harness);
	if (!isViewLoaded(harness.stdout.lastFrame.text)) throw new Error('the first page did not load');
	const cached = await measureCached(harness);
	const uncached: InteractionResult['uncached'] = [];
	for (const [latencyMs, firstPage] of [
		[0, 100],
		[20, 200],
	] as const) {
		await link.setServerOptions({latencyMs});
		uncached.push({latencyMs, samples: await measureUncached(harness, firstPage)});
	}

	harness.unmount();
	const walk = await walkDown(link);
	const holds = [await holdPageDown(link, repeatIntervalMs), await holdPageDown(link, 10)];
	return {count, columns, rows, pageRows, keyIntervalMs, cached, uncached, walk, holds};
});
