/**
 * Opening at a saved place: the browser saves its levels, query and selected record when it
 * closes, and opens there again by the record's id; a record that is gone falls back to its old
 * position, a level that is gone to the level above, each with a flash that says so.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {demoChildCount, type DemoServer} from '../../source/demo/index.js';
import type {ResumePlace} from '../../source/ui/resume.js';
import {createClient} from '../../source/api/client.js';
import {createResourceApi} from '../../source/services.js';
import {browserPageRows} from '../../source/ui/layout.js';
import {firstListOfPlace, isListOf, navigationOfPlace, placeOf} from '../../source/ui/resume.js';
import type {BrowserProps} from '../../source/ui/screens/browser.js';
import {KEYS, press, type} from '../helpers.js';
import {
	loadedFrame,
	messageOf,
	renderDemoBrowser,
	selectedLine,
	setUpDemoServer,
} from './browser-harness.js';

let server: DemoServer;
setUpDemoServer({count: 240, pageCap: 10, latencyMs: 0, hostile: false}, (started) => {
	server = started;
});

afterEach(() => {
	cleanup();
});

function renderBrowser(overrides: Partial<BrowserProps> = {}) {
	return renderDemoBrowser(server, {client: {maxAttempts: 1}, props: overrides});
}

const breadcrumb = (frame: string) => frame.split('\n')[0] ?? '';

/** Renders, lets `drive` move around, unmounts, and returns the place the browser saved. */
async function savedPlace(
	drive: (rendered: ReturnType<typeof renderBrowser>) => Promise<void>,
): Promise<ResumePlace> {
	const saved: ResumePlace[] = [];
	const rendered = renderBrowser({onSavePlace: (place) => saved.push(place)});
	await loadedFrame(rendered.lastFrame, (frame) => frame.includes('1 of 240'));
	await drive(rendered);
	expect(saved).toEqual([]);
	rendered.unmount();
	expect(saved).toHaveLength(1);
	return saved[0]!;
}

/** The first workspace (0-based) with at least `count` entities. */
function workspaceWithEntities(count: number): number {
	for (let workspace = 0; workspace < 240; workspace++) {
		const scope = {workspace, seed: 1, hostile: false};
		if (demoChildCount(scope, undefined) >= count) return workspace;
	}

	throw new Error('no such workspace');
}

describe('opening at a saved place', () => {
	it('saves the entities level and its record on close, and opens there again by id', async () => {
		const workspace = workspaceWithEntities(4);
		const entityCount = demoChildCount({workspace, seed: 1, hostile: false}, undefined);
		let before = '';
		const place = await savedPlace(async ({lastFrame, stdin}) => {
			await type(stdin, String(workspace + 1));
			await press(stdin, KEYS.enter);
			await loadedFrame(lastFrame, (frame) => frame.includes(`${workspace + 1} of 240`));
			await press(stdin, KEYS.enter);
			await loadedFrame(lastFrame, (frame) => frame.includes(`1 of ${entityCount}`));
			await press(stdin, 'jj');
			before = await loadedFrame(lastFrame, (frame) => frame.includes(`3 of ${entityCount}`));
		});
		expect(place.levels.map((level) => level.resource)).toEqual(['workspaces', 'entities']);
		expect(place.position).toBe(2);
		expect(place.selectedId).toBeDefined();

		const {lastFrame} = renderBrowser({resume: place});
		const frame = await loadedFrame(lastFrame, (text) => text.includes(`3 of ${entityCount}`));
		expect(breadcrumb(frame)).toBe(breadcrumb(before));
		expect(breadcrumb(frame)).toMatch(/^Workspaces › .+ › Entities$/);
		expect(selectedLine(frame)).toBe(selectedLine(before));
	});

	it('selects the saved record by id when it moved on the first page', async () => {
		let before = '';
		const place = await savedPlace(async ({lastFrame, stdin}) => {
			await press(stdin, 'j', 'j');
			before = await loadedFrame(lastFrame, (frame) => frame.includes('3 of 240'));
		});
		// The record was third; its old position says tenth: the id wins.
		const {lastFrame} = renderBrowser({resume: {...place, position: 9}});
		const frame = await loadedFrame(lastFrame, (text) => text.includes('3 of 240'));
		expect(selectedLine(frame)).toBe(selectedLine(before));
		expect(frame).not.toContain('is gone');
	});

	it('finds a record beyond the first pages at its saved position, with no flash', async () => {
		let before = '';
		const place = await savedPlace(async ({lastFrame, stdin}) => {
			await type(stdin, '151');
			await press(stdin, KEYS.enter);
			before = await loadedFrame(lastFrame, (frame) => frame.includes('151 of 240'));
		});
		const {lastFrame} = renderBrowser({resume: place});
		const frame = await loadedFrame(lastFrame, (text) => text.includes('151 of 240'));
		expect(selectedLine(frame)).toBe(selectedLine(before));
		expect(frame).not.toContain('is gone');
	});

	it('keeps the saved search and sort of the level', async () => {
		const place: ResumePlace = {
			levels: [{resource: 'workspaces', parent: {}, crumbs: ['Workspaces']}],
			search: 'Zwolle',
			sort: 'name',
		};
		const {lastFrame} = renderBrowser({resume: place});
		const frame = await loadedFrame(lastFrame, (text) => /\d+ of \d+/.test(text));
		expect(frame).toContain('Zwolle');
		expect(frame).not.toContain('of 240');
	});

	it('falls back to the saved position when the record is gone, and says so', async () => {
		const place: ResumePlace = {
			levels: [{resource: 'workspaces', parent: {}, crumbs: ['Workspaces']}],
			selectedId: 987_654_321,
			position: 4,
		};
		const {lastFrame} = renderBrowser({resume: place});
		const frame = await loadedFrame(lastFrame, (text) => text.includes('5 of 240'));
		await loadedFrame(lastFrame, (text) => text.includes('is gone'));
		expect(frame).toContain('5 of 240');
		expect(messageOf(lastFrame() ?? '')).toContain('showing record 5 instead');
	});

	it('falls back to the level above when a saved parent is gone (404), and says so', async () => {
		const place: ResumePlace = {
			levels: [
				{resource: 'workspaces', parent: {}, crumbs: ['Workspaces']},
				{
					resource: 'entities',
					parent: {workspace: 987_654_321},
					crumbs: ['Workspaces', 'Gone', 'Entities'],
				},
			],
			selectedId: 5,
			position: 0,
		};
		const {lastFrame, stdin} = renderBrowser({resume: place});
		const frame = await loadedFrame(
			lastFrame,
			(text) => text.includes('1 of 240') && text.includes('not found'),
		);
		expect(breadcrumb(frame).trim()).toBe('Workspaces');
		expect(messageOf(frame)).toContain('is gone (not found)');
		// The note was for that level only: the next level opened does not repeat it.
		await press(stdin, KEYS.enter);
		const next = await loadedFrame(lastFrame, (text) => / › Entities$/m.test(breadcrumb(text)));
		expect(next).not.toContain('not found');
	});

	it('draws the first frame with the early answer for the top level of a saved place', async () => {
		const workspace = workspaceWithEntities(4);
		const entityCount = demoChildCount({workspace, seed: 1, hostile: false}, undefined);
		const api = createResourceApi(createClient({baseUrl: server.baseUrl, token: server.token}));
		const [owner] = (await api.list('workspaces', {}, {limit: 1, offset: workspace}, {})).results;
		const workspaceId = owner!.id as number;
		const place: ResumePlace = {
			levels: [
				{resource: 'workspaces', parent: {}, crumbs: ['Workspaces']},
				{
					resource: 'entities',
					parent: {workspace: workspaceId},
					crumbs: ['Workspaces', 'W', 'Entities'],
				},
			],
			sort: 'name',
		};
		// What the entry asks for before the UI code has loaded (source/start.tsx).
		const query = {limit: browserPageRows(25), offset: 0, sort: 'name'};
		const page = await api.list('entities', {workspace: workspaceId}, query, {});
		server.resetStats();
		const {lastFrame} = renderBrowser({resume: place, initialPage: {query, page}});
		// The first frame already has the rows the early answer brought (the server sends 10).
		const first = lastFrame() ?? '';
		expect(first).toContain(`1 of ${entityCount}`);
		expect(selectedLine(first)).toContain(String(page.results[0]!.name));
		await loadedFrame(lastFrame, (frame) => frame.includes(`1 of ${entityCount}`));
		// Nobody asks for that page again (the rest of it, beyond the server's cap, is asked for).
		expect(server.stats().log.filter((entry) => entry.query.offset === '0')).toEqual([]);
	});

	it('starts at the top without a place (--fresh passes none)', async () => {
		const {lastFrame} = renderBrowser();
		const frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 240'));
		expect(breadcrumb(frame).trim()).toBe('Workspaces');
	});
});

describe('places and stacks', () => {
	const root = {resource: 'workspaces', parent: {}, crumbs: ['Workspaces']};

	it('opens the levels of a place, keyed from 0', () => {
		const navigation = navigationOfPlace({
			levels: [
				root,
				{resource: 'entities', parent: {workspace: 3}, crumbs: ['Workspaces', 'A', 'Entities']},
			],
		});
		expect(navigation?.levels.map((level) => [level.key, level.resource])).toEqual([
			[0, 'workspaces'],
			[1, 'entities'],
		]);
		expect(navigation?.nextKey).toBe(2);
	});

	it('opens nothing for an unknown resource or parent key', () => {
		expect(navigationOfPlace({levels: [{...root, resource: 'dashboards'}]})).toBeUndefined();
		expect(
			navigationOfPlace({
				levels: [root, {resource: 'entities', parent: {project: 1}, crumbs: ['x']}],
			}),
		).toBeUndefined();
		expect(navigationOfPlace({levels: []})).toBeUndefined();
	});

	it('asks first for the top level of a place, with its search and sort', () => {
		const entities = {
			resource: 'entities',
			parent: {workspace: 3},
			crumbs: ['Workspaces', 'A', 'Entities'],
		};
		expect(
			firstListOfPlace({levels: [root, entities], search: 'bridge', sort: 'name', position: 40}),
		).toEqual({resource: 'entities', parent: {workspace: 3}, search: 'bridge', sort: 'name'});
		expect(firstListOfPlace({levels: [root]})).toEqual({resource: 'workspaces', parent: {}});
		// A place that opens nothing: the browser starts at the root, as without a place.
		expect(firstListOfPlace({levels: [{...root, resource: 'dashboards'}]})).toBeUndefined();
	});

	it('matches a list by resource and every parent id', () => {
		const list = {resource: 'children', parent: {workspace: 3, entity: 'e7'}} as const;
		expect(isListOf(list, 'children', {workspace: 3, entity: 'e7'})).toBe(true);
		expect(isListOf(list, 'entities', {workspace: 3, entity: 'e7'})).toBe(false);
		expect(isListOf(list, 'children', {workspace: 3, entity: 'e8'})).toBe(false);
		expect(isListOf(list, 'children', {workspace: 3})).toBe(false);
		expect(isListOf({resource: 'workspaces', parent: {}}, 'workspaces', {})).toBe(true);
		expect(isListOf({resource: 'workspaces', parent: {}}, 'workspaces', {workspace: 3})).toBe(
			false,
		);
	});

	it('makes a place of a stack and its top level, without an empty search', () => {
		const navigation = navigationOfPlace({levels: [root]})!;
		expect(placeOf(navigation, {search: '', sort: 'name', selectedId: 7, position: 3})).toEqual({
			levels: [root],
			sort: 'name',
			selectedId: 7,
			position: 3,
		});
	});
});
