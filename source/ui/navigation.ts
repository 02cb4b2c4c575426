/**
 * The navigation stack of the browser as a pure reducer: the root list at the bottom, each level
 * opened from a record of the one below on top. A level that is left for a deeper one keeps a
 * snapshot of its state (pager, view, loaded details), so going back restores it exactly.
 */
import type {ParentIds, ResourceName} from './resources.js';
import {resources} from './resources.js';

/** One level of the stack. `S` is what a level saves of itself while a deeper one is open. */
export type Level<S> = {
	/** Unique within the stack's life: the view of a level is built afresh for a new key. */
	key: number;
	resource: ResourceName;
	parent: ParentIds;
	/** Breadcrumb parts from the root to this level, unsanitized: `Workspaces`, `Bridge`, `Entities`. */
	crumbs: readonly string[];
	/** The state the level had when a deeper level was opened over it. */
	saved?: S;
};

/** The stack; the last level is the one on screen. */
export type NavigationState<S> = {
	levels: ReadonlyArray<Level<S>>;
	nextKey: number;
};

/** What can happen to the stack. */
export type NavigationAction<S> =
	| {
			type: 'push';
			resource: ResourceName;
			parent: ParentIds;
			/** The label of the record the level is opened from, for the breadcrumb. */
			label: string;
			/** The state of the level below, kept until it is shown again. */
			saved: S;
	  }
	| {type: 'pop'}
	| {type: 'switch-root'; resource: ResourceName};

function rootLevel<S>(resource: ResourceName, key: number): Level<S> {
	return {key, resource, parent: {}, crumbs: [resources[resource].title]};
}

/** A stack holding only the root list of `resource`. */
export function createNavigation<S>(resource: ResourceName): NavigationState<S> {
	return {levels: [rootLevel(resource, 0)], nextKey: 1};
}

/** The level on screen. */
export function currentLevel<S>(state: NavigationState<S>): Level<S> {
	const level = state.levels.at(-1);
	if (level === undefined) throw new Error('The navigation stack is never empty.');
	return level;
}

/** Whether there is a level to go back to. */
export function canGoBack(state: NavigationState<unknown>): boolean {
	return state.levels.length > 1;
}

/**
 * Push: a new level over the current one, which keeps `saved`. Pop: back to the level below,
 * with what it saved (the root stays). Switch root: a new stack on another root resource (the
 * same root, when it is all there is, stays as it is).
 */
export function navigationReducer<S>(
	state: NavigationState<S>,
	action: NavigationAction<S>,
): NavigationState<S> {
	switch (action.type) {
		case 'push': {
			const below = currentLevel(state);
			const level: Level<S> = {
				key: state.nextKey,
				resource: action.resource,
				parent: action.parent,
				crumbs: [...below.crumbs, action.label, resources[action.resource].title],
			};
			return {
				levels: [...state.levels.slice(0, -1), {...below, saved: action.saved}, level],
				nextKey: state.nextKey + 1,
			};
		}

		case 'pop': {
			return canGoBack(state) ? {...state, levels: state.levels.slice(0, -1)} : state;
		}

		case 'switch-root': {
			const [root] = state.levels;
			if (state.levels.length === 1 && root?.resource === action.resource) return state;
			return {levels: [rootLevel(action.resource, state.nextKey)], nextKey: state.nextKey + 1};
		}
	}
}
