/**
 * The deterministic data set of the demo server. Every workspace is a pure function of its index
 * and a seed, so a million records cost nothing until a page of them is asked for, and the same
 * seed always gives the same data.
 */
import type {JsonObject, Workspace} from '../api/types.js';
import {demoApps, demoBlueprint, workspaceAppCount, type DemoAppSpec} from './apps.js';
import {MAX_DEMO_COUNT} from '../demo-size.js';
import {draw, epochSeconds, isoSeconds, pick, secondsPerDay} from './random.js';

/** A label as the demo server hands it out. */
type Label = {id: number; name: string; description: string; color: string};

/** The Personal Access Token the demo server accepts unless told otherwise. */
export const DEMO_TOKEN = 'vktrpat_demo0000000000_thisisnotarealtoken000000';

export {MAX_DEMO_COUNT} from '../demo-size.js';

/** The user `GET /api/users/current/` answers with. */
export type DemoUser = {
	id: number;
	first_name: string;
	last_name: string;
	email: string;
	job_title: string;
};

/** The fields the list endpoint can sort by (the documented `sort` values). */
export const demoSortFields = [
	'name',
	'created_at',
	'views',
	'views_last_30_days',
	'user_last_visit',
] as const;

/** One of the documented `sort` values, without direction. */
export type DemoSortField = (typeof demoSortFields)[number];

/** A sort field with its direction. */
export type DemoSort = {field: DemoSortField; direction: 'asc' | 'desc'};

/** What a list request selects: the data set, the search terms (lower case) and the sort. */
export type DemoQuery = {
	count: number;
	seed: number;
	hostile: boolean;
	/** Lower-case search terms; a record matches when every term is in its name or description. */
	terms: readonly string[];
	sort?: DemoSort;
};

/** The kinds of hostile record mixed in with `hostile: true`. */
export type DemoHostileKind =
	| 'osc-title'
	| 'clear-screen'
	| 'color'
	| 'carriage-return'
	| 'tab'
	| 'nul'
	| 'bidi'
	| 'zero-width'
	| 'combining'
	| 'huge-name'
	| 'huge-description'
	| 'extra-fields'
	| 'deep-nesting'
	| 'string-id';

const lightHostileKinds: readonly DemoHostileKind[] = [
	'osc-title',
	'clear-screen',
	'color',
	'carriage-return',
	'tab',
	'nul',
	'bidi',
	'zero-width',
	'combining',
];

/** The hostile kinds that change a record's name (the others change other fields). */
export const demoNameHostileKinds: ReadonlySet<DemoHostileKind> = new Set([
	...lightHostileKinds,
	'huge-name',
]);

// The heavy kinds sit at fixed slots of every block of 1,000 records: all of them appear in the
// first 25 records of a small data set, yet a search pass over a million stays cheap.
const heavyHostileSlots: ReadonlyMap<number, DemoHostileKind> = new Map([
	[10, 'huge-name'],
	[13, 'huge-description'],
	[16, 'extra-fields'],
	[19, 'deep-nesting'],
	[22, 'string-id'],
]);

const salts = {
	nameKind: 1,
	structure: 2,
	activity: 3,
	place: 4,
	suffix: 5,
	special: 6,
	longLength: 7,
	descriptionKind: 8,
	client: 9,
	code: 10,
	created: 11,
	updated: 12,
	updatedMicroseconds: 13,
	lastVisit: 14,
	visibility: 15,
	type: 16,
	archived: 17,
	app: 18,
	appVersion: 19,
	labels: 20,
	owner: 21,
	project: 22,
	views: 23,
	recentViews: 24,
	slug: 25,
} as const;

const structures = [
	'Foundation',
	'Bridge deck',
	'Quay wall',
	'Pile group',
	'Retaining wall',
	'Sheet pile wall',
	'Tunnel lining',
	'Dike reinforcement',
	'Monopile',
	'Steel truss',
	'Box culvert',
	'Road embankment',
	'Rooftop PV array',
	'Parking garage',
	'Lock gate',
	'Pipeline crossing',
	'Substation',
	'Timber frame',
	'Cable-stayed bridge',
	'Offshore jacket',
	'Cooling tower',
	'Storm surge barrier',
	'Railway viaduct',
	'Wastewater basin',
] as const;

const activities = [
	'design',
	'assessment',
	'check',
	'optimisation',
	'inspection',
	'load rating',
	'fatigue analysis',
	'settlement prediction',
	'stability check',
	'cost estimate',
	'parametric study',
	'retrofit',
	'seismic check',
	'clash detection',
] as const;

/** Places of the data set: workspace names, projects and entity names use them. */
export const demoPlaces = [
	'Rotterdam',
	'Amsterdam',
	'Hamburg',
	'Antwerp',
	'Utrecht',
	'Delft',
	'Oslo',
	'Boston',
	'Singapore',
	'Melbourne',
	'Lyon',
	'Gdańsk',
	'Zürich',
	'São Paulo',
	'Kraków',
	'Malmö',
	'Eindhoven',
	'Dublin',
	'Calgary',
	'Porto',
] as const;

const suffixes = [
	'',
	'',
	'',
	'',
	' – phase 2',
	' (tender)',
	' v2',
	' – as built',
	' (2025)',
	' – variant B',
	' – client review',
] as const;

const specialNames = [
	'Brückenprüfung Köln',
	'東京タワー耐震診断',
	'🌉 Bridge deck monitoring',
	'Ørestad metro station canopy',
	'Пешеходный мост через Казанку',
	'Çanakkale köprüsü yük testi',
	'Kraftwerk Straße 12 – Statik',
	'서울 교량 정밀 점검',
	'Puente de la Constitución – revisión',
	'🏗️ Tower crane foundation',
	'Έλεγχος θεμελίωσης Αθήνα',
	'جسر الدوحة – فحص الأحمال',
] as const;

const longTail =
	' including the north and south approach viaducts, temporary works, phased construction staging and the monitoring plan for adjacent buildings';

const clients = [
	'Port of Rotterdam',
	'Rijkswaterstaat',
	'Deutsche Bahn',
	'Network Rail',
	'Vattenfall',
	'the municipality',
	'a private developer',
	'TenneT',
	'Ørsted',
	'Infrabel',
] as const;

const designCodes = [
	'Eurocode 7 (EN 1997-1)',
	'Eurocode 2 (EN 1992-1-1)',
	'Eurocode 3 (EN 1993-1-9)',
	'AASHTO LRFD',
	'NEN 9997-1',
	'CUR 166',
] as const;

const visibilities = ['INTERNAL', 'INTERNAL', 'INTERNAL', 'PRIVATE', 'PRIVATE', 'PUBLIC'] as const;

const appVersionStatuses = ['PUBLISHED', 'PUBLISHED', 'PUBLISHED', 'DRAFT', 'DEPRECATED'] as const;

const labelPool = [
	{id: 1, name: 'Geo', description: 'Geotechnical', color: '1E90FF'},
	{id: 2, name: 'Structural', description: 'Structural design', color: 'E4572E'},
	{id: 3, name: 'Hydraulic', description: '', color: '17BEBB'},
	{id: 4, name: 'Tender', description: 'In tender phase', color: 'FFC914'},
	{id: 5, name: 'Client review', description: 'Waiting for the client', color: '76B041'},
	{id: 6, name: 'Urgent', description: '', color: 'D7263D'},
	{id: 7, name: 'Internal R&D', description: 'Research and development', color: '8E44AD'},
	{id: 8, name: 'Archived data', description: 'Kept for reference', color: '7F8C8D'},
] as const;

const owners = [
	{id: 11, email: 'anna.devries@example.com', first_name: 'Anna', last_name: 'de Vries'},
	{id: 12, email: 'bram.jansen@example.com', first_name: 'Bram', last_name: 'Jansen'},
	{id: 13, email: 'chloe.martin@example.com', first_name: 'Chloé', last_name: 'Martin'},
	{id: 14, email: 'david.okafor@example.com', first_name: 'David', last_name: 'Okafor'},
	{id: 15, email: 'eva.lindqvist@example.com', first_name: 'Eva', last_name: 'Lindqvist'},
	{id: 16, email: 'farid.haddad@example.com', first_name: 'Farid', last_name: 'Haddad'},
	{id: 17, email: 'grace.lee@example.com', first_name: 'Grace', last_name: 'Lee'},
	{id: 18, email: 'hiroshi.tanaka@example.com', first_name: 'Hiroshi', last_name: 'Tanaka'},
	{id: 19, email: 'zoe.angstrom@example.com', first_name: 'Zoë', last_name: 'Ångström'},
	{id: 20, email: 'piotr.wisniewski@example.com', first_name: 'Piotr', last_name: 'Wiśniewski'},
] as const;

const projectWords = [
	'Harbour expansion',
	'Ring road',
	'Metro line 5',
	'Energy transition',
] as const;

const createdSpanSeconds = 7 * 365 * secondsPerDay;

const hugeDescriptionLength = 200 * 1024;
const hugeDescriptionBlock =
	'Load combination: 1.35 G + 1.5 Q; wind from the south-west; check of the quay wall anchors.\n';
const hugeNameLength = 10_000;
const extraFieldCount = 2_000;
const nestingDepth = 50;

/** The id of the workspace at an index: not a position, so code that confuses the two fails. */
export function demoWorkspaceId(index: number): number {
	return 1000 + index * 7;
}

/** The index of the workspace with an id, or undefined when no index has that id. */
export function demoWorkspaceIndex(id: number): number | undefined {
	const distance = id - 1000;
	if (!Number.isSafeInteger(distance) || distance < 0 || distance % 7 !== 0) {
		return undefined;
	}

	return distance / 7;
}

/** The app the workspace at an index runs, or undefined for a workspace without an app. */
export function demoWorkspaceApp(index: number, seed = 1): DemoAppSpec | undefined {
	const roll = draw(index, seed, salts.app);
	return roll % 12 === 0 ? undefined : pick(workspaceApps, roll >>> 4);
}

const workspaceApps = demoApps.slice(0, workspaceAppCount);

/** Which hostile kind the record at an index has when the data set is hostile, if any. */
export function demoHostileKind(index: number): DemoHostileKind | undefined {
	const heavy = heavyHostileSlots.get(index % 1000);
	if (heavy !== undefined) {
		return heavy;
	}

	if (index % 3 !== 1) {
		return undefined;
	}

	return pick(lightHostileKinds, Math.floor(index / 3));
}

type NameParts = {structure: string; activity: string; place: string};

function nameParts(index: number, seed: number): NameParts {
	return {
		structure: pick(structures, draw(index, seed, salts.structure)),
		activity: pick(activities, draw(index, seed, salts.activity)),
		place: pick(demoPlaces, draw(index, seed, salts.place)),
	};
}

function plainName(index: number, seed: number): string {
	const roll = draw(index, seed, salts.nameKind) % 100;
	if (roll < 5) {
		return pick(specialNames, draw(index, seed, salts.special));
	}

	const {structure, activity, place} = nameParts(index, seed);
	const base = `${structure} ${activity} ${place}`;
	if (roll < 9) {
		const length = 118 + (draw(index, seed, salts.longLength) % 11);
		return (base + longTail).slice(0, length).trimEnd();
	}

	return base + pick(suffixes, draw(index, seed, salts.suffix));
}

function withCombiningMarks(text: string): string {
	return Array.from(text, (character) =>
		character === ' ' ? character : `${character}\u0301\u0316\u0337`,
	).join('');
}

/** A name with the hostile content of a kind (kinds that do not change names leave it). */
export function hostileName(kind: DemoHostileKind, name: string): string {
	switch (kind) {
		case 'osc-title': {
			return `\u001b]0;owned\u0007${name}`;
		}

		case 'clear-screen': {
			return `\u001b[2J\u001b[H${name}`;
		}

		case 'color': {
			return `\u001b[31m${name}\u001b[0m`;
		}

		case 'carriage-return': {
			return `${name}\rOVERWRITTEN`;
		}

		case 'tab': {
			return `${name}\twith\ttabs`;
		}

		case 'nul': {
			return `${name}\u0000hidden after NUL`;
		}

		case 'bidi': {
			return `\u202e${name}\u202c gnp.exe`;
		}

		case 'zero-width': {
			return `👩\u200d🔬 ${name}\u200b\u200c\u200d\ufeff`;
		}

		case 'combining': {
			return withCombiningMarks(name);
		}

		case 'huge-name': {
			return `${name} `
				.repeat(Math.ceil(hugeNameLength / (name.length + 1)))
				.slice(0, hugeNameLength);
		}

		default: {
			return name;
		}
	}
}

/** The name of the workspace at an index (with hostile content where the data set is hostile). */
export function demoWorkspaceName(index: number, seed = 1, hostile = false): string {
	const name = plainName(index, seed);
	const kind = hostile ? demoHostileKind(index) : undefined;
	return kind === undefined ? name : hostileName(kind, name);
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The description of the workspace at an index: null, empty, one sentence or several lines. */
export function demoWorkspaceDescription(index: number, seed = 1, hostile = false): string | null {
	if (hostile && demoHostileKind(index) === 'huge-description') {
		return hugeDescriptionBlock
			.repeat(Math.ceil(hugeDescriptionLength / hugeDescriptionBlock.length))
			.slice(0, hugeDescriptionLength);
	}

	const roll = draw(index, seed, salts.descriptionKind) % 100;
	if (roll < 12) {
		return null;
	}

	if (roll < 20) {
		return '';
	}

	const {structure, activity, place} = nameParts(index, seed);
	const client = pick(clients, draw(index, seed, salts.client));
	const sentence = `${capitalise(activity)} of the ${structure.toLowerCase()} for ${client} in ${place}.`;
	if (roll < 40) {
		const code = pick(designCodes, draw(index, seed, salts.code));
		return [sentence, '', `Design code: ${code}.`, `Status: ${activity} under way.`].join('\n');
	}

	return sentence;
}

/** When the workspace at an index was created, in seconds after the data set's epoch. */
export function demoWorkspaceCreatedSeconds(index: number, seed = 1): number {
	return createdSeconds(index, seed);
}

function createdSeconds(index: number, seed: number): number {
	return draw(index, seed, salts.created) % createdSpanSeconds;
}

function updatedSeconds(index: number, seed: number): number {
	return createdSeconds(index, seed) + (draw(index, seed, salts.updated) % (400 * secondsPerDay));
}

function lastVisitSeconds(index: number, seed: number): number | null {
	const value = draw(index, seed, salts.lastVisit);
	if (value % 4 === 0) {
		return null;
	}

	return updatedSeconds(index, seed) + ((value >>> 2) % (60 * secondsPerDay));
}

function views(index: number, seed: number): number {
	const unit = draw(index, seed, salts.views) / 2 ** 32;
	return Math.floor(unit ** 3 * 50_000);
}

function recentViews(index: number, seed: number): number {
	const unit = draw(index, seed, salts.recentViews) / 2 ** 32;
	return Math.floor(views(index, seed) * unit * 0.3);
}

/**
 * The value the list sorts a record by: the lower-case name, or whole seconds / a view count.
 * `null` (a workspace never visited) sorts as the largest value, as PostgreSQL does.
 */
export function demoSortValue(
	field: DemoSortField,
	index: number,
	seed = 1,
	hostile = false,
): string | number | null {
	switch (field) {
		case 'name': {
			return demoWorkspaceName(index, seed, hostile).toLowerCase();
		}

		case 'created_at': {
			return createdSeconds(index, seed);
		}

		case 'views': {
			return views(index, seed);
		}

		case 'views_last_30_days': {
			return recentViews(index, seed);
		}

		case 'user_last_visit': {
			return lastVisitSeconds(index, seed);
		}
	}
}

/** The lower-case text a search looks in: the name and the description of a record. */
export function demoSearchText(index: number, seed = 1, hostile = false): string {
	const description = demoWorkspaceDescription(index, seed, hostile) ?? '';
	return `${demoWorkspaceName(index, seed, hostile)}\n${description}`.toLowerCase();
}

function slugify(name: string): string {
	return name
		.normalize('NFKD')
		.replaceAll(/[^\w\s-]/g, '')
		.trim()
		.toLowerCase()
		.replaceAll(/[\s_-]+/g, '-')
		.replaceAll(/^-+|-+$/g, '')
		.slice(0, 50);
}

function pickLabels(index: number, seed: number): Label[] {
	const value = draw(index, seed, salts.labels);
	const count = [0, 0, 1, 1, 1, 2, 2, 3][value & 7] ?? 0;
	const available: Label[] = labelPool.map((label) => ({...label}));
	const chosen: Label[] = [];
	let bits = value >>> 3;
	while (chosen.length < count) {
		const [label] = available.splice(bits % available.length, 1);
		if (label !== undefined) {
			chosen.push(label);
		}

		bits >>>= 3;
	}

	return chosen.sort((first, second) => (first.id ?? 0) - (second.id ?? 0));
}

function nestedSettings(depth: number): JsonObject {
	let value: JsonObject = {level: depth, leaf: true};
	for (let level = depth - 1; level >= 1; level--) {
		value = {level, nested: value};
	}

	return value;
}

/**
 * The complete workspace record at a 0-based index, as `GET /api/workspaces/:id/` answers it.
 * Pure: the same index, seed and hostility always give an equal, freshly built object.
 */
export function demoWorkspace(index: number, seed = 1, hostile = false): Workspace {
	const id = demoWorkspaceId(index);
	const name = demoWorkspaceName(index, seed, hostile);
	const visibilityRoll = draw(index, seed, salts.visibility);
	const isDevelopment = visibilityRoll % 7 === 6;
	const visibility = isDevelopment ? 'DEVELOPMENT' : pick(visibilities, visibilityRoll >>> 3);
	const typeRoll = draw(index, seed, salts.type) % 10;
	const type = isDevelopment
		? 'DEVELOPMENT'
		: visibility === 'PUBLIC'
			? 'PUBLIC'
			: typeRoll === 0
				? 'TEST'
				: 'PROJECT';
	const appSpec = demoWorkspaceApp(index, seed);
	const app = appSpec === undefined ? null : {id: appSpec.id, name: appSpec.name};
	const versionRoll = draw(index, seed, salts.appVersion);
	const appVersion =
		appSpec === undefined
			? null
			: {
					id: 900 + (versionRoll % 4000),
					tag: isDevelopment
						? 'dev'
						: `v${1 + (versionRoll % 3)}.${(versionRoll >>> 2) % 10}.${(versionRoll >>> 6) % 7}`,
					status: isDevelopment ? 'DEVELOPMENT' : pick(appVersionStatuses, versionRoll >>> 9),
					app_type: demoBlueprint(appSpec).appType,
				};
	const projectRoll = draw(index, seed, salts.project);
	const projectNumber = projectRoll % (demoPlaces.length * projectWords.length);
	const project =
		projectRoll % 5 < 2
			? null
			: {
					id: 300 + projectNumber,
					name: `${pick(demoPlaces, projectNumber)} ${pick(projectWords, Math.floor(projectNumber / demoPlaces.length))}`,
				};
	const microseconds = draw(index, seed, salts.updatedMicroseconds) % 1_000_000;
	const updatedAt = isoSeconds(epochSeconds + updatedSeconds(index, seed));
	const lastVisit = lastVisitSeconds(index, seed);
	const slug = draw(index, seed, salts.slug) % 5 === 0 ? '' : slugify(name);
	const kind = hostile ? demoHostileKind(index) : undefined;

	const record: Workspace = {
		id: kind === 'string-id' ? String(id) : id,
		name,
		slug: slug === '' ? null : slug,
		description: demoWorkspaceDescription(index, seed, hostile),
		created_at: isoSeconds(epochSeconds + createdSeconds(index, seed)),
		updated_at:
			microseconds % 3 === 0
				? updatedAt.replace('Z', `.${String(microseconds).padStart(6, '0')}Z`)
				: updatedAt,
		visibility,
		type,
		is_archived: draw(index, seed, salts.archived) % 14 === 0,
		is_dev: isDevelopment,
		app,
		app_version: appVersion,
		labels: pickLabels(index, seed),
		owner: {...pick(owners, draw(index, seed, salts.owner))},
		project,
		image: null,
		nr_views: views(index, seed),
		nr_views_last_30_days: recentViews(index, seed),
		user_last_visit: lastVisit === null ? null : isoSeconds(epochSeconds + lastVisit),
	};

	if (kind === 'extra-fields') {
		for (let field = 0; field < extraFieldCount; field++) {
			record[`extra_field_${String(field).padStart(4, '0')}`] =
				field % 2 === 0 ? field : `value ${field}`;
		}
	}

	if (kind === 'deep-nesting') {
		record['settings'] = nestedSettings(nestingDepth);
	}

	return record;
}

/** A user of the demo environment (a workspace owner, an entity's author), picked by a number. */
export function demoPerson(value: number): JsonObject {
	return {...pick(owners, value)};
}

/** The user the demo token belongs to. */
export function demoCurrentUser(): DemoUser {
	return {
		id: 1,
		first_name: 'Demo',
		last_name: 'Engineer',
		email: 'demo.engineer@example.com',
		job_title: 'Structural engineer',
	};
}

// Positions are packed into the low 21 bits of a float64 sort key (2^21 > MAX_DEMO_COUNT).
const positionFactor = 2 ** 21;

function matchingIndices(query: DemoQuery): Uint32Array {
	if (query.terms.length === 0) {
		const all = new Uint32Array(query.count);
		for (let index = 0; index < query.count; index++) {
			all[index] = index;
		}

		return all;
	}

	const matches: number[] = [];
	for (let index = 0; index < query.count; index++) {
		const text = demoSearchText(index, query.seed, query.hostile);
		if (query.terms.every((term) => text.includes(term))) {
			matches.push(index);
		}
	}

	return Uint32Array.from(matches);
}

function rankValues(indices: Uint32Array, query: DemoQuery, field: DemoSortField): Float64Array {
	const ranks = new Float64Array(indices.length);
	if (field === 'name') {
		const names = Array.from(indices, (index) =>
			String(demoSortValue('name', index, query.seed, query.hostile)),
		);
		// Code-unit order, not localeCompare: the order must not depend on the host's ICU data.
		const distinct = [...new Set(names)].sort();
		const rankOf = new Map(distinct.map((name, rank) => [name, rank]));
		names.forEach((name, position) => {
			ranks[position] = rankOf.get(name) ?? 0;
		});
		return ranks;
	}

	indices.forEach((index, position) => {
		const value = demoSortValue(field, index, query.seed, query.hostile);
		ranks[position] = typeof value === 'number' ? value : -1;
	});
	return ranks;
}

function sortIndices(indices: Uint32Array, query: DemoQuery, sort: DemoSort): Uint32Array {
	const ranks = rankValues(indices, query, sort.field);
	let largest = 0;
	for (const rank of ranks) {
		largest = Math.max(largest, rank);
	}

	// Missing values (-1) sort last ascending and first descending; ties keep index order both
	// ways, so the order is stable and deterministic.
	const keys = new Float64Array(indices.length);
	ranks.forEach((rank, position) => {
		const ascending = rank < 0 ? largest + 1 : rank;
		const directed = sort.direction === 'asc' ? ascending : largest + 1 - ascending;
		keys[position] = directed * positionFactor + position;
	});
	keys.sort();
	return Uint32Array.from(keys, (key) => indices[key % positionFactor] ?? 0);
}

/**
 * The indices of the records a list request selects, in answer order. Costs one pass over the
 * data set (plus a sort), so callers cache the result per query.
 */
export function demoQueryIndices(query: DemoQuery): Uint32Array {
	if (!Number.isInteger(query.count) || query.count < 0 || query.count > MAX_DEMO_COUNT) {
		throw new RangeError(`count must be an integer from 0 to ${MAX_DEMO_COUNT}`);
	}

	const indices = matchingIndices(query);
	return query.sort === undefined ? indices : sortIndices(indices, query, query.sort);
}
