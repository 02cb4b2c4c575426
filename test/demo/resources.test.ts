/**
 * The demo server's resources below and beside the workspace list — entities, child entities,
 * revisions, entity types, apps — over real HTTP.
 */
import {describe, expect, it} from 'vitest';
import {
	demoApps,
	demoBlueprint,
	demoChild,
	demoChildCount,
	demoEntityHostileKind,
	demoEntityId,
	demoRevisionCount,
	demoWorkspace,
	demoWorkspaceApp,
	demoWorkspaceId,
	type DemoEntityNode,
	type DemoEntityScope,
	type DemoServer,
} from '../../source/demo/index.js';
import {demoServers, get, type PageBody} from './http.js';

type Json = Record<string, unknown>;

async function getPage(server: DemoServer, path: string): Promise<PageBody> {
	const answer = await get(server, path);
	expect(answer.status, JSON.stringify(answer.body)).toBe(200);
	const body = answer.body as PageBody;
	expect(Object.keys(body)).toEqual(['count', 'next', 'previous', 'results']);
	return body;
}

/** Every record of a list, by following `next` from a first page of `limit`. */
async function followAll(server: DemoServer, path: string, limit: number): Promise<Json[]> {
	const records: Json[] = [];
	let next: string | null = `${server.url}${path}${path.includes('?') ? '&' : '?'}limit=${limit}`;
	let pages = 0;
	while (next !== null) {
		const url = new URL(next);
		const page: PageBody = await getPage(server, `${url.pathname}${url.search}`);
		expect(page.results.length).toBeLessThanOrEqual(server.options.pageCap);
		records.push(...page.results);
		next = page.next;
		pages += 1;
		expect(pages).toBeLessThan(1000);
	}

	return records;
}

const ids = (records: Json[]): unknown[] => records.map((record) => record['id']);

const servers = demoServers();
const start = servers.start;

const scope = (workspace: number, options: Partial<DemoEntityScope> = {}): DemoEntityScope => ({
	workspace,
	seed: 1,
	hostile: false,
	...options,
});

/** The first workspace index (below `count`) whose app has the type, and passes the check. */
function findWorkspace(
	appType: 'tree' | 'editor' | 'simple' | 'none',
	check: (workspace: number) => boolean = () => true,
	count = 240,
): number {
	for (let workspace = 0; workspace < count; workspace++) {
		const app = demoWorkspaceApp(workspace);
		const type = app === undefined ? 'none' : demoBlueprint(app).appType;
		if (type === appType && check(workspace)) return workspace;
	}

	throw new Error(`no ${appType} workspace found`);
}

/** The node at a path of positions. */
function nodeAt(workspace: number, path: readonly number[]): DemoEntityNode {
	let node: DemoEntityNode | undefined;
	for (const position of path) {
		node = demoChild(scope(workspace), node, position);
	}

	if (node === undefined) throw new Error('empty path');
	return node;
}

const entities = (workspace: number) => `/api/workspaces/${demoWorkspaceId(workspace)}/entities/`;
const entity = (node: DemoEntityNode) => `${entities(node.scope.workspace)}${node.id}/`;

const tree = findWorkspace('tree');
const editor = findWorkspace('editor');

describe('apps', () => {
	it('pages through every app with the page cap, ids unique and not positions', async () => {
		const server = await start({pageCap: 5});
		const apps = await followAll(server, '/api/apps/', 50);
		expect(apps).toHaveLength(demoApps.length);
		expect(new Set(ids(apps)).size).toBe(demoApps.length);
		expect(ids(apps)).not.toEqual(apps.map((_, index) => index + 1));
		for (const app of apps) {
			expect(app).toEqual({
				id: expect.any(Number),
				name: expect.any(String),
				description: expect.any(String),
				app_type: expect.stringMatching(/^(editor|simple|tree)$/),
				created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
				updated_at: expect.any(String),
				latest_version: expect.objectContaining({app_type: app['app_type']}),
			});
		}
	});

	it('answers one app by id, equal to its list record, and 404 for an unknown id', async () => {
		const page = await getPage(servers.shared, '/api/apps/?limit=100');
		const third = page.results[2];
		const detail = await get(servers.shared, `/api/apps/${String(third?.['id'])}/`);
		expect(detail.status).toBe(200);
		expect(detail.body).toEqual(third);
		for (const path of ['/api/apps/1/', '/api/apps/abc/', '/api/apps/4200/']) {
			expect(await get(servers.shared, path)).toMatchObject({
				status: 404,
				body: {detail: 'Not found.'},
			});
		}
	});

	it('gives every workspace an app from the list, of the type its app_version says', async () => {
		const page = await getPage(servers.shared, '/api/apps/?limit=100');
		const byId = new Map(page.results.map((app) => [app['id'], app]));
		const workspaces = await getPage(servers.shared, '/api/workspaces/?limit=100');
		let withApp = 0;
		for (const workspace of workspaces.results) {
			const app = workspace['app'] as Json | null;
			if (app === null) continue;
			withApp += 1;
			const listed = byId.get(app['id']);
			expect(listed?.['name']).toBe(app['name']);
			expect((workspace['app_version'] as Json)['app_type']).toBe(listed?.['app_type']);
		}

		expect(withApp).toBeGreaterThan(50);
	});

	it('searches names and descriptions and sorts by name and created_at', async () => {
		// "quay-wall-check" matches by its description ("Sheet pile quay walls").
		const search = await getPage(servers.shared, '/api/apps/?limit=100&search=SHEET%20pile');
		expect(search.results.map((app) => app['name'])).toEqual([
			'quay-wall-check',
			'sheet-pile-designer',
		]);
		const names = (await getPage(servers.shared, '/api/apps/?limit=100&sort=name')).results.map(
			(app) => String(app['name']),
		);
		expect(names).toEqual([...names].sort());
		const descending = await getPage(servers.shared, '/api/apps/?limit=100&sort=name:desc');
		expect(descending.results.map((app) => app['name'])).toEqual([...names].reverse());
		const created = (
			await getPage(servers.shared, '/api/apps/?limit=100&sort=-created_at')
		).results.map((app) => String(app['created_at']));
		expect(created).toEqual([...created].sort().reverse());
	});

	it('gives the apps no workspace runs hostile names in a hostile data set', async () => {
		const server = await start({hostile: true});
		const apps = (await getPage(server, '/api/apps/?limit=100')).results;
		const names = apps.map((app) => String(app['name']));
		expect(names.slice(0, 7)).toEqual(demoApps.slice(0, 7).map((app) => app.name));
		expect(names.some((name) => name.includes('\u001b]0;owned\u0007'))).toBe(true);
		expect(names.some((name) => name.includes('\u202e'))).toBe(true);
		expect(names.some((name) => name.length === 10_000)).toBe(true);
		const hostile = apps[8]!;
		expect((await get(server, `/api/apps/${String(hostile['id'])}/`)).body).toEqual(hostile);
		const found = await getPage(server, '/api/apps/?limit=100&search=owned');
		expect(found.results).toEqual(apps.filter((app) => String(app['name']).includes('owned')));
	});

	it('requires limit and validates sort with DRF field errors', async () => {
		expect(await get(servers.shared, '/api/apps/')).toMatchObject({
			status: 400,
			body: {limit: ['This field is required.']},
		});
		expect(await get(servers.shared, '/api/apps/?limit=5&sort=views')).toMatchObject({
			status: 400,
			body: {sort: ['"views" is not a valid choice.']},
		});
	});
});

describe('entity types', () => {
	it("lists the types of the workspace's app with unique ids; a workspace without an app has none", async () => {
		const app = demoWorkspaceApp(tree);
		const page = await getPage(
			servers.shared,
			`/api/workspaces/${demoWorkspaceId(tree)}/entity_types/?limit=10`,
		);
		expect(page.count).toBe(demoBlueprint(app!).types.length);
		expect(page.results.map((type) => type['name'])).toEqual(
			demoBlueprint(app!).types.map((type) => type.name),
		);
		const first = page.results[0];
		expect(first).toMatchObject({
			id: expect.any(Number),
			name: expect.any(String),
			is_top_level: true,
		});
		expect(
			(
				await get(
					servers.shared,
					`/api/workspaces/${demoWorkspaceId(tree)}/entity_types/${String(first?.['id'])}/`,
				)
			).body,
		).toEqual(first);
		const bare = findWorkspace('none');
		expect(
			await getPage(
				servers.shared,
				`/api/workspaces/${demoWorkspaceId(bare)}/entity_types/?limit=10`,
			),
		).toEqual({
			count: 0,
			next: null,
			previous: null,
			results: [],
		});
	});
});

describe('entities of a type', () => {
	it('lists every entity of a type at any depth, in tree order, paged with the cap', async () => {
		const server = await start({pageCap: 25});
		const types = await getPage(
			server,
			`/api/workspaces/${demoWorkspaceId(tree)}/entity_types/?limit=10`,
		);
		const deepest = types.results.at(-1)!;
		const expected: number[] = [];
		const visit = (parent: DemoEntityNode | undefined): void => {
			for (let position = 0; position < demoChildCount(scope(tree), parent); position++) {
				const node = demoChild(scope(tree), parent, position);
				if (node.type.name === deepest['name']) expected.push(node.id);
				visit(node);
			}
		};

		visit(undefined);
		expect(expected.length).toBeGreaterThan(25);
		const path = `/api/workspaces/${demoWorkspaceId(tree)}/entity_types/${String(deepest['id'])}/entities/`;
		const all = await followAll(server, path, 40);
		expect(ids(all)).toEqual(expected);
		expect(all.every((record) => record['entity_type'] === deepest['id'])).toBe(true);
		const withProperties = await getPage(server, `${path}?limit=3&offset=5&properties=true`);
		for (const record of withProperties.results) {
			expect((await get(server, `${entities(tree)}${String(record['id'])}/`)).body).toEqual(record);
		}

		expect(await get(server, path)).toMatchObject({
			status: 400,
			body: {limit: ['This field is required.']},
		});
		const otherApp = `/api/workspaces/${demoWorkspaceId(editor)}/entity_types/${String(deepest['id'])}/entities/?limit=5`;
		expect((await get(server, otherApp)).status).toBe(404);
	});
});

describe('entities of a workspace', () => {
	it('lists the top level without properties, ids unique and not positions', async () => {
		const count = demoChildCount(scope(tree), undefined);
		expect(count).toBeGreaterThan(3);
		const page = await getPage(servers.shared, `${entities(tree)}?limit=100`);
		expect(page.count).toBe(count);
		const entityIds = ids(page.results) as number[];
		expect(new Set(entityIds).size).toBe(count);
		expect(entityIds.every((id, index) => id !== index + 1 && id !== index)).toBe(true);
		expect(entityIds[1]! - entityIds[0]!).not.toBe(1);
		for (const record of page.results) {
			expect(Object.keys(record)).toEqual([
				'id',
				'name',
				'entity_type',
				'entity_type_name',
				'parent',
				'path',
				'parent_count',
				'summary',
				'locked',
				'created_at',
				'created_by',
				'updated_at',
				'last_updated_by',
			]);
			expect(record).toMatchObject({parent: null, path: [], parent_count: 0});
			expect(Date.parse(String(record['updated_at']))).toBeGreaterThanOrEqual(
				Date.parse(String(record['created_at'])),
			);
		}
	});

	it('includes properties with properties=true, equal to the detail record', async () => {
		const page = await getPage(
			servers.shared,
			`${entities(tree)}?limit=5&offset=2&properties=true`,
		);
		for (const record of page.results) {
			const detail = await get(servers.shared, `${entities(tree)}${String(record['id'])}/`);
			expect(detail.status).toBe(200);
			expect(detail.body).toEqual(record);
		}

		const without = await getPage(
			servers.shared,
			`${entities(tree)}?limit=5&offset=2&properties=false`,
		);
		expect(without.results.map((record) => ({...record, properties: undefined}))).toEqual(
			page.results.map((record) => ({...record, properties: undefined})),
		);
		expect(without.results.every((record) => !('properties' in record))).toBe(true);
	});

	it('holds nested engineering parameters in properties', async () => {
		const kinds = new Set<string>();
		const visit = (value: unknown): void => {
			if (value === null) kinds.add('null');
			else if (Array.isArray(value)) {
				kinds.add(
					value.every((item) => typeof item === 'object' && item !== null)
						? 'array of objects'
						: 'array',
				);
				value.forEach(visit);
			} else if (typeof value === 'object') {
				kinds.add('object');
				Object.values(value).forEach(visit);
			} else kinds.add(typeof value);
		};

		for (const workspace of [tree, editor, findWorkspace('tree', (index) => index > tree)]) {
			const page = await getPage(servers.shared, `${entities(workspace)}?limit=20&properties=true`);
			for (const record of page.results) visit(record['properties']);
		}

		expect([...kinds].sort()).toEqual(
			['array of objects', 'boolean', 'null', 'number', 'object', 'string'].sort(),
		);
	});

	it('searches names case-insensitively and filters by entity type', async () => {
		const all = (await getPage(servers.shared, `${entities(tree)}?limit=100`)).results;
		const word = String(all[0]?.['name']).split(' ')[0] ?? '';
		const found = await getPage(
			servers.shared,
			`${entities(tree)}?limit=100&search=${encodeURIComponent(word.toUpperCase())}`,
		);
		const expected = all.filter((record) =>
			String(record['name']).toLowerCase().includes(word.toLowerCase()),
		);
		expect(found.count).toBe(expected.length);
		expect(ids(found.results)).toEqual(ids(expected));
		const type = all[0]?.['entity_type'];
		const typed = await getPage(
			servers.shared,
			`${entities(tree)}?limit=100&entity_type=${String(type)}`,
		);
		expect(typed.results.every((record) => record['entity_type'] === type)).toBe(true);
		expect(typed.count).toBe(all.filter((record) => record['entity_type'] === type).length);
		const none = await getPage(servers.shared, `${entities(tree)}?limit=10&search=zzqqxx`);
		expect(none).toEqual({count: 0, next: null, previous: null, results: []});
	});

	it('filters by exact name, creator and an updated_at window', async () => {
		const all = (await getPage(servers.shared, `${entities(tree)}?limit=100`)).results;
		const target = all[3]!;
		const named = await getPage(
			servers.shared,
			`${entities(tree)}?limit=100&name=${encodeURIComponent(String(target['name']))}`,
		);
		expect(named.results).toEqual(all.filter((record) => record['name'] === target['name']));
		const author = (target['created_by'] as Json)['id'];
		const byAuthor = await getPage(
			servers.shared,
			`${entities(tree)}?limit=100&created_by=${String(author)}`,
		);
		expect(byAuthor.results).toEqual(
			all.filter((record) => (record['created_by'] as Json)['id'] === author),
		);
		const times = all.map((record) => String(record['updated_at'])).sort();
		const [low, high] = [times[2]!, times.at(-3)!];
		const window = await getPage(
			servers.shared,
			`${entities(tree)}?limit=100&updated_at_min=${low}&updated_at_max=${high}`,
		);
		expect(window.results).toEqual(
			all.filter((record) => {
				const updated = String(record['updated_at']);
				return updated >= low && updated <= high;
			}),
		);
		expect(window.count).toBe(times.length - 4);
		expect(
			await get(servers.shared, `${entities(tree)}?limit=5&updated_at_min=yesterday&created_by=x`),
		).toMatchObject({
			status: 400,
			body: {
				updated_at_min: ['Enter a valid date/time.'],
				created_by: ['Select a valid choice. That choice is not one of the available choices.'],
			},
		});
	});

	it.each([
		['name', 'name', (record: Json) => String(record['name']).toLowerCase()],
		['created_at', 'created_at', (record: Json) => String(record['created_at'])],
		['updated_at', 'updated_at', (record: Json) => String(record['updated_at'])],
	])('sorts by %s in both directions, stable and complete', async (field, _, key) => {
		const wide = findWorkspace('tree', (index) => demoChildCount(scope(index), undefined) > 30);
		const ascending = (await getPage(servers.shared, `${entities(wide)}?limit=100&sort=${field}`))
			.results;
		const keys = ascending.map(key);
		expect(keys).toEqual([...keys].sort());
		const explicit = (
			await getPage(servers.shared, `${entities(wide)}?limit=100&sort=${field}:asc`)
		).results;
		expect(ids(explicit)).toEqual(ids(ascending));
		const descending = (await getPage(servers.shared, `${entities(wide)}?limit=100&sort=-${field}`))
			.results;
		expect(descending.map(key)).toEqual([...keys].reverse());
		expect(
			(await getPage(servers.shared, `${entities(wide)}?limit=100&sort=${field}:desc`)).results,
		).toEqual(descending);
		expect(new Set(ids(descending))).toEqual(new Set(ids(ascending)));
	});

	it('pages with the page cap and visits every entity once through next', async () => {
		const server = await start({pageCap: 7});
		const count = demoChildCount(scope(tree), undefined);
		const capped = await getPage(server, `${entities(tree)}?limit=10`);
		expect(capped.results).toHaveLength(7);
		expect(capped.next).toBe(`${server.url}${entities(tree)}?limit=7&offset=7`);
		const all = await followAll(server, entities(tree), 10);
		expect(all).toHaveLength(count);
		expect(ids(all)).toEqual(
			ids((await getPage(servers.shared, `${entities(tree)}?limit=100`)).results),
		);
		const past = await getPage(server, `${entities(tree)}?limit=5&offset=500`);
		expect(past.results).toEqual([]);
		expect(past.count).toBe(count);
	});

	it('gives an editor app workspace a single entity and a workspace without an app none', async () => {
		const page = await getPage(servers.shared, `${entities(editor)}?limit=10&properties=true`);
		expect(page.count).toBe(1);
		expect(page.results[0]).toMatchObject({
			parent: null,
			parent_count: 0,
			properties: expect.any(Object),
		});
		const bare = findWorkspace('none');
		expect((await getPage(servers.shared, `${entities(bare)}?limit=10`)).count).toBe(0);
	});

	it.each([
		['limit missing', '', {limit: ['This field is required.']}],
		['limit 0', 'limit=0', {limit: ['Ensure this value is greater than or equal to 1.']}],
		[
			'a bad offset',
			'limit=5&offset=-2',
			{offset: ['Ensure this value is greater than or equal to 0.']},
		],
		['an unknown sort', 'limit=5&sort=views', {sort: ['"views" is not a valid choice.']}],
		[
			'a sort with both signs',
			'limit=5&sort=-name:asc',
			{sort: ['"-name:asc" is not a valid choice.']},
		],
		[
			'an entity type of another app',
			'limit=5&entity_type=1',
			{entity_type: ['Select a valid choice. That choice is not one of the available choices.']},
		],
		[
			'a non-boolean properties',
			'limit=5&properties=maybe',
			{properties: ['Must be a valid boolean.']},
		],
	])('answers 400 with a field error for %s', async (_, query, errors) => {
		for (const path of [entities(tree), `${entity(nodeAt(tree, [0]))}entities/`]) {
			expect(await get(servers.shared, `${path}?${query}`)).toMatchObject({
				status: 400,
				body: errors,
			});
		}
	});

	it('answers 404 for unknown workspaces and entities', async () => {
		const own = nodeAt(tree, [0]);
		const count = demoChildCount(scope(tree), undefined);
		const paths = [
			`/api/workspaces/${demoWorkspaceId(240)}/entities/?limit=5`,
			'/api/workspaces/1001/entities/?limit=5',
			'/api/workspaces/abc/entities/?limit=5',
			`${entities(tree)}${demoEntityId(tree, [count])}/`,
			`${entities(tree)}${own.id + 1}x/`,
			`${entities(tree)}0/`,
			`${entities(editor)}${own.id}/`,
			`${entities(tree)}${demoEntityId(tree, [0, 39])}/`,
			`${entities(tree)}${own.id}/parent/`,
			`/api/workspaces/${demoWorkspaceId(240)}/entities/${own.id}/`,
		];
		for (const path of paths) {
			expect(await get(servers.shared, path), path).toMatchObject({
				status: 404,
				body: {detail: 'Not found.'},
			});
		}
	});
});

describe('child entities', () => {
	it('walks a tree app several levels deep, each child naming its parent and path', async () => {
		let path = `${entities(tree)}?limit=100`;
		const trail: Json[] = [];
		for (;;) {
			const page = await getPage(servers.shared, path);
			if (page.count === 0) break;
			const first = page.results[0]!;
			expect(first['parent']).toBe(trail.at(-1)?.['id'] ?? null);
			expect(first['parent_count']).toBe(trail.length);
			expect(first['path']).toEqual(
				trail.map((record) => ({id: record['id'], name: record['name']})),
			);
			for (const record of page.results) expect(record['parent']).toBe(first['parent']);
			trail.push(first);
			path = `${entities(tree)}${String(first['id'])}/entities/?limit=100`;
		}

		expect(trail.length).toBeGreaterThanOrEqual(3);
		const leaf = trail.at(-1)!;
		const detail = await get(servers.shared, `${entities(tree)}${String(leaf['id'])}/`);
		expect(detail.body).toMatchObject({...leaf, properties: expect.any(Object)});
		const parent = await get(servers.shared, `${entities(tree)}${String(leaf['id'])}/parent/`);
		expect(parent.body).toMatchObject({...trail.at(-2), properties: expect.any(Object)});
	});

	it('answers an entity without children with an empty page, not an error', async () => {
		let childless: DemoEntityNode | undefined;
		for (let position = 0; childless === undefined; position++) {
			const node = nodeAt(tree, [position]);
			if (demoChildCount(scope(tree), node) === 0) childless = node;
		}

		expect(await getPage(servers.shared, `${entity(childless)}entities/?limit=25`)).toEqual({
			count: 0,
			next: null,
			previous: null,
			results: [],
		});
	});

	it('pages the children of an entity with many of them, capped', async () => {
		const server = await start({pageCap: 10});
		let crowded: DemoEntityNode | undefined;
		for (let workspace = 0; crowded === undefined && workspace < 240; workspace++) {
			const app = demoWorkspaceApp(workspace);
			if (app === undefined || demoBlueprint(app).appType !== 'tree') continue;
			const top = demoChildCount(scope(workspace), undefined);
			for (let position = 0; position < top; position++) {
				const node = nodeAt(workspace, [position]);
				if (demoChildCount(scope(workspace), node) > 20) {
					crowded = node;
					break;
				}
			}
		}

		expect(crowded).toBeDefined();
		const count = demoChildCount(crowded!.scope, crowded);
		const all = await followAll(server, `${entity(crowded!)}entities/`, 25);
		expect(all).toHaveLength(count);
		expect(new Set(ids(all)).size).toBe(count);
		expect(all.every((record) => record['parent'] === crowded!.id)).toBe(true);
	});

	it('answers 403 with a detail for the children of an editor app entity', async () => {
		const single = nodeAt(editor, [0]);
		const answer = await get(servers.shared, `${entity(single)}entities/?limit=10`);
		expect(answer.status).toBe(403);
		expect(answer.body).toEqual({detail: expect.stringContaining('tree apps')});
		const simple = findWorkspace('simple');
		const only = nodeAt(simple, [0]);
		expect((await get(servers.shared, `${entity(only)}entities/?limit=10`)).status).toBe(403);
	});
});

describe('revisions', () => {
	const manyRevisions = (): DemoEntityNode => {
		const top = demoChildCount(scope(tree), undefined);
		for (let position = 0; position < top; position++) {
			const node = nodeAt(tree, [position]);
			if (demoRevisionCount(node) > 3 && demoRevisionCount(node) < 100) return node;
		}

		throw new Error('no entity with a few revisions');
	};

	it('lists revisions newest first; the newest params are the entity properties', async () => {
		const node = manyRevisions();
		const page = await getPage(servers.shared, `${entity(node)}revisions/?limit=100`);
		expect(page.count).toBe(demoRevisionCount(node));
		const dates = page.results.map((revision) => String(revision['created_date']));
		expect(dates).toEqual([...dates].sort().reverse());
		for (const revision of page.results) {
			expect(revision).toEqual({
				id: expect.any(Number),
				entity: node.id,
				created_date: expect.stringMatching(/Z$/),
				created_by: expect.objectContaining({email: expect.any(String)}),
				params: expect.any(Object),
			});
		}

		const detail = (await get(servers.shared, entity(node))).body as Json;
		expect(page.results[0]?.['params']).toEqual(detail['properties']);
		expect(page.results[0]?.['created_date']).toBe(detail['updated_at']);
		expect(page.results.at(-1)?.['created_date']).toBe(detail['created_at']);
	});

	it('differs from one revision to the next', async () => {
		const node = manyRevisions();
		const page = await getPage(
			servers.shared,
			`${entity(node)}revisions/?limit=100&sort=created_date`,
		);
		for (let index = 1; index < page.results.length; index++) {
			expect(page.results[index]?.['params']).not.toEqual(page.results[index - 1]?.['params']);
		}
	});

	it('sorts oldest first with sort=created_date, newest first with -created_date', async () => {
		const node = manyRevisions();
		const base = `${entity(node)}revisions/?limit=100`;
		const newest = (await getPage(servers.shared, base)).results;
		const oldest = (await getPage(servers.shared, `${base}&sort=created_date`)).results;
		expect(oldest).toEqual([...newest].reverse());
		expect((await getPage(servers.shared, `${base}&sort=created_date:asc`)).results).toEqual(
			oldest,
		);
		expect((await getPage(servers.shared, `${base}&sort=-created_date`)).results).toEqual(newest);
		expect((await getPage(servers.shared, `${base}&sort=created_date:desc`)).results).toEqual(
			newest,
		);
		expect(await get(servers.shared, `${base}&sort=name`)).toMatchObject({
			status: 400,
			body: {sort: ['"name" is not a valid choice.']},
		});
		expect(await get(servers.shared, `${entity(node)}revisions/`)).toMatchObject({
			status: 400,
			body: {limit: ['This field is required.']},
		});
	});

	it('answers one revision equal to its list record; 404 for another entity’s revision', async () => {
		const node = manyRevisions();
		const page = await getPage(servers.shared, `${entity(node)}revisions/?limit=3&offset=1`);
		const revision = page.results[1]!;
		const detail = await get(servers.shared, `${entity(node)}revisions/${String(revision['id'])}/`);
		expect(detail.body).toEqual(revision);
		const other = nodeAt(tree, [node.path[0] === 0 ? 1 : 0]);
		expect(
			(await get(servers.shared, `${entity(other)}revisions/${String(revision['id'])}/`)).status,
		).toBe(404);
		expect((await get(servers.shared, `${entity(node)}revisions/abc/`)).status).toBe(404);
	});

	it('pages a long history with the page cap', async () => {
		let long: DemoEntityNode | undefined;
		for (let workspace = 0; long === undefined; workspace++) {
			const app = demoWorkspaceApp(workspace);
			if (app === undefined) continue;
			const top = Math.min(demoChildCount(scope(workspace), undefined), 40);
			for (let position = 0; position < top && long === undefined; position++) {
				const node = nodeAt(workspace, [position]);
				if (demoRevisionCount(node) > 100) long = node;
			}
		}

		const count = demoRevisionCount(long);
		const first = await getPage(servers.shared, `${entity(long)}revisions/?limit=500`);
		expect(first.results).toHaveLength(100);
		expect(first.count).toBe(count);
		const all = await followAll(servers.shared, `${entity(long)}revisions/`, 100);
		expect(all).toHaveLength(count);
		expect(new Set(ids(all)).size).toBe(count);
	});
});

describe('the rules every endpoint shares', () => {
	const node = nodeAt(tree, [0]);
	const lists = [
		`${entities(tree)}?limit=2`,
		`${entity(node)}entities/?limit=2`,
		`${entity(node)}revisions/?limit=2`,
		`/api/workspaces/${demoWorkspaceId(tree)}/entity_types/?limit=2`,
		'/api/apps/?limit=2',
	];
	const details = [entity(node), '/api/apps/57/'];

	it.each([...lists, ...details])('answers 401 without a token: %s', async (path) => {
		const answer = await get(servers.shared, path, {token: null});
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual({detail: 'Authentication credentials were not provided.'});
		expect((await get(servers.shared, path, {token: 'vktrpat_wrong'})).status).toBe(401);
	});

	it.each(lists)('applies list faults to %s', async (path) => {
		const server = await start();
		server.addFault({fault: {type: 'status', status: 503}, match: 'list', times: 1});
		expect((await get(server, path)).status).toBe(503);
		expect((await get(server, path)).status).toBe(200);
	});

	it('applies detail faults to entity and app details and counts them', async () => {
		const server = await start();
		server.addFault({
			fault: {type: 'status', status: 429, retryAfter: '2'},
			match: 'detail',
			times: 2,
		});
		expect((await get(server, entity(node))).status).toBe(429);
		expect((await get(server, '/api/apps/57/')).status).toBe(429);
		expect((await get(server, '/api/apps/57/')).status).toBe(200);
		await get(server, lists[0]!);
		expect(server.stats()).toMatchObject({detailRequests: 3, listRequests: 1});
	});

	it('redirects paths without the trailing slash', async () => {
		const answer = await get(servers.shared, `${entity(node).slice(0, -1)}?x=1`, {
			redirect: 'manual',
		});
		expect(answer.status).toBe(301);
		expect(answer.headers.get('location')).toBe(`${entity(node)}?x=1`);
		expect((await get(servers.shared, '/api/apps?limit=1', {redirect: 'manual'})).status).toBe(301);
	});

	it('answers a POST with 405', async () => {
		expect((await get(servers.shared, '/api/apps/?limit=1', {method: 'POST'})).status).toBe(405);
	});
});

describe('the data set', () => {
	it('is deterministic per seed', async () => {
		const first = await start({seed: 3});
		const second = await start({seed: 3});
		const other = await start({seed: 4});
		const path = `${entities(tree)}?limit=50&properties=true`;
		const body = async (server: DemoServer) => {
			const page = await getPage(server, path);
			return {...page, next: null};
		};

		expect(await body(first)).toEqual(await body(second));
		expect(JSON.stringify(await body(other))).not.toBe(JSON.stringify(await body(first)));
	});

	it('answers the entities of the last of a million workspaces', async () => {
		const server = await start({count: 1_000_000});
		const last = 999_999;
		const page = await get(server, `${entities(last)}?limit=5`);
		expect(page.status).toBe(200);
		const workspace = (await get(server, `/api/workspaces/${demoWorkspaceId(last)}/`)).body;
		expect(workspace).toEqual(demoWorkspace(last));
		const count = (page.body as PageBody).count;
		if (count > 0) {
			const id = (page.body as PageBody).results[0]?.['id'];
			expect((await get(server, `${entities(last)}${String(id)}/`)).status).toBe(200);
		}
	});

	it('mixes hostile names and parameters into a hostile data set, as valid JSON', async () => {
		const server = await start({hostile: true});
		// Every level has them: the children of the first entity of a tree workspace too.
		const first = nodeAt(tree, [0]);
		const short = await getPage(server, `${entity(first)}entities/?limit=4`);
		expect(short.results[0]?.['name']).not.toMatch(/\p{Cc}/u);
		expect(String(short.results[1]?.['name'])).toContain('\u001b]0;owned\u0007');
		expect(String(short.results[3]?.['name'])).toContain('\u001b[2J');
		const wide = findWorkspace('tree', (index) => demoChildCount(scope(index), undefined) > 25);
		const page = await getPage(server, `${entities(wide)}?limit=30&properties=true`);
		const names = page.results.map((record) => String(record['name']));
		const byKind = new Map(names.map((name, position) => [demoEntityHostileKind(position), name]));
		expect(byKind.get('osc-title')).toContain('\u001b]0;owned\u0007');
		expect(byKind.get('clear-screen')).toContain('\u001b[2J');
		expect(byKind.get('color')).toContain('\u001b[31m');
		expect(byKind.get('carriage-return')).toContain('\r');
		expect(byKind.get('tab')).toContain('\t');
		expect(byKind.get('nul')).toContain('\u0000');
		expect(byKind.get('bidi')).toContain('\u202e');
		expect(byKind.get('zero-width')).toContain('\u200d');
		expect(byKind.get('combining')).toMatch(/\p{M}{3}/u);
		expect(byKind.get('huge-name')).toHaveLength(10_000);
		const remarks = (page.results[1]?.['properties'] as Json)['remarks'];
		expect(remarks).toContain('\u001b]0;owned\u0007');
		const extra = page.results[8]?.['properties'] as Json;
		expect(Object.keys(extra).length).toBeGreaterThan(2000);
		const deep = page.results[6]?.['properties'] as Json;
		let depth = 0;
		for (
			let level: unknown = deep['settings'];
			typeof level === 'object' && level !== null;
			depth++
		) {
			level = (level as Json)['nested'];
		}

		expect(depth).toBe(50);
		const child = page.results.find((record) => String(record['name']).includes('\u001b[31m'));
		expect(child).toBeDefined();
		const children = await get(
			server,
			`${entities(wide)}${String(child?.['id'])}/entities/?limit=5`,
		);
		expect(children.status).toBe(200);
	});
});
