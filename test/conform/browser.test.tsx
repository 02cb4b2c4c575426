/**
 * The browser against the conform server (test/support/conform-server.ts), a VIKTOR-compatible
 * server that is not the demo: page cap 7 (and 1), large or UUID ids, no `next`/`previous`,
 * entity lists without `properties`, 403s in HTML and DRF shape, revisions without `params`,
 * apps with only `id` and `name`, hostile names, held answers, 429, 500 HTML, vanished records.
 */
import {cleanup, render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient, type ClientOptions} from '../../source/api/index.js';
import {createResourceApi} from '../../source/services.js';
import {Browser, type BrowserProps} from '../../source/ui/screens/browser.js';
import {makeTheme} from '../../source/ui/theme.js';
import {KEYS, press, settle, type} from '../helpers.js';
import {
	startConformServer,
	type ConformOptions,
	type ConformServer,
} from '../support/conform-server.js';
import {
	loadedFrame,
	manualTimers,
	OPEN_DETAIL,
	safeFrame,
	selectedLine,
} from '../ui/browser-harness.js';

const servers = new Map<string, ConformServer>();
const variants: Record<string, ConformOptions> = {
	cap7: {pageCap: 7},
	cap1: {pageCap: 1, workspaces: 11},
	uuid: {pageCap: 7, ids: 'uuid'},
};

beforeAll(async () => {
	for (const [name, options] of Object.entries(variants)) {
		servers.set(name, await startConformServer(options));
	}
});

afterAll(async () => {
	await Promise.all([...servers.values()].map(async (server) => server.close()));
});

afterEach(() => {
	cleanup();
	for (const server of servers.values()) server.clearFaults();
});

function serverOf(name: keyof typeof variants): ConformServer {
	const server = servers.get(name);
	if (server === undefined) throw new Error(`no server ${name}`);
	return server;
}

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
		timers: manualTimers().timers,
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
