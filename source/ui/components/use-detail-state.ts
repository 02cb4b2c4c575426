/**
 * State of the detail pane: the scroll offset, the first column shown (raw JSON scrolls
 * sideways) and whether raw JSON is shown. A pure reducer plus a hook that binds it; the view
 * passes `maxOffset`/`maxColumn` with each scroll so clamping stays pure.
 */
import {useCallback, useMemo, useReducer} from 'react';

/**
 * The detail pane's state. `source` is the record the offset and column belong to (compared by
 * identity).
 */
export type DetailState = {
	source: unknown;
	offset: number;
	/** The first column shown of each raw JSON line. */
	column: number;
	raw: boolean;
};

/** Actions of `detailReducer`. */
export type DetailAction =
	| {type: 'scroll-by'; source: unknown; delta: number; maxOffset: number}
	| {type: 'scroll-to'; source: unknown; offset: number; maxOffset: number}
	| {type: 'scroll-sideways'; source: unknown; delta: number; maxColumn: number}
	| {type: 'toggle-raw'; source: unknown};

/** The starting state: top of no record, fields view. */
export const initialDetailState: DetailState = {
	source: undefined,
	offset: 0,
	column: 0,
	raw: false,
};

function clamp(value: number, maxOffset: number): number {
	return Math.max(0, Math.min(value, Math.max(0, maxOffset)));
}

/** The offset `state` holds for `source`: a different record starts at the top. */
export function offsetFor(state: DetailState, source: unknown): number {
	return state.source === source ? state.offset : 0;
}

/** The first column `state` holds for `source`: a different record starts at the left. */
export function columnFor(state: DetailState, source: unknown): number {
	return state.source === source ? state.column : 0;
}

/** Pure transition of the detail pane's state. */
export function detailReducer(state: DetailState, action: DetailAction): DetailState {
	switch (action.type) {
		case 'scroll-by': {
			const current = clamp(offsetFor(state, action.source), action.maxOffset);
			return {
				...state,
				source: action.source,
				offset: clamp(current + action.delta, action.maxOffset),
				column: columnFor(state, action.source),
			};
		}
		case 'scroll-to': {
			return {
				...state,
				source: action.source,
				offset: clamp(action.offset, action.maxOffset),
				column: columnFor(state, action.source),
			};
		}
		case 'scroll-sideways': {
			const current = clamp(columnFor(state, action.source), action.maxColumn);
			return {
				...state,
				source: action.source,
				offset: offsetFor(state, action.source),
				column: clamp(current + action.delta, action.maxColumn),
			};
		}
		case 'toggle-raw': {
			return {source: action.source, offset: 0, column: 0, raw: !state.raw};
		}
	}
}

/** What `useDetailState` returns. */
export type DetailStateApi = {
	/** The offset for the current record, not yet clamped to the current line count. */
	offset: number;
	/** The first column shown of raw JSON lines, not yet clamped to the current widths. */
	column: number;
	raw: boolean;
	scrollBy: (delta: number, maxOffset: number) => void;
	/** Moves the raw JSON view `delta` columns sideways (negative: left), within 0…`maxColumn`. */
	scrollSideways: (delta: number, maxColumn: number) => void;
	scrollToStart: () => void;
	scrollToEnd: (maxOffset: number) => void;
	toggleRaw: () => void;
};

/** Options of `useDetailState`. */
export type UseDetailStateOptions = {
	/** The record shown; when its identity changes the pane scrolls back to the top. */
	source: unknown;
};

/** Binds `detailReducer` for one detail pane. */
export function useDetailState({source}: UseDetailStateOptions): DetailStateApi {
	const [state, dispatch] = useReducer(detailReducer, initialDetailState);
	const scrollBy = useCallback(
		(delta: number, maxOffset: number) => {
			dispatch({type: 'scroll-by', source, delta, maxOffset});
		},
		[source],
	);
	const scrollToStart = useCallback(() => {
		dispatch({type: 'scroll-to', source, offset: 0, maxOffset: 0});
	}, [source]);
	const scrollToEnd = useCallback(
		(maxOffset: number) => {
			dispatch({type: 'scroll-to', source, offset: maxOffset, maxOffset});
		},
		[source],
	);
	const scrollSideways = useCallback(
		(delta: number, maxColumn: number) => {
			dispatch({type: 'scroll-sideways', source, delta, maxColumn});
		},
		[source],
	);
	const toggleRaw = useCallback(() => {
		dispatch({type: 'toggle-raw', source});
	}, [source]);
	return useMemo(
		() => ({
			offset: offsetFor(state, source),
			column: columnFor(state, source),
			raw: state.raw,
			scrollBy,
			scrollSideways,
			scrollToStart,
			scrollToEnd,
			toggleRaw,
		}),
		[state, source, scrollBy, scrollSideways, scrollToStart, scrollToEnd, toggleRaw],
	);
}
