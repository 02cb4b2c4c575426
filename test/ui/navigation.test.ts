import {describe, expect, it} from 'vitest';
import {
	canGoBack,
	createNavigation,
	currentLevel,
	navigationReducer,
	type NavigationState,
} from '../../source/ui/navigation.js';

type Saved = {cursor: number; search?: string};

function start(): NavigationState<Saved> {
	return createNavigation<Saved>('workspaces');
}

describe('the navigation stack', () => {
	it('starts with the root list alone, titled by its descriptor', () => {
		const state = start();
		expect(currentLevel(state)).toMatchObject({
			resource: 'workspaces',
			parent: {},
			crumbs: ['Workspaces'],
		});
		expect(canGoBack(state)).toBe(false);
	});

	it('pushes a level with the parent ids and keeps what the level below saved', () => {
		const saved: Saved = {cursor: 41, search: 'bridge'};
		const state = navigationReducer(start(), {
			type: 'push',
			resource: 'entities',
			parent: {workspace: 12},
			label: 'Bridge Zwolle',
			saved,
		});
		expect(state.levels).toHaveLength(2);
		expect(state.levels[0]?.saved).toBe(saved);
		expect(currentLevel(state)).toMatchObject({
			resource: 'entities',
			parent: {workspace: 12},
			crumbs: ['Workspaces', 'Bridge Zwolle', 'Entities'],
		});
		expect(currentLevel(state).saved).toBeUndefined();
	});

	it('pops back to the level below exactly as it was saved, with its own key', () => {
		const saved: Saved = {cursor: 41, search: 'bridge'};
		const root = start();
		const deeper = navigationReducer(root, {
			type: 'push',
			resource: 'entities',
			parent: {workspace: 12},
			label: 'Bridge',
			saved,
		});
		const back = navigationReducer(deeper, {type: 'pop'});
		expect(back.levels).toHaveLength(1);
		expect(currentLevel(back).key).toBe(currentLevel(root).key);
		expect(currentLevel(back).saved).toBe(saved);
		expect(currentLevel(back).crumbs).toEqual(['Workspaces']);
	});

	it('walks workspace → entities → children → back → back, each level keeping its snapshot', () => {
		let state = start();
		state = navigationReducer(state, {
			type: 'push',
			resource: 'entities',
			parent: {workspace: 1},
			label: 'W',
			saved: {cursor: 3},
		});
		state = navigationReducer(state, {
			type: 'push',
			resource: 'children',
			parent: {workspace: 1, entity: 9},
			label: 'E',
			saved: {cursor: 7},
		});
		expect(currentLevel(state).crumbs).toEqual(['Workspaces', 'W', 'Entities', 'E', 'Children']);
		const keys = new Set(state.levels.map((level) => level.key));
		expect(keys.size).toBe(3);
		state = navigationReducer(state, {type: 'pop'});
		expect(currentLevel(state)).toMatchObject({resource: 'entities', saved: {cursor: 7}});
		state = navigationReducer(state, {type: 'pop'});
		expect(currentLevel(state)).toMatchObject({resource: 'workspaces', saved: {cursor: 3}});
		expect(navigationReducer(state, {type: 'pop'})).toBe(state);
	});

	it('switches the root to a fresh level and ignores a switch to the root it already shows', () => {
		let state = navigationReducer(start(), {
			type: 'push',
			resource: 'entities',
			parent: {workspace: 1},
			label: 'W',
			saved: {cursor: 0},
		});
		state = navigationReducer(state, {type: 'switch-root', resource: 'apps'});
		expect(state.levels).toHaveLength(1);
		expect(currentLevel(state)).toMatchObject({resource: 'apps', crumbs: ['Apps'], parent: {}});
		expect(navigationReducer(state, {type: 'switch-root', resource: 'apps'})).toBe(state);
		const again = navigationReducer(state, {type: 'switch-root', resource: 'workspaces'});
		expect(currentLevel(again).key).not.toBe(currentLevel(start()).key);
		expect(currentLevel(again).saved).toBeUndefined();
	});
});
