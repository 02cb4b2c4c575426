import {describe, expect, it} from 'vitest';
import {
	layoutColumns,
	resources,
	reversedSort,
	sortFields,
	sortProblem,
} from '../../source/ui/resources.js';

const titles = (layout: ReturnType<typeof layoutColumns>) =>
	layout.columns.map((column) => column.spec.title);

describe('sort in the list header', () => {
	it('marks the sorted column with ↑ or ↓', () => {
		expect(titles(layoutColumns(resources.workspaces, 80, {sort: 'name'}))[0]).toBe('Name ↑');
		expect(titles(layoutColumns(resources.workspaces, 80, {sort: 'name:desc'}))[0]).toBe('Name ↓');
		expect(titles(layoutColumns(resources.workspaces, 80))).not.toContain('Name ↑');
	});

	it.each([
		['views:desc', 'Views ↓'],
		['views_last_30_days:desc', '30 days ↓'],
		['user_last_visit:desc', 'Last visit ↓'],
		['created_at', 'Created ↑'],
	])('adds a column for %s, which has none, while that sort is active', (sort, title) => {
		expect(titles(layoutColumns(resources.workspaces, 80))).not.toContain(title.slice(0, -2));
		// Even at a narrow width the chosen sort's column gets room first.
		expect(titles(layoutColumns(resources.workspaces, 50, {sort}))).toContain(title);
	});

	it('reverses a sort', () => {
		expect(reversedSort('name')).toBe('name:desc');
		expect(reversedSort('name:asc')).toBe('name:desc');
		expect(reversedSort('views:desc')).toBe('views');
		expect(reversedSort(undefined)).toBeUndefined();
	});
});

describe('sort values', () => {
	it('are the fields of the descriptor, each optionally :asc or :desc', () => {
		expect(sortFields(resources.apps)).toEqual(['name']);
		expect(sortProblem(resources.workspaces, 'views')).toBeUndefined();
		expect(sortProblem(resources.workspaces, 'user_last_visit:asc')).toBeUndefined();
		expect(sortProblem(resources.workspaces, 'views:down')).toContain('one of: name, created_at');
		expect(sortProblem(resources.workspaces, 'name:desc:x')).toBeDefined();
		expect(sortProblem(resources.entities, 'views')).toContain('not a sort of entities');
	});
});

describe('wide terminals', () => {
	it('show more workspace columns at 160+ columns', () => {
		const wide = titles(layoutColumns(resources.workspaces, 130, {isWideTerminal: true}));
		expect(wide).toEqual(expect.arrayContaining(['Created', 'Views', 'Type', 'Labels']));
		const narrow = titles(layoutColumns(resources.workspaces, 130));
		expect(narrow).not.toContain('Labels');
	});

	it('do not repeat the sort column', () => {
		const wide = titles(
			layoutColumns(resources.workspaces, 200, {isWideTerminal: true, sort: 'views:desc'}),
		);
		expect(wide.filter((title) => title.startsWith('Views'))).toEqual(['Views ↓']);
	});
});
