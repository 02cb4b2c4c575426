/**
 * The entities inside demo workspaces: a tree app's tree of entities, an editor or simple app's
 * single entity, and every entity's saved revisions. Like the workspaces, all of it is a pure
 * function of positions and the seed: nothing is stored, a workspace's tree is built only as far
 * as a request walks into it, and one request never builds more than one list of children.
 *
 * An entity id packs the workspace index and the entity's position at each depth, so any id can
 * be decoded (and checked) without a lookup; ids are unique across the environment but are not
 * positions, and a tree's ids are far from 1..N.
 */
import type {JsonObject} from '../api/types.js';
import {
	demoBlueprint,
	demoEntityTypeBySlot,
	demoEntityTypeId,
	type DemoAppSpec,
	type DemoEntityTypeSpec,
} from './apps.js';
import {
	demoNameHostileKinds,
	demoPerson,
	demoPlaces,
	demoWorkspaceApp,
	demoWorkspaceCreatedSeconds,
	hostileName,
	type DemoHostileKind,
} from './data.js';
import {firstParameters, nextParameters, type JsonRecord} from './properties.js';
import {createDice, draw, epochSeconds, isoSeconds, secondsPerDay} from './random.js';

/** The data set an entity belongs to: the workspace index and the options of the data. */
export type DemoEntityScope = {workspace: number; seed: number; hostile: boolean};

/** One entity of a workspace, located but not yet rendered as a record. */
export type DemoEntityNode = {
	scope: DemoEntityScope;
	app: DemoAppSpec;
	/** 0-based positions from the top level down: `[2]` is the third top-level entity. */
	path: readonly number[];
	type: DemoEntityTypeSpec;
	parent: DemoEntityNode | undefined;
	id: number;
	name: string;
	/** Seconds after the epoch. */
	created: number;
};

// Positions per depth are packed as digits of these radices (digit = position + 1, 0 = none),
// so a workspace holds at most 400 top-level entities, 40 children, 20 grandchildren and 12
// great-grandchildren per entity, and a tree is at most four levels deep.
const radices = [401, 41, 21, 13] as const;
const nodeSpace = radices.reduce((product, radix) => product * radix, 1);
const entityIdBase = 30_000;

/** Most revisions an entity has (revision ids pack the number below this). */
const revisionSpace = 200;

const salts = {
	rootType: 31,
	rootCount: 32,
	childType: 33,
	childCount: 34,
	created: 35,
	revisionCount: 36,
	revisionGap: 37,
	author: 38,
	locked: 39,
	name: 40,
	parameters: 41,
	edits: 42,
	summary: 43,
} as const;

function local(path: readonly number[]): number {
	let value = 0;
	radices.forEach((radix, depth) => {
		const position = path[depth];
		value = value * radix + (position === undefined ? 0 : position + 1);
	});
	return value;
}

/** The id of the entity at a path of a workspace. */
export function demoEntityId(workspace: number, path: readonly number[]): number {
	return entityIdBase + workspace * nodeSpace + local(path);
}

/** A draw that depends on the entity (workspace and path), the seed and a salt. */
function nodeDraw(scope: DemoEntityScope, path: readonly number[], salt: number): number {
	return draw(local(path), scope.seed + Math.imul(scope.workspace + 1, 0x2c1b3c6d), salt);
}

/** Most children an entity at a depth (-1: the workspace itself) can have. */
function capacity(depth: number): number {
	const radix = radices[depth + 1];
	return radix === undefined ? 0 : radix - 1;
}

/**
 * How many entities hang directly under a parent (the workspace's top level when `parent` is
 * undefined). Editor and simple apps hold one entity and no children; a tree app's entities
 * have between none and the capacity of the next depth, and the first entity at every depth
 * always has children where its type allows them, so a deep path always exists.
 */
export function demoChildCount(scope: DemoEntityScope, parent: DemoEntityNode | undefined): number {
	if (parent === undefined) {
		const app = demoWorkspaceApp(scope.workspace, scope.seed);
		if (app === undefined) return 0;
		if (demoBlueprint(app).appType !== 'tree') return 1;
		const roll = nodeDraw(scope, [], salts.rootCount);
		const percent = roll % 100;
		const spread = roll >>> 8;
		if (percent < 5) return 0;
		if (percent < 70) return 2 + (spread % 23);
		if (percent < 90) return 25 + (spread % 75);
		return 101 + (spread % 300);
	}

	const depth = parent.path.length - 1;
	const most = capacity(depth);
	if (parent.type.children.length === 0 || most === 0) return 0;
	const roll = nodeDraw(scope, parent.path, salts.childCount);
	const percent = roll % 100;
	const spread = roll >>> 8;
	const first = parent.path.every((position) => position === 0);
	if (percent < 25 && !first) return 0;
	if (percent < 85) return Math.max(first ? 3 : 1, 1 + (spread % Math.min(12, most)));
	return Math.min(most, 13 + (spread % most));
}

const harbours = [
	'Waalhaven',
	'Maasvlakte 2',
	'Eemshaven',
	'Burchardkai',
	'Amazonehaven',
	'Port of Gdańsk – DCT',
];
const rivers = ['Maas', 'IJssel', 'Rhine', 'Elbe', 'Vistula', 'Scheldt'];
const projects = [
	'ring road',
	'harbour expansion',
	'metro line 5',
	'flood defence',
	'rail link',
	'energy hub',
];
const loadNames = ['Dead load', 'Traffic LM1', 'Wind', 'Temperature', 'Braking', 'Settlement'];

function letters(position: number): string {
	const letter = String.fromCodePoint(65 + (position % 26));
	return position < 26 ? letter : `${letter}${Math.floor(position / 26)}`;
}

function plainEntityName(type: DemoEntityTypeSpec, position: number, value: number): string {
	const at = <T>(list: readonly T[], shift: number): T =>
		list[(value >>> shift) % list.length] as T;
	switch (type.name) {
		case 'Project': {
			const phase = (value >>> 10) % 4;
			return `${at(demoPlaces, 0)} ${at(projects, 5)}${phase === 0 ? '' : ` – phase ${phase + 1}`}`;
		}

		case 'Harbour': {
			return `${at(harbours, 0)} – ${at(['terminal', 'basin', 'pier'], 4)} ${1 + ((value >>> 6) % 12)}`;
		}

		case 'Dike trajectory': {
			return `Trajectory ${10 + (value % 44)}-${1 + ((value >>> 8) % 4)}`;
		}

		case 'Bridge': {
			return `Bridge KW${String(1 + (value % 98)).padStart(2, '0')} over the ${at(rivers, 8)}`;
		}

		case 'Viaduct': {
			return `Viaduct A${1 + (value % 30)} km ${(value >>> 6) % 90}.${(value >>> 12) % 10}`;
		}

		case 'Span': {
			return `Span ${position + 1}`;
		}

		case 'Load case': {
			return `LC${position + 1} ${at(loadNames, 0)}`;
		}

		case 'Load combination': {
			return `${at(['ULS', 'SLS', 'ALS'], 0)} combination ${position + 1}`;
		}

		case 'Quay wall': {
			return `Quay wall berth ${10 + position}`;
		}

		case 'Cross-section': {
			return `Cross-section ${letters(position)}-${letters(position)}`;
		}

		case 'Dike section': {
			return `Section dp ${100 + position * 4}–${104 + position * 4}`;
		}

		case 'CPT': {
			return `CPT-${String(1 + (value % 999)).padStart(3, '0')}`;
		}

		case 'Foundation': {
			return 'Foundation design';
		}

		case 'Pile plan': {
			return 'Pile plan';
		}

		case 'Wind load': {
			return 'Wind load model';
		}

		case 'Connection': {
			return 'Connection design';
		}

		default: {
			return `${type.name} ${position + 1}`;
		}
	}
}

const nameKinds = [...demoNameHostileKinds];

/**
 * Which hostile kind the entity at a position among its siblings has in a hostile data set.
 * Denser than for workspaces, since a level may hold only a few entities: every odd position
 * has a hostile name, all ten kinds by position 19 (the first entity of a level stays plain),
 * and positions 6 and 8 of every hundred carry deeply nested and 2,000 extra parameters.
 */
export function demoEntityHostileKind(position: number): DemoHostileKind | undefined {
	if (position % 2 === 1) {
		return nameKinds[(position >> 1) % nameKinds.length];
	}

	const slot = position % 100;
	return slot === 6 ? 'deep-nesting' : slot === 8 ? 'extra-fields' : undefined;
}

/**
 * The entity at a position under a parent (the top level when `parent` is undefined). The
 * caller keeps `position` below demoChildCount; the workspace must run an app.
 */
export function demoChild(
	scope: DemoEntityScope,
	parent: DemoEntityNode | undefined,
	position: number,
): DemoEntityNode {
	const app = parent?.app ?? demoWorkspaceApp(scope.workspace, scope.seed);
	if (app === undefined) {
		throw new RangeError(`workspace ${scope.workspace} runs no app`);
	}

	const path = [...(parent?.path ?? []), position];
	const slots = parent === undefined ? demoBlueprint(app).roots : parent.type.children;
	const slot =
		slots[
			nodeDraw(scope, path, parent === undefined ? salts.rootType : salts.childType) % slots.length
		];
	const type = demoEntityTypeBySlot(app, slot ?? 0);
	const plain = plainEntityName(type, position, nodeDraw(scope, path, salts.name));
	const kind = scope.hostile ? demoEntityHostileKind(position) : undefined;
	const start = parent?.created ?? demoWorkspaceCreatedSeconds(scope.workspace, scope.seed);
	return {
		scope,
		app,
		path,
		type,
		parent,
		id: demoEntityId(scope.workspace, path),
		name: kind !== undefined && nameKinds.includes(kind) ? hostileName(kind, plain) : plain,
		created: start + 3600 + (nodeDraw(scope, path, salts.created) % (30 * secondsPerDay)),
	};
}

/** The entity with an id in a workspace, or undefined when the workspace has no such entity. */
export function demoEntityById(scope: DemoEntityScope, id: number): DemoEntityNode | undefined {
	let rest = id - entityIdBase - scope.workspace * nodeSpace;
	if (!Number.isSafeInteger(rest) || rest <= 0 || rest >= nodeSpace) return undefined;
	const digits: number[] = [];
	for (const radix of [...radices].reverse()) {
		digits.unshift(rest % radix);
		rest = Math.floor(rest / radix);
	}

	const depth = digits.findIndex((digit) => digit === 0);
	const used = depth === -1 ? digits : digits.slice(0, depth);
	if (used.length === 0 || digits.slice(used.length).some((digit) => digit !== 0)) return undefined;
	let node: DemoEntityNode | undefined;
	for (const digit of used) {
		if (digit - 1 >= demoChildCount(scope, node)) return undefined;
		node = demoChild(scope, node, digit - 1);
	}

	return node;
}

/** How many saved revisions an entity has (at least one: the save that created it). */
export function demoRevisionCount(node: DemoEntityNode): number {
	const roll = nodeDraw(node.scope, node.path, salts.revisionCount);
	const percent = roll % 100;
	const spread = roll >>> 8;
	if (percent < 70) return 1 + (spread % 12);
	if (percent < 92) return 13 + (spread % 28);
	return 101 + (spread % 80);
}

/** When each revision was saved (seconds after the epoch), oldest first. */
function revisionTimes(node: DemoEntityNode): number[] {
	const times: number[] = [];
	const count = demoRevisionCount(node);
	// All saves fall within about four months of the creation, however many there are.
	const widest = Math.max(3600, Math.floor((120 * secondsPerDay) / count));
	let time = node.created;
	for (let number = 0; number < count; number++) {
		if (number > 0) {
			time += 600 + (draw(number, node.id % 0x7fffffff, salts.revisionGap) % widest);
		}

		times.push(time);
	}

	return times;
}

function author(node: DemoEntityNode, number: number): JsonObject {
	// Mostly the entity's own engineer; now and then a colleague saves a change.
	const roll = draw(number, node.id % 0x7fffffff, salts.author);
	return demoPerson(number > 0 && roll % 3 === 0 ? roll >>> 2 : node.id);
}

/** The id of the user who created an entity (its `created_by.id`). */
export function demoEntityAuthorId(node: DemoEntityNode): number {
	return Number(author(node, 0)['id']);
}

/** The id of an entity's revision by number (0 = the first save). */
export function demoRevisionId(node: DemoEntityNode, number: number): number {
	return node.id * revisionSpace + number;
}

/** The number of the revision of an entity with an id, if the entity has it. */
export function demoRevisionNumber(node: DemoEntityNode, id: number): number | undefined {
	const number = id - node.id * revisionSpace;
	return Number.isSafeInteger(number) && number >= 0 && number < demoRevisionCount(node)
		? number
		: undefined;
}

function nestedSettings(depth: number): JsonRecord {
	let value: JsonRecord = {level: depth, leaf: true};
	for (let level = depth - 1; level >= 1; level--) {
		value = {level, nested: value};
	}

	return value;
}

/** Adds what a hostile data set puts into the parameters of some entities. */
function withHostileParameters(node: DemoEntityNode, parameters: JsonRecord): JsonRecord {
	const kind = node.scope.hostile ? demoEntityHostileKind(node.path.at(-1) ?? 0) : undefined;
	if (kind === 'deep-nesting') {
		return {...parameters, settings: nestedSettings(50)};
	}

	if (kind === 'extra-fields') {
		const extra: JsonRecord = {};
		for (let field = 0; field < 2000; field++) {
			extra[`extra_parameter_${String(field).padStart(4, '0')}`] =
				field % 2 === 0 ? field : `value ${field}`;
		}

		return {...parameters, ...extra};
	}

	if (kind === 'clear-screen' || kind === 'osc-title') {
		return {...parameters, remarks: `\u001b[2J\u001b]0;owned\u0007Remark from ${node.name}`};
	}

	return parameters;
}

/**
 * The parameters of every revision of an entity, oldest first: a template for the first save,
 * then a few edits per save. The last one is the entity's current `properties`.
 */
export function demoRevisionParameters(node: DemoEntityNode): JsonRecord[] {
	return structuredClone([...revisionParameters(node)]);
}

// Building a long history costs a few milliseconds, and a client asks for the same entity's
// detail and revisions in a row: the most recent histories are kept, at most this many
// revisions in all (about 10 MB; the demo server runs inside the app's process).
const historyCacheRevisions = 4000;
const historyCache = new Map<string, readonly JsonRecord[]>();
let historyCacheSize = 0;

function revisionParameters(node: DemoEntityNode): readonly JsonRecord[] {
	const {seed, hostile, workspace} = node.scope;
	const key = `${seed}:${hostile}:${workspace}:${node.id}`;
	const cached = historyCache.get(key);
	if (cached !== undefined) {
		// Re-inserting moves the key to the end: the Map's order is the recency order.
		historyCache.delete(key);
		historyCache.set(key, cached);
		return cached;
	}

	const count = demoRevisionCount(node);
	const dice = createDice(nodeDraw(node.scope, node.path, salts.parameters));
	const all = [firstParameters(node.type.template, dice)];
	for (let number = 1; number < count; number++) {
		const previous = all.at(-1) ?? {};
		all.push(nextParameters(previous, createDice(draw(number, node.id % 0x7fffffff, salts.edits))));
	}

	const history = all.map((parameters) => withHostileParameters(node, parameters));
	historyCache.set(key, history);
	historyCacheSize += history.length;
	for (const [oldest, dropped] of historyCache) {
		if (historyCacheSize <= historyCacheRevisions || oldest === key) break;
		historyCache.delete(oldest);
		historyCacheSize -= dropped.length;
	}

	return history;
}

function summary(node: DemoEntityNode): JsonObject {
	const value = nodeDraw(node.scope, node.path, salts.summary);
	if (node.parent === undefined && demoBlueprint(node.app).appType === 'tree') {
		return {};
	}

	const check = Math.round(((value % 1300) / 1000 + 0.1) * 100) / 100;
	return {
		unity_check: {label: 'Max. unity check', value: check, unit: '-'},
		status: {label: 'Status', value: check <= 1 ? 'OK' : 'Not OK'},
	};
}

/**
 * An entity as the API answers it. `properties` is included only when asked for (lists leave
 * it out unless `properties=true`; the detail GET always has it), and then the record equals
 * the detail record field for field.
 */
export function demoEntityRecord(node: DemoEntityNode, withProperties: boolean): JsonObject {
	const times = revisionTimes(node);
	const last = times.length - 1;
	const ancestors: DemoEntityNode[] = [];
	for (let up = node.parent; up !== undefined; up = up.parent) {
		ancestors.unshift(up);
	}

	return {
		id: node.id,
		name: node.name,
		entity_type: demoEntityTypeId(node.app, node.type.slot),
		entity_type_name: node.type.name,
		parent: node.parent?.id ?? null,
		path: ancestors.map((ancestor) => ({id: ancestor.id, name: ancestor.name})),
		parent_count: ancestors.length,
		...(withProperties ? {properties: structuredClone(revisionParameters(node).at(-1) ?? {})} : {}),
		summary: summary(node),
		locked: nodeDraw(node.scope, node.path, salts.locked) % 20 === 0,
		created_at: isoSeconds(epochSeconds + node.created),
		created_by: author(node, 0),
		updated_at: isoSeconds(epochSeconds + (times[last] ?? node.created)),
		last_updated_by: author(node, last),
	};
}

/** The values an entity list sorts by. */
export function demoEntitySortValue(
	node: DemoEntityNode,
	field: 'name' | 'created_at' | 'updated_at',
): string | number {
	switch (field) {
		case 'name': {
			return node.name.toLowerCase();
		}

		case 'created_at': {
			return node.created;
		}

		case 'updated_at': {
			return revisionTimes(node).at(-1) ?? node.created;
		}
	}
}

/** Every revision record of an entity, oldest first (`params` as saved then). */
export function demoRevisionRecords(node: DemoEntityNode): JsonObject[] {
	const times = revisionTimes(node);
	const parameters = demoRevisionParameters(node);
	return times.map((time, number) => ({
		id: demoRevisionId(node, number),
		entity: node.id,
		created_date: isoSeconds(epochSeconds + time),
		created_by: author(node, number),
		params: parameters[number] ?? {},
	}));
}

/** Whether an entity of a type can have an entity of type `slot` somewhere below it. */
function canHold(app: DemoAppSpec, from: DemoEntityTypeSpec, slot: number): boolean {
	return from.children.some(
		(child) => child === slot || canHold(app, demoEntityTypeBySlot(app, child), slot),
	);
}

// Finding every entity of a type walks the workspace's tree (up to some 40,000 entities in the
// default data set); the ids of the last few walks are kept (8 bytes an entity).
const ofTypeCacheCapacity = 8;
const ofTypeCache = new Map<string, Float64Array>();

/**
 * The ids of every entity of a type in a workspace, in tree order (depth first, siblings by
 * position), as `GET /api/workspaces/:ws/entity_types/:id/entities/` lists them.
 */
export function demoEntityIdsOfType(scope: DemoEntityScope, slot: number): Float64Array {
	const key = `${scope.seed}:${scope.hostile}:${scope.workspace}:${slot}`;
	const cached = ofTypeCache.get(key);
	if (cached !== undefined) {
		ofTypeCache.delete(key);
		ofTypeCache.set(key, cached);
		return cached;
	}

	const ids: number[] = [];
	const visit = (parent: DemoEntityNode | undefined): void => {
		const count = demoChildCount(scope, parent);
		for (let position = 0; position < count; position++) {
			const node = demoChild(scope, parent, position);
			if (node.type.slot === slot) ids.push(node.id);
			if (canHold(node.app, node.type, slot)) visit(node);
		}
	};

	visit(undefined);
	const found = Float64Array.from(ids);
	ofTypeCache.set(key, found);
	for (const oldest of ofTypeCache.keys()) {
		if (ofTypeCache.size <= ofTypeCacheCapacity) break;
		ofTypeCache.delete(oldest);
	}

	return found;
}
