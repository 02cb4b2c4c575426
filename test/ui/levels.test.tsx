/**
 * The levels of the browser against the demo server: workspaces → entities → child entities,
 * revisions, apps; going back restores a level exactly, without asking the server again.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {
	demoBlueprint,
	demoChild,
	demoChildCount,
	demoRevisionCount,
	demoWorkspaceApp,
	demoWorkspaceName,
	type DemoEntityNode,
	type DemoServer,
} from '../../source/demo/index.js';
import type {BrowserProps} from '../../source/ui/screens/browser.js';
import {sanitizeLine} from '../../source/ui/text.js';
import {createManualClock} from '../clock.js';
import {frameWhere, KEYS, press, settle, type} from '../helpers.js';
import {
	loadedFrame,
	OPEN_DETAIL,
	renderDemoBrowser,
	safeFrame,
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
	return renderDemoBrowser(server, {
		client: {maxAttempts: 1},
		props: {profileName: 'demo', ...overrides},
	});
}

const scope = (workspace: number) => ({workspace, seed: 1, hostile: false});

/** The first workspace whose app is of `appType` and passes `check`. */
function findWorkspace(
	appType: string,
	check: (workspace: number) => boolean = () => true,
): number {
	for (let workspace = 0; workspace < 240; workspace++) {
		const app = demoWorkspaceApp(workspace);
		if (app !== undefined && demoBlueprint(app).appType === appType && check(workspace)) {
			return workspace;
		}
	}

	throw new Error(`no ${appType} workspace`);
}

/** The first top-level entity of a tree workspace that passes `check`, with its position. */
function findEntity(check: (node: DemoEntityNode) => boolean): {
	workspace: number;
	position: number;
	node: DemoEntityNode;
} {
	for (let workspace = 0; workspace < 240; workspace++) {
		const app = demoWorkspaceApp(workspace);
		if (app === undefined || demoBlueprint(app).appType !== 'tree') continue;
		const count = demoChildCount(scope(workspace), undefined);
		for (let position = 0; position < Math.min(count, 10); position++) {
			const node = demoChild(scope(workspace), undefined, position);
			if (check(node)) return {workspace, position, node};
		}
	}

	throw new Error('no such entity');
}

function listRequests(): string[] {
	return server
		.stats()
		.log.filter((entry) => entry.path.endsWith('/') && entry.query['limit'] !== undefined)
		.map((entry) => `${entry.path}?offset=${String(entry.query['offset'])}`);
}

/** Moves the cursor to the 0-based `index` with a typed jump. */
async function jumpTo(stdin: {write: (data: string) => void}, index: number) {
	await type(stdin, String(index + 1));
	await press(stdin, KEYS.enter);
}

/**
 * Renders the browser and walks to the revisions of a demo entity that has a few (3 to 19) of
 * them: its workspace, Enter, the entity, H. Gives the render and the number of revisions.
 */
async function openRevisionsOfAnEntity() {
	const {workspace, position, node} = findEntity((candidate) => {
		const count = demoRevisionCount(candidate);
		return count > 2 && count < 20;
	});
	const rendered = await renderAtEntity(workspace, position);
	await press(rendered.stdin, 'H');
	return {...rendered, count: demoRevisionCount(node)};
}

/** Renders the browser and selects the entity at `position` of the 0-based `workspace`. */
async function renderAtEntity(
	workspace: number,
	position: number,
	overrides: Partial<BrowserProps> = {},
) {
	const rendered = renderBrowser(overrides);
	const {lastFrame, stdin} = rendered;
	await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
	await jumpTo(stdin, workspace);
	await loadedFrame(lastFrame, (frame) => frame.includes(`${workspace + 1} of 240`));
	await press(stdin, KEYS.enter);
	await loadedFrame(lastFrame, (frame) => frame.includes('› Entities') && /1 of \d/.test(frame));
	if (position > 0) await jumpTo(stdin, position);
	await loadedFrame(lastFrame, (frame) => frame.includes(`${position + 1} of`));
	return rendered;
}

function breadcrumb(frame: string): string {
	return frame.split('\n')[0] ?? '';
}

describe('drilling in and going back', () => {
	it('walks workspace → entities → children → back → back, each level as it was, with no new list request', async () => {
		const {workspace, position, node} = findEntity(
			(candidate) => candidate.path[0]! >= 1 && demoChildCount(candidate.scope, candidate) >= 3,
		);
		const workspaceName = sanitizeLine(demoWorkspaceName(workspace)).slice(0, 10);
		const rendered = renderBrowser();
		const {lastFrame, stdin} = rendered;
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await jumpTo(stdin, workspace);
		await loadedFrame(lastFrame, (frame) => frame.includes(`${workspace + 1} of 240`));
		await press(stdin, KEYS.enter);
		const entityCount = demoChildCount(scope(workspace), undefined);
		let frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${entityCount}`));
		expect(breadcrumb(frame)).toMatch(/^Workspaces › .+ › Entities$/);
		expect(breadcrumb(frame)).toContain(workspaceName);
		for (let step = 0; step < position; step++) await press(stdin, 'j');
		frame = await loadedFrame(lastFrame, (text) =>
			text.includes(`${position + 1} of ${entityCount}`),
		);
		expect(selectedLine(frame)).toContain(node.name.slice(0, 12));
		await press(stdin, KEYS.enter);
		const childCount = demoChildCount(node.scope, node);
		frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${childCount}`));
		expect(breadcrumb(frame)).toMatch(/› Entities › .+ › Children$/);
		expect(frame).toContain('page 1/');
		await press(stdin, 'j');
		await loadedFrame(lastFrame, (text) => text.includes(`2 of ${childCount}`));

		const before = listRequests().length;
		await press(stdin, KEYS.escape);
		await settle();
		frame = await loadedFrame(lastFrame, (text) =>
			text.includes(`${position + 1} of ${entityCount}`),
		);
		expect(breadcrumb(frame)).toMatch(/› Entities$/);
		expect(selectedLine(frame)).toContain(node.name.slice(0, 12));
		await press(stdin, KEYS.backspace);
		frame = await loadedFrame(lastFrame, (text) => text.includes(`${workspace + 1} of 240`));
		expect(breadcrumb(frame)).toBe('Workspaces');
		expect(selectedLine(frame)).toContain(workspaceName);
		await settle();
		expect(listRequests().length).toBe(before);
		// At the root, Esc has nowhere to go and does no harm.
		await press(stdin, KEYS.escape);
		await settle();
		expect(lastFrame()).toContain(`${workspace + 1} of 240`);
		safeFrame(lastFrame, {width: 80, height: 25});
	});

	it('keeps a level’s search and sort when coming back to it', async () => {
		const rendered = renderBrowser();
		const {lastFrame, stdin} = rendered;
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, 's');
		await loadedFrame(lastFrame, (frame) => frame.includes('sort name'));
		await press(stdin, '/');
		await type(stdin, 'Dike');
		await press(stdin, KEYS.enter);
		const searched = await loadedFrame(
			lastFrame,
			(frame) => /search “Dike”/.test(frame) && !frame.includes('of 240'),
		);
		const position = /(\d+) of (\d+)/.exec(searched)?.[0];
		const selected = selectedLine(searched);
		await press(stdin, KEYS.enter);
		await loadedFrame(lastFrame, (frame) => frame.includes('› Entities'));
		await press(stdin, KEYS.escape);
		await settle();
		const back = await loadedFrame(lastFrame, (frame) => breadcrumb(frame) === 'Workspaces');
		expect(back).toContain('search “Dike”');
		expect(back).toContain('sort name');
		expect(back).toContain(position);
		expect(selectedLine(back)).toBe(selected);
		// Esc then clears the kept search.
		await press(stdin, KEYS.escape);
		await settle();
		await loadedFrame(
			lastFrame,
			(frame) => frame.includes('of 240') && !frame.includes('search “'),
		);
	});

	it('takes j keys arriving as one chunk in a deeper level the same as one by one', async () => {
		const workspace = findWorkspace(
			'tree',
			(index) => demoChildCount(scope(index), undefined) >= 6,
		);
		const {lastFrame, stdin} = await renderAtEntity(workspace, 0);
		await loadedFrame(lastFrame, (frame) => frame.includes('› Entities') && frame.includes('1 of'));
		await press(stdin, 'jjj');
		await loadedFrame(lastFrame, (frame) => frame.includes('4 of'));
		await press(stdin, 'j', 'j', 'j');
		await loadedFrame(lastFrame, (frame) => frame.includes('7 of') || frame.includes('of 6'));
	});
});

describe('keys typed ahead of a level change', () => {
	/** A tree workspace with at least six entities, selected on the first level. */
	async function atWorkspaceWithEntities() {
		const workspace = findWorkspace(
			'tree',
			(index) => demoChildCount(scope(index), undefined) >= 6,
		);
		const rendered = renderBrowser();
		const {lastFrame, stdin} = rendered;
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await jumpTo(stdin, workspace);
		await loadedFrame(lastFrame, (frame) => frame.includes(`${workspace + 1} of 240`));
		return {...rendered, workspace};
	}

	const inEntities = (frame: string, number: number) =>
		breadcrumb(frame).endsWith('› Entities') && new RegExp(`\\b${number} of \\d`).test(frame);

	it('opens the record and moves in the new level for ⏎jj in one chunk', async () => {
		const {lastFrame, stdin} = await atWorkspaceWithEntities();
		await press(stdin, '\rjj');
		await loadedFrame(lastFrame, (frame) => inEntities(frame, 3));
	});

	it('does the same for ⏎, j, j written one after the other before any frame', async () => {
		const {lastFrame, stdin, workspace} = await atWorkspaceWithEntities();
		stdin.write(KEYS.enter);
		stdin.write('j');
		stdin.write('j');
		await loadedFrame(lastFrame, (frame) => inEntities(frame, 3));
		// The level left behind kept its place: the keys did not move it.
		await press(stdin, KEYS.escape);
		await loadedFrame(lastFrame, (frame) => frame.includes(`${workspace + 1} of 240`));
	});

	it('keeps keys typed while the first page loads and acts on them once it is here', async () => {
		const {lastFrame, stdin} = await atWorkspaceWithEntities();
		server.setOptions({latencyMs: 300});
		await press(stdin, KEYS.enter);
		await press(stdin, 'j', KEYS.down, 'j');
		await loadedFrame(lastFrame, (frame) => inEntities(frame, 4));
	});

	it('takes a jump typed while the first page loads, digits and Enter in separate reads', async () => {
		const {lastFrame, stdin} = await atWorkspaceWithEntities();
		server.setOptions({latencyMs: 300});
		await press(stdin, KEYS.enter, '5', KEYS.enter);
		await loadedFrame(lastFrame, (frame) => inEntities(frame, 5));
	});

	it('goes back at once on Esc while keys wait, and drops them', async () => {
		const {lastFrame, stdin, workspace} = await atWorkspaceWithEntities();
		server.setOptions({latencyMs: 300});
		await press(stdin, KEYS.enter, 'j', 'j', KEYS.escape);
		const frame = await loadedFrame(lastFrame, (text) => text.includes(`${workspace + 1} of 240`));
		expect(breadcrumb(frame)).toBe('Workspaces');
		// Nothing that waited acts later on the level below.
		await settle(10);
		expect(lastFrame()).toContain(`${workspace + 1} of 240`);
	});

	it('gives the keys after ? or Tab in one chunk to the help or the detail pane', async () => {
		// The manual clock never lets the cursor rest: the detail shows the list's record only.
		const {lastFrame, stdin} = renderBrowser({width: 120, height: 20, clock: createManualClock()});
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, '?jj');
		await frameWhere(lastFrame, (frame) => /lines 3–\d+ of \d+ · ↑/.test(frame));
		await press(stdin, KEYS.escape);
		await loadedFrame(
			lastFrame,
			(frame) => frame.includes('1 of 240') && !frame.includes('Keys ·'),
		);
		await press(stdin, '\tjj');
		await frameWhere(lastFrame, (frame) => /lines 3–\d+ of \d+/.test(frame));
		// The list did not move under either.
		expect(lastFrame()).toContain('1 of 240');
	});

	it('quits at once on q while keys wait', async () => {
		const rendered = await atWorkspaceWithEntities();
		server.setOptions({latencyMs: 300});
		await press(rendered.stdin, KEYS.enter, 'j', 'q');
		expect(rendered.calls.quit).toBe(1);
	});
});

describe('the levels', () => {
	it('pages the entities of a large workspace and jumps to the last one', async () => {
		const workspace = findWorkspace(
			'tree',
			(index) => demoChildCount(scope(index), undefined) > 60,
		);
		const count = demoChildCount(scope(workspace), undefined);
		const last = demoChild(scope(workspace), undefined, count - 1);
		const {lastFrame, stdin} = await renderAtEntity(workspace, 0);
		await loadedFrame(lastFrame, (frame) => frame.includes(`1 of ${count}`));
		await press(stdin, KEYS.pageDown);
		let frame = await loadedFrame(lastFrame, (text) => text.includes(`22 of ${count}`));
		expect(frame).toContain('page 2/');
		await press(stdin, 'G');
		frame = await loadedFrame(lastFrame, (text) => text.includes(`${count} of ${count}`));
		expect(selectedLine(frame)).toContain(last.name.slice(0, 12));
	});

	it('shows 0 of 0 and “No child entities.” for an entity without children', async () => {
		const {workspace, position} = findEntity((node) => demoChildCount(node.scope, node) === 0);
		const {lastFrame, stdin} = await renderAtEntity(workspace, position);
		await press(stdin, KEYS.enter);
		const frame = await loadedFrame(lastFrame, (text) => text.includes('0 of 0'));
		expect(frame).toContain('No child entities.');
		expect(frame).not.toContain('✖');
	});

	it('says that an editor app has no entity tree when the children answer 403', async () => {
		const workspace = findWorkspace('editor');
		const {lastFrame, stdin} = await renderAtEntity(workspace, 0);
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 1'));
		await press(stdin, KEYS.enter);
		const frame = await loadedFrame(lastFrame, (text) => text.includes('no entity tree'));
		expect(frame).toContain('This app has no entity tree');
		safeFrame(lastFrame, {width: 80, height: 25});
	});

	it('opens the revisions of an entity with H, newest first, and a revision’s params with Enter', async () => {
		const {lastFrame, stdin, count} = await openRevisionsOfAnEntity();
		let frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${count}`));
		expect(breadcrumb(frame)).toMatch(/› Revisions$/);
		const dates = frame
			.split('\n')
			.map((line) => /#\d+\s+(\d{4}-\d{2}-\d{2})/.exec(line)?.[1])
			.filter((date) => date !== undefined);
		expect(dates.length).toBe(count);
		expect(dates).toEqual([...dates].sort().reverse());
		await press(stdin, KEYS.enter);
		frame = await loadedFrame(
			lastFrame,
			(text) => text.includes('params') && !text.includes('Loading the full'),
		);
		expect(frame).toContain('created_date');
		expect(server.stats().log.some((entry) => /\/revisions\/\d+\/$/.test(entry.path))).toBe(true);
		await press(stdin, KEYS.escape, KEYS.escape);
		await settle();
		await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Entities'));
	});

	it('shows with d what changed in a revision against the one before it, marked for NO_COLOR', async () => {
		const {lastFrame, stdin, count} = await openRevisionsOfAnEntity();
		const list = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${count}`));
		const [newest, older] = list
			.split('\n')
			.map((line) => /#(\d+)/.exec(line)?.[1])
			.filter((id) => id !== undefined);
		await press(stdin, 'd');
		let frame = lastFrame() ?? '';
		expect(frame).toContain(`--- revision ${older}`);
		expect(frame).toContain(`+++ revision ${newest}`);
		expect(frame).toMatch(/^[~+-] \S+/m);
		expect(frame).toContain('Esc back');
		safeFrame(lastFrame, {width: 80, height: 25});
		await press(stdin, KEYS.escape);
		await settle();
		frame = lastFrame() ?? '';
		expect(frame).toContain(`1 of ${count}`);
		// The oldest revision has nothing before it: every parameter is new.
		await press(stdin, 'G', 'd');
		expect(lastFrame()).toContain('no earlier revision');
		// Elsewhere d says what it is for.
		await press(stdin, KEYS.escape, KEYS.escape);
		await settle();
		await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Entities'));
		await press(stdin, 'd');
		expect(lastFrame()).toContain('d compares revisions');
	});

	it('switches to the apps with :apps (Tab completes), opens an app, and back to workspaces with :ws', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, ':');
		await type(stdin, 'ap');
		await press(stdin, KEYS.tab);
		expect(lastFrame()).toContain(': apps');
		await press(stdin, KEYS.enter);
		let frame = await loadedFrame(
			lastFrame,
			(text) => breadcrumb(text) === 'Apps' && /1 of \d+/.test(text),
		);
		expect(frame).toContain('foundation-app');
		await press(stdin, OPEN_DETAIL);
		await loadedFrame(
			lastFrame,
			(text) => text.includes('id: 42') && !text.includes('Loading the full'),
		);
		expect(server.stats().log.some((entry) => entry.path === '/api/apps/42/')).toBe(true);
		await press(stdin, KEYS.escape);
		await settle();
		await press(stdin, ':');
		await type(stdin, 'nope');
		await press(stdin, KEYS.enter);
		frame = lastFrame() ?? '';
		expect(frame).toContain('unknown command ":nope"');
		await press(stdin, ':');
		await type(stdin, 'ws');
		await press(stdin, KEYS.enter);
		await loadedFrame(
			lastFrame,
			(text) => breadcrumb(text) === 'Workspaces' && text.includes('1 of 240'),
		);
	});

	it('takes a command, a search and a jump typed as one chunk the same as key by key', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, '150\r');
		await loadedFrame(lastFrame, (frame) => frame.includes('150 of 240'));
		await press(stdin, '7890');
		expect(lastFrame()).toContain('Go to record: 7890');
		await press(stdin, KEYS.escape);
		await settle();
		await press(stdin, '/Dikxx\u007F\u007Fe');
		expect(lastFrame()).toContain('/ Dike');
		await press(stdin, KEYS.enter);
		await loadedFrame(lastFrame, (frame) => frame.includes('search “Dike”'));
		await press(stdin, ':apps\r');
		await loadedFrame(lastFrame, (frame) => breadcrumb(frame) === 'Apps' && /1 of \d+/.test(frame));
		expect(server.stats().log.some((entry) => entry.path === '/api/apps/')).toBe(true);
	});

	it('pages with Ctrl+D/U (half) and Ctrl+F/B, and says where a jump past the end landed', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, '\u0004');
		await loadedFrame(lastFrame, (frame) => frame.includes('11 of 240'));
		await press(stdin, '\u0015');
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, '\u0006');
		await loadedFrame(lastFrame, (frame) => frame.includes('22 of 240'));
		await press(stdin, '\u0002');
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, '9999\r');
		const frame = await loadedFrame(lastFrame, (text) => text.includes('240 of 240'));
		expect(frame).toContain('There are 240: jumped to the last record, 240.');
		await press(stdin, ':0\r');
		await loadedFrame(lastFrame, (text) => text.includes('1 of 240'));
		expect(lastFrame()).toContain('jumped to the first record');
	});

	it('searches within a level on the server', async () => {
		const workspace = findWorkspace(
			'tree',
			(index) => demoChildCount(scope(index), undefined) > 10,
		);
		const first = demoChild(scope(workspace), undefined, 0);
		const word = first.name.split(' ')[0] ?? '';
		const {lastFrame, stdin} = await renderAtEntity(workspace, 0);
		await loadedFrame(lastFrame, (frame) => frame.includes('› Entities') && /1 of \d/.test(frame));
		await press(stdin, '/');
		expect(lastFrame()).toContain('search entities');
		await type(stdin, word);
		await press(stdin, KEYS.enter);
		const frame = await loadedFrame(lastFrame, (text) => text.includes(`search “${word}”`));
		expect(selectedLine(frame)).toContain(word);
		const searched = server
			.stats()
			.log.filter((entry) => entry.path.endsWith('/entities/') && entry.query['search'] === word);
		expect(searched.length).toBeGreaterThan(0);
	});
});

describe('acting on a record', () => {
	it('copies the id, the web URL or the JSON with y and a letter, and says what it copied', async () => {
		const copied: string[] = [];
		const opened: string[] = [];
		const {lastFrame, stdin} = renderBrowser({
			apiBaseUrl: server.baseUrl,
			copy(text) {
				copied.push(text);
				return {ok: true};
			},
			async openUrl(url) {
				opened.push(url);
				return true;
			},
		});
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, 'y');
		expect(lastFrame()).toContain('copy: i id · u web URL · j JSON');
		await press(stdin, 'i');
		expect(copied).toEqual(['1000']);
		expect(lastFrame()).toContain('copied id 1000');
		await press(stdin, 'yu');
		expect(copied[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/workspaces\/1000\/app$/);
		await press(stdin, 'y', 'j');
		expect(JSON.parse(copied[2] ?? '')).toMatchObject({id: 1000});
		expect(lastFrame()).toContain('copied JSON');
		// The demo has no web app behind it: o says so and shows the URL instead of opening it.
		await press(stdin, 'o');
		expect(lastFrame()).toContain('not opened');
		expect(opened).toEqual([]);
		await press(stdin, 'y', KEYS.escape);
		await settle();
		expect(copied).toHaveLength(3);
	});
});

describe('the detail pane beside the list', () => {
	it('loads the full record once the cursor rests, never while ↓ is held, and once per record', async () => {
		// Time moves only when the test says so: the rest is a step of the test, not a race.
		const clock = createManualClock();
		const restMs = 300;
		const workspace = findWorkspace('tree', (index) => demoChildCount(scope(index), undefined) > 8);
		const {lastFrame, stdin} = await renderAtEntity(workspace, 0, {
			width: 120,
			clock,
			detailRestMs: restMs,
		});
		await loadedFrame(lastFrame, (frame) => frame.includes('› Entities') && /1 of \d/.test(frame));
		server.resetStats();
		for (let step = 0; step < 6; step++) await press(stdin, KEYS.down);
		await loadedFrame(lastFrame, (frame) => frame.includes('7 of'));
		expect(server.stats().detailRequests).toBe(0);
		expect(clock.pending()).toContain(restMs);
		clock.advance(restMs - 1);
		await settle();
		expect(server.stats().detailRequests).toBe(0);
		clock.advance(1);
		const frame = await loadedFrame(
			lastFrame,
			(text) => text.includes('properties:') && !text.includes('Loading the full'),
		);
		expect(server.stats().detailRequests).toBe(1);
		expect(frame).toContain('properties:');
		await press(stdin, KEYS.up);
		clock.advance(restMs);
		await loadedFrame(lastFrame, () => server.stats().detailRequests === 2);
		await press(stdin, KEYS.down);
		// Back on a record already loaded: shown from the cache, no wait and no request.
		expect(clock.pending()).not.toContain(restMs);
		await loadedFrame(lastFrame, (text) => text.includes('7 of') && text.includes('properties:'));
		expect(server.stats().detailRequests).toBe(2);
	});
});

describe('hostile names', () => {
	it('puts no control character in the breadcrumb and keeps it within the width', async () => {
		const hostileServer = server;
		hostileServer.setOptions({count: 240, pageCap: 10, hostile: true});
		const {lastFrame, stdin} = renderBrowser();
		await loadedFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		// Names with an OSC title, a screen clear, colours, 10,000 characters, a carriage return, a
		// tab, NUL and bidi controls (see demoHostileKind).
		for (const index of [1, 4, 7, 10, 37, 40, 43, 46]) {
			await jumpTo(stdin, index);
			await loadedFrame(lastFrame, (frame) => frame.includes(`${index + 1} of 240`));
			await press(stdin, KEYS.enter);
			await loadedFrame(
				lastFrame,
				(frame) => frame.includes('› Entities') && /\d+ of \d+|0 of 0/.test(frame),
			);
			const frame = safeFrame(lastFrame, {width: 80, height: 25});
			expect(breadcrumb(frame)).toMatch(/^Workspaces › .+ › Entities$/);
			await press(stdin, KEYS.escape);
			await settle();
			await loadedFrame(lastFrame, (frame) => breadcrumb(frame) === 'Workspaces');
		}
	});
});
