/**
 * The fixed keys of the setup screen and of every text field, and the profiles screen's markers,
 * as data: their `?` help is drawn from these tables. The profiles screen's own keys are in the
 * key tables of keymap.ts, which the config may remap.
 */

/** One line of a key table: the keys as labels, and what they do. */
export type KeyEntry = {keys: string; description: string};

/** Editing keys of every text field (setup, the profile editor, search, jump). */
export const textFieldKeys: readonly KeyEntry[] = [
	{keys: '← →', description: 'Move the cursor'},
	{keys: 'Home Ctrl+A', description: 'Go to the start'},
	{keys: 'End Ctrl+E', description: 'Go to the end'},
	{keys: 'Backspace Delete', description: 'Delete before / at the cursor'},
	{keys: 'Ctrl+W', description: 'Delete the word before'},
	{keys: 'Ctrl+U', description: 'Delete to the start'},
	{keys: 'Ctrl+K', description: 'Delete to the end'},
	{keys: 'Enter', description: 'Accept the text'},
];

/** Keys of the setup screen. */
export const setupKeys: readonly KeyEntry[] = [
	{keys: '↑ ↓', description: 'Choose in a list'},
	{keys: 'Enter', description: 'Accept and go on'},
	{keys: 'Esc', description: 'Back one step (leaves a text field)'},
	{keys: '?', description: 'Show or hide this help (not in a text field)'},
	{keys: 'q', description: 'Quit (not in a text field)'},
	{keys: 'Ctrl+C', description: 'Quit'},
];

/** What the markers on the profiles screen mean. */
export const profilesMarkers: readonly KeyEntry[] = [
	{keys: '›', description: 'The selected row'},
	{keys: '*', description: 'The default profile'},
	{keys: '●', description: 'The profile in use now'},
];
