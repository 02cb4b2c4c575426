import {describe, expect, it} from 'vitest';
import {
	browserReducer,
	initialViewState,
	maxJumpDigits,
	type BrowserAction,
} from '../../source/ui/browser-state.js';
import {rootResources} from '../../source/ui/resources.js';

const run = (...actions: BrowserAction[]) => actions.reduce(browserReducer, initialViewState);

describe('browserReducer', () => {
	it('opens and closes the prompts and help, back to the list', () => {
		expect(run({type: 'open-search', text: 'br'})).toMatchObject({
			mode: 'search',
			searchText: 'br',
		});
		expect(run({type: 'open-search', text: 'br'}, {type: 'close-prompt'}).mode).toBe('list');
		expect(run({type: 'open-command'}, {type: 'edit-command', text: 'ap'})).toMatchObject({
			mode: 'command',
			commandText: 'ap',
		});
		expect(run({type: 'open-help'}, {type: 'close-help'}).mode).toBe('list');
	});

	it('collects jump digits, chunked or one by one the same, capped, and erases', () => {
		const chunked = run({type: 'start-jump', digits: '7890'}, {type: 'type-jump', digits: '12'});
		const single = run(
			{type: 'start-jump', digits: '7'},
			...['8', '9', '0', '1', '2'].map((digits): BrowserAction => ({type: 'type-jump', digits})),
		);
		expect(chunked.jumpText).toBe('789012');
		expect(single.jumpText).toBe(chunked.jumpText);
		expect(run({type: 'start-jump', digits: '9'.repeat(40)}).jumpText).toHaveLength(maxJumpDigits);
		expect(browserReducer(chunked, {type: 'erase-jump'}).jumpText).toBe('78901');
	});

	it('opens the detail with the focus on it and closes it back to the list', () => {
		const open = run({type: 'open-detail'});
		expect(open).toMatchObject({isDetailOpen: true, focus: 'detail'});
		expect(browserReducer(open, {type: 'close-detail'})).toMatchObject({
			isDetailOpen: false,
			focus: 'list',
		});
		expect(browserReducer(initialViewState, {type: 'focus', to: 'list'})).toBe(initialViewState);
	});

	it('keeps a flash until it is cleared or a prompt opens', () => {
		const flashed = run({type: 'flash', text: 'Apps have no revisions.'});
		expect(flashed.flash).toBe('Apps have no revisions.');
		expect(browserReducer(flashed, {type: 'clear-flash'}).flash).toBeUndefined();
		expect(browserReducer(flashed, {type: 'open-command'}).flash).toBeUndefined();
		expect(browserReducer(initialViewState, {type: 'clear-flash'})).toBe(initialViewState);
	});
});

describe('the command line', () => {
	it('takes its commands from the root descriptors, with their aliases', () => {
		const commands = rootResources().map(({name, aliases}) => [name, ...aliases]);
		expect(commands).toEqual([['workspaces', 'ws'], ['apps']]);
	});
});

describe('scrolling the diff', () => {
	const diff = {older: undefined, newer: {id: 1}};
	const scroll = (intent: 'move-down' | 'move-up' | 'last' | 'page-down') =>
		({type: 'scroll-diff', intent, lineCount: 30, page: 6}) as const;

	it('scrolls from where the state is, so actions dispatched before a render add up', () => {
		const opened = run({type: 'open-diff', ...diff});
		const state = [scroll('move-down'), scroll('move-down'), scroll('move-down')].reduce(
			browserReducer,
			opened,
		);
		expect(state.diffOffset).toBe(3);
	});

	it('stops at the ends and keeps the state for a key that does not scroll', () => {
		const opened = run({type: 'open-diff', ...diff});
		const atEnd = [scroll('last'), scroll('page-down')].reduce(browserReducer, opened);
		expect(atEnd.diffOffset).toBe(24);
		expect(browserReducer(opened, scroll('move-up'))).toBe(opened);
		expect(
			browserReducer(atEnd, {type: 'scroll-diff', intent: 'back', lineCount: 30, page: 6}),
		).toBe(atEnd);
	});
});
