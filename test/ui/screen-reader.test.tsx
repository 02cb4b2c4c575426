import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {
	demoBlueprint,
	demoChild,
	demoChildCount,
	demoRevisionCount,
	demoRevisionRecords,
	demoWorkspaceApp,
	demoWorkspaceId,
	demoWorkspaceName,
	type DemoEntityNode,
	type DemoServer,
} from '../../source/demo/index.js';
import {diffAnnouncement} from '../../source/ui/announce-diff.js';
import {
	diffRevisions,
	revisionDiffPageRows,
} from '../../source/ui/components/revision-diff-view.js';
import {resolveKeyOverrides} from '../../source/ui/key-overrides.js';
import {keyTables} from '../../source/ui/keymap.js';
import type {ResumePlace} from '../../source/ui/resume.js';
import {sanitizeLine} from '../../source/ui/text.js';
import {frameWhere, KEYS, press, settle, waitForFrame} from '../helpers.js';
import {withScreenReaderMode} from './screen-reader-mode.js';
import {renderDemoBrowser, setUpDemoServer, OPEN_DETAIL} from './browser-harness.js';

let server: DemoServer;

setUpDemoServer({count: 300, pageCap: 7, latencyMs: 0, hostile: false}, (started) => {
	server = started;
});

withScreenReaderMode();

afterEach(() => {
	cleanup();
});

function renderBrowser(options: Parameters<typeof renderDemoBrowser>[1] = {}) {
	return renderDemoBrowser(server, {client: {maxAttempts: 2, retryBaseDelayMs: 5}, ...options});
}

/** The start of the sentence for the record at `index` (0-based). */
function sentence(index: number, count = 300): string {
	return `Workspace ${index + 1} of ${count}: ${sanitizeLine(demoWorkspaceName(index, 1, false))}`;
}

/** Box drawing, the selection marker and the padding of drawn columns. */
const drawn = /[─│╭╮╰╯›…]| {3}/;

describe('screen-reader mode', () => {
	it('says the list is loading, then the selected record as a sentence, in plain lines', async () => {
		server.setOptions({latencyMs: 150});
		const {lastFrame} = renderBrowser();
		await settle();
		expect(lastFrame()).toBe('Workspaces.\nLoading workspaces.');
		const frame = await frameWhere(
			lastFrame,
			(text) => text.includes('Workspace 1 of 300:') && text.includes('arrived'),
		);
		const lines = frame.split('\n');
		expect(lines[0]).toBe('Workspaces.');
		expect(lines[1]).toMatch(
			new RegExp(
				`^${escape(sentence(0))}, updated \\d{4}-\\d\\d-\\d\\d, visibility [A-Z]+, app \\S+$`,
			),
		);
		// 21 rows fit; the server sends at most 7 a page: the pages add up.
		expect(lines[2]).toMatch(/^(7|14|21|28) workspaces arrived\.$/);
		expect(frame).not.toMatch(drawn);
		expect(frame).not.toContain('loading…');
	});

	it('announces each move of the cursor, for keys in one chunk as for separate writes', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await frameWhere(lastFrame, (text) => text.includes('Workspace 1 of 300:'));
		await press(stdin, KEYS.down);
		let frame = await frameWhere(lastFrame, (text) => text.includes('Workspace 2 of 300:'));
		expect(frame.split('\n')[1]).toContain(sentence(1));
		// Only pages that arrived since the move may be said (nextArrival's unit tests say more).
		expect(frame.split('\n').slice(2).join('\n')).toMatch(/^(\d+ workspaces arrived\.)?$/);
		await press(stdin, 'jjj');
		frame = await frameWhere(lastFrame, (text) => text.includes('Workspace 5 of 300:'));
		expect(frame.split('\n')[1]).toContain(sentence(4));
		await press(stdin, 'j', 'j', 'j');
		frame = await frameWhere(lastFrame, (text) => text.includes('Workspace 8 of 300:'));
		expect(frame.split('\n')[1]).toContain(sentence(7));
	});

	it('says how many records a page load brought', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await frameWhere(lastFrame, (text) => text.includes('Workspace 1 of 300:'));
		await press(stdin, KEYS.end);
		const frame = await frameWhere(
			lastFrame,
			(text) => text.includes('Workspace 300 of 300:') && text.includes('arrived.'),
		);
		expect(frame.split('\n')[1]).toContain(sentence(299));
		expect(frame).toMatch(/^\d+ workspaces arrived\.$/m);
		expect(frame).not.toMatch(drawn);
	});

	it('announces an error with the key that retries it, as remapped', async () => {
		server.addFault({fault: {type: 'status', status: 500}, match: 'list'});
		const keyTables = resolveKeyOverrides({global: {refresh: ['f']}});
		if (!keyTables.ok) throw new Error('bad keys');
		const {lastFrame, stdin} = renderBrowser({keyTables: keyTables.tables});
		const frame = await frameWhere(lastFrame, (text) => text.includes('Error:'), {timeout: 4000});
		expect(frame).toMatch(/^Error: .+ Press f to retry\.$/m);
		expect(frame).not.toContain('✖');
		server.clearFaults();
		await press(stdin, 'f');
		const recovered = await frameWhere(lastFrame, (text) => text.includes('Workspace 1 of 300:'));
		expect(recovered).not.toContain('Error:');
	});

	it('reads the detail field by field and goes back with Esc', async () => {
		const {lastFrame, stdin} = renderBrowser({props: {width: 120}});
		await frameWhere(lastFrame, (text) => text.includes('Workspace 1 of 300:'));
		await press(stdin, KEYS.down, OPEN_DETAIL);
		const frame = await waitForFrame(lastFrame, (text) => text.includes('Created at:'));
		const lines = frame.split('\n');
		expect(lines[1]).toBe(`Detail of ${lines[1]?.slice('Detail of '.length)}`);
		expect(lines[1]).toContain(sentence(1));
		expect(lines).toContain(`Name: ${sanitizeLine(demoWorkspaceName(1, 1, false))}`);
		expect(frame).toMatch(/^Visibility: [A-Z]+$/m);
		expect(frame).toMatch(/^App: id \d+, name \S+$/m);
		expect(frame).not.toMatch(drawn);
		await press(stdin, KEYS.escape);
		await settle();
		const back = await frameWhere(lastFrame, (text) => !text.includes('Created at:'));
		expect(back.split('\n')[1]).toContain(sentence(1));
	});

	it('lists the keys as sentences in help and closes it with Esc', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await frameWhere(lastFrame, (text) => text.includes('Workspace 1 of 300:'));
		await press(stdin, '?');
		const help = lastFrame() ?? '';
		expect(help).toContain('Help. Press escape to close it.');
		expect(help).toContain('Next record: press down arrow or j.');
		expect(help).toContain('Quit: press q or control C.');
		expect(help).not.toMatch(drawn);
		await press(stdin, KEYS.escape);
		await settle();
		expect(await frameWhere(lastFrame, (text) => !text.includes('Help.'))).toContain(sentence(0));
	});

	it('names the search field in words', async () => {
		const {lastFrame, stdin} = renderBrowser();
		await frameWhere(lastFrame, (text) => text.includes('Workspace 1 of 300:'));
		await press(stdin, '/');
		expect(lastFrame()).toMatch(/^Search: /m);
	});
});

/** A demo entity of a tree app's workspace with a few revisions, and the saved place of its revisions. */
function entityWithRevisions(): {node: DemoEntityNode; place: ResumePlace} {
	for (let workspace = 0; workspace < 300; workspace++) {
		const app = demoWorkspaceApp(workspace);
		if (app === undefined || demoBlueprint(app).appType !== 'tree') continue;
		const scope = {workspace, seed: 1, hostile: false};
		for (let position = 0; position < Math.min(demoChildCount(scope, undefined), 10); position++) {
			const node = demoChild(scope, undefined, position);
			const count = demoRevisionCount(node);
			if (count < 3 || count > 19) continue;
			const workspaceId = demoWorkspaceId(workspace);
			return {
				node,
				place: {
					levels: [
						{resource: 'workspaces', parent: {}, crumbs: ['Workspaces']},
						{resource: 'entities', parent: {workspace: workspaceId}, crumbs: ['Workspaces', 'W']},
						{
							resource: 'revisions',
							parent: {workspace: workspaceId, entity: node.id},
							crumbs: ['Workspaces', 'W', 'E', 'Revisions'],
						},
					],
				},
			};
		}
	}

	throw new Error('no entity with a few revisions');
}

describe('the revision diff in screen-reader mode', () => {
	// 9 rows: a page of the diff is 2 changes, so it scrolls.
	const height = 9;
	const pageRows = revisionDiffPageRows(height - 3);

	it('announces the compared revisions, the count and each change as sentences, and goes back with Esc', async () => {
		const {node, place} = entityWithRevisions();
		const count = demoRevisionCount(node);
		// The server lists the newest first; the demo gives the revisions oldest first.
		const [newest, previous] = demoRevisionRecords(node).reverse();
		const {lastFrame, stdin} = renderBrowser({props: {resume: place, height}});
		await frameWhere(lastFrame, (text) => text.includes(`Revision 1 of ${count}:`));
		await press(stdin, 'd');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Comparing revision'));
		const expected = diffAnnouncement({
			newer: {record: newest!, number: 1},
			older: {record: previous!, number: 2},
			count,
			diff: diffRevisions(previous, newest!),
			offset: 0,
			pageRows,
			tables: keyTables,
		});
		expect(frame.split('\n')).toEqual(['Workspaces, W, E, Revisions.', ...expected]);
		expect(expected[0]).toMatch(
			new RegExp(
				`^Comparing revision 1 of ${count} \\(#\\d+, \\d{4}-\\d\\d-\\d\\d [\\d:]+ UTC\\) with revision 2 `,
			),
		);
		expect(expected[1]).toMatch(/^\d+ changes?: /);
		expect(frame).not.toMatch(/^(?:[+~-] |---|\+\+\+)/m);
		expect(frame).not.toMatch(drawn);
		await press(stdin, KEYS.escape);
		await settle();
		const back = await frameWhere(lastFrame, (text) => !text.includes('Comparing'));
		expect(back).toContain(`Revision 1 of ${count}:`);
	});

	it('reads the first revision as every parameter added, and scrolls a page the same for jj in one write as in two', async () => {
		const {node, place} = entityWithRevisions();
		const count = demoRevisionCount(node);
		const [first] = demoRevisionRecords(node);
		const changes = Object.keys(first!['params'] as object).length;
		expect(changes).toBeGreaterThan(4);
		const {lastFrame, stdin} = renderBrowser({props: {resume: place, height}});
		await frameWhere(lastFrame, (text) => text.includes(`Revision 1 of ${count}:`));
		await press(stdin, 'G');
		await frameWhere(lastFrame, (text) => text.includes(`Revision ${count} of ${count}:`));
		await press(stdin, 'd');
		let frame = await frameWhere(lastFrame, (text) => text.includes('Comparing revision'));
		expect(frame).toContain(`Comparing revision ${count} of ${count} (`);
		expect(frame).toContain('with nothing: it is the first revision, so every parameter is new.');
		expect(frame).toContain(`${changes} changes: ${changes} added.`);
		expect(frame).toContain(`Changes 1 to 2 of ${changes}.`);
		expect(frame).toMatch(/^params\.\S+ added: .+\.$/m);
		stdin.write('jj');
		frame = await frameWhere(lastFrame, (text) => text.includes(`Changes 3 to 4 of ${changes}.`));
		await press(stdin, 'g');
		await frameWhere(lastFrame, (text) => text.includes(`Changes 1 to 2 of ${changes}.`));
		await press(stdin, 'j', 'j');
		const twoWrites = await frameWhere(lastFrame, (text) =>
			text.includes(`Changes 3 to 4 of ${changes}.`),
		);
		expect(twoWrites).toBe(frame);
		await press(stdin, 'G');
		await frameWhere(lastFrame, (text) =>
			text.includes(`Changes ${changes - 1} to ${changes} of ${changes}.`),
		);
	});
});

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
