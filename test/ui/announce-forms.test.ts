import {describe, expect, it} from 'vitest';
import {
	deleteQuestion,
	formFieldLabel,
	formSentence,
	keyEntrySentences,
	keyHintsSentence,
	noticeSentence,
	optionSentence,
	optionsSentence,
	profileSentence,
	profilesSentence,
	setupStepSentence,
	spokenSentence,
	textFieldSentence,
} from '../../source/ui/announce-forms.js';
import {setupKeys} from '../../source/ui/screen-keys.js';
import {acme, local, us} from '../fixtures.js';

describe('announcements of setup and profiles', () => {
	it('says each setup step as a numbered task', () => {
		expect(setupStepSentence('environment')).toBe('Setup, step 1 of 4: choose the environment.');
		expect(setupStepSentence('company')).toBe('Setup, step 1 of 4: choose the environment.');
		expect(setupStepSentence('checking-host')).toBe('Setup, step 1 of 4: choose the environment.');
		expect(setupStepSentence('token')).toBe(
			'Setup, step 2 of 4: enter your Personal Access Token.',
		);
		expect(setupStepSentence('verifying')).toBe('Setup, step 3 of 4: check the token.');
		expect(setupStepSentence('name')).toBe('Setup, step 4 of 4: save a profile.');
		expect(setupStepSentence('confirm')).toBe('Setup, step 4 of 4: save a profile.');
	});

	it('says a masked field by its length only, never its characters', () => {
		const token = 'vktrpat_demo0000000000_thisisnotarealtoken000000';
		const sentence = textFieldSentence({label: 'Token', value: token, isMasked: true});
		expect(sentence).toBe(`Token, masked, ${token.length} characters`);
		expect(sentence).not.toContain('vktrpat');
		expect(textFieldSentence({label: 'Token', value: 'x', isMasked: true})).toBe(
			'Token, masked, 1 character',
		);
		expect(textFieldSentence({label: 'Token', value: '', isMasked: true})).toBe(
			'Token, masked, empty',
		);
	});

	it('says a plain field with its text, or empty with its example', () => {
		expect(textFieldSentence({label: 'Environment', value: 'acme'})).toBe('Environment: acme');
		expect(textFieldSentence({label: 'Environment', value: '', placeholder: 'acme'})).toBe(
			'Environment, empty, for example acme',
		);
		expect(textFieldSentence({label: 'URL', value: ''})).toBe('URL, empty');
		expect(textFieldSentence({label: 'URL', value: 'a\u001B[2Jb'})).toBe('URL: ab');

		expect(textFieldSentence({label: 'URL', value: 'abc', cursor: 1})).toBe(
			'URL: abc, cursor on character 2',
		);
		expect(textFieldSentence({label: 'URL', value: 'abc', cursor: 3})).toBe('URL: abc');
		expect(textFieldSentence({label: 'Token', value: 'vktrpat_', isMasked: true, cursor: 0})).toBe(
			'Token, masked, 8 characters, cursor on character 1',
		);
	});

	it('says the options of a list once and the chosen one with its position', () => {
		expect(optionsSentence(['cloud (Frankfurt)', 'Company environment…'])).toBe(
			'2 options: cloud (Frankfurt), Company environment.',
		);
		expect(optionSentence('cloud.us1 (United States)', 1, 4)).toBe(
			'cloud.us1 (United States), option 2 of 4',
		);
	});

	it('says notices with their tone, in words and as sentences', () => {
		expect(noticeSentence({tone: 'error', text: 'Paste a token first.'})).toBe(
			'Error: Paste a token first.',
		);
		expect(noticeSentence({tone: 'warning', text: 'VIKTOR_TOKEN_ACME is not set'})).toBe(
			'Warning: VIKTOR_TOKEN_ACME is not set.',
		);
		expect(noticeSentence({tone: 'success', text: 'Token accepted: 3 workspaces visible'})).toBe(
			'Token accepted: 3 workspaces visible.',
		);
		expect(spokenSentence('Saving acme…')).toBe('Saving acme.');
		expect(spokenSentence('profile menu → Settings · Esc back')).toBe(
			'profile menu, then Settings, Esc back.',
		);
		expect(spokenSentence('Edit it (↑ ↓ Tab between fields)')).toBe(
			'Edit it (up and down arrows Tab between fields).',
		);
	});

	it('says keys as sentences', () => {
		expect(
			keyHintsSentence([
				{keys: ['↑', '↓'], action: 'to choose'},
				{keys: ['Esc'], action: 'to go back'},
				{keys: ['Ctrl+C'], action: 'to quit'},
			]),
		).toBe('Keys: up arrow or down arrow to choose, escape to go back, control C to quit.');
		expect(keyEntrySentences(setupKeys)).toEqual([
			'Choose in a list: press up arrow or down arrow.',
			'Accept and go on: press enter.',
			'Back one step (leaves a text field): press escape.',
			'Show or hide this help (not in a text field): press question mark.',
			'Quit (not in a text field): press q.',
			'Quit: press control C.',
		]);
	});

	it('says a profile as a sentence with where it points, its token source and its marks', () => {
		expect(profileSentence(us, {number: 2, count: 3}, {isDefault: true, isActive: false})).toBe(
			'Profile 2 of 3: us, environment cloud.us1, token from VIKTOR_TOKEN, default',
		);
		expect(profileSentence(local, {number: 1, count: 3}, {isDefault: false, isActive: true})).toBe(
			'Profile 1 of 3: local, URL http://127.0.0.1:8123/api, token from the command pass show viktor-tui/local, in use',
		);
		expect(profilesSentence([acme.name, local.name, us.name])).toBe(
			'3 saved profiles: acme, local, us.',
		);
		expect(profilesSentence(['acme'])).toBe('1 saved profile: acme.');
	});

	it('redacts a token inside a token command, as the drawn list does', () => {
		const leaky = {
			...local,
			tokenSource: {
				type: 'command' as const,
				command: 'echo vktrpat_abcdefghijklmn_abcdefghijklmnopqrstuvwxyz',
			},
		};
		const sentence = profileSentence(
			leaky,
			{number: 1, count: 1},
			{isDefault: false, isActive: false},
		);
		expect(sentence).not.toContain('abcdefghijklmnopqrstuvwxyz');
	});

	it('says the edit form, its field and the delete question', () => {
		expect(formSentence('acme', ['Environment or URL', 'Token source'])).toBe(
			'Editing profile acme, 2 fields: Environment or URL, Token source.',
		);
		expect(formFieldLabel('Page size', 2, 4)).toBe('Page size, field 3 of 4');
		expect(deleteQuestion('acme')).toBe(
			'Delete profile acme? Press y to delete it; any other key keeps it.',
		);
	});
});
