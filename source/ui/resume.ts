/**
 * Between a saved place (config/resume-state.ts) and the browser's navigation stack: the stack a
 * place opens, the place a stack and its top level make, and where a saved record is in a list.
 * Pure.
 */
import type {JsonObject} from '../api/types.js';
import type {ResumePoint} from '../config/resume-state.js';
import {recordAt, type PagerState} from '../paging/pager.js';
import type {Level, NavigationState} from './navigation.js';
import {
	recordId,
	resourceNames,
	type ParentIds,
	type ParentKey,
	type ResourceName,
} from './resources.js';

/** What the browser saves of a place (the file adds when). */
export type ResumePlace = Omit<ResumePoint, 'savedAt'>;

/** Whether `name` is a resource the browser knows (the file may name one from another version). */
export function isResourceName(name: string): name is ResourceName {
	return (resourceNames as readonly string[]).includes(name);
}

const parentKeys = new Set(['workspace', 'entity']);

/**
 * The stack a saved place opens: its levels keyed 0…n-1, no snapshots (each loads afresh). A
 * place whose levels are not all known resources with known parent keys opens nothing.
 */
export function navigationOfPlace<S>(place: ResumePlace): NavigationState<S> | undefined {
	const levels: Array<Level<S>> = [];
	for (const [index, level] of place.levels.entries()) {
		if (!isResourceName(level.resource)) return undefined;
		if (!Object.keys(level.parent).every((key) => parentKeys.has(key))) return undefined;
		levels.push({
			key: index,
			resource: level.resource,
			parent: level.parent as ParentIds,
			crumbs: level.crumbs,
		});
	}

	return levels.length === 0 ? undefined : {levels, nextKey: levels.length};
}

/** The list a browser asks the server for first: which one, and its search and sort. */
export type FirstList = {
	resource: ResourceName;
	parent: ParentIds;
	search?: string;
	sort?: string;
};

/**
 * The list a saved place asks the server for first: its top level (the only one that loads when
 * the place opens) with the place's search and sort. Undefined when the place opens nothing: the
 * browser then starts at the root as without a place.
 */
export function firstListOfPlace(place: ResumePlace): FirstList | undefined {
	const top = navigationOfPlace(place)?.levels.at(-1);
	if (top === undefined) return undefined;
	return {
		resource: top.resource,
		parent: top.parent,
		...(place.search === undefined ? {} : {search: place.search}),
		...(place.sort === undefined ? {} : {sort: place.sort}),
	};
}

/** Whether `resource` under `parent` is the list `list` names. */
export function isListOf(list: FirstList, resource: ResourceName, parent: ParentIds): boolean {
	const keys = new Set([...Object.keys(parent), ...Object.keys(list.parent)]) as Set<ParentKey>;
	return resource === list.resource && [...keys].every((key) => parent[key] === list.parent[key]);
}

/** What the top level says of itself when the place is saved. */
export type TopOfPlace = {
	search?: string;
	sort?: string;
	selectedId?: string | number;
	position?: number;
};

/** The place a stack and its top level make. */
export function placeOf<S>(navigation: NavigationState<S>, top: TopOfPlace): ResumePlace {
	const search = top.search === '' ? undefined : top.search;
	return {
		levels: navigation.levels.map(({resource, parent, crumbs}) => ({
			resource,
			parent: {...parent} as Record<string, string | number>,
			crumbs: [...crumbs],
		})),
		...(search === undefined ? {} : {search}),
		...(top.sort === undefined ? {} : {sort: top.sort}),
		...(top.selectedId === undefined ? {} : {selectedId: top.selectedId}),
		...(top.position === undefined ? {} : {position: top.position}),
	};
}

/** The index of the record with `id` among the loaded records, if it is there. */
export function indexOfRecord(
	state: PagerState<JsonObject>,
	id: string | number,
): number | undefined {
	for (const page of state.pages.values()) {
		const at = page.rows.findIndex((record) => String(recordId(record)) === String(id));
		if (at >= 0) return page.offset + at;
	}

	return undefined;
}

/** Whether the record at `index` is loaded and has `id`. */
export function hasRecordAt(
	state: PagerState<JsonObject>,
	index: number,
	id: string | number,
): boolean {
	const record = recordAt(state, index);
	return record !== undefined && String(recordId(record)) === String(id);
}
