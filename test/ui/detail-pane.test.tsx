import chalk from 'chalk';
import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Component, type ReactNode} from 'react';
import type {JsonObject} from '../../source/api/types.js';
import {
	DetailPane,
	recordToLines,
	type DetailLine,
} from '../../source/ui/components/detail-pane.js';
import {detailReducer, initialDetailState} from '../../source/ui/components/use-detail-state.js';
import type {Intent} from '../../source/ui/keymap.js';
import {displayWidth} from '../../source/ui/text.js';
import {makeTheme, ThemeProvider, useTheme, type Theme} from '../../source/ui/theme.js';
import {KEYS, press} from '../helpers.js';

afterEach(() => {
	cleanup();
});

const theme = makeTheme(true);

const workspace: JsonObject = {
	id: 2515,
	name: 'Foundation design',
	slug: null,
	description: 'Pile foundation checks',
	is_archived: false,
	app: {id: 42, name: 'foundation-app'},
	labels: [{id: 3, name: 'Geo'}],
	tags: [],
	settings: {},
	x_unknown_field: 'kept',
};

/** A pane showing `record` as loaded, 50 × 14. */
function loadedPane(record: JsonObject, paneTheme: Theme = theme) {
	return (
		<DetailPane record={record} status="loaded" width={50} height={14} isActive theme={paneTheme} />
	);
}

function show(line: DetailLine): string {
	return ' '.repeat(line.indent) + (line.key === undefined ? '' : `${line.key}: `) + line.text;
}

function nested(depth: number): JsonObject {
	let value: JsonObject = {leaf: 'bottom'};
	for (let level = 0; level < depth; level++) value = {level, child: value};
	return value;
}

function manyFields(count: number): JsonObject {
	return Object.fromEntries(
		Array.from({length: count}, (_unused, index) => [`field_${index}`, index]),
	);
}

// eslint-disable-next-line no-control-regex -- the test looks for control characters
const terminalControl = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const hostile: JsonObject = {
	name: 'evil\u001B]0;owned\u0007',
	description: 'line one\u001B[2J\r\nline two\u009B31m\u202Etxt.exe',
	['key\u001B[31m']: 'value\u001Bc',
	nested: {deeper: ['\u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\']},
};

describe('recordToLines', () => {
	it('shows every field in source order, nested values indented and unknown fields kept', () => {
		const lines = recordToLines(workspace, {width: 80, raw: false}).map(show);
		expect(lines).toEqual([
			'id: 2515',
			'name: Foundation design',
			'slug: null',
			'description: Pile foundation checks',
			'is_archived: false',
			'app: ',
			'  id: 42',
			'  name: foundation-app',
			'labels: (1 item)',
			'  [0]: ',
			'    id: 3',
			'    name: Geo',
			'tags: []',
			'settings: {}',
			'x_unknown_field: kept',
		]);
	});

	it('dims markers such as null and empty containers', () => {
		const lines = recordToLines({a: null, b: [], c: 'text'}, {width: 80, raw: false});
		expect(lines.map((line) => line.tone)).toEqual(['dim', 'dim', 'value']);
	});

	it('wraps long and multi-line strings within the width', () => {
		const description = 'word '.repeat(60) + '\nsecond paragraph';
		const lines = recordToLines({description}, {width: 40, raw: false});
		expect(lines.length).toBeGreaterThan(5);
		expect(lines.at(-1)).toMatchObject({indent: 2, text: 'second paragraph'});
		for (const line of lines) expect(displayWidth(show(line))).toBeLessThanOrEqual(40);
	});

	it('keeps wide characters within the width', () => {
		const lines = recordToLines(
			{名前: '日本語のテキスト'.repeat(20), emoji: '😀'.repeat(50)},
			{width: 30, raw: false},
		);
		for (const line of lines) expect(displayWidth(show(line))).toBeLessThanOrEqual(30);
	});

	it('caps a long value and says how much was left out', () => {
		const lines = recordToLines({description: 'x'.repeat(10_000)}, {width: 80, raw: false});
		expect(lines.at(-1)).toEqual({indent: 2, text: '… 8,000 more characters', tone: 'dim'});
		expect(
			lines
				.slice(0, -1)
				.map((line) => line.text)
				.join(''),
		).toBe('x'.repeat(2000));
	});

	it('sanitizes keys and values so no escape or control reaches the terminal', () => {
		for (const raw of [false, true]) {
			for (const line of recordToLines(hostile, {width: 60, raw})) {
				expect(show(line)).not.toMatch(terminalControl);
			}
		}
	});

	it('pretty-prints raw JSON exactly like JSON.stringify for an ordinary record', () => {
		const lines = recordToLines(workspace, {width: 200, raw: true}).map(show);
		expect(lines.join('\n')).toBe(JSON.stringify(workspace, null, 2));
	});

	it('shows control characters in raw JSON as visible escapes', () => {
		const text = recordToLines({name: 'a\u001B[2Jb'}, {width: 80, raw: true}).map(show).join('\n');
		expect(text).toContain(String.raw`"name": "a\u001b[2Jb"`);
	});

	it('keeps a long string on one line in raw JSON, whatever the width', () => {
		const record = {id: 1, description: 'word '.repeat(100).trim()};
		const lines = recordToLines(record, {width: 40, raw: true}).map(show);
		expect(lines).toEqual(JSON.stringify(record, null, 2).split('\n'));
	});

	it('shows bidi, C1 and C0 characters in raw JSON as escapes instead of dropping them', () => {
		const record = {['k\u202Eey']: 'a\u202Eb\u2066c\u0085d\u009Be\u0007f\u007Fg'};
		const text = recordToLines(record, {width: 80, raw: true}).map(show).join('\n');
		expect(text).toContain(String.raw`"k\u202eey": "a\u202eb\u2066c\u0085d\u009be\u0007f\u007fg"`);
		expect(text).not.toMatch(terminalControl);
		expect(JSON.parse(text)).toEqual(record);
	});

	it('stops at the depth cap with a marker instead of recursing 500 levels', () => {
		for (const raw of [false, true]) {
			const lines = recordToLines(nested(500), {width: 80, raw, maxDepth: 16});
			expect(lines.length).toBeLessThan(100);
			expect(lines.some((line) => line.text.includes('nested too deep'))).toBe(true);
			for (const line of lines) expect(line.indent).toBeLessThanOrEqual(40);
		}
	});

	it('stops at the line cap with a marker', () => {
		const lines = recordToLines(manyFields(10_000), {width: 80, raw: false, maxLines: 100});
		expect(lines).toHaveLength(101);
		expect(lines.at(-1)?.text).toBe('… stopped after 100 lines');
	});

	it('flattens a 5 MB description, 10,000 fields and 500 levels without overflowing', () => {
		const huge: JsonObject = {
			description: 'd'.repeat(5_000_000),
			...manyFields(10_000),
			deep: nested(500),
		};
		const fields = recordToLines(huge, {width: 100, raw: false});
		expect(fields.some((line) => line.text.includes('4,998,000 more characters'))).toBe(true);
		const raw = recordToLines(huge, {width: 100, raw: true});
		expect(raw.some((line) => line.text.includes('4,990,000 more characters"'))).toBe(true);
	});

	it('says when a record has no fields', () => {
		expect(recordToLines({}, {width: 80, raw: false})).toEqual([
			{indent: 0, text: '(no fields)', tone: 'dim'},
		]);
	});
});

describe('detailReducer', () => {
	it('clamps scrolling to the lines there are', () => {
		const source = {};
		let state = detailReducer(initialDetailState, {
			type: 'scroll-by',
			source,
			delta: 5,
			maxOffset: 3,
		});
		expect(state.offset).toBe(3);
		state = detailReducer(state, {type: 'scroll-by', source, delta: -10, maxOffset: 3});
		expect(state.offset).toBe(0);
	});

	it('starts a different record at the top and resets the offset on a raw toggle', () => {
		const first = {};
		const second = {};
		let state = detailReducer(initialDetailState, {
			type: 'scroll-to',
			source: first,
			offset: 7,
			maxOffset: 9,
		});
		state = detailReducer(state, {type: 'scroll-by', source: second, delta: 1, maxOffset: 9});
		expect(state.offset).toBe(1);
		state = detailReducer(state, {type: 'toggle-raw', source: second});
		expect(state).toEqual({source: second, offset: 0, column: 0, raw: true});
	});

	it('scrolls sideways within the columns there are, and starts a new record at the left', () => {
		const first = {};
		let state = detailReducer(initialDetailState, {
			type: 'scroll-sideways',
			source: first,
			delta: 30,
			maxColumn: 20,
		});
		expect(state.column).toBe(20);
		state = detailReducer(state, {type: 'scroll-by', source: first, delta: 2, maxOffset: 9});
		expect(state).toMatchObject({offset: 2, column: 20});
		state = detailReducer(state, {
			type: 'scroll-sideways',
			source: first,
			delta: -50,
			maxColumn: 20,
		});
		expect(state.column).toBe(0);
		state = detailReducer(state, {type: 'scroll-sideways', source: first, delta: 5, maxColumn: 20});
		state = detailReducer(state, {type: 'scroll-sideways', source: {}, delta: 1, maxColumn: 20});
		expect(state).toMatchObject({offset: 0, column: 1});
	});
});

describe('DetailPane', () => {
	it('scrolls with arrows, j/k, PgUp/PgDn and Home/End and shows the position', async () => {
		const {stdin, lastFrame} = render(
			<DetailPane
				record={manyFields(50)}
				status="loaded"
				width={40}
				height={10}
				isActive
				theme={theme}
			/>,
		);
		expect(lastFrame()).toContain('field_0: 0');
		expect(lastFrame()).toContain('lines 1–8 of 50');
		await press(stdin, KEYS.down);
		expect(lastFrame()).toContain('lines 2–9 of 50');
		expect(lastFrame()).not.toContain('field_0: 0');
		await press(stdin, 'j', 'j');
		expect(lastFrame()).toContain('lines 4–11 of 50');
		await press(stdin, 'k');
		expect(lastFrame()).toContain('lines 3–10 of 50');
		await press(stdin, KEYS.pageDown);
		expect(lastFrame()).toContain('lines 11–18 of 50');
		await press(stdin, KEYS.pageUp, KEYS.up);
		expect(lastFrame()).toContain('lines 2–9 of 50');
		await press(stdin, KEYS.end);
		expect(lastFrame()).toContain('lines 43–50 of 50');
		expect(lastFrame()).toContain('field_49: 49');
		await press(stdin, KEYS.down);
		expect(lastFrame()).toContain('lines 43–50 of 50');
		await press(stdin, KEYS.home);
		expect(lastFrame()).toContain('lines 1–8 of 50');
	});

	it('ignores keys while it is not active', async () => {
		const {stdin, lastFrame} = render(
			<DetailPane
				record={manyFields(50)}
				status="loaded"
				width={40}
				height={10}
				isActive={false}
				theme={theme}
			/>,
		);
		await press(stdin, KEYS.down, 'j', 'v');
		expect(lastFrame()).toContain('lines 1–8 of 50');
		expect(lastFrame()).not.toContain('raw JSON)');
	});

	it('toggles between fields and raw JSON with v', async () => {
		const {stdin, lastFrame} = render(
			<DetailPane
				record={workspace}
				status="loaded"
				width={60}
				height={30}
				isActive
				theme={theme}
			/>,
		);
		expect(lastFrame()).toContain('name: Foundation design');
		expect(lastFrame()).toContain('v raw JSON');
		await press(stdin, 'v');
		expect(lastFrame()).toContain('"name": "Foundation design",');
		expect(lastFrame()).toContain('Foundation design (raw JSON)');
		expect(lastFrame()).toContain('v fields');
		await press(stdin, 'v');
		expect(lastFrame()).toContain('name: Foundation design');
	});

	it('scrolls raw JSON sideways with ←/→ and says which columns it shows', async () => {
		const record = {id: 7, name: 'Wide', description: `start ${'x'.repeat(100)} end`};
		const {stdin, lastFrame} = render(
			<DetailPane record={record} status="loaded" width={60} height={12} isActive theme={theme} />,
		);
		await press(stdin, KEYS.right);
		expect(lastFrame()).not.toContain('columns');
		await press(stdin, 'v');
		expect(lastFrame()).toContain(`  "description": "start ${'x'.repeat(36)}\n`);
		expect(lastFrame()).toContain('←/→ columns 1–60 of 129');
		await press(stdin, KEYS.right);
		expect(lastFrame()).toContain('←/→ columns 31–90 of 129');
		await press(stdin, KEYS.right, KEYS.right);
		expect(lastFrame()).toContain('←/→ columns 70–129 of 129');
		expect(lastFrame()).toContain('x end"');
		await press(stdin, KEYS.left, KEYS.left, KEYS.left);
		expect(lastFrame()).toContain('←/→ columns 1–60 of 129');
		await press(stdin, 'v');
		expect(lastFrame()).toContain('description: start');
		expect(lastFrame()).not.toContain('columns');
	});

	it('moves as far for keys that arrive in one chunk as for the same keys one by one', async () => {
		const record = {...manyFields(50), description: 'y'.repeat(300)};
		const props = {record, status: 'loaded', width: 40, height: 10, isActive: true, theme} as const;
		const chunked = render(<DetailPane {...props} />);
		await press(chunked.stdin, 'v');
		await press(chunked.stdin, 'jjj');
		await press(chunked.stdin, KEYS.right + KEYS.right + KEYS.down + KEYS.down);
		const single = render(<DetailPane {...props} />);
		await press(single.stdin, 'v', 'j', 'j', 'j', KEYS.right, KEYS.right, KEYS.down, KEYS.down);
		expect(chunked.lastFrame()).toContain('lines 6–13 of 53');
		expect(chunked.lastFrame()).toContain('columns 41–80');
		expect(single.lastFrame()).toBe(chunked.lastFrame());
	});

	it('shows escapes in raw JSON where the fields view drops the characters', async () => {
		const record = {name: 'Bidi', note: 'txt\u202Eexe.doc\u0085'};
		const {stdin, lastFrame} = render(
			<DetailPane record={record} status="loaded" width={60} height={10} isActive theme={theme} />,
		);
		expect(lastFrame()).toContain('note: txtexe.doc');
		await press(stdin, 'v');
		expect(lastFrame()).toContain(String.raw`"note": "txt\u202eexe.doc\u0085"`);
		expect(lastFrame()).not.toMatch(terminalControl);
	});

	it('lets no escape sequence from a hostile record into the frame', async () => {
		const {stdin, lastFrame} = render(
			<DetailPane record={hostile} status="loaded" width={60} height={20} isActive theme={theme} />,
		);
		expect(lastFrame()).toContain('evil');
		expect(lastFrame()).not.toMatch(terminalControl);
		await press(stdin, 'v');
		expect(lastFrame()).toContain('"name": "evil');
		expect(lastFrame()).not.toMatch(terminalControl);
	});

	it('renders and scrolls a 5 MB, 10,000-field, 500-level record in well under a second', async () => {
		const huge: JsonObject = {
			name: 'n'.repeat(10_000),
			description: 'd'.repeat(5_000_000),
			...manyFields(10_000),
			deep: nested(500),
		};
		const {stdin, lastFrame} = render(
			<DetailPane record={huge} status="loaded" width={100} height={30} isActive theme={theme} />,
		);
		await press(stdin, KEYS.end);
		await press(stdin, 'v');
		expect(lastFrame()).toContain('lines 1–');
		expect(lastFrame()?.split('\n').length).toBeLessThanOrEqual(30);
	});

	it('keeps every row within the pane', () => {
		const {lastFrame} = render(
			<DetailPane
				record={{名前: '日本語'.repeat(40), long_key_name_that_goes_on: 'x'.repeat(300)}}
				status="loaded"
				width={30}
				height={12}
				isActive
				theme={theme}
			/>,
		);
		const rows = lastFrame()?.split('\n') ?? [];
		expect(rows.length).toBeLessThanOrEqual(12);
		for (const row of rows) expect(displayWidth(row)).toBeLessThanOrEqual(30);
	});

	it('shows a loading indicator over the data it already has', () => {
		const {lastFrame} = render(
			<DetailPane
				record={workspace}
				status="loading"
				width={60}
				height={20}
				isActive
				theme={theme}
			/>,
		);
		expect(lastFrame()).toContain('Loading the full record…');
		expect(lastFrame()).toContain('name: Foundation design');
	});

	it('shows an error message in the pane, sanitized', () => {
		const {lastFrame} = render(
			<DetailPane
				record={undefined}
				status="error"
				error={'Workspace 7 was not found on 127.0.0.1:8123.\u001B[2J'}
				width={60}
				height={10}
				isActive
				theme={theme}
			/>,
		);
		expect(lastFrame()).toContain('✖ Workspace 7 was not found on 127.0.0.1:8123.');
		expect(lastFrame()).not.toMatch(terminalControl);
	});

	it('says so when no record is selected', () => {
		const {lastFrame} = render(
			<DetailPane record={undefined} status="idle" width={40} height={6} isActive theme={theme} />,
		);
		expect(lastFrame()).toContain('No record selected.');
	});

	it('uses the title it is given, else the record name', () => {
		const {lastFrame} = render(
			<DetailPane
				record={workspace}
				status="loaded"
				title="Workspace 2515"
				width={40}
				height={6}
				isActive
				theme={theme}
			/>,
		);
		expect(lastFrame()?.split('\n')[0]).toBe('» Workspace 2515');
	});

	it('marks its title » only while it has the keys', () => {
		const {lastFrame} = render(
			<DetailPane
				record={workspace}
				status="loaded"
				width={40}
				height={6}
				isActive={false}
				theme={theme}
			/>,
		);
		expect(lastFrame()?.split('\n')[0]).toBe('Foundation design');
	});

	it('passes the keys it does not handle to onIntent', async () => {
		const intents: Intent[] = [];
		const {stdin} = render(
			<DetailPane
				record={workspace}
				status="loaded"
				width={40}
				height={10}
				isActive
				theme={theme}
				onIntent={(intent) => intents.push(intent)}
			/>,
		);
		await press(stdin, KEYS.escape, KEYS.tab, 'q', 'j');
		expect(intents).toEqual(['back', 'focus-next', 'quit']);
	});

	it('returns to the top when it is given another record', async () => {
		const {stdin, lastFrame, rerender} = render(
			<DetailPane
				record={manyFields(50)}
				status="loaded"
				width={40}
				height={10}
				isActive
				theme={theme}
			/>,
		);
		await press(stdin, KEYS.pageDown);
		expect(lastFrame()).toContain('lines 9–16 of 50');
		rerender(
			<DetailPane
				record={manyFields(30)}
				status="loaded"
				width={40}
				height={10}
				isActive
				theme={theme}
			/>,
		);
		expect(lastFrame()).toContain('lines 1–8 of 30');
	});

	it('draws the next record as a fresh pane would, its lines the same, changed or new', () => {
		const next: JsonObject = {
			...workspace,
			id: 2516,
			description: 'Quay wall checks',
			app: {id: 42, name: 'foundation-app', tag: 'v2'},
		};
		const {lastFrame, rerender} = render(loadedPane(workspace));
		rerender(loadedPane(next));
		const moved = lastFrame();
		expect(moved).toContain('description: Quay wall checks');
		expect(moved).toContain('tag: v2');
		cleanup();
		expect(moved).toBe(render(loadedPane(next)).lastFrame());
	});

	it('draws every line again for a new theme', () => {
		// Styles are what a theme changes: let chalk draw them in this test.
		const savedLevel = chalk.level;
		chalk.level = 1;
		try {
			const {lastFrame, rerender} = render(loadedPane(workspace));
			const before = lastFrame();
			const coloured = makeTheme(false);
			rerender(loadedPane(workspace, coloured));
			const after = lastFrame();
			cleanup();
			expect(after).toBe(render(loadedPane(workspace, coloured)).lastFrame());
			expect(after).not.toBe(before);
		} finally {
			chalk.level = savedLevel;
		}
	});

	it('is not drawn again when its parent draws again with the same props', () => {
		// The heading reads the record's name once per drawing of the pane.
		let nameReads = 0;
		const record: JsonObject = {...workspace};
		Object.defineProperty(record, 'name', {
			enumerable: true,
			get() {
				nameReads += 1;
				return 'Foundation design';
			},
		});
		const onIntent = (_intent: Intent) => undefined;
		const pane = (height: number) => (
			<DetailPane
				record={record}
				status="loaded"
				width={50}
				height={height}
				isActive
				theme={theme}
				onIntent={onIntent}
			/>
		);
		const {lastFrame, rerender} = render(pane(14));
		const frame = lastFrame();
		const reads = nameReads;
		expect(reads).toBeGreaterThan(0);
		rerender(pane(14));
		expect(nameReads).toBe(reads);
		expect(lastFrame()).toBe(frame);
		rerender(pane(15));
		expect(nameReads).toBeGreaterThan(reads);
	});
});

describe('theme', () => {
	it('keeps selection and errors visible without colour', () => {
		const plain = makeTheme(true);
		expect(plain.selected).toMatchObject({inverse: true, bold: true, marker: '›'});
		expect(plain.error).toMatchObject({bold: true, marker: '✖'});
		for (const style of Object.values(plain)) {
			if (typeof style === 'object') expect(style).not.toHaveProperty('color');
		}
		expect(makeTheme(false).error.color).toBe('red');
		expect(displayWidth(plain.selected.marker)).toBe(displayWidth(plain.unselected.marker));
	});

	it('hands the theme down through ThemeProvider and refuses to work without one', () => {
		function Probe() {
			return <Text>{useTheme().selected.marker}</Text>;
		}
		const {lastFrame} = render(
			<ThemeProvider theme={theme}>
				<Probe />
			</ThemeProvider>,
		);
		expect(lastFrame()).toBe('›');
		const failed = render(
			<CatchError>
				<Probe />
			</CatchError>,
		);
		expect(failed.lastFrame()).toBe('caught: useTheme() needs a <ThemeProvider> above it.');
	});
});

/** Draws the message of a render error below it, whatever Ink's own error display does (CI). */
class CatchError extends Component<{children?: ReactNode}, {message?: string}> {
	override state: {message?: string} = {};

	static getDerivedStateFromError(error: unknown) {
		return {message: error instanceof Error ? error.message : String(error)};
	}

	override render() {
		return this.state.message === undefined ? (
			this.props.children
		) : (
			<Text>caught: {this.state.message}</Text>
		);
	}
}
