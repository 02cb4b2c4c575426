import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {useLayoutEffect} from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient, listWorkspaces} from '../../source/api/index.js';
import {ApiError} from '../../source/api/errors.js';
import type {JsonObject, ListQuery, Page, RetryEvent} from '../../source/api/types.js';
import {startDemoServer, type DemoServer} from '../../source/demo/index.js';
import {
	usePager,
	type PageFetcher,
	type Pager,
	type UsePagerOptions,
} from '../../source/ui/hooks/use-pager.js';
import {createManualClock, waitForTimers} from '../clock.js';
import {settle, waitForFrame} from '../helpers.js';

type Row = JsonObject & {id: number; name: string};

type Call = {
	query: ListQuery;
	signal: AbortSignal;
	onRetry?: (event: RetryEvent) => void;
	answer: (page?: Page<Row>) => void;
	fail: (error: unknown) => void;
};

/** A fetcher the test answers by hand; records every call and how many run at once. */
function manualFetcher(initialCount: number) {
	const list = {count: initialCount, shift: 0};
	const calls: Call[] = [];
	const open = new Set<Call>();
	let maxOpen = 0;
	const pageFor = (query: ListQuery): Page<Row> => {
		const size = Math.max(0, Math.min(query.limit, list.count - query.offset));
		const results = Array.from({length: size}, (_, index) => {
			const id = query.offset + index - list.shift;
			return {id, name: `${query.search ?? ''}row ${id}`};
		});
		return {count: list.count, results};
	};

	const fetchPage: PageFetcher<Row> = async (query, {signal, onRetry}) =>
		new Promise<Page<Row>>((resolve, reject) => {
			if (signal === undefined) throw new Error('the hook must pass a signal');
			const call: Call = {
				query,
				signal,
				onRetry,
				answer(page) {
					open.delete(call);
					resolve(page ?? pageFor(query));
				},
				fail(error) {
					open.delete(call);
					reject(error);
				},
			};
			signal.addEventListener(
				'abort',
				() => {
					call.fail(new ApiError({kind: 'cancelled', message: 'Cancelled.', host: 'test'}));
				},
				{once: true},
			);
			calls.push(call);
			open.add(call);
			maxOpen = Math.max(maxOpen, open.size);
		});

	return {
		list,
		calls,
		fetchPage,
		open: () => [...open],
		maxOpen: () => maxOpen,
		/** Answers every open call, oldest first. */
		answerAll() {
			for (const call of [...open]) call.answer();
		},
	};
}

/** The client's news of a 429 that asked to wait 3 s. */
const rateLimitedRetry: RetryEvent = {
	attempt: 1,
	maxAttempts: 4,
	delayMs: 3000,
	reason: 'rate-limited',
	status: 429,
	fromRetryAfter: true,
};

/** The failure of a request whose retries all met a 429. */
function tooManyRequests(retryAfterMs?: number): ApiError {
	return new ApiError({
		kind: 'rate-limited',
		message: 'Too many requests.',
		host: 'test',
		status: 429,
		retryAfterMs,
	});
}

type Holder = {pager?: Pager<Row>};

function Probe({options, holder}: {options: UsePagerOptions<Row>; holder: Holder}) {
	const pager = usePager(options);
	// Layout effects run in the same commit that writes the frame, so a frame seen means the
	// holder is current.
	useLayoutEffect(() => {
		holder.pager = pager;
	});
	const names = pager.rows.map((row) => row.record?.name ?? '…').join(',');
	const flags = [
		pager.isLoading ? 'loading' : '',
		pager.isStale ? 'stale' : '',
		pager.isThrottled ? 'throttled' : '',
		pager.error ? `error:${pager.error.message}` : '',
		pager.retry ? `retry-in:${pager.retry.secondsLeft}` : '',
		pager.listChange ? `changed:${pager.listChange.from}->${pager.listChange.to}` : '',
	]
		.filter(Boolean)
		.join(' ');
	return (
		<Text>{`[${names}] ${pager.position.number} of ${pager.position.count ?? '?'} ${flags}`}</Text>
	);
}

function mount(options: UsePagerOptions<Row>) {
	const holder: Holder = {};
	const instance = render(<Probe options={options} holder={holder} />);
	const pager = () => {
		if (holder.pager === undefined) throw new Error('the probe has not rendered');
		return holder.pager;
	};

	return {...instance, pager};
}

afterEach(() => {
	cleanup();
});

describe('usePager with a hand-answered fetcher', () => {
	it('fetches the first page at once and shows its rows', async () => {
		const fetcher = manualFetcher(30);
		const {lastFrame} = mount({fetchPage: fetcher.fetchPage, rows: 3});
		await settle();
		expect(fetcher.calls.map((call) => call.query)).toEqual([
			{limit: 3, offset: 0, search: undefined, sort: undefined},
		]);
		expect(lastFrame()).toContain('0 of ? loading');
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('[row 0,row 1,row 2] 1 of 30'));
	});

	it('fetches on the first keypress at once and aborts the request of a page the user left', async () => {
		const fetcher = manualFetcher(100);
		const {lastFrame, pager} = mount({fetchPage: fetcher.fetchPage, rows: 5, coalesceMs: 1000});
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 100'));
		pager().movePage(1);
		await settle();
		expect(fetcher.calls.map((call) => call.query.offset)).toEqual([0, 5]);
		const left = fetcher.calls[1]!;
		pager().movePage(-1);
		await settle();
		expect(left.signal.aborted).toBe(true);
		expect(lastFrame()).toContain('[row 0,row 1,row 2,row 3,row 4] 1 of 100');
		expect(fetcher.open()).toEqual([]);
	});

	it('never starts two requests for one offset', async () => {
		const fetcher = manualFetcher(100);
		const {lastFrame, pager} = mount({fetchPage: fetcher.fetchPage, rows: 5, coalesceMs: 0});
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 100'));
		for (let step = 0; step < 4; step++) {
			pager().moveBy(1);
			await settle();
		}

		pager().moveBy(-1);
		await settle();
		pager().moveBy(1);
		await settle();
		const offsets = fetcher.calls.map((call) => call.query.offset);
		expect(offsets).toEqual([0, 5]);
		expect(new Set(offsets).size).toBe(offsets.length);
	});

	it('coalesces a burst of PgDn into one request for where the burst ends', async () => {
		// On a manual clock the 50 moves are one burst however slowly a loaded machine runs them.
		const clock = createManualClock();
		const fetcher = manualFetcher(10_000);
		const {lastFrame, pager} = mount({
			fetchPage: fetcher.fetchPage,
			rows: 10,
			coalesceMs: 300,
			clock,
		});
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 10000'));
		for (let step = 0; step < 50; step++) {
			pager().movePage(1);
			await settle();
		}

		expect(fetcher.calls.map((call) => call.query.offset)).toEqual([0, 10]);
		expect(fetcher.calls[1]?.signal.aborted).toBe(true);
		await waitForTimers(clock, (delays) => delays.includes(300));
		clock.advance(299);
		await settle();
		expect(fetcher.open()).toEqual([]);
		clock.advance(1);
		await waitForFrame(lastFrame, () => fetcher.open().length > 0);
		expect(fetcher.open().map((call) => call.query.offset)).toEqual([500]);
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('[row 500,'));
	});

	it('has at most 2 requests in flight while paging through 50 pages without coalescing', async () => {
		const fetcher = manualFetcher(10_000);
		const {lastFrame, pager} = mount({fetchPage: fetcher.fetchPage, rows: 10, coalesceMs: 0});
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 10000'));
		for (let step = 0; step < 50; step++) {
			pager().movePage(1);
			await settle();
			expect(fetcher.open().length).toBeLessThanOrEqual(2);
			// Answer every other step, so some pages arrive and some are left while loading.
			if (step % 2 === 0) fetcher.open()[0]?.answer();
			await settle();
		}

		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('[row 500,'));
		expect(fetcher.maxOpen()).toBeLessThanOrEqual(2);
		const offsets = fetcher.calls.map((call) => call.query.offset);
		expect(new Set(offsets).size).toBe(offsets.length);
	});

	it('shows a retry countdown and throttled on 429, and pauses prefetch while throttled', async () => {
		const fetcher = manualFetcher(100);
		const {lastFrame, pager} = mount({fetchPage: fetcher.fetchPage, rows: 4});
		await settle();
		fetcher.calls[0]!.onRetry?.(rateLimitedRetry);
		await waitForFrame(lastFrame, (frame) => frame.includes('throttled retry-in:3'));
		expect(pager().retry).toMatchObject({reason: 'rate-limited', attempt: 1, maxAttempts: 4});
		fetcher.calls[0]!.fail(tooManyRequests());
		await waitForFrame(lastFrame, (frame) => frame.includes('error:Too many requests.'));
		expect(lastFrame()).toContain('throttled');
		pager().refresh();
		await settle();
		fetcher.answerAll();
		await waitForFrame(
			lastFrame,
			(frame) => frame.includes('1 of 100') && !frame.includes('throttled'),
		);
		pager().moveBy(3);
		await settle();
		expect(fetcher.open().map((call) => call.query.offset)).toEqual([4]);
	});

	it('counts down and ends a throttle on its clock, not on wall time', async () => {
		const clock = createManualClock();
		const fetcher = manualFetcher(100);
		const {lastFrame} = mount({fetchPage: fetcher.fetchPage, rows: 4, clock});
		await settle();
		fetcher.calls[0]!.onRetry?.(rateLimitedRetry);
		await waitForFrame(lastFrame, (frame) => frame.includes('throttled retry-in:3'));
		await waitForTimers(clock, (delays) => delays.includes(250));
		clock.advance(1000);
		await waitForFrame(lastFrame, (frame) => frame.includes('throttled retry-in:2'));
		fetcher.calls[0]!.fail(tooManyRequests(5000));
		await waitForFrame(lastFrame, (frame) => frame.includes('error:Too many requests.'));
		await waitForTimers(clock, (delays) => delays.includes(5000));
		clock.advance(4999);
		await settle();
		expect(lastFrame()).toContain('throttled');
		clock.advance(1);
		await waitForFrame(lastFrame, (frame) => !frame.includes('throttled'));
	});

	it('keeps the last good rows marked stale when a refresh fails, and a refresh recovers', async () => {
		const fetcher = manualFetcher(50);
		const {lastFrame, pager} = mount({fetchPage: fetcher.fetchPage, rows: 3});
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 50'));
		pager().moveBy(1);
		pager().refresh();
		await settle();
		fetcher
			.open()[0]!
			.fail(
				new ApiError({kind: 'server', message: 'Server error 500.', host: 'test', status: 500}),
			);
		await waitForFrame(lastFrame, (frame) => frame.includes('stale error:Server error 500.'));
		expect(lastFrame()).toContain('[row 0,row 1,row 2] 2 of 50');
		fetcher.list.shift = 1;
		fetcher.list.count = 51;
		pager().refresh();
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => !frame.includes('stale') && !frame.includes('error'));
		expect(pager().selected?.id).toBe(1);
		expect(lastFrame()).toContain('[row -1,row 0,row 1] 3 of 51');
		expect(lastFrame()).toContain('changed:50->51');
	});

	it('drops answers to an old query and starts over at the first record', async () => {
		const fetcher = manualFetcher(80);
		const {lastFrame, pager} = mount({fetchPage: fetcher.fetchPage, rows: 2, search: 'a'});
		await settle();
		expect(fetcher.calls[0]?.query.search).toBe('a');
		pager().setQuery({search: 'b', sort: 'name'});
		await settle();
		expect(fetcher.calls[0]?.signal.aborted).toBe(true);
		expect(fetcher.calls[1]?.query).toEqual({limit: 2, offset: 0, search: 'b', sort: 'name'});
		fetcher.calls[0]!.answer();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('[brow 0,brow 1] 1 of 80'));
		expect(pager().query).toEqual({search: 'b', sort: 'name'});
	});

	it('keeps the selected record when the rows change', async () => {
		const fetcher = manualFetcher(100);
		const {lastFrame, rerender} = mount({fetchPage: fetcher.fetchPage, rows: 10});
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 100'));
		const holder: Holder = {};
		rerender(<Probe options={{fetchPage: fetcher.fetchPage, rows: 10}} holder={holder} />);
		await settle();
		holder.pager!.jumpTo(13);
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) => frame.includes('14 of 100'));
		rerender(<Probe options={{fetchPage: fetcher.fetchPage, rows: 4}} holder={holder} />);
		await settle();
		fetcher.answerAll();
		await waitForFrame(lastFrame, (frame) =>
			frame.includes('[row 12,row 13,row 14,row 15] 14 of 100'),
		);
		expect(holder.pager?.selected?.id).toBe(13);
	});

	it('aborts every request on unmount', async () => {
		const fetcher = manualFetcher(100);
		const {unmount} = mount({fetchPage: fetcher.fetchPage, rows: 5});
		await settle();
		expect(fetcher.open()).toHaveLength(1);
		unmount();
		expect(fetcher.calls[0]?.signal.aborted).toBe(true);
	});

	it('turns a fetcher that throws at once into a failure', async () => {
		const {lastFrame} = mount({
			fetchPage() {
				throw new Error('not configured');
			},
			rows: 5,
		});
		await waitForFrame(lastFrame, (frame) => frame.includes('error:not configured'));
	});
});

describe('usePager against the demo server', () => {
	let server: DemoServer;

	beforeAll(async () => {
		server = await startDemoServer({count: 120, pageCap: 7, latencyMs: 5});
	});

	afterAll(async () => {
		await server.close();
	});

	it('fills a screen from short pages without holes or duplicates', async () => {
		const client = createClient({baseUrl: server.baseUrl, token: server.token, maxAttempts: 1});
		const fetchPage: PageFetcher<Row> = async (query, options) =>
			listWorkspaces(client, query, options) as Promise<Page<Row>>;
		server.resetStats();
		const {lastFrame, pager} = mount({fetchPage, rows: 16});
		await waitForFrame(
			lastFrame,
			() => pager().rows.length === 16 && pager().rows.every((row) => row.record !== undefined),
		);
		const ids = pager().rows.map((row) => row.record?.id);
		expect(new Set(ids).size).toBe(16);
		const offsets = server
			.stats()
			.log.filter((entry) => entry.path === '/api/workspaces/')
			.map((entry) => [entry.query['offset'], entry.query['limit']]);
		expect(offsets).toEqual([
			['0', '16'],
			['7', '9'],
			['14', '2'],
		]);
	});
});
