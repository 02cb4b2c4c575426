/** Turns the measurements into PASS/MISS rows against the targets, and into Markdown. */
import type {ColdStartResult, StartSample} from './cold-start.js';
import type {ExportSample, ExportSetting} from './export-processes.js';
import type {Machine} from './machine.js';
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
	/** Every load average (1 min) sampled during the run. */
	loads: number[];
	/** Each part is missing when the run left it out (`--only`). */
	coldStart?: ColdStartResult | undefined;
	/** Instrumented starts of the command: where a cold start spends its time. */
	timelines?: StartupTimeline[] | undefined;
	interaction?: InteractionResult | undefined;
	exported?: ExportSetting[] | undefined;
	memory?: MemoryResult | undefined;
};

const verdict = (isMet: boolean): Verdict => (isMet ? 'PASS' : 'MISS');

function percentiles(values: readonly number[]): string {
	const {median: middle, p95} = summarize(values);
	return `p50 ${formatMs(middle)}, p95 ${formatMs(p95)}`;
}

/** Per-round ratios of two paired sample lists (the same rounds), skipping missing values. */
export function pairedRatios(
	numerators: ReadonlyArray<number | undefined>,
	denominators: ReadonlyArray<number | undefined>,
): number[] {
	const ratios: number[] = [];
	for (const [index, numerator] of numerators.entries()) {
		const denominator = denominators[index];
		if (numerator === undefined || denominator === undefined || denominator <= 0) continue;
		ratios.push(numerator / denominator);
	}

	return ratios;
}

/** `3.41× (rounds: 3.2 3.5 …)`: the median paired ratio, then every round's. */
function ratioText(ratios: readonly number[]): string {
	if (ratios.length === 0) return 'n/a';
	return `**${formatRatio(median(ratios))}** (rounds: ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')})`;
}

/** The median CPU time, and its median paired ratio to bare node's when `bare` is given. */
function cpuText(samples: readonly StartSample[], bare?: readonly StartSample[]): string {
	const cpu = samples.map((sample) => sample.cpuMs);
	const known = cpu.filter((value): value is number => value !== undefined);
	if (known.length === 0) return 'CPU n/a';
	const ratios =
		bare === undefined
			? []
			: pairedRatios(
					cpu,
					bare.map((sample) => sample.cpuMs),
				);
	return `CPU median ${formatMs(median(known))}${ratios.length === 0 ? '' : ` (${formatRatio(median(ratios))} bare node's, paired)`}`;
}

/** The load averages seen, as `1.52 (0.84–2.10)`. */
export function loadText(loads: readonly number[]): string {
	if (loads.length === 0) return 'n/a';
	return `median ${median(loads).toFixed(2)} (${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)})`;
}

const startTargets: Record<string, {limit: number; text: string} | undefined> = {
	command: {limit: 3, text: '≤ 3× bare node (median paired ratio)'},
	version: {limit: 1.2, text: '≤ 1.2× bare node (median paired ratio)'},
};

function coldStartRows(coldStart: ColdStartResult): ResultRow[] {
	const [bare, ...others] = coldStart.commands;
	if (bare === undefined) return [];
	const bareWall = summarize(bare.samples.map((sample) => sample.wallMs));
	const rows: ResultRow[] = [
		{
			measure: `1. Cold start: ${bare.label}`,
			result: `median ${formatMs(bareWall.median)}, p95 ${formatMs(bareWall.p95)}; ${cpuText(bare.samples)} (${coldStart.runs} rounds, load ${loadText(coldStart.load)})`,
			target: 'baseline',
		},
	];
	for (const command of others) {
		const wall = summarize(command.samples.map((sample) => sample.wallMs));
		const ratios = pairedRatios(
			command.samples.map((sample) => sample.wallMs),
			bare.samples.map((sample) => sample.wallMs),
		);
		const rss = command.samples
			.map((sample) => sample.peakRss)
			.filter((value): value is number => value !== undefined);
		const target = startTargets[command.name];
		const isReference = command.name.startsWith('reference');
		rows.push({
			measure: `1. Cold start: ${command.label}`,
			result: `${ratioText(ratios)} bare node; median ${formatMs(wall.median)}, p95 ${formatMs(wall.p95)}; ${cpuText(command.samples, bare.samples)}${rss.length === 0 ? '' : `; peak RSS ${formatMegabytes(median(rss))}`}`,
			target: target?.text ?? (isReference ? 'reference' : 'context'),
			verdict: target === undefined ? undefined : verdict(median(ratios) <= target.limit),
		});
	}

	return rows;
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
	const cachedCpu = interaction.cached.cpuMs;
	const rows: ResultRow[] = [
		keyRow(
			`2. Key → frame, cached page (↓/↑ over two loaded pages, keys ${interaction.keyIntervalMs} ms apart)`,
			interaction.cached,
			16,
			'p95 ≤ 16 ms',
		),
		{
			measure: '2. CPU per cached key (the whole process, key to settled frame)',
			result: cachedCpu.length === 0 ? 'n/a' : `${percentiles(cachedCpu)} (n=${cachedCpu.length})`,
			target: 'median ≤ 8 ms',
			verdict: verdict(cachedCpu.length > 0 && median(cachedCpu) <= 8),
		},
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
	const limit = 130 * 1024 * 1024;
	return {
		measure: `4. Peak RSS, ${memory.jumps} random jumps in ${memory.count.toLocaleString('en-US')} records (${memory.keyPresses.toLocaleString('en-US')} key presses)`,
		result: `${formatMegabytes(memory.peakRss)} (VmHWM); RSS ${formatMegabytes(memory.rssAtStart)} at the first page, ${formatMegabytes(memory.rssEarly)} after 30 jumps, ${formatMegabytes(memory.rssAtEnd)} at the end; V8 heap reserved ≤ ${formatMegabytes(memory.heapTotalMax)} (young generation ≤ ${formatMegabytes(memory.youngMax)}, old space ≤ ${formatMegabytes(memory.oldMax)}; largest RSS after jump ${memory.rssMaxAtJump}), live after GC ${formatMegabytes(memory.heapAfterGcStart)} → ${formatMegabytes(memory.heapAfterGcEarly)} (30 jumps) → ${formatMegabytes(memory.heapAfterGcEnd)}`,
		target: '≤ 130 MB',
		verdict: verdict(memory.peakRss <= limit),
	};
}

function known(values: ReadonlyArray<number | undefined>): number[] {
	return values.filter((value): value is number => value !== undefined);
}

function exportSampleText(samples: readonly ExportSample[]): string {
	const wall = samples.map((sample) => sample.wallMs);
	const cpu = known(samples.map((sample) => sample.cpuMs));
	const first = known(samples.map((sample) => sample.firstRequestMs));
	return [
		`median ${formatMs(median(wall))}`,
		cpu.length === 0 ? undefined : `CPU ${formatMs(median(cpu))}`,
		first.length === 0 ? undefined : `first request at ${formatMs(median(first))}`,
	]
		.filter((part) => part !== undefined)
		.join(', ');
}

/** The export targets of the brief, by setting. */
const exportTargets: Array<{
	count: number;
	pageCap: number;
	latencyMs: number;
	check: 'speed-up' | 'ideal';
	limit: number;
}> = [
	{count: 2000, pageCap: 25, latencyMs: 20, check: 'speed-up', limit: 3},
	{count: 2000, pageCap: 100, latencyMs: 0, check: 'speed-up', limit: 1.5},
	{count: 20_000, pageCap: 25, latencyMs: 50, check: 'ideal', limit: 1.2},
];

/** The ideal export time: the first page alone, then the rest six at a time. */
export function idealExportMs(pages: number, latencyMs: number, concurrency = 6): number {
	return (1 + Math.ceil((pages - 1) / concurrency)) * latencyMs;
}

function exportRows(settings: readonly ExportSetting[]): ResultRow[] {
	const rows: ResultRow[] = [];
	const firstRequestRatios: number[] = [];
	for (const setting of settings) {
		const name = `${setting.count.toLocaleString('en-US')} records, page cap ${setting.pageCap}, ${setting.latencyMs} ms latency`;
		const target = exportTargets.find(
			(candidate) =>
				candidate.count === setting.count &&
				candidate.pageCap === setting.pageCap &&
				candidate.latencyMs === setting.latencyMs,
		);
		if (setting.sequential.length > 0) {
			const speedUps = pairedRatios(
				setting.sequential.map((sample) => sample.wallMs),
				setting.command.map((sample) => sample.wallMs),
			);
			firstRequestRatios.push(
				...pairedRatios(
					setting.command.map((sample) => sample.firstRequestMs),
					setting.sequential.map((sample) => sample.firstRequestMs),
				),
			);
			rows.push(
				{
					measure: `5. Export (${name}): the minimal sequential \`fetch\` script, whole process`,
					result: `${exportSampleText(setting.sequential)} (${setting.sequential.length} rounds)`,
					target: 'baseline',
				},
				{
					measure: `5. Export (${name}): \`node dist/cli.js --json\`, whole process`,
					result: `${ratioText(speedUps)} faster than the loop; ${exportSampleText(setting.command)}`,
					target:
						target === undefined ? 'context' : `≥ ${target.limit}× the loop (median paired ratio)`,
					verdict: target === undefined ? undefined : verdict(median(speedUps) >= target.limit),
				},
			);
			continue;
		}

		const pages = Math.ceil(setting.count / setting.pageCap);
		const ideal = idealExportMs(pages, setting.latencyMs);
		const ratio = median(setting.command.map((sample) => sample.wallMs)) / ideal;
		rows.push({
			measure: `5. Export (${name}): \`node dist/cli.js --json\`, whole process, against the ideal (1 + ⌈(${pages} − 1) / 6⌉) × ${setting.latencyMs} ms = ${formatMs(ideal)}`,
			// Three decimals: the limit is often within a hundredth of the measured ratio.
			result: `${formatRatio(ratio, 3)} the ideal; ${exportSampleText(setting.command)} (${setting.command.length} runs)`,
			target: target === undefined ? 'context' : `≤ ${target.limit}× the ideal`,
			verdict: target === undefined ? undefined : verdict(ratio <= target.limit),
		});
	}

	if (firstRequestRatios.length > 0) {
		rows.push({
			measure:
				'5. Export: when the first request is created, `--json` against the sequential script (each on its own clock)',
			result: `${ratioText(firstRequestRatios)} the script's`,
			target: '≤ 1.3× (median paired ratio)',
			verdict: verdict(median(firstRequestRatios) <= 1.3),
		});
	}

	return rows;
}

/** The results table's rows, in the order of the brief. */
export function evaluate(results: BenchResults): ResultRow[] {
	const {coldStart, timelines, interaction, memory, exported} = results;
	return [
		...(coldStart === undefined ? [] : coldStartRows(coldStart)),
		...(timelines === undefined ? [] : [timelineRow(timelines)]),
		...(interaction === undefined
			? []
			: [
					...interactionRows(interaction),
					walkRow(interaction.walk),
					...interaction.holds.map((hold) => holdRow(hold)),
				]),
		...(memory === undefined ? [] : [memoryRow(memory)]),
		...(exported === undefined ? [] : exportRows(exported)),
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
		`- Load average (1 min): ${machine.load} at the start, ${results.loadAtEnd} at the end, ${loadText(results.loads)} over the run`,
		'',
		resultsTable(rows),
	].join('\n');
}
