import chalk from 'chalk';
import {cleanup, render} from 'ink-testing-library';
import {stripVTControlCharacters} from 'node:util';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {JsonObject} from '../../source/api/types.js';
import type {VisibleRow} from '../../source/paging/pager.js';
import {RecordList, type RecordListProps} from '../../source/ui/components/record-list.js';
import {resources} from '../../source/ui/resources.js';
import {makeTheme, type Theme} from '../../source/ui/theme.js';

// Rows are memoised: these tests change one prop at a time on a mounted list and check that
// every row it touches is drawn again. Styles are part of that, so chalk draws them here.
const savedLevel = chalk.level;
beforeAll(() => {
	chalk.level = 1;
});
afterAll(() => {
	chalk.level = savedLevel;
});
afterEach(() => {
	cleanup();
});

const names = ['Bridge Zwolle', 'Quay wall Rotterdam', 'Dike Delfzijl', 'Lock Terneuzen'];
const records: JsonObject[] = names.map((name, index) => ({id: index + 1, name}));
const rowsOf = (list: JsonObject[]): Array<VisibleRow<JsonObject>> =>
	list.map((record, index) => ({index, record, isStale: false}));

const theme = makeTheme(false);

function props(overrides: Partial<RecordListProps> = {}): RecordListProps {
	return {
		descriptor: resources.workspaces,
		rows: rowsOf(records),
		cursor: 1,
		width: 60,
		height: 5,
		theme,
		emptyText: 'No workspaces.',
		isFocused: true,
		...overrides,
	};
}

/** The frame's lines without the header, styles removed. */
function plainRows(frame: string | undefined): string[] {
	return stripVTControlCharacters(frame ?? '')
		.split('\n')
		.slice(1);
}

/** The frame's line that shows `text`, with its style codes. */
function lineWith(frame: string | undefined, text: string): string {
	return (frame ?? '').split('\n').find((line) => line.includes(text)) ?? '';
}

describe('RecordList with memoised rows', () => {
	it('moves the selection marker and style as the cursor moves, up and down', () => {
		const {lastFrame, rerender} = render(<RecordList {...props({cursor: 1})} />);
		expect(plainRows(lastFrame())[1]).toMatch(/^› Quay wall Rotterdam/);
		rerender(<RecordList {...props({cursor: 2})} />);
		const moved = plainRows(lastFrame());
		expect(moved[1]).toMatch(/^ {2}Quay wall Rotterdam/);
		expect(moved[2]).toMatch(/^› Dike Delfzijl/);
		expect(lineWith(lastFrame(), 'Quay wall')).not.toContain('\u001B[7m');
		expect(lineWith(lastFrame(), 'Dike Delfzijl')).toContain('\u001B[7m');
		rerender(<RecordList {...props({cursor: 0})} />);
		const back = plainRows(lastFrame());
		expect(back[0]).toMatch(/^› Bridge Zwolle/);
		expect(back[2]).toMatch(/^ {2}Dike Delfzijl/);
	});

	it('draws a row again when its record is replaced, as after a refresh', () => {
		const {lastFrame, rerender} = render(<RecordList {...props()} />);
		const refreshed = records.map((record, index) =>
			index === 3 ? {...record, name: 'Lock Vlissingen'} : record,
		);
		rerender(<RecordList {...props({rows: rowsOf(refreshed)})} />);
		expect(plainRows(lastFrame())[3]).toMatch(/^ {2}Lock Vlissingen/);
	});

	it('draws a row again when its page loads or turns stale', () => {
		const loading = rowsOf(records).map((row, index) =>
			index === 2 ? {index, record: undefined, isStale: false} : row,
		);
		const {lastFrame, rerender} = render(<RecordList {...props({rows: loading})} />);
		expect(plainRows(lastFrame())[2]).toMatch(/^ {2}…/);
		rerender(<RecordList {...props()} />);
		expect(plainRows(lastFrame())[2]).toMatch(/^ {2}Dike Delfzijl/);
		expect(lineWith(lastFrame(), 'Dike Delfzijl')).not.toContain('\u001B[2m');
		const stale = rowsOf(records).map((row) => ({...row, isStale: true}));
		rerender(<RecordList {...props({rows: stale})} />);
		expect(lineWith(lastFrame(), 'Dike Delfzijl')).toContain('\u001B[2m');
	});

	it('draws every row again for a new width, as a fresh list draws them', () => {
		// Names long enough that each width cuts them at a different place.
		const long = rowsOf(
			records.map((record) => ({
				...record,
				name: `${String(record['name'])} — inspection, load rating and retrofit design`,
			})),
		);
		const {lastFrame, rerender} = render(<RecordList {...props({width: 60, rows: long})} />);
		const wide = lastFrame();
		rerender(<RecordList {...props({width: 45, rows: long})} />);
		const narrowed = lastFrame();
		cleanup();
		const fresh = render(<RecordList {...props({width: 45, rows: long})} />).lastFrame();
		expect(narrowed).toBe(fresh);
		expect(narrowed).not.toBe(wide);
	});

	it('draws every row again for a new theme', () => {
		const {lastFrame, rerender} = render(<RecordList {...props()} />);
		const dotted: Theme = {...theme, unselected: {marker: '·'}};
		rerender(<RecordList {...props({theme: dotted})} />);
		const rows = plainRows(lastFrame());
		expect(rows.filter((line) => line.startsWith('·'))).toHaveLength(3);
	});

	it('dims the selected row when the list loses focus, and only that row', () => {
		const {lastFrame, rerender} = render(<RecordList {...props({isFocused: true})} />);
		expect(lineWith(lastFrame(), 'Quay wall')).not.toContain('\u001B[2m');
		rerender(<RecordList {...props({isFocused: false})} />);
		expect(lineWith(lastFrame(), 'Quay wall')).toContain('\u001B[2m');
		expect(lineWith(lastFrame(), 'Bridge Zwolle')).not.toContain('\u001B[2m');
	});

	it('is not laid out again when its parent draws again with the same props', () => {
		// The header reads each column's title once per drawing of the list.
		let titleReads = 0;
		const [first, ...rest] = resources.workspaces.columns;
		const counted = {
			...first!,
			get title() {
				titleReads += 1;
				return first!.title;
			},
		};
		const descriptor = {...resources.workspaces, columns: [counted, ...rest]};
		const same = props({descriptor});
		const {lastFrame, rerender} = render(<RecordList {...same} />);
		const frame = lastFrame();
		const reads = titleReads;
		expect(reads).toBeGreaterThan(0);
		// A parent drawn again for something else (a digit typed into the jump prompt).
		rerender(<RecordList {...same} />);
		expect(titleReads).toBe(reads);
		expect(lastFrame()).toBe(frame);
		rerender(<RecordList {...same} cursor={2} />);
		expect(titleReads).toBeGreaterThan(reads);
	});
});
