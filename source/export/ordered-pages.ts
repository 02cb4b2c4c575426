/**
 * Walks a paginated list from an offset to its end with several requests in flight, and hands
 * the records to a consumer strictly in server order. Pure scheduling: the HTTP lives behind an
 * injected PageFetcher, the writing behind the consumer callback.
 */
import type {
	ListQuery,
	Page,
	PageFetcher,
	RequestOptions,
	RetryEvent,
	Workspace,
} from '../api/types.js';

/** Fetches one page of workspaces; the only view the export has of the API. */
export type {PageFetcher} from '../api/types.js';

/** Options of streamOrderedPages. */
export type OrderedPagesOptions<T = Workspace> = {
	fetchPage: PageFetcher<T>;
	/** Absolute offset of the first record to deliver. Default 0. */
	offset?: number;
	/** Deliver at most this many records. Default: all of them. */
	max?: number;
	/** The `limit` of the first request; later requests ask for the page size the server showed. Default 100. */
	limit?: number;
	/** Requests in flight at most. Default 6. */
	concurrency?: number;
	search?: string;
	sort?: string;
	/** Aborting it cancels every request in flight and ends with status `aborted`. */
	signal?: AbortSignal;
	/** Passed to every request, so a caller can show retries. */
	onRetry?: (event: RetryEvent) => void;
	/**
	 * The server's text of each record of a page `fetchPage` returned (index by index), when
	 * known; asked for when the page's records are delivered (not before the next requests are
	 * started) and handed over as `OrderedChunk.texts`.
	 */
	recordTextsOf?: (page: Page<T>) => readonly string[] | undefined;
};

/** A run of consecutive records, delivered strictly in server order. */
export type OrderedChunk<T = Workspace> = {
	/** Absolute offset of `records[0]`. */
	offset: number;
	records: T[];
	/** `texts[i]` is `records[i]` as the server wrote it, where known (see `recordTextsOf`). */
	texts?: ReadonlyArray<string | undefined>;
	/** The `count` of the most recent response. */
	count: number;
	/** Where the walk currently ends: the newest count, or `offset + max` when that is smaller. */
	end: number;
};

/** What the scheduler did, for tests and for the curious. */
export type OrderedPagesStats = {
	/** Requests started, including the ones that failed or were cancelled. */
	requests: number;
	/** Most requests in flight at one time; never more than `concurrency`. */
	maxInFlight: number;
	/** Most pages fetched and waiting to be delivered at one time (the reorder buffer). */
	maxBufferedPages: number;
	/**
	 * Pages that may exist between the oldest undelivered page and the newest started one:
	 * page k + windowPages is not started before page k is delivered. Bounds the reorder buffer.
	 */
	windowPages: number;
};

/** How a walk ended. `nextOffset` is the offset just past the last delivered record. */
export type OrderedPagesOutcome =
	| {status: 'complete'; nextOffset: number; count: number; stats: OrderedPagesStats}
	/** A response held no records at `nextOffset` although its count said there were more. */
	| {status: 'empty-page'; nextOffset: number; count: number; stats: OrderedPagesStats}
	/** The request for `nextOffset` failed; every record before it was delivered. */
	| {status: 'failed'; nextOffset: number; count: number; error: unknown; stats: OrderedPagesStats}
	| {status: 'aborted'; nextOffset: number; count: number; stats: OrderedPagesStats};

type SlotState = 'fetching' | 'done' | 'empty' | 'failed';

/** One planned page: the records in [start, stop), fetched by one request or, after short answers, several. */
type Slot<T> = {
	index: number;
	start: number;
	stop: number;
	records: T[];
	/** The answers that filled `records`, in order, and how many records each gave. */
	answers: Array<{page: Page<T>; taken: number}>;
	state: SlotState;
	isInFlight: boolean;
	/** Where the slot stopped being fetched: the offset of the empty or failed request. */
	stoppedAt: number;
	error?: unknown;
	controller: AbortController;
};

/** A bad option of the walk: a mistake of the caller (a usage error), never of the server. */
export class InvalidOptionError extends RangeError {
	override readonly name = 'InvalidOptionError';
}

function assertWholeNumber(name: string, value: number, minimum: number): void {
	if (!Number.isSafeInteger(value) || value < minimum) {
		throw new InvalidOptionError(
			`${name} must be a whole number of at least ${minimum}, got ${value}`,
		);
	}
}

function isPage<T>(value: unknown): value is Page<T> {
	if (typeof value !== 'object' || value === null) {
		return false;
	}

	const {count, results} = value as {count?: unknown; results?: unknown};
	return (
		typeof count === 'number' && Number.isFinite(count) && count >= 0 && Array.isArray(results)
	);
}

/**
 * Fetches every record from `offset` (up to `max` of them) and awaits `onChunk` for each page in
 * server order. The first page shows the count and the server's real page size; the rest are
 * fetched `concurrency` at a time at offsets stepping by that size. A short page in the middle is
 * completed by another request before anything after it is delivered, so there are no holes and
 * no duplicates. The newest count decides where the walk ends. A failed request stops new
 * requests; the pages before it are still delivered, those after it are cancelled. If `onChunk`
 * throws, every request in flight is cancelled and the error is rethrown.
 */
export async function streamOrderedPages<T = Workspace>(
	options: OrderedPagesOptions<T>,
	onChunk: (chunk: OrderedChunk<T>) => Promise<void> | void,
): Promise<OrderedPagesOutcome> {
	const {fetchPage, search, sort, signal, onRetry, recordTextsOf} = options;
	const startOffset = options.offset ?? 0;
	const firstLimit = options.limit ?? 100;
	const concurrency = options.concurrency ?? 6;
	assertWholeNumber('offset', startOffset, 0);
	assertWholeNumber('limit', firstLimit, 1);
	assertWholeNumber('concurrency', concurrency, 1);
	if (options.max !== undefined) {
		assertWholeNumber('max', options.max, 0);
	}

	const endLimit = options.max === undefined ? Number.POSITIVE_INFINITY : startOffset + options.max;
	const stats: OrderedPagesStats = {
		requests: 0,
		maxInFlight: 0,
		maxBufferedPages: 0,
		windowPages: concurrency * 2,
	};
	const slots = new Map<number, Slot<T>>();
	let count = 0;
	let end = endLimit;
	let pageSize: number | undefined;
	let nextPlanOffset = startOffset;
	let nextSlotIndex = 0;
	let writeIndex = 0;
	let inFlight = 0;
	let bufferedPages = 0;
	let isStopping = false;
	let deliveredUpTo = startOffset;
	let wake: (() => void) | undefined;

	const notify = () => {
		const resume = wake;
		wake = undefined;
		resume?.();
	};

	const nextEvent = () =>
		new Promise<void>((resolve) => {
			wake = resolve;
		});

	const cancel = (slot: Slot<T>) => {
		if (slot.isInFlight) {
			slot.isInFlight = false;
			inFlight--;
		}

		slot.controller.abort();
	};

	const cancelAll = () => {
		for (const slot of slots.values()) {
			cancel(slot);
		}
	};

	const cancelAfter = (index: number) => {
		for (const slot of slots.values()) {
			if (slot.index > index) {
				cancel(slot);
			}
		}
	};

	const onExternalAbort = () => {
		cancelAll();
		notify();
	};

	const settle = (slot: Slot<T>, state: 'done' | 'empty' | 'failed', stoppedAt: number) => {
		slot.state = state;
		slot.stoppedAt = stoppedAt;
		if (state === 'done') {
			bufferedPages++;
			stats.maxBufferedPages = Math.max(stats.maxBufferedPages, bufferedPages);
		} else {
			// Nothing after this slot will be delivered, so its requests are wasted.
			isStopping = true;
			cancelAfter(slot.index);
		}
	};

	const onPage = (slot: Slot<T>, from: number, page: unknown) => {
		if (slot.controller.signal.aborted) {
			return;
		}

		slot.isInFlight = false;
		inFlight--;
		if (!isPage<T>(page)) {
			slot.error = new Error('the server answered with something that is not a page of results');
			settle(slot, 'failed', from);
			launchMore();
			notify();
			return;
		}

		count = page.count;
		end = Math.min(count, endLimit);
		const stop = Math.min(slot.stop, end);
		const accepted = page.results.slice(0, Math.max(0, stop - from));
		slot.answers.push({page, taken: accepted.length});
		slot.records = slot.records.length === 0 ? accepted : slot.records.concat(accepted);
		const cursor = from + accepted.length;
		if (slot.index === 0 && accepted.length > 0) {
			// The first answer reveals the server's page cap: a page shorter than asked for
			// inside the count is that cap, so the slot ends here and later pages step by it.
			pageSize = accepted.length;
			slot.stop = cursor;
			nextPlanOffset = cursor;
		}

		if (cursor >= Math.min(slot.stop, end)) {
			settle(slot, 'done', cursor);
		} else if (accepted.length === 0) {
			settle(slot, 'empty', cursor);
		} else {
			launch(slot, cursor);
		}

		launchMore();
		notify();
	};

	const onFailure = (slot: Slot<T>, from: number, error: unknown) => {
		if (slot.controller.signal.aborted) {
			return;
		}

		slot.isInFlight = false;
		inFlight--;
		slot.error = error;
		settle(slot, 'failed', from);
		notify();
	};

	function launch(slot: Slot<T>, from: number): void {
		const query: ListQuery = {limit: slot.stop - from, offset: from};
		if (search !== undefined) {
			query.search = search;
		}

		if (sort !== undefined) {
			query.sort = sort;
		}

		slot.isInFlight = true;
		inFlight++;
		stats.requests++;
		stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
		const requestOptions: RequestOptions = {signal: slot.controller.signal};
		if (onRetry !== undefined) {
			requestOptions.onRetry = onRetry;
		}

		let request: Promise<Page<T>>;
		try {
			request = fetchPage(query, requestOptions);
		} catch (error) {
			request = Promise.reject(error);
		}

		request.then(
			(page) => {
				onPage(slot, from, page);
			},
			(error: unknown) => {
				onFailure(slot, from, error);
			},
		);
	}

	function openSlot(start: number, stop: number): void {
		const slot: Slot<T> = {
			index: nextSlotIndex++,
			start,
			stop,
			records: [],
			answers: [],
			state: 'fetching',
			isInFlight: false,
			stoppedAt: start,
			controller: new AbortController(),
		};
		slots.set(slot.index, slot);
		launch(slot, start);
	}

	// Called from the loop and from every answer, so a slow consumer does not idle the requests.
	function launchMore(): void {
		if (pageSize === undefined || signal?.aborted) {
			return;
		}

		while (
			!isStopping &&
			inFlight < concurrency &&
			nextPlanOffset < end &&
			nextSlotIndex - writeIndex < stats.windowPages
		) {
			const start = nextPlanOffset;
			nextPlanOffset = Math.min(start + pageSize, end);
			openSlot(start, nextPlanOffset);
		}
	}

	/** The texts of a slot's records, where `recordTextsOf` knows them. */
	const textsOf = (slot: Slot<T>): Array<string | undefined> | undefined => {
		if (recordTextsOf === undefined) return undefined;
		const texts: Array<string | undefined> = [];
		let isAnyKnown = false;
		for (const {page, taken} of slot.answers) {
			const found = recordTextsOf(page);
			isAnyKnown ||= found !== undefined;
			for (let index = 0; index < taken; index++) texts.push(found?.[index]);
		}

		return isAnyKnown ? texts : undefined;
	};

	const finish = (status: 'complete' | 'empty-page' | 'aborted'): OrderedPagesOutcome => {
		cancelAll();
		return {status, nextOffset: deliveredUpTo, count, stats};
	};

	if (endLimit <= startOffset) {
		return {status: 'complete', nextOffset: startOffset, count, stats};
	}

	signal?.addEventListener('abort', onExternalAbort);
	try {
		if (signal?.aborted) {
			return finish('aborted');
		}

		openSlot(startOffset, Math.min(startOffset + firstLimit, endLimit));
		for (;;) {
			if (signal?.aborted) {
				return finish('aborted');
			}

			launchMore();
			const head = slots.get(writeIndex);
			if (head === undefined) {
				return finish('complete');
			}

			if (head.state === 'fetching') {
				if (head.start >= end) {
					// The newest count ends the walk before this page; it is no longer wanted.
					return finish('complete');
				}

				await nextEvent();
				continue;
			}

			if (head.records.length > 0) {
				try {
					const texts = textsOf(head);
					head.answers = [];
					await onChunk({
						offset: head.start,
						records: head.records,
						...(texts === undefined ? {} : {texts}),
						count,
						end,
					});
				} catch (error) {
					cancelAll();
					throw error;
				}

				deliveredUpTo = head.start + head.records.length;
			}

			if (head.state === 'done') {
				bufferedPages--;
			}

			slots.delete(writeIndex);
			writeIndex++;
			if (head.state === 'failed') {
				cancelAll();
				return {status: 'failed', nextOffset: head.stoppedAt, count, error: head.error, stats};
			}

			if (head.state === 'empty') {
				return finish('empty-page');
			}
		}
	} finally {
		signal?.removeEventListener('abort', onExternalAbort);
	}
}
