import {describe, expect, it} from 'vitest';
import {fitBreadcrumb, formatBreadcrumb} from '../../source/ui/breadcrumb.js';
import {displayWidth} from '../../source/ui/text.js';

const trail = ['Workspaces', 'Bridge Zwolle', 'Entities', 'Design Delft 2', 'Children'];

describe('formatBreadcrumb', () => {
	it('joins the segments with › when they fit', () => {
		expect(formatBreadcrumb(trail, 80)).toBe(
			'Workspaces › Bridge Zwolle › Entities › Design Delft 2 › Children',
		);
		expect(formatBreadcrumb(['Apps'], 10)).toBe('Apps');
		expect(formatBreadcrumb([], 10)).toBe('');
	});

	it('shortens the longest names before the last first, and keeps the last whole', () => {
		const segments = [
			'Workspaces',
			'A very long workspace name indeed',
			'Entities',
			'The entity I am on',
		];
		const line = formatBreadcrumb(segments, 60);
		expect(displayWidth(line)).toBeLessThanOrEqual(60);
		expect(line).toBe('Workspaces › A very long wo… › Entities › The entity I am on');
		expect(line.endsWith('The entity I am on')).toBe(true);
	});

	it('cuts long names evenly and gives what is left to the shortest, before collapsing', () => {
		const segments = [
			'Workspaces',
			'Bridge Zwolle North',
			'Entities',
			'Design Delft 2 final',
			'Children',
		];
		const line = formatBreadcrumb(segments, 50);
		expect(displayWidth(line)).toBeLessThanOrEqual(50);
		expect(line).toBe('Workspa… › Bridge… › Entities › Design… › Children');
	});

	it('folds middle segments into one … when shortening is not enough', () => {
		const line = formatBreadcrumb(trail, 36);
		expect(displayWidth(line)).toBeLessThanOrEqual(36);
		expect(line).toBe('Workspac… › … › Design D… › Children');
		expect(formatBreadcrumb(trail, 24)).toBe('Workspac… › … › Children');
	});

	it('cuts the last segment only when nothing else is left to give, and then fills the width', () => {
		const segments = ['Workspaces', 'Bridge', 'An extremely long entity name that goes on'];
		const line = formatBreadcrumb(segments, 30);
		expect(displayWidth(line)).toBeLessThanOrEqual(30);
		expect(line).toBe('Works… › … › An extremely lon…');
		expect(formatBreadcrumb(segments, 8)).toBe('An extr…');
		expect(formatBreadcrumb(segments, 0)).toBe('');
	});

	it('measures CJK and emoji as two columns', () => {
		const segments = ['Workspaces', '橋梁設計プロジェクト北', 'Entities', '設計🚧案件'];
		for (const width of [20, 30, 40, 50]) {
			const line = formatBreadcrumb(segments, width);
			expect(displayWidth(line)).toBeLessThanOrEqual(width);
			expect(line).toContain('…');
		}
		expect(formatBreadcrumb(segments, 40)).toBe('Worksp… › 橋梁設… › Entiti… › 設計🚧案件');
		expect(formatBreadcrumb(segments, 20)).toBe('… › 設計🚧案件');
	});

	it('sanitizes every name and names an empty one', () => {
		const segments = ['Workspaces', 'evil\u001B]0;owned\u0007\u202Ename\r\nx', '  ', 'Children'];
		const line = formatBreadcrumb(segments, 80);
		// eslint-disable-next-line no-control-regex -- the test looks for control characters
		expect(line).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
		expect(line).toBe('Workspaces › evilname x › (no name) › Children');
	});

	it('stays within the width for any width, huge names included', () => {
		const segments = ['Workspaces', 'n'.repeat(100_000), 'Entities', 'm'.repeat(5000), 'Children'];
		for (let width = 2; width <= 120; width++) {
			const parts = fitBreadcrumb(segments, width);
			expect(displayWidth(parts.join(' › '))).toBeLessThanOrEqual(width);
			expect(parts.at(-1)?.startsWith('C')).toBe(true);
		}
	});
});
