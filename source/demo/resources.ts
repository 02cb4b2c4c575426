/**
 * The demo server's answers for everything below and beside the workspace list: entities, child
 * entities, revisions, entity types and apps. Each handler takes the parsed request and returns
 * a status and a JSON body; the server adds authentication, faults, latency and HTTP.
 */
import type {JsonObject} from '../api/types.js';
import {
	demoAppById,
	demoAppRecord,
	demoApps,
	demoBlueprint,
	demoEntityTypeById,
	demoEntityTypeId,
	demoEntityTypeRecord,
	workspaceAppCount,
	type DemoAppSpec,
	type DemoEntityTypeSpec,
} from './apps.js';
import {demoNameHostileKinds, demoWorkspaceApp, demoWorkspaceIndex, hostileName} from './data.js';
import {epochSeconds} from './random.js';
import {
	demoChild,
	demoChildCount,
	demoEntityAuthorId,
	demoEntityById,
	demoEntityIdsOfType,
	demoEntityRecord,
	demoEntitySortValue,
	demoRevisionCount,
	demoRevisionNumber,
	demoRevisionRecords,
	type DemoEntityNode,
	type DemoEntityScope,
} from './entities.js';
import {
	lastParameter,
	pageBody,
	parseListQuery,
	sortedBy,
	type FieldErrors,
	type ListQuery,
} from './query.js';

/** What a handler needs to know about the request and the data set. */
export type ResourceRequest = {
	url: URL;
	/** `http://host:port` as the client addressed the server, for next/previous links. */
	origin: string;
	pageCap: number;
	/** The number of workspaces. */
	count: number;
	seed: number;
	hostile: boolean;
};

/** A handler's answer. */
export type Outcome = {status: number; body: unknown};

const notFound: Outcome = {status: 404, body: {detail: 'Not found.'}};
const invalidChoice = 'Select a valid choice. That choice is not one of the available choices.';

/** The entity list's sort fields. */
export const entitySortFields = ['name', 'created_at', 'updated_at'] as const;
/** The revision list's sort field. */
export const revisionSortFields = ['created_date'] as const;
/** The app list's sort fields. */
export const appSortFields = ['name', 'created_at'] as const;

function digits(raw: string): number | undefined {
	return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function scopeOf(request: ResourceRequest, workspaceId: string): DemoEntityScope | undefined {
	const id = digits(workspaceId);
	const workspace = id === undefined ? undefined : demoWorkspaceIndex(id);
	if (workspace === undefined || workspace >= request.count) return undefined;
	return {workspace, seed: request.seed, hostile: request.hostile};
}

function entityOf(
	request: ResourceRequest,
	workspaceId: string,
	entityId: string,
): DemoEntityNode | undefined {
	const scope = scopeOf(request, workspaceId);
	const id = digits(entityId);
	return scope === undefined || id === undefined ? undefined : demoEntityById(scope, id);
}

function badRequest(errors: FieldErrors): Outcome {
	return {status: 400, body: errors};
}

/** One page of `records` for a validated query, the page cap applied. */
function pageOf<T>(
	request: ResourceRequest,
	query: ListQuery<string>,
	records: ArrayLike<T> & {slice(start: number, end: number): ArrayLike<T>},
	render: (record: T) => unknown,
): Outcome {
	const pageLimit = Math.min(query.limit ?? request.pageCap, request.pageCap);
	const start = Math.min(query.offset, records.length);
	const results = Array.from(records.slice(start, start + pageLimit), render);
	return {
		status: 200,
		body: pageBody(request, query.offset, pageLimit, records.length, results),
	};
}

function matches(text: string, terms: readonly string[]): boolean {
	const lower = text.toLowerCase();
	return terms.every((term) => lower.includes(term));
}

function parseBoolean(raw: string | undefined): boolean | undefined | 'invalid' {
	if (raw === undefined || raw === '') return undefined;
	const lower = raw.toLowerCase();
	if (lower === 'true' || lower === '1') return true;
	if (lower === 'false' || lower === '0') return false;
	return 'invalid';
}

/**
 * `GET /api/workspaces/:ws/entities/` (no parent) and `.../entities/:id/entities/` (children):
 * `limit` (required), `offset`, `search` (name), `sort`, `entity_type` (id), `properties=true`,
 * and the documented filters `name` (exact), `created_by` (user id), `updated_at_min/max`.
 * Children exist in tree apps only; another app answers 403.
 */
export function entityList(
	request: ResourceRequest,
	workspaceId: string,
	parentId?: string,
): Outcome {
	const scope = scopeOf(request, workspaceId);
	if (scope === undefined) return notFound;
	let parent: DemoEntityNode | undefined;
	if (parentId !== undefined) {
		parent = demoEntityById(scope, digits(parentId) ?? -1);
		if (parent === undefined) return notFound;
		const appType = demoBlueprint(parent.app).appType;
		if (appType !== 'tree') {
			return {
				status: 403,
				body: {
					detail: `Child entities exist only in tree apps; this workspace runs an ${appType} app.`,
				},
			};
		}
	}

	const parameters = request.url.searchParams;
	const parsed = parseListQuery(parameters, {sortFields: entitySortFields, requireLimit: true});
	const errors: FieldErrors = 'errors' in parsed ? {...parsed.errors} : {};
	const app = demoWorkspaceApp(scope.workspace, scope.seed);
	const typeRaw = lastParameter(parameters, 'entity_type');
	const typeId = typeRaw === undefined || typeRaw === '' ? undefined : digits(typeRaw);
	if (
		typeRaw !== undefined &&
		typeRaw !== '' &&
		(typeId === undefined || app === undefined || demoEntityTypeById(app, typeId) === undefined)
	) {
		errors['entity_type'] = [invalidChoice];
	}

	const properties = parseBoolean(lastParameter(parameters, 'properties'));
	if (properties === 'invalid') {
		errors['properties'] = ['Must be a valid boolean.'];
	}

	const name = lastParameter(parameters, 'name');
	const createdByRaw = lastParameter(parameters, 'created_by');
	const createdBy =
		createdByRaw === undefined || createdByRaw === '' ? undefined : digits(createdByRaw);
	if (createdByRaw !== undefined && createdByRaw !== '' && createdBy === undefined) {
		errors['created_by'] = [invalidChoice];
	}

	const bounds: Record<'updated_at_min' | 'updated_at_max', number | undefined> = {
		updated_at_min: undefined,
		updated_at_max: undefined,
	};
	for (const bound of ['updated_at_min', 'updated_at_max'] as const) {
		const raw = lastParameter(parameters, bound);
		if (raw === undefined || raw === '') continue;
		const time = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(raw)
			? Date.parse(raw)
			: Number.NaN;
		if (Number.isNaN(time)) {
			errors[bound] = ['Enter a valid date/time.'];
		} else {
			bounds[bound] = time / 1000 - epochSeconds;
		}
	}

	if ('errors' in parsed || Object.keys(errors).length > 0) return badRequest(errors);
	const {query} = parsed;
	const count = demoChildCount(scope, parent);
	let nodes: DemoEntityNode[] = [];
	for (let position = 0; position < count; position++) {
		const node = demoChild(scope, parent, position);
		const updated = demoEntitySortValue(node, 'updated_at') as number;
		if (
			matches(node.name, query.terms) &&
			(typeId === undefined || demoEntityTypeId(node.app, node.type.slot) === typeId) &&
			(name === undefined || name === '' || node.name === name) &&
			(createdBy === undefined || demoEntityAuthorId(node) === createdBy) &&
			(bounds.updated_at_min === undefined || updated >= bounds.updated_at_min) &&
			(bounds.updated_at_max === undefined || updated <= bounds.updated_at_max)
		) {
			nodes.push(node);
		}
	}

	if (query.sort !== undefined) {
		const field = query.sort.field;
		nodes = sortedBy(nodes, (node) => demoEntitySortValue(node, field), query.sort.direction);
	}

	return pageOf(request, query, nodes, (node) => demoEntityRecord(node, properties === true));
}

/** `GET /api/workspaces/:ws/entities/:id/`: the entity with its `properties`. */
export function entityDetail(
	request: ResourceRequest,
	workspaceId: string,
	entityId: string,
): Outcome {
	const node = entityOf(request, workspaceId, entityId);
	return node === undefined ? notFound : {status: 200, body: demoEntityRecord(node, true)};
}

/** `GET /api/workspaces/:ws/entities/:id/parent/`: the parent entity; 404 at the top level. */
export function entityParent(
	request: ResourceRequest,
	workspaceId: string,
	entityId: string,
): Outcome {
	const parent = entityOf(request, workspaceId, entityId)?.parent;
	return parent === undefined ? notFound : {status: 200, body: demoEntityRecord(parent, true)};
}

/**
 * `GET /api/workspaces/:ws/entities/:id/revisions/`: newest first unless `sort=created_date`
 * (also `created_date:asc`); `-created_date` is the default order.
 */
export function revisionList(
	request: ResourceRequest,
	workspaceId: string,
	entityId: string,
): Outcome {
	const node = entityOf(request, workspaceId, entityId);
	if (node === undefined) return notFound;
	const parsed = parseListQuery(request.url.searchParams, {
		sortFields: revisionSortFields,
		requireLimit: true,
	});
	if ('errors' in parsed) return badRequest(parsed.errors);
	const {query} = parsed;
	const oldestFirst = query.sort?.direction === 'asc';
	const pageLimit = Math.min(query.limit ?? request.pageCap, request.pageCap);
	const count = demoRevisionCount(node);
	const all = demoRevisionRecords(node);
	const ordered = oldestFirst ? all : all.reverse();
	const results = ordered.slice(Math.min(query.offset, count), query.offset + pageLimit);
	return {status: 200, body: pageBody(request, query.offset, pageLimit, count, results)};
}

/** `GET /api/workspaces/:ws/entities/:id/revisions/:rev/`. */
export function revisionDetail(
	request: ResourceRequest,
	workspaceId: string,
	entityId: string,
	revisionId: string,
): Outcome {
	const node = entityOf(request, workspaceId, entityId);
	const id = digits(revisionId);
	const number = node === undefined || id === undefined ? undefined : demoRevisionNumber(node, id);
	if (node === undefined || number === undefined) return notFound;
	return {status: 200, body: demoRevisionRecords(node)[number]};
}

/** `GET /api/workspaces/:ws/entity_types/`: the entity types of the workspace's app. */
export function entityTypeList(request: ResourceRequest, workspaceId: string): Outcome {
	const scope = scopeOf(request, workspaceId);
	if (scope === undefined) return notFound;
	const parsed = parseListQuery(request.url.searchParams, {
		sortFields: ['name'] as const,
		requireLimit: true,
	});
	if ('errors' in parsed) return badRequest(parsed.errors);
	const {query} = parsed;
	const app = demoWorkspaceApp(scope.workspace, scope.seed);
	let types = app === undefined ? [] : [...demoBlueprint(app).types];
	types = types.filter((type) => matches(type.name, query.terms));
	if (query.sort !== undefined) {
		types = sortedBy(types, (type) => type.name.toLowerCase(), query.sort.direction);
	}

	return pageOf(request, query, types, (type) =>
		app === undefined ? {} : demoEntityTypeRecord(app, type),
	);
}

/** The workspace, its app and the entity type an entity type path names, if they all exist. */
function entityTypeOf(
	request: ResourceRequest,
	workspaceId: string,
	typeId: string,
): {scope: DemoEntityScope; app: DemoAppSpec; type: DemoEntityTypeSpec} | undefined {
	const scope = scopeOf(request, workspaceId);
	const app = scope === undefined ? undefined : demoWorkspaceApp(scope.workspace, scope.seed);
	const type = app === undefined ? undefined : demoEntityTypeById(app, digits(typeId) ?? -1);
	return scope === undefined || app === undefined || type === undefined
		? undefined
		: {scope, app, type};
}

/** `GET /api/workspaces/:ws/entity_types/:id/`. */
export function entityTypeDetail(
	request: ResourceRequest,
	workspaceId: string,
	typeId: string,
): Outcome {
	const found = entityTypeOf(request, workspaceId, typeId);
	return found === undefined
		? notFound
		: {status: 200, body: demoEntityTypeRecord(found.app, found.type)};
}

/**
 * `GET /api/workspaces/:ws/entity_types/:id/entities/`: every entity of a type at any depth, in
 * tree order; `limit` (required), `offset` and `properties=true` (no search or sort here).
 */
export function entityTypeEntities(
	request: ResourceRequest,
	workspaceId: string,
	typeId: string,
): Outcome {
	const found = entityTypeOf(request, workspaceId, typeId);
	if (found === undefined) return notFound;
	const {scope, type} = found;
	const parsed = parseListQuery(request.url.searchParams, {sortFields: [], requireLimit: true});
	const errors: FieldErrors = 'errors' in parsed ? {...parsed.errors} : {};
	const properties = parseBoolean(lastParameter(request.url.searchParams, 'properties'));
	if (properties === 'invalid') {
		errors['properties'] = ['Must be a valid boolean.'];
	}

	if ('errors' in parsed || Object.keys(errors).length > 0) return badRequest(errors);
	const ids = demoEntityIdsOfType(scope, type.slot);
	return pageOf(request, parsed.query, ids, (id) => {
		const node = demoEntityById(scope, id);
		return node === undefined ? {} : demoEntityRecord(node, properties === true);
	});
}

const appNameKinds = [...demoNameHostileKinds];

/**
 * An app as the API answers it. In a hostile data set the apps no workspace runs (so no
 * workspace record names them) have hostile names, one kind each.
 */
function appRecord(app: DemoAppSpec, hostile: boolean): JsonObject {
	const record = demoAppRecord(app);
	const position = demoApps.indexOf(app) - workspaceAppCount;
	const kind = hostile && position >= 0 ? appNameKinds[position % appNameKinds.length] : undefined;
	return kind === undefined ? record : {...record, name: hostileName(kind, app.name)};
}

/** `GET /api/apps/`: `limit` (required), `offset`, `search` (name, description), `sort`. */
export function appList(request: ResourceRequest): Outcome {
	const parsed = parseListQuery(request.url.searchParams, {
		sortFields: appSortFields,
		requireLimit: true,
	});
	if ('errors' in parsed) return badRequest(parsed.errors);
	const {query} = parsed;
	const records = demoApps.map((app) => ({app, record: appRecord(app, request.hostile)}));
	let apps = records.filter(({app, record}) =>
		matches(`${String(record['name'])}\n${app.description}`, query.terms),
	);
	if (query.sort !== undefined) {
		const field = query.sort.field;
		apps = sortedBy(
			apps,
			({app, record}) => (field === 'name' ? String(record['name']).toLowerCase() : app.created),
			query.sort.direction,
		);
	}

	return pageOf(request, query, apps, ({record}) => record);
}

/** `GET /api/apps/:id/`. */
export function appDetail(request: ResourceRequest, appId: string): Outcome {
	const app = demoAppById(digits(appId) ?? -1);
	return app === undefined ? notFound : {status: 200, body: appRecord(app, request.hostile)};
}
