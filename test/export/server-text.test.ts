/**
 * The export writes each record as the server wrote it (exportSource + runExport), with the same
 * escapes as before: against a server whose bodies are written by hand (digits JSON.parse would
 * round, raw bidi and separator characters, pretty-printed pages, records that are not objects,
 * short pages and a count that drifts) and against the hostile demo server.
 */
import {execFile} from 'node:child_process';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import fc from 'fast-check';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createClient} from '../../source/api/index.js';
import {RecordBytes, RecordText} from '../../source/api/page-bytes.js';
import {listResourceWithText, recordTextsIn} from '../../source/api/resources.js';
import {runExport, toNdjsonLine, type ExportOptions} from '../../source/commands/export.js';
import {startDemoServer} from '../../source/demo/index.js';
import {createResourceApi, exportSource, listFetcher} from '../../source/services.js';

const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = promisify(execFile);

const token = 'vktrpat_demo0123456789abcdefghijklmnopq';

type PageWriter = (offset: number, limit: number) => string;

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
	await Promise.all(closers.splice(0).map(async (close) => close()));
});

/** A server whose list answers are written by `write` (offset, limit) → body text. */
async function handWritten(write: PageWriter): Promise<string> {
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://x');
		const body = write(
			Number(url.searchParams.get('offset')),
			Number(url.searchParams.get('limit')),
		);
		response.writeHead(200, {'content-type': 'application/json'});
		response.end(body);
	});
	await new Promise<void>((resolve) => {
		server.listen(0, '127.0.0.1', resolve);
	});
	closers.push(
		async () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => {
					resolve();
				});
			}),
	);
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

/** A page of `records` (texts) out of `count`, from `offset`, at most `cap` of them. */
function pageOf(records: readonly string[], offset: number, limit: number, cap: number): string {
	const items = records.slice(offset, offset + Math.min(limit, cap));
	return `{"count":${records.length},"next":null,"previous":null,"results":[${items.join(',')}]}`;
}

function collect() {
	const stream = new PassThrough();
	const chunks: string[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	return {stream, text: () => chunks.join('')};
}

async function exportFrom(baseUrl: string, options: Partial<ExportOptions> = {}) {
	const target = {baseUrl, host: new URL(baseUrl).host, label: 'test'};
	const source = exportSource(target, token, 'workspaces', {});
	const output = collect();
	const stderr = collect();
	const result = await runExport({
		...source,
		output: output.stream,
		stderr: stderr.stream,
		isStderrTty: false,
		...options,
	});
	return {result, lines: output.text().split('\n').slice(0, -1), stderr: stderr.text()};
}

describe('the export writes records as the server wrote them', () => {
	it('keeps every digit of a large id and the spelling of numbers and escapes, one line each', async () => {
		const records = Array.from(
			{length: 30},
			(_, index) =>
				`{"id":${12_345_678_901_234_567_000n + BigInt(index)},"n":1.0,"e":1E2,"s":"\\u00e9\\/","at":${index}}`,
		);
		const baseUrl = await handWritten((offset, limit) => pageOf(records, offset, limit, 7));
		const {result, lines, stderr} = await exportFrom(baseUrl, {limit: 7});
		expect(stderr).toBe('');
		expect(result).toMatchObject({exitCode: 0, written: 30});
		expect(lines).toEqual(records);
	});

	it('escapes raw control, bidi, zero-width and separator characters exactly as before', async () => {
		const name = 'a\u2028b\u2029c\u202Ed\u2066e\u200Bf\u00ADg\uFEFFh\u0085i\u009Bj\u007Fk';
		const record = {id: 1, name, nested: [{[name]: name}]};
		const text = JSON.stringify(record);
		expect(text).toContain('\u2028');
		const baseUrl = await handWritten((offset, limit) => pageOf([text], offset, limit, 100));
		const {lines} = await exportFrom(baseUrl);
		expect(lines).toEqual([toNdjsonLine(record).slice(0, -1)]);
		expect(lines[0]).toContain('a\\u2028b\\u2029c\\u202ed\\u2066e\\u200bf\\u00adg\\ufeffh\\u0085i');
		expect(JSON.parse(lines[0]!)).toEqual(record);
	});

	it('writes records of a pretty-printed page on one line each, parsed and serialised again', async () => {
		const records = [
			{id: 1, name: 'one', tags: ['a', 'b']},
			{id: 2, name: 'two\nlines', deep: {x: [1, {y: null}]}},
		];
		const baseUrl = await handWritten(() =>
			JSON.stringify({count: 2, results: records}, null, '\t'),
		);
		const {result, lines} = await exportFrom(baseUrl);
		expect(result.exitCode).toBe(0);
		expect(lines).toEqual(records.map((record) => JSON.stringify(record)));
	});

	it('keeps spaces between tokens where they do not break the line', async () => {
		const records = ['{ "id" : 1 , "list" : [ 1 , 2 ] }', '{"id":2}'];
		const baseUrl = await handWritten((offset, limit) => pageOf(records, offset, limit, 100));
		const {lines} = await exportFrom(baseUrl);
		expect(lines).toEqual(records);
	});

	it('keeps records and their texts together across short pages and a count that drifts', async () => {
		let count = 40;
		const recordAt = (index: number) => `{"id":${index},"v":${index}.0}`;
		const baseUrl = await handWritten((offset, limit) => {
			// Short answers of uneven length in the middle of the walk, and the list grows by 5.
			const cap = offset === 0 ? 8 : offset % 3 === 0 ? 3 : 5;
			const served = Array.from({length: count}, (_, index) => recordAt(index));
			const body = pageOf(served, offset, limit, cap);
			if (offset >= 16) count = 45;
			return body;
		});
		const {result, lines, stderr} = await exportFrom(baseUrl, {concurrency: 3});
		expect(result).toMatchObject({exitCode: 0, written: 45});
		expect(lines).toEqual(Array.from({length: 45}, (_, index) => recordAt(index)));
		expect(stderr).toContain("the server's count changed from 40 to 45");
	});

	it('fails with exit 1 naming the offset of a page whose record is not an object', async () => {
		const records = Array.from({length: 20}, (_, index) => `{"id":${index}}`);
		records[12] = '7';
		const baseUrl = await handWritten((offset, limit) => pageOf(records, offset, limit, 5));
		const {result, lines, stderr} = await exportFrom(baseUrl, {concurrency: 1});
		expect(result).toMatchObject({exitCode: 1, written: 10, failedOffset: 10});
		expect(lines).toEqual(records.slice(0, 10));
		expect(stderr).toMatch(
			/^viktor-tui: export failed at offset 10: .* `results\[2\]` is not an object but the number 7/,
		);
	});

	it('fails with exit 1 naming the offset of a page that is not JSON', async () => {
		const records = Array.from({length: 20}, (_, index) => `{"id":${index}}`);
		const baseUrl = await handWritten((offset, limit) =>
			offset === 15
				? pageOf(records, offset, limit, 5).slice(0, -3)
				: pageOf(records, offset, limit, 5),
		);
		const {result, lines, stderr} = await exportFrom(baseUrl, {concurrency: 2});
		expect(result).toMatchObject({exitCode: 1, written: 15, failedOffset: 15});
		expect(lines).toEqual(records.slice(0, 15));
		expect(stderr).toMatch(/^viktor-tui: export failed at offset 15: /);
	});

	it('writes what serialising the parsed records wrote, against the hostile demo server', async () => {
		const server = await startDemoServer({count: 600, pageCap: 37, hostile: true});
		closers.push(async () => server.close());
		const client = createClient({baseUrl: server.baseUrl, token: server.token});
		const before = collect();
		await runExport({
			fetchPage: listFetcher(createResourceApi(client), 'workspaces', {}),
			output: before.stream,
			stderr: collect().stream,
			isStderrTty: false,
		});
		const target = {baseUrl: server.baseUrl, host: '127.0.0.1', label: 'demo'};
		const source = exportSource(target, server.token, 'workspaces', {});
		const now = collect();
		const result = await runExport({
			...source,
			output: now.stream,
			stderr: collect().stream,
			isStderrTty: false,
		});
		expect(result).toMatchObject({exitCode: 0, written: 600});
		expect(now.text()).toBe(before.text());
		expect(now.text()).toMatch(/\\u202e|\\u001b/);
	});
});

/** Every byte written to a stream, kept as bytes (a decoded string would hide a lone surrogate). */
function collectBytes() {
	const stream = new PassThrough();
	const chunks: Buffer[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk));
	return {stream, bytes: () => Buffer.concat(chunks)};
}

/**
 * The bytes the export wrote before it encoded lines straight into buffers: the lines of
 * `toNdjsonLine` for each page's records and texts, joined, as one UTF-8 string.
 */
async function bytesAsBefore(baseUrl: string, serverToken: string, pageSize: number) {
	const client = createClient({baseUrl, token: serverToken});
	let text = '';
	for (let offset = 0; ; offset += pageSize) {
		const answer = await listResourceWithText(client, 'workspaces', {limit: pageSize, offset});
		const texts = recordTextsIn(answer);
		for (const [index, record] of answer.page.results.entries()) {
			text += toNdjsonLine(record, texts?.[index]);
		}

		if (offset + pageSize >= answer.page.count) return Buffer.from(text);
	}
}

describe('the bytes of the export', () => {
	it('are those it wrote before, byte for byte, against the hostile demo server', async () => {
		const server = await startDemoServer({count: 700, pageCap: 100, hostile: true});
		closers.push(async () => server.close());
		const expected = await bytesAsBefore(server.baseUrl, server.token, 100);
		const target = {baseUrl: server.baseUrl, host: '127.0.0.1', label: 'demo'};
		const output = collectBytes();
		const result = await runExport({
			...exportSource(target, server.token, 'workspaces', {}),
			output: output.stream,
			stderr: collect().stream,
			isStderrTty: false,
		});
		expect(result).toMatchObject({exitCode: 0, written: 700});
		expect(output.bytes().equals(expected)).toBe(true);
		// Hostile records are there, escaped, and so are characters of several bytes.
		expect(output.bytes().toString()).toMatch(/\\u202e|\\u001b/);
		expect(output.bytes().length).toBeGreaterThan(output.bytes().toString().length);
	});

	it('are those it wrote before for lone surrogates, controls, tabs and long records', async () => {
		const long = `"${'桥🏗️'.repeat(40_000)}"`;
		const records = [
			'{"id":1,"s":"\uD800 lone high","t":"\uDFFF lone low"}',
			'{"id":2,"s":"pair 🏗️ and é","c":"\u202E\u0085\u009B"}',
			'{"id":3,\t"tab":"between tokens"}',
			`{"id":4,"long":${long}}`,
			'{"id":5,"raw":"\u2028\u2029","big":123456789012345678901234567890}',
			`{"id":6,"long":${long},"bidi":"\u2066"}`,
		];
		const baseUrl = await handWritten((offset, limit) => pageOf(records, offset, limit, 4));
		const expected = await bytesAsBefore(baseUrl, token, 4);
		const target = {baseUrl, host: new URL(baseUrl).host, label: 'test'};
		const output = collectBytes();
		const result = await runExport({
			...exportSource(target, token, 'workspaces', {}),
			output: output.stream,
			stderr: collect().stream,
			isStderrTty: false,
		});
		expect(result).toMatchObject({exitCode: 0, written: 6});
		expect(output.bytes().equals(expected)).toBe(true);
		expect(output.bytes().includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(true);
	});
});

/** The lines of NDJSON bytes, each with its newline. */
function linesOf(bytes: Buffer): Buffer[] {
	const lines: Buffer[] = [];
	for (let start = 0; start < bytes.length;) {
		const end = bytes.indexOf(0x0a, start) + 1;
		lines.push(bytes.subarray(start, end));
		start = end;
	}

	return lines;
}

/**
 * An export through exportSource into bytes; also how many of the records it fetched came as
 * their bytes and as their text (pages read by readPageBytes) and how many were parsed (pages
 * read the usual way).
 */
async function exportBytes(
	baseUrl: string,
	serverToken: string,
	options: Partial<ExportOptions> = {},
) {
	const target = {baseUrl, host: new URL(baseUrl).host, label: 'test'};
	const source = exportSource(target, serverToken, 'workspaces', {});
	const records = {bytes: 0, text: 0, parsed: 0};
	const output = collectBytes();
	const stderr = collect();
	const result = await runExport({
		...source,
		async fetchPage(query, requestOptions) {
			const page = await source.fetchPage(query, requestOptions);
			for (const record of page.results) {
				if (record instanceof RecordBytes) records.bytes++;
				else if (record instanceof RecordText) records.text++;
				else records.parsed++;
			}

			return page;
		},
		output: output.stream,
		stderr: stderr.stream,
		isStderrTty: false,
		...options,
	});
	return {result, bytes: output.bytes(), stderr: stderr.text(), records};
}

describe('the bytes of the export, with pages read from their bytes', () => {
	const recordAt = (index: number) =>
		index === 23
			? `{"id":23,"name":"hostile \u202E and \u0085 raw"}`
			: index === 41
				? '{"id":41,\t"tab":"between tokens"}'
				: index % 5 === 0
					? `{ "id" : ${index} , "deep" : {"a":[[[[["é ${index}"]]]]]} }`
					: `{"id":${index},"name":"w – “${index}” 桥 🏗️","n":1.50,"e":"\\u00e9\\n"}`;
	const records = Array.from({length: 60}, (_, index) => recordAt(index));

	/**
	 * Pages of at most 7 records; every other one with line breaks around and between records;
	 * the one holding record 30 with its count written `6.0e1`, which readPageBytes declines.
	 */
	async function mixedServer() {
		return handWritten((offset, limit) => {
			const page = pageOf(records, offset, limit, 7);
			if (offset <= 30 && offset + 7 > 30) return page.replace('"count":60', '"count":6.0e1');
			return offset % 2 === 0 ? page : page.replaceAll('},{', '},\n\t{').replace('[{', '[\r\n {');
		});
	}

	it('are those it wrote before, where records come as bytes, as text and parsed, on short pages', async () => {
		const baseUrl = await mixedServer();
		const expected = await bytesAsBefore(baseUrl, token, 7);
		const {
			result,
			bytes,
			stderr,
			records: seen,
		} = await exportBytes(baseUrl, token, {
			limit: 10,
			concurrency: 3,
		});
		expect(stderr).toBe('');
		expect(result).toMatchObject({exitCode: 0, written: 60});
		expect(bytes.toString('latin1')).toBe(expected.toString('latin1'));
		// Records 23 and 41 hold a character to escape or a tab; the page with 30 is parsed.
		expect(seen.text).toBe(2);
		expect(seen.parsed).toBeGreaterThan(0);
		expect(seen.bytes).toBeGreaterThan(seen.parsed);
	});

	it.each([
		[0, 33],
		[5, 33],
		[22, 2],
		[40, 1],
		[59, 5],
	])('are those it wrote before from offset %i with --max %i', async (offset, max) => {
		const baseUrl = await mixedServer();
		const expected = linesOf(await bytesAsBefore(baseUrl, token, 7));
		const {result, bytes} = await exportBytes(baseUrl, token, {offset, max, limit: 10});
		expect(result.exitCode).toBe(0);
		const lines = expected.slice(offset, offset + max);
		expect(bytes.toString('latin1')).toBe(Buffer.concat(lines).toString('latin1'));
	});

	it('are those it wrote before for a record too long for the regular expression engine', async () => {
		const long = `{"id":1,"a":[${'"",'.repeat(3_000_000)}""]}`;
		const baseUrl = await handWritten((offset, limit) =>
			pageOf([long, '{"id":2}', '{"id":3}'], offset, limit, 100),
		);
		const expected = await bytesAsBefore(baseUrl, token, 100);
		const {result, bytes, records: seen} = await exportBytes(baseUrl, token);
		expect(result).toMatchObject({exitCode: 0, written: 3});
		expect(bytes.equals(expected)).toBe(true);
		expect(seen).toEqual({bytes: 3, text: 0, parsed: 0});
	});

	it("reads the demo server's pages from their bytes: no answer is parsed", async () => {
		const server = await startDemoServer({count: 1000, pageCap: 100});
		closers.push(async () => server.close());
		const expected = await bytesAsBefore(server.baseUrl, server.token, 100);
		const parse = vi.spyOn(JSON, 'parse');
		try {
			const {result, bytes, records: seen} = await exportBytes(server.baseUrl, server.token);
			expect(result).toMatchObject({exitCode: 0, written: 1000});
			expect(bytes.equals(expected)).toBe(true);
			expect(seen).toEqual({bytes: 1000, text: 0, parsed: 0});
			const parsedLengths = parse.mock.calls.map(([text]) => String(text).length);
			expect(parsedLengths.filter((length) => length > 1000)).toEqual([]);
		} finally {
			parse.mockRestore();
		}
	});
});

describe("toNdjsonLine with the server's text", () => {
	it('writes the same line from the text as from the parsed record, for any JSON object', () => {
		fc.assert(
			fc.property(
				fc.dictionary(fc.string({unit: 'binary'}), fc.jsonValue({stringUnit: 'binary'}), {
					maxKeys: 6,
				}),
				(record) => {
					const text = JSON.stringify(record);
					expect(toNdjsonLine(record, text)).toBe(toNdjsonLine(record));
				},
			),
			{numRuns: 500},
		);
	});

	it('writes the parsed record when the text would break the line', () => {
		const record = {id: 1, list: [1, 2]};
		for (const text of [
			'{\n"id":1,"list":[1,2]}',
			'{"id":1,\r"list":[1,2]}',
			'{"id":1,\t"list":[1,2]}',
		]) {
			expect(toNdjsonLine(record, text)).toBe('{"id":1,"list":[1,2]}\n');
		}
	});
});

describe('the built command', () => {
	it('writes a record as the server wrote it, escaped as before', async () => {
		const records = ['{"id":98765432109876543210,"name":"x\u2028y","n":2.50}', '{"id":2}'];
		const baseUrl = await handWritten((offset, limit) => pageOf(records, offset, limit, 100));
		const env = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => !key.startsWith('VIKTOR_')),
		);
		env['VIKTOR_TOKEN'] = token;
		const {stdout, stderr} = await run(
			process.execPath,
			[cliPath, '--json', '--base-url', baseUrl],
			{
				env,
			},
		);
		expect(stderr).toBe('');
		expect(stdout).toBe('{"id":98765432109876543210,"name":"x\\u2028y","n":2.50}\n{"id":2}\n');
	});
});
