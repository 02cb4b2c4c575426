/**
 * The apps of the demo environment and the blueprint each one runs: its app type and its entity
 * types, with which types a tree app nests under which. Plain data; the entity tree and the
 * parameters are built from it in entities.ts.
 */
import type {JsonObject} from '../api/types.js';
import {epochSeconds, isoSeconds, secondsPerDay} from './random.js';

/** VIKTOR's app types: an editor or simple app holds one entity, a tree app an entity tree. */
export type DemoAppType = 'editor' | 'simple' | 'tree';

/** Which parameter template an entity type's `properties` follow (see properties.ts). */
export type DemoTemplate =
	| 'project'
	| 'bridge'
	| 'span'
	| 'load-case'
	| 'quay-wall'
	| 'cross-section'
	| 'dike-section'
	| 'soil-profile'
	| 'cpt'
	| 'foundation'
	| 'pile-plan'
	| 'wind-load'
	| 'connection';

/** One entity type of a blueprint. */
export type DemoEntityTypeSpec = {
	/** Offset of the type's id within its app's id block (see demoEntityTypeId). */
	slot: number;
	name: string;
	className: string;
	template: DemoTemplate;
	/** Slots of the types a child of this type can have; empty for a leaf type. */
	children: readonly number[];
};

/** What an app is made of: its app type, its entity types and the types of its top level. */
export type DemoBlueprint = {
	appType: DemoAppType;
	types: readonly DemoEntityTypeSpec[];
	/** Slots of the top-level types; an editor or simple app has exactly one. */
	roots: readonly number[];
};

const leaf: readonly number[] = [];

const blueprints = {
	bridge: {
		appType: 'tree',
		roots: [1],
		types: [
			{
				slot: 1,
				name: 'Project',
				className: 'ProjectController',
				template: 'project',
				children: [3, 4],
			},
			{slot: 3, name: 'Bridge', className: 'BridgeController', template: 'bridge', children: [6]},
			{slot: 4, name: 'Viaduct', className: 'ViaductController', template: 'bridge', children: [6]},
			{slot: 6, name: 'Span', className: 'SpanController', template: 'span', children: [8, 9]},
			{
				slot: 8,
				name: 'Load case',
				className: 'LoadCaseController',
				template: 'load-case',
				children: leaf,
			},
			{
				slot: 9,
				name: 'Load combination',
				className: 'LoadCombinationController',
				template: 'load-case',
				children: leaf,
			},
		],
	},
	quay: {
		appType: 'tree',
		roots: [2],
		types: [
			{
				slot: 2,
				name: 'Harbour',
				className: 'HarbourController',
				template: 'project',
				children: [5],
			},
			{
				slot: 5,
				name: 'Quay wall',
				className: 'QuayWallController',
				template: 'quay-wall',
				children: [7],
			},
			{
				slot: 7,
				name: 'Cross-section',
				className: 'CrossSectionController',
				template: 'cross-section',
				children: leaf,
			},
		],
	},
	dike: {
		appType: 'tree',
		roots: [1],
		types: [
			{
				slot: 1,
				name: 'Dike trajectory',
				className: 'TrajectoryController',
				template: 'project',
				children: [4],
			},
			{
				slot: 4,
				name: 'Dike section',
				className: 'DikeSectionController',
				template: 'dike-section',
				children: [5, 8],
			},
			{
				slot: 5,
				name: 'Soil profile',
				className: 'SoilProfileController',
				template: 'soil-profile',
				children: leaf,
			},
			{slot: 8, name: 'CPT', className: 'CPTController', template: 'cpt', children: leaf},
		],
	},
	foundation: {
		appType: 'editor',
		roots: [1],
		types: [
			{
				slot: 1,
				name: 'Foundation',
				className: 'Controller',
				template: 'foundation',
				children: leaf,
			},
		],
	},
	pile: {
		appType: 'editor',
		roots: [2],
		types: [
			{slot: 2, name: 'Pile plan', className: 'Controller', template: 'pile-plan', children: leaf},
		],
	},
	wind: {
		appType: 'editor',
		roots: [3],
		types: [
			{slot: 3, name: 'Wind load', className: 'Controller', template: 'wind-load', children: leaf},
		],
	},
	connection: {
		appType: 'simple',
		roots: [1],
		types: [
			{
				slot: 1,
				name: 'Connection',
				className: 'Controller',
				template: 'connection',
				children: leaf,
			},
		],
	},
} as const satisfies Record<string, DemoBlueprint>;

type BlueprintName = keyof typeof blueprints;

/** An app of the demo environment. */
export type DemoAppSpec = {
	id: number;
	name: string;
	description: string;
	blueprint: BlueprintName;
	/** Seconds after the data set's epoch (2018-01-01) the app was created. */
	created: number;
	/** Days between creation and the last update. */
	updatedAfterDays: number;
	latestTag: string;
};

const day = secondsPerDay;

/**
 * Every app of the environment. The first seven are the ones workspaces run (workspace records
 * name them by index, so their order is fixed); the rest exist without a workspace yet.
 */
export const demoApps: readonly DemoAppSpec[] = [
	{
		id: 42,
		name: 'foundation-app',
		description: 'Shallow foundation bearing capacity and settlement (NEN 9997-1).',
		blueprint: 'foundation',
		created: 40 * day,
		updatedAfterDays: 900,
		latestTag: 'v3.2.1',
	},
	{
		id: 57,
		name: 'bridge-designer',
		description: 'Projects, bridges and viaducts, spans and their load cases.',
		blueprint: 'bridge',
		created: 75 * day,
		updatedAfterDays: 1400,
		latestTag: 'v5.0.3',
	},
	{
		id: 63,
		name: 'quay-wall-check',
		description: 'Sheet pile quay walls per harbour, with cross-sections (CUR 166).',
		blueprint: 'quay',
		created: 130 * day,
		updatedAfterDays: 620,
		latestTag: 'v2.4.0',
	},
	{
		id: 71,
		name: 'pile-capacity',
		description: 'Pile plans with bearing capacity from CPTs.',
		blueprint: 'pile',
		created: 210 * day,
		updatedAfterDays: 300,
		latestTag: 'v1.9.2',
	},
	{
		id: 88,
		name: 'dike-stability',
		description: 'Macro-stability of dike trajectories: sections, soil profiles and CPTs.',
		blueprint: 'dike',
		created: 320 * day,
		updatedAfterDays: 1100,
		latestTag: 'v4.1.0',
	},
	{
		id: 94,
		name: 'steel-connection',
		description: 'Bolted and welded steel connections (EN 1993-1-8).',
		blueprint: 'connection',
		created: 365 * day,
		updatedAfterDays: 200,
		latestTag: 'v1.2.0',
	},
	{
		id: 103,
		name: 'wind-load-generator',
		description: 'Wind loads on buildings (EN 1991-1-4) with pressure coefficients per zone.',
		blueprint: 'wind',
		created: 500 * day,
		updatedAfterDays: 700,
		latestTag: 'v2.0.5',
	},
	{
		id: 112,
		name: 'tunnel-lining',
		description: 'Segmental tunnel lining checks per ring.',
		blueprint: 'bridge',
		created: 610 * day,
		updatedAfterDays: 90,
		latestTag: 'v0.9.0',
	},
	{
		id: 125,
		name: 'sheet-pile-designer',
		description: 'Sheet pile walls from soil profile to anchor design.',
		blueprint: 'quay',
		created: 700 * day,
		updatedAfterDays: 400,
		latestTag: 'v1.5.4',
	},
	{
		id: 131,
		name: 'monopile-fatigue',
		description: 'Fatigue damage of offshore monopiles.',
		blueprint: 'foundation',
		created: 820 * day,
		updatedAfterDays: 250,
		latestTag: 'v1.1.0',
	},
	{
		id: 146,
		name: 'cpt-interpreter',
		description: 'Soil layering from CPT data (Robertson 2010).',
		blueprint: 'dike',
		created: 900 * day,
		updatedAfterDays: 500,
		latestTag: 'v3.0.0',
	},
	{
		id: 150,
		name: 'timber-frame',
		description: '',
		blueprint: 'connection',
		created: 1010 * day,
		updatedAfterDays: 60,
		latestTag: 'v0.3.1',
	},
	{
		id: 167,
		name: 'culvert-designer',
		description: 'Box culverts under roads and railways.',
		blueprint: 'bridge',
		created: 1100 * day,
		updatedAfterDays: 330,
		latestTag: 'v2.2.2',
	},
	{
		id: 173,
		name: 'solar-roof-layout',
		description: 'Rooftop PV arrays: ballast and wind uplift.',
		blueprint: 'wind',
		created: 1250 * day,
		updatedAfterDays: 180,
		latestTag: 'v1.0.0',
	},
	{
		id: 189,
		name: 'lock-gate-check',
		description: 'Mitre and lift gates of navigation locks.',
		blueprint: 'quay',
		created: 1400 * day,
		updatedAfterDays: 45,
		latestTag: 'v0.8.0',
	},
	{
		id: 194,
		name: 'crane-foundation',
		description: 'Tower crane foundations on piles or a slab.',
		blueprint: 'pile',
		created: 1500 * day,
		updatedAfterDays: 120,
		latestTag: 'v1.3.0',
	},
	{
		id: 208,
		name: 'settlement-predictor',
		description: 'Consolidation settlement of embankments over time.',
		blueprint: 'dike',
		created: 1620 * day,
		updatedAfterDays: 75,
		latestTag: 'v0.5.2',
	},
	{
		id: 215,
		name: 'substation-earthing',
		description: 'Earthing grids of high-voltage substations.',
		blueprint: 'connection',
		created: 1750 * day,
		updatedAfterDays: 20,
		latestTag: 'v0.2.0',
	},
];

/** The number of apps workspaces are assigned from (the first ones of demoApps). */
export const workspaceAppCount = 7;

/** The blueprint an app runs. */
export function demoBlueprint(app: DemoAppSpec): DemoBlueprint {
	return blueprints[app.blueprint];
}

/** The app with an id, if any. */
export function demoAppById(id: number): DemoAppSpec | undefined {
	return demoApps.find((app) => app.id === id);
}

/** The id of an app's entity type: a block of ids per app, so ids are unique but not positions. */
export function demoEntityTypeId(app: DemoAppSpec, slot: number): number {
	return app.id * 100 + slot * 11 + 3;
}

/** The entity type of an app with an id, if the app has it. */
export function demoEntityTypeById(app: DemoAppSpec, id: number): DemoEntityTypeSpec | undefined {
	return demoBlueprint(app).types.find((type) => demoEntityTypeId(app, type.slot) === id);
}

/** The entity type of an app in a slot; throws on a slot the blueprint does not have. */
export function demoEntityTypeBySlot(app: DemoAppSpec, slot: number): DemoEntityTypeSpec {
	const type = demoBlueprint(app).types.find((candidate) => candidate.slot === slot);
	if (type === undefined) {
		throw new RangeError(`app ${app.id} has no entity type in slot ${slot}`);
	}

	return type;
}

/** The app record as `GET /api/apps/:id/` answers it. */
export function demoAppRecord(app: DemoAppSpec): JsonObject {
	return {
		id: app.id,
		name: app.name,
		description: app.description,
		app_type: demoBlueprint(app).appType,
		created_at: isoSeconds(epochSeconds + app.created),
		updated_at: isoSeconds(epochSeconds + app.created + app.updatedAfterDays * day),
		latest_version: {
			id: app.id * 37 + 11,
			tag: app.latestTag,
			status: 'PUBLISHED',
			app_type: demoBlueprint(app).appType,
		},
	};
}

/** The entity type record as `GET /api/workspaces/:ws/entity_types/` lists it. */
export function demoEntityTypeRecord(app: DemoAppSpec, type: DemoEntityTypeSpec): JsonObject {
	return {
		id: demoEntityTypeId(app, type.slot),
		name: type.name,
		class_name: type.className,
		is_top_level: demoBlueprint(app).roots.includes(type.slot),
		child_entity_types: type.children.map((slot) => demoEntityTypeId(app, slot)),
	};
}
