/**
 * The parameters (`properties`) of demo entities and how they change from one saved revision to
 * the next. A template builds an entity type's first revision from a record's dice; every later
 * revision applies a few edits an engineer would make — a number nudged, a layer added or
 * removed, a remark added, a choice changed — so two revisions differ in a way worth a diff.
 */
import type {DemoTemplate} from './apps.js';
import {demoPlaces} from './data.js';

/** A JSON value as the parameters hold it. */
export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

/** A JSON object. */
export type JsonRecord = {[key: string]: Json};

type Dice = () => number;

function integer(dice: Dice, min: number, max: number): number {
	return min + Math.floor(dice() * (max - min + 1));
}

function decimal(dice: Dice, min: number, max: number, places = 2): number {
	const factor = 10 ** places;
	return Math.round((min + dice() * (max - min)) * factor) / factor;
}

function choose<T>(dice: Dice, list: readonly T[]): T {
	const item = list[Math.floor(dice() * list.length)];
	if (item === undefined) {
		throw new RangeError('choose() needs a non-empty list');
	}

	return item;
}

function chance(dice: Dice, probability: number): boolean {
	return dice() < probability;
}

function times<T>(count: number, make: (index: number) => T): T[] {
	return Array.from({length: count}, (_, index) => make(index));
}

const soilNames = [
	'Sand, medium dense',
	'Sand, dense',
	'Silty sand',
	'Clay, soft',
	'Clay, stiff',
	'Peat',
	'Loam',
	'Gravel',
] as const;

const people = [
	'A. de Vries',
	'B. Jansen',
	'C. Martin',
	'D. Okafor',
	'E. Lindqvist',
	'F. Haddad',
	'Z. Ångström',
	'P. Wiśniewski',
] as const;

const remarks = [
	'Checked against the as-built drawings.',
	'Client asked for a second variant.',
	'Values from the 2024 site investigation.',
	'Conservative until the CPTs are in.',
	'Agreed in the design meeting of week 12.',
] as const;

/** Values an edit may switch a string field to, by the field's key. */
const choices: Readonly<Record<string, readonly string[]>> = {
	concrete: ['C25/30', 'C30/37', 'C35/45', 'C45/55', 'C50/60'],
	reinforcement: ['B500A', 'B500B', 'B500C'],
	steel_grade: ['S235', 'S275', 'S355', 'S355GP', 'S430GP'],
	method: ['Bishop', 'Uplift-Van', 'Spencer', 'Brinch Hansen', 'Blum', 'Finite elements'],
	profile: ['AZ 18-700', 'AZ 26-700', 'AZ 36-700N', 'IPE 300', 'HEB 240', 'HEA 200'],
	consequence_class: ['CC1', 'CC2', 'CC3'],
	terrain_category: ['0', 'I', 'II', 'III', 'IV'],
	category: ['permanent', 'variable', 'accidental'],
	support_type: ['pier', 'abutment', 'pile bent'],
};

function soilLayers(dice: Dice, count: number): Json[] {
	let top = decimal(dice, -1, 1.5);
	return times(count, () => {
		const thickness = decimal(dice, 0.8, 6, 1);
		const layer: JsonRecord = {
			name: choose(dice, soilNames),
			top_level_m: top,
			thickness_m: thickness,
			unit_weight_kn_m3: decimal(dice, 11, 21, 1),
			friction_angle_deg: decimal(dice, 15, 37.5, 1),
			cohesion_kpa: chance(dice, 0.4) ? decimal(dice, 1, 15, 1) : 0,
			drained: chance(dice, 0.6),
		};
		top = Math.round((top - thickness) * 100) / 100;
		return layer;
	});
}

function project(dice: Dice): JsonRecord {
	return {
		general: {
			client: choose(dice, ['Rijkswaterstaat', 'Port of Rotterdam', 'Deutsche Bahn', 'Infrabel']),
			project_number: `P-${integer(dice, 2019, 2026)}-${integer(dice, 100, 999)}`,
			location: {
				city: choose(dice, demoPlaces),
				coordinates: {lat: decimal(dice, 44, 60, 5), lon: decimal(dice, -2, 20, 5)},
			},
			design_life_years: choose(dice, [50, 100, 120]),
			consequence_class: choose(dice, ['CC1', 'CC2', 'CC3']),
		},
		standards: {
			code: 'Eurocode',
			national_annex: choose(dice, ['NL', 'DE', 'BE', 'NO', 'PL']),
			units: 'SI',
		},
		budget: {
			estimate_eur: integer(dice, 20, 900) * 10_000,
			contingency_percent: choose(dice, [5, 10, 15]),
			approved: chance(dice, 0.5),
		},
		team: times(integer(dice, 2, 4), (index) => ({
			name: choose(dice, people),
			role: ['Lead engineer', 'Reviewer', 'Geotechnical engineer', 'Drafter'][index] ?? 'Engineer',
		})),
		notes: chance(dice, 0.5) ? null : choose(dice, remarks),
	};
}

function bridge(dice: Dice): JsonRecord {
	const spans = times(integer(dice, 1, 5), (index) => ({
		length_m: decimal(dice, 12, 65, 1),
		support_type: index === 0 ? 'abutment' : choose(dice, ['pier', 'pile bent']),
	}));
	return {
		geometry: {
			total_length_m: Math.round(spans.reduce((sum, span) => sum + span.length_m, 0) * 10) / 10,
			deck_width_m: decimal(dice, 7, 32, 1),
			skew_angle_deg: chance(dice, 0.5) ? 0 : decimal(dice, 5, 35, 1),
			clearance_m: decimal(dice, 4.5, 9, 2),
			spans,
		},
		superstructure: {
			type: choose(dice, ['Box girder', 'Solid slab', 'Prestressed beams', 'Steel composite']),
			concrete: choose(dice, ['C35/45', 'C45/55', 'C50/60']),
			reinforcement: 'B500B',
			prestressed: chance(dice, 0.6),
			cover_mm: choose(dice, [35, 40, 45, 50]),
		},
		loads: {
			traffic_model: 'LM1',
			pedestrian_load_kn_m2: 5,
			temperature_range_c: {min: -25, max: choose(dice, [30, 35, 40])},
		},
		checks: {uls: true, sls: true, fatigue: chance(dice, 0.5), seismic: false},
	};
}

function span(dice: Dice): JsonRecord {
	return {
		length_m: decimal(dice, 12, 65, 1),
		continuity: choose(dice, ['simply supported', 'continuous']),
		cross_section: {
			height_m: decimal(dice, 0.8, 3.2),
			width_m: decimal(dice, 7, 30, 1),
			web_thickness_m: decimal(dice, 0.25, 0.6),
			flanges: [
				{position: 'top', width_m: decimal(dice, 6, 30, 1), thickness_m: decimal(dice, 0.2, 0.35)},
				{position: 'bottom', width_m: decimal(dice, 3, 8, 1), thickness_m: decimal(dice, 0.2, 0.3)},
			],
		},
		bearings: times(integer(dice, 2, 4), (index) => ({
			label: `B${index + 1}`,
			type: choose(dice, ['elastomeric', 'pot', 'spherical']),
			capacity_kn: integer(dice, 20, 120) * 100,
			fixed: index === 0,
		})),
		camber_mm: integer(dice, 0, 60),
		notes: null,
	};
}

function loadCase(dice: Dice): JsonRecord {
	return {
		category: choose(dice, ['permanent', 'variable', 'accidental']),
		factors: {
			gamma: choose(dice, [1, 1.2, 1.35, 1.5]),
			psi_0: choose(dice, [0.4, 0.6, 0.7, 0.8]),
			psi_1: choose(dice, [0.2, 0.5, 0.75]),
			psi_2: choose(dice, [0, 0.2, 0.3]),
		},
		loads: times(integer(dice, 1, 5), () => {
			const type = choose(dice, ['point', 'distributed', 'moment']);
			return {
				name: choose(dice, [
					'Dead load',
					'Surfacing',
					'Traffic LM1',
					'Wind',
					'Braking',
					'Settlement',
				]),
				type,
				magnitude: decimal(dice, 2, 600, 1),
				unit: type === 'point' ? 'kN' : type === 'moment' ? 'kNm' : 'kN/m2',
				position_m: type === 'distributed' ? null : decimal(dice, 0, 40, 1),
			};
		}),
		active: chance(dice, 0.85),
		description: chance(dice, 0.5) ? null : choose(dice, remarks),
	};
}

function quayWall(dice: Dice): JsonRecord {
	return {
		geometry: {
			retaining_height_m: decimal(dice, 8, 28, 1),
			dredging_level_m: -decimal(dice, 10, 24, 1),
			anchor_level_m: decimal(dice, -1, 2.5, 1),
			sheet_pile: {
				profile: choose(dice, ['AZ 18-700', 'AZ 26-700', 'AZ 36-700N']),
				steel_grade: choose(dice, ['S355GP', 'S430GP']),
				length_m: decimal(dice, 18, 34, 1),
				corrosion_allowance_mm: choose(dice, [2, 3.5, 4.8]),
			},
		},
		anchors: {
			type: choose(dice, ['grout anchor', 'MV pile', 'tie rod']),
			spacing_m: decimal(dice, 1.6, 3.2, 1),
			inclination_deg: integer(dice, 30, 45),
			capacity_kn: integer(dice, 8, 30) * 100,
		},
		water: {
			mean_high_water_m: decimal(dice, 0.8, 2.2),
			mean_low_water_m: -decimal(dice, 0.4, 1.5),
			tidal_lag_m: decimal(dice, 0.1, 0.5),
		},
		soil: {layers: soilLayers(dice, integer(dice, 3, 6))},
	};
}

function crossSection(dice: Dice): JsonRecord {
	return {
		chainage_m: integer(dice, 0, 1800),
		surcharge_kn_m2: choose(dice, [10, 20, 40, 60]),
		soil: {layers: soilLayers(dice, integer(dice, 2, 5))},
		analysis: {
			method: choose(dice, ['Blum', 'Beam on springs', 'Finite elements']),
			safety_factor: choose(dice, [1.2, 1.3, 1.5]),
			drained: chance(dice, 0.5),
		},
	};
}

function dikeSection(dice: Dice): JsonRecord {
	const start = decimal(dice, 0, 40, 3);
	return {
		chainage_start_km: start,
		chainage_end_km: Math.round((start + decimal(dice, 0.2, 2, 3)) * 1000) / 1000,
		crest_level_m: decimal(dice, 4, 9),
		polder_level_m: -decimal(dice, 0.5, 4),
		slope: {inner: choose(dice, ['1:2.5', '1:3', '1:4']), outer: choose(dice, ['1:3', '1:4'])},
		soil: {layers: soilLayers(dice, integer(dice, 3, 6))},
		analysis: {
			method: choose(dice, ['Bishop', 'Uplift-Van', 'Spencer']),
			required_safety_factor: choose(dice, [1.06, 1.12, 1.2]),
			design_water_level_m: decimal(dice, 3, 7),
		},
	};
}

function soilProfile(dice: Dice): JsonRecord {
	return {
		layers: soilLayers(dice, integer(dice, 3, 7)),
		groundwater_level_m: -decimal(dice, 0.2, 2.5),
		source: choose(dice, ['CPT', 'Borehole', 'Geological model']),
		verified: chance(dice, 0.5),
	};
}

function cpt(dice: Dice): JsonRecord {
	let depth = 0;
	return {
		cpt_id: `CPT-${integer(dice, 1, 999).toString().padStart(3, '0')}`,
		ground_level_m: decimal(dice, -2, 3),
		predrill_depth_m: choose(dice, [0, 0.5, 1]),
		cone_type: choose(dice, ['Type 1', 'Type 2']),
		measurements: times(integer(dice, 5, 9), () => {
			depth = Math.round((depth + decimal(dice, 1, 3, 1)) * 10) / 10;
			return {depth_m: depth, qc_mpa: decimal(dice, 0.3, 25), fs_kpa: decimal(dice, 5, 180, 1)};
		}),
		interpretation: {method: 'Robertson 2010', layers_found: integer(dice, 3, 9)},
	};
}

function foundation(dice: Dice): JsonRecord {
	return {
		soil: {
			layers: soilLayers(dice, integer(dice, 2, 5)),
			groundwater_level_m: -decimal(dice, 0.5, 3),
		},
		foundation: {
			type: choose(dice, ['Strip footing', 'Pad footing', 'Raft']),
			width_m: decimal(dice, 0.8, 4, 1),
			length_m: decimal(dice, 1, 20, 1),
			depth_m: decimal(dice, 0.6, 2.5, 1),
			concrete: choose(dice, ['C25/30', 'C30/37']),
		},
		loads: {
			vertical_kn: integer(dice, 200, 4000),
			horizontal_kn: integer(dice, 0, 400),
			moment_knm: integer(dice, 0, 900),
			combinations: [
				{name: 'ULS STR/GEO', factor: 1.35},
				{name: 'SLS characteristic', factor: 1},
			],
		},
		analysis: {
			method: choose(dice, ['Brinch Hansen', 'Meyerhof']),
			safety_factor: choose(dice, [1.4, 1.5]),
			drained: chance(dice, 0.5),
			notes: null,
		},
	};
}

function pilePlan(dice: Dice): JsonRecord {
	const type = choose(dice, ['Prefab concrete', 'Vibro', 'Steel tube', 'CFA']);
	return {
		piles: times(integer(dice, 3, 9), (index) => ({
			label: `P${index + 1}`,
			x_m: decimal(dice, 0, 30, 2),
			y_m: decimal(dice, 0, 12, 2),
			type,
			diameter_mm: choose(dice, [290, 320, 380, 450]),
			tip_level_m: -decimal(dice, 12, 26, 1),
		})),
		design: {
			cpt_reference: `CPT-${integer(dice, 1, 99).toString().padStart(3, '0')}`,
			method: 'NEN 9997-1',
			gamma_b: 1.2,
			xi_factor: choose(dice, [1.39, 1.32, 1.26]),
		},
		notes: null,
	};
}

function windLoad(dice: Dice): JsonRecord {
	return {
		site: {
			terrain_category: choose(dice, ['0', 'II', 'III', 'IV']),
			altitude_m: integer(dice, 0, 800),
			basic_wind_velocity_ms: choose(dice, [22.5, 24.5, 27, 29.5]),
		},
		building: {
			height_m: decimal(dice, 6, 120, 1),
			width_m: decimal(dice, 10, 60, 1),
			depth_m: decimal(dice, 10, 40, 1),
			roof_type: choose(dice, ['flat', 'duopitch', 'monopitch']),
		},
		coefficients: {
			c_dir: 1,
			c_season: 1,
			c_pe: ['A', 'B', 'C', 'D', 'E'].map((zone) => ({
				zone,
				value: decimal(dice, -1.4, 0.8),
			})),
		},
		dynamic_analysis: chance(dice, 0.2),
	};
}

function connection(dice: Dice): JsonRecord {
	return {
		type: choose(dice, ['End plate', 'Fin plate', 'Base plate']),
		beam: {profile: choose(dice, ['IPE 300', 'IPE 400', 'HEA 200']), steel_grade: 'S355'},
		column: {profile: choose(dice, ['HEB 240', 'HEB 300']), steel_grade: 'S355'},
		bolts: {
			grade: choose(dice, ['8.8', '10.9']),
			diameter_mm: choose(dice, [16, 20, 24]),
			rows: times(integer(dice, 2, 4), (index) => ({y_mm: 60 + index * 90, count: 2})),
			preloaded: chance(dice, 0.3),
		},
		welds: {throat_mm: choose(dice, [4, 5, 6, 8]), type: 'fillet'},
		forces: {
			n_ed_kn: integer(dice, -300, 300),
			v_ed_kn: integer(dice, 0, 250),
			m_ed_knm: integer(dice, 0, 180),
		},
	};
}

const templates: Readonly<Record<DemoTemplate, (dice: Dice) => JsonRecord>> = {
	project,
	bridge,
	span,
	'load-case': loadCase,
	'quay-wall': quayWall,
	'cross-section': crossSection,
	'dike-section': dikeSection,
	'soil-profile': soilProfile,
	cpt,
	foundation,
	'pile-plan': pilePlan,
	'wind-load': windLoad,
	connection,
};

/** The parameters of an entity's first revision, from the template and the record's dice. */
export function firstParameters(template: DemoTemplate, dice: Dice): JsonRecord {
	return templates[template](dice);
}

type Step = string | number;
type Found = {parent: JsonRecord | Json[]; key: Step; value: Json};

function isRecord(value: Json): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every value below the root with the container that holds it, depth first. */
function walk(root: JsonRecord): Found[] {
	const found: Found[] = [];
	const visit = (container: JsonRecord | Json[]): void => {
		const entries: Array<[Step, Json]> = Array.isArray(container)
			? container.map((value, index) => [index, value])
			: Object.entries(container);
		for (const [key, value] of entries) {
			found.push({parent: container, key, value});
			if (typeof value === 'object' && value !== null) {
				visit(value);
			}
		}
	};

	visit(root);
	return found;
}

function setValue(found: Found, value: Json): void {
	if (Array.isArray(found.parent)) {
		found.parent[Number(found.key)] = value;
	} else {
		found.parent[String(found.key)] = value;
	}
}

/** Keys an edit may add to or remove from an object of the parameters. */
const optionalKeys = ['remarks', 'checked_by', 'override_factor'] as const;

function optionalValue(key: (typeof optionalKeys)[number], dice: Dice): Json {
	switch (key) {
		case 'remarks': {
			return choose(dice, remarks);
		}

		case 'checked_by': {
			return choose(dice, people);
		}

		case 'override_factor': {
			return choose(dice, [1.05, 1.1, 1.2]);
		}
	}
}

function decimals(value: number): number {
	const text = String(value);
	const point = text.indexOf('.');
	return point === -1 ? 0 : text.length - point - 1;
}

/**
 * A changed number, a few percent up or down, at least one step of its precision away: as many
 * decimals as before, and one for a whole number below 10 (5 m becomes 5.3 m, not 6 m). The
 * step's direction is a coin toss, so a value wanders but does not drift over many revisions.
 */
function nudge(value: number, dice: Dice): number {
	const sign = chance(dice, 0.5) ? 1 : -1;
	const step = choose(dice, [0.02, 0.05, 0.1, 0.2]) * sign;
	const places = Math.min(decimals(value) || (Math.abs(value) < 10 ? 1 : 0), 3);
	const factor = 10 ** places;
	const changed = Math.round(value * (1 + step) * factor) / factor;
	return changed === value ? Math.round((value + sign / factor) * factor) / factor : changed;
}

/** Numbers that are facts, not design choices: a revision does not edit them. */
const fixedKeys = new Set([
	'lat',
	'lon',
	'design_life_years',
	'c_dir',
	'c_season',
	'y_mm',
	'count',
]);

type Edit = (parameters: JsonRecord, dice: Dice) => boolean;

const changeNumber: Edit = (parameters, dice) => {
	const numbers = walk(parameters).filter(
		(found) => typeof found.value === 'number' && !fixedKeys.has(String(found.key)),
	);
	if (numbers.length === 0) return false;
	const target = choose(dice, numbers);
	setValue(target, nudge(target.value as number, dice));
	return true;
};

const toggleBoolean: Edit = (parameters, dice) => {
	const flags = walk(parameters).filter((found) => typeof found.value === 'boolean');
	if (flags.length === 0) return false;
	const target = choose(dice, flags);
	setValue(target, !(target.value as boolean));
	return true;
};

/** The family of a choice: a sheet pile profile stays an AZ profile, a sheet pile grade a GP grade. */
function family(choice: string): string {
	return `${/^[A-Z]+(?= )/.exec(choice)?.[0] ?? ''}${choice.endsWith('GP') ? 'GP' : ''}`;
}

function alternatives(key: string, value: string): string[] {
	return (choices[key] ?? []).filter(
		(option) => option !== value && family(option) === family(value),
	);
}

const changeChoice: Edit = (parameters, dice) => {
	const candidates = walk(parameters).filter(
		(found) =>
			typeof found.value === 'string' &&
			typeof found.key === 'string' &&
			alternatives(found.key, found.value).length > 0,
	);
	if (candidates.length === 0) return false;
	const target = choose(dice, candidates);
	setValue(target, choose(dice, alternatives(String(target.key), String(target.value))));
	return true;
};

const fillOrClearNote: Edit = (parameters, dice) => {
	const notes = walk(parameters).filter(
		(found) => found.key === 'notes' || found.key === 'description',
	);
	if (notes.length === 0) return false;
	const target = choose(dice, notes);
	setValue(target, target.value === null ? choose(dice, remarks) : null);
	return true;
};

function objectArrays(parameters: JsonRecord): Json[][] {
	return walk(parameters)
		.map((found) => found.value)
		.filter(
			(value): value is Json[] =>
				Array.isArray(value) && value.length > 0 && value.every((item) => isRecord(item)),
		);
}

const addItem: Edit = (parameters, dice) => {
	const arrays = objectArrays(parameters).filter((array) => array.length < 12);
	if (arrays.length === 0) return false;
	const array = choose(dice, arrays);
	const copy = structuredClone(choose(dice, array)) as JsonRecord;
	const numbers = walk(copy).filter(
		(found) => typeof found.value === 'number' && !fixedKeys.has(String(found.key)),
	);
	if (numbers.length > 0) {
		const target = choose(dice, numbers);
		setValue(target, nudge(target.value as number, dice));
	}

	if (typeof copy['label'] === 'string') {
		// A numbered item (pile P7, bearing B2) is added at the end with the next number.
		const numbers = array.map((item) =>
			Number(/\d+$/.exec(String((item as JsonRecord)['label']))?.[0] ?? 0),
		);
		copy['label'] = `${copy['label'].replace(/\d+$/, '')}${Math.max(0, ...numbers) + 1}`;
		array.push(copy);
		return true;
	}

	if (soilNames.some((name) => name === copy['name'])) {
		copy['name'] = choose(dice, soilNames);
	}

	array.splice(integer(dice, 0, array.length), 0, copy);
	return true;
};

const removeItem: Edit = (parameters, dice) => {
	const arrays = objectArrays(parameters).filter((array) => array.length > 2);
	if (arrays.length === 0) return false;
	const array = choose(dice, arrays);
	array.splice(integer(dice, 0, array.length - 1), 1);
	return true;
};

const addKey: Edit = (parameters, dice) => {
	const objects: JsonRecord[] = [
		parameters,
		...walk(parameters)
			.map((found) => found.value)
			.filter((value): value is JsonRecord => isRecord(value)),
	];
	const open = objects.filter((object) => optionalKeys.some((key) => !(key in object)));
	if (open.length === 0) return false;
	const object = choose(dice, open);
	const key = choose(
		dice,
		optionalKeys.filter((candidate) => !(candidate in object)),
	);
	object[key] = optionalValue(key, dice);
	return true;
};

const removeKey: Edit = (parameters, dice) => {
	const holders = [
		parameters,
		...walk(parameters)
			.map((found) => found.value)
			.filter((value): value is JsonRecord => isRecord(value)),
	].filter((object) => optionalKeys.some((key) => key in object));
	if (holders.length === 0) return false;
	const object = choose(dice, holders);
	const key = choose(
		dice,
		optionalKeys.filter((candidate) => candidate in object),
	);
	delete object[key];
	return true;
};

// Weighted: most saves change a number; structure changes are rarer.
const edits: readonly Edit[] = [
	changeNumber,
	changeNumber,
	changeNumber,
	changeNumber,
	toggleBoolean,
	changeChoice,
	fillOrClearNote,
	addItem,
	removeItem,
	addKey,
	removeKey,
];

/**
 * The parameters of the next revision: a copy of `previous` with one to three edits. Always
 * differs from `previous`: a number change, a flag or a remark is the fallback when the edits
 * found nothing to do or cancelled out.
 */
export function nextParameters(previous: JsonRecord, dice: Dice): JsonRecord {
	const next = structuredClone(previous);
	const count = 1 + Math.floor(dice() * 3);
	for (let edit = 0; edit < count; edit++) {
		if (!choose(dice, edits)(next, dice)) {
			changeNumber(next, dice);
		}
	}

	// Two edits can cancel out (a key added and removed again); a saved revision still differs.
	for (const fallback of [changeNumber, toggleBoolean, addKey]) {
		if (JSON.stringify(next) !== JSON.stringify(previous)) break;
		fallback(next, dice);
	}

	return next;
}
