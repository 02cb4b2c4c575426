/**
 * Binds the paging model to a page fetcher: starts the requests the model plans, one
 * AbortController each, aborts the ones it no longer wants, and feeds answers, failures and
 * retry announcements back as actions. Everything is aborted on unmount.
 */
import {useCallback, useEffect, useEffectEvent, useMemo, useReducer, useRef, useState} from 'react';
import {failureFacts} from '../../api/errors.js';
import {systemClock, type Clock} from '../../clock.js';
import type {JsonObject, ListQuery, Page, PageFetcher, Workspace} from '../../api/types.js';
import {
	createPagerState,
	isLoading,
	isViewStale,
	pagerReducer,
	planRequests,
	position,
	selectedRecord,
	viewError,
	visibleRows,
	withInitialPage,
	type ListChange,
	type PagerAction,
	type PagerQuery,
	type PagerState,
	type PlannedRequest,
	type Position,
	type VisibleRow,
} from '../../paging/pager.js';

export type {PageFetcher} from '../../api/types.js';

/** Options of `usePager`. */
export type UsePagerOptions<T extends JsonObject = Workspace> = {
	fetchPage: PageFetcher<T>;
	/** Records per screen page; a change is applied as a resize that keeps the selected record. */
	rows: number;
	/** An explicit request size; defaults to `rows`. */
	limit?: number;
	/** The search and sort to start with. */
	search?: string;
	sort?: string;
	/**
	 * Key-repeat bursts: a move within this many ms of the previous one waits until the keys
	 * have been quiet this long before starting requests. The first move fetches at once.
	 * Default 25.
	 */
	coalesceMs?: number;
	/** Cached pages kept at most. Default 20. */
	maxPages?: number;
	/** A first page fetched before the screen was drawn, shown at once instead of requested. */
	initialPage?: {query: ListQuery; page: Page<T>};
	/**
	 * A state to resume (a level shown again): its cached pages, cursor and query are used as
	 * they are; `rows`, `search`, `sort` and `initialPage` are then ignored. Must hold no request
	 * in flight (see `settledPagerState`).
	 */
	initialState?: PagerState<T>;
	/**
	 * Time for the key-repeat pause, the throttle's end and the retry countdown. Default the
	 * system clock; tests pass a manual one.
	 */
	clock?: Clock;
};

/** An automatic retry in progress, for a `retrying in 3 s` countdown. */
export type RetryCountdown = {
	secondsLeft: number;
	reason: string;
	attempt: number;
	maxAttempts: number;
	status?: number;
};

/** What `usePager` returns: the list as the screen shows it, and what the user can do with it. */
export type Pager<T extends JsonObject = Workspace> = {
	state: PagerState<T>;
	rows: Array<VisibleRow<T>>;
	position: Position;
	/** The selected record, when its page is loaded (possibly stale). */
	selected: T | undefined;
	query: PagerQuery;
	isLoading: boolean;
	/** Rows on screen are from before a refresh that has not succeeded (yet). */
	isStale: boolean;
	/** Why rows on screen are missing or stale; `refresh()` tries again. */
	error: Error | undefined;
	/** The server answered 429; prefetch is paused until a request succeeds or its wait is over. */
	isThrottled: boolean;
	retry: RetryCountdown | undefined;
	listChange: ListChange | undefined;
	moveBy: (delta: number) => void;
	movePage: (delta: number) => void;
	moveToFirst: () => void;
	moveToLast: () => void;
	/** Selects the record at a 0-based index (clamped to the list). */
	jumpTo: (index: number) => void;
	/** Fetches what is on screen again, keeping the selected record by id where it still exists. */
	refresh: () => void;
	/** A new search and/or sort: back to the first record, older answers dropped. */
	setQuery: (query: PagerQuery) => void;
	resize: (rows: number) => void;
	dismissNotice: () => void;
};

/**
 * `state` without its requests in flight, as a level keeps it while it is not shown: its
 * requests are aborted when it is left, and their answers must not be waited for.
 */
export function settledPagerState<T extends JsonObject>(state: PagerState<T>): PagerState<T> {
	if (state.inFlight.size === 0) return state;
	return pagerReducer(state, {type: 'requests-cancelled', requestIds: [...state.inFlight.keys()]});
}

const defaultCoalesceMs = 25;
const countdownTickMs = 250;
const longestTimerMs = 2 ** 31 - 1;

type NavigationClock = {at: number; isBurst: boolean};

/** The list model bound to `fetchPage`; see the module comment. */
export function usePager<T extends JsonObject = Workspace>(options: UsePagerOptions<T>): Pager<T> {
	const {fetchPage, rows, limit, search, sort, maxPages, initialPage, initialState} = options;
	const coalesceMs = options.coalesceMs ?? defaultCoalesceMs;
	const clock = options.clock ?? systemClock;
	const [state, dispatch] = useReducer(
		pagerReducer<T>,
		{rows, limit, search, sort, maxPages},
		(initial) => {
			if (initialState !== undefined) return initialState;
			const created = createPagerState<T>(initial);
			return initialPage === undefined
				? created
				: withInitialPage(created, initialPage.query, initialPage.page);
		},
	);
	const controllers = useRef(new Map<number, AbortController>());
	// A resumed state remembers the request its count came from: new ids must come after it.
	const nextRequestId = useRef(Math.max(1, (initialState?.countRequestId ?? 0) + 1));
	const navigation = useRef<NavigationClock>({at: Number.NEGATIVE_INFINITY, isBurst: false});
	const [wake, setWake] = useState(0);
	const [now, setNow] = useState(() => clock.now());

	const startRequest = useEffectEvent((planned: PlannedRequest) => {
		const requestId = nextRequestId.current++;
		const controller = new AbortController();
		const {signal} = controller;
		controllers.current.set(requestId, controller);
		dispatch({type: 'request-started', request: {...planned, requestId}});
		const query: ListQuery = {
			limit: planned.limit,
			offset: planned.offset,
			search: planned.query.search,
			sort: planned.query.sort,
		};
		const settled = (action: PagerAction<T>) => {
			controllers.current.delete(requestId);
			if (!signal.aborted) dispatch(action);
		};

		let promise: Promise<Page<T>>;
		try {
			promise = fetchPage(query, {
				signal,
				onRetry(event) {
					if (!signal.aborted) {
						dispatch({type: 'request-retrying', requestId, event, at: clock.now()});
					}
				},
			});
		} catch (error) {
			promise = Promise.reject(error instanceof Error ? error : new Error(String(error)));
		}

		promise.then(
			(page) => {
				settled({type: 'page-loaded', requestId, page});
			},
			(error: unknown) => {
				settled({type: 'page-failed', requestId, error, at: clock.now(), ...failureFacts(error)});
			},
		);
	});

	useEffect(() => {
		const plan = planRequests(state);
		if (plan.cancel.length > 0) {
			for (const requestId of plan.cancel) {
				controllers.current.get(requestId)?.abort();
				controllers.current.delete(requestId);
			}

			dispatch({type: 'requests-cancelled', requestIds: plan.cancel});
		}

		if (plan.start.length === 0) return undefined;
		const quietAt = navigation.current.at + coalesceMs;
		const waitMs = quietAt - clock.now();
		if (navigation.current.isBurst && waitMs > 0) {
			// Keys are repeating: start requests only for where the burst ends.
			const timer = clock.setTimeout(() => {
				setWake((count) => count + 1);
			}, waitMs);
			return () => {
				clock.clearTimeout(timer);
			};
		}

		for (const planned of plan.start) startRequest(planned);
		return undefined;
	}, [state, wake, coalesceMs, clock]);

	useEffect(() => {
		const running = controllers.current;
		return () => {
			for (const controller of running.values()) controller.abort();
			running.clear();
		};
	}, []);

	useEffect(() => {
		dispatch({type: 'resize', rows});
	}, [rows]);

	const {isThrottled, throttledUntil} = state;
	useEffect(() => {
		if (!isThrottled || throttledUntil === undefined) return undefined;
		const timer = clock.setTimeout(
			() => {
				dispatch({type: 'throttle-elapsed', until: throttledUntil});
			},
			// A Retry-After date years ahead must not overflow the timer into firing at once.
			Math.min(longestTimerMs, Math.max(0, throttledUntil - clock.now())),
		);
		return () => {
			clock.clearTimeout(timer);
		};
	}, [isThrottled, throttledUntil, clock]);

	useEffect(() => {
		if (state.retry === undefined) return undefined;
		let timer: unknown;
		const tick = () => {
			setNow(clock.now());
			timer = clock.setTimeout(tick, countdownTickMs);
		};

		timer = clock.setTimeout(tick, countdownTickMs);
		return () => {
			clock.clearTimeout(timer);
		};
	}, [state.retry, clock]);

	const navigate = useCallback(
		(action: PagerAction<T>) => {
			const at = clock.now();
			navigation.current = {at, isBurst: at - navigation.current.at < coalesceMs};
			dispatch(action);
		},
		[coalesceMs, clock],
	);

	const actions = useMemo(
		() => ({
			moveBy(delta: number) {
				navigate({type: 'move', delta});
			},
			movePage(delta: number) {
				navigate({type: 'move-page', delta});
			},
			moveToFirst() {
				navigate({type: 'move-first'});
			},
			moveToLast() {
				navigate({type: 'move-last'});
			},
			jumpTo(index: number) {
				navigate({type: 'jump', index});
			},
			refresh() {
				// A refresh is asked for on purpose: it must not wait out a key-repeat burst before it.
				navigation.current = {at: Number.NEGATIVE_INFINITY, isBurst: false};
				dispatch({type: 'refresh'});
			},
			setQuery(query: PagerQuery) {
				dispatch({type: 'set-query', query});
			},
			resize(nextRows: number) {
				dispatch({type: 'resize', rows: nextRows});
			},
			dismissNotice() {
				dispatch({type: 'dismiss-notice'});
			},
		}),
		[navigate],
	);

	const {retry} = state;
	return useMemo(() => {
		const countdown: RetryCountdown | undefined =
			retry === undefined
				? undefined
				: {
						secondsLeft: Math.max(
							0,
							Math.ceil((retry.at + retry.delayMs - Math.max(now, retry.at)) / 1000),
						),
						reason: retry.reason,
						attempt: retry.attempt,
						maxAttempts: retry.maxAttempts,
						status: retry.status,
					};
		return {
			state,
			rows: visibleRows(state),
			position: position(state),
			selected: selectedRecord(state),
			query: state.query,
			// Rows on screen waiting out a key-repeat burst are loading too, from the first frame.
			isLoading:
				isLoading(state) || planRequests(state).start.some((planned) => planned.purpose === 'view'),
			isStale: isViewStale(state),
			error: viewError(state),
			isThrottled: state.isThrottled,
			retry: countdown,
			listChange: state.listChange,
			...actions,
		};
	}, [state, retry, now, actions]);
}
