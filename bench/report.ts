/** Turns the measurements into PASS/MISS rows against the targets, and into Markdown. */
import type {ColdStartResult} from './cold-start.js';
import type {Machine} from './machine.js';
import type {ExportResult} from './probes/export.js';
import type {InteractionResult, KeySamples, RequestRun} from './probes/interaction.js';
import type {MemoryResult} from './probes/memory.js';
import type {StartupTimeline} from './startup-timeline.js';
import {formatMegabytes, formatMs, formatRatio, median, summarize} from './statistics.js';

/** Whether a target was met. */
export type Verdict = 'PASS' | 'MISS';

/** One line of the results table; rows without a verdict are context for the ones with. */
export type ResultRow = {
	measure: string;
	result: string;
	target: string;
	verdict?: Verdict;
};

/** Everything one benchmark run measured. */
export type BenchResults = {
	startedAt: Date;
	durationMs: number;
	command: string;
	/** The code measured, such as `commit 6d98d17`. */
	revision: string;
	machine: Machine;
	loadAtEnd: string;
	coldStart: ColdStartResult;
	/** Instrumented starts of the command: where a cold start spends its time. */
	timelines: StartupTimeline[];
	interaction: InteractionResult;
	exported: ExportResult;
	memory: MemoryResult;
};

const verdict = (isMet: boolean): Verdict => (isMet ? 'PASS' : 'MISS');

function percentiles(values: readonly number[]): string {
	const {median: middle, p95} = summarize(values);
	return `p50 ${formatMs(middle)}, p95 ${formatMs(p95)}`;
}

function coldStartRows(coldStart: ColdStartResult, count: number): ResultRow[] {
	const bare = summarize(coldStart.bareNode);
	const command = summarize(coldStart.command);
	const demo = summarize(coldStart.demo);
	const ratio = command.median / bare.median;
	const runs = `${coldStart.runs} runs`;
	const rss =
		coldStart.commandPeakRss.length === 0
			? ''
			: `; peak RSS at that frame ${formatMegabytes(median(coldStart.commandPeakRss))}`;
	return [
		{
			measure: '1. Cold start: `node -e ""` in a pty, to exit',
			result: `median ${formatMs(bare.median)}, p95 ${formatMs(bare.p95)} (${runs})`,
			target: 'baseline',
		},
		{
			measure: `1. Cold start: \`node dist/cli.js --base-url …\` in a pty, to \`1 of ${count.toLocaleString('en-US')}\``,
			result: `median ${formatMs(command.median)}, p95 ${formatMs(command.p95)}; ${formatRatio(ratio)} bare node${rss}`,
			target: '≤ 3× bare node (medians)',
			verdict: verdict(ratio <= 3),
		},
		{
			measure: '1. Cold start: `node dist/cli.js --demo` (embedded server), to `1 of 240`',
			result: `median ${formatMs(demo.median)}, p95 ${formatMs(demo.p95)}; ${formatRatio(demo.median / bare.median)} bare node`,
			target: '≤ 3× bare node (medians)',
			verdict: verdict(demo.median / bare.median <= 3),
		},
	];
}

/** The median of one step over the timelines that saw it, as `123 ms`, or `n/a`. */
function step(
	timelines: readonly StartupTimeline[],
	pick: (timeline: StartupTimeline) => number | undefined,
): string {
	const values = timelines.map(pick).filter((value): value is number => value !== undefined);
	return values.length === 0 ? 'n/a' : `${Math.round(median(values))} ms`;
}

function timelineRow(timelines: readonly StartupTimeline[]): ResultRow {
	return {
		measure: `1. Where the command's cold start goes (its own clock from process start, median of ${timelines.length} instrumented runs)`,
		result: [
			`Node ready ${step(timelines, (timeline) => timeline.nodeReady)}`,
			`ink's layout engine loaded ${step(timelines, (timeline) => timeline.layoutEngineReady)}`,
			`first output ${step(timelines, (timeline) => timeline.firstOutput)}`,
			`loading frame ${step(timelines, (timeline) => timeline.firstFrame)}`,
			`list request ${step(timelines, (timeline) => timeline.requestStart)} → ${step(timelines, (timeline) => timeline.requestEnd)}`,
			`frame with data ${step(timelines, (timeline) => timeline.dataFrame)}`,
		].join(' · '),
		target: 'context',
	};
}

function keyRow(
	measure: string,
	samples: KeySamples,
	limitMs: number,
	targetText: string,
): ResultRow {
	const {p95} = summarize(samples.toLoaded);
	const excluded = samples.excluded > 0 ? `; ${samples.excluded} presses excluded` : '';
	const request =
		samples.toRequestStart.length === 0
			? ''
			: `; request sent after ${formatMs(median(samples.toRequestStart))}, answered after ${formatMs(median(samples.toRequestEnd))} (medians)`;
	return {
		measure,
		result: `${percentiles(samples.toLoaded)} (n=${samples.toLoaded.length}); first frame with the new position ${percentiles(samples.toPosition)}${request}${excluded}`,
		target: targetText,
		verdict: verdict(p95 <= limitMs),
	};
}

function interactionRows(interaction: InteractionResult): ResultRow[] {
	const rows: ResultRow[] = [
		keyRow(
			`2. Key → frame, cached page (↓/↑ over two loaded pages, keys ${interaction.keyIntervalMs} ms apart)`,
			interaction.cached,
			16,
			'p95 ≤ 16 ms',
		),
	];
	for (const {latencyMs, samples} of interaction.uncached) {
		rows.push(
			keyRow(
				`2. Key → frame with rows, uncached page (PgDn), ${latencyMs} ms server latency`,
				samples,
				latencyMs + 30,
				`p95 ≤ ${latencyMs + 30} ms`,
			),
		);
	}

	return rows;
}

function requestText(run: RequestRun): string {
	const {requests} = run;
	return `${requests.total} requests for ${requests.pagesViewed} pages (${requests.pagesRequestedOnce} asked exactly once, ${requests.outsideView} elsewhere), ${requests.duplicates} duplicates, ${requests.cancelled} cancelled, at most ${requests.maxInFlight} in flight`;
}

function walkRow(walk: RequestRun): ResultRow {
	const {requests} = walk;
	const isOnePerPage =
		requests.duplicates === 0 &&
		requests.pagesRequestedOnce === requests.pagesViewed &&
		requests.total - requests.outsideView === requests.pagesViewed &&
		// The only other request allowed is the prefetch of the page after the last one.
		requests.outsideView <= 1;
	return {
		measure: `3. ↓ walk over ${(walk.to - walk.from + 1).toLocaleString('en-US')} records (${walk.presses} presses, ${Math.round(1000 / walk.intervalMs)}/s, ${walk.latencyMs} ms latency, ${walk.pageRows}-row pages)`,
		result: `${requestText(walk)}; key → frame ${percentiles(walk.keyToFrame)}`,
		target: 'one request per page, no duplicates',
		verdict: verdict(isOnePerPage),
	};
}

function holdRow(hold: RequestRun): ResultRow {
	return {
		measure: `3. PgDn held across ${hold.presses} pages (${Math.round(1000 / hold.intervalMs)}/s, ${hold.latencyMs} ms latency)`,
		result: `${requestText(hold)}; last page on screen after ${formatMs(hold.durationMs)}`,
		target: '≤ 2 in flight',
		verdict: verdict(hold.requests.maxInFlight <= 2),
	};
}

function memoryRow(memory: MemoryResult): ResultRow {
	const limit = 150 * 1024 * 1024;
	return {
		measure: `4. Peak RSS, ${memory.jumps} random jumps in ${memory.count.toLocaleString('en-US')} records (${memory.keyPresses.toLocaleString('en-US')} key presses)`,
		result: `${formatMegabytes(memory.peakRss)} (VmHWM); RSS ${formatMegabytes(memory.rssAtStart)} at the first page, ${formatMegabytes(memory.rssEarly)} after 30 jumps, ${formatMegabytes(memory.rssAtEnd)} at the end; V8 heap reserved ≤ ${formatMegabytes(memory.heapTotalMax)}, live after GC ${formatMegabytes(memory.heapAfterGcStart)} → ${formatMegabytes(memory.heapAfterGcEarly)} (30 jumps) → ${formatMegabytes(memory.heapAfterGcEnd)}`,
		target: '≤ 150 MB',
		verdict: verdict(memory.peakRss <= limit),
	};
}

function exportRows(exported: ExportResult): ResultRow[] {
	const sequential = median(exported.sequential.map((run) => run.elapsedMs));
	const concurrent = median(exported.concurrent.map((run) => run.elapsedMs));
	const pages = Math.ceil(exported.count / exported.pageCap);
	const ideal = (pages * exported.latencyMs) / exported.concurrency;
	const inFlight = Math.max(...exported.concurrent.map((run) => run.maxInFlight));
	const requests = exported.concurrent[0]?.requests ?? 0;
	const setting = `${exported.count.toLocaleString('en-US')} records, ${exported.latencyMs} ms latency, page cap ${exported.pageCap}`;
	return [
		{
			measure: `5. Export (${setting}): sequential page-by-page loop`,
			result: `median ${formatMs(sequential)} of ${exported.sequential.length} (${exported.sequential[0]?.requests ?? 0} requests)`,
			target: 'baseline',
		},
		{
			measure: `5. Export: \`runExport\`, concurrency ${exported.concurrency}`,
			result: `median ${formatMs(concurrent)} of ${exported.concurrent.length} (${requests} requests, at most ${inFlight} in flight); ${formatRatio(sequential / concurrent)} faster`,
			target: '≥ 4× faster than sequential',
			verdict: verdict(sequential / concurrent >= 4),
		},
		{
			measure: `5. Export against the ideal (${pages} pages × ${exported.latencyMs} ms ÷ ${exported.concurrency} = ${formatMs(ideal)})`,
			// Three decimals: the limit is often within a hundredth of the measured ratio.
			result: `${formatRatio(concurrent / ideal, 3)} the ideal`,
			target: '≤ 1.3× ideal',
			verdict: verdict(concurrent / ideal <= 1.3),
		},
	];
}

/** The results table's rows, in the order of the brief. */
export function evaluate(results: BenchResults): ResultRow[] {
	return [
		...coldStartRows(results.coldStart, results.interaction.count),
		timelineRow(results.timelines),
		...interactionRows(results.interaction),
		walkRow(results.interaction.walk),
		...results.interaction.holds.map((hold) => holdRow(hold)),
		memoryRow(results.memory),
		...exportRows(results.exported),
	];
}

function escapeCell(text: string): string {
	return text.replaceAll('|', '\\|');
}

/** A Markdown table of the rows, padded so it also reads well in a terminal. */
export function resultsTable(rows: readonly ResultRow[]): string {
	const cells = rows.map((row) => [
		row.verdict ?? '',
		escapeCell(row.measure),
		escapeCell(row.result),
		escapeCell(row.target),
	]);
	const header = ['', 'Measure', 'Result', 'Target'];
	const widths = header.map((title, column) =>
		Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
	);
	const line = (values: readonly string[]) =>
		`| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(' | ')} |`;
	return [
		line(header),
		line(widths.map((width) => '-'.repeat(Math.max(3, width)))),
		...cells.map((values) => line(values)),
	].join('\n');
}

/** The generated part of docs/benchmarks.md: when, how, where, and the table. */
export function resultsSection(results: BenchResults, rows: readonly ResultRow[]): string {
	const {machine} = results;
	const misses = rows.filter((row) => row.verdict === 'MISS').length;
	const passes = rows.filter((row) => row.verdict === 'PASS').length;
	return [
		`Run on ${results.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${results.command}\`; the whole run took ${(results.durationMs / 1000).toFixed(0)} s. ${passes} targets met, ${misses} missed.`,
		'',
		`- Code: ${results.revision}`,
		`- CPU: ${machine.cpu}, ${machine.cores} cores`,
		`- Memory: ${machine.memory}`,
		`- Node: ${machine.node}`,
		`- OS: ${machine.os}`,
		`- Load average (1 min): ${machine.load} at the start, ${results.loadAtEnd} at the end`,
		'',
		resultsTable(rows),
	].join('\n');
}
