import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {ListQuery, Page, RequestOptions, Workspace} from '../../source/api/types.js';
import {
	streamOrderedPages,
	type OrderedChunk,
	type OrderedPagesOptions,
	type PageFetcher,
} from '../../source/export/ordered-pages.js';

type Call = {
	query: ListQuery;
	signal: AbortSignal | undefined;
	resolve: (page: Page<Workspace>) => void;
	reject: (error: unknown) => void;
};

const nextTurn = async () =>
	new Promise<void>((resolve) => {
		setImmediate(resolve);
	});

/** Lets every pending promise callback run (answers, deliveries, new launches). */
async function flush(turns = 5): Promise<void> {
	for (let turn = 0; turn < turns; turn++) await nextTurn();
}

function records(from: number, to: number): Workspace[] {
	return Array.from({length: Math.max(0, to - from)}, (_, index) => ({
		id: from + index,
		name: `w${from + index}`,
	}));
}

/** The page a server holding `count` records with a page cap of `pageCap` answers for `query`. */
function pageFor(query: ListQuery, count: number, pageCap: number): Page<Workspace> {
	const size = Math.min(query.limit, pageCap);
	return {count, results: records(query.offset, Math.min(count, query.offset + size))};
}

/** A fetcher whose calls the test answers by hand, in any order. */
function manualFetcher(): {fetchPage: PageFetcher; calls: Call[]; at: (offset: number) => Call} {
	const calls: Call[] = [];
	const fetchPage: PageFetcher = async (query: ListQuery, options: RequestOptions) =>
		new Promise((resolve, reject) => {
			calls.push({query, signal: options.signal, resolve, reject});
		});
	const at = (offset: number) => {
		const call = calls.findLast((candidate) => candidate.query.offset === offset);
		if (call === undefined) throw new Error(`no request at offset ${offset}`);
		return call;
	};

	return {fetchPage, calls, at};
}

/** A fetcher that answers after a few event-loop turns, as `answer` says. */
function automaticFetcher(
	answer: (query: ListQuery, requestNumber: number) => Page<Workspace> | Error,
	turnsFor: (query: ListQuery) => number = () => 1,
): {fetchPage: PageFetcher; queries: ListQuery[]; maxInFlight: () => number} {
	const queries: ListQuery[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const fetchPage: PageFetcher = async (query) => {
		queries.push(query);
		const requestNumber = queries.length;
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			for (let turn = 0; turn < turnsFor(query); turn++) await nextTurn();
			const result = answer(query, requestNumber);
			if (result instanceof Error) throw result;
			return result;
		} finally {
			inFlight--;
		}
	};

	return {fetchPage, queries, maxInFlight: () => maxInFlight};
}

async function collect(options: OrderedPagesOptions) {
	const chunks: OrderedChunk[] = [];
	const outcome = await streamOrderedPages(options, (chunk) => {
		chunks.push(chunk);
	});
	const ids = chunks.flatMap((chunk) => chunk.records.map((record) => record.id));
	return {outcome, chunks, ids};
}

function range(from: number, to: number): number[] {
	return Array.from({length: Math.max(0, to - from)}, (_, index) => from + index);
}

describe('streamOrderedPages', () => {
	it('delivers every record in server order, stepping by the page size the first answer shows', async () => {
		const server = automaticFetcher((query) => pageFor(query, 250, 30));
		const {outcome, ids} = await collect({
			fetchPage: server.fetchPage,
			limit: 100,
			concurrency: 4,
		});
		expect(ids).toEqual(range(0, 250));
		expect(outcome).toMatchObject({status: 'complete', nextOffset: 250, count: 250});
		expect(server.queries.map((query) => [query.offset, query.limit])).toEqual([
			[0, 100],
			[30, 30],
			[60, 30],
			[90, 30],
			[120, 30],
			[150, 30],
			[180, 30],
			[210, 30],
			[240, 10],
		]);
		expect(outcome.stats.requests).toBe(9);
	});

	it('delivers a page that finished early only after every page before it', async () => {
		const server = manualFetcher();
		const delivered: number[] = [];
		const running = streamOrderedPages({fetchPage: server.fetchPage, concurrency: 4}, (chunk) => {
			delivered.push(chunk.offset);
		});
		server.at(0).resolve(pageFor({offset: 0, limit: 100}, 400, 100));
		await flush();
		expect(server.calls.map((call) => call.query.offset)).toEqual([0, 100, 200, 300]);
		server.at(300).resolve(pageFor({offset: 300, limit: 100}, 400, 100));
		server.at(200).resolve(pageFor({offset: 200, limit: 100}, 400, 100));
		await flush();
		expect(delivered).toEqual([0]);
		server.at(100).resolve(pageFor({offset: 100, limit: 100}, 400, 100));
		const outcome = await running;
		expect(delivered).toEqual([0, 100, 200, 300]);
		expect(outcome.status).toBe('complete');
	});

	it('fills the gap after a short page before delivering anything after it', async () => {
		const server = automaticFetcher((query) => {
			const page = pageFor(query, 500, 100);
			// The page at 200 comes back short once, as a server under load might answer.
			return query.offset === 200 ? {...page, results: page.results.slice(0, 40)} : page;
		});
		const {outcome, ids} = await collect({fetchPage: server.fetchPage, concurrency: 3});
		expect(ids).toEqual(range(0, 500));
		expect(new Set(ids).size).toBe(500);
		expect(server.queries).toContainEqual({offset: 240, limit: 60});
		expect(outcome).toMatchObject({status: 'complete', nextOffset: 500});
	});

	it('keeps at most `concurrency` requests in flight', async () => {
		const server = automaticFetcher(
			(query) => pageFor(query, 3000, 100),
			(query) => 1 + ((query.offset / 100) % 4),
		);
		const {outcome, ids} = await collect({fetchPage: server.fetchPage, concurrency: 5});
		expect(ids).toEqual(range(0, 3000));
		expect(server.maxInFlight()).toBe(5);
		expect(outcome.stats.maxInFlight).toBe(5);
	});

	it('does not start page k + 2 × concurrency while page k is not delivered', async () => {
		const server = manualFetcher();
		const delivered: number[] = [];
		const running = streamOrderedPages({fetchPage: server.fetchPage, concurrency: 3}, (chunk) => {
			delivered.push(chunk.offset);
		});
		server.at(0).resolve(pageFor({offset: 0, limit: 100}, 10_000, 100));
		await flush();
		// Answer everything but page 1 (offset 100) until nothing new is asked.
		for (let answered = 0; answered < server.calls.length;) {
			for (const call of server.calls.slice(answered)) {
				if (call.query.offset !== 100) call.resolve(pageFor(call.query, 10_000, 100));
			}

			answered = server.calls.length;
			await flush();
		}

		expect(delivered).toEqual([0]);
		expect(server.calls.map((call) => call.query.offset)).toEqual([
			0, 100, 200, 300, 400, 500, 600,
		]);
		server.at(100).resolve(pageFor({offset: 100, limit: 100}, 10_000, 100));
		await flush();
		expect(delivered).toEqual([0, 100, 200, 300, 400, 500, 600]);
		for (let answered = 7; delivered.length < 100;) {
			for (const call of server.calls.slice(answered))
				call.resolve(pageFor(call.query, 10_000, 100));
			answered = server.calls.length;
			await flush();
		}

		const outcome = await running;
		expect(outcome.status).toBe('complete');
		expect(outcome.stats.windowPages).toBe(6);
		// Pages 1 to 6 were all waiting at once when page 1 arrived: the window, and no more.
		expect(outcome.stats.maxBufferedPages).toBe(6);
	});

	it('keeps the reorder buffer within its bound when the consumer is slow', async () => {
		const server = automaticFetcher((query) => pageFor(query, 20_000, 100));
		let delivered = 0;
		const outcome = await streamOrderedPages(
			{fetchPage: server.fetchPage, concurrency: 4},
			async (chunk) => {
				delivered += chunk.records.length;
				await flush(3);
			},
		);
		expect(delivered).toBe(20_000);
		expect(outcome.stats.maxBufferedPages).toBeGreaterThan(1);
		expect(outcome.stats.maxBufferedPages).toBeLessThanOrEqual(outcome.stats.windowPages);
	});

	it('follows the count up when the list grows during the walk', async () => {
		const server = automaticFetcher((query, requestNumber) =>
			pageFor(query, requestNumber === 1 ? 300 : 520, 100),
		);
		const {outcome, ids} = await collect({fetchPage: server.fetchPage, concurrency: 2});
		expect(ids).toEqual(range(0, 520));
		expect(outcome).toMatchObject({status: 'complete', count: 520, nextOffset: 520});
	});

	it('stops at the newest count when the list shrinks during the walk', async () => {
		const server = automaticFetcher((query, requestNumber) =>
			pageFor(query, requestNumber === 1 ? 1000 : 250, 100),
		);
		const {outcome, ids} = await collect({fetchPage: server.fetchPage, concurrency: 3});
		expect(ids).toEqual(range(0, 250));
		expect(outcome).toMatchObject({status: 'complete', count: 250});
	});

	it('ends at an empty page inside the count instead of looping', async () => {
		const server = automaticFetcher((query) =>
			query.offset === 200 ? {count: 1000, results: []} : pageFor(query, 1000, 100),
		);
		const {outcome, ids} = await collect({fetchPage: server.fetchPage, concurrency: 3});
		expect(ids).toEqual(range(0, 200));
		expect(outcome).toMatchObject({status: 'empty-page', nextOffset: 200, count: 1000});
		expect(server.queries.filter((query) => query.offset === 200)).toHaveLength(1);
		expect(server.queries.length).toBeLessThan(10);
	});

	it('stops at a failed page, still delivering the slower pages before it and cancelling those after', async () => {
		const server = manualFetcher();
		const delivered: number[] = [];
		const running = streamOrderedPages({fetchPage: server.fetchPage, concurrency: 4}, (chunk) => {
			delivered.push(...chunk.records.map((record) => Number(record.id)));
		});
		server.at(0).resolve(pageFor({offset: 0, limit: 100}, 1000, 100));
		await flush();
		const failure = new Error('HTTP 500');
		server.at(300).reject(failure);
		await flush();
		expect(server.at(400).signal?.aborted).toBe(true);
		expect(server.at(100).signal?.aborted).toBe(false);
		expect(server.calls).toHaveLength(5);
		server.at(200).resolve(pageFor({offset: 200, limit: 100}, 1000, 100));
		server.at(100).resolve(pageFor({offset: 100, limit: 100}, 1000, 100));
		const outcome = await running;
		expect(outcome).toMatchObject({status: 'failed', nextOffset: 300, error: failure});
		expect(delivered).toEqual(range(0, 300));
		expect(server.calls).toHaveLength(5);
	});

	it('reports a failure after a short page at the offset of the first missing record', async () => {
		const server = automaticFetcher((query) => {
			if (query.offset === 140) return new Error('connection reset');
			const page = pageFor(query, 1000, 100);
			return query.offset === 100 ? {...page, results: page.results.slice(0, 40)} : page;
		});
		const {outcome, ids} = await collect({fetchPage: server.fetchPage, concurrency: 1});
		expect(ids).toEqual(range(0, 140));
		expect(outcome).toMatchObject({status: 'failed', nextOffset: 140});
	});

	it('treats an answer that is not a page as a failure at its offset', async () => {
		const server = automaticFetcher((query) =>
			query.offset === 100
				? ({count: 1000, results: 'nope'} as unknown as Page<Workspace>)
				: pageFor(query, 1000, 100),
		);
		const {outcome, ids} = await collect({fetchPage: server.fetchPage, concurrency: 2});
		expect(ids).toEqual(range(0, 100));
		expect(outcome.status).toBe('failed');
		expect(outcome.nextOffset).toBe(100);
	});

	it('cancels the requests in flight and rethrows when the consumer throws', async () => {
		const server = manualFetcher();
		const closed = Object.assign(new Error('write EPIPE'), {code: 'EPIPE'});
		const running = streamOrderedPages({fetchPage: server.fetchPage, concurrency: 3}, () => {
			throw closed;
		});
		server.at(0).resolve(pageFor({offset: 0, limit: 100}, 1000, 100));
		await expect(running).rejects.toBe(closed);
		expect(server.calls.length).toBeGreaterThan(1);
		expect(server.calls.slice(1).every((call) => call.signal?.aborted === true)).toBe(true);
	});

	it('cancels the requests in flight and ends as aborted when the signal aborts', async () => {
		const server = manualFetcher();
		const controller = new AbortController();
		const running = streamOrderedPages(
			{fetchPage: server.fetchPage, concurrency: 3, signal: controller.signal},
			() => undefined,
		);
		server.at(0).resolve(pageFor({offset: 0, limit: 100}, 1000, 100));
		await flush();
		controller.abort();
		const outcome = await running;
		expect(outcome).toMatchObject({status: 'aborted', nextOffset: 100});
		expect(server.calls.slice(1).every((call) => call.signal?.aborted === true)).toBe(true);
	});

	it('starts at the offset and stops after max records, asking for no more than it needs', async () => {
		const server = automaticFetcher((query) => pageFor(query, 1000, 100));
		const {outcome, ids} = await collect({
			fetchPage: server.fetchPage,
			offset: 50,
			max: 120,
			search: 'bridge',
			sort: 'name:desc',
		});
		expect(ids).toEqual(range(50, 170));
		expect(server.queries).toEqual([
			{offset: 50, limit: 100, search: 'bridge', sort: 'name:desc'},
			{offset: 150, limit: 20, search: 'bridge', sort: 'name:desc'},
		]);
		expect(outcome).toMatchObject({status: 'complete', nextOffset: 170});
	});

	it('asks for no more than max in the first request', async () => {
		const server = automaticFetcher((query) => pageFor(query, 1000, 100));
		const {ids} = await collect({fetchPage: server.fetchPage, max: 7});
		expect(ids).toEqual(range(0, 7));
		expect(server.queries).toEqual([{offset: 0, limit: 7}]);
	});

	it('completes with nothing when max is 0 or the offset is past the count', async () => {
		const server = automaticFetcher((query) => pageFor(query, 10, 100));
		expect((await collect({fetchPage: server.fetchPage, max: 0})).ids).toEqual([]);
		expect(server.queries).toEqual([]);
		const past = await collect({fetchPage: server.fetchPage, offset: 50});
		expect(past.ids).toEqual([]);
		expect(past.outcome).toMatchObject({status: 'complete', count: 10});
		expect(server.queries).toHaveLength(1);
	});

	it('passes onRetry to every request', async () => {
		const seen: Array<RequestOptions['onRetry']> = [];
		const onRetry = () => undefined;
		const fetchPage: PageFetcher = async (query, options) => {
			seen.push(options.onRetry);
			return pageFor(query, 300, 100);
		};

		await collect({fetchPage, onRetry});
		expect(seen).toEqual([onRetry, onRetry, onRetry]);
	});

	it('rejects options that are not whole numbers in range', async () => {
		const fetchPage: PageFetcher = async (query) => pageFor(query, 10, 10);
		await expect(collect({fetchPage, limit: 0})).rejects.toThrow(RangeError);
		await expect(collect({fetchPage, concurrency: 1.5})).rejects.toThrow(RangeError);
		await expect(collect({fetchPage, offset: -1})).rejects.toThrow(RangeError);
		await expect(collect({fetchPage, max: -3})).rejects.toThrow(RangeError);
	});

	it('delivers exactly the records from offset to the end for any page cap, short pages and answer order', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.scheduler(),
				fc.record({
					count: fc.integer({min: 0, max: 400}),
					pageCap: fc.integer({min: 1, max: 60}),
					limit: fc.integer({min: 1, max: 80}),
					concurrency: fc.integer({min: 1, max: 6}),
					offset: fc.integer({min: 0, max: 120}),
					max: fc.option(fc.integer({min: 0, max: 300}), {nil: undefined}),
					shortOffsets: fc.uniqueArray(fc.integer({min: 1, max: 400}), {maxLength: 6}),
				}),
				async (scheduler, scenario) => {
					const shortOnce = new Set(scenario.shortOffsets);
					let inFlight = 0;
					let maxInFlight = 0;
					const fetchPage: PageFetcher = async (query) => {
						inFlight++;
						maxInFlight = Math.max(maxInFlight, inFlight);
						const page = pageFor(query, scenario.count, scenario.pageCap);
						const isShort = shortOnce.delete(query.offset) && page.results.length > 1;
						const answer = isShort ? {...page, results: page.results.slice(0, 1)} : page;
						try {
							return await scheduler.schedule(Promise.resolve(answer));
						} finally {
							inFlight--;
						}
					};

					const {outcome, ids} = await scheduler.waitFor(
						collect({
							fetchPage,
							offset: scenario.offset,
							max: scenario.max,
							limit: scenario.limit,
							concurrency: scenario.concurrency,
						}),
					);
					const end = Math.min(scenario.count, scenario.offset + (scenario.max ?? Infinity));
					expect(ids).toEqual(range(scenario.offset, end));
					expect(outcome.status).toBe('complete');
					expect(maxInFlight).toBeLessThanOrEqual(scenario.concurrency);
					expect(outcome.stats.maxBufferedPages).toBeLessThanOrEqual(outcome.stats.windowPages);
				},
			),
			{numRuns: 150},
		);
	});
});

describe('streamOrderedPages with the texts of records', () => {
	/**
	 * A text per record that names it, unknown for pages whose first record is a multiple of 7
	 * other than 0 (so the first page's texts are always known, whatever the page cap).
	 */
	const textsOf = (page: Page<Workspace>) => {
		const first = page.results[0]?.id as number | undefined;
		return first !== undefined && first > 0 && first % 7 === 0
			? undefined
			: page.results.map((record) => `text of ${String(record.id)}`);
	};

	it('hands over each record with its text, across short pages, unknown texts and a shrinking count', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({min: 1, max: 40}),
				fc.integer({min: 0, max: 300}),
				fc.integer({min: 1, max: 4}),
				fc.integer({min: 150, max: 400}),
				async (pageCap, shortAt, concurrency, shrinkTo) => {
					const server = automaticFetcher(
						(query, requestNumber) => {
							const page = pageFor(query, requestNumber > 3 ? shrinkTo : 400, pageCap);
							return query.offset === shortAt && page.results.length > 1
								? {...page, results: page.results.slice(0, 1)}
								: page;
						},
						(query) => 1 + (query.offset % 3),
					);
					const {chunks} = await collect({
						fetchPage: server.fetchPage,
						concurrency,
						limit: 50,
						recordTextsOf: textsOf,
					});
					for (const chunk of chunks) {
						// A page whose texts are all unknown comes without any (see textsOf above).
						if (chunk.texts !== undefined) expect(chunk.texts).toHaveLength(chunk.records.length);
						for (const [index, record] of chunk.records.entries()) {
							const text = chunk.texts?.[index];
							if (text !== undefined) expect(text).toBe(`text of ${String(record.id)}`);
						}
					}

					const known = chunks.flatMap((chunk) => chunk.texts ?? []).filter(Boolean);
					expect(known.length).toBeGreaterThan(0);
				},
			),
			{numRuns: 60},
		);
	});

	it('gives no texts when none are known, and asks for them only when it delivers the page', async () => {
		const {fetchPage, at} = manualFetcher();
		const asked: number[] = [];
		const chunks: OrderedChunk[] = [];
		const walk = streamOrderedPages(
			{
				fetchPage,
				concurrency: 2,
				limit: 10,
				recordTextsOf(page) {
					asked.push(page.results[0]!.id as number);
					return page.results[0]!.id === 0 ? undefined : page.results.map(() => 'x');
				},
			},
			(chunk) => {
				chunks.push(chunk);
			},
		);
		at(0).resolve(pageFor({offset: 0, limit: 10}, 30, 10));
		await flush();
		at(20).resolve(pageFor({offset: 20, limit: 10}, 30, 10));
		await flush();
		// Page 20 waits for page 10: its texts are not looked for yet.
		expect(asked).toEqual([0]);
		at(10).resolve(pageFor({offset: 10, limit: 10}, 30, 10));
		await walk;
		expect(asked).toEqual([0, 10, 20]);
		expect(chunks.map((chunk) => chunk.texts?.length)).toEqual([undefined, 10, 10]);
	});
});
