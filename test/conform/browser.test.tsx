/**
 * The browser against the conform server (test/support/conform-server.ts), a VIKTOR-compatible
 * server that is not the demo: page cap 7 (and 1), large or UUID ids, no `next`/`previous`,
 * entity lists without `properties`, 403s in HTML and DRF shape, revisions without `params`,
 * apps with only `id` and `name`, hostile names, held answers, 429, 500 HTML, vanished records.
 */
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {createClient, type ClientOptions} from '../../source/api/index.js';
import {createResourceApi} from '../../source/services.js';
import {Browser, type BrowserProps} from '../../source/ui/screens/browser.js';
import {makeTheme} from '../../source/ui/theme.js';
import {createManualClock} from '../clock.js';
import {KEYS, press, settle, type, waitForFrame} from '../helpers.js';
import {startConformServer, type ConformServer} from '../support/conform-server.js';
import {setUpConformServers} from '../support/conform-servers.js';
import {
	loadedFrame,
	messageOf,
	OPEN_DETAIL,
	safeFrame,
	selectedLine,
} from '../ui/browser-harness.js';

const serverOf = setUpConformServers({
	cap7: {pageCap: 7},
	cap1: {pageCap: 1, workspaces: 11},
	uuid: {pageCap: 7, ids: 'uuid'},
});

afterEach(() => {
	cleanup();
});

function renderAgainst(
	server: ConformServer,
	{
		client = {maxAttempts: 1},
		props = {},
	}: {client?: Omit<ClientOptions, 'baseUrl' | 'token'>; props?: Partial<BrowserProps>} = {},
) {
	const apiClient = createClient({baseUrl: server.baseUrl, token: server.token, ...client});
	const allProps: BrowserProps = {
		api: createResourceApi(apiClient),
		host: apiClient.host,
		width: 80,
		height: 25,
		isActive: true,
		theme: makeTheme(false),
		onOpenProfiles() {},
		onQuit() {},
		...props,
	};
	return render(<Browser {...allProps} />);
}

function breadcrumb(frame: string): string {
	return frame.split('\n')[0] ?? '';
}

/** Every request the browser sent so far, as `path?offset`. */
function lists(server: ConformServer): string[] {
	return server.listRequests().map((entry) => `${entry.path}?${entry.query['offset']}`);
}

async function jumpTo(stdin: {write: (data: string) => void}, position: number) {
	await type(stdin, String(position));
	await press(stdin, KEYS.enter);
}

describe.each(['cap7', 'uuid', 'cap1'] as const)('against the %s server', (variant) => {
	it('walks workspaces → entities → children → back → back with N of COUNT right at every level', async () => {
		const server = serverOf(variant);
		const total = server.workspaces.length;
		const {lastFrame, stdin} = renderAgainst(server);
		let frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${total}`));
		expect(selectedLine(frame)).toContain('Site 1');
		// Holding j through short pages: every position exists and is counted.
		await press(stdin, 'jjjjjjjjj');
		frame = await loadedFrame(lastFrame, (text) => text.includes(`10 of ${total}`));
		expect(selectedLine(frame)).toContain('Site 10');
		await press(stdin, 'G');
		frame = await loadedFrame(lastFrame, (text) => text.includes(`${total} of ${total}`));
		expect(selectedLine(frame)).toContain(`Site ${total}`);
		safeFrame(lastFrame);
		await press(stdin, 'g');
		frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${total}`));
		expect(selectedLine(frame)).toContain('Site 1');
		await press(stdin, KEYS.enter);
		const entities = server.workspaces[0]!.entities;
		frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${entities.length}`));
		expect(breadcrumb(frame)).toMatch(/^Workspaces › Site 1 › Entities$/);
		await press(stdin, 'G');
		frame = await loadedFrame(lastFrame, (text) =>
			text.includes(`${entities.length} of ${entities.length}`),
		);
		expect(selectedLine(frame)).toContain(`Entity 1.${entities.length}`);
		await press(stdin, 'g');
		await loadedFrame(lastFrame, (text) => text.includes(`1 of ${entities.length}`));
		await press(stdin, KEYS.enter);
		const children = entities[0]!.children;
		frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${children.length}`));
		expect(breadcrumb(frame)).toContain('› Children');
		await press(stdin, 'jjj');
		frame = await loadedFrame(lastFrame, (text) => text.includes(`4 of ${children.length}`));
		expect(selectedLine(frame)).toContain('Child 1.4');
		const before = lists(server).length;
		await press(stdin, KEYS.escape);
		await settle();
		frame = await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Entities'));
		expect(frame).toContain(`1 of ${entities.length}`);
		await press(stdin, KEYS.escape);
		await settle();
		frame = await loadedFrame(lastFrame, (text) => breadcrumb(text) === 'Workspaces');
		expect(frame).toContain(`1 of ${total}`);
		expect(lists(server).length).toBe(before);
		safeFrame(lastFrame);
	});
});

describe('what another server does differently', () => {
	it('shows hostile names in rows, breadcrumbs and the detail without a control character', async () => {
		const server = serverOf('cap7');
		const {lastFrame, stdin} = renderAgainst(server, {props: {width: 120, height: 30}});
		await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		for (let position = 2; position <= 6; position++) {
			await press(stdin, 'j');
			const frame = await loadedFrame(lastFrame, (text) => text.includes(`${position} of 23`));
			safeFrame(lastFrame, {width: 120, height: 30});
			expect(frame).not.toContain('\u202E');
			await press(stdin, KEYS.enter);
			const inside = await loadedFrame(lastFrame, (text) =>
				breadcrumb(text).endsWith('› Entities'),
			);
			expect(inside).toContain('1 of 3');
			safeFrame(lastFrame, {width: 120, height: 30});
			// The bidi-named entity as a breadcrumb, a level deeper.
			await press(stdin, 'jj', KEYS.enter);
			await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Children'));
			expect(breadcrumb(lastFrame() ?? '')).toContain('Invoice');
			safeFrame(lastFrame, {width: 120, height: 30});
			await press(stdin, KEYS.escape);
			await settle();
			await press(stdin, KEYS.escape);
			await settle();
			await loadedFrame(lastFrame, (text) => breadcrumb(text) === 'Workspaces');
		}
	});

	it('loads an entity’s properties in the detail although the list leaves them out', async () => {
		const server = serverOf('cap7');
		const {lastFrame, stdin} = renderAgainst(server, {props: {width: 120, height: 30}});
		await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		await press(stdin, KEYS.enter);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 16'));
		await press(stdin, 'j', OPEN_DETAIL);
		const frame = await loadedFrame(
			lastFrame,
			(text) => text.includes('properties') && text.includes('layers'),
		);
		expect(frame).toContain('Red alert tower');
		safeFrame(lastFrame, {width: 120, height: 30});
	});

	it.each([7, 8])(
		'says the app has no entity tree when children answer 403 (workspace %i)',
		async (index) => {
			const server = serverOf('cap7');
			const {lastFrame, stdin} = renderAgainst(server);
			await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
			await jumpTo(stdin, index + 1);
			await loadedFrame(lastFrame, (text) => text.includes(`${index + 1} of 23`));
			await press(stdin, KEYS.enter);
			await loadedFrame(lastFrame, (text) => text.includes('1 of 3'));
			await press(stdin, KEYS.enter);
			const frame = await loadedFrame(lastFrame, (text) => text.includes('no entity tree'));
			expect(frame).not.toMatch(/<html|<h1|Forbidden<|Specified path/);
			safeFrame(lastFrame);
			await press(stdin, KEYS.escape);
			await settle();
			await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Entities'));
		},
	);

	it('opens revisions with H and diffs them although some have no params or null params', async () => {
		const server = serverOf('cap7');
		const revisions = server.workspaces[0]!.entities[0]!.revisions;
		const {lastFrame, stdin} = renderAgainst(server);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		await press(stdin, KEYS.enter);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 16'));
		await press(stdin, 'H');
		let frame = await loadedFrame(lastFrame, (text) => text.includes(`1 of ${revisions.length}`));
		expect(frame).toContain(`#${String(revisions[0]!['id'])}`);
		await press(stdin, 'G');
		await loadedFrame(lastFrame, (text) =>
			text.includes(`${revisions.length} of ${revisions.length}`),
		);
		await press(stdin, 'g');
		await loadedFrame(lastFrame, (text) => text.includes(`1 of ${revisions.length}`));
		for (let position = 1; position <= 4; position++) {
			await press(stdin, 'd');
			frame = safeFrame(lastFrame);
			expect(frame).toContain(`+++ revision ${String(revisions[position - 1]!['id'])}`);
			expect(frame).toContain(`--- revision ${String(revisions[position]!['id'])}`);
			// A revision the server sent without `params` is said to be so, not shown as emptied.
			const without = [revisions[position - 1]!, revisions[position]!].filter(
				(revision) => !('params' in revision),
			);
			if (without.length > 0) expect(frame).toContain('no params sent');
			else expect(frame).not.toContain('no params sent');
			await press(stdin, KEYS.escape);
			await settle();
			await press(stdin, 'j');
		}
	});

	it('lists the apps with only ids and names, after :apps, and opens one', async () => {
		const server = serverOf('uuid');
		const {lastFrame, stdin} = renderAgainst(server);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		await press(stdin, ':apps\r');
		await loadedFrame(lastFrame, (text) => breadcrumb(text) === 'Apps' && text.includes('1 of 12'));
		await press(stdin, 'G');
		let frame = await loadedFrame(lastFrame, (text) => text.includes('12 of 12'));
		expect(selectedLine(frame)).toContain('app-12');
		await press(stdin, 'g', 'jjjj', OPEN_DETAIL);
		frame = await loadedFrame(lastFrame, (text) =>
			text.includes(`id: ${String(server.apps[4]!['id'])}`),
		);
		expect(frame).toContain('Red alert tower');
		safeFrame(lastFrame);
	});
});

describe('faults of another server', () => {
	it('says a record vanished between the list and its detail, and the list goes on', async () => {
		const server = await startConformServer({pageCap: 7});
		try {
			const {lastFrame, stdin} = renderAgainst(server);
			await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
			const gone = server.workspaces[0]!;
			server.removeWorkspace(0);
			await press(stdin, OPEN_DETAIL);
			// `HTTP 404`, not a bare 404: the port in the status line can hold those digits.
			const frame = await loadedFrame(lastFrame, (text) =>
				/not found|no longer|HTTP 404|has nothing at/i.test(text),
			);
			expect(frame).toContain('(HTTP 404)');
			safeFrame(lastFrame);
			await press(stdin, KEYS.escape);
			await settle();
			// Drilling into it: the entities of a workspace that is gone.
			await press(stdin, KEYS.enter);
			await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Entities'));
			await loadedFrame(lastFrame, (text) =>
				/not found|no longer|HTTP 404|has nothing at/i.test(text),
			);
			safeFrame(lastFrame);
			expect(String(gone.id)).not.toBe('');
		} finally {
			await server.close();
		}
	});

	it('follows a count that grows and shrinks between requests: G reaches the real last record', async () => {
		const server = await startConformServer({pageCap: 7});
		try {
			const {lastFrame, stdin} = renderAgainst(server);
			await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
			server.appendWorkspace('Added one');
			server.appendWorkspace('Added two');
			await press(stdin, 'r');
			await loadedFrame(lastFrame, (text) => text.includes('1 of 25'));
			await press(stdin, 'G');
			let frame = await loadedFrame(lastFrame, (text) => text.includes('25 of 25'));
			expect(selectedLine(frame)).toContain('Added two');
			for (let index = 0; index < 5; index++) server.removeWorkspace(0);
			await press(stdin, 'r');
			frame = await loadedFrame(lastFrame, (text) => text.includes('20 of 20'));
			expect(selectedLine(frame)).toContain('Added two');
			safeFrame(lastFrame);
		} finally {
			await server.close();
		}
	});

	it('waits out a 429 with Retry-After on the injected clock, then shows the page', async () => {
		const server = serverOf('cap7');
		const clock = createManualClock();
		const limited = server.fault({
			path: /^\/api\/workspaces\/$/,
			status: 429,
			body: '{"detail":"Request was throttled. Expected available in 7 seconds."}',
			headers: {'retry-after': '7'},
			times: 1,
		});
		const {lastFrame} = renderAgainst(server, {client: {maxAttempts: 3, clock}});
		await waitForFrame(lastFrame, () => limited.hits() === 1 && clock.pending().includes(7000));
		expect(lastFrame()).not.toContain('1 of 23');
		clock.advance(7000);
		const frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		expect(selectedLine(frame)).toContain('Site 1');
	});

	it('shows a proxy’s 500 HTML as one clean line and loads on r', async () => {
		const server = serverOf('cap7');
		server.fault({
			path: /^\/api\/workspaces\/$/,
			status: 500,
			contentType: 'text/html',
			body: '<html><body><h1>500 Internal Server Error</h1>\u001B[2J<hr>nginx</body></html>',
			times: 1,
		});
		const {lastFrame, stdin} = renderAgainst(server);
		let frame = await waitForFrame(lastFrame, (text) => /500|server/i.test(messageOf(text)));
		expect(frame).not.toMatch(/<html|<h1|<hr/);
		safeFrame(lastFrame);
		await press(stdin, 'r');
		frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		expect(frame).not.toMatch(/500/);
	});

	it('keeps a slow answer from a level the user left off the screen', async () => {
		const server = serverOf('cap7');
		const {lastFrame, stdin} = renderAgainst(server);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		const slow = server.fault({path: /\/entities\/$/, hold: true});
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, () => slow.hits() >= 1);
		expect(lastFrame()).toMatch(/Loading entities|loading/);
		// Keys while the level loads, then back before it arrives.
		await press(stdin, 'jjj', 'j');
		await press(stdin, KEYS.escape);
		await settle();
		await loadedFrame(lastFrame, (text) => breadcrumb(text) === 'Workspaces');
		slow.release();
		await settle();
		const frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
		expect(breadcrumb(frame)).toBe('Workspaces');
		expect(selectedLine(frame)).toContain('Site 1');
	});

	it('lands on the right record when j arrives while a short page is still loading', async () => {
		const server = serverOf('cap1');
		const {lastFrame, stdin} = renderAgainst(server);
		await loadedFrame(lastFrame, (text) => text.includes('1 of 11'));
		await press(stdin, 'j', 'j', 'j', 'j');
		await press(stdin, 'jjjj');
		const frame = await loadedFrame(lastFrame, (text) => text.includes('9 of 11'));
		expect(selectedLine(frame)).toContain('Site 9');
		// Back and forth across pages of one record each, and the last with End.
		await press(stdin, KEYS.end);
		await loadedFrame(lastFrame, (text) => text.includes('11 of 11'));
		await press(stdin, 'kkkkkkkkkk');
		await loadedFrame(lastFrame, (text) => text.includes('1 of 11'));
	});
});

describe('a server that ignores limit', () => {
	it('shows each record at its own position when pages hold more than the screen asked', async () => {
		const server = await startConformServer({pageCap: 7, ignoreLimit: true});
		try {
			const {lastFrame, stdin} = renderAgainst(server, {props: {height: 10}});
			await loadedFrame(lastFrame, (text) => text.includes('1 of 23'));
			for (let position = 2; position <= 23; position++) {
				await press(stdin, 'j');
				const frame = await loadedFrame(lastFrame, (text) => text.includes(`${position} of 23`));
				const name = server.workspaces[position - 1]!.name;
				if (name.startsWith('Site')) expect(selectedLine(frame)).toMatch(new RegExp(`${name}\\s`));
				safeFrame(lastFrame, {width: 80, height: 10});
			}

			await press(stdin, 'g', 'G');
			await loadedFrame(lastFrame, (text) => text.includes('23 of 23'));
			await press(stdin, KEYS.pageUp, KEYS.pageUp);
			const frame = await loadedFrame(lastFrame, () => true);
			const position = Number(/(\d+) of 23/.exec(frame)?.[1]);
			const name = server.workspaces[position - 1]!.name;
			if (name.startsWith('Site')) expect(selectedLine(frame)).toMatch(new RegExp(`${name}\\s`));
		} finally {
			await server.close();
		}
	});
});

describe('records and answers of odd shape', () => {
	it('keeps going on records without an id, with a non-text name, and on a 200 HTML portal page', async () => {
		const server = serverOf('cap7');
		server.fault({
			path: /^\/api\/workspaces\/$/,
			status: 200,
			body: JSON.stringify({
				count: 3,
				results: [
					{name: 'No id here'},
					{id: null, name: {first: 'object'}},
					{id: 'a/b ../c', name: 42},
				],
			}),
		});
		const {lastFrame, stdin} = renderAgainst(server);
		let frame = await loadedFrame(lastFrame, (text) => text.includes('1 of 3'));
		expect(frame).toContain('No id here');
		expect(frame).toMatch(/\(unnamed\)\s/);
		await press(stdin, KEYS.enter);
		frame = safeFrame(lastFrame);
		expect(breadcrumb(frame)).toBe('Workspaces');
		expect(messageOf(frame)).toMatch(/id/i);
		await press(stdin, 'jj', KEYS.enter);
		await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Entities'));
		// The path carries the id encoded as one segment.
		await waitForFrame(lastFrame, () =>
			server.requests.some((entry) => entry.path === '/api/workspaces/a%2Fb%20..%2Fc/entities/'),
		);
		safeFrame(lastFrame);
		server.clearFaults();
		server.fault({
			path: /^\/api\/workspaces\/$/,
			status: 200,
			contentType: 'text/html',
			body: '<html><body>Sign in to the hotel Wi-Fi</body></html>',
		});
		await press(stdin, KEYS.escape);
		await settle();
		await press(stdin, 'r');
		frame = await waitForFrame(lastFrame, (text) =>
			/non-JSON|not an object/i.test(messageOf(text)),
		);
		expect(frame).not.toContain('<html');
		safeFrame(lastFrame);
	});
});

describe('going back', () => {
	it.each(['cap1', 'uuid'] as const)(
		'restores a deep position on the %s server without a new request, also through an empty level',
		async (variant) => {
			const server = serverOf(variant);
			const total = server.workspaces.length;
			const {lastFrame, stdin} = renderAgainst(server);
			await loadedFrame(lastFrame, (text) => text.includes(`1 of ${total}`));
			await jumpTo(stdin, 10);
			let frame = await loadedFrame(lastFrame, (text) => text.includes(`10 of ${total}`));
			const selected = selectedLine(frame);
			expect(selected).toContain('Site 10');
			await press(stdin, KEYS.enter);
			await loadedFrame(lastFrame, (text) => text.includes('1 of 3'));
			await press(stdin, 'jj');
			frame = await loadedFrame(lastFrame, (text) => text.includes('3 of 3'));
			const entity = selectedLine(frame);
			await press(stdin, KEYS.enter);
			frame = await loadedFrame(lastFrame, (text) => text.includes('No child entities'));
			expect(frame).toContain('0 of 0');
			const before = server.listRequests().length;
			await press(stdin, KEYS.escape);
			await settle();
			frame = await loadedFrame(lastFrame, (text) => text.includes('3 of 3'));
			expect(selectedLine(frame)).toBe(entity);
			await press(stdin, KEYS.backspace);
			await settle();
			frame = await loadedFrame(lastFrame, (text) => text.includes(`10 of ${total}`));
			expect(selectedLine(frame)).toBe(selected);
			expect(server.listRequests().length).toBe(before);
		},
	);
});

describe('keys in one chunk', () => {
	it.each([
		['one write', ['jk\r'], 'Site 1'],
		['two writes', ['jk', '\r'], 'Site 1'],
		['one write after nine moves', ['jjjjjjjjj\r'], 'Site 10'],
		['single keys', ['j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', '\r'], 'Site 10'],
	])(
		'drills into the selected record when moves and Enter arrive in %s',
		async (_name, writes, name) => {
			const server = serverOf('cap7');
			const {lastFrame, stdin} = renderAgainst(server);
			await loadedFrame(lastFrame, (text) => text.includes('1 of 23') && text.includes('Site 21'));
			await press(stdin, ...writes);
			const frame = await loadedFrame(lastFrame, (text) => breadcrumb(text).endsWith('› Entities'));
			expect(breadcrumb(frame)).toBe(`Workspaces › ${name} › Entities`);
		},
	);
});
