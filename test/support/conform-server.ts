/**
 * A second VIKTOR-compatible server for tests, written from ../shared/docs/viktor-api.md and not
 * from the demo server: it differs from the demo on purpose, the way another real server would.
 * A small page cap (7 by default, 1 in a variant), large non-sequential ids (or UUID-like
 * strings), no `next`/`previous` (an older server), entity lists without `properties`, a
 * children endpoint that answers 403 with HTML or a DRF `{"detail"}`, revisions whose `params`
 * are missing or null, apps with only `id` and `name`, hostile strings in names and properties,
 * and faults a test switches on: held answers, 429 with Retry-After, 500 HTML from a proxy,
 * records that vanish between list and detail, `count` that changes between requests.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

/** A demo token, shaped like a real one (the server checks only the prefix). */
export const conformToken = 'vktrpat_demo_conform0123_abcdefghijklmnopqrstuvwxyz';

/** How this server differs. */
export type ConformOptions = {
	/** The most records one page holds, whatever `limit` asks. Default 7. */
	pageCap?: number;
	/** Large non-sequential numbers, or UUID-like strings. Default `large`. */
	ids?: 'large' | 'uuid';
	/** Workspaces at the start. Default 23 (three full pages of 7 and a short one). */
	workspaces?: number;
	/** Send `next`/`previous` like a newer server. Default false (an older one). */
	links?: boolean;
	/** Answer `pageCap` records whatever `limit` asks, fewer or more. Default false. */
	ignoreLimit?: boolean;
	/** The port on 127.0.0.1; default a free one. */
	port?: number;
};

type Json = Record<string, unknown>;
type Id = number | string;

/** An entity of the conform server, children included. */
export type ConformEntity = {
	id: Id;
	name: string;
	entityTypeName: string;
	properties: Json;
	children: ConformEntity[];
	revisions: Json[];
};

/** A workspace of the conform server and what lives in it. */
export type ConformWorkspace = {
	id: Id;
	name: string;
	/** How the children endpoint answers in this workspace's app. */
	tree: 'tree' | 'forbidden-html' | 'forbidden-detail';
	entities: ConformEntity[];
};

/** One answer a test forces on requests whose path matches. */
export type ConformFault = {
	/** Matched against the path, such as `/api/workspaces/`. */
	path: RegExp;
	/** How many requests it answers; default every one. */
	times?: number;
	status?: number;
	contentType?: string;
	body?: string;
	headers?: http.OutgoingHttpHeaders;
	/** Hold the answer until `release()` of the returned handle. */
	hold?: boolean;
};

/** A request the server received. */
export type ConformRequest = {path: string; query: Record<string, string>};

/** Strings that must never reach a terminal raw. */
export const hostileNames = {
	escape: 'Red\u001B[31m alert\u001B[0m\u001B]0;pwned\u0007 tower',
	bidi: 'Invoice \u202Egnp.exe\u202C bridge',
	long: `Long ${'x'.repeat(4995)}`,
	cjk: '桥梁设计 🏗️ ブリッジ 👩‍👩‍👧 Zwolle',
	clear: 'Clear\u001B[2J\u001B[H screen\r\nnext line\u0008',
} as const;

function idFor(style: 'large' | 'uuid', kind: number, index: number): Id {
	if (style === 'uuid') {
		const hex = (value: number, width: number) =>
			(value >>> 0).toString(16).padStart(width, '0').slice(-width);
		const mixed = Math.imul(index + 1, 2_654_435_761) ^ Math.imul(kind + 7, 40_503);
		return `${hex(mixed, 8)}-${hex(kind, 4)}-4${hex(index, 3)}-a${hex(mixed >>> 7, 3)}-${hex(index * 977 + kind, 12)}`;
	}

	// Large and far apart, never in order of position.
	return 4_000_000_000 + kind * 100_000_000 + ((index * 7_919 + 13) % 99_991) * 1000 + index;
}

function makeRevisions(style: 'large' | 'uuid', kind: number, count: number): Json[] {
	return Array.from({length: count}, (_, index) => {
		const revision: Json = {
			id: idFor(style, kind, index),
			created_date: new Date(Date.UTC(2026, 0, 1 + count - index)).toISOString(),
		};
		// Newest first; every third has no params, every fourth null params.
		if (index % 3 === 1) return revision;
		revision['params'] =
			index % 4 === 2 ? null : {geometry: {depth: 10 + (count - index)}, label: `rev ${index}`};
		return revision;
	});
}

function makeEntity(
	style: 'large' | 'uuid',
	kind: number,
	index: number,
	name: string,
	depth: number,
): ConformEntity {
	const childCount = depth === 0 && index === 0 ? 9 : depth === 1 && index === 0 ? 2 : 0;
	return {
		id: idFor(style, kind, index),
		name,
		entityTypeName: depth === 0 ? 'Design' : 'Section',
		properties: {
			note: index === 1 ? hostileNames.escape : `entity ${index}`,
			[hostileNames.bidi]: hostileNames.cjk,
			layers: [{depth: index + 1}, {depth: index + 2}],
		},
		children: Array.from({length: childCount}, (_, child) =>
			makeEntity(style, kind * 10 + child + 1, child, `Child ${depth + 1}.${child + 1}`, depth + 1),
		),
		revisions: makeRevisions(style, kind + 500, index === 0 ? 10 : 1),
	};
}

function makeWorkspaces(style: 'large' | 'uuid', count: number): ConformWorkspace[] {
	const hostile = Object.values(hostileNames);
	return Array.from({length: count}, (_, index) => {
		const name = index >= 1 && index <= hostile.length ? hostile[index - 1]! : `Site ${index + 1}`;
		const entityCount = index === 0 ? 16 : index === 6 ? 0 : 3;
		return {
			id: idFor(style, 1, index),
			name,
			tree: index === 7 ? 'forbidden-html' : index === 8 ? 'forbidden-detail' : 'tree',
			entities: Array.from({length: entityCount}, (_, entity) =>
				makeEntity(
					style,
					10 + index * 20,
					entity,
					entity === 2 ? hostileNames.bidi : `Entity ${index + 1}.${entity + 1}`,
					0,
				),
			),
		};
	});
}

/** A running conform server. */
export type ConformServer = {
	baseUrl: string;
	token: string;
	pageCap: number;
	workspaces: ConformWorkspace[];
	apps: Json[];
	/** Every request received, in order. */
	requests: ConformRequest[];
	/** Requests whose path matches and that carry `limit` (list requests). */
	listRequests(path?: RegExp): ConformRequest[];
	/** Forces answers on matching requests; `release` lets held ones go. */
	fault(fault: ConformFault): {release: () => void; hits: () => number};
	/** Drops every fault and releases what they hold. */
	clearFaults(): void;
	/** Removes a workspace (its detail is then 404; `count` shrinks). */
	removeWorkspace(index: number): void;
	/** Appends a workspace (`count` grows). */
	appendWorkspace(name: string): void;
	close(): Promise<void>;
};

function workspaceRecord(workspace: ConformWorkspace, full: boolean): Json {
	const record: Json = {id: workspace.id, name: workspace.name, visibility: 'INTERNAL'};
	if (full) {
		record['description'] = `About ${workspace.name}`;
		record['labels'] = [{id: 1, name: hostileNames.cjk, description: '', color: 'FF0000'}];
	}

	return record;
}

function entityRecord(entity: ConformEntity, full: boolean): Json {
	const record: Json = {
		id: entity.id,
		name: entity.name,
		entity_type_name: entity.entityTypeName,
		updated_at: '2026-10-02T08:00:00Z',
	};
	// Lists omit `properties` unless asked; the detail always carries them.
	if (full) record['properties'] = entity.properties;
	return record;
}

/** Starts the server on 127.0.0.1 on a free port. */
export async function startConformServer(options: ConformOptions = {}): Promise<ConformServer> {
	const pageCap = options.pageCap ?? 7;
	const style = options.ids ?? 'large';
	const workspaces = makeWorkspaces(style, options.workspaces ?? 23);
	const apps: Json[] = Array.from({length: 12}, (_, index) => ({
		id: idFor(style, 3, index),
		name: index === 4 ? hostileNames.escape : `app-${index + 1}`,
	}));
	const requests: ConformRequest[] = [];
	type Active = ConformFault & {hits: number; held: Array<() => void>; released: boolean};
	let faults: Active[] = [];
	let appended = 0;

	const sameId = (id: Id, segment: string) => String(id) === decodeURIComponent(segment);

	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://conform.invalid');
		const query = Object.fromEntries(url.searchParams);
		requests.push({path: url.pathname, query});
		const send = (
			status: number,
			body: unknown,
			contentType = 'application/json',
			headers: http.OutgoingHttpHeaders = {},
		) => {
			response.writeHead(status, {'content-type': contentType, ...headers});
			response.end(typeof body === 'string' ? body : JSON.stringify(body));
		};

		const fault = faults.find(
			(candidate) =>
				candidate.path.test(url.pathname) &&
				(candidate.times === undefined || candidate.hits < candidate.times),
		);
		const answer = () => {
			if (fault?.status !== undefined) {
				send(fault.status, fault.body ?? '', fault.contentType, fault.headers);
				return;
			}

			route();
		};

		const route = () => {
			if (!(request.headers.authorization ?? '').startsWith('Bearer vktrpat_')) {
				send(401, {detail: 'Authentication credentials were not provided.'});
				return;
			}

			const parts = url.pathname.split('/').filter(Boolean);
			if (parts[0] !== 'api' || !url.pathname.endsWith('/')) {
				send(404, '<html><body>Not Found</body></html>', 'text/html');
				return;
			}

			const list = (records: Json[]) => {
				if (!url.searchParams.has('limit')) {
					send(200, records);
					return;
				}

				const limit = Number(url.searchParams.get('limit'));
				const offset = Number(url.searchParams.get('offset') ?? '0');
				if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
					send(400, {limit: ['A valid positive integer is required.']});
					return;
				}

				const search = url.searchParams.get('search')?.toLowerCase();
				const matching =
					search === undefined
						? records
						: records.filter((record) => String(record['name']).toLowerCase().includes(search));
				const page: Json = {
					count: matching.length,
					results: matching.slice(
						offset,
						offset + (options.ignoreLimit ? pageCap : Math.min(limit, pageCap)),
					),
				};
				if (options.links) {
					page['next'] = offset + limit < matching.length ? `${url.pathname}?offset=x` : null;
					page['previous'] = offset > 0 ? `${url.pathname}?offset=y` : null;
				}

				send(200, page);
			};

			const rest = parts.slice(1);
			if (rest[0] === 'apps') {
				if (rest.length === 1) return list(apps);
				const app = apps.find((candidate) => sameId(candidate['id'] as Id, rest[1]!));
				return app ? send(200, app) : send(404, {detail: 'Not found.'});
			}

			if (rest[0] !== 'workspaces') return send(404, {detail: 'Not found.'});
			if (rest.length === 1) return list(workspaces.map((ws) => workspaceRecord(ws, false)));
			const workspace = workspaces.find((candidate) => sameId(candidate.id, rest[1]!));
			if (workspace === undefined) return send(404, {detail: 'Not found.'});
			if (rest.length === 2) return send(200, workspaceRecord(workspace, true));
			if (rest[2] !== 'entities') return send(404, {detail: 'Not found.'});
			const all: ConformEntity[] = [];
			const walk = (entities: ConformEntity[]) => {
				for (const entity of entities) {
					all.push(entity);
					walk(entity.children);
				}
			};

			walk(workspace.entities);
			if (rest.length === 3) return list(workspace.entities.map((e) => entityRecord(e, false)));
			const entity = all.find((candidate) => sameId(candidate.id, rest[3]!));
			if (entity === undefined) return send(404, {detail: 'Not found.'});
			if (rest.length === 4) return send(200, entityRecord(entity, true));
			if (rest[4] === 'entities' && rest.length === 5) {
				if (workspace.tree === 'forbidden-html') {
					return send(
						403,
						'<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body></html>',
						'text/html',
					);
				}

				if (workspace.tree === 'forbidden-detail') {
					return send(403, {detail: 'Specified path is not allowed'});
				}

				return list(entity.children.map((child) => entityRecord(child, false)));
			}

			if (rest[4] === 'revisions') {
				if (rest.length === 5) return list(entity.revisions);
				const revision = entity.revisions.find((candidate) =>
					sameId(candidate['id'] as Id, rest[5]!),
				);
				return revision ? send(200, revision) : send(404, {detail: 'Not found.'});
			}

			return send(404, {detail: 'Not found.'});
		};

		if (fault !== undefined) {
			fault.hits++;
			if (fault.hold && !fault.released) {
				fault.held.push(answer);
				return;
			}
		}

		answer();
	});

	await new Promise<void>((resolve) => {
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;

	return {
		baseUrl: `http://127.0.0.1:${port}/api`,
		token: conformToken,
		pageCap,
		workspaces,
		apps,
		requests,
		listRequests: (path) =>
			requests.filter(
				(entry) => entry.query['limit'] !== undefined && (path?.test(entry.path) ?? true),
			),
		fault(fault) {
			const active: Active = {...fault, hits: 0, held: [], released: false};
			faults.push(active);
			return {
				release() {
					active.released = true;
					for (const go of active.held.splice(0)) go();
				},
				hits: () => active.hits,
			};
		},
		clearFaults() {
			for (const active of faults) for (const go of active.held.splice(0)) go();
			faults = [];
		},
		removeWorkspace(index) {
			workspaces.splice(index, 1);
		},
		appendWorkspace(name) {
			appended++;
			workspaces.push({
				id: idFor(style, 2, appended),
				name,
				tree: 'tree',
				entities: [],
			});
		},
		async close() {
			for (const active of faults) for (const go of active.held.splice(0)) go();
			server.closeAllConnections();
			await new Promise((resolve) => {
				server.close(resolve);
			});
		},
	};
}
