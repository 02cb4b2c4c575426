import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {HostCheck} from '../../source/api/host-check.js';
import type {Profile, VerifyResult} from '../../source/config/index.js';
import {keyEntrySentences} from '../../source/ui/announce-forms.js';
import {setupKeys, textFieldKeys} from '../../source/ui/screen-keys.js';
import type {ProfileOperations} from '../../source/ui/services.js';
import {Profiles, type ProfilesProps} from '../../source/ui/screens/profiles.js';
import {Setup, type SetupProps} from '../../source/ui/screens/setup.js';
import {TextField} from '../../source/ui/components/text-field.js';
import {makeTheme} from '../../source/ui/theme.js';
import {createManualClock} from '../clock.js';
import {acme, local, us} from '../fixtures.js';
import {frameWhere, KEYS, press, settle} from '../helpers.js';
import {withScreenReaderMode} from './screen-reader-mode.js';

withScreenReaderMode();

afterEach(() => {
	cleanup();
});

/** What a drawn screen has and an announced one must not: boxes, markers, bullets, spinners, padding. */
const drawn = /[─│╭╮╰╯›❯•·→✔✖⚠ℹ●⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]| {3}|…/;

const token = 'vktrpat_demo0000000000_thisisnotarealtoken000000';

/** A promise and the functions that settle it, for work the test finishes when it wants. */
function deferred<T>() {
	let resolve: (value: T) => void = () => undefined;
	const promise = new Promise<T>((done) => {
		resolve = done;
	});
	return {promise, resolve};
}

function renderSetup(overrides: Partial<SetupProps> = {}) {
	const events = {done: 0, saved: [] as Profile[]};
	const checks: Array<ReturnType<typeof deferred<VerifyResult>>> = [];
	const clock = createManualClock();
	const instance = render(
		<Setup
			verify={async () => {
				const check = deferred<VerifyResult>();
				checks.push(check);
				return check.promise;
			}}
			saveProfile={async (profile) => {
				events.saved.push(profile);
				return {ok: true};
			}}
			onDone={() => {
				events.done++;
			}}
			onCancel={() => undefined}
			theme={makeTheme(true)}
			clock={clock}
			{...overrides}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	const lines = () => frame().split('\n');
	return {...instance, events, checks, clock, frame, lines};
}

describe('the setup screen in screen-reader mode', () => {
	it('announces the first step, its question, its options and the chosen one, in plain lines', () => {
		const {lines, frame} = renderSetup();
		expect(lines()).toEqual([
			'Setup, step 1 of 4: choose the environment.',
			'Which VIKTOR environment do you use?',
			'list: 4 options: cloud (Frankfurt), cloud.us1 (United States), Company environment, Custom API URL.',
			'listitem: (selected) cloud (Frankfurt), option 1 of 4',
			'Keys: up arrow or down arrow to choose, enter to accept, question mark for help, q to quit.',
		]);
		expect(frame()).not.toMatch(drawn);
	});

	it('announces the chosen option after moves in one chunk as after separate keys', async () => {
		const chunked = renderSetup();
		await press(chunked.stdin, 'jjj');
		expect(chunked.lines()[3]).toBe('listitem: (selected) Custom API URL, option 4 of 4');
		await press(chunked.stdin, KEYS.up + KEYS.up);
		expect(chunked.lines()[3]).toBe(
			'listitem: (selected) cloud.us1 (United States), option 2 of 4',
		);
		cleanup();
		const separate = renderSetup();
		await press(separate.stdin, 'j', 'j', 'j');
		expect(separate.lines()[3]).toBe('listitem: (selected) Custom API URL, option 4 of 4');
		await press(separate.stdin, KEYS.up, KEYS.up);
		expect(separate.lines()[3]).toBe(
			'listitem: (selected) cloud.us1 (United States), option 2 of 4',
		);
	});

	it('announces a text field by its label, its example and what was typed', async () => {
		const lookups: Array<ReturnType<typeof deferred<HostCheck>>> = [];
		const {stdin, lines, frame} = renderSetup({
			async checkHost() {
				const lookup = deferred<HostCheck>();
				lookups.push(lookup);
				return lookup.promise;
			},
		});
		await press(stdin, 'jj', KEYS.enter);
		expect(lines()).toEqual([
			'Setup, step 1 of 4: choose the environment.',
			'Company environment: a name such as acme, or a host such as acme.viktor.ai',
			'textbox: Environment, empty, for example acme',
			'Keys: enter to accept, escape to go back, control C to quit.',
		]);
		await press(stdin, 'acme');
		expect(lines()[2]).toBe('textbox: Environment: acme');
		await press(stdin, KEYS.backspace, 'e');
		expect(lines()[2]).toBe('textbox: Environment: acme');
		// Where the cursor stands once it leaves the end, for arrows in one chunk as one by one.
		await press(stdin, KEYS.left + KEYS.left);
		expect(lines()[2]).toBe('textbox: Environment: acme, cursor on character 3');
		await press(stdin, KEYS.left, KEYS.left, KEYS.right);
		expect(lines()[2]).toBe('textbox: Environment: acme, cursor on character 2');
		await press(stdin, '\u0005');
		expect(lines()[2]).toBe('textbox: Environment: acme');
		// The lookup: its start once, as busy, with no spinner; its result once.
		await press(stdin, KEYS.enter);
		expect(lines()).toEqual([
			'Setup, step 1 of 4: choose the environment.',
			'(busy) Looking up acme.viktor.ai.',
			'Keys: escape to go back, question mark for help, q to quit.',
		]);
		lookups[0]?.resolve({kind: 'not-found'});
		await frameWhere(frame, (text) => text.includes('Error:'));
		expect(lines()).toEqual([
			'Setup, step 1 of 4: choose the environment.',
			'Error: acme.viktor.ai does not exist (DNS has no such name): check the spelling.',
			'Company environment: a name such as acme, or a host such as acme.viktor.ai',
			'textbox: Environment: acme',
			'Keys: enter to accept, escape to go back, control C to quit.',
		]);
		expect(frame()).not.toMatch(drawn);
	});

	it('says how long the masked token is, never its characters, for a paste and for typing', async () => {
		const pasted = renderSetup();
		await press(pasted.stdin, KEYS.enter);
		expect(pasted.lines()).toEqual([
			'Setup, step 2 of 4: enter your Personal Access Token.',
			'Personal Access Token for cloud.viktor.ai',
			'Create one in VIKTOR: profile menu, then Settings, then Access Tokens. It is not written to disk.',
			'textbox: Token, masked, empty',
			'Keys: enter to accept, escape to go back, control C to quit.',
		]);
		await press(pasted.stdin, token);
		expect(pasted.lines()[3]).toBe(`textbox: Token, masked, ${token.length} characters`);
		expect(pasted.frame()).not.toContain('vktrpat');
		expect(pasted.frame()).not.toMatch(drawn);
		cleanup();
		const typed = renderSetup();
		await press(typed.stdin, KEYS.enter, ...'vktrpat_ab', KEYS.backspace);
		expect(typed.lines()[3]).toBe('textbox: Token, masked, 9 characters');
	});

	it('announces a validation message and a token that does not look like one', async () => {
		const {stdin, lines} = renderSetup();
		await press(stdin, KEYS.enter, KEYS.enter);
		expect(lines()[1]).toBe('Error: Paste a token first.');
		await press(stdin, 'abc');
		expect(lines()).toContain(
			'Warning: this does not look like a VIKTOR token (they start with vktrpat_); it will be tried anyway.',
		);
	});

	it('announces the live check once when it starts and once with its result, with no spinner ticking', async () => {
		const {stdin, lines, frame, checks, clock} = renderSetup();
		await press(stdin, KEYS.enter, token, KEYS.enter);
		expect(lines()).toEqual([
			'Setup, step 3 of 4: check the token.',
			'(busy) Checking the token with cloud.viktor.ai.',
			'Keys: escape to go back, question mark for help, q to quit.',
		]);
		// No timer redraws the line while it waits.
		expect(clock.pending()).toEqual([]);
		const before = frame();
		clock.advance(10_000);
		await settle();
		expect(frame()).toBe(before);
		checks[0]?.resolve({ok: true, count: 1234});
		await frameWhere(frame, (text) => text.includes('Token accepted'));
		expect(lines()).toEqual([
			'Setup, step 4 of 4: save a profile.',
			'Token accepted: 1,234 workspaces visible.',
			'Save these settings as a profile named:',
			'textbox: Profile name: cloud',
			'Keys: enter to accept, escape to go back, control C to quit.',
		]);
	});

	it('announces a failed check with its reason, back at the token', async () => {
		const {stdin, lines, frame, checks} = renderSetup();
		await press(stdin, KEYS.enter, token, KEYS.enter);
		checks[0]?.resolve({ok: false, kind: 'auth', message: 'The token was not accepted (401)'});
		await frameWhere(frame, (text) => text.includes('Error:'));
		expect(lines().slice(0, 2)).toEqual([
			'Setup, step 2 of 4: enter your Personal Access Token.',
			'Error: The token was not accepted (401).',
		]);
	});

	it('reads the token sources, the confirmation and saves, all as plain lines', async () => {
		const {stdin, lines, frame, checks, events} = renderSetup();
		await press(stdin, KEYS.enter, token, KEYS.enter);
		checks[0]?.resolve({ok: true, count: 1});
		await frameWhere(frame, (text) => text.includes('Profile name'));
		await press(stdin, KEYS.enter);
		expect(lines()[1]).toBe(
			'Where should viktor-tui find the token next time? (it never stores the token)',
		);
		expect(lines()[2]).toMatch(
			/^list: 8 options: Environment variable VIKTOR_TOKEN_CLOUD \(for this profile\), .+, This session only \(save no profile\)\.$/,
		);
		expect(lines()[3]).toBe(
			'listitem: (selected) Environment variable VIKTOR_TOKEN_CLOUD (for this profile), option 1 of 8',
		);
		await press(stdin, KEYS.enter);
		expect(lines()).toEqual([
			'Setup, step 4 of 4: save a profile.',
			'Profile cloud for cloud.viktor.ai, token from env VIKTOR_TOKEN_CLOUD.',
			'Add this line to your shell profile (~/.bashrc, ~/.zshrc, …):',
			'export VIKTOR_TOKEN_CLOUD=vktrpat_…0000',
			'(with your full token in place of the masked one)',
			'Keys: enter to save the profile, escape to go back, question mark for help, q to quit.',
		]);
		expect(frame()).not.toContain(token);
		await press(stdin, KEYS.enter);
		await frameWhere(frame, () => events.done === 1);
		expect(events.saved.map((profile) => profile.name)).toEqual(['cloud']);
	});

	it('reads its help as sentences', async () => {
		const {stdin, lines} = renderSetup();
		await press(stdin, '?');
		expect(lines()).toEqual([
			'Setup, step 1 of 4: choose the environment.',
			'Setup keys:',
			// The sentences themselves: announce-forms.test.ts.
			...keyEntrySentences(setupKeys),
			'In a text field:',
			...keyEntrySentences(textFieldKeys),
			'Press question mark or escape to close this help.',
		]);
	});
});

describe('the text field in screen-reader mode', () => {
	it('says itself in words when it has a label, and renders as drawn without one', () => {
		const labelled = render(
			<TextField label="Token" mask="•" value="vktrpat_" onChange={() => undefined} />,
		);
		expect(labelled.lastFrame()).toBe('textbox: Token, masked, 8 characters');
		cleanup();
		// The browser's search field names itself; its drawn text stays what it was.
		const plain = render(<TextField value="bridge" focus={false} onChange={() => undefined} />);
		expect(plain.lastFrame()).toBe('bridge');
	});
});

describe('the setup spinner when drawn', () => {
	it('turns on the injected clock while the check runs, and stops after it', async () => {
		delete process.env.INK_SCREEN_READER;
		const {stdin, frame, checks, clock} = renderSetup();
		await press(stdin, KEYS.enter, token, KEYS.enter);
		expect(frame()).toContain('⠋ Checking the token with cloud.viktor.ai…');
		expect(clock.pending()).toEqual([80]);
		clock.advance(80);
		await frameWhere(frame, (text) => text.includes('⠙ Checking'));
		clock.advance(160);
		await frameWhere(frame, (text) => text.includes('⠸ Checking'));
		checks[0]?.resolve({ok: true, count: 1});
		await frameWhere(frame, (text) => text.includes('Token accepted'));
		expect(clock.pending()).toEqual([]);
	});
});

function renderProfiles(overrides: Partial<ProfilesProps> = {}) {
	const removals: Array<ReturnType<typeof deferred<void>>> = [];
	const profiles = [acme, local, us];
	const operations: ProfileOperations = {
		async saveProfile() {
			return {ok: false, message: 'The config directory is not writable'};
		},
		async removeProfile(name) {
			const removal = deferred<void>();
			removals.push(removal);
			await removal.promise;
			const rest = profiles.filter((profile) => profile.name !== name);
			return {ok: true, snapshot: {profiles: rest, defaultProfile: 'acme'}};
		},
		async setDefaultProfile(name) {
			return {ok: true, snapshot: {profiles, defaultProfile: name}};
		},
	};
	const instance = render(
		<Profiles
			profiles={profiles}
			defaultProfile="acme"
			activeProfile="local"
			operations={operations}
			onSwitch={() => undefined}
			onAdd={() => undefined}
			onBack={() => undefined}
			theme={makeTheme(true)}
			{...overrides}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	const lines = () => frame().split('\n');
	return {...instance, removals, frame, lines};
}

const profilesKeysSentence =
	'Keys: up arrow or down arrow to choose, enter to use it for this session, a to add, e to edit, d to delete, asterisk to make it the default, escape to go back, question mark for help, q to quit.';

describe('the profiles screen in screen-reader mode', () => {
	it('says the saved profiles once and the selected one as a sentence, in plain lines', () => {
		const {lines, frame} = renderProfiles();
		expect(lines()).toEqual([
			'Profiles.',
			'list: 3 saved profiles: acme, local, us.',
			'listitem: (selected) Profile 2 of 3: local, URL http://127.0.0.1:8123/api, token from the command pass show viktor-tui/local, in use',
			profilesKeysSentence,
		]);
		expect(frame()).not.toMatch(drawn);
	});

	it('announces each move, for keys in one chunk as for separate writes', async () => {
		const chunked = renderProfiles();
		await press(chunked.stdin, 'kj');
		expect(chunked.lines()[2]).toContain('Profile 2 of 3: local');
		await press(chunked.stdin, 'kk');
		expect(chunked.lines()[2]).toBe(
			'listitem: (selected) Profile 1 of 3: acme, environment acme, token from VIKTOR_TOKEN_ACME, default',
		);
		cleanup();
		const separate = renderProfiles();
		await press(separate.stdin, 'j');
		expect(separate.lines()[2]).toBe(
			'listitem: (selected) Profile 3 of 3: us, environment cloud.us1, token from VIKTOR_TOKEN',
		);
		await press(separate.stdin, 'k', 'k');
		expect(separate.lines()[2]).toContain('Profile 1 of 3: acme');
	});

	it('reads the edit form: the field being edited with its label, and the field at fault', async () => {
		const {stdin, lines, frame} = renderProfiles();
		await press(stdin, 'e');
		expect(lines().slice(3)).toEqual([
			'Editing profile local, 4 fields: Environment or URL, Token source, Page size, Sort.',
			'textbox: Environment or URL, field 1 of 4: http://127.0.0.1:8123/api',
			'Write the token source as env VARIABLE or command: the command. Keys: up arrow, down arrow or tab to move between fields, enter to save, escape to cancel.',
		]);
		// Separate writes: the editor's field keys are the input handling of the profiles screen.
		await press(stdin, KEYS.tab, KEYS.tab);
		expect(lines()[4]).toBe('textbox: Page size, field 3 of 4, empty');
		await press(stdin, 'x', KEYS.up, KEYS.enter);
		// The check moves to the field at fault and says why.
		expect(lines().slice(4)).toEqual([
			'textbox: Page size, field 3 of 4: x',
			'Write the token source as env VARIABLE or command: the command. Keys: up arrow, down arrow or tab to move between fields, enter to save, escape to cancel.',
			'Error: The page size is a whole number from 1 to 1000.',
		]);
		expect(frame()).not.toMatch(drawn);
	});

	it('moves between the fields of the editor as far for keys in one write as for separate writes', async () => {
		const {stdin, lines} = renderProfiles();
		await press(stdin, 'e');
		await press(stdin, '\t\t');
		expect(lines()[4]).toBe('textbox: Page size, field 3 of 4, empty');
		await press(stdin, `${KEYS.down}${KEYS.down}`);
		expect(lines()[4]).toMatch(/^textbox: Environment or URL, field 1 of 4/);
		await press(stdin, `${KEYS.up}${KEYS.up}${KEYS.up}`);
		expect(lines()[4]).toMatch(/^textbox: Token source, field 2 of 4/);
	});

	it('announces a save that failed once, as an error', async () => {
		const {stdin, lines, frame} = renderProfiles();
		await press(stdin, 'e', KEYS.enter);
		await frameWhere(frame, (text) => text.includes('Error:'));
		expect(lines().filter((line) => line.startsWith('Error:'))).toEqual([
			'Error: The config directory is not writable.',
		]);
	});

	it('asks the delete question in words, says it is busy, then what happened', async () => {
		const {stdin, lines, frame, removals} = renderProfiles();
		await press(stdin, 'd');
		expect(lines().slice(3)).toEqual([
			'Delete profile local? Press y to delete it; any other key keeps it.',
		]);
		await press(stdin, 'y');
		expect(lines().slice(3)).toEqual(['(busy) Deleting local.']);
		removals[0]?.resolve();
		await frameWhere(frame, (text) => text.includes('Deleted'));
		expect(lines()).toEqual([
			'Profiles.',
			'list: 2 saved profiles: acme, us.',
			'listitem: (selected) Profile 2 of 2: us, environment cloud.us1, token from VIKTOR_TOKEN',
			'Deleted local.',
			profilesKeysSentence,
		]);
	});

	it('says when there is no profile, and only the keys that do something then', () => {
		const {lines} = renderProfiles({profiles: []});
		expect(lines()).toEqual([
			'Profiles.',
			'No profiles saved yet. Press a to add one.',
			'Keys: a to add one, escape to go back, question mark for help, q to quit.',
		]);
	});

	it('reads its help as sentences, without the markers it does not draw', async () => {
		const {stdin, lines} = renderProfiles();
		await press(stdin, '?');
		expect(lines().slice(0, 3)).toEqual([
			'Profiles keys:',
			'Previous profile: press up arrow or k.',
			'Next profile: press down arrow or j.',
		]);
		expect(lines()).toContain('Edit the profile: press e.');
		expect(lines()).not.toContain('Markers:');
		expect(lines().at(-1)).toBe('Press question mark or escape to close this help.');
	});
});
