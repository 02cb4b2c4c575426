import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {JsonObject, Page} from '../../source/api/types.js';
import {
	createPagerState,
	isLoading,
	isViewStale,
	missingRequests,
	pagerReducer,
	planRequests,
	position,
	prefetchRange,
	requestsToCancel,
	selectedRecord,
	viewError,
	viewRange,
	visibleRows,
	withInitialPage,
	type InFlightRequest,
	type PagerAction,
	type PagerOptions,
	type PagerState,
	type PlannedRequest,
} from '../../source/paging/pager.js';

type Row = JsonObject & {id: number; name: string};
type State = PagerState<Row>;

/** A list the tests control: `count` records, answers capped at `pageCap`, ids shifted by `shift`. */
type FakeServer = {count: number; pageCap: number; shift: number};

function recordFor(index: number, server: FakeServer): Row {
	const id = index - server.shift;
	return {id, name: `record ${id}`};
}

function answer(server: FakeServer, request: {offset: number; limit: number}): Page<Row> {
	const size = Math.max(0, Math.min(request.limit, server.pageCap, server.count - request.offset));
	const results = Array.from({length: size}, (_, index) =>
		recordFor(request.offset + index, server),
	);
	return {count: server.count, results};
}

/** Applies actions in order. */
function apply(state: State, ...actions: Array<PagerAction<Row>>): State {
	return actions.reduce((current, action) => pagerReducer(current, action), state);
}

/** Plays the hook's part once: cancels what the plan says, starts what it says with fresh ids. */
function follow(state: State, ids: {next: number}): {state: State; started: InFlightRequest[]} {
	const plan = planRequests(state);
	let next = state;
	if (plan.cancel.length > 0)
		next = apply(next, {type: 'requests-cancelled', requestIds: plan.cancel});
	const started: InFlightRequest[] = [];
	for (const planned of plan.start) {
		const request = {...planned, requestId: ids.next++};
		started.push(request);
		next = apply(next, {type: 'request-started', request});
	}

	return {state: next, started};
}

/** Follows the plan and answers every request until nothing is left to fetch. */
function drain(
	state: State,
	server: FakeServer,
	ids: {next: number},
	log: PlannedRequest[] = [],
): State {
	let current = state;
	for (let round = 0; round < 1000; round++) {
		const followed = follow(current, ids);
		log.push(...followed.started);
		current = followed.state;
		const [request] = [...current.inFlight.values()];
		if (request === undefined) return current;
		current = apply(current, {
			type: 'page-loaded',
			requestId: request.requestId,
			page: answer(server, request),
		});
	}

	throw new Error('the model kept asking: a request loop');
}

function loaded(
	options: Partial<PagerOptions> & {server: FakeServer},
	log: PlannedRequest[] = [],
): {state: State; ids: {next: number}} {
	const ids = {next: 1};
	const state = drain(createPagerState<Row>({rows: 10, ...options}), options.server, ids, log);
	return {state, ids};
}

function names(state: State): Array<string | undefined> {
	return visibleRows(state).map((row) => row.record?.name);
}

function start(state: State, ids: {next: number}): {state: State; request: InFlightRequest} {
	const followed = follow(state, ids);
	const [request] = followed.started;
	if (request === undefined) throw new Error('expected the model to start a request');
	return {state: followed.state, request};
}

describe('the first screen', () => {
	it('asks for one screen page at offset 0 before the count is known', () => {
		const state = createPagerState<Row>({rows: 10});
		expect(missingRequests(state)).toEqual([
			{offset: 0, limit: 10, generation: 0, purpose: 'view', query: {}},
		]);
		expect(visibleRows(state)).toEqual([]);
		expect(position(state)).toEqual({number: 0, count: undefined, page: 0, pageCount: 0});
	});

	it('uses an explicit limit as the request size', () => {
		const state = createPagerState<Row>({rows: 10, limit: 50});
		expect(missingRequests(state)[0]?.limit).toBe(50);
	});

	it('fills the screen from short pages by asking for the rest at offset plus the rows returned', () => {
		const log: PlannedRequest[] = [];
		const {state} = loaded({server: {count: 100, pageCap: 3, shift: 0}}, log);
		expect(log.map((request) => [request.offset, request.limit])).toEqual([
			[0, 10],
			[3, 7],
			[6, 4],
			[9, 1],
		]);
		expect(names(state)).toEqual(Array.from({length: 10}, (_, index) => `record ${index}`));
		expect(log.filter((request) => request.purpose === 'prefetch')).toHaveLength(0);
	});

	it('shows placeholders, never rows of another page, while a page loads', () => {
		const server = {count: 100, pageCap: 10, shift: 0};
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 1});
		state = follow(state, ids).state;
		expect(visibleRows(state).map((row) => [row.index, row.record])).toEqual(
			Array.from({length: 10}, (_, index) => [10 + index, undefined]),
		);
		expect(isLoading(state)).toBe(true);
	});

	it('shows an empty list when the server holds no records', () => {
		const {state} = loaded({server: {count: 0, pageCap: 10, shift: 0}});
		expect(state.count).toBe(0);
		expect(visibleRows(state)).toEqual([]);
		expect(missingRequests(state)).toEqual([]);
		expect(pagerReducer(state, {type: 'move', delta: 1})).toBe(state);
	});
});

describe('moving the cursor', () => {
	const server = {count: 35, pageCap: 100, shift: 0};

	it('moves one record at a time and crosses page boundaries in both directions', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, ...Array.from({length: 9}, () => ({type: 'move', delta: 1}) as const));
		expect(selectedRecord(state)?.name).toBe('record 9');
		state = apply(state, {type: 'move', delta: 1});
		expect(viewRange(state)).toEqual({start: 10, end: 20});
		state = drain(state, server, ids);
		expect(selectedRecord(state)?.name).toBe('record 10');
		state = apply(state, {type: 'move', delta: -1});
		expect(viewRange(state)).toEqual({start: 0, end: 10});
		expect(selectedRecord(state)?.name).toBe('record 9');
	});

	it('moves a page at a time and clamps at both ends', () => {
		let {state} = loaded({server});
		state = apply(state, {type: 'move', delta: 3}, {type: 'move-page', delta: 1});
		expect(state.cursor).toBe(13);
		state = apply(state, {type: 'move-page', delta: 5});
		expect(state.cursor).toBe(34);
		expect(viewRange(state)).toEqual({start: 30, end: 35});
		state = apply(state, {type: 'move-page', delta: -10});
		expect(state.cursor).toBe(0);
		expect(pagerReducer(state, {type: 'move', delta: -1})).toBe(state);
	});

	it('jumps to first, last and a given index, clamping indexes outside the list', () => {
		let {state} = loaded({server});
		state = apply(state, {type: 'move-last'});
		expect(position(state)).toEqual({number: 35, count: 35, page: 4, pageCount: 4});
		state = apply(state, {type: 'move-first'});
		expect(state.cursor).toBe(0);
		state = apply(state, {type: 'jump', index: 21});
		expect(position(state).number).toBe(22);
		state = apply(state, {type: 'jump', index: 1_000});
		expect(state.cursor).toBe(34);
		state = apply(state, {type: 'jump', index: -5});
		expect(state.cursor).toBe(0);
	});

	it('ignores moves before the count is known', () => {
		const state = createPagerState<Row>({rows: 10});
		expect(pagerReducer(state, {type: 'move-last'})).toBe(state);
		expect(pagerReducer(state, {type: 'move-page', delta: 1})).toBe(state);
	});

	it('jumps to the last of 1,000,000 records with one request at the last page offset', () => {
		const million = {count: 1_000_000, pageCap: 100, shift: 0};
		const list = loaded({server: million, rows: 20});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-last'});
		const log: PlannedRequest[] = [];
		state = drain(state, million, ids, log);
		expect(log.map((request) => [request.offset, request.limit, request.purpose])).toEqual([
			[999_980, 20, 'view'],
		]);
		expect(selectedRecord(state)?.name).toBe('record 999999');
		expect(position(state)).toEqual({
			number: 1_000_000,
			count: 1_000_000,
			page: 50_000,
			pageCount: 50_000,
		});
		expect(state.pages.size).toBe(2);
	});

	it('keeps the selected record when the screen is resized', () => {
		const {state: initial, ids} = loaded({server: {count: 100, pageCap: 100, shift: 0}});
		let state = apply(initial, {type: 'jump', index: 27});
		state = drain(state, {count: 100, pageCap: 100, shift: 0}, ids);
		state = apply(state, {type: 'resize', rows: 7});
		expect(selectedRecord(state)?.name).toBe('record 27');
		expect(viewRange(state)).toEqual({start: 21, end: 28});
		state = apply(state, {type: 'resize', rows: 25});
		expect(viewRange(state)).toEqual({start: 25, end: 50});
		expect(selectedRecord(state)?.name).toBe('record 27');
		expect(pagerReducer(state, {type: 'resize', rows: 25})).toBe(state);
	});
});

describe('stale answers', () => {
	const server = {count: 100, pageCap: 100, shift: 0};

	it('drops an answer for a page the user has left', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 3});
		const {state: waiting, request} = start(state, ids);
		expect(request.offset).toBe(30);
		state = apply(waiting, {type: 'move-page', delta: 3});
		expect(requestsToCancel(state)).toEqual([request.requestId]);
		state = follow(state, ids).state;
		state = apply(state, {
			type: 'page-loaded',
			requestId: request.requestId,
			page: answer(server, request),
		});
		expect(state.pages.has(30)).toBe(false);
	});

	it('drops an answer for an old search or sort', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'refresh'}, {type: 'set-query', query: {search: 'a'}});
		const {state: waiting, request} = start(state, ids);
		expect(request.query).toEqual({search: 'a'});
		state = apply(waiting, {type: 'set-query', query: {search: 'ab', sort: 'name'}});
		expect(state.generation).toBe(request.generation + 1);
		expect(requestsToCancel(state)).toEqual([request.requestId]);
		const withOldAnswer = apply(state, {
			type: 'page-loaded',
			requestId: request.requestId,
			page: {count: 3, results: [{id: 1, name: 'from the old search'}]},
		});
		expect(withOldAnswer.count).toBeUndefined();
		expect(withOldAnswer.pages.size).toBe(0);
		expect(visibleRows(withOldAnswer)).toEqual([]);
	});

	it('resets the cursor to the first record on a new query', () => {
		let {state} = loaded({server});
		state = apply(state, {type: 'jump', index: 40}, {type: 'set-query', query: {sort: 'name'}});
		expect(state.cursor).toBe(0);
		expect(state.count).toBeUndefined();
		expect(missingRequests(state)[0]).toMatchObject({offset: 0, query: {sort: 'name'}});
	});

	it('treats an empty search as no search and an unchanged query as no change', () => {
		const {state} = loaded({server});
		expect(pagerReducer(state, {type: 'set-query', query: {search: '  '}})).toBe(state);
		const searched = apply(state, {type: 'set-query', query: {search: 'x'}});
		expect(pagerReducer(searched, {type: 'set-query', query: {search: 'x'}})).toBe(searched);
	});

	it('drops an answer to a request made before a refresh', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'refresh'});
		const {state: waiting, request} = start(state, ids);
		state = apply(waiting, {type: 'refresh'});
		state = apply(state, {
			type: 'page-loaded',
			requestId: request.requestId,
			page: {count: 100, results: [{id: -1, name: 'old'}]},
		});
		expect(names(state)[0]).toBe('record 0');
		expect(visibleRows(state)[0]?.isStale).toBe(true);
	});

	it('ignores answers to requests it never started', () => {
		const {state} = loaded({server});
		expect(
			pagerReducer(state, {
				type: 'page-loaded',
				requestId: 999,
				page: answer(server, {offset: 0, limit: 5}),
			}),
		).toBe(state);
		expect(pagerReducer(state, {type: 'page-failed', requestId: 999, error: new Error('x')})).toBe(
			state,
		);
	});
});

describe('requests in flight', () => {
	const server = {count: 10_000, pageCap: 100, shift: 0};

	it('cancels requests whose pages are neither on screen nor the prefetch page', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'jump', index: 509});
		const view = start(state, ids);
		state = view.state;
		state = apply(state, {
			type: 'page-loaded',
			requestId: view.request.requestId,
			page: answer(server, view.request),
		});
		const prefetch = start(state, ids);
		expect(prefetch.request).toMatchObject({offset: 510, purpose: 'prefetch'});
		state = apply(prefetch.state, {type: 'move', delta: 1});
		expect(requestsToCancel(state)).toEqual([]);
		state = apply(state, {type: 'move-page', delta: 5});
		expect(requestsToCancel(state)).toEqual([prefetch.request.requestId]);
	});

	it('cancels the request for a page the user moved away from, even the adjacent one', () => {
		const list = loaded({server});
		const {ids} = list;
		let state = apply(list.state, {type: 'jump', index: 200});
		const first = start(state, ids);
		state = apply(first.state, {type: 'move-page', delta: 1});
		expect(prefetchRange(state)).toBeUndefined();
		const followed = follow(state, ids);
		expect(first.request.offset).toBe(200);
		expect(requestsToCancel(state)).toEqual([first.request.requestId]);
		expect(followed.started.map((request) => request.offset)).toEqual([210]);
		expect(followed.state.inFlight.size).toBe(1);
	});

	it('has one request in flight at a time while PgUp is held', () => {
		const list = loaded({server});
		const {ids} = list;
		let state = drain(apply(list.state, {type: 'jump', index: 5_003}), server, ids);
		for (let step = 0; step < 50; step++) {
			state = follow(apply(state, {type: 'move-page', delta: -1}), ids).state;
			expect(state.inFlight.size).toBe(1);
		}

		expect(viewRange(state)).toEqual({start: 4_500, end: 4_510});
	});

	it('never has more than two requests in flight while paging through 50 pages', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		const offsets = new Set<number>();
		for (let step = 0; step < 50; step++) {
			state = apply(state, {type: 'move-page', delta: 1});
			const followed = follow(state, ids);
			state = followed.state;
			expect(state.inFlight.size).toBeLessThanOrEqual(2);
			for (const request of followed.started) {
				expect(offsets.has(request.offset)).toBe(false);
				offsets.add(request.offset);
			}
		}

		expect(viewRange(state)).toEqual({start: 500, end: 510});
		state = drain(state, server, ids);
		expect(selectedRecord(state)?.name).toBe('record 500');
	});

	it('never plans two requests for one offset and refuses a start that overlaps a running one', () => {
		const state = createPagerState<Row>({rows: 10});
		const ids = {next: 1};
		const followed = follow(state, ids);
		expect(missingRequests(followed.state)).toEqual([]);
		const duplicate = {...followed.started[0]!, requestId: 50};
		expect(pagerReducer(followed.state, {type: 'request-started', request: duplicate})).toBe(
			followed.state,
		);
		const overlapping = {...duplicate, offset: 5, requestId: 51};
		expect(pagerReducer(followed.state, {type: 'request-started', request: overlapping})).toBe(
			followed.state,
		);
	});

	it('refuses a start for an old generation', () => {
		const state = apply(createPagerState<Row>({rows: 10}), {
			type: 'set-query',
			query: {sort: 'name'},
		});
		const request: InFlightRequest = {
			offset: 0,
			limit: 10,
			generation: 0,
			purpose: 'view',
			query: {},
			requestId: 1,
		};
		expect(pagerReducer(state, {type: 'request-started', request})).toBe(state);
	});

	it('cancels every request of an old generation', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'jump', index: 300});
		const {state: waiting, request} = start(state, ids);
		state = apply(waiting, {type: 'set-query', query: {search: 'x'}});
		const plan = planRequests(state);
		expect(plan.cancel).toEqual([request.requestId]);
		expect(plan.start.map((planned) => planned.offset)).toEqual([0]);
		state = follow(state, ids).state;
		expect(isLoading(state)).toBe(true);
		expect([...state.inFlight.values()].map((running) => running.generation)).toEqual([
			state.generation,
		]);
	});
});

describe('prefetch', () => {
	const server = {count: 100, pageCap: 100, shift: 0};

	it('prefetches the next page when the cursor nears the bottom edge', () => {
		let {state} = loaded({server});
		expect(state.pages.size).toBe(1);
		state = apply(state, {type: 'move', delta: 7});
		expect(prefetchRange(state)).toEqual({start: 10, end: 20});
		expect(missingRequests(state)).toEqual([
			{offset: 10, limit: 10, generation: 0, purpose: 'prefetch', query: {}},
		]);
	});

	it('prefetches the previous page when the cursor nears the top edge', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'jump', index: 55});
		state = drain(state, server, ids);
		state = apply(state, {type: 'jump', index: 51});
		expect(missingRequests(state).map((request) => [request.offset, request.purpose])).toEqual([
			[40, 'prefetch'],
		]);
	});

	it('prefetches only in the direction the cursor moves', () => {
		const list = loaded({server});
		const {ids} = list;
		let state = drain(apply(list.state, {type: 'jump', index: 58}), server, ids);
		state = apply(state, {type: 'jump', index: 51});
		expect(prefetchRange(state)).toEqual({start: 40, end: 50});
		state = drain(state, server, ids);
		state = apply(state, {type: 'jump', index: 40}, {type: 'move', delta: 1});
		expect(state.cursor).toBe(41);
		expect(prefetchRange(state)).toBeUndefined();
		state = apply(state, {type: 'move', delta: 7});
		expect(prefetchRange(state)).toEqual({start: 50, end: 60});
		state = apply(state, {type: 'move', delta: -1});
		expect(prefetchRange(state)).toBeUndefined();
	});

	it('keeps a running prefetch when the cursor turns back at the page edge', () => {
		const list = loaded({server});
		const {ids} = list;
		const prefetch = start(apply(list.state, {type: 'move', delta: 9}), ids);
		expect(prefetch.request).toMatchObject({offset: 10, purpose: 'prefetch'});
		let state = apply(prefetch.state, {type: 'move', delta: -1});
		expect(prefetchRange(state)).toBeUndefined();
		expect(planRequests(state)).toEqual({cancel: [], start: []});
		state = apply(state, {type: 'move', delta: 1});
		expect(planRequests(state)).toEqual({cancel: [], start: []});
		expect(state.inFlight.size).toBe(1);
	});

	it('drops a prefetch behind the cursor once the screen needs a request', () => {
		const list = loaded({server});
		const {ids} = list;
		const prefetch = start(apply(list.state, {type: 'move', delta: 9}), ids);
		let state = apply(prefetch.state, {type: 'move-page', delta: 1});
		expect(planRequests(state)).toEqual({cancel: [], start: []});
		state = apply(state, {type: 'move-page', delta: 1});
		const plan = planRequests(state);
		expect(plan.cancel).toEqual([prefetch.request.requestId]);
		expect(plan.start.map((request) => [request.offset, request.purpose])).toEqual([[20, 'view']]);
	});

	it('does not prefetch in the middle of a page or before the screen is loaded', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'jump', index: 45});
		expect(prefetchRange(state)).toBeUndefined();
		state = apply(state, {type: 'jump', index: 48});
		const followed = follow(state, ids);
		expect(followed.started.map((request) => request.purpose)).toEqual(['view']);
	});

	it('does not prefetch while throttled, and resumes after a success', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'jump', index: 15});
		const view = start(state, ids);
		state = apply(view.state, {
			type: 'request-retrying',
			requestId: view.request.requestId,
			event: {
				attempt: 1,
				maxAttempts: 4,
				delayMs: 3000,
				reason: 'rate-limited',
				status: 429,
				fromRetryAfter: true,
			},
			at: 1_000,
		});
		expect(state.isThrottled).toBe(true);
		expect(state.retry).toMatchObject({delayMs: 3000, at: 1_000, reason: 'rate-limited'});
		state = apply(state, {
			type: 'page-loaded',
			requestId: view.request.requestId,
			page: answer(server, view.request),
		});
		expect(state.retry).toBeUndefined();
		expect(state.isThrottled).toBe(false);
		state = apply(state, {type: 'move', delta: 4});
		expect(missingRequests(state)).toHaveLength(1);
		const throttled = apply(state, {type: 'jump', index: 0}, {type: 'jump', index: 19});
		const paused = {...throttled, isThrottled: true};
		expect(missingRequests(paused)).toEqual([]);
	});
});

describe('count drift', () => {
	it('takes the newest count, clamps the cursor and flags the change when the list shrinks', () => {
		const server = {count: 100, pageCap: 100, shift: 0};
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-last'});
		state = drain(state, server, ids);
		expect(state.cursor).toBe(99);
		server.count = 42;
		state = apply(state, {type: 'refresh'});
		state = drain(state, server, ids);
		expect(state.count).toBe(42);
		expect(state.cursor).toBe(41);
		expect(state.listChange).toEqual({from: 100, to: 42});
		expect(selectedRecord(state)?.name).toBe('record 41');
		expect(names(state)).toEqual(['record 40', 'record 41']);
		state = apply(state, {type: 'move', delta: -1});
		expect(state.listChange).toBeUndefined();
	});

	it('drops pages of the old snapshot when the list grows at the front', () => {
		const server = {count: 100, pageCap: 100, shift: 0};
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 1});
		state = drain(state, server, ids);
		server.count = 103;
		server.shift = 3;
		state = apply(state, {type: 'move-page', delta: 1});
		state = drain(state, server, ids);
		expect(state.listChange).toEqual({from: 100, to: 103});
		state = apply(state, {type: 'move-page', delta: -2});
		state = drain(state, server, ids);
		expect(names(state)).toEqual(Array.from({length: 10}, (_, index) => `record ${index - 3}`));
	});

	it('keeps the count from before the first change in the notice until the user moves', () => {
		const server = {count: 100, pageCap: 100, shift: 0};
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move', delta: 8});
		const prefetch = start(state, ids);
		server.count = 90;
		state = apply(prefetch.state, {
			type: 'page-loaded',
			requestId: prefetch.request.requestId,
			page: answer(server, prefetch.request),
		});
		expect(state.listChange).toEqual({from: 100, to: 90});
		server.count = 80;
		state = drain(state, server, ids);
		expect(state.listChange).toEqual({from: 100, to: 80});
		server.count = 70;
		state = drain(apply(state, {type: 'refresh'}), server, ids);
		expect(state.listChange).toEqual({from: 80, to: 70});
		expect(pagerReducer(state, {type: 'dismiss-notice'}).listChange).toBeUndefined();
	});

	it('ignores the count of an answer older than the one that set it', () => {
		const server = {count: 100, pageCap: 100, shift: 0};
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'jump', index: 9});
		const prefetch = start(state, ids);
		state = apply(prefetch.state, {type: 'refresh'});
		const fresh = start(state, ids);
		state = fresh.state;
		state = apply(state, {
			type: 'page-loaded',
			requestId: fresh.request.requestId,
			page: {count: 120, results: answer(server, fresh.request).results},
		});
		expect(state.count).toBe(120);
		const older: InFlightRequest = {
			...fresh.request,
			offset: 10,
			purpose: 'prefetch',
			requestId: 1,
		};
		const injected = {...state, inFlight: new Map([[1, older]])};
		const afterOld = apply(injected, {
			type: 'page-loaded',
			requestId: 1,
			page: answer(server, older),
		});
		expect(afterOld.count).toBe(120);
		expect(afterOld.pages.has(10)).toBe(false);
		expect(afterOld.inFlight.size).toBe(0);
	});

	it('shrinks the count on an empty page inside the count instead of asking again', () => {
		let state = createPagerState<Row>({rows: 10});
		const ids = {next: 1};
		const first = start(state, ids);
		state = apply(first.state, {
			type: 'page-loaded',
			requestId: first.request.requestId,
			page: {
				count: 1_000,
				results: answer({count: 1_000, pageCap: 10, shift: 0}, first.request).results,
			},
		});
		state = apply(state, {type: 'move-page', delta: 1});
		const second = start(state, ids);
		state = apply(second.state, {
			type: 'page-loaded',
			requestId: second.request.requestId,
			page: {count: 1_000, results: []},
		});
		expect(state.count).toBe(10);
		expect(state.cursor).toBe(9);
		expect(state.listChange).toEqual({from: 1_000, to: 10});
		expect(follow(state, ids).started.map((request) => request.offset)).toEqual([0]);
	});

	it('ends without a request loop when a misbehaving server always answers empty pages', () => {
		let state = createPagerState<Row>({rows: 10});
		const ids = {next: 1};
		for (let round = 0; round < 5; round++) {
			const followed = follow(state, ids);
			state = followed.state;
			for (const request of followed.started) {
				state = apply(state, {
					type: 'page-loaded',
					requestId: request.requestId,
					page: {count: 500, results: []},
				});
			}
		}

		expect(state.count).toBe(0);
		expect(ids.next).toBe(2);
		expect(missingRequests(state)).toEqual([]);
	});

	it('truncates results beyond the limit or the count and repairs a nonsense count', () => {
		let state = createPagerState<Row>({rows: 5});
		const ids = {next: 1};
		const first = start(state, ids);
		const many = Array.from({length: 9}, (_, index) => ({id: index, name: `record ${index}`}));
		state = apply(first.state, {
			type: 'page-loaded',
			requestId: first.request.requestId,
			page: {count: 3, results: many},
		});
		expect(state.count).toBe(3);
		expect(names(state)).toEqual(['record 0', 'record 1', 'record 2']);
		state = apply(state, {type: 'refresh'});
		const second = start(state, ids);
		state = apply(second.state, {
			type: 'page-loaded',
			requestId: second.request.requestId,
			page: {count: Number.NaN, results: many} as Page<Row>,
		});
		expect(state.count).toBe(9);
		expect(names(state)).toHaveLength(5);
	});
});

/** Answers every request with the next count of `counts` (in turn), the rows of that count. */
function answerInTurn(counts: readonly number[], pageCap = 100) {
	let answered = 0;
	return (request: {offset: number; limit: number}): Page<Row> => {
		const count = counts[answered++ % counts.length] ?? 0;
		return answer({count, pageCap, shift: 0}, request);
	};
}

/**
 * Plays the hook's part after one key press until nothing is in flight, answering with
 * `respond`; returns the number of requests started (at most `limit`, so a storm ends the test).
 */
function requestsAfter(
	state: State,
	respond: (request: InFlightRequest) => Page<Row>,
	ids: {next: number},
	limit = 500,
): {state: State; requests: number} {
	let current = state;
	let requests = 0;
	while (requests < limit) {
		const followed = follow(current, ids);
		requests += followed.started.length;
		current = followed.state;
		const [request] = [...current.inFlight.values()];
		if (request === undefined) break;
		current = apply(current, {
			type: 'page-loaded',
			requestId: request.requestId,
			page: respond(request),
		});
	}

	return {state: current, requests};
}

describe('replicas that disagree on count', () => {
	it.each([
		[95, 100],
		[100, 95],
		[100, 5],
		[5, 100],
	])(
		'settles after End when replicas answer %i and %i in turn, with a few requests',
		(first, second) => {
			const respond = answerInTurn([first, second]);
			const ids = {next: 1};
			const opened = requestsAfter(createPagerState<Row>({rows: 21}), respond, ids);
			const ended = requestsAfter(apply(opened.state, {type: 'move-last'}), respond, ids);
			expect(ended.requests).toBeLessThanOrEqual(4);
			expect(planRequests(ended.state).start).toEqual([]);
			expect(isLoading(ended.state)).toBe(false);
			expect([first, second]).toContain(ended.state.count);
			expect(visibleRows(ended.state).every((row) => row.record !== undefined)).toBe(true);
		},
	);

	it('does not ask again for a page this generation got when the count flips back', () => {
		const server = {count: 100, pageCap: 100, shift: 0};
		const ids = {next: 1};
		let state = drain(createPagerState<Row>({rows: 10}), server, ids);
		state = drain(apply(state, {type: 'move-page', delta: 1}), server, ids);
		const asked = ids.next;
		const next = start(apply(state, {type: 'move-page', delta: 1}), ids);
		state = apply(next.state, {
			type: 'page-loaded',
			requestId: next.request.requestId,
			page: {count: 100, results: answer(server, next.request).results},
		});
		// One replica says 120: a new count, so what is cached is fetched again.
		const moved = start(apply(state, {type: 'move-page', delta: 1}), ids);
		state = apply(moved.state, {
			type: 'page-loaded',
			requestId: moved.request.requestId,
			page: {count: 120, results: answer(server, moved.request).results},
		});
		expect(state.count).toBe(120);
		// The other replica says 100 again: the pages it gave in this generation stay good.
		const back = start(apply(state, {type: 'move-page', delta: -1}), ids);
		state = apply(back.state, {
			type: 'page-loaded',
			requestId: back.request.requestId,
			page: {count: 100, results: answer(server, back.request).results},
		});
		expect(state.count).toBe(100);
		expect(state.listChange).toEqual({from: 120, to: 100});
		expect(isViewStale(state)).toBe(false);
		expect(planRequests(state).start).toEqual([]);
		expect(ids.next - asked).toBe(3);
	});

	it('takes a new count without fetching again once the follow-ups of a key press are spent', () => {
		const ids = {next: 1};
		let count = 200;
		const growing = (request: InFlightRequest) =>
			answer({count: count++, pageCap: 100, shift: 0}, request);
		const opened = requestsAfter(createPagerState<Row>({rows: 10}), growing, ids);
		const moved = requestsAfter(apply(opened.state, {type: 'move', delta: 5}), growing, ids);
		expect(moved.requests).toBeLessThanOrEqual(3);
		expect(moved.state.count).toBe(count - 1);
		expect(isViewStale(moved.state)).toBe(false);
	});

	it('asks a bounded number of times per key press, whatever counts the server answers (property)', () => {
		const keyArbitrary: fc.Arbitrary<PagerAction<Row>> = fc.oneof(
			fc.integer({min: -30, max: 30}).map((delta) => ({type: 'move', delta}) as const),
			fc.integer({min: -3, max: 3}).map((delta) => ({type: 'move-page', delta}) as const),
			fc.constant({type: 'move-first'} as const),
			fc.constant({type: 'move-last'} as const),
			fc.integer({min: 0, max: 400}).map((index) => ({type: 'jump', index}) as const),
			fc.constant({type: 'refresh'} as const),
		);
		fc.assert(
			fc.property(
				fc.array(fc.integer({min: 0, max: 400}), {minLength: 1, maxLength: 12}),
				fc.array(keyArbitrary, {minLength: 1, maxLength: 15}),
				fc.integer({min: 1, max: 30}),
				fc.integer({min: 1, max: 100}),
				(counts, keys, rows, pageCap) => {
					const respond = answerInTurn(counts, pageCap);
					// Requests one screen page needs when nothing changes: split by the page cap.
					const perScreen = Math.ceil(rows / Math.min(rows, pageCap));
					// A screen page and the page ahead, again after a change of count, then the
					// follow-ups after the count changed once more.
					const bound = 4 * perScreen + 8;
					const ids = {next: 1};
					let {state, requests} = requestsAfter(createPagerState<Row>({rows}), respond, ids);
					expect(requests).toBeLessThanOrEqual(bound);
					for (const key of keys) {
						({state, requests} = requestsAfter(apply(state, key), respond, ids));
						expect(requests).toBeLessThanOrEqual(bound);
						expect(isLoading(state)).toBe(false);
					}
				},
			),
			{numRuns: 500},
		);
	});
});

describe('bounded memory', () => {
	it('keeps at most maxPages pages however far the user travels', () => {
		const server = {count: 1_000_000, pageCap: 100, shift: 0};
		const list = loaded({server, maxPages: 20});
		const {ids} = list;
		let {state} = list;
		for (let step = 0; step < 300; step++) {
			state = apply(state, {type: 'move-page', delta: step % 7 === 0 ? 1_000 : 1});
			state = drain(state, server, ids);
			expect(state.pages.size).toBeLessThanOrEqual(20);
		}

		expect(selectedRecord(state)?.name).toBe(`record ${state.cursor}`);
	});

	it('keeps at most maxRecords records and never evicts the pages on screen', () => {
		const server = {count: 10_000, pageCap: 3, shift: 0};
		const list = loaded({server, rows: 12, maxPages: 100, maxRecords: 30});
		const {ids} = list;
		let {state} = list;
		for (let step = 0; step < 40; step++) {
			state = apply(state, {type: 'move-page', delta: 1});
			state = drain(state, server, ids);
			let records = 0;
			for (const page of state.pages.values()) records += page.rows.length;
			expect(records).toBeLessThanOrEqual(30);
			expect(visibleRows(state).every((row) => row.record !== undefined)).toBe(true);
		}

		const tiny = loaded({server, rows: 12, maxPages: 2});
		expect(tiny.state.pages.size).toBe(4);
		expect(visibleRows(tiny.state).every((row) => row.record !== undefined)).toBe(true);
	});

	it('evicts the least recently shown page first', () => {
		const server = {count: 1_000, pageCap: 100, shift: 0};
		const list = loaded({server, maxPages: 3});
		const {ids} = list;
		let {state} = list;
		for (const index of [505, 305, 5, 705]) {
			state = drain(apply(state, {type: 'jump', index}), server, ids);
		}

		expect([...state.pages.keys()].sort((a, b) => a - b)).toEqual([0, 300, 700]);
	});
});

describe('failures and refresh', () => {
	const server = {count: 100, pageCap: 100, shift: 0};

	it('keeps stale rows on screen after a failed refresh and exposes the error', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'refresh'});
		expect(isViewStale(state)).toBe(true);
		const {state: waiting, request} = start(state, ids);
		const error = new Error('The server failed.');
		state = apply(waiting, {type: 'page-failed', requestId: request.requestId, error});
		expect(names(state)[0]).toBe('record 0');
		expect(isViewStale(state)).toBe(true);
		expect(viewError(state)).toBe(error);
		expect(missingRequests(state)).toEqual([]);
		expect(isLoading(state)).toBe(false);
		state = apply(state, {type: 'refresh'});
		expect(viewError(state)).toBeUndefined();
		state = drain(state, server, ids);
		expect(isViewStale(state)).toBe(false);
	});

	it('shows placeholders and the error for a page that never loaded, and retries it on refresh', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 2});
		const {state: waiting, request} = start(state, ids);
		state = apply(waiting, {type: 'page-failed', requestId: request.requestId, error: 'boom'});
		expect(viewError(state)?.message).toBe('boom');
		expect(visibleRows(state).every((row) => row.record === undefined)).toBe(true);
		expect(missingRequests(state)).toEqual([]);
		state = drain(apply(state, {type: 'refresh'}), server, ids);
		expect(names(state)[0]).toBe('record 20');
	});

	it('asks again for a failed page when the user comes back to it', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 5});
		const {state: waiting, request} = start(state, ids);
		state = apply(waiting, {
			type: 'page-failed',
			requestId: request.requestId,
			error: new Error('x'),
		});
		state = apply(state, {type: 'move-page', delta: -5});
		expect(viewError(state)).toBeUndefined();
		state = apply(state, {type: 'move-page', delta: 5});
		expect(missingRequests(state).map((planned) => planned.offset)).toEqual([50]);
	});

	it('treats a cancelled request as no failure', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 1});
		const {state: waiting, request} = start(state, ids);
		const cancelled = new Error('Cancelled.');
		state = apply(waiting, {
			type: 'page-failed',
			requestId: request.requestId,
			error: cancelled,
			isCancelled: true,
		});
		expect(state.failures).toEqual([]);
		expect(missingRequests(state).map((planned) => planned.offset)).toEqual([10]);
	});

	it('marks the list throttled when a request finally fails with 429', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 1});
		const {state: waiting, request} = start(state, ids);
		const error = new Error('Slow down.');
		state = apply(waiting, {type: 'page-failed', requestId: request.requestId, error});
		expect(state.isThrottled).toBe(false);
		const again = start(apply(state, {type: 'refresh'}), ids);
		state = apply(again.state, {
			type: 'page-failed',
			requestId: again.request.requestId,
			error,
			isRateLimited: true,
		});
		expect(state.isThrottled).toBe(true);
	});

	it('ends throttling when its Retry-After wait has elapsed, and only that wait', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'move-page', delta: 1});
		const {state: waiting, request} = start(state, ids);
		state = apply(waiting, {
			type: 'page-failed',
			requestId: request.requestId,
			error: new Error('Slow down.'),
			at: 10_000,
			isRateLimited: true,
			retryAfterMs: 2000,
		});
		expect(state.isThrottled).toBe(true);
		expect(state.throttledUntil).toBe(12_000);
		// A timer from an older wait does not end this one.
		expect(apply(state, {type: 'throttle-elapsed', until: 11_000}).isThrottled).toBe(true);
		const resumed = apply(state, {type: 'throttle-elapsed', until: 12_000});
		expect(resumed.isThrottled).toBe(false);
		expect(resumed.throttledUntil).toBeUndefined();
	});

	it('keeps the selected record by id across a refresh that shifted it', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = apply(state, {type: 'jump', index: 44});
		state = drain(state, server, ids);
		expect(selectedRecord(state)?.id).toBe(44);
		const shifted = {count: 102, pageCap: 100, shift: 2};
		state = drain(apply(state, {type: 'refresh'}), shifted, ids);
		expect(selectedRecord(state)?.id).toBe(44);
		expect(state.cursor).toBe(46);
		expect(state.anchorId).toBeUndefined();
	});

	it('keeps the cursor where it was when the selected record is gone after a refresh', () => {
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		state = drain(apply(state, {type: 'jump', index: 44}), server, ids);
		const replaced = {count: 100, pageCap: 100, shift: 1_000};
		state = drain(apply(state, {type: 'refresh'}), replaced, ids);
		expect(state.cursor).toBe(44);
		expect(state.anchorId).toBeUndefined();
	});

	it('asks an empty list afresh on refresh', () => {
		const server = {count: 0, pageCap: 100, shift: 0};
		const list = loaded({server});
		const {ids} = list;
		let {state} = list;
		expect(missingRequests(state)).toEqual([]);
		server.count = 3;
		state = drain(apply(state, {type: 'refresh'}), server, ids);
		expect(names(state)).toEqual(['record 0', 'record 1', 'record 2']);
	});

	it('ignores retry events of requests it does not know', () => {
		const {state} = loaded({server});
		const event = {
			attempt: 1,
			maxAttempts: 3,
			delayMs: 10,
			reason: 'server',
			fromRetryAfter: false,
		};
		expect(pagerReducer(state, {type: 'request-retrying', requestId: 77, event, at: 0})).toBe(
			state,
		);
	});
});

describe('any sequence of actions (property)', () => {
	type Step =
		| {kind: 'action'; action: PagerAction<Row>}
		| {kind: 'answer'; which: number}
		| {kind: 'fail'; which: number}
		| {kind: 'drift'; count: number; shift: number};

	const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
		fc.record({
			kind: fc.constant('action' as const),
			action: fc.oneof(
				fc.integer({min: -30, max: 30}).map((delta) => ({type: 'move', delta}) as const),
				fc.integer({min: -3, max: 3}).map((delta) => ({type: 'move-page', delta}) as const),
				fc.constant({type: 'move-first'} as const),
				fc.constant({type: 'move-last'} as const),
				fc.integer({min: -5, max: 400}).map((index) => ({type: 'jump', index}) as const),
				fc.integer({min: 1, max: 25}).map((rows) => ({type: 'resize', rows}) as const),
				fc.constant({type: 'refresh'} as const),
				fc
					.constantFrom(undefined, 'a', 'b')
					.map((search) => ({type: 'set-query', query: {search}}) as const),
			),
		}),
		fc.record({kind: fc.constant('answer' as const), which: fc.nat(3)}),
		fc.record({kind: fc.constant('answer' as const), which: fc.nat(3)}),
		fc.record({kind: fc.constant('fail' as const), which: fc.nat(3)}),
		fc.record({
			kind: fc.constant('drift' as const),
			count: fc.integer({min: 0, max: 300}),
			shift: fc.integer({min: 0, max: 5}),
		}),
	);

	it('keeps its invariants and settles on exactly the server rows after a refresh', () => {
		fc.assert(
			fc.property(
				fc.array(stepArbitrary, {maxLength: 60}),
				fc.integer({min: 1, max: 12}),
				fc.integer({min: 1, max: 15}),
				fc.option(fc.integer({min: 1, max: 20}), {nil: undefined}),
				(steps, pageCap, rows, limit) => {
					const server: FakeServer = {count: 150, pageCap, shift: 0};
					const ids = {next: 1};
					let state = createPagerState<Row>({rows, limit, maxPages: 6});
					for (const step of steps) {
						if (step.kind === 'action') state = apply(state, step.action);
						else if (step.kind === 'drift')
							Object.assign(server, {count: step.count, shift: step.shift});
						else {
							const running = [...state.inFlight.values()];
							const request = running[step.which % Math.max(1, running.length)];
							if (request !== undefined) {
								state =
									step.kind === 'answer'
										? apply(state, {
												type: 'page-loaded',
												requestId: request.requestId,
												page: answer(server, request),
											})
										: apply(state, {
												type: 'page-failed',
												requestId: request.requestId,
												error: new Error('no'),
											});
							}
						}

						state = follow(state, ids).state;
						const plan = planRequests(state);
						expect(plan).toEqual({cancel: [], start: []});
						expect(state.inFlight.size).toBeLessThanOrEqual(2);
						const ranges = [...state.inFlight.values()].map(
							(request) => [request.offset, request.offset + request.limit] as const,
						);
						for (const [index, [startA, endA]] of ranges.entries()) {
							for (const [startB, endB] of ranges.slice(index + 1)) {
								expect(startA < endB && startB < endA).toBe(false);
							}
						}

						const pages = [...state.pages.values()].sort((a, b) => a.offset - b.offset);
						for (const [index, page] of pages.entries()) {
							expect(page.rows.length).toBeGreaterThan(0);
							const following = pages[index + 1];
							if (following)
								expect(page.offset + page.rows.length).toBeLessThanOrEqual(following.offset);
						}

						expect(state.pages.size).toBeLessThanOrEqual(Math.max(6, 2 * state.rows));
						if (state.count !== undefined && state.count > 0) {
							expect(state.cursor).toBeGreaterThanOrEqual(0);
							expect(state.cursor).toBeLessThan(state.count);
						}
					}

					state = drain(apply(state, {type: 'refresh'}), server, ids);
					expect(state.count).toBe(server.count);
					const expected = [];
					for (let index = viewRange(state).start; index < viewRange(state).end; index++) {
						expected.push(recordFor(index, server).name);
					}

					expect(names(state)).toEqual(expected);
				},
			),
			{numRuns: 300},
		);
	});
});

describe('a first page fetched before the screen was drawn', () => {
	const server: FakeServer = {count: 95, pageCap: 100, shift: 0};

	it('is on screen at once, and the next request is for what follows it', () => {
		const state = withInitialPage(
			createPagerState<Row>({rows: 10}),
			{limit: 10, offset: 0},
			answer(server, {offset: 0, limit: 10}),
		);
		expect(position(state)).toMatchObject({number: 1, count: 95});
		expect(visibleRows(state).every((row) => row.record !== undefined)).toBe(true);
		expect(isLoading(state)).toBe(false);
		expect(missingRequests(state).map((request) => request.offset)).not.toContain(0);
	});

	it('is ignored when it is not the request the screen would make first', () => {
		const created = createPagerState<Row>({rows: 10});
		const state = withInitialPage(
			created,
			{limit: 12, offset: 0},
			answer(server, {offset: 0, limit: 12}),
		);
		expect(state).toBe(created);
		expect(missingRequests(state).map((request) => [request.offset, request.limit])).toEqual([
			[0, 10],
		]);
	});
});
