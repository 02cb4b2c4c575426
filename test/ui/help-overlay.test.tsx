import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {HelpOverlay, layoutHelp, screenMarks} from '../../source/ui/components/help-overlay.js';
import {contextTitles, keymap} from '../../source/ui/keymap.js';
import {displayWidth} from '../../source/ui/text.js';
import {makeTheme} from '../../source/ui/theme.js';
import {KEYS, press, settle} from '../helpers.js';

afterEach(() => {
	cleanup();
});

const theme = makeTheme(true);

function overlay(props: {width: number; height: number; isActive?: boolean; onClose?: () => void}) {
	return (
		<HelpOverlay
			width={props.width}
			height={props.height}
			isActive={props.isActive ?? true}
			onClose={props.onClose ?? (() => undefined)}
			theme={theme}
		/>
	);
}

describe('layoutHelp', () => {
	it('lists every binding exactly once, under its context heading', () => {
		const layout = layoutHelp({width: 76});
		const cells = layout.rows.flat();
		for (const binding of keymap) {
			const matches = cells.filter(
				(cell) =>
					cell.kind === 'entry' &&
					cell.description === binding.description &&
					cell.keys === binding.keys.join(' '),
			);
			expect(matches.length, binding.description).toBeGreaterThanOrEqual(1);
		}
		expect(cells.filter((cell) => cell.kind === 'entry')).toHaveLength(
			keymap.length + screenMarks.length,
		);
		const headings = cells.flatMap((cell) => (cell.kind === 'heading' ? [cell.text] : []));
		expect(headings.sort()).toEqual([...Object.values(contextTitles), 'Marks on screen'].sort());
	});

	it('explains every mark drawn on screen: selection, profiles, errors, loading, diffs', () => {
		const cells = layoutHelp({width: 76}).rows.flat();
		for (const mark of ['›', '*', '●', '✖', '⚠', '…', 'loading…', 'stale', '+ - ~']) {
			expect(
				cells.some((cell) => cell.kind === 'entry' && cell.keys === mark),
				mark,
			).toBe(true);
		}
	});

	it('uses two balanced columns when there is room and one when there is not', () => {
		const wide = layoutHelp({width: 76});
		expect(wide.columns).toBe(2);
		expect(wide.rows.every((row) => row.length === 2)).toBe(true);
		const narrow = layoutHelp({width: 50});
		expect(narrow.columns).toBe(1);
		expect(wide.rows.length).toBeLessThan(narrow.rows.length * 0.6);
	});
});

describe('HelpOverlay', () => {
	it('shows the keys of the list first within 80×24 and the keys of every other screen by scrolling', async () => {
		const {stdin, lastFrame} = render(overlay({width: 80, height: 24}));
		const seen = new Set<string>();
		const look = () => {
			const frame = lastFrame() ?? '';
			const rows = frame.split('\n');
			expect(rows.length).toBeLessThanOrEqual(24);
			for (const row of rows) expect(displayWidth(row)).toBeLessThanOrEqual(80);
			for (const binding of keymap) {
				if (frame.includes(binding.description) && frame.includes(binding.keys.join(' '))) {
					seen.add(`${binding.context} ${binding.description}`);
				}
			}
			return frame;
		};
		const first = look();
		expect(first).toContain('Everywhere');
		expect(first).toContain('List');
		expect(first).toContain('Next record');
		for (let page = 0; page < 5; page++) {
			await press(stdin, KEYS.pageDown);
			look();
		}
		expect(seen.size).toBe(keymap.length);
	});

	it('scrolls when the terminal is too short and reaches every binding', async () => {
		const {stdin, lastFrame} = render(overlay({width: 80, height: 12}));
		expect(lastFrame()).toMatch(/lines 1–8 of \d+/);
		expect(lastFrame()).not.toMatch(/lines \d+–(\d+) of \1\b/);
		await press(stdin, KEYS.down);
		expect(lastFrame()).toMatch(/lines 2–9 of \d+/);
		await press(stdin, KEYS.end);
		// At the bottom: the last line shown is the last line there is.
		expect(lastFrame()).toMatch(/lines \d+–(\d+) of \1\b/);
		await press(stdin, KEYS.pageUp, KEYS.home);
		expect(lastFrame()).toMatch(/lines 1–8 of \d+/);
		expect(lastFrame()?.split('\n').length).toBeLessThanOrEqual(12);
	});

	it('scrolls as far for keys in one chunk, or in reads before a frame, as for keys one by one', async () => {
		const chunked = render(overlay({width: 80, height: 12}));
		await press(chunked.stdin, 'jjj');
		expect(chunked.lastFrame()).toMatch(/lines 4–11 of \d+/);
		const unsettled = render(overlay({width: 80, height: 12}));
		await settle();
		// Three reads with no render between them.
		unsettled.stdin.write('j');
		unsettled.stdin.write('j');
		unsettled.stdin.write('j');
		await settle();
		expect(unsettled.lastFrame()).toMatch(/lines 4–11 of \d+/);
		await press(chunked.stdin, 'kk' + KEYS.down);
		expect(chunked.lastFrame()).toMatch(/lines 3–10 of \d+/);
	});

	it('falls back to one column on a narrow terminal and stays within it', async () => {
		const {stdin, lastFrame} = render(overlay({width: 44, height: 20}));
		const seen = new Set<string>();
		for (let page = 0; page < 10; page++) {
			const frame = lastFrame() ?? '';
			for (const row of frame.split('\n')) expect(displayWidth(row)).toBeLessThanOrEqual(44);
			for (const binding of keymap)
				if (frame.includes(binding.description)) seen.add(binding.description);
			await press(stdin, KEYS.pageDown);
		}
		expect(seen.size).toBe(new Set(keymap.map((binding) => binding.description)).size);
	});

	it('closes on Esc, ? and q', async () => {
		for (const key of [KEYS.escape, '?', 'q']) {
			let closed = 0;
			const {stdin, unmount} = render(overlay({width: 80, height: 24, onClose: () => closed++}));
			await press(stdin, key);
			expect(closed, JSON.stringify(key)).toBe(1);
			unmount();
		}
	});

	it('ignores keys while it is not active', async () => {
		let closed = 0;
		const {stdin, lastFrame} = render(
			overlay({width: 80, height: 12, isActive: false, onClose: () => closed++}),
		);
		await press(stdin, KEYS.escape, 'q', KEYS.down);
		expect(closed).toBe(0);
		expect(lastFrame()).toMatch(/lines 1–8 of \d+/);
	});
});
