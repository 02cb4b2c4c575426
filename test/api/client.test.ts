import {once} from 'node:events';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {inspect} from 'node:util';
import zlib from 'node:zlib';
import {describe, expect, it, onTestFinished} from 'vitest';
import {createClient, type BytesReader, type ClientOptions} from '../../source/api/client.js';
import {
	describeErrorBody,
	formatDuration,
	parseRetryAfter,
	redact,
} from '../../source/api/errors.js';
import {RecordBytes, readPageBytes} from '../../source/api/page-bytes.js';
import type {RetryEvent} from '../../source/api/types.js';
import {formatBytes} from '../../source/format.js';
import {createManualClock} from '../clock.js';
import {settle} from '../helpers.js';
import {userAgent} from '../../source/version.js';
import {sendEndlessBody} from './bodies.js';
import {failure} from './failure.js';
import {countWebStreams} from './web-streams.js';

const token = 'secret-token-0123456789abcdef';

type Recorded = {method: string; url: string; headers: http.IncomingHttpHeaders; at: number};
type Handler = (
	request: http.IncomingMessage,
	response: http.ServerResponse,
	index: number,
) => void;
type TestServer = {baseUrl: string; port: number; requests: Recorded[]; close: () => Promise<void>};

/** A real HTTP server on 127.0.0.1 that records every request; closed when the test finishes. */
async function startServer(handler: Handler): Promise<TestServer> {
	const requests: Recorded[] = [];
	const server = http.createServer((request, response) => {
		requests.push({
			method: request.method ?? '',
			url: request.url ?? '',
			headers: request.headers,
			at: Date.now(),
		});
		handler(request, response, requests.length - 1);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as AddressInfo;
	const close = async () => {
		server.closeAllConnections();
		if (server.listening) {
			server.close();
			await once(server, 'close');
		}
	};

	onTestFinished(close);
	return {baseUrl: `http://127.0.0.1:${port}/api`, port, requests, close};
}

function send(
	response: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', ...headers});
	response.end(text);
}

function clientFor(server: TestServer, options: Partial<ClientOptions> = {}) {
	return createClient({
		baseUrl: server.baseUrl,
		token,
		retryBaseDelayMs: 10,
		timeoutMs: 2000,
		...options,
	});
}

function expectNoToken(error: unknown, secret = token): void {
	const seen: string[] = [String(error), JSON.stringify(error), inspect(error, {depth: 10})];
	let current: unknown = error;
	while (current instanceof Error) {
		seen.push(current.message, current.stack ?? '');
		// Hidden properties count too: a fetch error keeps the request options (headers) there.
		for (const key of Object.getOwnPropertyNames(current)) {
			seen.push(
				inspect((current as unknown as Record<string, unknown>)[key], {showHidden: true, depth: 6}),
			);
		}

		current = current.cause;
	}

	for (const text of seen) expect(text).not.toContain(secret);
}

describe('requests', () => {
	it('sends the token, Accept and User-Agent headers with every request', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, {ok: true});
		});
		const client = clientFor(server);
		await expect(client.getJson('workspaces')).resolves.toEqual({ok: true});
		const headers = server.requests[0]?.headers;
		expect(headers?.authorization).toBe(`Bearer ${token}`);
		expect(headers?.accept).toBe('application/json');
		expect(headers?.['user-agent']).toBe(userAgent);
		expect(userAgent).toMatch(/^viktor-tui\/\d+\.\d+\.\d+/);
	});

	it('sends a custom user agent when given one', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, []);
		});
		await clientFor(server, {userAgent: 'tester/1'}).getJson('workspaces');
		expect(server.requests[0]?.headers['user-agent']).toBe('tester/1');
	});

	it.each([
		['workspaces', '/api/workspaces/'],
		['/workspaces', '/api/workspaces/'],
		['/workspaces/1', '/api/workspaces/1/'],
		['workspaces/1/', '/api/workspaces/1/'],
		['users/current', '/api/users/current/'],
		['', '/api/'],
	])('puts a trailing slash on %j (%s)', async (path, expected) => {
		const server = await startServer((_request, response) => {
			send(response, 200, {});
		});
		await clientFor(server).getJson(path);
		expect(server.requests[0]?.url).toBe(expected);
	});

	it('sends query parameters and leaves out undefined ones', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, {});
		});
		await clientFor(server).getJson('workspaces', {
			limit: 25,
			offset: 50,
			search: 'pile & beam',
			is_dev: false,
			sort: undefined,
		});
		expect(server.requests[0]?.url).toBe(
			'/api/workspaces/?limit=25&offset=50&search=pile+%26+beam&is_dev=false',
		);
	});

	it('exposes the base URL and the host it talks to', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, {});
		});
		const client = clientFor(server);
		expect(client.baseUrl).toBe(server.baseUrl);
		expect(client.host).toBe(`127.0.0.1:${server.port}`);
	});

	it('refuses a path that carries its own query or another host', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, {});
		});
		const client = clientFor(server);
		await expect(client.getJson('workspaces?limit=1')).rejects.toThrow(TypeError);
		await expect(client.getJson('https://other.example/api')).rejects.toThrow(TypeError);
		await expect(client.getJson('workspaces/../../admin')).rejects.toThrow(TypeError);
		expect(server.requests).toHaveLength(0);
	});
});

describe('createClient', () => {
	it('refuses a clear-text base URL outside loopback before any request', () => {
		expect(() => createClient({baseUrl: 'http://acme.viktor.ai/api', token})).toThrow(
			/refusing http:\/\/acme\.viktor\.ai: the token would travel unencrypted; use https:\/\//,
		);
	});

	it('accepts https and loopback base URLs', () => {
		expect(createClient({baseUrl: 'https://acme.viktor.ai/api/', token}).baseUrl).toBe(
			'https://acme.viktor.ai/api',
		);
		expect(createClient({baseUrl: 'http://localhost:8123/api', token}).host).toBe('localhost:8123');
	});

	it('refuses an empty token or one with characters a header cannot carry, without echoing it', () => {
		expect(() => createClient({baseUrl: 'https://acme.viktor.ai/api', token: ''})).toThrow(
			/No token given/,
		);
		for (const bad of [`${token}\n`, `${token} x`, `${token}é`]) {
			let caught: unknown;
			try {
				createClient({baseUrl: 'https://acme.viktor.ai/api', token: bad});
			} catch (error) {
				caught = error;
			}

			expect(caught).toBeInstanceOf(TypeError);
			expect(String(caught)).not.toContain(token);
		}
	});

	it('refuses nonsensical numbers', () => {
		const baseUrl = 'https://acme.viktor.ai/api';
		expect(() => createClient({baseUrl, token, maxAttempts: 0})).toThrow(RangeError);
		expect(() => createClient({baseUrl, token, timeoutMs: -1})).toThrow(RangeError);
		expect(() => createClient({baseUrl, token, retryBaseDelayMs: 1.5})).toThrow(RangeError);
	});
});

describe('error mapping', () => {
	it('maps a 400 with field errors to bad-request with the errors on one line', async () => {
		const server = await startServer((_request, response) => {
			send(response, 400, {
				limit: ['A valid integer is required.'],
				non_field_errors: ['Search and sort cannot be combined.'],
			});
		});
		const error = await failure(clientFor(server).getJson('workspaces', {limit: 'x'}));
		expect(error.kind).toBe('bad-request');
		expect(error.status).toBe(400);
		expect(error.message).toBe(
			`127.0.0.1:${server.port} rejected the request for /api/workspaces/ (HTTP 400): limit: A valid integer is required.; non_field_errors: Search and sort cannot be combined.`,
		);
		expect(server.requests).toHaveLength(1);
	});

	it.each([
		[{detail: 'Not allowed.'}, 'Not allowed.'],
		[{detail: 'x', code: 'y'}, 'x'],
		[['first problem', 'second problem'], 'first problem second problem'],
		['plain text', 'plain text'],
		[{app: {id: ['Unknown app.']}}, 'app.id: Unknown app.'],
		[{labels: [{}, {name: ['Too long.']}]}, 'labels.1.name: Too long.'],
		[{limit: 5, flag: true}, 'limit: 5; flag: true'],
		[{detail: 'line one\nline two\u001B[31m red'}, 'line one line two red'],
		[{detail: ''}, undefined],
		[{}, undefined],
		[null, undefined],
		[[], undefined],
		[{nested: {deeper: {deepest: {beyond: {gone: ['x']}}}}}, undefined],
	])('describes the error body %j as %j', (body, expected) => {
		expect(describeErrorBody(body)).toBe(expected);
	});

	it('keeps a described error body to one bounded line', () => {
		const described = describeErrorBody({detail: 'x'.repeat(5000)});
		expect(described?.length).toBeLessThanOrEqual(300);
	});

	it.each([
		[
			401,
			{detail: 'Invalid token.'},
			'auth',
			/^The token was rejected by 127\.0\.0\.1:\d+ \(HTTP 401\): Invalid token\. Check/,
		],
		[
			403,
			{detail: 'Specified path is not allowed'},
			'forbidden',
			/^127\.0\.0\.1:\d+ does not allow this token to read \/api\/workspaces\/ \(HTTP 403\): Specified path is not allowed\.$/,
		],
		[
			404,
			{detail: 'Not found.'},
			'not-found',
			/^127\.0\.0\.1:\d+ has nothing at \/api\/workspaces\/ \(HTTP 404\): Not found\.$/,
		],
		[
			405,
			{detail: 'Method "GET" not allowed.'},
			'bad-request',
			/rejected the request for \/api\/workspaces\/ \(HTTP 405\)/,
		],
		[
			500,
			{detail: 'Boom'},
			'server',
			/^127\.0\.0\.1:\d+ failed with a server error \(HTTP 500\): Boom\.$/,
		],
		[
			429,
			{detail: 'Slow down.'},
			'rate-limited',
			/is limiting the rate of requests \(HTTP 429\): Slow down\./,
		],
	])(
		'maps HTTP %i to kind %s... with a message naming the host',
		async (status, body, kind, message) => {
			const server = await startServer((_request, response) => {
				send(response, status, body);
			});
			const error = await failure(clientFor(server, {maxAttempts: 1}).getJson('workspaces'));
			expect(error.kind).toBe(kind);
			expect(error.status).toBe(status);
			expect(error.host).toBe(`127.0.0.1:${server.port}`);
			expect(error.message).toMatch(message);
		},
	);

	it('does not retry a 400, 401, 403, 404 or 500', async () => {
		for (const status of [400, 401, 403, 404, 500]) {
			const server = await startServer((_request, response) => {
				send(response, status, {detail: 'no'});
			});
			await failure(clientFor(server).getJson('workspaces'));
			expect(server.requests).toHaveLength(1);
		}
	});

	it.each([
		[
			200,
			'text/html',
			'<html><body>Sign in</body></html>',
			'invalid-response',
			/answered with a non-JSON page for \/api\/workspaces\/ \(HTTP 200\)/,
		],
		[
			502,
			'text/html',
			'<html>Bad gateway</html>',
			'server',
			/^127\.0\.0\.1:\d+ answered with a non-JSON page \(HTTP 502\)\.$/,
		],
		[
			200,
			'application/json',
			'{"count": 3, "results": [',
			'invalid-response',
			/answered with malformed JSON for \/api\/workspaces\/ \(HTTP 200\)/,
		],
		[
			200,
			'application/json',
			'"just a string"',
			'invalid-response',
			/neither an object nor a list/,
		],
		[200, 'application/json', 'null', 'invalid-response', /neither an object nor a list/],
		[200, 'application/json', '', 'invalid-response', /with an empty body \(HTTP 200\)/],
		[200, 'text/plain', 'hello', 'invalid-response', /non-JSON page/],
		[
			401,
			'text/html',
			'<html>login</html>',
			'auth',
			/\(HTTP 401\): the answer was a non-JSON page\. Check/,
		],
		[
			404,
			'application/json',
			'{oops',
			'not-found',
			/\(HTTP 404\): the answer was malformed JSON\.$/,
		],
		[
			304,
			'application/json',
			'',
			'invalid-response',
			/with HTTP 304, which the client does not handle/,
		],
	])('maps HTTP %i with %s body %j to %s', async (status, contentType, text, kind, message) => {
		const server = await startServer((_request, response) => {
			response.writeHead(status, {'content-type': contentType});
			response.end(text);
		});
		const error = await failure(clientFor(server, {maxAttempts: 1}).getJson('workspaces'));
		expect(error.kind).toBe(kind);
		expect(error.message).toMatch(message);
	});

	it('accepts JSON labelled as another type and JSON without a content type', async () => {
		const server = await startServer((_request, response, index) => {
			response.writeHead(200, index === 0 ? {'content-type': 'text/plain'} : {});
			response.end('{"count": 0, "results": []}');
		});
		const client = clientFor(server);
		await expect(client.getJson('a')).resolves.toEqual({count: 0, results: []});
		await expect(client.getJson('b')).resolves.toEqual({count: 0, results: []});
	});

	it('says that a refused connection could not reach the host, after bounded retries', async () => {
		const server = await startServer(() => undefined);
		await server.close();
		const events: RetryEvent[] = [];
		const client = clientFor(server, {maxAttempts: 3});
		const error = await failure(
			client.getJson('workspaces', undefined, {onRetry: (event) => events.push(event)}),
		);
		expect(error.kind).toBe('network');
		expect(error.message).toBe(
			`Could not reach 127.0.0.1:${server.port}: nothing is listening at http://127.0.0.1:${server.port} (ECONNREFUSED).`,
		);
		expect(events.map((event) => [event.attempt, event.reason])).toEqual([
			[1, 'network'],
			[2, 'network'],
		]);
	});
});

describe('retries', () => {
	it('retries 502, 503 and 504, then succeeds, reporting each retry before its wait', async () => {
		const statuses = [502, 503, 504];
		const server = await startServer((_request, response, index) => {
			const status = statuses[index];
			if (status === undefined) send(response, 200, {count: 1});
			else send(response, status, {detail: 'busy'});
		});
		const events: Array<RetryEvent & {at: number}> = [];
		const client = clientFor(server, {maxAttempts: 4, retryBaseDelayMs: 40});
		const body = await client.getJson('workspaces', undefined, {
			onRetry: (event) => events.push({...event, at: Date.now()}),
		});
		expect(body).toEqual({count: 1});
		expect(server.requests).toHaveLength(4);
		expect(
			events.map(({attempt, maxAttempts, reason, status, fromRetryAfter}) => ({
				attempt,
				maxAttempts,
				reason,
				status,
				fromRetryAfter,
			})),
		).toEqual([
			{attempt: 1, maxAttempts: 4, reason: 'server', status: 502, fromRetryAfter: false},
			{attempt: 2, maxAttempts: 4, reason: 'server', status: 503, fromRetryAfter: false},
			{attempt: 3, maxAttempts: 4, reason: 'server', status: 504, fromRetryAfter: false},
		]);
		for (const [index, event] of events.entries()) {
			// Full jitter: anywhere from 0 up to base * 2^(attempt - 1).
			expect(event.delayMs).toBeGreaterThanOrEqual(0);
			expect(event.delayMs).toBeLessThanOrEqual(40 * 2 ** index);
			const nextRequest = server.requests[index + 1];
			expect(event.at).toBeLessThanOrEqual(nextRequest?.at ?? 0);
			expect((nextRequest?.at ?? 0) - event.at).toBeGreaterThanOrEqual(event.delayMs - 5);
		}
	});

	it('gives up after maxAttempts and rejects with the last failure', async () => {
		const server = await startServer((_request, response) => {
			send(response, 503, {detail: 'Maintenance.'});
		});
		const error = await failure(clientFor(server, {maxAttempts: 3}).getJson('workspaces'));
		expect(server.requests).toHaveLength(3);
		expect(error.kind).toBe('server');
		expect(error.status).toBe(503);
		expect(error.message).toMatch(/\(HTTP 503\): Maintenance\.$/);
	});

	it('makes one attempt only when maxAttempts is 1', async () => {
		const server = await startServer((_request, response) => {
			send(response, 502, {});
		});
		await failure(clientFor(server, {maxAttempts: 1}).getJson('workspaces'));
		expect(server.requests).toHaveLength(1);
	});

	it('honours Retry-After in seconds on a 429', async () => {
		const server = await startServer((_request, response, index) => {
			if (index === 0) send(response, 429, {detail: 'Throttled.'}, {'retry-after': '1'});
			else send(response, 200, {ok: true});
		});
		const events: RetryEvent[] = [];
		const clock = createManualClock();
		const pending = clientFor(server, {clock}).getJson('workspaces', undefined, {
			onRetry: (event) => events.push(event),
		});
		await expect.poll(() => events.length).toBe(1);
		clock.advance(999);
		await settle();
		expect(server.requests).toHaveLength(1);
		clock.advance(1);
		await pending;
		expect(server.requests).toHaveLength(2);
		expect(events).toEqual([
			{
				attempt: 1,
				maxAttempts: 4,
				delayMs: 1000,
				reason: 'rate-limited',
				status: 429,
				fromRetryAfter: true,
			},
		]);
	});

	it('caps a long Retry-After at maxRetryDelayMs and reports the full wait on the error', async () => {
		const server = await startServer((_request, response) => {
			send(response, 429, {detail: 'Quota.'}, {'retry-after': '120'});
		});
		const events: RetryEvent[] = [];
		const clock = createManualClock();
		const pending = failure(
			clientFor(server, {maxAttempts: 2, maxRetryDelayMs: 150, clock}).getJson(
				'workspaces',
				undefined,
				{onRetry: (event) => events.push(event)},
			),
		);
		await expect.poll(() => events.length).toBe(1);
		expect(events[0]?.delayMs).toBe(150);
		clock.advance(150);
		const error = await pending;
		expect(server.requests).toHaveLength(2);
		expect(error.kind).toBe('rate-limited');
		expect(error.retryAfterMs).toBe(120_000);
		expect(error.message).toMatch(/It asked to wait 120 s\.$/);
	});

	it('keeps retrying when an onRetry observer throws', async () => {
		const server = await startServer((_request, response, index) => {
			send(response, index === 0 ? 502 : 200, {});
		});
		const body = await clientFor(server).getJson('workspaces', undefined, {
			onRetry() {
				throw new Error('observer bug');
			},
		});
		expect(body).toEqual({});
	});
});

describe('timeouts and cancellation', () => {
	it('times out each attempt on its clock and retries with a fresh timeout', async () => {
		const server = await startServer(() => undefined);
		const clock = createManualClock();
		const events: RetryEvent[] = [];
		let settled = false;
		const pending = clientFor(server, {
			timeoutMs: 200,
			maxAttempts: 2,
			retryBaseDelayMs: 0,
			clock,
		})
			.getJson('workspaces', undefined, {onRetry: (event) => events.push(event)})
			.finally(() => {
				settled = true;
			});
		await expect.poll(() => server.requests.length).toBe(1);
		// However slow the machine, nothing times out before the clock says so.
		clock.advance(199);
		await settle();
		expect(settled).toBe(false);
		expect(events).toEqual([]);
		clock.advance(1);
		await expect.poll(() => clock.pending().length).toBe(1);
		clock.advance(0);
		await expect.poll(() => server.requests.length).toBe(2);
		expect(events.map((event) => event.reason)).toEqual(['timeout']);
		clock.advance(199);
		await settle();
		expect(settled).toBe(false);
		clock.advance(1);
		const error = await failure(pending);
		expect(error.kind).toBe('timeout');
		expect(error.message).toBe(`127.0.0.1:${server.port} did not answer within 200 ms.`);
		expect(server.requests).toHaveLength(2);
	});

	it('waits out Retry-After on its clock before it asks again', async () => {
		const server = await startServer((_request, response, index) => {
			if (index === 0) send(response, 503, {}, {'retry-after': '10'});
			else send(response, 200, {ok: true});
		});
		const clock = createManualClock();
		const events: RetryEvent[] = [];
		const pending = clientFor(server, {clock}).getJson('workspaces', undefined, {
			onRetry: (event) => events.push(event),
		});
		await expect.poll(() => events.length).toBe(1);
		expect(events[0]).toMatchObject({delayMs: 10_000, fromRetryAfter: true});
		clock.advance(9_999);
		await settle();
		expect(server.requests).toHaveLength(1);
		clock.advance(1);
		await expect(pending).resolves.toEqual({ok: true});
		expect(server.requests).toHaveLength(2);
	});

	it('reads a Retry-After date against its clock', async () => {
		const clock = createManualClock(Date.parse('2026-11-27T12:00:00Z'));
		const server = await startServer((_request, response, index) => {
			if (index === 0) send(response, 429, {}, {'retry-after': 'Fri, 27 Nov 2026 12:00:07 GMT'});
			else send(response, 200, {});
		});
		const events: RetryEvent[] = [];
		const pending = clientFor(server, {clock}).getJson('workspaces', undefined, {
			onRetry: (event) => events.push(event),
		});
		await expect.poll(() => events.length).toBe(1);
		expect(events[0]?.delayMs).toBe(7000);
		clock.advance(7000);
		await expect(pending).resolves.toEqual({});
	});

	it('times out a body that stops half-way', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"count": 1, "res');
		});
		const error = await failure(
			clientFor(server, {timeoutMs: 200, maxAttempts: 1}).getJson('workspaces'),
		);
		expect(error.kind).toBe('timeout');
	});

	it('says "15 s" for the default timeout', () => {
		expect(formatDuration(15_000)).toBe('15 s');
		expect(formatDuration(1500)).toBe('1.5 s');
		expect(formatDuration(200)).toBe('200 ms');
	});

	it('cancels a hanging request at once and never retries it', async () => {
		const server = await startServer(() => undefined);
		const controller = new AbortController();
		const events: RetryEvent[] = [];
		// The clock never moves: only the cancellation can end the request.
		const pending = clientFor(server, {clock: createManualClock()}).getJson(
			'workspaces',
			undefined,
			{
				signal: controller.signal,
				onRetry: (event) => events.push(event),
			},
		);
		await expect.poll(() => server.requests.length).toBe(1);
		controller.abort();
		const error = await failure(pending);
		expect(error.kind).toBe('cancelled');
		expect(error.message).toBe(`The request to 127.0.0.1:${server.port} was cancelled.`);
		expect(events).toEqual([]);
		expect(server.requests).toHaveLength(1);
	});

	it('sends nothing when the signal is already aborted', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, {});
		});
		const error = await failure(
			clientFor(server).getJson('workspaces', undefined, {signal: AbortSignal.abort()}),
		);
		expect(error.kind).toBe('cancelled');
		expect(server.requests).toHaveLength(0);
	});

	it('cuts a retry wait short when cancelled during it', async () => {
		const server = await startServer((_request, response) => {
			send(response, 503, {}, {'retry-after': '10'});
		});
		const controller = new AbortController();
		const clock = createManualClock();
		const pending = clientFor(server, {clock}).getJson('workspaces', undefined, {
			signal: controller.signal,
			onRetry() {
				setImmediate(() => {
					controller.abort();
				});
			},
		});
		// The 10 s wait is on a clock that never moves: only the cancellation can end it.
		const error = await failure(pending);
		expect(error.kind).toBe('cancelled');
		expect(clock.pending()).toEqual([]);
		expect(server.requests).toHaveLength(1);
	});
});

describe('redirects', () => {
	it('follows a same-origin redirect with the token', async () => {
		const server = await startServer((request, response) => {
			if (request.url === '/api/old/') {
				response.writeHead(301, {location: '/api/new/?limit=1'});
				response.end();
			} else {
				send(response, 200, {moved: true});
			}
		});
		await expect(clientFor(server).getJson('old')).resolves.toEqual({moved: true});
		expect(server.requests.map((request) => request.url)).toEqual([
			'/api/old/',
			'/api/new/?limit=1',
		]);
		expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${token}`);
	});

	it('does not follow a redirect to another host, and the other host sees nothing', async () => {
		const other = await startServer((_request, response) => {
			send(response, 200, {stolen: true});
		});
		const server = await startServer((_request, response) => {
			response.writeHead(302, {location: `http://127.0.0.1:${other.port}/api/workspaces/`});
			response.end();
		});
		const error = await failure(clientFor(server).getJson('workspaces'));
		expect(error.kind).toBe('invalid-response');
		expect(error.message).toBe(
			`127.0.0.1:${server.port} redirected to 127.0.0.1:${other.port}; not following with your token.`,
		);
		expect(other.requests).toHaveLength(0);
		expect(server.requests).toHaveLength(1);
	});

	it.each([
		[
			'http://acme.example.com/api/',
			/redirected to http:\/\/acme\.example\.com, which is not encrypted; not following with your token\./,
		],
		[
			'https://acme.example.com/api/',
			/redirected to acme\.example\.com; not following with your token\./,
		],
		[
			'//acme.example.com/api/',
			/redirected to http:\/\/acme\.example\.com, which is not encrypted/,
		],
		['http://user:pw@127.0.0.1/', /credentials/],
	])('refuses a redirect to %s', async (location, message) => {
		const server = await startServer((_request, response) => {
			response.writeHead(307, {location});
			response.end();
		});
		const error = await failure(clientFor(server).getJson('workspaces'));
		expect(error.kind).toBe('invalid-response');
		expect(error.message).toMatch(message);
	});

	it('gives up on a redirect loop after 5 redirects', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(302, {location: '/api/loop/'});
			response.end();
		});
		const error = await failure(clientFor(server).getJson('loop'));
		expect(error.message).toMatch(/redirected more than 5 times/);
		expect(server.requests).toHaveLength(6);
	});

	it('reports a redirect without a Location', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(302);
			response.end();
		});
		const error = await failure(clientFor(server).getJson('workspaces'));
		expect(error.message).toMatch(/answered HTTP 302 without saying where to go/);
	});
});

describe('the token stays secret', () => {
	const echoes: Array<[string, Handler]> = [
		[
			'a 401 detail',
			(request, response) =>
				send(response, 401, {detail: `Bad ${request.headers.authorization ?? ''}`}),
		],
		[
			'a 400 field error',
			(request, response) => send(response, 400, {token: [String(request.headers.authorization)]}),
		],
		[
			'a 429 detail',
			(request, response) => send(response, 429, {detail: String(request.headers.authorization)}),
		],
		[
			'a 500 detail',
			(request, response) => send(response, 500, {detail: String(request.headers.authorization)}),
		],
		[
			'an HTML page',
			(request, response) => {
				response.writeHead(502, {'content-type': 'text/html'});
				response.end(`<p>${String(request.headers.authorization)}</p>`);
			},
		],
		[
			'a redirect',
			(_request, response) => {
				response.writeHead(302, {location: `https://evil.example/?t=${token}`});
				response.end();
			},
		],
		[
			'a cut connection',
			(_request, response) => {
				response.socket?.destroy();
			},
		],
		['a hang', () => undefined],
	];

	it.each(echoes)('keeps the token out of every error from %s', async (_name, handler) => {
		const server = await startServer(handler);
		const error = await failure(
			clientFor(server, {maxAttempts: 2, timeoutMs: 150}).getJson('workspaces'),
		);
		expectNoToken(error);
		expectNoToken(error, 'vktrpat_');
	});

	it('keeps a vktrpat_ token out of a network error', async () => {
		const server = await startServer(() => undefined);
		await server.close();
		const patToken = 'vktrpat_abcdefghijklmn_abcdefghijklmnopqrstuvwxyz';
		const error = await failure(
			createClient({baseUrl: server.baseUrl, token: patToken, maxAttempts: 1}).getJson(
				'workspaces',
			),
		);
		expect(error.cause).toBeInstanceOf(Error);
		expectNoToken(error, patToken);
	});

	it('redacts exact secrets and token-shaped text', () => {
		expect(redact(`a ${token} b`, [token])).toBe('a [redacted] b');
		expect(redact('x vktrpat_abc_def y')).toBe('x vktrpat_[redacted] y');
		expect(redact('demo words', ['demo'])).toBe('demo words');
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-27T12:00:00Z');
	it.each([
		['3', 3000],
		[' 0 ', 0],
		['1.5', 1500],
		['Fri, 27 Nov 2026 12:00:05 GMT', 5000],
		['Fri, 27 Nov 2026 11:59:00 GMT', 0],
		['-3', undefined],
		['soon', undefined],
		['', undefined],
		[null, undefined],
	])('reads %j as %j ms', (header, expected) => {
		expect(parseRetryAfter(header, now)).toBe(expected);
	});
});

describe('the answer size cap', () => {
	function fill(bytes: number): string {
		// A JSON object of exactly `bytes` bytes.
		return `{"a":"${'x'.repeat(bytes - 8)}"}`;
	}

	it('reads an answer of exactly the cap', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, fill(1024));
		});
		const body = await clientFor(server, {maxAnswerBytes: 1024}).getJson('workspaces');
		expect(body).toEqual({a: 'x'.repeat(1016)});
	});

	it.each([
		['with a content-length', true],
		['streamed without a content-length', false],
	])(
		'refuses a larger answer %s, says so plainly and does not retry it',
		async (_name, hasLength) => {
			const server = await startServer((_request, response) => {
				const text = fill(1025);
				response.writeHead(200, {
					'content-type': 'application/json',
					...(hasLength ? {'content-length': String(text.length)} : {}),
				});
				response.write(text.slice(0, 500));
				response.end(text.slice(500));
			});
			const error = await failure(
				clientFor(server, {maxAnswerBytes: 1024, maxAttempts: 4}).getJson('workspaces'),
			);
			expect(error.kind).toBe('too-large');
			expect(error.message).toBe(`the answer from 127.0.0.1:${server.port} was larger than 1 KB`);
			expect(server.requests).toHaveLength(1);
		},
	);

	it('caps an error answer too', async () => {
		const server = await startServer((_request, response) => {
			send(response, 503, 'x'.repeat(5000));
		});
		const error = await failure(clientFor(server, {maxAnswerBytes: 4096}).getJson('workspaces'));
		expect(error.kind).toBe('too-large');
		expect(error.message).toContain('was larger than 4 KB');
		expect(server.requests).toHaveLength(1);
	});

	it('names the default cap of 32 MB', async () => {
		const server = await startServer((_request, response) => {
			sendEndlessBody(response);
		});
		const error = await failure(clientFor(server).getJson('workspaces'));
		expect(error.message).toBe(`the answer from 127.0.0.1:${server.port} was larger than 32 MB`);
	});

	it('formats sizes for messages', () => {
		expect(formatBytes(32 * 1024 * 1024)).toBe('32 MB');
		expect(formatBytes(1536)).toBe('1.5 KB');
		expect(formatBytes(1)).toBe('1 byte');
		expect(formatBytes(2 * 1024 ** 3)).toBe('2 GB');
	});
});

/** A reader that keeps a copy of every answer it is handed and returns `answer` (or declines). */
function spyReader<T>(answer: T | undefined) {
	const seen: Buffer[] = [];
	const read: BytesReader<T> = (bytes) => {
		seen.push(Buffer.from(bytes));
		return answer;
	};

	return {read, seen};
}

/**
 * Checks that getJsonOrRead, with a reader that returns `answer`, fails as getJson does on the
 * server's answer (one attempt each); what the reader was handed.
 */
async function failsAsGetJson(server: TestServer, answer: string | undefined): Promise<Buffer[]> {
	const client = clientFor(server, {maxAttempts: 1});
	const {read, seen} = spyReader(answer);
	const error = await failure(client.getJsonOrRead('workspaces', undefined, read));
	const before = await failure(client.getJson('workspaces'));
	expect([error.kind, error.status, error.message]).toEqual([
		before.kind,
		before.status,
		before.message,
	]);
	return seen;
}

describe('getJsonOrRead', () => {
	const page = '{"count":2,"next":null,"previous":null,"results":[{"id":1},{"id":"桥"}]}';

	it("hands a successful answer's bytes to the reader, whole, and returns what it read", async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			// In pieces, one cutting a character of three bytes in two.
			const bytes = Buffer.from(page);
			const cut = bytes.indexOf(Buffer.from('桥')) + 1;
			response.write(bytes.subarray(0, 10));
			response.write(bytes.subarray(10, cut));
			response.end(bytes.subarray(cut));
		});
		const {read, seen} = spyReader('read');
		const answer = await clientFor(server).getJsonOrRead('workspaces', {limit: 2}, read);
		expect(answer).toEqual({read: 'read'});
		expect(seen).toEqual([Buffer.from(page)]);
		expect(server.requests[0]?.url).toBe('/api/workspaces/?limit=2');
	});

	it('reads a page with readPageBytes: records as views of the answer', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, page);
		});
		const answer = await clientFor(server).getJsonOrRead('workspaces', undefined, readPageBytes);
		const records = answer.read?.results ?? [];
		expect(answer.read?.count).toBe(2);
		expect(
			records.map((record) =>
				record instanceof RecordBytes
					? Buffer.from(record.bytes.subarray(record.start, record.end)).toString()
					: record,
			),
		).toEqual(['{"id":1}', '{"id":"桥"}']);
	});

	it('parses the answer as getJsonText does when the reader declines', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, page);
		});
		const client = clientFor(server);
		const {read, seen} = spyReader(undefined);
		const answer = await client.getJsonOrRead('workspaces', undefined, read);
		expect(answer).toEqual(await client.getJsonText('workspaces'));
		expect(answer).toEqual({value: JSON.parse(page) as unknown, text: page});
		expect(seen).toHaveLength(1);
	});

	it('parses the answer as usual, once, when the reader throws', async () => {
		const server = await startServer((_request, response) => {
			send(response, 200, page);
		});
		const read = () => {
			throw new RangeError('Maximum call stack size exceeded');
		};

		const answer = await clientFor(server, {maxAttempts: 3}).getJsonOrRead(
			'workspaces',
			undefined,
			read,
		);
		expect(answer).toEqual({value: JSON.parse(page) as unknown, text: page});
		expect(server.requests).toHaveLength(1);
	});

	it('drops a byte order mark and decodes invalid UTF-8 as before when the reader declines', async () => {
		const bytes = Buffer.concat([
			Buffer.from([0xef, 0xbb, 0xbf]),
			Buffer.from('{"count":1,"results":[{"s":"'),
			Buffer.from([0xff]),
			Buffer.from('"}]}'),
		]);
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(bytes);
		});
		const {read, seen} = spyReader(undefined);
		const answer = await clientFor(server).getJsonOrRead('workspaces', undefined, read);
		expect(answer).toEqual({
			value: {count: 1, results: [{s: '\uFFFD'}]},
			text: '{"count":1,"results":[{"s":"\uFFFD"}]}',
		});
		expect(seen).toEqual([bytes]);
		expect(readPageBytes(bytes)).toBeUndefined();
	});

	it.each([
		['malformed JSON', 200, 'application/json', '{"count": 3, "results": ['],
		['a string', 200, 'application/json', '"just a string"'],
		['an empty body', 200, 'application/json', ''],
		['text that is not JSON', 200, 'text/plain', 'hello'],
	])(
		'fails as getJson does on %s the reader declines',
		async (_name, status, contentType, text) => {
			const server = await startServer((_request, response) => {
				response.writeHead(status, {'content-type': contentType});
				response.end(text);
			});
			expect(await failsAsGetJson(server, undefined)).toEqual([Buffer.from(text)]);
		},
	);

	it.each([
		['an HTML page', 200, 'text/html; charset=utf-8'],
		['an XHTML page', 200, 'application/xhtml+xml'],
		['a bad request', 400, 'application/json'],
		['an unknown path', 404, 'application/json'],
		['a server error', 500, 'application/json'],
		['a 304 Not Modified', 304, 'application/json'],
	])(
		'never hands %s to the reader, and fails as getJson does',
		async (_name, status, contentType) => {
			// A body that is a plain page: only the status and the type keep it from the reader.
			const server = await startServer((_request, response) => {
				response.writeHead(status, {'content-type': contentType});
				response.end(page);
			});
			expect(await failsAsGetJson(server, 'read')).toEqual([]);
		},
	);

	it('hands the reader only the answer that succeeded after retries', async () => {
		const server = await startServer((_request, response, index) => {
			if (index < 2) send(response, 503, page);
			else send(response, 200, page);
		});
		const {read, seen} = spyReader('read');
		const answer = await clientFor(server, {maxAttempts: 3}).getJsonOrRead(
			'workspaces',
			undefined,
			read,
		);
		expect(answer).toEqual({read: 'read'});
		expect(seen).toEqual([Buffer.from(page)]);
		expect(server.requests).toHaveLength(3);
	});

	it.each([
		['gzip', zlib.gzipSync(page)],
		['deflate', zlib.deflateSync(page)],
		['br', zlib.brotliCompressSync(page)],
	])('hands the reader a %s-encoded answer decoded', async (encoding, bytes) => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json', 'content-encoding': encoding});
			response.write(bytes.subarray(0, 7));
			response.end(bytes.subarray(7));
		});
		const {read, seen} = spyReader('read');
		await clientFor(server).getJsonOrRead('workspaces', undefined, read);
		expect(seen).toEqual([Buffer.from(page)]);
	});

	it('hands the reader an answer of exactly the cap', async () => {
		const text = `{"count":0,"results":[],"a":"${'x'.repeat(1024 - 31)}"}`;
		expect(Buffer.byteLength(text)).toBe(1024);
		const server = await startServer((_request, response) => {
			send(response, 200, text);
		});
		const {read, seen} = spyReader('read');
		await clientFor(server, {maxAnswerBytes: 1024}).getJsonOrRead('workspaces', undefined, read);
		expect(seen).toEqual([Buffer.from(text)]);
	});

	it.each([
		['with a content-length', true],
		['streamed without a content-length', false],
		['gzip-encoded', false],
	])(
		'refuses an answer over the cap %s as too-large, never reading it',
		async (name, hasLength) => {
			const text = `{"count":0,"results":[],"a":"${'x'.repeat(1025 - 31)}"}`;
			const server = await startServer((_request, response) => {
				const isGzip = name === 'gzip-encoded';
				const body = isGzip ? zlib.gzipSync(text) : Buffer.from(text);
				response.writeHead(200, {
					'content-type': 'application/json',
					...(isGzip ? {'content-encoding': 'gzip'} : {}),
					...(hasLength ? {'content-length': String(body.length)} : {}),
				});
				response.write(body.subarray(0, 10));
				response.end(body.subarray(10));
			});
			const {read, seen} = spyReader('read');
			const error = await failure(
				clientFor(server, {maxAnswerBytes: 1024, maxAttempts: 3}).getJsonOrRead(
					'workspaces',
					undefined,
					read,
				),
			);
			expect(error.kind).toBe('too-large');
			expect(error.message).toBe(`the answer from 127.0.0.1:${server.port} was larger than 1 KB`);
			expect(seen).toEqual([]);
			expect(server.requests).toHaveLength(1);
		},
	);
});

describe("the client's requests (bodyReader: 'chunks')", () => {
	it('make no web stream for any body: JSON, gzip, an error, a redirect, a page read', async () => {
		const made = countWebStreams();
		const page = '{"count":1,"next":null,"previous":null,"results":[{"id":1}]}';
		const server = await startServer((request, response) => {
			if (request.url === '/api/old/') {
				response.writeHead(301, {location: '/api/workspaces/'});
				response.end('moved');
			} else if (request.url === '/api/gone/') {
				send(response, 404, {detail: 'Not found.'});
			} else if (request.url === '/api/zipped/') {
				response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
				response.end(zlib.gzipSync(page));
			} else {
				send(response, 200, page);
			}
		});
		const client = clientFor(server);
		expect(await client.getJson('workspaces')).toMatchObject({count: 1});
		expect(await client.getJson('old')).toMatchObject({count: 1});
		expect((await client.getJsonText('zipped')).text).toBe(page);
		expect(await failure(client.getJson('gone'))).toMatchObject({kind: 'not-found'});
		expect((await client.getJsonOrRead('workspaces', undefined, readPageBytes)).read?.count).toBe(
			1,
		);
		expect(server.requests).toHaveLength(6);
		expect(made.count).toBe(0);
	});
});
