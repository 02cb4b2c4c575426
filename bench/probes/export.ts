/**
 * Probe: the NDJSON export of 10,000 records at 20 ms latency and a page cap of 100, against a
 * plain page-by-page loop (what `gh api --paginate` does), alternating, in the same process.
 */
import {performance} from 'node:perf_hooks';
import {Writable} from 'node:stream';
import {createClient, listWorkspaces} from '../../source/api/index.js';
import {runExport, toNdjsonLine} from '../../source/commands/export.js';
import type {PageFetcher} from '../../source/export/ordered-pages.js';
import {runAsProbe, type ParentLink} from '../server-link.js';

/** One timed export. */
export type ExportRun = {
	elapsedMs: number;
	records: number;
	requests: number;
	maxInFlight: number;
};

/** What the export probe measured. */
export type ExportResult = {
	count: number;
	pageCap: number;
	latencyMs: number;
	concurrency: number;
	sequential: ExportRun[];
	concurrent: ExportRun[];
};

const count = 10_000;
const pageCap = 100;
const latencyMs = 20;
// runExport's default (source/export/ordered-pages.ts) and the CLI's `--concurrency` default.
const concurrency = 6;
const rounds = 3;

/** A sink that drops what is written: the export's own cost, without a consumer's. */
function discardingSink(): Writable {
	return new Writable({
		write(_chunk, _encoding, callback) {
			callback();
		},
	});
}

/** The baseline: one request at a time, each for the offset after the last record received. */
async function exportSequentially(fetchPage: PageFetcher, output: Writable): Promise<number> {
	let offset = 0;
	let records = 0;
	for (;;) {
		const page = await fetchPage({limit: pageCap, offset}, {});
		let text = '';
		for (const record of page.results) text += toNdjsonLine(record);
		output.write(text);
		records += page.results.length;
		offset += page.results.length;
		if (page.results.length === 0 || offset >= page.count) return records;
	}
}

async function timed(
	link: ParentLink,
	run: () => Promise<number>,
	what: string,
): Promise<ExportRun> {
	await link.resetServerStats();
	const start = performance.now();
	const records = await run();
	const elapsedMs = performance.now() - start;
	const stats = await link.serverStats();
	if (records !== count) throw new Error(`${what} wrote ${records} records, not ${count}`);
	return {elapsedMs, records, requests: stats.listRequests, maxInFlight: stats.maxInFlight};
}

runAsProbe(async (link): Promise<ExportResult> => {
	await link.setServerOptions({count, pageCap, latencyMs});
	const client = createClient({baseUrl: link.baseUrl, token: link.token});
	const fetchPage: PageFetcher = async (query, options) => listWorkspaces(client, query, options);

	const concurrentExport = async () => {
		const result = await runExport({
			fetchPage,
			output: discardingSink(),
			stderr: discardingSink(),
			isStderrTty: false,
			limit: pageCap,
			concurrency,
		});
		if (result.exitCode !== 0) throw new Error(`the export ended with code ${result.exitCode}`);
		return result.written;
	};

	const sequentialExport = async () => exportSequentially(fetchPage, discardingSink());

	// One untimed round of each warms the JIT and the connection pool.
	await sequentialExport();
	await concurrentExport();
	const sequential: ExportRun[] = [];
	const concurrent: ExportRun[] = [];
	for (let round = 0; round < rounds; round++) {
		sequential.push(await timed(link, sequentialExport, 'the sequential loop'));
		concurrent.push(await timed(link, concurrentExport, 'the export'));
	}

	return {count, pageCap, latencyMs, concurrency, sequential, concurrent};
});
