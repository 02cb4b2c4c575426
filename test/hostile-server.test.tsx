/**
 * A hostile server, one case per path, against the real client, the real list hook and the real
 * export: replicas that disagree on `count`, compression bombs made small at test time, an
 * endless body, a slow drip, a token echoed with zero-width characters in it, records nested
 * 10,000 deep and bidi controls in names.
 */
import {once} from 'node:events';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {Writable} from 'node:stream';
import zlib from 'node:zlib';
import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {useLayoutEffect} from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient, listWorkspaces, type ClientOptions} from '../source/api/index.js';
import {defaultMaxAnswerBytes} from '../source/api/body.js';
import type {Workspace} from '../source/api/types.js';
import {runExport} from '../source/commands/export.js';
import {errorText} from '../source/sanitize.js';
import {usePager, type Pager} from '../source/ui/hooks/use-pager.js';
import {createManualClock} from './clock.js';
import {waitForFrame} from './helpers.js';
import {sendEndlessBody} from './api/bodies.js';
import {failure} from './api/failure.js';

// A demo token, shaped like a real one.
const token = 'vktrpat_demo0123456789abcdefghijklmnopq';
const bombBytes = 256 * 1024 * 1024;

type Hostile = {baseUrl: string; host: string; hits: Map<string, number>; drips: number};

/** `bombBytes` of spaces compressed with `compress`, streamed through a reused 1 MB buffer. */
async function bomb(compress: zlib.Gzip | zlib.BrotliCompress): Promise<Buffer> {
	const parts: Buffer[] = [];
	compress.on('data', (chunk: Buffer) => parts.push(chunk));
	const ended = once(compress, 'end');
	const block = Buffer.alloc(1024 * 1024, 0x20);
	for (let written = 0; written < bombBytes; written += block.length) {
		if (!compress.write(block)) await once(compress, 'drain');
	}

	compress.end();
	await ended;
	return Buffer.concat(parts);
}

function nested(depth: number): string {
	return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

let hostile: Hostile;
let server: http.Server;

beforeAll(async () => {
	const gzipBomb = await bomb(zlib.createGzip({level: 1}));
	const brotliBomb = await bomb(
		zlib.createBrotliCompress({params: {[zlib.constants.BROTLI_PARAM_QUALITY]: 1}}),
	);
	expect(gzipBomb.length).toBeLessThan(2 * 1024 * 1024);
	expect(brotliBomb.length).toBeLessThan(256 * 1024);
	const hits = new Map<string, number>();
	const state = {drips: 0};
	server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://hostile.invalid');
		const path = url.pathname;
		const hit = (hits.get(path) ?? 0) + 1;
		hits.set(path, hit);
		const json = (status: number, body: string, headers: http.OutgoingHttpHeaders = {}) => {
			response.writeHead(status, {'content-type': 'application/json', ...headers});
			response.end(body);
		};

		switch (path) {
			case '/api/alternating/workspaces/': {
				// Two replicas behind a load balancer: 95 and 100 records, answering in turn.
				const count = hit % 2 === 1 ? 95 : 100;
				const offset = Number(url.searchParams.get('offset'));
				const limit = Number(url.searchParams.get('limit'));
				const results = Array.from(
					{length: Math.max(0, Math.min(limit, count - offset))},
					(_, index) => ({id: offset + index, name: `workspace ${offset + index}`}),
				);
				json(200, JSON.stringify({count, results}));
				return;
			}

			case '/api/gzip-bomb/':
			case '/api/brotli-bomb/': {
				const isGzip = path === '/api/gzip-bomb/';
				response.writeHead(200, {
					'content-type': 'application/json',
					'content-encoding': isGzip ? 'gzip' : 'br',
				});
				response.end(isGzip ? gzipBomb : brotliBomb);
				return;
			}

			case '/api/endless/': {
				sendEndlessBody(response);
				return;
			}

			case '/api/drip/': {
				response.writeHead(200, {'content-type': 'application/json'});
				response.write('{"count": 1, "results": [');
				const timer = setInterval(() => {
					state.drips++;
					response.write(' ');
				}, 5);
				response.on('close', () => {
					clearInterval(timer);
				});
				return;
			}

			case '/api/echo/': {
				// Echoes the token it got, with a zero-width space between its characters.
				const sent = (request.headers.authorization ?? '').replace(/^Bearer /, '');
				const echoed = `${sent.slice(0, 8)}${[...sent.slice(8)].join('\u200B')}`;
				json(401, JSON.stringify({detail: `Invalid token ${echoed}.`}));
				return;
			}

			case '/api/deep/': {
				const deep = nested(10_000);
				json(
					200,
					`{"count": 3, "results": [{"id": 0}, {"id": 1, "deep": ${deep}}, {"id": 2, "name": "a\\u202Eb\\u2066c"}]}`,
				);
				return;
			}

			default: {
				json(404, '{"detail": "Not found."}');
			}
		}
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as AddressInfo;
	hostile = {
		baseUrl: `http://127.0.0.1:${port}/api`,
		host: `127.0.0.1:${port}`,
		hits,
		get drips() {
			return state.drips;
		},
	};
}, 60_000);

afterAll(async () => {
	server.closeAllConnections();
	server.close();
	await once(server, 'close');
});

afterEach(() => {
	cleanup();
	hostile.hits.clear();
});

function client(options: Partial<ClientOptions> = {}) {
	return createClient({baseUrl: hostile.baseUrl, token, retryBaseDelayMs: 0, ...options});
}

type Holder = {pager?: Pager<Workspace>};

function Probe({holder}: {holder: Holder}) {
	const api = client();
	const pager = usePager<Workspace>({
		fetchPage: async (query, options) => listWorkspaces(api, query, options).then((page) => page),
		rows: 21,
	});
	useLayoutEffect(() => {
		holder.pager = pager;
	});
	return (
		<Text>{`${pager.position.number} of ${pager.position.count ?? '?'}${pager.isLoading ? ' loading' : ''}`}</Text>
	);
}

describe('replicas that disagree on count', () => {
	it('End settles with a bounded number of requests and stays quiet', async () => {
		const holder: Holder = {};
		// listWorkspaces asks `workspaces/`: point the client's base at the alternating path.
		const base = hostile.baseUrl;
		hostile.baseUrl = `${base}/alternating`;
		try {
			const {lastFrame} = render(<Probe holder={holder} />);
			await waitForFrame(lastFrame, (frame) => / of (?:95|100)$/.test(frame));
			const opened = requests();
			holder.pager?.moveToLast();
			const settled = await waitForFrame(
				lastFrame,
				(frame) => / of (?:95|100)$/.test(frame) && !frame.startsWith('1 of'),
			);
			expect(settled).not.toContain('loading');
			const afterEnd = requests();
			// Quiet afterwards: give a storm the time to show itself (it made 110 requests a second).
			await new Promise((resolve) => {
				setTimeout(resolve, 300);
			});
			expect(requests()).toBe(afterEnd);
			expect(afterEnd - opened).toBeLessThanOrEqual(4);
			expect(lastFrame()).not.toContain('loading');
		} finally {
			hostile.baseUrl = base;
		}

		function requests() {
			return hostile.hits.get('/api/alternating/workspaces/') ?? 0;
		}
	});
});

describe('answers larger than the cap', () => {
	it.each([
		['a gzip bomb', 'gzip-bomb'],
		['a brotli bomb', 'brotli-bomb'],
		['an endless body', 'endless'],
	])(
		'refuses %s after one request, with bounded memory and a plain message',
		async (_name, path) => {
			const base = process.memoryUsage().rss;
			let peak = base;
			const sampler = setInterval(() => {
				peak = Math.max(peak, process.memoryUsage().rss);
			}, 5);
			try {
				const error = await failure(client({maxAttempts: 4}).getJson(path));
				peak = Math.max(peak, process.memoryUsage().rss);
				expect(error.kind).toBe('too-large');
				expect(error.message).toBe(`the answer from ${hostile.host} was larger than 32 MB`);
			} finally {
				clearInterval(sampler);
			}

			expect(hostile.hits.get(`/api/${path}/`)).toBe(1);
			// Before the cap a 256 MB bomb took RSS up by 285 MB.
			expect(peak - base).toBeLessThan(3 * defaultMaxAnswerBytes);
		},
	);
});

describe('a slow drip', () => {
	it('times out on its clock with the body half-read, and is not waited on forever', async () => {
		const clock = createManualClock();
		const pending = failure(client({clock, timeoutMs: 1000, maxAttempts: 1}).getJson('drip'));
		await waitForFrame(
			() => String(hostile.drips),
			(drips) => Number(drips) >= 3,
		);
		clock.advance(1000);
		const error = await pending;
		expect(error.kind).toBe('timeout');
		expect(error.message).toBe(`${hostile.host} did not answer within 1 s.`);
	});
});

describe('an echoed token', () => {
	it('is redacted whole although zero-width characters sit between its characters', async () => {
		const error = await failure(client().getJson('echo'));
		expect(error.kind).toBe('auth');
		const shown = errorText(error, [token]);
		expect(shown).toContain('Invalid token [redacted].');
		const visible = Array.from(`${error.message}${shown}`)
			.filter((character) => !/\p{Cf}/u.test(character))
			.join('');
		for (let index = 8; index + 4 <= token.length; index++) {
			expect(visible).not.toContain(token.slice(index, index + 4));
		}
	});
});

describe('a record nested 10,000 deep and bidi controls in a name', () => {
	it('are exported whole, escaped, with exit 0', async () => {
		const api = client();
		const lines: string[] = [];
		const output = new Writable({
			write(chunk: Buffer, _encoding, callback) {
				lines.push(...chunk.toString().split('\n').filter(Boolean));
				callback();
			},
		});
		let stderr = '';
		const result = await runExport({
			fetchPage: async (query, options) => {
				const body = await api.getJson('deep', {offset: query.offset, limit: query.limit}, options);
				return body as {count: number; results: Workspace[]};
			},
			output,
			stderr: new Writable({
				write(chunk: Buffer, _encoding, callback) {
					stderr += chunk.toString();
					callback();
				},
			}),
			isStderrTty: false,
		});
		expect(stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(lines).toHaveLength(3);
		expect(lines[1]).toBe(`{"id":1,"deep":${nested(10_000)}}`);
		expect(lines[2]).toBe('{"id":2,"name":"a\\u202eb\\u2066c"}');
	});
});
