/**
 * The resources the browser and the export know, as data: each descriptor says its title, the
 * API paths of its list and its records (with the parent ids they need), the columns a row shows,
 * the sorts, the search parameter, and the levels reachable from one of its records. Screens,
 * help, the command line and `--json` read these; nothing else names a resource.
 */
import type {JsonObject} from '../api/types.js';
import {entityWebLink, workspaceWebLink, type WebLink} from '../api/web-links.js';
import {formatDate} from '../format.js';

/** The id of a record as it appears in a path: a number or a usable string. */
export type RecordId = number | string;

/** Which parent ids a level stands on. */
export type ParentKey = 'workspace' | 'entity';

/** The ids of the records a level was opened from (`{workspace: 12, entity: 40}`). */
export type ParentIds = Readonly<Partial<Record<ParentKey, RecordId>>>;

/** Every resource the program browses and exports. */
export const resourceNames = ['workspaces', 'entities', 'children', 'revisions', 'apps'] as const;

/** The name of a resource, also its `--json` argument. */
export type ResourceName = (typeof resourceNames)[number];

/** One column of the list: its header and how a record fills it. */
export type ColumnSpec = {
	title: string;
	/** Columns it takes; the first column of a descriptor takes what is left instead. */
	width: number;
	/** A column that may grow up to this width when there is room. */
	maximumWidth?: number;
	/** The cell text (unsanitized; the list sanitizes and fits it). */
	value: (record: JsonObject) => string;
	/** The sort field this column shows (`name`, `created_at`): its header carries the sort's arrow. */
	sortField?: string;
};

/** A level reachable from a record: the resource and the parent key the record's id fills. */
export type ChildLevel = {resource: ResourceName; idAs: ParentKey};

/** Everything the program knows about one resource. */
export type ResourceDescriptor = {
	name: ResourceName;
	/** Plural title for headers and breadcrumbs: `Workspaces`. */
	title: string;
	/** One record, lower case: `workspace`. */
	singular: string;
	/** Other names the command line accepts (`ws`). */
	aliases: readonly string[];
	/** Whether `:name` on the command line may switch to it as a root (it needs no parents). */
	isRoot: boolean;
	/** Parent ids the paths need, in path order. */
	parents: readonly ParentKey[];
	/** Path segments of the list. */
	listPath: (parent: ParentIds) => Array<string | number>;
	/** Path segments of one record. */
	recordPath: (parent: ParentIds, id: RecordId) => Array<string | number>;
	/** Columns in the order they are given room; the first always shows. */
	columns: readonly ColumnSpec[];
	/** The sorts `s` cycles through; `undefined` is the server's own order. */
	sorts: ReadonlyArray<string | undefined>;
	/** Columns for sort fields the columns above lack, shown only while that sort is active. */
	sortColumns?: readonly ColumnSpec[];
	/** Columns added on wide terminals (160+ columns), before the detail pane takes the rest. */
	wideColumns?: readonly ColumnSpec[];
	/** The query parameter of a server-side search; undefined when the list cannot be searched. */
	searchParameter?: 'search';
	/** What Enter opens from one of its records; without it Enter opens the record's detail. */
	drill?: ChildLevel;
	/** What `H` opens from one of its records (the record's history). */
	history?: ChildLevel;
	/** Whether `d` compares a record's `params` with the record before it (revisions). */
	hasDiff?: boolean;
	/** A record's page in the VIKTOR web app (`o`, `y u`); none where the web app has no page. */
	webLink?: (apiBaseUrl: string, parent: ParentIds, record: JsonObject) => WebLink;
	/** Shown for an empty list. */
	emptyText: string;
	/** Shown instead of the error when the server answers 403 to the list. */
	forbiddenText?: string;
};

function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

function nestedName(value: unknown): string {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? textOf((value as JsonObject)['name'])
		: '';
}

function dateOf(value: unknown): string {
	return typeof value === 'string' ? formatDate(value) : '';
}

/** The label of a record in its first column and in breadcrumbs: its name, else its id. */
export function recordLabel(record: JsonObject): string {
	const name = textOf(record['name']);
	if (name !== '') return name;
	const id = textOf(record['id']);
	return id === '' ? '(unnamed)' : `(unnamed ${id})`;
}

function need(parent: ParentIds, key: ParentKey): RecordId {
	const id = parent[key];
	if (id === undefined) throw new RangeError(`This list needs a ${key} id.`);
	return id;
}

/** The path of the workspace's entities, or of one entity in it: `workspaces/:ws/entities[/:id]`. */
function entitiesPath(parent: ParentIds, id?: RecordId): RecordId[] {
	const path: RecordId[] = ['workspaces', need(parent, 'workspace'), 'entities'];
	return id === undefined ? path : [...path, id];
}

function countOf(value: unknown): string {
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

function labelNames(value: unknown): string {
	return Array.isArray(value)
		? value
				.map(nestedName)
				.filter((name) => name !== '')
				.join(', ')
		: '';
}

const nameColumn: ColumnSpec = {title: 'Name', width: 0, value: recordLabel, sortField: 'name'};
const updatedColumn: ColumnSpec = {
	title: 'Updated',
	width: 10,
	value: (record) => dateOf(record['updated_at']),
	sortField: 'updated_at',
};
const createdColumn: ColumnSpec = {
	title: 'Created',
	width: 10,
	value: (record) => dateOf(record['created_at']),
	sortField: 'created_at',
};

const entityColumns: readonly ColumnSpec[] = [
	nameColumn,
	updatedColumn,
	{
		title: 'Type',
		width: 12,
		maximumWidth: 24,
		value: (record) => textOf(record['entity_type_name']),
	},
];

const viewsColumn: ColumnSpec = {
	title: 'Views',
	width: 7,
	value: (record) => countOf(record['nr_views']),
	sortField: 'views',
};

const entityWideColumns: readonly ColumnSpec[] = [createdColumn];

const entitySorts: ReadonlyArray<string | undefined> = [
	undefined,
	'name',
	'name:desc',
	'updated_at:desc',
	'created_at:desc',
];

const entityChildren = {
	drill: {resource: 'children', idAs: 'entity'},
	history: {resource: 'revisions', idAs: 'entity'},
	webLink: (apiBaseUrl, parent, record) =>
		entityWebLink(apiBaseUrl, parent.workspace, record['id']),
} as const satisfies Pick<ResourceDescriptor, 'drill' | 'history' | 'webLink'>;

/** The descriptors by name. */
export const resources: Readonly<Record<ResourceName, ResourceDescriptor>> = {
	workspaces: {
		name: 'workspaces',
		title: 'Workspaces',
		singular: 'workspace',
		aliases: ['ws'],
		isRoot: true,
		parents: [],
		listPath: () => ['workspaces'],
		recordPath: (_parent, id) => ['workspaces', id],
		columns: [
			nameColumn,
			updatedColumn,
			{title: 'Visibility', width: 11, value: (record) => textOf(record['visibility'])},
			{title: 'App', width: 10, maximumWidth: 24, value: (record) => nestedName(record['app'])},
		],
		sorts: [
			undefined,
			'name',
			'name:desc',
			'created_at',
			'created_at:desc',
			'views:desc',
			'views_last_30_days:desc',
			'user_last_visit:desc',
		],
		sortColumns: [
			createdColumn,
			viewsColumn,
			{
				title: '30 days',
				width: 7,
				value: (record) => countOf(record['nr_views_last_30_days']),
				sortField: 'views_last_30_days',
			},
			{
				title: 'Last visit',
				width: 10,
				value: (record) => dateOf(record['user_last_visit']),
				sortField: 'user_last_visit',
			},
		],
		wideColumns: [
			createdColumn,
			viewsColumn,
			{
				title: 'Type',
				width: 11,
				value: (record) => textOf(record['type']),
			},
			{
				title: 'Labels',
				width: 12,
				maximumWidth: 30,
				value: (record) => labelNames(record['labels']),
			},
		],
		searchParameter: 'search',
		drill: {resource: 'entities', idAs: 'workspace'},
		webLink: (apiBaseUrl, _parent, record) => workspaceWebLink(apiBaseUrl, record['id']),
		emptyText: 'No workspaces.',
	},
	entities: {
		name: 'entities',
		title: 'Entities',
		singular: 'entity',
		aliases: [],
		isRoot: false,
		parents: ['workspace'],
		listPath: (parent) => entitiesPath(parent),
		recordPath: (parent, id) => entitiesPath(parent, id),
		columns: entityColumns,
		sorts: entitySorts,
		sortColumns: [createdColumn],
		wideColumns: entityWideColumns,
		searchParameter: 'search',
		...entityChildren,
		emptyText: 'No entities in this workspace.',
	},
	children: {
		name: 'children',
		title: 'Children',
		singular: 'child entity',
		aliases: [],
		isRoot: false,
		parents: ['workspace', 'entity'],
		listPath: (parent) => [...entitiesPath(parent, need(parent, 'entity')), 'entities'],
		// A child is an entity of the same workspace: its record is read where any entity's is.
		recordPath: (parent, id) => entitiesPath(parent, id),
		columns: entityColumns,
		sorts: entitySorts,
		sortColumns: [createdColumn],
		wideColumns: entityWideColumns,
		searchParameter: 'search',
		...entityChildren,
		emptyText: 'No child entities.',
		forbiddenText: 'This app has no entity tree (the server refused the list of child entities).',
	},
	revisions: {
		name: 'revisions',
		title: 'Revisions',
		singular: 'revision',
		aliases: [],
		isRoot: false,
		parents: ['workspace', 'entity'],
		listPath: (parent) => [...entitiesPath(parent, need(parent, 'entity')), 'revisions'],
		recordPath: (parent, id) => [...entitiesPath(parent, need(parent, 'entity')), 'revisions', id],
		columns: [
			{title: 'Revision', width: 0, value: (record) => `#${textOf(record['id'])}`},
			{title: 'Created', width: 10, value: (record) => dateOf(record['created_date'])},
		],
		sorts: [undefined],
		hasDiff: true,
		emptyText: 'No revisions of this entity.',
	},
	apps: {
		name: 'apps',
		title: 'Apps',
		singular: 'app',
		aliases: [],
		isRoot: true,
		parents: [],
		listPath: () => ['apps'],
		recordPath: (_parent, id) => ['apps', id],
		columns: [
			nameColumn,
			updatedColumn,
			{
				title: 'Type',
				width: 10,
				maximumWidth: 16,
				value: (record) => textOf(record['app_type'] ?? record['type']),
			},
		],
		sorts: [undefined, 'name', 'name:desc'],
		wideColumns: [createdColumn],
		searchParameter: 'search',
		emptyText: 'No apps.',
	},
};

/** Whether `name` is a resource's name. */
export function isResourceName(name: string): name is ResourceName {
	return (resourceNames as readonly string[]).includes(name);
}

/** The root resources: the commands of the `:` line (`:workspaces`, `:ws`, `:apps`). */
export function rootResources(): ResourceDescriptor[] {
	return resourceNames.map((name) => resources[name]).filter((descriptor) => descriptor.isRoot);
}

/** The sort after `current` in the descriptor's cycle (one not in the cycle is followed by the first). */
export function nextSort(
	descriptor: ResourceDescriptor,
	current: string | undefined,
): string | undefined {
	const index = descriptor.sorts.indexOf(current);
	return descriptor.sorts[(index + 1) % descriptor.sorts.length];
}

/** The parent ids a descriptor needs that `parent` lacks. */
export function missingParents(descriptor: ResourceDescriptor, parent: ParentIds): ParentKey[] {
	return descriptor.parents.filter((key) => parent[key] === undefined);
}

/**
 * The id to fetch a record by: a finite number, or a string that can be a path segment;
 * undefined when the record has no usable id.
 */
export function recordId(record: JsonObject | undefined): RecordId | undefined {
	const id = record?.['id'];
	if (typeof id === 'number') return Number.isFinite(id) ? id : undefined;
	if (typeof id !== 'string' || id.trim() === '' || id === '.' || id === '..') return undefined;
	return id;
}

/** Widths of the columns chosen for a list width: `widths[i]` for `columns[i]` shown. */
export type ColumnLayout = {
	marker: number;
	columns: ReadonlyArray<{spec: ColumnSpec; width: number}>;
};

const markerWidth = 2;
const columnGap = 1;
const minimumFirstWidth = 20;

/** Terminals at least this wide show the descriptors' wide columns. */
export const wideTerminalColumns = 160;

/** What besides the width decides the columns: the active sort and a wide terminal. */
export type ColumnOptions = {sort?: string | undefined; isWideTerminal?: boolean};

/** The field and direction of a sort value: `views:desc` → views, descending. */
export function sortParts(sort: string): {field: string; isDescending: boolean} {
	const [field = '', direction = ''] = sort.split(':');
	return {field, isDescending: direction === 'desc'};
}

/** The columns a list may show, in the order they are given room, with the sort's column early. */
function candidateColumns(descriptor: ResourceDescriptor, options: ColumnOptions): ColumnSpec[] {
	const columns = [...descriptor.columns];
	if (options.isWideTerminal === true) {
		for (const spec of descriptor.wideColumns ?? []) {
			if (!columns.some((column) => column.title === spec.title)) columns.push(spec);
		}
	}

	if (options.sort === undefined) return columns;
	const {field} = sortParts(options.sort);
	if (columns.some((column) => column.sortField === field)) return columns;
	const sortColumn = descriptor.sortColumns?.find((column) => column.sortField === field);
	// The column of the sort the user chose gets room before the others.
	return sortColumn === undefined
		? columns
		: [columns[0] ?? nameColumn, sortColumn, ...columns.slice(1)];
}

/**
 * Chooses the columns of `descriptor` for `width`: the first always; then the others in order
 * while the first keeps at least 20 columns. A column with a maximum width grows by up to a
 * third of the room left. The active sort's column is shown (added while it has none) and its
 * header carries ↑ or ↓.
 */
export function layoutColumns(
	descriptor: ResourceDescriptor,
	width: number,
	options: ColumnOptions = {},
): ColumnLayout {
	const available = Math.max(1, Math.floor(width) - markerWidth);
	const [first = nameColumn, ...others] = withSortArrow(
		candidateColumns(descriptor, options),
		options.sort,
	);
	let rest = available;
	// First which columns fit at their own width, in order; then the room left widens those that
	// may grow, so a growing column never pushes out a later one.
	const fitting = others.filter((spec) => {
		if (rest - spec.width - columnGap < minimumFirstWidth) return false;
		rest -= spec.width + columnGap;
		return true;
	});
	const chosen = fitting.map((spec) => {
		if (spec.maximumWidth === undefined) return {spec, width: spec.width};
		const extra = Math.max(
			0,
			Math.min(spec.maximumWidth - spec.width, Math.floor((rest - minimumFirstWidth) / 3)),
		);
		rest -= extra;
		return {spec, width: spec.width + extra};
	});

	// Room goes to the most important column first, but the least important one sits next to the
	// first column: the date stays at the right edge where the eye finds it.
	return {marker: markerWidth, columns: [{spec: first, width: rest}, ...chosen.reverse()]};
}

/** The columns with the sort's arrow (↑ or ↓) on the header of the sorted one, widened for it. */
function withSortArrow(columns: ColumnSpec[], sort: string | undefined): ColumnSpec[] {
	if (sort === undefined) return columns;
	const {field, isDescending} = sortParts(sort);
	return columns.map((spec, index) => {
		if (spec.sortField !== field) return spec;
		const title = `${spec.title} ${isDescending ? '↓' : '↑'}`;
		// The first column takes what is left; the others grow to show their arrow whole.
		return {...spec, title, width: index === 0 ? spec.width : Math.max(spec.width, title.length)};
	});
}

/**
 * The width of a list that shows every column of `descriptor` with a first column of 30: on a
 * wide terminal the list takes this much before the detail pane takes the rest.
 */
export function naturalListWidth(descriptor: ResourceDescriptor, options: ColumnOptions): number {
	const [, ...others] = candidateColumns(descriptor, options);
	return others.reduce(
		(sum, spec) => sum + (spec.maximumWidth ?? spec.width) + columnGap,
		markerWidth + 30,
	);
}

/** The fields a resource's list can be sorted by, from its descriptor's sorts. */
export function sortFields(descriptor: ResourceDescriptor): string[] {
	const fields = descriptor.sorts.flatMap((sort) =>
		sort === undefined ? [] : [sortParts(sort).field],
	);
	return [...new Set(fields)];
}

/**
 * Why `sort` is not a sort the resource's API accepts (a field of its sorts, optionally `:asc`
 * or `:desc`); undefined when it is.
 */
export function sortProblem(descriptor: ResourceDescriptor, sort: string): string | undefined {
	const fields = sortFields(descriptor);
	if (fields.length === 0) return `${descriptor.title} come in the server's order only: no --sort`;
	const [field = '', direction, ...more] = sort.split(':');
	const isKnown =
		fields.includes(field) &&
		more.length === 0 &&
		(direction === undefined || direction === 'asc' || direction === 'desc');
	if (isKnown) return undefined;
	return `--sort "${sort}" is not a sort of ${descriptor.name} (one of: ${fields.join(', ')}; each optionally :asc or :desc)`;
}

/** The sort that reverses `sort`: `name` ↔ `name:desc`; undefined for the server's own order. */
export function reversedSort(sort: string | undefined): string | undefined {
	if (sort === undefined) return undefined;
	const {field, isDescending} = sortParts(sort);
	return isDescending ? field : `${field}:desc`;
}

/** The gap between two columns. */
export const gapBetweenColumns = columnGap;
