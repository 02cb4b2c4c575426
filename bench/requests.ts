/** What the demo server's request log says about a walk through the list. */
import type {DemoStats} from '../source/demo/index.js';

/** Counts of the list requests of one run. */
export type RequestAnalysis = {
	/** List requests the server received. */
	total: number;
	/** Requests the client gave up before the answer (the server logs them with status 0). */
	cancelled: number;
	/** Requests for an offset + query asked for before in the same run. */
	duplicates: number;
	/** Most requests open at the server at one time. */
	maxInFlight: number;
	/** Screen pages the cursor passed through. */
	pagesViewed: number;
	/** Of those, how many were requested exactly once. */
	pagesRequestedOnce: number;
	/** Requests for offsets that are not the start of a page the cursor passed through. */
	outsideView: number;
};

function single(value: string | string[] | undefined): string {
	return Array.isArray(value) ? (value.at(-1) ?? '') : (value ?? '');
}

/**
 * Reads the server's log for a run in which the cursor went from record index `from` to `to`
 * (0-based, inclusive) on screen pages of `pageRows` records.
 */
export function analyzeRequests(
	stats: DemoStats,
	{pageRows, from, to}: {pageRows: number; from: number; to: number},
): RequestAnalysis {
	const list = stats.log.filter((entry) => entry.path === '/api/workspaces/');
	const seen = new Map<string, number>();
	const offsets = new Map<number, number>();
	for (const entry of list) {
		const {offset, search, sort} = entry.query;
		const key = JSON.stringify([single(offset), single(search), single(sort)]);
		seen.set(key, (seen.get(key) ?? 0) + 1);
		const numeric = Number(single(offset) === '' ? '0' : single(offset));
		offsets.set(numeric, (offsets.get(numeric) ?? 0) + 1);
	}

	const viewed = new Set<number>();
	for (let start = Math.floor(from / pageRows) * pageRows; start <= to; start += pageRows) {
		viewed.add(start);
	}

	let duplicates = 0;
	for (const times of seen.values()) duplicates += times - 1;
	let outsideView = 0;
	for (const [offset, times] of offsets) if (!viewed.has(offset)) outsideView += times;
	return {
		total: list.length,
		cancelled: list.filter((entry) => entry.status === 0).length,
		duplicates,
		maxInFlight: stats.maxInFlight,
		pagesViewed: viewed.size,
		pagesRequestedOnce: [...viewed].filter((start) => offsets.get(start) === 1).length,
		outsideView,
	};
}
