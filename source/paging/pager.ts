/**
 * The list model: an absolute cursor over `count` records that the server holds, with a sparse,
 * bounded cache of the pages fetched so far. Pure: no React, no HTTP, no clocks. The hook asks it
 * which requests to start and cancel (`planRequests`) and feeds results back as actions.
 *
 * The view is paged: the screen shows the page of `rows` records that holds the cursor, starting
 * at a multiple of `rows`. Requests are keyed by offset; a server may answer fewer rows than asked
 * (its page cap), so the rest is asked for at `offset + results.length`.
 */
import type {JsonObject, ListQuery, Page, RetryEvent} from '../api/types.js';

/** Server-side search and sort of the list. */
export type PagerQuery = {search?: string; sort?: string};

/** A run of records as one response returned them, keyed by its offset. */
export type CachedPage<T extends JsonObject = JsonObject> = {
	offset: number;
	rows: readonly T[];
	/** Logical clock of the last time the page was on screen or arrived; drives LRU eviction. */
	usedAt: number;
	/** Kept on screen after a refresh until fresh rows replace it, but due to be fetched again. */
	isStale: boolean;
	/** The list's `count` in the answer that brought the page. */
	count: number;
	/** The generation of the request that brought the page. */
	generation: number;
};

/** Why a request is made: the rows on screen, or the adjacent page ahead of the cursor. */
export type RequestPurpose = 'view' | 'prefetch';

/** A request the model wants started. */
export type PlannedRequest = {
	offset: number;
	limit: number;
	generation: number;
	purpose: RequestPurpose;
	query: PagerQuery;
};

/** A started request; `requestId` is given by the caller and must grow with every request. */
export type InFlightRequest = PlannedRequest & {requestId: number};

/** A request that failed; its range is not asked for again until the user refreshes or moves away. */
export type PageFailure = {offset: number; limit: number; purpose: RequestPurpose; error: Error};

/** An automatic retry the client announced, with the time it was announced (ms since epoch). */
export type RetryState = {
	requestId: number;
	attempt: number;
	maxAttempts: number;
	delayMs: number;
	reason: string;
	status?: number;
	at: number;
};

/** The list's `count` changed between two responses. */
export type ListChange = {from: number; to: number};

/** The whole state of a list. Treat it as immutable; change it only through `pagerReducer`. */
export type PagerState<T extends JsonObject = JsonObject> = {
	/** Records the server holds for the query; undefined until the first answer. */
	count: number | undefined;
	/** Absolute, 0-based index of the selected record. */
	cursor: number;
	/** Which way the cursor last moved: prefetch looks ahead that way only. */
	direction: 1 | -1;
	/** Records per screen page. */
	rows: number;
	/** An explicit request size; undefined means `rows`. */
	limit: number | undefined;
	query: PagerQuery;
	/** Bumped by a new query or a refresh: answers to older generations are dropped. */
	generation: number;
	/** Offset → page. Never an array of length `count`. */
	pages: ReadonlyMap<number, CachedPage<T>>;
	/** requestId → request. */
	inFlight: ReadonlyMap<number, InFlightRequest>;
	failures: readonly PageFailure[];
	retry: RetryState | undefined;
	/**
	 * The server answered 429: prefetch pauses until a request succeeds or the wait the server
	 * asked for (or the client's backoff) is over.
	 */
	isThrottled: boolean;
	/**
	 * When the wait of a throttle ends, in ms since epoch (from the actions' `at`); undefined while
	 * throttled means the wait is unknown and only a successful request ends it.
	 */
	throttledUntil: number | undefined;
	listChange: ListChange | undefined;
	/** After a refresh, the id of the record to keep selected once it shows up again. */
	anchorId: unknown;
	/** requestId of the answer whose `count` the state holds; older answers cannot override it. */
	countRequestId: number;
	/**
	 * Every `count` answered in this generation (at most `maxSeenCounts`). A count that flips back
	 * to one of these (replicas behind a load balancer that disagree) is taken without fetching
	 * anything again.
	 */
	seenCounts: readonly number[];
	/**
	 * Changes of `count` since the user last did something. While there were fewer than
	 * `maxCountFollowUps`, a change to a new count makes the cached pages stale, so they are
	 * fetched again; later ones are taken as they come.
	 */
	countChanges: number;
	maxCountFollowUps: number;
	/**
	 * Requests started since `count` changed a second time without the user doing anything
	 * (undefined before): at `maxFollowUps` the model starts nothing more until the user acts.
	 * It shows the newest count and stops, so no server can set off a request storm.
	 */
	followUps: number | undefined;
	maxFollowUps: number;
	clock: number;
	maxPages: number;
	maxRecords: number;
	maxInFlight: number;
};

/** Options of a new list. */
export type PagerOptions = {
	rows: number;
	limit?: number;
	search?: string;
	sort?: string;
	/** Cached pages kept at most (pages on screen or prefetched are never evicted). Default 20. */
	maxPages?: number;
	/** Cached records kept at most. Default 2,000. */
	maxRecords?: number;
	/** Requests in flight at most: the view's and one prefetch. Default 2. */
	maxInFlight?: number;
	/** Changes of `count` per user action that lead to fetching pages again. Default 2. */
	maxCountFollowUps?: number;
	/** Requests per user action after `count` changed. Default 8. */
	maxFollowUps?: number;
};

/** Everything that can happen to a list. */
export type PagerAction<T extends JsonObject = JsonObject> =
	| {type: 'move'; delta: number}
	| {type: 'move-page'; delta: number}
	| {type: 'move-first'}
	| {type: 'move-last'}
	| {type: 'jump'; index: number}
	| {type: 'resize'; rows: number}
	| {type: 'set-query'; query: PagerQuery}
	| {type: 'refresh'}
	| {type: 'dismiss-notice'}
	| {type: 'request-started'; request: InFlightRequest}
	| {type: 'requests-cancelled'; requestIds: readonly number[]}
	| {type: 'request-retrying'; requestId: number; event: RetryEvent; at: number}
	| {type: 'page-loaded'; requestId: number; page: Page<T>}
	| ({type: 'page-failed'; requestId: number; error: unknown; at?: number} & FailureFacts)
	/** The wait that ends at `until` is over (a newer wait is not ended by it). */
	| {type: 'throttle-elapsed'; until: number};

/**
 * What the model needs to know about a failure beyond its message, as plain data (the caller
 * knows the error type of its fetcher; the model does not).
 */
export type FailureFacts = {
	/** The request was cancelled: not a failure to show. */
	isCancelled?: boolean;
	/** The server asked to slow down (HTTP 429). */
	isRateLimited?: boolean;
	/** The wait the server asked for, in milliseconds. */
	retryAfterMs?: number;
};

/** A row of the screen: a record, or a placeholder while its page loads (or failed). */
export type VisibleRow<T extends JsonObject = JsonObject> = {
	index: number;
	record: T | undefined;
	isStale: boolean;
};

/** Where the cursor is, for the status bar. `number` is 1-based (0 in an empty list). */
export type Position = {
	number: number;
	count: number | undefined;
	page: number;
	pageCount: number;
};

/** A half-open range of record indexes, `[start, end)`. */
export type IndexRange = {start: number; end: number};

/** What the caller should do now: abort these requests and start those. */
export type RequestPlan = {cancel: number[]; start: PlannedRequest[]};

const defaultMaxPages = 20;
const defaultMaxRecords = 2000;
const defaultMaxInFlight = 2;
const defaultMaxCountFollowUps = 2;
const defaultMaxFollowUps = 8;
const maxSeenCounts = 16;

function positiveInteger(value: number | undefined, fallback: number): number {
	if (value === undefined || !Number.isFinite(value)) return fallback;
	return Math.max(1, Math.floor(value));
}

function normalizeQuery(query: PagerQuery): PagerQuery {
	const normalized: PagerQuery = {};
	if (query.search !== undefined && query.search.trim() !== '') normalized.search = query.search;
	if (query.sort !== undefined && query.sort !== '') normalized.sort = query.sort;
	return normalized;
}

/** A new, empty list: nothing loaded, cursor on the first record. */
export function createPagerState<T extends JsonObject = JsonObject>(
	options: PagerOptions,
): PagerState<T> {
	return {
		count: undefined,
		cursor: 0,
		direction: 1,
		rows: positiveInteger(options.rows, 1),
		limit: options.limit === undefined ? undefined : positiveInteger(options.limit, 1),
		query: normalizeQuery({search: options.search, sort: options.sort}),
		generation: 0,
		pages: new Map(),
		inFlight: new Map(),
		failures: [],
		retry: undefined,
		isThrottled: false,
		throttledUntil: undefined,
		listChange: undefined,
		anchorId: undefined,
		countRequestId: -1,
		seenCounts: [],
		countChanges: 0,
		maxCountFollowUps:
			options.maxCountFollowUps === undefined
				? defaultMaxCountFollowUps
				: Math.max(0, Math.floor(options.maxCountFollowUps)),
		followUps: undefined,
		maxFollowUps: positiveInteger(options.maxFollowUps, defaultMaxFollowUps),
		clock: 0,
		maxPages: positiveInteger(options.maxPages, defaultMaxPages),
		maxRecords: positiveInteger(options.maxRecords, defaultMaxRecords),
		maxInFlight: positiveInteger(options.maxInFlight, defaultMaxInFlight),
	};
}

function overlaps(a: IndexRange, b: IndexRange): boolean {
	return a.start < b.end && b.start < a.end;
}

function pageRange(page: CachedPage<JsonObject>): IndexRange {
	return {start: page.offset, end: page.offset + page.rows.length};
}

function requestRange(request: {offset: number; limit: number}): IndexRange {
	return {start: request.offset, end: request.offset + request.limit};
}

/** The records on screen: the page of `rows` records holding the cursor (clipped to `count`). */
export function viewRange(state: PagerState<JsonObject>): IndexRange {
	const start = Math.floor(state.cursor / state.rows) * state.rows;
	const end =
		state.count === undefined ? start + state.rows : Math.min(start + state.rows, state.count);
	return {start, end: Math.max(start, end)};
}

/**
 * The adjacent page worth fetching ahead: the next one when the cursor moves down and nears the
 * bottom of its page, the previous one when it moves up and nears the top.
 */
export function prefetchRange(state: PagerState<JsonObject>): IndexRange | undefined {
	if (state.count === undefined) return undefined;
	const view = viewRange(state);
	const margin = Math.max(1, Math.ceil(state.rows / 4));
	const row = state.cursor - view.start;
	if (state.direction > 0) {
		if (row < state.rows - margin || view.start + state.rows >= state.count) return undefined;
		const start = view.start + state.rows;
		return {start, end: Math.min(start + state.rows, state.count)};
	}

	if (row < margin && view.start > 0) {
		return {start: view.start - state.rows, end: view.start};
	}

	return undefined;
}

function findPage<T extends JsonObject>(
	state: PagerState<T>,
	index: number,
): CachedPage<T> | undefined {
	for (const page of state.pages.values()) {
		if (index >= page.offset && index < page.offset + page.rows.length) return page;
	}

	return undefined;
}

/** The record at an absolute index, if it is cached. */
export function recordAt<T extends JsonObject>(state: PagerState<T>, index: number): T | undefined {
	const page = findPage(state, index);
	return page?.rows[index - page.offset];
}

/** The selected record, if its page is cached (possibly stale). */
export function selectedRecord<T extends JsonObject>(state: PagerState<T>): T | undefined {
	return recordAt(state, state.cursor);
}

/** The rows on screen, in order; placeholders where the page is still loading or failed. */
export function visibleRows<T extends JsonObject>(state: PagerState<T>): Array<VisibleRow<T>> {
	if (state.count === undefined) return [];
	const {start, end} = viewRange(state);
	const rows: Array<VisibleRow<T>> = [];
	for (let index = start; index < end; index++) {
		const page = findPage(state, index);
		rows.push({
			index,
			record: page?.rows[index - page.offset],
			isStale: page?.isStale ?? false,
		});
	}

	return rows;
}

/** The cursor's place in the list and in the pages. */
export function position(state: PagerState<JsonObject>): Position {
	if (state.count === undefined || state.count === 0) {
		return {number: 0, count: state.count, page: 0, pageCount: 0};
	}

	return {
		number: state.cursor + 1,
		count: state.count,
		page: Math.floor(state.cursor / state.rows) + 1,
		pageCount: Math.ceil(state.count / state.rows),
	};
}

/** The failure that explains missing or stale rows on screen, if any. */
export function viewError(state: PagerState<JsonObject>): Error | undefined {
	const view = viewRange(state);
	return state.failures.find((failure) => overlaps(requestRange(failure), view))?.error;
}

/** Whether any row on screen is stale (shown from before a refresh, or kept after a failure). */
export function isViewStale(state: PagerState<JsonObject>): boolean {
	return visibleRows(state).some((row) => row.isStale);
}

/** Whether a request of the current generation is running. */
export function isLoading(state: PagerState<JsonObject>): boolean {
	for (const request of state.inFlight.values()) {
		if (request.generation === state.generation) return true;
	}

	return false;
}

type Coverage = {
	fresh: (index: number) => boolean;
	pending: (index: number) => boolean;
};

function coverageOf(state: PagerState<JsonObject>, kept: readonly InFlightRequest[]): Coverage {
	const freshRanges = [...state.pages.values()]
		.filter((page) => !page.isStale)
		.map((page) => pageRange(page));
	const pendingRanges = [
		...kept.map((request) => requestRange(request)),
		...state.failures.map((failure) => requestRange(failure)),
	];
	const inside = (ranges: IndexRange[], index: number) =>
		ranges.some((range) => index >= range.start && index < range.end);
	return {
		fresh: (index) => inside(freshRanges, index),
		pending: (index) => inside(pendingRanges, index),
	};
}

function firstMissing(range: IndexRange, coverage: Coverage): number | undefined {
	for (let index = range.start; index < range.end; index++) {
		if (!coverage.fresh(index) && !coverage.pending(index)) return index;
	}

	return undefined;
}

function plannedAt(
	state: PagerState<JsonObject>,
	offset: number,
	range: IndexRange,
	purpose: RequestPurpose,
	coverage: Coverage,
): PlannedRequest {
	const fetchLimit = state.limit ?? state.rows;
	let end = offset + fetchLimit;
	if (state.count !== undefined) end = Math.min(end, state.count);
	// Without an explicit limit, requests stay inside their screen page so pages stay aligned.
	if (state.limit === undefined) end = Math.min(end, range.end);
	let stop = offset + 1;
	while (stop < end && !coverage.fresh(stop) && !coverage.pending(stop)) stop++;
	return {offset, limit: stop - offset, generation: state.generation, purpose, query: state.query};
}

function adjacentPages(state: PagerState<JsonObject>, view: IndexRange): IndexRange[] {
	const pages: IndexRange[] = [];
	if (view.start > 0) pages.push({start: Math.max(0, view.start - state.rows), end: view.start});
	const end = view.start + state.rows;
	if (state.count !== undefined && end < state.count) {
		pages.push({start: end, end: Math.min(end + state.rows, state.count)});
	}

	return pages;
}

/**
 * Which requests to abort and which to start, so that at most `maxInFlight` run and no two cover
 * the same records. Kept: requests for rows on screen, for the prefetch page, and prefetches of
 * a page next to the screen (so jiggling the cursor at a page edge does not restart them).
 * Aborted: everything else, such as a page the user paged away from, and any request of an old
 * generation. Started: the first missing run on screen, else one prefetch. Applying the plan and
 * planning again yields an empty plan.
 */
export function planRequests(state: PagerState<JsonObject>): RequestPlan {
	const view = viewRange(state);
	const prefetch = prefetchRange(state);
	const cancel: number[] = [];
	const viewKept: InFlightRequest[] = [];
	const aheadKept: InFlightRequest[] = [];
	const besideKept: InFlightRequest[] = [];
	const ordered = [...state.inFlight.values()].sort(
		(left, right) => left.requestId - right.requestId,
	);
	const adjacent = adjacentPages(state, view);
	for (const request of ordered) {
		const range = requestRange(request);
		if (request.generation !== state.generation) cancel.push(request.requestId);
		else if (overlaps(range, view)) viewKept.push(request);
		else if (prefetch !== undefined && overlaps(range, prefetch)) aheadKept.push(request);
		else if (request.purpose === 'prefetch' && adjacent.some((page) => overlaps(range, page))) {
			besideKept.push(request);
		} else cancel.push(request.requestId);
	}

	const viewOffset =
		viewKept.length === 0 ? firstMissing(view, coverageOf(state, viewKept)) : undefined;
	// A prefetch behind the cursor is worth keeping only while the screen itself needs nothing.
	const isViewSettled = viewKept.length === 0 && viewOffset === undefined;
	const prefetchKept = [...aheadKept];
	for (const request of besideKept) {
		if (isViewSettled) prefetchKept.push(request);
		else cancel.push(request.requestId);
	}

	const prefetchBudget = Math.max(
		0,
		state.maxInFlight - viewKept.length - (viewOffset === undefined ? 0 : 1),
	);
	for (const request of prefetchKept.splice(prefetchBudget)) cancel.push(request.requestId);

	const kept = [...viewKept, ...prefetchKept];
	const coverage = coverageOf(state, kept);
	const start: PlannedRequest[] = [];
	// The count keeps changing under us (replicas that disagree): stop until the user acts.
	const isOutOfFollowUps = state.followUps !== undefined && state.followUps >= state.maxFollowUps;
	if (isOutOfFollowUps) {
		// Nothing is started; what runs may finish.
	} else if (viewOffset !== undefined) {
		start.push(plannedAt(state, viewOffset, view, 'view', coverage));
	} else if (
		viewKept.length === 0 &&
		prefetch !== undefined &&
		!state.isThrottled &&
		prefetchKept.length === 0 &&
		kept.length < state.maxInFlight &&
		!state.failures.some((failure) => overlaps(requestRange(failure), view)) &&
		visibleRows(state).every((row) => row.record !== undefined && !row.isStale)
	) {
		const prefetchOffset = firstMissing(prefetch, coverage);
		if (prefetchOffset !== undefined) {
			start.push(plannedAt(state, prefetchOffset, prefetch, 'prefetch', coverage));
		}
	}

	return {cancel, start};
}

/** The requests to start now (see `planRequests`). */
export function missingRequests(state: PagerState<JsonObject>): PlannedRequest[] {
	return planRequests(state).start;
}

/** The in-flight requests to abort now (see `planRequests`). */
export function requestsToCancel(state: PagerState<JsonObject>): number[] {
	return planRequests(state).cancel;
}

function recordCount(pages: ReadonlyMap<number, CachedPage<JsonObject>>): number {
	let total = 0;
	for (const page of pages.values()) total += page.rows.length;
	return total;
}

function touchView<T extends JsonObject>(state: PagerState<T>): PagerState<T> {
	const view = viewRange(state);
	const clock = state.clock + 1;
	const pages = new Map<number, CachedPage<T>>();
	for (const [offset, page] of state.pages) {
		pages.set(offset, overlaps(pageRange(page), view) ? {...page, usedAt: clock} : page);
	}

	return {...state, pages, clock};
}

function evict<T extends JsonObject>(state: PagerState<T>): PagerState<T> {
	const view = viewRange(state);
	const prefetch = prefetchRange(state);
	const pages = new Map(state.pages);
	let records = recordCount(pages);
	while (pages.size > state.maxPages || records > state.maxRecords) {
		let oldest: CachedPage<T> | undefined;
		for (const page of pages.values()) {
			const range = pageRange(page);
			// Evicting a wanted page would only fetch it again: a request loop.
			if (overlaps(range, view) || (prefetch !== undefined && overlaps(range, prefetch))) continue;
			if (oldest === undefined || page.usedAt < oldest.usedAt) oldest = page;
		}

		if (oldest === undefined) break;
		pages.delete(oldest.offset);
		records -= oldest.rows.length;
	}

	return pages.size === state.pages.size ? state : {...state, pages};
}

/** Puts a page in, trimming any older page it overlaps so cached pages never overlap. */
function insertPage<T extends JsonObject>(
	pages: ReadonlyMap<number, CachedPage<T>>,
	page: CachedPage<T>,
): Map<number, CachedPage<T>> {
	const range = pageRange(page);
	const result = new Map<number, CachedPage<T>>();
	for (const [offset, existing] of pages) {
		const existingRange = pageRange(existing);
		if (!overlaps(existingRange, range)) {
			result.set(offset, existing);
			continue;
		}

		if (existingRange.start < range.start) {
			const rows = existing.rows.slice(0, range.start - existingRange.start);
			result.set(existing.offset, {...existing, rows});
		}

		if (existingRange.end > range.end) {
			const rows = existing.rows.slice(range.end - existingRange.start);
			result.set(range.end, {...existing, offset: range.end, rows});
		}
	}

	result.set(page.offset, page);
	return result;
}

function clampCursor(cursor: number, count: number | undefined): number {
	if (count === undefined || count === 0) return 0;
	return Math.min(Math.max(0, cursor), count - 1);
}

function withCursor<T extends JsonObject>(state: PagerState<T>, target: number): PagerState<T> {
	if (state.count === undefined || state.count === 0) return state;
	const cursor = clampCursor(Math.round(target), state.count);
	if (cursor === state.cursor) return state;
	const direction = cursor > state.cursor ? 1 : -1;
	return settleView({...state, cursor, direction, listChange: undefined});
}

/** After the view moved or changed size: refresh LRU stamps and forget failures left behind. */
function settleView<T extends JsonObject>(state: PagerState<T>): PagerState<T> {
	const view = viewRange(state);
	const prefetch = prefetchRange(state);
	const failures = state.failures.filter((failure) => {
		const range = requestRange(failure);
		// A failed prefetch is tried once more when it comes on screen, as a request of its own.
		if (failure.purpose === 'prefetch') return prefetch !== undefined && overlaps(range, prefetch);
		return overlaps(range, view) || (prefetch !== undefined && overlaps(range, prefetch));
	});
	return touchView({
		...state,
		failures: failures.length === state.failures.length ? state.failures : failures,
	});
}

function idOf(record: JsonObject | undefined): unknown {
	return record?.['id'];
}

function sanitizeCount(value: unknown, fallback: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return fallback;
	return Math.floor(value);
}

function toError(error: unknown): Error {
	if (error instanceof Error) return error;
	return new Error(typeof error === 'string' ? error : 'The request failed.');
}

function isCancellation(error: unknown, facts: FailureFacts): boolean {
	return facts.isCancelled === true || (error instanceof Error && error.name === 'AbortError');
}

/**
 * The cached pages once `count` changed to `count`. A new count (within the budget) makes every
 * page stale: due to be fetched again, shown until it is. A count seen before in this generation
 * (a replica flipping back) makes the pages this generation got with that count fresh again, so
 * none of them is asked for again.
 */
function pagesForCount<T extends JsonObject>(
	state: PagerState<T>,
	pages: ReadonlyMap<number, CachedPage<T>>,
	count: number,
	isNew: boolean,
): ReadonlyMap<number, CachedPage<T>> {
	const isWithinBudget = state.countChanges < state.maxCountFollowUps;
	if (isNew && !isWithinBudget) return pages;
	const result = new Map<number, CachedPage<T>>();
	for (const [offset, page] of pages) {
		const isStale = isNew
			? true
			: page.isStale && !(page.generation === state.generation && page.count === count);
		result.set(offset, page.isStale === isStale ? page : {...page, isStale});
	}

	return result;
}

function withoutRequest<T extends JsonObject>(
	state: PagerState<T>,
	requestId: number,
): PagerState<T> {
	const inFlight = new Map(state.inFlight);
	inFlight.delete(requestId);
	const retry = state.retry?.requestId === requestId ? undefined : state.retry;
	return {...state, inFlight, retry};
}

function applyPage<T extends JsonObject>(
	state: PagerState<T>,
	requestId: number,
	page: Page<T>,
): PagerState<T> {
	const request = state.inFlight.get(requestId);
	if (request === undefined) return state;
	const base = withoutRequest(state, requestId);
	// An answer to an old query or to a request made before a refresh is never shown.
	if (request.generation !== state.generation) return base;
	const results = Array.isArray(page.results) ? page.results : [];
	const responseCount = sanitizeCount(page.count, request.offset + results.length);
	const rows = results.slice(
		0,
		Math.max(0, Math.min(request.limit, responseCount - request.offset)),
	);
	// A page that comes back empty inside `count` means the list shrank: shrink it, never re-ask.
	const count = rows.length === 0 ? Math.min(responseCount, request.offset) : responseCount;
	let next: PagerState<T> = {...base, isThrottled: false, throttledUntil: undefined};
	if (state.count !== undefined && count !== state.count) {
		// An answer older than the one that set `count` describes a list that no longer exists.
		if (requestId < state.countRequestId) return next;
		// A count seen before in this generation is a replica flipping back, not a new list; and
		// past the budget a new count is shown without fetching anything again because of it.
		const isNew = !state.seenCounts.includes(count);
		next = {
			...next,
			pages: pagesForCount(state, next.pages, count, isNew),
			countChanges: state.countChanges + 1,
			followUps: state.countChanges >= 1 ? (state.followUps ?? 0) : undefined,
			listChange: {from: state.listChange?.from ?? state.count, to: count},
		};
	}

	if (!next.seenCounts.includes(count)) {
		next = {...next, seenCounts: [...next.seenCounts, count].slice(-maxSeenCounts)};
	}

	next = {...next, count, countRequestId: Math.max(state.countRequestId, requestId)};
	const clock = next.clock + 1;
	if (rows.length > 0) {
		next = {
			...next,
			clock,
			pages: insertPage(next.pages, {
				offset: request.offset,
				rows,
				usedAt: clock,
				isStale: false,
				count,
				generation: request.generation,
			}),
		};
	}

	let cursor = clampCursor(next.cursor, count);
	let anchorId = next.anchorId;
	if (anchorId !== undefined) {
		const found = rows.findIndex((record) => idOf(record) === anchorId);
		if (found >= 0) {
			cursor = request.offset + found;
			anchorId = undefined;
		}
	}

	next = {...next, cursor, anchorId};
	if (anchorId !== undefined && visibleRows(next).every((row) => row.record && !row.isStale)) {
		next = {...next, anchorId: undefined};
	}

	return evict(next);
}

function applyFailure<T extends JsonObject>(
	state: PagerState<T>,
	requestId: number,
	error: unknown,
	at: number | undefined,
	facts: FailureFacts,
): PagerState<T> {
	const request = state.inFlight.get(requestId);
	if (request === undefined) return state;
	const base = withoutRequest(state, requestId);
	if (request.generation !== state.generation || isCancellation(error, facts)) return base;
	const failure: PageFailure = {
		offset: request.offset,
		limit: request.limit,
		purpose: request.purpose,
		error: toError(error),
	};
	if (facts.isRateLimited !== true) return {...base, failures: [...base.failures, failure]};
	// Retries are spent and the server still says slow down: its Retry-After, if any, is the wait.
	const {retryAfterMs} = facts;
	return {
		...base,
		failures: [...base.failures, failure],
		isThrottled: true,
		throttledUntil: retryAfterMs === undefined || at === undefined ? undefined : at + retryAfterMs,
	};
}

function applyStart<T extends JsonObject>(
	state: PagerState<T>,
	request: InFlightRequest,
): PagerState<T> {
	if (request.generation !== state.generation || state.inFlight.has(request.requestId)) {
		return state;
	}

	const range = requestRange(request);
	for (const running of state.inFlight.values()) {
		if (running.generation === state.generation && overlaps(requestRange(running), range)) {
			return state;
		}
	}

	const inFlight = new Map(state.inFlight);
	inFlight.set(request.requestId, request);
	const followUps = state.followUps === undefined ? undefined : state.followUps + 1;
	return {...state, inFlight, followUps};
}

function applyRetry<T extends JsonObject>(
	state: PagerState<T>,
	requestId: number,
	event: RetryEvent,
	at: number,
): PagerState<T> {
	const request = state.inFlight.get(requestId);
	if (request === undefined || request.generation !== state.generation) return state;
	const retry: RetryState = {
		requestId,
		attempt: event.attempt,
		maxAttempts: event.maxAttempts,
		delayMs: event.delayMs,
		reason: event.reason,
		status: event.status,
		at,
	};
	const isRateLimited = event.reason === 'rate-limited' || event.status === 429;
	if (!isRateLimited) return {...state, retry};
	// The client waits `delayMs` (Retry-After or its backoff) before asking again; so does prefetch.
	const waitEnds = at + event.delayMs;
	return {
		...state,
		retry,
		isThrottled: true,
		throttledUntil:
			state.isThrottled && state.throttledUntil !== undefined
				? Math.max(state.throttledUntil, waitEnds)
				: waitEnds,
	};
}

function applyQuery<T extends JsonObject>(state: PagerState<T>, query: PagerQuery): PagerState<T> {
	const normalized = normalizeQuery(query);
	if (normalized.search === state.query.search && normalized.sort === state.query.sort) {
		return state;
	}

	return {
		...state,
		query: normalized,
		generation: state.generation + 1,
		seenCounts: [],
		count: undefined,
		cursor: 0,
		direction: 1,
		pages: new Map(),
		failures: [],
		retry: undefined,
		listChange: undefined,
		anchorId: undefined,
	};
}

function applyRefresh<T extends JsonObject>(state: PagerState<T>): PagerState<T> {
	const pages = new Map<number, CachedPage<T>>();
	for (const [offset, page] of state.pages) pages.set(offset, {...page, isStale: true});
	return {
		...state,
		// An empty list shows no rows, so nothing would be asked: ask afresh for its first page.
		count: state.count === 0 ? undefined : state.count,
		generation: state.generation + 1,
		seenCounts: [],
		pages,
		failures: [],
		retry: undefined,
		listChange: undefined,
		anchorId: idOf(selectedRecord(state)),
	};
}

function applyResize<T extends JsonObject>(state: PagerState<T>, rows: number): PagerState<T> {
	const next = positiveInteger(rows, state.rows);
	if (next === state.rows) return state;
	return evict(settleView({...state, rows: next}));
}

const userActions: ReadonlySet<PagerAction['type']> = new Set([
	'move',
	'move-page',
	'move-first',
	'move-last',
	'jump',
	'resize',
	'set-query',
	'refresh',
]);

/** The pure transition function of a list. Returns the same object when nothing changes. */
export function pagerReducer<T extends JsonObject>(
	state: PagerState<T>,
	action: PagerAction<T>,
): PagerState<T> {
	const next = transition(state, action);
	// Something the user did: changes of `count` may again lead to fetching pages again.
	const isSettled = next.countChanges === 0 && next.followUps === undefined;
	if (next !== state && !isSettled && userActions.has(action.type)) {
		return {...next, countChanges: 0, followUps: undefined};
	}

	return next;
}

function transition<T extends JsonObject>(
	state: PagerState<T>,
	action: PagerAction<T>,
): PagerState<T> {
	switch (action.type) {
		case 'move': {
			return withCursor(state, state.cursor + action.delta);
		}

		case 'move-page': {
			return withCursor(state, state.cursor + action.delta * state.rows);
		}

		case 'move-first': {
			return withCursor(state, 0);
		}

		case 'move-last': {
			return withCursor(state, (state.count ?? 0) - 1);
		}

		case 'jump': {
			return withCursor(state, action.index);
		}

		case 'resize': {
			return applyResize(state, action.rows);
		}

		case 'set-query': {
			return applyQuery(state, action.query);
		}

		case 'refresh': {
			return applyRefresh(state);
		}

		case 'dismiss-notice': {
			return state.listChange === undefined ? state : {...state, listChange: undefined};
		}

		case 'request-started': {
			return applyStart(state, action.request);
		}

		case 'requests-cancelled': {
			if (!action.requestIds.some((requestId) => state.inFlight.has(requestId))) return state;
			let next = state;
			for (const requestId of action.requestIds) next = withoutRequest(next, requestId);
			return next;
		}

		case 'request-retrying': {
			return applyRetry(state, action.requestId, action.event, action.at);
		}

		case 'page-loaded': {
			return applyPage(state, action.requestId, action.page);
		}

		case 'page-failed': {
			return applyFailure(state, action.requestId, action.error, action.at, action);
		}

		case 'throttle-elapsed': {
			if (!state.isThrottled || state.throttledUntil !== action.until) return state;
			return {...state, isThrottled: false, throttledUntil: undefined};
		}
	}
}

/**
 * The state with `page` already loaded, as if the request for it had just been answered: for a
 * first page fetched before the screen was drawn. The state is unchanged when `query` is not
 * the request the state would make first (the screen has another size, say).
 */
export function withInitialPage<T extends JsonObject>(
	state: PagerState<T>,
	query: ListQuery,
	page: Page<T>,
): PagerState<T> {
	const [first] = planRequests(state).start;
	if (
		first === undefined ||
		first.offset !== query.offset ||
		first.limit !== query.limit ||
		(first.query.search ?? '') !== (query.search ?? '') ||
		(first.query.sort ?? '') !== (query.sort ?? '')
	) {
		return state;
	}

	// Request ids from the hook start at 1, so 0 never meets a real request.
	const requestId = 0;
	const started = pagerReducer(state, {type: 'request-started', request: {...first, requestId}});
	return pagerReducer(started, {type: 'page-loaded', requestId, page});
}
