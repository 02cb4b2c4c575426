/**
 * Probe: peak memory of the browser screen while jumping to random records of a 1,000,000-record
 * list for 2,000 key presses (a jump is the record number typed digit by digit, then Enter; each
 * waits for its page), in a process of its own.
 */
import {readFileSync} from 'node:fs';
import {getHeapSpaceStatistics} from 'node:v8';
import {keys, mountBrowser, settle, showsLoaded} from '../browser-harness.js';
import {runAsProbe} from '../server-link.js';

/** What the memory probe measured, in bytes. */
export type MemoryResult = {
	count: number;
	/** Jumps made, each to a random record and each waiting for its page. */
	jumps: number;
	/** Keys typed in all (digits and Enter). */
	keyPresses: number;
	/** Resident set size once the first page showed. */
	rssAtStart: number;
	/** After the first 30 jumps, when the page cache is long full. */
	rssEarly: number;
	rssAtEnd: number;
	/** Largest RSS sampled after a jump. */
	rssMaxSampled: number;
	/** Largest V8 heap reserved (heapTotal) and largest memory outside it (external), sampled. */
	heapTotalMax: number;
	externalMax: number;
	/**
	 * Of the heap reserved, the largest young generation (V8's new space, both semi-spaces) and
	 * old space sampled: the young generation grows to a fixed cap under a steady allocation rate,
	 * the old space with what survives it until a full collection.
	 */
	youngMax: number;
	oldMax: number;
	/** The jump after which the largest RSS was sampled (1-based). */
	rssMaxAtJump: number;
	/** The kernel's peak RSS of the process (VmHWM), the figure the target is about. */
	peakRss: number;
	/** Heap in use after a full GC at the start, after 30 jumps and at the end: steady growth
	 * after the first jumps is memory kept for good. */
	heapAfterGcStart: number;
	heapAfterGcEarly: number;
	heapAfterGcEnd: number;
	durationMs: number;
};

const count = 1_000_000;
const keyPressBudget = 2000;
// Memory after this many jumps (the page cache holds 20 pages, so it is long full) is compared
// with the end to show whether memory keeps growing.
const earlyJumps = 30;

/** The committed size of V8 heap space `name` (`new_space`, `old_space`), in bytes. */
function heapSpaceSize(name: string): number {
	return getHeapSpaceStatistics().find((space) => space.space_name === name)?.space_size ?? 0;
}

/** Peak resident set size from /proc/self/status (VmHWM), or the current RSS off Linux. */
function peakResidentBytes(): number {
	try {
		const status = readFileSync('/proc/self/status', 'utf8');
		const kilobytes = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
		if (kilobytes !== undefined) return Number(kilobytes) * 1024;
	} catch {
		// Not Linux: fall back to the sampled maximum.
	}

	return process.memoryUsage().rss;
}

function heapAfterGc(): number {
	// Exposed by --expose-gc, which the main process passes; without it the figure is noisier.
	const collect = (globalThis as {gc?: () => void}).gc;
	collect?.();
	return process.memoryUsage().heapUsed;
}

/** A small deterministic generator (mulberry32) so every run jumps to the same records. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

runAsProbe(async (link): Promise<MemoryResult> => {
	await link.setServerOptions({count, latencyMs: 0});
	const harness = mountBrowser({baseUrl: link.baseUrl, token: link.token});
	await harness.waitForFrame(showsLoaded(1, count));
	await settle();
	const heapAfterGcStart = heapAfterGc();
	const rssAtStart = process.memoryUsage().rss;
	const random = seededRandom(20_261_127);
	const start = performance.now();
	let rssEarly = 0;
	let heapAfterGcEarly = 0;
	let rssMaxSampled = rssAtStart;
	let heapTotalMax = 0;
	let externalMax = 0;
	let youngMax = 0;
	let oldMax = 0;
	let rssMaxAtJump = 0;
	let keyPresses = 0;
	let jumps = 0;
	while (keyPresses < keyPressBudget) {
		const index = Math.floor(random() * count);
		for (const digit of String(index + 1)) {
			harness.press(digit);
			keyPresses += 1;
			await settle();
		}

		const since = harness.press(keys.enter);
		keyPresses += 1;
		await harness.waitForFrame(showsLoaded(index + 1, count), {since});
		await settle();
		const {rss, heapTotal, external} = process.memoryUsage();
		jumps += 1;
		if (rss > rssMaxSampled) rssMaxAtJump = jumps;
		rssMaxSampled = Math.max(rssMaxSampled, rss);
		heapTotalMax = Math.max(heapTotalMax, heapTotal);
		externalMax = Math.max(externalMax, external);
		youngMax = Math.max(youngMax, heapSpaceSize('new_space'));
		oldMax = Math.max(oldMax, heapSpaceSize('old_space'));
		if (jumps === earlyJumps) {
			rssEarly = rss;
			heapAfterGcEarly = heapAfterGc();
		}
	}

	const durationMs = performance.now() - start;
	const rssAtEnd = process.memoryUsage().rss;
	const peakRss = Math.max(peakResidentBytes(), rssMaxSampled);
	harness.unmount();
	return {
		count,
		jumps,
		keyPresses,
		rssAtStart,
		rssEarly,
		rssAtEnd,
		rssMaxSampled,
		heapTotalMax,
		externalMax,
		youngMax,
		oldMax,
		rssMaxAtJump,
		peakRss,
		heapAfterGcStart,
		heapAfterGcEarly,
		heapAfterGcEnd: heapAfterGc(),
		durationMs,
	};
});
