/**
 * The state of one browser level besides its list (which the pager holds): which prompt is open,
 * which pane has the keyboard, the text of the search, jump and command prompts, and a short
 * flash message, the two revisions a diff compares. A pure reducer, so the screen's state machine reads and tests without Ink.
 */

import type {JsonObject} from '../api/types.js';
import type {Intent} from './keymap.js';
import {maxScrollOffset, scrollFor} from './scroll.js';

/** What takes the keys: the list (or the detail pane), a prompt, or the help overlay. */
export type BrowserMode = 'list' | 'search' | 'jump' | 'command' | 'help' | 'diff' | 'copy';

/** Which pane has the keyboard while the mode is `list`. */
export type BrowserFocus = 'list' | 'detail';

/** The view state of one level. */
export type BrowserViewState = {
	mode: BrowserMode;
	focus: BrowserFocus;
	/** The detail was opened on purpose (full screen on narrow terminals). */
	isDetailOpen: boolean;
	searchText: string;
	jumpText: string;
	commandText: string;
	/** A short message of the last action ("no deeper level"); cleared by the next key or after a while. */
	flash: string | undefined;
	/** Whether the flash stays until the next key (it holds text to select), not only a while. */
	isFlashSticky?: boolean;
	/** The two revisions the diff view compares (`older` undefined for the first revision). */
	diff: {older: JsonObject | undefined; newer: JsonObject} | undefined;
	/** The first line the diff view shows. */
	diffOffset: number;
};

/** Everything that can happen to the view state. */
export type BrowserAction =
	| {type: 'open-help'}
	| {type: 'close-help'}
	| {type: 'open-search'; text: string}
	| {type: 'edit-search'; text: string}
	| {type: 'start-jump'; digits: string}
	| {type: 'type-jump'; digits: string}
	| {type: 'erase-jump'}
	| {type: 'open-command'}
	| {type: 'edit-command'; text: string}
	| {type: 'close-prompt'}
	| {type: 'open-detail'}
	| {type: 'close-detail'}
	| {type: 'focus'; to: BrowserFocus}
	| {type: 'flash'; text: string; isSticky?: boolean}
	| {type: 'clear-flash'}
	| {type: 'open-copy'}
	| {type: 'open-diff'; older: JsonObject | undefined; newer: JsonObject}
	/** Scrolls the diff by a scroll intent from where the state has it (keys can outrun renders). */
	| {type: 'scroll-diff'; intent: Intent; lineCount: number; page: number}
	| {type: 'close-diff'};

/** Digits a jump keeps at most (more than any count a server holds). */
export const maxJumpDigits = 12;

/** The view state of a level that was just opened. */
export const initialViewState: BrowserViewState = {
	mode: 'list',
	focus: 'list',
	isDetailOpen: false,
	searchText: '',
	jumpText: '',
	commandText: '',
	flash: undefined,
	diff: undefined,
	diffOffset: 0,
};

/** The view state after `action`. */
export function browserReducer(state: BrowserViewState, action: BrowserAction): BrowserViewState {
	switch (action.type) {
		case 'open-help': {
			return {...state, mode: 'help', flash: undefined};
		}

		case 'close-help':
		case 'close-prompt': {
			return {...state, mode: 'list'};
		}

		case 'open-search': {
			return {...state, mode: 'search', searchText: action.text, flash: undefined};
		}

		case 'edit-search': {
			return {...state, searchText: action.text};
		}

		case 'start-jump': {
			return {
				...state,
				mode: 'jump',
				jumpText: action.digits.slice(0, maxJumpDigits),
				flash: undefined,
			};
		}

		case 'type-jump': {
			return {...state, jumpText: (state.jumpText + action.digits).slice(0, maxJumpDigits)};
		}

		case 'erase-jump': {
			return {...state, jumpText: state.jumpText.slice(0, -1)};
		}

		case 'open-command': {
			return {...state, mode: 'command', commandText: '', flash: undefined};
		}

		case 'edit-command': {
			return {...state, commandText: action.text, flash: undefined};
		}

		case 'open-detail': {
			return {...state, isDetailOpen: true, focus: 'detail'};
		}

		case 'close-detail': {
			return {...state, isDetailOpen: false, focus: 'list'};
		}

		case 'focus': {
			return state.focus === action.to ? state : {...state, focus: action.to};
		}

		case 'flash': {
			return {...state, flash: action.text, isFlashSticky: action.isSticky === true};
		}

		case 'clear-flash': {
			return state.flash === undefined ? state : {...state, flash: undefined};
		}

		case 'open-copy': {
			return {...state, mode: 'copy', flash: undefined};
		}

		case 'open-diff': {
			return {
				...state,
				mode: 'diff',
				diff: {older: action.older, newer: action.newer},
				diffOffset: 0,
				flash: undefined,
			};
		}

		case 'scroll-diff': {
			const {intent, lineCount, page} = action;
			const from = Math.min(state.diffOffset, maxScrollOffset(lineCount, page));
			const offset = scrollFor(intent, from, lineCount, page);
			return offset === undefined || offset === state.diffOffset
				? state
				: {...state, diffOffset: offset};
		}

		case 'close-diff': {
			return {...state, mode: 'list', diff: undefined, diffOffset: 0};
		}
	}
}
