/**
 * Screen-reader mode in words for the setup and profiles screens: their steps, text fields, choice
 * lists, questions and messages as sentences. Pure functions; the screens put each sentence on a
 * line of its own (as an `aria-label`, so the drawn layout stays what it is).
 */
import {describeTokenSource} from '../config/credentials.js';
import type {Profile} from '../config/profiles.js';
import {spokenKeys} from './announce.js';
import type {KeyLabel} from './keymap.js';
import type {KeyEntry} from './screen-keys.js';
import {setupStepCount, setupStepOf, type Notice, type SetupStepName} from './setup-state.js';
import {formatCount, sanitizeLine} from './text.js';

/** Arrows and separators of the drawn screens, as words. */
const symbolWords: ReadonlyArray<[RegExp, string]> = [
	[/ → /g, ', then '],
	[/ · /g, ', '],
	[/↑[ /]↓/g, 'up and down arrows'],
	[/←[ /]→/g, 'left and right arrows'],
	[/↑/g, 'up arrow'],
	[/↓/g, 'down arrow'],
	[/←/g, 'left arrow'],
	[/→/g, 'right arrow'],
];

/**
 * Text of a drawn screen as a sentence: one line, its arrows and separators in words, a trailing
 * `…` dropped and a full stop added where it has none.
 */
export function spokenSentence(text: string): string {
	let spoken = sanitizeLine(text).trim();
	for (const [pattern, words] of symbolWords) spoken = spoken.replace(pattern, words);
	spoken = spoken.replace(/\s*…$/, '');
	return spoken === '' || /[.?!:]$/.test(spoken) ? spoken : `${spoken}.`;
}

/** The label of a choice as said: the `…` that means "more to type" is dropped. */
function spokenLabel(label: string): string {
	return sanitizeLine(label).replace(/\s*…$/, '').trim();
}

const setupTasks: Readonly<Record<number, string>> = {
	1: 'choose the environment',
	2: 'enter your Personal Access Token',
	3: 'check the token',
	4: 'save a profile',
};

/** Where setup stands: `Setup, step 1 of 4: choose the environment.` */
export function setupStepSentence(step: SetupStepName): string {
	const {number} = setupStepOf(step);
	return `Setup, step ${number} of ${setupStepCount}: ${setupTasks[number] ?? ''}.`;
}

const noticePrefixes: Readonly<Record<Notice['tone'], string>> = {
	error: 'Error: ',
	warning: 'Warning: ',
	success: '',
	info: '',
};

/** A notice or message in words: `Error: Paste a token first.`, `Token accepted: 3 workspaces visible.` */
export function noticeSentence(notice: Notice): string {
	return `${noticePrefixes[notice.tone]}${spokenSentence(notice.text)}`;
}

/** What a text field holds, for {@link textFieldSentence}. */
export type TextFieldAnnouncement = {
	label: string;
	value: string;
	/** A masked field (the token) says how many characters it holds, never what they are. */
	isMasked?: boolean;
	placeholder?: string;
	/** Where the cursor is, in characters from the start; said only when it is not at the end. */
	cursor?: number | undefined;
};

/**
 * A text field as said (Ink puts `textbox: ` before it): `Environment: acme`,
 * `Environment, empty, for example acme`, `Token, masked, 41 characters`, and where the cursor is
 * when it is not at the end: `Environment: acme, cursor on character 2`.
 */
export function textFieldSentence({
	label,
	value,
	isMasked = false,
	placeholder = '',
	cursor,
}: TextFieldAnnouncement): string {
	const length = Array.from(value).length;
	const where =
		cursor === undefined || cursor >= length
			? ''
			: `, cursor on character ${formatCount(cursor + 1)}`;
	if (isMasked) {
		return `${label}, masked, ${length === 0 ? 'empty' : `${formatCount(length)} ${length === 1 ? 'character' : 'characters'}`}${where}`;
	}

	if (value === '') {
		return placeholder === ''
			? `${label}, empty`
			: `${label}, empty, for example ${sanitizeLine(placeholder)}`;
	}

	return `${label}: ${sanitizeLine(value)}${where}`;
}

/** The choices of a list, said once: `4 options: cloud (Frankfurt), cloud.us1 (United States), …` */
export function optionsSentence(labels: readonly string[]): string {
	const count = labels.length;
	return `${formatCount(count)} ${count === 1 ? 'option' : 'options'}: ${labels.map((label) => spokenLabel(label)).join(', ')}.`;
}

/** The chosen item of a list (Ink marks it `(selected)`): `cloud.us1 (United States), option 2 of 4`. */
export function optionSentence(label: string, index: number, count: number): string {
	return `${spokenLabel(label)}, option ${formatCount(index + 1)} of ${formatCount(count)}`;
}

/** One key of a hint line: the keys and what they do (`to go back`). */
export type KeyHint = {keys: readonly KeyLabel[]; action: string};

/** A hint line in words: `Keys: enter to accept, escape to go back, control C to quit.` */
export function keyHintsSentence(hints: readonly KeyHint[]): string {
	return `Keys: ${hints.map(({keys, action}) => `${spokenKeys(keys)} ${action}`).join(', ')}.`;
}

/**
 * A table of keys (the `?` help of setup and profiles) as sentences:
 * `Choose in a list: press up arrow or down arrow.`
 */
export function keyEntrySentences(entries: readonly KeyEntry[]): string[] {
	return entries.map(
		({keys, description}) =>
			`${spokenSentence(description).replace(/\.$/, '')}: press ${spokenKeys(keys.split(' '))}.`,
	);
}

/** Where a profile's token comes from, as said: `token from VIKTOR_TOKEN_ACME`. */
function tokenSourceWords(profile: Profile): string {
	const source = profile.tokenSource;
	return source.type === 'env'
		? `token from ${sanitizeLine(source.variable)}`
		: // As describeTokenSource shows the command: anything token-like in it redacted.
			`token from the command ${sanitizeLine(describeTokenSource(source).replace(/^command: /, ''))}`;
}

/**
 * The selected profile as a sentence:
 * `Profile 2 of 3: work, environment cloud.us1, token from VIKTOR_TOKEN, default, in use`.
 */
export function profileSentence(
	profile: Profile,
	position: {number: number; count: number},
	marks: {isDefault: boolean; isActive: boolean},
): string {
	const location =
		profile.environment === undefined
			? `URL ${sanitizeLine(profile.baseUrl ?? '')}`
			: `environment ${sanitizeLine(profile.environment)}`;
	return [
		`Profile ${formatCount(position.number)} of ${formatCount(position.count)}: ${sanitizeLine(profile.name)}`,
		location,
		tokenSourceWords(profile),
		...(marks.isDefault ? ['default'] : []),
		...(marks.isActive ? ['in use'] : []),
	].join(', ');
}

/** The saved profiles, said once: `3 saved profiles: acme, local, us.` */
export function profilesSentence(names: readonly string[]): string {
	const count = names.length;
	return `${formatCount(count)} saved ${count === 1 ? 'profile' : 'profiles'}: ${names.map((name) => sanitizeLine(name)).join(', ')}.`;
}

/** The edit form, said when it opens: `Editing profile acme, 4 fields: Environment or URL, …` */
export function formSentence(name: string, labels: readonly string[]): string {
	return `Editing profile ${sanitizeLine(name)}, ${formatCount(labels.length)} fields: ${labels.join(', ')}.`;
}

/** The label of the form field being edited: `Token source, field 2 of 4`. */
export function formFieldLabel(label: string, index: number, count: number): string {
	return `${label}, field ${formatCount(index + 1)} of ${formatCount(count)}`;
}

/** The delete confirmation as a question with its answers. */
export function deleteQuestion(name: string): string {
	return `Delete profile ${sanitizeLine(name)}? Press y to delete it; any other key keeps it.`;
}
