/**
 * The full records of a level for its detail pane: the selected record's is loaded once the
 * cursor has rested on it for a moment (so holding ↓ sends no request), at once when asked, and
 * kept per id so coming back to a record shows it without asking again.
 */
import {useCallback, useEffect, useEffectEvent, useState} from 'react';
import type {JsonObject, RequestOptions} from '../../api/types.js';
import type {Clock} from '../../clock.js';
import type {DetailStatus} from '../components/detail-pane.js';
import type {RecordId} from '../resources.js';

/** What is known of one record's full version. */
export type DetailFetch = {
	status: Exclude<DetailStatus, 'idle'>;
	record?: JsonObject;
	error?: string;
};

/** Loaded full records by id (as a string), kept while the level lives and when it is left. */
export type DetailCache = ReadonlyMap<string, DetailFetch>;

/** Options of {@link useRecordDetails}. */
export type UseRecordDetailsOptions = {
	fetchRecord: (id: RecordId, options: RequestOptions) => Promise<JsonObject>;
	/** The selected record's id, when it has a usable one. */
	selectedId: RecordId | undefined;
	/** Whether the detail is on screen: only then does a resting cursor load the record. */
	isShown: boolean;
	/** How long the cursor must rest before the record is loaded. */
	restMs: number;
	/** Times that rest; tests pass a manual clock. */
	clock: Clock;
	/** Records a level loaded before it was left. */
	initialCache?: DetailCache;
};

/** What {@link useRecordDetails} returns. */
export type RecordDetails = {
	/** The selected record's full version, when asked for. */
	selected: DetailFetch | undefined;
	cache: DetailCache;
	/** Loads the selected record now (Enter); `force` asks again even when it is cached (refresh). */
	loadNow: (force?: boolean) => void;
};

const maxCachedRecords = 200;

/** See the module comment. */
export function useRecordDetails({
	fetchRecord,
	selectedId,
	isShown,
	restMs,
	clock,
	initialCache,
}: UseRecordDetailsOptions): RecordDetails {
	const [cache, setCache] = useState<DetailCache>(() => initialCache ?? new Map());
	const [request, setRequest] = useState<{id: RecordId; serial: number} | undefined>(undefined);
	const key = selectedId === undefined ? undefined : String(selectedId);
	const selected = key === undefined ? undefined : cache.get(key);
	// A load cut short stays `loading` in the cache: only a loaded record needs no request.
	const isCached = selected?.status === 'loaded';
	const fetchNow = useEffectEvent((id: RecordId, signal: AbortSignal) => fetchRecord(id, {signal}));

	const store = useCallback((id: RecordId, fetched: DetailFetch) => {
		setCache((current) => {
			const next = new Map(current);
			next.delete(String(id));
			next.set(String(id), fetched);
			while (next.size > maxCachedRecords) {
				const oldest = next.keys().next().value;
				if (oldest === undefined) break;
				next.delete(oldest);
			}

			return next;
		});
	}, []);

	const ask = useCallback(
		(id: RecordId) => {
			store(id, {status: 'loading'});
			setRequest((previous) => ({id, serial: (previous?.serial ?? 0) + 1}));
		},
		[store],
	);

	const requestedId = request?.id;
	const isRunning =
		requestedId !== undefined && requestedId === selectedId && selected?.status === 'loading';

	// The resting cursor: a move cancels the wait; a cached record needs none.
	useEffect(() => {
		if (!isShown || selectedId === undefined || isCached || isRunning) return undefined;
		const handle = clock.setTimeout(() => {
			ask(selectedId);
		}, restMs);
		return () => {
			clock.clearTimeout(handle);
		};
	}, [isShown, selectedId, isCached, isRunning, restMs, clock, ask]);

	useEffect(() => {
		if (request === undefined) return undefined;
		const controller = new AbortController();
		const {signal} = controller;
		const {id} = request;
		let promise: Promise<JsonObject>;
		try {
			promise = fetchNow(id, signal);
		} catch (error) {
			promise = Promise.reject(error instanceof Error ? error : new Error(String(error)));
		}

		promise.then(
			(record) => {
				if (!signal.aborted) store(id, {status: 'loaded', record});
			},
			(error: unknown) => {
				if (signal.aborted) return;
				const message = error instanceof Error ? error.message : 'Could not load the record.';
				store(id, {status: 'error', error: message});
			},
		);
		return () => {
			controller.abort();
		};
	}, [request, store]);

	// Moving on from a record whose load is still running cancels it.
	useEffect(() => {
		if (requestedId !== undefined && requestedId !== selectedId) setRequest(undefined);
	}, [requestedId, selectedId]);

	const loadNow = useCallback(
		(force = false) => {
			if (selectedId === undefined) return;
			if (!force && (isCached || isRunning)) return;
			ask(selectedId);
		},
		[selectedId, isCached, isRunning, ask],
	);

	return {selected, cache, loadNow};
}
