import {spawn} from 'node:child_process';
import {Writable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {createClient, listWorkspaces, type ClientOptions} from '../../source/api/index.js';
import type {ListQuery, Workspace} from '../../source/api/types.js';
import {runExport, toNdjsonLine} from '../../source/commands/export.js';
import {startDemoServer, type DemoServer, type DemoServerOptions} from '../../source/demo/index.js';
import type {PageFetcher} from '../../source/export/ordered-pages.js';

const servers: DemoServer[] = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => server.close()));
});

async function demo(options: DemoServerOptions): Promise<DemoServer> {
	const server = await startDemoServer(options);
	servers.push(server);
	return server;
}

function fetcherFor(server: DemoServer, clientOptions: Partial<ClientOptions> = {}): PageFetcher {
	const client = createClient({baseUrl: server.baseUrl, token: server.token, ...clientOptions});
	return async (query, options) => listWorkspaces(client, query, options);
}

/** A stream that keeps what is written, optionally slowly and with a tiny buffer. */
function memoryOutput({isSlow = false, highWaterMark = 16_384} = {}) {
	const chunks: string[] = [];
	const stream = new Writable({
		highWaterMark,
		write(chunk: Buffer, _encoding, callback) {
			chunks.push(chunk.toString());
			if (isSlow) setImmediate(callback);
			else callback();
		},
	});
	const text = () => chunks.join('');
	const lines = () => text().split('\n').slice(0, -1);
	const records = () => lines().map((line) => JSON.parse(line) as Workspace);
	return {stream, chunks, text, lines, records};
}

/** The records a plain, one-page-at-a-time walk finds: what the export must reproduce. */
async function reference(
	fetchPage: PageFetcher,
	query: Omit<ListQuery, 'offset' | 'limit'> & {offset?: number; max?: number} = {},
): Promise<Workspace[]> {
	const found: Workspace[] = [];
	const end = (query.offset ?? 0) + (query.max ?? Infinity);
	for (let offset = query.offset ?? 0; offset < end;) {
		const page = await fetchPage({offset, limit: 100, search: query.search, sort: query.sort}, {});
		if (page.results.length === 0) break;
		found.push(...page.results.slice(0, end - offset));
		offset += page.results.length;
		if (offset >= page.count) break;
	}

	return found;
}

/** Characters a terminal could act on: C0 and C1 controls, DEL, and the line separators. */
function unsafeCharacters(text: string): string[] {
	return Array.from(text).filter((character) => {
		const code = character.charCodeAt(0);
		return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
	});
}

function ids(records: Workspace[]): unknown[] {
	return records.map((record) => record.id);
}

async function exportTo(
	fetchPage: PageFetcher,
	options: Partial<Parameters<typeof runExport>[0]> = {},
) {
	const output = memoryOutput();
	const stderr = memoryOutput();
	const result = await runExport({
		fetchPage,
		output: output.stream,
		stderr: stderr.stream,
		isStderrTty: false,
		...options,
	});
	return {result, output, stderr};
}

async function waitUntil(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}
}

describe('toNdjsonLine', () => {
	it('escapes control characters, DEL, C1 controls and line separators but keeps the value', () => {
		const record = {id: 1, name: 'a\u001B]0;title\u0007b\u007Fc\u009Bd\u2028e\nf', labels: []};
		const line = toNdjsonLine(record);
		expect(line.endsWith('\n')).toBe(true);
		expect(unsafeCharacters(line.slice(0, -1))).toEqual([]);
		expect(line).toContain('\\u009b');
		expect(JSON.parse(line)).toEqual(record);
	});

	it('escapes bidi and zero-width characters as the README promises', () => {
		const record = {id: 1, name: 'a\u202Eb\u2066c\u200Bd\u0085e'};
		const line = toNdjsonLine(record);
		expect(line).toBe('{"id":1,"name":"a\\u202eb\\u2066c\\u200bd\\u0085e"}\n');
		expect(JSON.parse(line)).toEqual(record);
	});

	it('writes a record nested 10,000 deep in full', () => {
		const text = `{"id":1,"deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
		expect(toNdjsonLine(JSON.parse(text) as Workspace)).toBe(`${text}\n`);
	});
});

/** A list of `count` records served from memory, with `special` records put in by index. */
function memoryFetcher(count: number, special: Record<number, Workspace> = {}): PageFetcher {
	return async ({offset, limit}) => ({
		count,
		results: Array.from(
			{length: Math.max(0, Math.min(limit, count - offset))},
			(_, index) => special[offset + index] ?? {id: offset + index},
		),
	});
}

describe('runExport with hostile records', () => {
	it('exports a record nested 10,000 deep with exit 0: server data is never a usage error', async () => {
		const deep = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) as Workspace;
		const {result, output, stderr} = await exportTo(memoryFetcher(5, {2: {id: 2, deep}}));
		expect(result).toMatchObject({exitCode: 0, written: 5});
		expect(stderr.text()).toBe('');
		expect(output.lines()[2]?.length).toBe(`{"id":2,"deep":`.length + 10_000 * 6 + 2);
		expect(ids(output.records())).toEqual([0, 1, 2, 3, 4]);
	});

	it('fails with exit 1 naming the offset of a record it cannot write, after the ones before it', async () => {
		const {result, output, stderr} = await exportTo(
			memoryFetcher(250, {130: {id: 130, size: BigInt(1)}}),
			{limit: 100},
		);
		expect(result).toMatchObject({exitCode: 1, written: 130, failedOffset: 130});
		expect(output.records()).toHaveLength(130);
		expect(stderr.text()).toMatch(
			/^viktor-tui: export failed at offset 130: the record there could not be written as JSON/,
		);
	});

	it('fails with exit 1 at a page larger than the answer cap, naming its offset', async () => {
		const server = await demo({count: 300, pageCap: 100});
		const {result, output, stderr} = await exportTo(
			fetcherFor(server, {maxAnswerBytes: 8 * 1024}),
			{limit: 10},
		);
		expect(result.exitCode).toBe(1);
		expect(result.failedOffset).toBeGreaterThan(0);
		expect(output.records()).toHaveLength(result.failedOffset ?? -1);
		expect(stderr.text()).toContain(
			`export failed at offset ${result.failedOffset}: the answer from ${server.baseUrl.split('/')[2]} was larger than 8 KB`,
		);
	});
});

describe('runExport against the demo server', () => {
	it('writes 1,000 workspaces as NDJSON in server order with exactly 10 list requests', async () => {
		const server = await demo({count: 1000, pageCap: 100});
		const fetchPage = fetcherFor(server);
		const {result, output, stderr} = await exportTo(fetchPage, {limit: 100});
		expect(result).toMatchObject({exitCode: 0, written: 1000});
		expect(server.stats().listRequests).toBe(10);
		const written = output.records();
		expect(written).toHaveLength(1000);
		expect(new Set(ids(written)).size).toBe(1000);
		expect(ids(written)).toEqual(ids(await reference(fetchPage)));
		expect(stderr.text()).toBe('');
	});

	it('completes without holes or duplicates when the server caps pages below the limit', async () => {
		const server = await demo({count: 1000, pageCap: 30});
		const fetchPage = fetcherFor(server);
		const {result, output} = await exportTo(fetchPage, {limit: 100});
		expect(result).toMatchObject({exitCode: 0, written: 1000});
		expect(ids(output.records())).toEqual(ids(await reference(fetchPage)));
		expect(new Set(ids(output.records())).size).toBe(1000);
		expect(result.stats.requests).toBe(1 + Math.ceil(970 / 30));
	});

	it('exports from an offset, at most max records, with search and sort', async () => {
		const server = await demo({count: 2000, pageCap: 20});
		const fetchPage = fetcherFor(server);
		const query = {search: 'bridge', sort: 'name:desc', offset: 5, max: 90};
		const {result, output} = await exportTo(fetchPage, {...query, concurrency: 3});
		const expected = await reference(fetchPage, query);
		expect(expected).toHaveLength(90);
		expect(result).toMatchObject({exitCode: 0, written: 90});
		expect(output.records()).toEqual(expected);
		expect(server.stats().log.every((entry) => entry.query.search === 'bridge')).toBe(true);
	});

	it('never has more requests open at the server than the concurrency', async () => {
		const server = await demo({count: 2000, pageCap: 100, latencyMs: 20});
		const {result} = await exportTo(fetcherFor(server), {concurrency: 3});
		expect(result).toMatchObject({exitCode: 0, written: 2000});
		expect(server.stats().maxInFlight).toBeLessThanOrEqual(3);
		expect(server.stats().maxInFlight).toBeGreaterThanOrEqual(2);
	});

	it('stops at a page whose retries are exhausted, keeping the complete pages before it', async () => {
		const server = await demo({count: 1000, pageCap: 100});
		const client = fetcherFor(server, {maxAttempts: 2, retryBaseDelayMs: 0});
		const expected = await reference(client, {max: 100});
		const fetchPage: PageFetcher = async (query, options) => {
			const page = await client(query, options);
			// From the second page on, the server keeps failing.
			if (query.offset === 0)
				server.addFault({fault: {type: 'status', status: 503}, match: 'list'});
			return page;
		};

		const {result, output, stderr} = await exportTo(fetchPage, {concurrency: 4});
		expect(result).toMatchObject({exitCode: 1, written: 100, failedOffset: 100});
		expect(output.text().endsWith('\n')).toBe(true);
		expect(ids(output.records())).toEqual(ids(expected));
		expect(stderr.text()).toMatch(/^viktor-tui: export failed at offset 100: .+\n$/);
		expect(stderr.text()).toContain('503');
	});

	it('names the offset of a single failed page and writes exactly the records before it', async () => {
		const server = await demo({count: 1000, pageCap: 100, latencyMs: 5});
		const client = fetcherFor(server, {maxAttempts: 1});
		const expected = await reference(client);
		server.resetStats();
		const fetchPage: PageFetcher = async (query, options) => {
			if (query.offset === 300) {
				server.addFault({fault: {type: 'status', status: 500}, times: 1, match: 'list'});
			}

			return client(query, options);
		};

		const {result, output, stderr} = await exportTo(fetchPage);
		const failed = server.stats().log.find((entry) => entry.status === 500);
		const failedOffset = Number(failed?.query.offset);
		expect(server.stats().log.filter((entry) => entry.status === 500)).toHaveLength(1);
		expect(failedOffset).toBeGreaterThanOrEqual(100);
		expect(result).toMatchObject({exitCode: 1, failedOffset, written: failedOffset});
		expect(ids(output.records())).toEqual(ids(expected.slice(0, failedOffset)));
		expect(stderr.text()).toContain(`viktor-tui: export failed at offset ${failedOffset}: `);
	});

	it('follows the count when workspaces are added during the export', async () => {
		const server = await demo({count: 1000, pageCap: 100});
		const client = fetcherFor(server);
		const fetchPage: PageFetcher = async (query, options) => {
			const page = await client(query, options);
			if (query.offset === 0) server.setOptions({count: 1500});
			return page;
		};

		const {result, output} = await exportTo(fetchPage);
		expect(result).toMatchObject({exitCode: 0, written: 1500});
		expect(ids(output.records())).toEqual(ids(await reference(client)));
	});

	it('stops at the new count when workspaces are removed during the export', async () => {
		const server = await demo({count: 1000, pageCap: 100});
		const client = fetcherFor(server);
		const fetchPage: PageFetcher = async (query, options) => {
			const page = await client(query, options);
			if (query.offset === 0) server.setOptions({count: 450});
			return page;
		};

		const {result, output} = await exportTo(fetchPage);
		expect(result).toMatchObject({exitCode: 0, written: 450});
		expect(ids(output.records())).toEqual(ids(await reference(client)));
	});

	it('warns on stderr and stops at an empty page inside the count', async () => {
		const server = await demo({count: 1000, pageCap: 100});
		const client = fetcherFor(server);
		const fetchPage: PageFetcher = async (query, options) => {
			const page = await client(query, options);
			if (query.offset === 100) {
				server.addFault({
					fault: {type: 'wrong-shape', body: {count: 1000, results: []}},
					times: 1,
					match: 'list',
				});
			}

			return page;
		};

		const {result, output, stderr} = await exportTo(fetchPage, {concurrency: 1});
		expect(result).toMatchObject({exitCode: 0, written: 200});
		expect(output.lines()).toHaveLength(200);
		expect(stderr.text()).toBe(
			'viktor-tui: warning: the server returned no records at offset 200 although it counts 1000; the export stops there\n',
		);
		expect(server.stats().listRequests).toBe(3);
	});

	it('ends quietly with exit 0 when piped into head, cancelling the requests in flight', async () => {
		const server = await demo({count: 100_000, pageCap: 100, latencyMs: 10});
		const client = fetcherFor(server);
		const signals: AbortSignal[] = [];
		const fetchPage: PageFetcher = async (query, options) => {
			if (options.signal) signals.push(options.signal);
			return client(query, options);
		};

		const head = spawn('head', ['-n', '5'], {stdio: ['pipe', 'pipe', 'inherit']});
		let headOutput = '';
		head.stdout.on('data', (data: Buffer) => {
			headOutput += data.toString();
		});
		const stderr = memoryOutput();
		const result = await runExport({
			fetchPage,
			output: head.stdin,
			stderr: stderr.stream,
			isStderrTty: false,
		});
		expect(result.exitCode).toBe(0);
		expect(stderr.text()).toBe('');
		expect(result.written).toBeLessThan(100_000);
		expect(signals.filter((signal) => signal.aborted).length).toBeGreaterThan(0);
		await waitUntil(() => head.exitCode !== null);
		expect(headOutput.split('\n').slice(0, -1)).toHaveLength(5);
		await waitUntil(() => server.stats().inFlight === 0);
	});

	it('ends quietly with exit 0 on an EPIPE from the output, cancelling what is in flight', async () => {
		const server = await demo({count: 10_000, pageCap: 100, latencyMs: 5});
		const client = fetcherFor(server);
		const calls: Array<{signal?: AbortSignal; isAnswered: boolean}> = [];
		const fetchPage: PageFetcher = async (query, options) => {
			const call = {signal: options.signal, isAnswered: false};
			calls.push(call);
			const page = await client(query, options);
			call.isAnswered = true;
			return page;
		};

		let writes = 0;
		const output = new Writable({
			write(_chunk, _encoding, callback) {
				writes++;
				if (writes >= 2) callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
				else callback();
			},
		});
		const stderr = memoryOutput();
		const result = await runExport({fetchPage, output, stderr: stderr.stream, isStderrTty: false});
		expect(result).toMatchObject({exitCode: 0, written: 100});
		expect(stderr.text()).toBe('');
		expect(calls.length).toBeLessThanOrEqual(1 + result.stats.windowPages);
		expect(calls.length).toBe(result.stats.requests);
		expect(calls.some((call) => !call.isAnswered)).toBe(true);
		expect(calls.every((call) => call.isAnswered || call.signal?.aborted === true)).toBe(true);
	});

	it('reports any other write error on stderr with exit 1', async () => {
		const server = await demo({count: 300, pageCap: 100});
		const output = new Writable({
			write(_chunk, _encoding, callback) {
				callback(Object.assign(new Error('no space left on device'), {code: 'ENOSPC'}));
			},
		});
		const stderr = memoryOutput();
		const result = await runExport({
			fetchPage: fetcherFor(server),
			output,
			stderr: stderr.stream,
			isStderrTty: false,
		});
		expect(result).toMatchObject({exitCode: 1, written: 0});
		expect(stderr.text()).toBe(
			'viktor-tui: export failed: cannot write the output: no space left on device\n',
		);
	});

	it('waits for drain before writing the next page', async () => {
		const server = await demo({count: 1000, pageCap: 100});
		const output = memoryOutput({isSlow: true, highWaterMark: 1});
		const bufferedAtWrite: number[] = [];
		let drains = 0;
		output.stream.on('drain', () => drains++);
		const write = output.stream.write.bind(output.stream);
		output.stream.write = ((...parameters: Parameters<typeof write>) => {
			bufferedAtWrite.push(output.stream.writableLength);
			return write(...parameters);
		}) as typeof output.stream.write;
		const result = await runExport({
			fetchPage: fetcherFor(server),
			output: output.stream,
			stderr: memoryOutput().stream,
			isStderrTty: false,
		});
		expect(result).toMatchObject({exitCode: 0, written: 1000});
		expect(bufferedAtWrite).toHaveLength(10);
		expect(bufferedAtWrite.every((length) => length === 0)).toBe(true);
		expect(drains).toBe(10);
	});

	it('streams 20,000 records into a slow output with a bounded reorder buffer', async () => {
		const server = await demo({count: 20_000, pageCap: 100});
		const output = memoryOutput({isSlow: true, highWaterMark: 1});
		const stderr = memoryOutput();
		const result = await runExport({
			fetchPage: fetcherFor(server),
			output: output.stream,
			stderr: stderr.stream,
			isStderrTty: false,
			concurrency: 6,
		});
		expect(result).toMatchObject({exitCode: 0, written: 20_000});
		expect(result.stats.windowPages).toBe(12);
		expect(result.stats.maxBufferedPages).toBeLessThanOrEqual(result.stats.windowPages);
		expect(server.stats().maxInFlight).toBeLessThanOrEqual(6);
		const written = ids(output.records());
		expect(written).toHaveLength(20_000);
		expect(new Set(written).size).toBe(20_000);
		expect(written.slice(0, 5)).toEqual(ids(await reference(fetcherFor(server), {max: 5})));
	});

	it('writes hostile strings as the server sent them, escaped so a terminal shows them inertly', async () => {
		const server = await demo({count: 400, pageCap: 100, hostile: true});
		const fetchPage = fetcherFor(server);
		const {result, output} = await exportTo(fetchPage);
		expect(result.exitCode).toBe(0);
		expect(output.records()).toEqual(await reference(fetchPage));
		expect(unsafeCharacters(output.text().replaceAll('\n', ''))).toEqual([]);
		// The data holds terminal escapes; they arrive escaped in the JSON text.
		expect(output.text()).toContain('\\u001b');
	});

	it('draws progress on a terminal stderr and clears it at the end', async () => {
		const server = await demo({count: 500, pageCap: 100});
		const {result, stderr} = await exportTo(fetcherFor(server), {isStderrTty: true});
		expect(result.exitCode).toBe(0);
		expect(stderr.text().startsWith('\r\u001B[2K100 of 500  20%')).toBe(true);
		expect(stderr.text().endsWith('\r\u001B[2K')).toBe(true);
	});

	it('writes nothing on stderr when it is not a terminal and all goes well', async () => {
		const server = await demo({count: 500, pageCap: 100});
		const {result, stderr} = await exportTo(fetcherFor(server), {isStderrTty: false});
		expect(result.exitCode).toBe(0);
		expect(stderr.text()).toBe('');
	});

	it('stops with exit code 130 when the signal aborts', async () => {
		const server = await demo({count: 10_000, pageCap: 100, latencyMs: 5});
		const controller = new AbortController();
		const client = fetcherFor(server);
		const fetchPage: PageFetcher = async (query, options) => {
			const page = await client(query, options);
			if (query.offset === 200) controller.abort();
			return page;
		};

		const {result, stderr} = await exportTo(fetchPage, {signal: controller.signal});
		expect(result.exitCode).toBe(130);
		expect(result.written).toBeLessThan(10_000);
		expect(stderr.text()).toBe('');
	});

	it('refuses invalid options with exit code 2 and a message', async () => {
		const server = await demo({count: 10});
		const {result, stderr} = await exportTo(fetcherFor(server), {concurrency: 0});
		expect(result.exitCode).toBe(2);
		expect(stderr.text()).toMatch(/^viktor-tui: invalid export option: concurrency must be/);
		expect(server.stats().listRequests).toBe(0);
	});
});

describe('runExport with streams built when first needed', () => {
	it('builds stdout and stderr only after the first request is out, once each', async () => {
		const server = await demo({count: 250, pageCap: 100});
		const fetchPage = fetcherFor(server);
		const output = memoryOutput();
		const stderr = memoryOutput();
		const built: string[] = [];
		const requestsWhenBuilt: number[] = [];
		let requests = 0;
		const result = await runExport({
			async fetchPage(query, options) {
				requests++;
				return fetchPage(query, options);
			},
			output() {
				built.push('output');
				requestsWhenBuilt.push(requests);
				return output.stream;
			},
			stderr() {
				built.push('stderr');
				return stderr.stream;
			},
			isStderrTty() {
				built.push('isStderrTty');
				return false;
			},
		});
		expect(result).toMatchObject({exitCode: 0, written: 250});
		expect(output.lines()).toHaveLength(250);
		expect([...built].sort()).toEqual(['isStderrTty', 'output']);
		// The first answer started the rest of the walk before its records were written.
		expect(requestsWhenBuilt).toEqual([3]);
	});

	it('builds no output when the options are refused, and writes the message', async () => {
		const stderr = memoryOutput();
		let isOutputBuilt = false;
		const result = await runExport({
			fetchPage: async () => {
				throw new Error('no request expected');
			},
			output() {
				isOutputBuilt = true;
				return memoryOutput().stream;
			},
			stderr: () => stderr.stream,
			isStderrTty: () => false,
			limit: 0,
		});
		expect(result.exitCode).toBe(2);
		expect(isOutputBuilt).toBe(false);
		expect(stderr.text()).toMatch(/^viktor-tui: invalid export option: limit must be/);
	});

	it('reports a closed output that was built late as quietly as one built early', async () => {
		const server = await demo({count: 1000, pageCap: 100});
		const output = new Writable({
			write(_chunk, _encoding, callback) {
				callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
			},
		});
		output.on('error', () => undefined);
		const stderr = memoryOutput();
		const result = await runExport({
			fetchPage: fetcherFor(server),
			output: () => output,
			stderr: () => stderr.stream,
			isStderrTty: () => false,
		});
		expect(result.exitCode).toBe(0);
		expect(stderr.text()).toBe('');
	});
});
