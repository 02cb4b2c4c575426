import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {SelectList, type SelectItem} from '../../../source/ui/components/select-list.js';
import {makeTheme} from '../../../source/ui/theme.js';
import {KEYS, press, settle} from '../../helpers.js';

afterEach(() => {
	cleanup();
});

const items: Array<SelectItem<string>> = ['alpha', 'beta', 'gamma', 'delta'].map((label) => ({
	label,
	value: label,
}));

function renderList() {
	const chosen: string[] = [];
	const instance = render(
		<SelectList
			items={items}
			theme={makeTheme(true)}
			onSelect={(item) => chosen.push(item.value)}
		/>,
	);
	return {...instance, chosen};
}

describe('SelectList', () => {
	it('chooses the third item for ↓ ↓ Enter in one read', async () => {
		const {stdin, chosen} = renderList();
		stdin.write(`${KEYS.down}${KEYS.down}${KEYS.enter}`);
		await settle();
		expect(chosen).toEqual(['gamma']);
	});

	it('moves once per letter for jjj in one read, and around from one end to the other', async () => {
		const {stdin, lastFrame} = renderList();
		stdin.write('jjj');
		await settle();
		expect(lastFrame()).toContain('❯ delta');
		stdin.write('jjkkkkk');
		await settle();
		expect(lastFrame()).toContain('❯ alpha');
		stdin.write(`${KEYS.up}${KEYS.up}`);
		await settle();
		expect(lastFrame()).toContain('❯ gamma');
		stdin.write('jj');
		await settle();
		expect(lastFrame()).toContain('❯ alpha');
	});

	it('does the same key by key', async () => {
		const {stdin, chosen, lastFrame} = renderList();
		await press(stdin, KEYS.down, KEYS.down);
		expect(lastFrame()).toContain('❯ gamma');
		await press(stdin, KEYS.up, KEYS.enter);
		expect(chosen).toEqual(['beta']);
		await press(stdin, KEYS.end, KEYS.enter, KEYS.home, KEYS.enter);
		expect(chosen).toEqual(['beta', 'delta', 'alpha']);
	});
});
