import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {BreadcrumbBar} from '../../source/ui/components/breadcrumb-bar.js';
import {displayWidth} from '../../source/ui/text.js';
import {makeTheme} from '../../source/ui/theme.js';

afterEach(() => {
	cleanup();
});

// eslint-disable-next-line no-control-regex -- the test looks for control characters
const terminalControl = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const trail = ['Workspaces', 'Bridge Zwolle', 'Entities', 'Design Delft 2', 'Children'];

describe('BreadcrumbBar', () => {
	it('shows the whole trail when it fits', () => {
		const {lastFrame} = render(
			<BreadcrumbBar segments={trail} width={80} theme={makeTheme(true)} />,
		);
		expect(lastFrame()).toBe('Workspaces › Bridge Zwolle › Entities › Design Delft 2 › Children');
	});

	it('stays on one line within the width, hostile names included', () => {
		const hostile = [
			'Workspaces',
			'evil\u001B]0;owned\u0007\u202Ename',
			'日本語の名前'.repeat(10),
			'Entities',
		];
		for (const width of [10, 20, 33, 50]) {
			const {lastFrame} = render(
				<BreadcrumbBar segments={hostile} width={width} theme={makeTheme(false)} />,
			);
			const frame = lastFrame() ?? '';
			expect(frame).not.toMatch(terminalControl);
			expect(frame.split('\n')).toHaveLength(1);
			expect(displayWidth(frame)).toBeLessThanOrEqual(width);
			expect(frame).toContain('Entities');
		}
	});

	it('draws nothing for an empty trail', () => {
		const {lastFrame} = render(<BreadcrumbBar segments={[]} width={40} theme={makeTheme(true)} />);
		expect(lastFrame()).toBe('');
	});
});
