import {cleanup} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {JsonObject} from '../../source/api/types.js';
import {
	demoHostileKind,
	demoWorkspaceId,
	type DemoFault,
	type DemoServer,
} from '../../source/demo/index.js';
import type {BrowserProps} from '../../source/ui/screens/browser.js';
import {formatCount} from '../../source/ui/text.js';
import {frameWhere, KEYS, press} from '../helpers.js';
import {
	loadedFrame as loadedLastFrame,
	messageOf,
	renderDemoBrowser,
	safeFrame as safeLastFrame,
	setUpDemoServer,
	type RenderedBrowser,
	OPEN_DETAIL,
} from './browser-harness.js';

const baseOptions = {count: 60, pageCap: 100, latencyMs: 0, hostile: false};

let server: DemoServer;
let consoleError: ReturnType<typeof vi.spyOn>;

setUpDemoServer(baseOptions, (started) => {
	server = started;
});

beforeEach(() => {
	consoleError = vi.spyOn(console, 'error');
});

afterEach(() => {
	cleanup();
	// React reports a render error or a key clash here before anything else shows it.
	expect(consoleError).not.toHaveBeenCalled();
	consoleError.mockRestore();
});

function renderBrowser(overrides: Partial<BrowserProps> = {}) {
	return renderDemoBrowser(server, {
		client: {timeoutMs: 2000, retryBaseDelayMs: 20, maxAttempts: 3},
		props: overrides,
	});
}

/** The frame, checked for what must never happen: Ink's error overlay, control characters, overflow. */
function safeFrame({lastFrame, width}: RenderedBrowser): string {
	return safeLastFrame(lastFrame, {width});
}

/** Waits until the rows and any full record on screen are loaded, and checks the frame. */
async function loadedFrame(
	rendered: RenderedBrowser,
	predicate: (frame: string) => boolean = () => true,
): Promise<string> {
	await loadedLastFrame(
		rendered.lastFrame,
		(frame) => !frame.includes('Loading the full record') && predicate(frame),
		5000,
	);
	return safeFrame(rendered);
}

/** Proves the keyboard still answers: help opens and closes. */
async function expectResponsive(rendered: RenderedBrowser): Promise<void> {
	await press(rendered.stdin, '?');
	expect(safeFrame(rendered)).toContain('Next page');
	await press(rendered.stdin, KEYS.escape);
	await frameWhere(rendered.lastFrame, (frame) => !frame.includes('Next page'));
}

/** Serves `records` as the only page of the list, whatever is asked. */
function serveList(records: unknown[], count = records.length): void {
	server.addFault({fault: {type: 'wrong-shape', body: {count, results: records}}, match: 'list'});
}

/** Serves `record` as the answer to every detail request. */
function serveDetail(record: unknown): void {
	server.addFault({fault: {type: 'wrong-shape', body: record}, match: 'detail'});
}

/** Opens the detail of the selected record and waits until the full record is shown. */
async function openDetail(rendered: RenderedBrowser, expected: string): Promise<string> {
	await press(rendered.stdin, OPEN_DETAIL);
	return loadedFrame(rendered, (frame) => frame.includes(expected));
}

const escapes = [
	'\u001B]0;owned\u0007',
	'\u001B]8;;https://evil.example\u001B\\link\u001B]8;;\u001B\\',
	'\u001B[2J\u001B[H',
	'\u001B[31m',
	'\u009B31m',
	'\u001BP+q\u001B\\',
	'\r\n\t\u0000\u0007\u0008\u007F\u0085',
	'\u202E',
].join('');

/** A record with control characters and escape sequences in every key and every value. */
function escapedRecord(id: number): JsonObject {
	return {
		id,
		name: `${escapes}Escaped name${escapes}`,
		slug: `slug${escapes}`,
		description: `line one${escapes}\nline two${escapes}`,
		visibility: `INTERNAL${escapes}`,
		updated_at: `2024-06-12${escapes}`,
		app: {id: 1, name: `app${escapes}`},
		labels: [{name: `label${escapes}`, color: `\u009D0;x\u009C${escapes}`}],
		[`key${escapes}`]: `value${escapes}`,
		[escapes]: [escapes, {[escapes]: escapes}],
	};
}

describe('hostile data from the demo server', () => {
	it('shows a record of every hostile kind in the list and the detail without a control character on screen', async () => {
		server.setOptions({hostile: true, count: 50});
		const firstOfKind = new Map<string, number>();
		for (let index = 0; index < 50; index++) {
			const kind = demoHostileKind(index);
			if (kind !== undefined && !firstOfKind.has(kind)) firstOfKind.set(kind, index);
		}

		expect(firstOfKind.size).toBe(14);
		const rendered = renderBrowser();
		await loadedFrame(rendered, (frame) => frame.includes('1 of 50'));
		for (const [kind, index] of firstOfKind) {
			await press(rendered.stdin, ':', String(index + 1), KEYS.enter);
			await loadedFrame(rendered, (frame) => frame.includes(`${index + 1} of 50`));
			await press(rendered.stdin, OPEN_DETAIL);
			await loadedFrame(rendered, (frame) => frame.includes('raw JSON'));
			await press(rendered.stdin, KEYS.end);
			safeFrame(rendered);
			if (kind === 'huge-description' || kind === 'deep-nesting') {
				await press(rendered.stdin, 'v');
				safeFrame(rendered);
				await press(rendered.stdin, KEYS.end);
				safeFrame(rendered);
				await press(rendered.stdin, 'v');
			}

			await press(rendered.stdin, KEYS.escape);
			await frameWhere(rendered.lastFrame, (frame) => frame.includes('Updated'));
			safeFrame(rendered);
		}

		expect(server.stats().detailRequests).toBe(14);
		await expectResponsive(rendered);
	});

	it('puts no control character on screen from escapes in every key and value, in fields and raw JSON', async () => {
		serveList([escapedRecord(1), escapedRecord(2)]);
		serveDetail(escapedRecord(1));
		const rendered = renderBrowser({width: 120});
		const list = await loadedFrame(rendered, (frame) => frame.includes('1 of 2'));
		expect(list).toContain('Escaped name');
		expect(list).toContain('INTERNAL');
		const fields = await openDetail(rendered, 'description:');
		expect(fields).toContain('line two');
		await press(rendered.stdin, KEYS.end);
		expect(safeFrame(rendered)).toContain('keylink');
		await press(rendered.stdin, 'v');
		expect(safeFrame(rendered)).toContain('(raw JSON)');
		await press(rendered.stdin, KEYS.end);
		safeFrame(rendered);
		await expectResponsive(rendered);
	});
});

type ShapeCase = {name: string; body: unknown; says: string};

const record = (index: number): JsonObject => ({id: demoWorkspaceId(index), name: `Good ${index}`});

const shapes: ShapeCase[] = [
	{
		name: '`results` that is not a list',
		body: {count: 2, results: {0: record(0), 1: record(1)}},
		says: 'sent a page whose `results` is not a list but an object',
	},
	{
		name: '`results` missing',
		body: {count: 2},
		says: 'sent a page whose `results` is missing',
	},
	{
		name: '`count` missing',
		body: {results: [record(0)]},
		says: 'sent a page whose `count` is missing',
	},
	{
		name: 'a negative `count`',
		body: {count: -5, results: [record(0)]},
		says: 'sent a page whose `count` is not a non-negative integer but the number -5',
	},
	{
		name: '`count` as a string',
		body: {count: '300', results: [record(0)]},
		says: 'sent a page whose `count` is not a non-negative integer but a string: "300"',
	},
	{
		name: 'records that are not objects',
		body: {count: 2, results: [record(0), 'two']},
		says: 'sent a page whose `results[1]` is not an object but a string: "two"',
	},
	{
		name: 'a bare list',
		body: [record(0), record(1)],
		says: 'sent a page that is not an object but a list',
	},
	{
		name: 'JSON null',
		body: null,
		says: 'answered with JSON that is neither an object nor a list',
	},
];

const brokenBodies: Array<{name: string; fault: DemoFault; says: string}> = [
	{name: 'malformed JSON', fault: {type: 'malformed-json'}, says: 'answered with malformed JSON'},
	{
		name: 'an HTML sign-in page with status 200',
		fault: {type: 'html'},
		says: 'answered with a non-JSON page for /api/workspaces/ (HTTP 200)',
	},
	{
		name: 'an HTML error page from a proxy',
		fault: {type: 'status', status: 502, body: 'html'},
		says: 'answered with a non-JSON page (HTTP 502)',
	},
];

describe('broken answers', () => {
	it.each([
		...shapes.map(({name, body, says}) => ({
			name,
			fault: {type: 'wrong-shape', body} as DemoFault,
			says,
		})),
		...brokenBodies,
	])(
		'says what is wrong with a list answer with $name, keeps the keys working, and recovers',
		async ({fault, says}) => {
			server.addFault({fault, match: 'list'});
			const rendered = renderBrowser({width: 200});
			const frame = await frameWhere(rendered.lastFrame, (text) => text.includes('r to retry'));
			expect(messageOf(frame)).toContain(says);
			expect(frame).toContain('Could not load workspaces.');
			expect(frame).toContain('0 of ?');
			safeFrame(rendered);
			await expectResponsive(rendered);
			server.clearFaults();
			await press(rendered.stdin, 'r');
			await loadedFrame(rendered, (text) => text.includes('1 of 60'));
		},
	);

	it('says what is wrong with a detail answer that is not an object, and keeps the list copy', async () => {
		server.addFault({fault: {type: 'wrong-shape', body: ['not', 'a', 'record']}, match: 'detail'});
		const rendered = renderBrowser();
		await loadedFrame(rendered, (frame) => frame.includes('1 of 60'));
		await press(rendered.stdin, OPEN_DETAIL);
		const frame = await frameWhere(rendered.lastFrame, (text) =>
			text.includes('a workspace that is not an object but a list'),
		);
		expect(frame).toContain('visibility:');
		safeFrame(rendered);
		await expectResponsive(rendered);
	});
});

describe('odd records', () => {
	it('shows a record without an id in the list and its list data in the detail, without asking the server', async () => {
		serveList([
			{name: 'No id at all', description: 'kept from the list'},
			{id: '', name: 'An empty id'},
			{id: {nested: true}, name: 'An object as id'},
			record(3),
		]);
		const rendered = renderBrowser();
		const list = await loadedFrame(rendered, (frame) => frame.includes('1 of 4'));
		expect(list).toContain('No id at all');
		expect(list).toContain('An object as id');
		for (let index = 0; index < 3; index++) {
			const detail = await openDetail(rendered, 'has no id');
			expect(detail).toContain('name:');
			await press(rendered.stdin, KEYS.escape);
			await frameWhere(rendered.lastFrame, (frame) => frame.includes('Updated'));
			await press(rendered.stdin, KEYS.down);
		}

		expect(server.stats().detailRequests).toBe(0);
		await openDetail(rendered, 'created_at:');
		expect(server.stats().detailRequests).toBe(1);
		await expectResponsive(rendered);
	});

	it('moves through pages that repeat the same ids, and opens and refreshes a duplicate', async () => {
		const ids = Array.from({length: 21}, (_, index) => demoWorkspaceId(index));
		const page = (label: string) => ({
			count: 42,
			results: ids.map((id, index) => ({id, name: `${label} ${index}`})),
		});
		server.addFault({fault: {type: 'wrong-shape', body: page('First')}, times: 1, match: 'list'});
		server.addFault({fault: {type: 'wrong-shape', body: page('Second')}, times: 1, match: 'list'});
		const rendered = renderBrowser();
		await loadedFrame(rendered, (frame) => frame.includes('1 of 42') && frame.includes('First 0'));
		await press(rendered.stdin, KEYS.pageDown);
		const second = await loadedFrame(rendered, (frame) => frame.includes('Second 0'));
		expect(second).toContain('22 of 42');
		await openDetail(rendered, 'created_at:');
		await press(rendered.stdin, KEYS.escape);
		await frameWhere(rendered.lastFrame, (frame) => frame.includes('Updated'));
		await press(rendered.stdin, 'r');
		const refreshed = await loadedFrame(
			rendered,
			(frame) => !frame.includes('stale') && frame.includes('list changed'),
		);
		expect(refreshed).toMatch(/\d+ of 60/);
		await expectResponsive(rendered);
	});
});

describe('huge records', () => {
	it('caps a 5 MB description with a marker and stays responsive while scrolling it', async () => {
		const length = 5 * 1024 * 1024;
		const huge = {
			...record(0),
			name: 'Huge description',
			description: 'abcdefghij'.repeat(length / 10),
		};
		serveList([huge]);
		serveDetail(huge);
		const rendered = renderBrowser();
		await loadedFrame(rendered, (frame) => frame.includes('Huge description'));
		const top = await openDetail(rendered, 'description:');
		await press(rendered.stdin, KEYS.pageDown);
		const down = safeFrame(rendered);
		expect(down).not.toBe(top);
		await press(rendered.stdin, KEYS.end);
		expect(safeFrame(rendered)).toContain(`… ${formatCount(length - 2000)} more characters`);
		await press(rendered.stdin, KEYS.up, KEYS.up);
		expect(safeFrame(rendered)).not.toContain('more characters');
		await press(rendered.stdin, KEYS.home);
		expect(safeFrame(rendered)).toBe(top);
		await press(rendered.stdin, 'v');
		await press(rendered.stdin, KEYS.end);
		// Raw JSON keeps the string on one line, capped further out: the marker is at its end.
		expect(safeFrame(rendered)).not.toContain('more characters');
		await press(rendered.stdin, KEYS.right.repeat(300));
		expect(safeFrame(rendered)).toContain(`… ${formatCount(length - 10_000)} more characters"`);
		await expectResponsive(rendered);
	});

	it('shows a record with 10,000 fields, scrolls it page by page and to the end', async () => {
		const wide: JsonObject = {...record(0), name: 'Ten thousand fields'};
		for (let index = 0; index < 10_000; index++) wide[`field_${index}`] = `value ${index}`;
		serveList([wide]);
		serveDetail(wide);
		const rendered = renderBrowser();
		await loadedFrame(rendered, (frame) => frame.includes('Ten thousand fields'));
		let previous = await openDetail(rendered, 'field_0:');
		for (let step = 0; step < 5; step++) {
			await press(rendered.stdin, KEYS.pageDown);
			const frame = safeFrame(rendered);
			expect(frame).not.toBe(previous);
			previous = frame;
		}

		await press(rendered.stdin, KEYS.end);
		const end = safeFrame(rendered);
		expect(end).toContain('… stopped after 10,000 lines');
		await press(rendered.stdin, KEYS.home);
		expect(safeFrame(rendered)).toContain('field_0:');
		await expectResponsive(rendered);
	});

	it('shows nesting 500 levels deep down to a marker, in fields and raw JSON', async () => {
		let nested: unknown = {bottom: 'reached'};
		for (let level = 0; level < 500; level++) nested = {level: nested};
		const deep = {...record(0), name: 'Deep', settings: nested};
		serveList([deep]);
		serveDetail(deep);
		const rendered = renderBrowser();
		await loadedFrame(rendered, (frame) => frame.includes('Deep'));
		await openDetail(rendered, 'settings:');
		await press(rendered.stdin, KEYS.end);
		expect(safeFrame(rendered)).toContain('nested too deep');
		await press(rendered.stdin, 'v');
		await press(rendered.stdin, KEYS.end);
		expect(safeFrame(rendered)).toContain('nested too deep');
		await expectResponsive(rendered);
	});

	it('fits a 10,000-character name to its column, its title and its field', async () => {
		const name = `Long name ${'x'.repeat(9990)}`;
		serveList([{...record(0), name}, record(1)]);
		serveDetail({...record(0), name});
		const rendered = renderBrowser();
		const list = await loadedFrame(rendered, (frame) => frame.includes('1 of 2'));
		expect(list).toContain('Long name xxx');
		expect(list).toContain('Good 1');
		const detail = await openDetail(rendered, 'name:');
		expect(detail).toContain('Long name xxx');
		await press(rendered.stdin, KEYS.end);
		safeFrame(rendered);
		await press(rendered.stdin, KEYS.home);
		await press(rendered.stdin, KEYS.pageDown);
		expect(safeFrame(rendered)).toContain(`… ${formatCount(name.length - 2000)} more characters`);
		await expectResponsive(rendered);
	});
});
