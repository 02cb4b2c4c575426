import chalk from 'chalk';
import {Box, renderToString, Text} from 'ink';
import {afterAll, describe, expect, it} from 'vitest';
import type {Workspace} from '../../source/api/types.js';
import {themeNames} from '../../source/config/theme-setting.js';
import {DetailPane} from '../../source/ui/components/detail-pane.js';
import {RecordList} from '../../source/ui/components/record-list.js';
import {resources} from '../../source/ui/resources.js';
import {textStyle, themeNamed, type Theme} from '../../source/ui/theme.js';

// Tests run without a terminal, where chalk draws no styles at all; force it to draw them (the
// screens below are drawn while the tests are collected).
const savedLevel = chalk.level;
chalk.level = 1;
afterAll(() => {
	chalk.level = savedLevel;
});

const records: Workspace[] = [
	{id: 1, name: 'Bridge Zwolle'},
	{id: 2, name: 'Quay wall Rotterdam'},
	{id: 3, name: 'Dike Delfzijl'},
];

function Screen({theme, isFocused}: {theme: Theme; isFocused: boolean}) {
	return (
		<Box flexDirection="column">
			<RecordList
				descriptor={resources.workspaces}
				rows={records.map((record, index) => ({index, record, isStale: false}))}
				cursor={1}
				width={60}
				height={4}
				theme={theme}
				emptyText=""
				isFocused={isFocused}
			/>
			<DetailPane
				record={{id: 2, name: 'Quay wall Rotterdam'}}
				status="loaded"
				width={60}
				height={4}
				isActive={!isFocused}
				theme={theme}
				title="Detail pane"
			/>
			<Text {...textStyle(theme.error)}>{theme.error.marker} Could not reach the server</Text>
			<Text {...textStyle(theme.warning)}>{theme.warning.marker} Loading…</Text>
		</Box>
	);
}

/** The SGR parameters used on `line`. */
function codesOf(line: string): string[] {
	// eslint-disable-next-line no-control-regex -- reading the escape codes is the point
	return [...line.matchAll(/\u001B\[([\d;]*)m/g)].flatMap((match) => (match[1] ?? '').split(';'));
}

const isColour = (code: string) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(code);
const withoutColour = (codes: string[]) => codes.filter((code) => !isColour(code) && code !== '39');
const lineWith = (output: string, text: string) =>
	output.split('\n').find((line) => line.includes(text)) ?? '';

describe.each(themeNames)('the %s theme', (name) => {
	const theme = themeNamed(name);
	const focused = renderToString(<Screen theme={theme} isFocused />, {columns: 60});
	const unfocused = renderToString(<Screen theme={theme} isFocused={false} />, {columns: 60});

	it('marks the selected row with its marker and inverse, not by colour alone', () => {
		const selected = lineWith(focused, 'Quay wall');
		expect(selected).toContain('›');
		expect(withoutColour(codesOf(selected))).toContain('7');
		expect(lineWith(focused, 'Bridge Zwolle')).not.toContain('›');
	});

	it('keeps the selected row of a list without the keys marked, apart from the focused one, by more than colour', () => {
		const row = lineWith(unfocused, 'Quay wall');
		expect(row).toContain('›');
		const attributes = withoutColour(codesOf(row)).filter((code) => !['0', ''].includes(code));
		expect(attributes.length).toBeGreaterThan(0);
		expect(withoutColour(codesOf(lineWith(focused, 'Quay wall')))).not.toEqual(
			withoutColour(codesOf(row)),
		);
		expect(lineWith(unfocused, 'Bridge Zwolle')).not.toContain('›');
	});

	it('marks the pane that has the keys by its title marker and an attribute, not by colour alone', () => {
		const withKeys = lineWith(unfocused, 'Detail pane');
		const withoutKeys = lineWith(focused, 'Detail pane');
		expect(withKeys).toContain(`${theme.focusedTitle.marker} Detail pane`);
		expect(withoutKeys).not.toContain(theme.focusedTitle.marker);
		expect(withoutColour(codesOf(withKeys))).not.toEqual(withoutColour(codesOf(withoutKeys)));
	});

	it('marks an error and a notice with a marker and an attribute or marker of their own', () => {
		const error = lineWith(focused, 'Could not reach');
		expect(error).toContain('✖');
		expect(withoutColour(codesOf(error)).some((code) => ['1', '7', '4'].includes(code))).toBe(true);
		expect(lineWith(focused, 'Loading')).toContain('⚠');
	});
});

describe('theme colours', () => {
	it('mono draws no colour at all', () => {
		const output = renderToString(<Screen theme={themeNamed('mono')} isFocused />);
		expect(codesOf(output).filter((code) => isColour(code))).toEqual([]);
	});

	it('high-contrast uses only bold, inverse, underline and the 8 basic colours', () => {
		const theme = themeNamed('high-contrast');
		const styles = [
			theme.selected,
			theme.selectedUnfocused,
			theme.focusedTitle,
			theme.unselected,
			theme.error,
			theme.warning,
			theme.dim,
			theme.title,
			theme.key,
			theme.accent,
		];
		const basic = new Set(['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']);
		for (const style of styles) {
			expect(style.dimColor).toBeUndefined();
			if (style.color !== undefined) expect(basic).toContain(style.color);
		}
	});

	it('high-contrast dims nothing on screen, the selection of a list without the keys included', () => {
		const output = renderToString(
			<Screen theme={themeNamed('high-contrast')} isFocused={false} />,
			{
				columns: 60,
			},
		);
		expect(codesOf(output)).not.toContain('2');
	});

	it('high-contrast dims no row still loading or from before a refresh; auto draws them faint', () => {
		const faintRows = (theme: Theme) =>
			renderToString(
				<RecordList
					descriptor={resources.workspaces}
					rows={[
						{index: 0, record: records[0], isStale: true},
						{index: 1, record: undefined, isStale: false},
						{index: 2, record: records[2], isStale: true},
					]}
					cursor={2}
					width={60}
					height={4}
					theme={theme}
					emptyText=""
					isFocused
				/>,
				{columns: 60},
			);
		expect(codesOf(faintRows(themeNamed('high-contrast')))).not.toContain('2');
		const auto = faintRows(themeNamed('auto'));
		expect(codesOf(lineWith(auto, 'Bridge Zwolle'))).toContain('2');
		expect(codesOf(lineWith(auto, '…'))).toContain('2');
	});

	it('light uses no yellow or cyan, which fade on a white background', () => {
		const theme = themeNamed('light');
		for (const style of [
			theme.error,
			theme.warning,
			theme.dim,
			theme.title,
			theme.key,
			theme.accent,
		]) {
			expect(style.color ?? '').not.toMatch(/yellow|cyan|white/i);
		}
	});
});
