import {inspect} from 'node:util';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createClient, type ApiClient, type ClientOptions} from '../../source/api/client.js';
import {ApiError} from '../../source/api/errors.js';
import {
	getCurrentUser,
	getResource,
	getWorkspace,
	listResource,
	listWorkspaces,
	parseObject,
	parsePage,
	resourcePath,
} from '../../source/api/resources.js';
import type {RetryEvent} from '../../source/api/types.js';
import {DEMO_TOKEN, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {failure} from './failure.js';

const host = 'acme.viktor.ai';

function thrownBy(action: () => unknown): ApiError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(ApiError);
		return error as ApiError;
	}

	throw new Error('expected the action to throw');
}

describe('parsePage', () => {
	it('accepts a page and keeps unknown fields', () => {
		const body = {
			count: 137,
			next: 'https://acme.viktor.ai/api/workspaces/?limit=25&offset=25',
			previous: null,
			results: [{id: 1, name: 'A', custom: {deep: true}}],
			took_ms: 4,
		};
		expect(parsePage(body, host)).toEqual(body);
	});

	it('accepts an older page with only count and results', () => {
		expect(parsePage({count: 0, results: []}, host)).toEqual({count: 0, results: []});
	});

	it.each([
		[
			[],
			'acme.viktor.ai sent a page that is not an object but a list (a bare list, as servers answer when no `limit` is sent).',
		],
		[null, 'acme.viktor.ai sent a page that is not an object but null.'],
		['page', 'acme.viktor.ai sent a page that is not an object but a string: "page".'],
		[{results: []}, 'acme.viktor.ai sent a page whose `count` is missing.'],
		[
			{count: '12', results: []},
			'acme.viktor.ai sent a page whose `count` is not a non-negative integer but a string: "12".',
		],
		[
			{count: -1, results: []},
			'acme.viktor.ai sent a page whose `count` is not a non-negative integer but the number -1.',
		],
		[
			{count: 1.5, results: []},
			'acme.viktor.ai sent a page whose `count` is not a non-negative integer but the number 1.5.',
		],
		[
			{count: null, results: []},
			'acme.viktor.ai sent a page whose `count` is not a non-negative integer but null.',
		],
		[{count: 3}, 'acme.viktor.ai sent a page whose `results` is missing.'],
		[
			{count: 3, results: {}},
			'acme.viktor.ai sent a page whose `results` is not a list but an object.',
		],
		[
			{count: 3, results: [{}, 7]},
			'acme.viktor.ai sent a page whose `results[1]` is not an object but the number 7.',
		],
		[
			{count: 3, results: [[]]},
			'acme.viktor.ai sent a page whose `results[0]` is not an object but a list.',
		],
		[
			{count: 3, results: [null]},
			'acme.viktor.ai sent a page whose `results[0]` is not an object but null.',
		],
		[
			{count: 3, results: [], next: 5},
			'acme.viktor.ai sent a page whose `next` is neither a URL nor null but the number 5.',
		],
		[
			{count: 3, results: [], previous: false},
			'acme.viktor.ai sent a page whose `previous` is neither a URL nor null but the boolean false.',
		],
	])('refuses %j, saying what was wrong', (body, message) => {
		const error = thrownBy(() => parsePage(body, host));
		expect(error.kind).toBe('invalid-response');
		expect(error.host).toBe(host);
		expect(error.message).toBe(message);
	});
});

describe('records', () => {
	it('refuses a record that is not an object', () => {
		expect(thrownBy(() => parseObject([1], host, 'a workspace')).message).toBe(
			'acme.viktor.ai sent a workspace that is not an object but a list.',
		);
		expect(parseObject({id: 1}, host, 'a workspace')).toEqual({id: 1});
	});

	it.each([
		[['workspaces', 12, 'entities'], 'workspaces/12/entities'],
		[['workspaces', 'a/b c'], 'workspaces/a%2Fb%20c'],
	])('joins %j into %s', (segments, expected) => {
		expect(resourcePath(...segments)).toBe(expected);
	});

	it('refuses empty and dot segments', () => {
		expect(() => resourcePath('workspaces', '')).toThrow(RangeError);
		expect(() => resourcePath('workspaces', '..')).toThrow(RangeError);
	});
});

describe('against the demo server', () => {
	let server: DemoServer;

	beforeAll(async () => {
		server = await startDemoServer({count: 240, pageCap: 100});
	});

	afterAll(async () => {
		await server.close();
	});

	beforeEach(() => {
		server.clearFaults();
		server.resetStats();
		server.setOptions({count: 240, pageCap: 100, hostile: false, token: DEMO_TOKEN});
	});

	function client(options: Partial<ClientOptions> = {}): ApiClient {
		return createClient({
			baseUrl: server.baseUrl,
			token: DEMO_TOKEN,
			retryBaseDelayMs: 10,
			timeoutMs: 2000,
			...options,
		});
	}

	function lastQuery() {
		return server.stats().log.at(-1)?.query;
	}

	it('lists workspaces, always sending limit and offset', async () => {
		const page = await listWorkspaces(client(), {limit: 25, offset: 50});
		expect(lastQuery()).toEqual({limit: '25', offset: '50'});
		expect(server.stats().log.at(-1)?.path).toBe('/api/workspaces/');
		expect(page.count).toBe(240);
		expect(page.results).toHaveLength(25);
		expect(page.results[0]?.id).toBe(1000 + 50 * 7);
		expect(page.next).toMatch(/offset=75/);
		expect(page.previous).toMatch(/offset=25/);
	});

	it('sends search and sort only when they are not empty', async () => {
		await listWorkspaces(client(), {limit: 10, offset: 0, search: '', sort: '  '});
		expect(lastQuery()).toEqual({limit: '10', offset: '0'});
		await listWorkspaces(client(), {limit: 10, offset: 0, search: ' bridge ', sort: 'name:desc'});
		expect(lastQuery()).toEqual({limit: '10', offset: '0', search: 'bridge', sort: 'name:desc'});
	});

	it('passes resource filters without letting them override paging', async () => {
		await listResource(client(), 'workspaces', {
			limit: 5,
			offset: 10,
			filters: {is_dev: false, limit: 999, archived: undefined},
		});
		expect(lastQuery()).toEqual({is_dev: 'false', limit: '5', offset: '10'});
	});

	it('returns short pages as the server caps them', async () => {
		server.setOptions({pageCap: 10});
		const page = await listWorkspaces(client(), {limit: 25, offset: 0});
		expect(page.count).toBe(240);
		expect(page.results).toHaveLength(10);
		const last = await listWorkspaces(client(), {limit: 10, offset: 235});
		expect(last.results).toHaveLength(5);
		expect(last.next).toBeNull();
	});

	it('refuses a limit or offset that is not a proper integer before any request', async () => {
		await expect(listWorkspaces(client(), {limit: 0, offset: 0})).rejects.toThrow(RangeError);
		await expect(listWorkspaces(client(), {limit: 10, offset: -1})).rejects.toThrow(RangeError);
		await expect(listWorkspaces(client(), {limit: 2.5, offset: 0})).rejects.toThrow(RangeError);
		expect(server.stats().requests).toBe(0);
	});

	it('gets one workspace and the current user', async () => {
		const workspace = await getWorkspace(client(), 1007);
		expect(workspace.id).toBe(1007);
		expect(server.stats().log.at(-1)?.path).toBe('/api/workspaces/1007/');
		const user = await getCurrentUser(client());
		expect(user).toMatchObject({id: 1, first_name: 'Demo', last_name: 'Engineer'});
		expect(server.stats().log.at(-1)?.path).toBe('/api/users/current/');
	});

	it('says when a workspace does not exist', async () => {
		const error = await failure(getWorkspace(client(), 1001));
		expect(error.kind).toBe('not-found');
		expect(error.message).toBe(
			`127.0.0.1:${server.port} has nothing at /api/workspaces/1001/ (HTTP 404): Not found.`,
		);
	});

	it('says that a wrong token was rejected, without showing either token', async () => {
		const wrongToken = 'vktrpat_wrong000000000_wrongwrongwrongwrongwrong00';
		const error = await failure(listWorkspaces(client({token: wrongToken}), {limit: 1, offset: 0}));
		expect(error.kind).toBe('auth');
		expect(error.status).toBe(401);
		expect(error.message).toMatch(
			new RegExp(
				`^The token was rejected by 127\\.0\\.0\\.1:${server.port} \\(HTTP 401\\): Invalid token\\. `,
			),
		);
		for (const text of [String(error), JSON.stringify(error), inspect(error)]) {
			expect(text).not.toContain(wrongToken);
			expect(text).not.toContain(DEMO_TOKEN);
		}

		expect(server.stats().requests).toBe(1);
	});

	it('flattens the field errors of a 400', async () => {
		const error = await failure(listWorkspaces(client(), {limit: 1, offset: 0, sort: 'colour'}));
		expect(error.kind).toBe('bad-request');
		expect(error.message).toMatch(/\(HTTP 400\): sort: "colour" is not a valid choice\.$/);
	});

	it('retries a 503 and a 502 HTML page, then succeeds', async () => {
		server.addFault({fault: {type: 'status', status: 503}, times: 1});
		server.addFault({fault: {type: 'status', status: 502, body: 'html'}, times: 1});
		const events: RetryEvent[] = [];
		const page = await listWorkspaces(
			client(),
			{limit: 5, offset: 0},
			{onRetry: (event) => events.push(event)},
		);
		expect(page.results).toHaveLength(5);
		expect(server.stats().requests).toBe(3);
		expect(events.map((event) => event.status)).toEqual([503, 502]);
	});

	it('stops after maxAttempts and names the non-JSON page', async () => {
		server.addFault({fault: {type: 'status', status: 502, body: 'html'}});
		const error = await failure(listWorkspaces(client({maxAttempts: 3}), {limit: 5, offset: 0}));
		expect(server.stats().requests).toBe(3);
		expect(error.kind).toBe('server');
		expect(error.message).toBe(
			`127.0.0.1:${server.port} answered with a non-JSON page (HTTP 502).`,
		);
	});

	it('honours the Retry-After of a 429, capped at maxRetryDelayMs', async () => {
		server.addFault({fault: {type: 'status', status: 429, retryAfter: '30'}, times: 1});
		const events: RetryEvent[] = [];
		const started = Date.now();
		await listWorkspaces(
			client({maxRetryDelayMs: 200}),
			{limit: 5, offset: 0},
			{
				onRetry: (event) => events.push(event),
			},
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(195);
		expect(events).toEqual([
			{
				attempt: 1,
				maxAttempts: 4,
				delayMs: 200,
				reason: 'rate-limited',
				status: 429,
				fromRetryAfter: true,
			},
		]);
	});

	it('reports a rate limit that outlasts every attempt', async () => {
		server.addFault({fault: {type: 'status', status: 429, retryAfter: '0'}});
		const error = await failure(listWorkspaces(client({maxAttempts: 2}), {limit: 5, offset: 0}));
		expect(error.kind).toBe('rate-limited');
		expect(error.retryAfterMs).toBe(0);
		expect(error.message).toMatch(/Request was throttled\./);
		expect(server.stats().requests).toBe(2);
	});

	it('times out a hanging request', async () => {
		server.addFault({fault: {type: 'hang'}});
		const started = Date.now();
		const error = await failure(
			listWorkspaces(client({timeoutMs: 200, maxAttempts: 1}), {limit: 5, offset: 0}),
		);
		expect(error.kind).toBe('timeout');
		expect(error.message).toBe(`127.0.0.1:${server.port} did not answer within 200 ms.`);
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('cancels a hanging request quickly and does not retry it', async () => {
		server.addFault({fault: {type: 'hang'}});
		const controller = new AbortController();
		const pending = listWorkspaces(client(), {limit: 5, offset: 0}, {signal: controller.signal});
		await expect.poll(() => server.stats().requests).toBe(1);
		const started = Date.now();
		controller.abort();
		const error = await failure(pending);
		expect(error.kind).toBe('cancelled');
		expect(Date.now() - started).toBeLessThan(200);
		expect(server.stats().requests).toBe(1);
	});

	it('refuses malformed JSON and an HTML sign-in page', async () => {
		server.addFault({fault: {type: 'malformed-json'}, times: 1});
		server.addFault({fault: {type: 'html'}, times: 1});
		const malformed = await failure(listWorkspaces(client(), {limit: 5, offset: 0}));
		expect(malformed.kind).toBe('invalid-response');
		expect(malformed.message).toMatch(
			/answered with malformed JSON for \/api\/workspaces\/ \(HTTP 200\)/,
		);
		const html = await failure(listWorkspaces(client(), {limit: 5, offset: 0}));
		expect(html.kind).toBe('invalid-response');
		expect(html.message).toMatch(
			/answered with a non-JSON page for \/api\/workspaces\/ \(HTTP 200\)/,
		);
		expect(server.stats().requests).toBe(2);
	});

	it.each([
		[[{id: 1}], /a page that is not an object but a list/],
		[{count: '240', results: []}, /`count` is not a non-negative integer but a string: "240"/],
		[{results: []}, /`count` is missing/],
		[{count: 1, results: 'none'}, /`results` is not a list but a string/],
		[{count: 1, results: [{id: 1}, 'x']}, /`results\[1\]` is not an object/],
		[{count: 1, results: [], next: {}}, /`next` is neither a URL nor null but an object/],
	])('refuses the wrongly shaped page %j', async (body, message) => {
		server.addFault({fault: {type: 'wrong-shape', body}, times: 1});
		const error = await failure(listWorkspaces(client(), {limit: 5, offset: 0}));
		expect(error.kind).toBe('invalid-response');
		expect(error.message).toMatch(message);
	});

	it('refuses a workspace that is not an object', async () => {
		server.addFault({fault: {type: 'wrong-shape', body: ['x']}, times: 1, match: 'detail'});
		const error = await failure(getWorkspace(client(), 1007));
		expect(error.message).toBe(
			`127.0.0.1:${server.port} sent a workspace that is not an object but a list.`,
		);
		await expect(getResource(client(), 'workspaces/1007')).resolves.toMatchObject({id: 1007});
	});

	it('reads hostile records without losing their extra fields or breaking the types', async () => {
		server.setOptions({hostile: true});
		const page = await listWorkspaces(client(), {limit: 25, offset: 0});
		expect(page.results).toHaveLength(25);
		for (const workspace of page.results) {
			expect(['number', 'string']).toContain(typeof workspace.id);
			expect(typeof workspace.name).toBe('string');
		}

		expect(page.results.some((workspace) => typeof workspace.id === 'string')).toBe(true);
		expect(page.results.some((workspace) => 'extra_field_0000' in workspace)).toBe(true);
		expect(page.results.some((workspace) => 'settings' in workspace)).toBe(true);
	});
});
