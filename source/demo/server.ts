/**
 * An embedded VIKTOR-compatible HTTP server (node:http only): the `--demo` environment, the
 * target of every HTTP test and of the benchmark. It follows the documented REST API — limit /
 * offset paging with a page cap, DRF-style errors, Bearer auth, Django's trailing-slash redirect —
 * and can inject faults (error statuses, hangs, bad bodies) and latency on demand.
 *
 * Paths (GET/HEAD; every list is `{count, next, previous, results}`, `limit` required except on
 * the workspace list, which answers a bare array without it):
 * - `/api/workspaces/` (`search`, `sort`) and `/api/workspaces/:ws/`
 * - `/api/workspaces/:ws/entities/` — the top level; `search`, `sort` (`name`, `created_at`,
 *   `updated_at`), `entity_type`, `name`, `created_by`, `updated_at_min/max`, `properties=true`
 * - `/api/workspaces/:ws/entities/:id/` (with `properties`), `.../:id/parent/` (404 at the top)
 * - `/api/workspaces/:ws/entities/:id/entities/` — children, same query; 403 for non-tree apps
 * - `/api/workspaces/:ws/entities/:id/revisions/` (newest first; `sort=created_date` for oldest
 *   first) and `.../revisions/:rev/`
 * - `/api/workspaces/:ws/entity_types/`, `.../entity_types/:id/` and `.../entity_types/:id/entities/`
 *   (every entity of the type, tree order; `properties=true`)
 * - `/api/apps/` (`search`, `sort` `name` / `created_at`) and `/api/apps/:id/`
 * - `/api/users/current/`
 * Faults match list or detail paths of every resource, not just workspaces.
 */
import {
	createServer,
	STATUS_CODES,
	type IncomingMessage,
	type OutgoingHttpHeaders,
	type ServerResponse,
} from 'node:http';
import type {AddressInfo} from 'node:net';
import {
	DEMO_TOKEN,
	MAX_DEMO_COUNT,
	demoCurrentUser,
	demoQueryIndices,
	demoSortFields,
	demoWorkspace,
	demoWorkspaceIndex,
	type DemoSort,
} from './data.js';
import {createJsonCache, jsonBytes, pageHead, type JsonCacheLimits} from './json-bytes.js';
import {pageBody, parseListQuery} from './query.js';
import {
	appDetail,
	appList,
	entityDetail,
	entityList,
	entityParent,
	entityTypeDetail,
	entityTypeEntities,
	entityTypeList,
	revisionDetail,
	revisionList,
	type Outcome,
	type ResourceRequest,
} from './resources.js';

export {DEMO_TOKEN, demoWorkspace} from './data.js';

/** A fault the server answers with instead of the real response. */
export type DemoFault =
	/** An error status (e.g. 429/500/502/503), with a JSON `{detail}` body (default) or an HTML page. */
	| {type: 'status'; status: number; retryAfter?: string; body?: 'json' | 'html'}
	/** Accept the request and never answer, until close() or the client aborts. */
	| {type: 'hang'}
	/** 200 with `content-type: application/json` and a body that is not JSON. */
	| {type: 'malformed-json'}
	/** 200 with a text/html page (a proxy's login page). */
	| {type: 'html'}
	/** 200 JSON with exactly this body. */
	| {type: 'wrong-shape'; body: unknown};

/** When to inject a fault: up to `times` requests (default: all) of a kind (default: any). */
export type DemoFaultRule = {fault: DemoFault; times?: number; match?: 'list' | 'detail' | 'any'};

/** How to start the demo server. */
export type DemoServerOptions = {
	/** Interface to listen on; default `127.0.0.1`. */
	host?: string;
	/** Port; default 0 (a free port). */
	port?: number;
	/** The accepted Bearer token; default DEMO_TOKEN. */
	token?: string;
	/** Number of workspaces; default 240, at most 2,000,000 (records are built on demand). */
	count?: number;
	/** Most results a page holds; a larger `limit` gets a short page. Default 100. */
	pageCap?: number;
	/** Delay before every answer, in milliseconds; default 0. */
	latencyMs?: number;
	/** Mix hostile records (terminal escapes, huge fields, odd shapes) into the data; default false. */
	hostile?: boolean;
	/** Data-set variation; default 1. */
	seed?: number;
};

/** One answered (or abandoned, status 0) request. */
export type DemoLogEntry = {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	status: number;
};

/** What the server has seen since it started or since resetStats(). */
export type DemoStats = {
	requests: number;
	listRequests: number;
	detailRequests: number;
	/** Most requests open at the same time. */
	maxInFlight: number;
	/** Requests open right now. */
	inFlight: number;
	/** The last 10,000 requests, oldest first. */
	log: DemoLogEntry[];
};

/** A running demo server. */
export type DemoServer = {
	/** `http://HOST:PORT`. */
	url: string;
	/** `url + '/api'`: what a client takes as its base URL. */
	baseUrl: string;
	port: number;
	/** The token the server currently accepts. */
	readonly token: string;
	/** A snapshot of the current options (`port` is the bound port). */
	readonly options: Required<DemoServerOptions>;
	/** Changes count, pageCap, latencyMs, hostile, seed or token live; host and port cannot change. */
	setOptions(patch: Partial<DemoServerOptions>): void;
	/**
	 * Adds a fault rule; rules are consumed first-match, in insertion order. A fault answers before
	 * the trailing-slash redirect and authentication, as a proxy in front of the server would.
	 */
	addFault(rule: DemoFaultRule): void;
	clearFaults(): void;
	stats(): DemoStats;
	/** Zeroes the counters and the log; `maxInFlight` restarts from the requests open now. */
	resetStats(): void;
	/** Stops the server, ending hanging requests and open sockets at once. */
	close(): Promise<void>;
};

type RouteKind = 'list' | 'detail' | 'user' | 'unknown';
/** A resolved path: its kind (for faults and counters), the handler's name and the path's ids. */
type Route = {kind: RouteKind; name: RouteName; ids: string[]};
type RouteName =
	| 'workspaces'
	| 'workspace'
	| 'entities'
	| 'entity'
	| 'children'
	| 'parent'
	| 'revisions'
	| 'revision'
	| 'entity-types'
	| 'entity-type'
	| 'entities-of-type'
	| 'apps'
	| 'app'
	| 'user'
	| 'unknown';
/** An answer; `body` is its bytes, or text to send as UTF-8. */
type Reply = {status: number; headers: OutgoingHttpHeaders; body: Buffer | string};
type ActiveRule = {fault: DemoFault; remaining: number; match: 'list' | 'detail' | 'any'};

const logCapacity = 10_000;
const queryCacheCapacity = 8;
const jsonType: OutgoingHttpHeaders = {'content-type': 'application/json'};
// Some 5,000 ordinary workspace records (about 770 bytes of JSON each): a 2,000-record export is
// answered from memory after its first pass, and a walk over a million records holds 4 MiB.
const recordCacheLimits: JsonCacheLimits = {
	capacityBytes: 4 * 1024 * 1024,
	largestEntryBytes: 64 * 1024,
};

const defaultOptions: Required<DemoServerOptions> = {
	host: '127.0.0.1',
	port: 0,
	token: DEMO_TOKEN,
	count: 240,
	pageCap: 100,
	latencyMs: 0,
	hostile: false,
	seed: 1,
};

function validateOptions(options: Required<DemoServerOptions>): void {
	const {count, pageCap, latencyMs, seed, port} = options;
	if (!Number.isInteger(count) || count < 0 || count > MAX_DEMO_COUNT) {
		throw new RangeError(`count must be an integer from 0 to ${MAX_DEMO_COUNT}, not ${count}`);
	}

	if (!Number.isInteger(pageCap) || pageCap < 1) {
		throw new RangeError(`pageCap must be a positive integer, not ${pageCap}`);
	}

	if (!Number.isFinite(latencyMs) || latencyMs < 0) {
		throw new RangeError(`latencyMs must be a non-negative number, not ${latencyMs}`);
	}

	if (!Number.isSafeInteger(seed)) {
		throw new RangeError(`seed must be an integer, not ${seed}`);
	}

	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new RangeError(`port must be an integer from 0 to 65535, not ${port}`);
	}
}

function jsonReply(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): Reply {
	return {
		status,
		headers: {'content-type': 'application/json', ...headers},
		body: jsonBytes(body),
	};
}

function htmlReply(status: number, body: string, headers: OutgoingHttpHeaders = {}): Reply {
	return {status, headers: {'content-type': 'text/html; charset=utf-8', ...headers}, body};
}

const notFound = (): Reply => jsonReply(404, {detail: 'Not found.'});

const id = '([^/]+)';
const routes: ReadonlyArray<[RegExp, RouteKind, RouteName]> = [
	[/^\/api\/workspaces\/$/, 'list', 'workspaces'],
	[new RegExp(`^/api/workspaces/${id}/$`), 'detail', 'workspace'],
	[new RegExp(`^/api/workspaces/${id}/entities/$`), 'list', 'entities'],
	[new RegExp(`^/api/workspaces/${id}/entities/${id}/$`), 'detail', 'entity'],
	[new RegExp(`^/api/workspaces/${id}/entities/${id}/entities/$`), 'list', 'children'],
	[new RegExp(`^/api/workspaces/${id}/entities/${id}/parent/$`), 'detail', 'parent'],
	[new RegExp(`^/api/workspaces/${id}/entities/${id}/revisions/$`), 'list', 'revisions'],
	[new RegExp(`^/api/workspaces/${id}/entities/${id}/revisions/${id}/$`), 'detail', 'revision'],
	[new RegExp(`^/api/workspaces/${id}/entity_types/$`), 'list', 'entity-types'],
	[new RegExp(`^/api/workspaces/${id}/entity_types/${id}/$`), 'detail', 'entity-type'],
	[new RegExp(`^/api/workspaces/${id}/entity_types/${id}/entities/$`), 'list', 'entities-of-type'],
	[/^\/api\/apps\/$/, 'list', 'apps'],
	[new RegExp(`^/api/apps/${id}/$`), 'detail', 'app'],
	[/^\/api\/users\/current\/$/, 'user', 'user'],
];

function route(path: string): Route {
	for (const [pattern, kind, name] of routes) {
		const match = pattern.exec(path);
		if (match !== null) {
			return {kind, name, ids: match.slice(1)};
		}
	}

	return {kind: 'unknown', name: 'unknown', ids: []};
}

function queryRecord(parameters: URLSearchParams): Record<string, string | string[]> {
	const record: Record<string, string | string[]> = {};
	for (const key of new Set(parameters.keys())) {
		const values = parameters.getAll(key);
		record[key] = values.length === 1 ? (values[0] ?? '') : values;
	}

	return record;
}

function statusMessage(status: number, retryAfter: string | undefined): string {
	switch (status) {
		case 429: {
			return retryAfter !== undefined && /^\d+$/.test(retryAfter)
				? `Request was throttled. Expected available in ${retryAfter} seconds.`
				: 'Request was throttled.';
		}

		case 500: {
			return 'A server error occurred.';
		}

		case 503: {
			return 'Service temporarily unavailable, try again later.';
		}

		default: {
			return STATUS_CODES[status] ?? 'Error.';
		}
	}
}

function faultReply(fault: Exclude<DemoFault, {type: 'hang'}>): Reply {
	switch (fault.type) {
		case 'status': {
			const headers: OutgoingHttpHeaders =
				fault.retryAfter === undefined ? {} : {'retry-after': fault.retryAfter};
			if (fault.body === 'html') {
				const title = `${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}`;
				return htmlReply(
					fault.status,
					`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
					headers,
				);
			}

			return jsonReply(
				fault.status,
				{detail: statusMessage(fault.status, fault.retryAfter)},
				headers,
			);
		}

		case 'malformed-json': {
			return {
				status: 200,
				headers: {'content-type': 'application/json'},
				body: '{"count": 240, "next": null, "results": [{"id": 1000, "name": "Foundat',
			};
		}

		case 'html': {
			return htmlReply(
				200,
				'<!DOCTYPE html>\n<html lang="en">\n<head><title>Sign in – Corporate Proxy</title></head>\n<body>\n<form method="post" action="/login"><label>User <input name="user"></label><label>Password <input name="password" type="password"></label><button>Sign in</button></form>\n</body>\n</html>\n',
			);
		}

		case 'wrong-shape': {
			return jsonReply(200, fault.body);
		}
	}
}

/** A list of the most recent entries that never holds more than `capacity`. */
function createRing<T>(capacity: number) {
	let entries: T[] = [];
	let next = 0;
	return {
		push(entry: T): void {
			if (entries.length < capacity) {
				entries.push(entry);
			} else {
				entries[next] = entry;
			}

			next = (next + 1) % capacity;
		},
		toArray(): T[] {
			return entries.length < capacity
				? [...entries]
				: [...entries.slice(next), ...entries.slice(0, next)];
		},
		clear(): void {
			entries = [];
			next = 0;
		},
	};
}

/**
 * Starts a demo server on 127.0.0.1 (by default on a free port) and resolves once it listens.
 * Every /api path needs `Authorization: Bearer <token>`.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
	const current: Required<DemoServerOptions> = {...defaultOptions, ...options};
	validateOptions(current);

	const rules: ActiveRule[] = [];
	const queryCache = new Map<string, Uint32Array>();
	const recordCache = createJsonCache(recordCacheLimits);
	const timers = new Set<NodeJS.Timeout>();
	const log = createRing<DemoLogEntry>(logCapacity);
	const counters = {requests: 0, listRequests: 0, detailRequests: 0, maxInFlight: 0, inFlight: 0};

	function takeFault(kind: RouteKind): DemoFault | undefined {
		const index = rules.findIndex((rule) => rule.match === 'any' || rule.match === kind);
		const rule = rules[index];
		if (rule === undefined) {
			return undefined;
		}

		rule.remaining -= 1;
		if (rule.remaining <= 0) {
			rules.splice(index, 1);
		}

		return rule.fault;
	}

	function orderedIndices(terms: string[], sort: DemoSort | undefined): Uint32Array {
		const {count, seed, hostile} = current;
		const key = JSON.stringify([count, seed, hostile, terms, sort?.field, sort?.direction]);
		const cached = queryCache.get(key);
		if (cached !== undefined) {
			// Re-inserting moves the key to the end: the Map's order is the recency order.
			queryCache.delete(key);
			queryCache.set(key, cached);
			return cached;
		}

		const indices = demoQueryIndices({count, seed, hostile, terms, sort});
		queryCache.set(key, indices);
		for (const oldest of queryCache.keys()) {
			if (queryCache.size <= queryCacheCapacity) {
				break;
			}

			queryCache.delete(oldest);
		}

		return indices;
	}

	function listReply(url: URL, origin: string): Reply {
		const parsed = parseListQuery(url.searchParams, {
			sortFields: demoSortFields,
			requireLimit: false,
		});
		if ('errors' in parsed) {
			return jsonReply(400, parsed.errors);
		}

		const {limit, offset, sort, terms} = parsed.query;
		const {count: total, pageCap} = current;
		const indices =
			terms.length === 0 && sort === undefined ? undefined : orderedIndices(terms, sort);
		const count = indices === undefined ? total : indices.length;
		const pageLimit = Math.min(limit ?? pageCap, pageCap);
		const start = Math.min(offset, count);
		const end = Math.min(count, start + pageLimit);
		const keys = new Uint32Array(end - start);
		for (let position = start; position < end; position++) {
			keys[position - start] = indices === undefined ? position : (indices[position] ?? 0);
		}

		// The documented old behaviour: without `limit`, a bare array and no paging envelope.
		const [head, tail] =
			limit === undefined
				? ['[', ']']
				: [pageHead(pageBody({url, origin}, offset, pageLimit, count, [])), ']}'];
		return {status: 200, headers: jsonType, body: workspacesJson(keys, head, tail)};
	}

	/** `head`, the JSON of the workspaces at `indices` joined by commas, and `tail`. */
	function workspacesJson(indices: ArrayLike<number>, head: string, tail: string): Buffer {
		const {seed, hostile} = current;
		// Everything a workspace record depends on besides its index names the cache's data set.
		const build = (index: number): unknown => demoWorkspace(index, seed, hostile);
		return recordCache.join(`${seed} ${hostile}`, indices, build, head, tail);
	}

	function detailReply(id: string): Reply {
		if (!/^\d+$/.test(id)) {
			return notFound();
		}

		const index = demoWorkspaceIndex(Number(id));
		if (index === undefined || index >= current.count) {
			return notFound();
		}

		return {status: 200, headers: jsonType, body: workspacesJson([index], '', '')};
	}

	function authenticationFailure(request: IncomingMessage): Reply | undefined {
		const header = request.headers.authorization;
		const challenge = {'www-authenticate': 'Bearer realm="api"'};
		const [scheme, credential, ...rest] = (header ?? '').trim().split(/\s+/);
		if (header === undefined || scheme?.toLowerCase() !== 'bearer') {
			return jsonReply(401, {detail: 'Authentication credentials were not provided.'}, challenge);
		}

		if (credential === undefined || credential === '' || rest.length > 0) {
			return jsonReply(401, {detail: 'Invalid token header. No credentials provided.'}, challenge);
		}

		if (credential !== current.token) {
			return jsonReply(401, {detail: 'Invalid token.'}, challenge);
		}

		return undefined;
	}

	function answer(request: IncomingMessage, url: URL, path: string, target: Route): Reply {
		if (!path.endsWith('/') && route(`${path}/`).kind !== 'unknown') {
			// Django's APPEND_SLASH: a permanent redirect to the slash form, before any view runs.
			return {status: 301, headers: {location: `${path}/${url.search}`}, body: ''};
		}

		const isApi = path === '/api' || path.startsWith('/api/');
		const failure = isApi ? authenticationFailure(request) : undefined;
		if (failure !== undefined) {
			return failure;
		}

		if (target.kind === 'unknown') {
			return notFound();
		}

		const method = request.method ?? 'GET';
		if (method !== 'GET' && method !== 'HEAD') {
			return jsonReply(405, {detail: `Method "${method}" not allowed.`}, {allow: 'GET, HEAD'});
		}

		const origin = `http://${request.headers.host ?? `${current.host}:${current.port}`}`;
		const resource: ResourceRequest = {
			url,
			origin,
			pageCap: current.pageCap,
			count: current.count,
			seed: current.seed,
			hostile: current.hostile,
		};
		const [first = '', second = '', third = ''] = target.ids;
		const outcome = (result: Outcome): Reply => jsonReply(result.status, result.body);
		switch (target.name) {
			case 'workspaces': {
				return listReply(url, origin);
			}

			case 'workspace': {
				return detailReply(first);
			}

			case 'entities': {
				return outcome(entityList(resource, first));
			}

			case 'entity': {
				return outcome(entityDetail(resource, first, second));
			}

			case 'children': {
				return outcome(entityList(resource, first, second));
			}

			case 'parent': {
				return outcome(entityParent(resource, first, second));
			}

			case 'revisions': {
				return outcome(revisionList(resource, first, second));
			}

			case 'revision': {
				return outcome(revisionDetail(resource, first, second, third));
			}

			case 'entity-types': {
				return outcome(entityTypeList(resource, first));
			}

			case 'entity-type': {
				return outcome(entityTypeDetail(resource, first, second));
			}

			case 'entities-of-type': {
				return outcome(entityTypeEntities(resource, first, second));
			}

			case 'apps': {
				return outcome(appList(resource));
			}

			case 'app': {
				return outcome(appDetail(resource, first));
			}

			case 'user': {
				return jsonReply(200, demoCurrentUser());
			}

			case 'unknown': {
				return notFound();
			}
		}
	}

	function handle(request: IncomingMessage, response: ServerResponse): void {
		counters.requests += 1;
		counters.inFlight += 1;
		counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);

		const url = new URL(request.url ?? '/', 'http://demo.invalid');
		const path = url.pathname;
		const target = route(path);
		if (target.kind === 'list') {
			counters.listRequests += 1;
		} else if (target.kind === 'detail') {
			counters.detailRequests += 1;
		}

		const entry: DemoLogEntry = {
			method: request.method ?? 'GET',
			path,
			query: queryRecord(url.searchParams),
			status: 0,
		};
		let timer: NodeJS.Timeout | undefined;
		let answered = false;
		response.once('close', () => {
			counters.inFlight -= 1;
			if (timer !== undefined) {
				clearTimeout(timer);
				timers.delete(timer);
			}

			if (!answered) {
				log.push(entry);
			}
		});

		const fault = takeFault(target.kind);
		if (fault?.type === 'hang') {
			return;
		}

		let reply: Reply;
		try {
			reply = fault === undefined ? answer(request, url, path, target) : faultReply(fault);
		} catch (error) {
			reply = jsonReply(500, {detail: `A server error occurred: ${String(error)}`});
		}

		const send = (): void => {
			if (timer !== undefined) {
				timers.delete(timer);
				timer = undefined;
			}

			if (response.destroyed) {
				return;
			}

			answered = true;
			entry.status = reply.status;
			log.push(entry);
			const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
			response.writeHead(reply.status, {...reply.headers, 'content-length': body.length});
			response.end(body);
		};

		if (current.latencyMs > 0) {
			timer = setTimeout(send, current.latencyMs);
			timers.add(timer);
		} else {
			send();
		}
	}

	const server = createServer(handle);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(current.port, current.host, () => {
			server.off('error', reject);
			resolve();
		});
	});

	const address = server.address() as AddressInfo;
	current.port = address.port;
	const hostForUrl = current.host.includes(':') ? `[${current.host}]` : current.host;
	const url = `http://${hostForUrl}:${address.port}`;
	let closing: Promise<void> | undefined;

	return {
		url,
		baseUrl: `${url}/api`,
		port: address.port,
		get token() {
			return current.token;
		},
		get options() {
			return {...current};
		},
		setOptions(patch) {
			if (patch.host !== undefined && patch.host !== current.host) {
				throw new RangeError('host cannot change while the server runs');
			}

			if (patch.port !== undefined && patch.port !== current.port) {
				throw new RangeError('port cannot change while the server runs');
			}

			const next = {...current, ...patch};
			validateOptions(next);
			Object.assign(current, next);
		},
		addFault(rule) {
			const {fault} = rule;
			if (
				fault.type === 'status' &&
				!(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)
			) {
				throw new RangeError(
					`a status fault needs an HTTP status from 100 to 599, not ${fault.status}`,
				);
			}

			const times = rule.times ?? Number.POSITIVE_INFINITY;
			if (!(times > 0)) {
				throw new RangeError(`times must be positive, not ${times}`);
			}

			rules.push({fault, remaining: times, match: rule.match ?? 'any'});
		},
		clearFaults() {
			rules.length = 0;
		},
		stats() {
			return {...counters, log: log.toArray()};
		},
		resetStats() {
			counters.requests = 0;
			counters.listRequests = 0;
			counters.detailRequests = 0;
			counters.maxInFlight = counters.inFlight;
			log.clear();
		},
		close() {
			closing ??= new Promise<void>((resolve) => {
				for (const pending of timers) {
					clearTimeout(pending);
				}

				timers.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
