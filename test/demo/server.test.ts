import {request as httpRequest} from 'node:http';
import {connect} from 'node:net';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	DEMO_TOKEN,
	demoHostileKind,
	demoSearchText,
	demoSortFields,
	demoSortValue,
	demoWorkspace,
	demoWorkspaceId,
	startDemoServer,
	type DemoHostileKind,
	type DemoServer,
	type DemoSortField,
} from '../../source/demo/index.js';
import {demoServers, get, type PageBody} from './http.js';

async function getPage(server: DemoServer, query: string): Promise<PageBody> {
	const answer = await get(server, `/api/workspaces/?${query}`);
	expect(answer.status).toBe(200);
	return answer.body as PageBody;
}

async function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) {
			throw new Error('condition not met in time');
		}

		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}
}

const servers = demoServers();
const start = servers.start;

const ids = (page: PageBody): unknown[] => page.results.map((record) => record['id']);
const range = (from: number, to: number): number[] =>
	Array.from({length: to - from}, (_, offset) => from + offset);

describe('paging', () => {
	it('answers a page with count, results and next/previous links', async () => {
		const page = await getPage(servers.shared, 'limit=25&offset=60');
		expect(page.count).toBe(240);
		expect(ids(page)).toEqual(range(60, 85).map(demoWorkspaceId));
		expect(page.next).toBe(`${servers.shared.url}/api/workspaces/?limit=25&offset=85`);
		expect(page.previous).toBe(`${servers.shared.url}/api/workspaces/?limit=25&offset=35`);
	});

	it('drops offset from previous when it would reach the start, and starts with a null previous', async () => {
		const second = await getPage(servers.shared, 'limit=25&offset=10');
		expect(second.previous).toBe(`${servers.shared.url}/api/workspaces/?limit=25`);
		const exactlyOnePageIn = await getPage(servers.shared, 'limit=25&offset=25');
		expect(exactlyOnePageIn.previous).toBe(`${servers.shared.url}/api/workspaces/?limit=25`);
		const first = await getPage(servers.shared, 'limit=25');
		expect(first.previous).toBeNull();
		expect(ids(first)).toEqual(range(0, 25).map(demoWorkspaceId));
	});

	it('answers a short last page with a null next', async () => {
		const page = await getPage(servers.shared, 'limit=25&offset=230');
		expect(ids(page)).toEqual(range(230, 240).map(demoWorkspaceId));
		expect(page.next).toBeNull();
	});

	it('answers an empty page past the end', async () => {
		const page = await getPage(servers.shared, 'limit=25&offset=5000');
		expect(page.count).toBe(240);
		expect(page.results).toEqual([]);
		expect(page.next).toBeNull();
	});

	it('returns fewer results than limit above the page cap and links by what it returned', async () => {
		const server = await start({pageCap: 30});
		const page = await getPage(server, 'limit=100&offset=0');
		expect(page.results).toHaveLength(30);
		expect(page.next).toBe(`${server.url}/api/workspaces/?limit=30&offset=30`);
	});

	it('answers min(limit, pageCap, count - offset) results for any paging query', async () => {
		const server = await start({count: 57});
		await fc.assert(
			fc.asyncProperty(
				fc.integer({min: 1, max: 80}),
				fc.integer({min: 0, max: 70}),
				fc.integer({min: 1, max: 40}),
				async (limit, offset, pageCap) => {
					server.setOptions({pageCap});
					const page = await getPage(server, `limit=${limit}&offset=${offset}`);
					const expected = Math.max(0, Math.min(limit, pageCap, 57 - offset));
					expect(page.count).toBe(57);
					expect(ids(page)).toEqual(range(offset, offset + expected).map(demoWorkspaceId));
				},
			),
			{numRuns: 60},
		);
	});

	it('visits every record exactly once when following next through short pages', async () => {
		const server = await start({pageCap: 7});
		const seen: unknown[] = [];
		let next: string | null = `${server.baseUrl}/workspaces/?limit=10`;
		while (next !== null) {
			const page: PageBody = await getPage(server, new URL(next).search.slice(1));
			seen.push(...ids(page));
			next = page.next;
		}

		expect(seen).toEqual(range(0, 240).map(demoWorkspaceId));
	});

	it('keeps the other query parameters in the links', async () => {
		const page = await getPage(servers.shared, 'search=bridge&sort=name&limit=5');
		const next = new URL(page.next ?? '');
		expect(next.searchParams.get('search')).toBe('bridge');
		expect(next.searchParams.get('sort')).toBe('name');
		expect(next.searchParams.get('offset')).toBe('5');
	});

	it('builds the links from the Host header of the request', async () => {
		const body = await new Promise<string>((resolve, reject) => {
			const outgoing = httpRequest(
				{
					host: '127.0.0.1',
					port: servers.shared.port,
					path: '/api/workspaces/?limit=2',
					headers: {host: 'demo.example:8123', authorization: `Bearer ${DEMO_TOKEN}`},
				},
				(incoming) => {
					let text = '';
					incoming.setEncoding('utf8');
					incoming.on('data', (chunk: string) => {
						text += chunk;
					});
					incoming.on('end', () => {
						resolve(text);
					});
				},
			);
			outgoing.on('error', reject);
			outgoing.end();
		});
		expect((JSON.parse(body) as PageBody).next).toBe(
			'http://demo.example:8123/api/workspaces/?limit=2&offset=2',
		);
	});

	it('answers a bare array of the first page when limit is absent', async () => {
		const answer = await get(servers.shared, '/api/workspaces/?offset=50');
		expect(Array.isArray(answer.body)).toBe(true);
		expect((answer.body as Array<Record<string, unknown>>).map((record) => record['id'])).toEqual(
			range(0, 100).map(demoWorkspaceId),
		);
	});
});

describe('parameter validation', () => {
	it.each([
		['abc', 'A valid integer is required.'],
		['1.5', 'A valid integer is required.'],
		['', 'A valid integer is required.'],
		['0', 'Ensure this value is greater than or equal to 1.'],
		['-5', 'Ensure this value is greater than or equal to 1.'],
	])('rejects limit=%j with a DRF field error', async (limit, message) => {
		const answer = await get(servers.shared, `/api/workspaces/?limit=${limit}`);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({limit: [message]});
	});

	it.each([
		['-1', 'Ensure this value is greater than or equal to 0.'],
		['x', 'A valid integer is required.'],
	])('rejects offset=%j with a DRF field error', async (offset, message) => {
		const answer = await get(servers.shared, `/api/workspaces/?limit=5&offset=${offset}`);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({offset: [message]});
	});

	it.each(['bogus', 'name:sideways', '-name:asc', 'nr_views'])('rejects sort=%j', async (sort) => {
		const answer = await get(servers.shared, `/api/workspaces/?limit=5&sort=${sort}`);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({sort: [`"${sort}" is not a valid choice.`]});
	});

	it('reports every bad parameter in one answer', async () => {
		const answer = await get(servers.shared, '/api/workspaces/?limit=x&offset=-1&sort=nope');
		expect(answer.status).toBe(400);
		expect(Object.keys(answer.body as object).sort()).toEqual(['limit', 'offset', 'sort']);
	});
});

describe('authentication', () => {
	it.each([
		'/api/workspaces/?limit=1',
		'/api/workspaces/1000/',
		'/api/users/current/',
		'/api/nope/',
	])('answers 401 with a Bearer challenge without a token on %s', async (path) => {
		const answer = await get(servers.shared, path, {token: null});
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual({detail: 'Authentication credentials were not provided.'});
		expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
	});

	it('answers 401 Invalid token for a wrong token', async () => {
		const answer = await get(servers.shared, '/api/workspaces/?limit=1', {token: 'vktrpat_wrong'});
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual({detail: 'Invalid token.'});
		expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
	});

	it('accepts the token it was started with and no other', async () => {
		const server = await start({token: 'vktrpat_custom_token'});
		expect(server.token).toBe('vktrpat_custom_token');
		expect((await get(server, '/api/users/current/')).status).toBe(200);
		expect((await get(server, '/api/users/current/', {token: DEMO_TOKEN})).status).toBe(401);
	});
});

describe('routes', () => {
	it('returns the full record by id, equal to the list record', async () => {
		const page = await getPage(servers.shared, 'limit=10');
		const detail = await get(servers.shared, `/api/workspaces/${demoWorkspaceId(5)}/`);
		expect(detail.status).toBe(200);
		expect(detail.body).toEqual(page.results[5]);
		expect(detail.body).toEqual(demoWorkspace(5));
	});

	it.each([
		['an id past the count', `/api/workspaces/${demoWorkspaceId(240)}/`],
		['an id off the id grid', '/api/workspaces/1001/'],
		['an id below the first', '/api/workspaces/7/'],
		['a non-integer id', '/api/workspaces/abc/'],
		['an unknown path', '/api/entities/'],
		['a path outside /api', '/nothing/here/'],
	])('answers 404 JSON for %s', async (_, path) => {
		const answer = await get(servers.shared, path);
		expect(answer.status).toBe(404);
		expect(answer.headers.get('content-type')).toMatch(/application\/json/);
		expect(answer.body).toEqual({detail: 'Not found.'});
	});

	it('redirects a path without the trailing slash permanently, keeping the query', async () => {
		const answer = await get(servers.shared, '/api/workspaces?limit=2', {redirect: 'manual'});
		expect(answer.status).toBe(301);
		expect(answer.headers.get('location')).toBe('/api/workspaces/?limit=2');
		const followed = await get(servers.shared, '/api/workspaces?limit=2');
		expect(followed.status).toBe(200);
		expect((followed.body as PageBody).results).toHaveLength(2);
	});

	it.each(['POST', 'DELETE', 'PUT'])('answers 405 to %s', async (method) => {
		const answer = await get(servers.shared, '/api/workspaces/', {method});
		expect(answer.status).toBe(405);
		expect(answer.headers.get('allow')).toBe('GET, HEAD');
		expect(answer.body).toEqual({detail: `Method "${method}" not allowed.`});
	});

	it('answers HEAD like GET without a body', async () => {
		const answer = await get(servers.shared, '/api/workspaces/?limit=2', {method: 'HEAD'});
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('');
	});

	it('answers the current user', async () => {
		const answer = await get(servers.shared, '/api/users/current/');
		expect(answer.body).toEqual({
			id: expect.any(Number),
			first_name: expect.any(String),
			last_name: expect.any(String),
			email: expect.stringContaining('@'),
			job_title: expect.any(String),
		});
	});
});

describe('search', () => {
	const expectedIds = (count: number, terms: string[]): number[] =>
		range(0, count)
			.filter((index) => terms.every((term) => demoSearchText(index).includes(term)))
			.map(demoWorkspaceId);

	it('matches names case-insensitively and keeps index order', async () => {
		const page = await getPage(servers.shared, 'search=BRIDGE&limit=100');
		expect(page.count).toBeGreaterThan(0);
		expect(ids(page)).toEqual(expectedIds(240, ['bridge']));
	});

	it('matches descriptions too', async () => {
		const page = await getPage(servers.shared, 'search=rijkswaterstaat&limit=100');
		expect(page.count).toBeGreaterThan(0);
		expect(ids(page)).toEqual(expectedIds(240, ['rijkswaterstaat']));
		for (const record of page.results) {
			expect(String(record['name']).toLowerCase()).not.toContain('rijkswaterstaat');
		}
	});

	it('requires every whitespace-separated term', async () => {
		const page = await getPage(servers.shared, 'search=quay%20rotterdam&limit=100');
		expect(ids(page)).toEqual(expectedIds(240, ['quay', 'rotterdam']));
		expect(page.count).toBeLessThan(expectedIds(240, ['quay']).length);
	});

	it('matches unicode names', async () => {
		const server = await start({count: 5000});
		const page = await getPage(server, 'search=K%C3%96LN&limit=100');
		expect(page.count).toBeGreaterThan(0);
		expect(page.results.map((record) => record['name'])).toContain('Brückenprüfung Köln');
	});

	it('answers count 0 with no results when nothing matches', async () => {
		const page = await getPage(servers.shared, 'search=zzqqxx&limit=10');
		expect(page).toEqual({count: 0, next: null, previous: null, results: []});
	});
});

describe('sort', () => {
	// An independent reference: a comparator sort of the indices (ties keep index order; a
	// missing value counts as the largest, as PostgreSQL orders NULLs).
	function expectedOrder(count: number, field: DemoSortField, direction: 'asc' | 'desc'): number[] {
		const compare = (first: number, second: number): number => {
			const a = demoSortValue(field, first);
			const b = demoSortValue(field, second);
			if (a === b) {
				return 0;
			}

			if (a === null) {
				return 1;
			}

			if (b === null) {
				return -1;
			}

			return a < b ? -1 : 1;
		};

		return range(0, count).sort(
			(first, second) =>
				(direction === 'asc' ? compare(first, second) : compare(second, first)) || first - second,
		);
	}

	const cases = demoSortFields.flatMap((field) =>
		(['asc', 'desc'] as const).map((direction) => [field, direction] as const),
	);

	it.each(cases)('sorts by %s %s, stable and complete', async (field, direction) => {
		const first = await getPage(servers.shared, `sort=${field}:${direction}&limit=100`);
		const second = await getPage(servers.shared, `sort=${field}:${direction}&limit=100&offset=100`);
		const third = await getPage(servers.shared, `sort=${field}:${direction}&limit=100&offset=200`);
		const all = [...ids(first), ...ids(second), ...ids(third)];
		expect(first.count).toBe(240);
		expect(all).toEqual(expectedOrder(240, field, direction).map(demoWorkspaceId));
	});

	it('sorts ascending without a direction and descending with a leading minus', async () => {
		expect(ids(await getPage(servers.shared, 'sort=views&limit=50'))).toEqual(
			ids(await getPage(servers.shared, 'sort=views:asc&limit=50')),
		);
		expect(ids(await getPage(servers.shared, 'sort=-views&limit=50'))).toEqual(
			ids(await getPage(servers.shared, 'sort=views:desc&limit=50')),
		);
	});

	it('sorts the search results', async () => {
		const page = await getPage(servers.shared, 'search=bridge&sort=name:desc&limit=100');
		const names = page.results.map((record) => String(record['name']).toLowerCase());
		expect(page.count).toBeGreaterThan(1);
		expect(names).toEqual([...names].sort().reverse());
	});
});

describe('a million records', () => {
	it('answers the page at offset 999,990 correctly', async () => {
		const server = await start({count: 1_000_000});
		await get(server, '/api/users/current/');
		const page = await getPage(server, 'limit=100&offset=999990');
		expect(page.count).toBe(1_000_000);
		expect(ids(page)).toEqual(range(999_990, 1_000_000).map(demoWorkspaceId));
		expect(page.results[9]).toEqual(demoWorkspace(999_999));
		expect(page.next).toBeNull();
		expect(page.previous).toBe(`${server.url}/api/workspaces/?limit=100&offset=999890`);
	});

	it('sorts a million records in one pass and answers later pages from the cache', async () => {
		const server = await start({count: 1_000_000});
		const first = await getPage(server, 'sort=views:desc&limit=100');
		const last = await getPage(server, 'sort=views:desc&limit=100&offset=999900');
		const views = [...first.results, ...last.results].map((record) => Number(record['nr_views']));
		expect(views).toEqual([...views].sort((a, b) => b - a));
		expect(last.count).toBe(1_000_000);
	});
});

describe('faults', () => {
	it('answers a status fault with a JSON detail and Retry-After until its times are used up', async () => {
		const server = await start();
		server.addFault({fault: {type: 'status', status: 429, retryAfter: '3'}, times: 2});
		for (const _ of [1, 2]) {
			const answer = await get(server, '/api/workspaces/?limit=5');
			expect(answer.status).toBe(429);
			expect(answer.headers.get('retry-after')).toBe('3');
			expect(answer.body).toEqual({
				detail: 'Request was throttled. Expected available in 3 seconds.',
			});
		}

		expect((await get(server, '/api/workspaces/?limit=5')).status).toBe(200);
	});

	it('answers a status fault with an HTML page when asked to', async () => {
		const server = await start();
		server.addFault({fault: {type: 'status', status: 502, body: 'html'}, times: 1});
		const answer = await get(server, '/api/workspaces/?limit=5');
		expect(answer.status).toBe(502);
		expect(answer.headers.get('content-type')).toMatch(/text\/html/);
		expect(answer.text).toContain('502 Bad Gateway');
	});

	it('matches a fault to list or detail requests only', async () => {
		const server = await start();
		server.addFault({fault: {type: 'status', status: 503}, match: 'detail'});
		expect((await get(server, '/api/workspaces/?limit=5')).status).toBe(200);
		expect((await get(server, `/api/workspaces/${demoWorkspaceId(3)}/`)).status).toBe(503);
		expect((await get(server, `/api/workspaces/${demoWorkspaceId(4)}/`)).status).toBe(503);
		server.clearFaults();
		expect((await get(server, `/api/workspaces/${demoWorkspaceId(4)}/`)).status).toBe(200);
	});

	it('consumes rules first-match in insertion order', async () => {
		const server = await start();
		server.addFault({fault: {type: 'status', status: 500}, times: 1, match: 'list'});
		server.addFault({fault: {type: 'status', status: 502}, times: 1});
		const statuses: number[] = [];
		for (const _ of [1, 2, 3]) {
			statuses.push((await get(server, '/api/workspaces/?limit=1')).status);
		}

		expect(statuses).toEqual([500, 502, 200]);
	});

	it('answers malformed JSON labelled as application/json', async () => {
		const server = await start();
		server.addFault({fault: {type: 'malformed-json'}, times: 1});
		const answer = await get(server, '/api/workspaces/?limit=5');
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(answer.text.length).toBeGreaterThan(0);
		expect(answer.body).toBeUndefined();
	});

	it('answers an HTML login page with status 200', async () => {
		const server = await start();
		server.addFault({fault: {type: 'html'}, times: 1});
		const answer = await get(server, '/api/workspaces/?limit=5');
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/text\/html/);
		expect(answer.text).toContain('<form');
	});

	it('answers exactly the wrong-shape body', async () => {
		const server = await start();
		const body = {count: 'many', results: null, extra: [1, {nested: true}]};
		server.addFault({fault: {type: 'wrong-shape', body}, times: 1});
		const answer = await get(server, '/api/workspaces/?limit=5');
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual(body);
	});

	it('hangs until the client aborts, then answers normally', async () => {
		const server = await start();
		server.addFault({fault: {type: 'hang'}, times: 1});
		const controller = new AbortController();
		const hanging = fetch(`${server.baseUrl}/workspaces/?limit=1`, {
			headers: {authorization: `Bearer ${DEMO_TOKEN}`},
			signal: controller.signal,
		});
		// Aborted once the server holds the request (a timer could fire before it arrived, on a
		// loaded machine, and leave the fault for the next request).
		await until(() => server.stats().inFlight === 1);
		controller.abort();
		await expect(hanging).rejects.toThrow();
		await until(() => server.stats().inFlight === 0);
		expect(server.stats().log.at(-1)?.status).toBe(0);
		expect((await get(server, '/api/workspaces/?limit=1')).status).toBe(200);
	});

	it('rejects a status fault without a valid HTTP status', async () => {
		const server = await start();
		expect(() => {
			server.addFault({fault: {type: 'status', status: 42}});
		}).toThrow(RangeError);
	});
});

describe('latency, concurrency and statistics', () => {
	it('delays every answer by latencyMs', async () => {
		const server = await start({latencyMs: 120});
		const before = performance.now();
		expect((await get(server, '/api/workspaces/?limit=1')).status).toBe(200);
		expect((await get(server, '/api/nope/', {token: null})).status).toBe(401);
		expect(performance.now() - before).toBeGreaterThanOrEqual(230);
	});

	it('counts requests, requests in flight and the most at once', async () => {
		const server = await start({latencyMs: 80});
		const pending = range(0, 5).map(async (offset) =>
			get(server, `/api/workspaces/?limit=1&offset=${offset}`),
		);
		await until(() => server.stats().inFlight === 5);
		await Promise.all(pending);
		await get(server, `/api/workspaces/${demoWorkspaceId(1)}/`);
		const stats = server.stats();
		expect(stats).toMatchObject({
			requests: 6,
			listRequests: 5,
			detailRequests: 1,
			maxInFlight: 5,
			inFlight: 0,
		});
	});

	it('logs method, path, query and status of each request, and resets', async () => {
		const server = await start();
		await get(server, '/api/workspaces/?limit=2&visibility=PUBLIC&visibility=PRIVATE');
		await get(server, '/api/workspaces/?limit=0');
		expect(server.stats().log).toEqual([
			{
				method: 'GET',
				path: '/api/workspaces/',
				query: {limit: '2', visibility: ['PUBLIC', 'PRIVATE']},
				status: 200,
			},
			{method: 'GET', path: '/api/workspaces/', query: {limit: '0'}, status: 400},
		]);
		server.resetStats();
		expect(server.stats()).toEqual({
			requests: 0,
			listRequests: 0,
			detailRequests: 0,
			maxInFlight: 0,
			inFlight: 0,
			log: [],
		});
	});

	it('keeps only the last 10,000 log entries', async () => {
		const server = await start();
		const total = 10_050;
		// HTTP/1.1 pipelining on one socket: ten thousand requests without ten thousand fetches.
		const requests = range(0, total)
			.map((number) => `GET /nothing/?number=${number} HTTP/1.1\r\nHost: demo\r\n\r\n`)
			.join('');
		await new Promise<void>((resolve, reject) => {
			const socket = connect(server.port, '127.0.0.1', () => {
				socket.end(`${requests}GET /nothing/ HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n`);
			});
			socket.on('error', reject);
			socket.on('close', () => {
				resolve();
			});
			socket.resume();
		});
		const {log, requests: counted} = server.stats();
		expect(counted).toBe(total + 1);
		expect(log).toHaveLength(10_000);
		expect(log[0]?.query).toEqual({number: '51'});
		expect(log.at(-2)?.query).toEqual({number: String(total - 1)});
		expect(log.at(-1)).toEqual({method: 'GET', path: '/nothing/', query: {}, status: 404});
	});
});

describe('live options', () => {
	it('changes the count between two requests', async () => {
		const server = await start();
		const lateId = demoWorkspaceId(150);
		expect((await get(server, `/api/workspaces/${lateId}/`)).status).toBe(200);
		server.setOptions({count: 100});
		expect((await getPage(server, 'limit=10&offset=95')).count).toBe(100);
		expect((await get(server, `/api/workspaces/${lateId}/`)).status).toBe(404);
		server.setOptions({count: 300});
		const page = await getPage(server, 'limit=10&offset=295');
		expect(page.count).toBe(300);
		expect(ids(page)).toEqual(range(295, 300).map(demoWorkspaceId));
		expect(server.options.count).toBe(300);
	});

	it('refreshes a cached search when the count changes', async () => {
		const server = await start();
		const before = await getPage(server, 'search=bridge&limit=100');
		server.setOptions({count: 120});
		const after = await getPage(server, 'search=bridge&limit=100');
		expect(after.count).toBeLessThan(before.count);
	});

	it('rejects invalid options and a move to another port', async () => {
		const server = await start();
		expect(() => {
			server.setOptions({pageCap: 0});
		}).toThrow(RangeError);
		expect(() => {
			server.setOptions({port: server.port + 1});
		}).toThrow(RangeError);
		expect(server.options.pageCap).toBe(100);
		await expect(startDemoServer({count: -1})).rejects.toThrow(RangeError);
		await expect(startDemoServer({count: 3_000_000})).rejects.toThrow(RangeError);
	});

	it('reports its options with the bound port', () => {
		expect(servers.shared.options).toEqual({
			host: '127.0.0.1',
			port: servers.shared.port,
			token: DEMO_TOKEN,
			count: 240,
			pageCap: 100,
			latencyMs: 0,
			hostile: false,
			seed: 1,
		});
		expect(servers.shared.baseUrl).toBe(`http://127.0.0.1:${servers.shared.port}/api`);
	});
});

describe('close', () => {
	it('resolves at once while a request hangs, and the client sees the connection end', async () => {
		const server = await startDemoServer();
		server.addFault({fault: {type: 'hang'}});
		const hanging = fetch(`${server.baseUrl}/workspaces/?limit=1`, {
			headers: {authorization: `Bearer ${DEMO_TOKEN}`},
		});
		await until(() => server.stats().inFlight === 1);
		const before = performance.now();
		await server.close();
		expect(performance.now() - before).toBeLessThan(500);
		await expect(hanging).rejects.toThrow();
		await server.close();
	});

	it('drops answers still waiting on latency', async () => {
		const server = await startDemoServer({latencyMs: 60_000});
		const waiting = fetch(`${server.baseUrl}/workspaces/?limit=1`, {
			headers: {authorization: `Bearer ${DEMO_TOKEN}`},
		});
		await until(() => server.stats().inFlight === 1);
		const before = performance.now();
		await server.close();
		expect(performance.now() - before).toBeLessThan(500);
		await expect(waiting).rejects.toThrow();
	});
});

describe('the data set', () => {
	it('gives the same data for the same seed and different data for another', async () => {
		const first = await start({seed: 7});
		const second = await start({seed: 7});
		const other = await start({seed: 8});
		const query = 'limit=50&offset=20';
		expect(await getPage(first, query)).toEqual({
			...(await getPage(second, query)),
			next: expect.any(String),
			previous: expect.any(String),
		});
		expect(ids(await getPage(other, query))).toEqual(ids(await getPage(first, query)));
		const names = async (server: DemoServer) =>
			(await getPage(server, query)).results.map((record) => record['name']);
		expect(await names(other)).not.toEqual(await names(first));
		expect(demoWorkspace(33, 7)).toEqual(demoWorkspace(33, 7));
		expect(demoWorkspace(33, 7)).not.toBe(demoWorkspace(33, 7));
	});

	it('holds realistic, well-formed records', () => {
		const records = range(0, 3000).map((index) => demoWorkspace(index));
		const names = records.map((record) => String(record.name));
		const isoDate = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/;
		expect(new Set(records.map((record) => record.id)).size).toBe(3000);
		expect(names.every((name) => name.length > 0 && name.length <= 128)).toBe(true);
		expect(names.some((name) => name.length >= 120)).toBe(true);
		expect(names).toContain('Brückenprüfung Köln');
		expect(names).toContain('東京タワー耐震診断');
		expect(names.some((name) => name.startsWith('🌉 Bridge deck'))).toBe(true);
		expect(names.join('')).not.toMatch(/\p{Cc}/u);
		const descriptions = records.map((record) => record.description);
		expect(descriptions).toContain(null);
		expect(descriptions).toContain('');
		expect(descriptions.some((text) => typeof text === 'string' && text.includes('\n'))).toBe(true);
		for (const record of records) {
			expect(['INTERNAL', 'PRIVATE', 'PUBLIC', 'DEVELOPMENT']).toContain(record.visibility);
			expect(['PROJECT', 'DEVELOPMENT', 'PUBLIC', 'TEST']).toContain(record.type);
			expect(record.created_at).toMatch(isoDate);
			expect(record.updated_at).toMatch(isoDate);
			expect(Date.parse(String(record.updated_at))).toBeGreaterThanOrEqual(
				Date.parse(String(record.created_at)),
			);
			expect(Number(record['nr_views_last_30_days'])).toBeLessThanOrEqual(
				Number(record['nr_views']),
			);
			expect(record.app_version === null).toBe(record.app === null);
			expect(record['is_dev']).toBe(record.type === 'DEVELOPMENT');
		}

		expect(records.some((record) => record.app === null)).toBe(true);
		expect(records.some((record) => record['user_last_visit'] === null)).toBe(true);
		expect(
			records.some((record) => Array.isArray(record.labels) && record.labels.length === 3),
		).toBe(true);
	});

	it('mixes every kind of hostile record into a hostile data set, as valid JSON', async () => {
		const server = await start({hostile: true, count: 60});
		const answer = await get(server, '/api/workspaces/?limit=60');
		expect(answer.status).toBe(200);
		const records = (answer.body as PageBody).results;
		const byKind = new Map<DemoHostileKind, Record<string, unknown>>();
		records.forEach((record, index) => {
			const kind = demoHostileKind(index);
			if (kind !== undefined && !byKind.has(kind)) {
				byKind.set(kind, record);
			}
		});
		const name = (kind: DemoHostileKind): string => String(byKind.get(kind)?.['name']);
		expect(name('osc-title')).toContain('\u001b]0;owned\u0007');
		expect(name('clear-screen')).toContain('\u001b[2J');
		expect(name('color')).toContain('\u001b[31m');
		expect(name('carriage-return')).toContain('\r');
		expect(name('tab')).toContain('\t');
		expect(name('nul')).toContain('\u0000');
		expect(name('bidi')).toContain('\u202e');
		expect(name('zero-width')).toContain('\u200d');
		expect(name('combining')).toMatch(/\p{M}{3}/u);
		expect(name('huge-name')).toHaveLength(10_000);
		expect(String(byKind.get('huge-description')?.['description']).length).toBe(200 * 1024);
		expect(Object.keys(byKind.get('extra-fields') ?? {}).length).toBeGreaterThanOrEqual(2019);
		let depth = 0;
		let level: unknown = byKind.get('deep-nesting')?.['settings'];
		while (typeof level === 'object' && level !== null) {
			depth += 1;
			level = (level as Record<string, unknown>)['nested'];
		}

		expect(depth).toBe(50);
		const stringId = byKind.get('string-id')?.['id'];
		expect(typeof stringId).toBe('string');
		const detail = await get(server, `/api/workspaces/${String(stringId)}/`);
		expect((detail.body as Record<string, unknown>)['id']).toBe(stringId);
	});
});
