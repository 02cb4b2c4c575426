import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createProfileStore, type Profile, type ProfileStore} from '../../source/config/index.js';
import {resolveKeyOverrides} from '../../source/ui/key-overrides.js';
import {KeyTablesProvider} from '../../source/ui/key-tables.js';
import type {KeyTables} from '../../source/ui/keymap.js';
import {formValuesOf, parseTokenSource, profileFromForm} from '../../source/ui/profile-form.js';
import {Profiles, type ProfilesProps} from '../../source/ui/screens/profiles.js';
import {makeTheme} from '../../source/ui/theme.js';
import {acme, local, us} from '../fixtures.js';
import {KEYS, press, settle, type, waitForFrame} from '../helpers.js';

let configDir: string;
let store: ProfileStore;

beforeEach(async () => {
	configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-profiles-screen-'));
	store = createProfileStore({configDirectory: configDir});
	for (const profile of [acme, local, us]) await store.saveProfile(profile);
});

afterEach(() => {
	cleanup();
	fs.rmSync(configDir, {recursive: true, force: true});
});

function renderProfiles(overrides: Partial<ProfilesProps> = {}, keyTables?: KeyTables) {
	const events = {switched: [] as Profile[], added: 0, back: 0, quit: 0};
	const snapshot = store.read();
	const screen = (
		<Profiles
			profiles={snapshot.profiles}
			defaultProfile={snapshot.defaultProfile}
			activeProfile="local"
			operations={store}
			onSwitch={(profile) => {
				events.switched.push(profile);
			}}
			onAdd={() => events.added++}
			onBack={() => events.back++}
			onQuit={() => events.quit++}
			theme={makeTheme(true)}
			{...overrides}
		/>
	);
	const instance = render(
		keyTables === undefined ? (
			screen
		) : (
			<KeyTablesProvider tables={keyTables}>{screen}</KeyTablesProvider>
		),
	);
	return {...instance, events};
}

const frameOf = (lastFrame: () => string | undefined) => lastFrame() ?? '';

describe('the profiles screen', () => {
	it('lists each profile with host, token source and the default and active markers', () => {
		const {lastFrame} = renderProfiles();
		const lines = frameOf(lastFrame).split('\n');
		expect(lines.find((line) => line.includes('acme'))).toMatch(
			/^ {2}\* {3}acme\s+acme\.viktor\.ai\s+env VIKTOR_TOKEN_ACME/,
		);
		expect(lines.find((line) => line.includes('local'))).toMatch(
			/^› {3}● local\s+127\.0\.0\.1:8123\s+command: pass show viktor-tui\/local/,
		);
		expect(lines.find((line) => line.includes(' us '))).toMatch(
			/cloud\.us1\.viktor\.ai\s+env VIKTOR_TOKEN\s*$/,
		);
	});

	it('switches to the selected profile for this session without changing the default', async () => {
		const {stdin, events} = renderProfiles();
		await press(stdin, KEYS.down, KEYS.enter);
		expect(events.switched).toEqual([us]);
		expect(store.read().defaultProfile).toBe('acme');
		await press(stdin, 'k', 'k', KEYS.enter);
		expect(events.switched).toEqual([us, acme]);
	});

	it('asks the app to add a profile and to go back', async () => {
		const {stdin, events} = renderProfiles();
		await press(stdin, 'a');
		expect(events.added).toBe(1);
		await press(stdin, KEYS.escape);
		await settle();
		expect(events.back).toBe(1);
	});

	it('deletes only after a y, keeping the profile on anything else', async () => {
		const {stdin, lastFrame} = renderProfiles();
		await press(stdin, 'd');
		expect(frameOf(lastFrame)).toContain('Delete profile local? (y/N)');
		await press(stdin, 'n');
		expect(frameOf(lastFrame)).not.toContain('Delete profile');
		expect(store.read().profiles).toHaveLength(3);
		await press(stdin, 'd', 'y');
		await waitForFrame(lastFrame, (frame) => frame.includes('Deleted local'));
		expect(store.read().profiles.map((profile) => profile.name)).toEqual(['acme', 'us']);
		expect(frameOf(lastFrame)).not.toContain('127.0.0.1:8123');
	});

	it('makes the selected profile the default with *', async () => {
		const {stdin, lastFrame} = renderProfiles();
		await press(stdin, KEYS.down, '*');
		await waitForFrame(lastFrame, (frame) => frame.includes('us is now the default profile'));
		expect(store.read().defaultProfile).toBe('us');
		const lines = frameOf(lastFrame).split('\n');
		expect(lines.find((line) => line.includes('acme.viktor.ai'))).not.toContain('*');
		expect(lines.find((line) => line.includes('cloud.us1'))).toMatch(/^› \*/);
	});

	it('edits the environment, token source, page size and sort inline', async () => {
		const {stdin, lastFrame} = renderProfiles();
		await press(stdin, 'k', 'e');
		expect(frameOf(lastFrame)).toContain('Edit profile acme');
		expect(frameOf(lastFrame)).toContain('env VIKTOR_TOKEN_ACME');
		await press(
			stdin,
			KEYS.tab,
			...Array.from({length: 'env VIKTOR_TOKEN_ACME'.length}, () => KEYS.backspace),
		);
		await type(stdin, 'nonsense here');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('Write the token source as');
		await press(stdin, ...Array.from({length: 'nonsense here'.length}, () => KEYS.backspace));
		await type(stdin, 'command: op read op://Work/VIKTOR/credential');
		await press(stdin, KEYS.down);
		await type(stdin, '50');
		await press(stdin, KEYS.tab);
		await type(stdin, 'name:desc');
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (frame) => frame.includes('Saved acme'));
		expect(store.read().profiles[0]).toEqual({
			name: 'acme',
			environment: 'acme',
			tokenSource: {type: 'command', command: 'op read op://Work/VIKTOR/credential'},
			limit: 50,
			sort: 'name:desc',
		});
		expect(frameOf(lastFrame)).toContain('command: op read op://Work/VIKTOR/credential');
	});

	it('leaves the edit form with Esc without saving', async () => {
		const {stdin, lastFrame} = renderProfiles();
		await press(stdin, 'e');
		await type(stdin, 'x');
		await press(stdin, KEYS.escape);
		await settle();
		expect(frameOf(lastFrame)).not.toContain('Edit profile');
		expect(store.read().profiles[1]).toEqual(local);
	});

	it('shows an unwritable config directory inline', async () => {
		const file = path.join(configDir, 'file');
		fs.writeFileSync(file, '');
		const blocked = createProfileStore({configDirectory: path.join(file, 'viktor-tui')});
		const {stdin, lastFrame} = renderProfiles({operations: blocked});
		await press(stdin, '*');
		const frame = await waitForFrame(lastFrame, (current) => current.includes('✖'));
		expect(frame).toContain(
			`✖ Cannot save profiles: ${path.join(file, 'viktor-tui')} is not writable (ENOTDIR)`,
		);
		expect(frame).toContain('local');
	});

	it('invites adding a profile when there is none', async () => {
		const {stdin, lastFrame, events} = renderProfiles({profiles: [], defaultProfile: undefined});
		expect(frameOf(lastFrame)).toContain('No profiles saved yet. Press a to add one.');
		await press(stdin, KEYS.enter, 'd', 'e', 'a');
		expect(events.switched).toEqual([]);
		expect(events.added).toBe(1);
	});
});

describe("the profiles screen's keys and messages", () => {
	it('switches to the profile j j Enter points at when they arrive in one read', async () => {
		const {stdin, events} = renderProfiles({activeProfile: 'acme'});
		stdin.write(`jj${KEYS.enter}`);
		await settle();
		stdin.write(`k${KEYS.up}${KEYS.enter}`);
		await settle();
		expect(events.switched).toEqual([us, acme]);
	});

	it('shows its keys and markers with ?, and quits with q', async () => {
		const {stdin, lastFrame, events} = renderProfiles();
		await press(stdin, '?');
		const help = frameOf(lastFrame);
		expect(help).toContain('Profiles keys');
		expect(help).toMatch(/●\s+The profile in use now/);
		expect(help).toMatch(/\*\s+The default profile/);
		await press(stdin, '?');
		expect(frameOf(lastFrame)).toContain('TOKEN SOURCE');
		await press(stdin, 'q');
		expect(events.quit).toBe(1);
	});

	it('treats q as a letter in the editor', async () => {
		const {stdin, lastFrame, events} = renderProfiles();
		await press(stdin, 'e', KEYS.down, KEYS.down, KEYS.down);
		await type(stdin, 'q');
		expect(events.quit).toBe(0);
		expect(frameOf(lastFrame)).toMatch(/Sort\s+q/);
	});

	it('shows why a profile cannot be opened, stays on the list, and one Esc clears it', async () => {
		const {stdin, lastFrame, events} = renderProfiles({
			onSwitch: async (profile) => `${profile.name}: VIKTOR_TOKEN_US is not set`,
		});
		await press(stdin, KEYS.down, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (current) =>
			current.includes('us: VIKTOR_TOKEN_US is not set'),
		);
		expect(frame).toContain('TOKEN SOURCE');
		expect(frame).toMatch(/^› .*us\s/m);
		await settle();
		await press(stdin, KEYS.escape);
		await settle();
		expect(frameOf(lastFrame)).not.toContain('is not set');
		expect(frameOf(lastFrame)).toMatch(/^› .*us\s/m);
		expect(events.back).toBe(0);
		await press(stdin, KEYS.escape);
		await settle();
		expect(events.back).toBe(1);
	});

	it('says that no default is left when the default profile is deleted', async () => {
		const {stdin, lastFrame} = renderProfiles();
		await press(stdin, KEYS.up, 'd', 'y');
		const frame = await waitForFrame(lastFrame, (current) => current.includes('Deleted acme'));
		expect(frame).toContain('no default is left');
		expect(store.read().defaultProfile).toBeUndefined();
	});
});

describe("the profiles screen's remapped keys", () => {
	/** The config's keys as a user would write them, resolved as at start. */
	function remapped(section: unknown): KeyTables {
		const result = resolveKeyOverrides(section);
		if (!result.ok) throw new Error(result.errors.join('\n'));
		return result.tables;
	}

	const tables = remapped({
		profiles: {'move-down': ['n', 'ctrl+n'], help: ['h'], edit: ['E'], quit: ['x']},
	});
	const CTRL_N = '\u000E';
	const selectedName = (frame: string) => /^› .{4}(\S+)/m.exec(frame)?.[1];

	it('moves the selection with the remapped key, and no longer with the default it replaced', async () => {
		const {stdin, lastFrame} = renderProfiles({activeProfile: 'acme'}, tables);
		expect(selectedName(frameOf(lastFrame))).toBe('acme');
		await press(stdin, 'n');
		expect(selectedName(frameOf(lastFrame))).toBe('local');
		await press(stdin, 'j', KEYS.down);
		expect(selectedName(frameOf(lastFrame))).toBe('local');
		await press(stdin, CTRL_N);
		expect(selectedName(frameOf(lastFrame))).toBe('us');
		await press(stdin, 'k');
		expect(selectedName(frameOf(lastFrame))).toBe('local');
	});

	it('takes nn in one read as in two', async () => {
		const oneRead = renderProfiles({activeProfile: 'acme'}, tables);
		oneRead.stdin.write('nn');
		await settle();
		expect(selectedName(frameOf(oneRead.lastFrame))).toBe('us');
		cleanup();
		const twoReads = renderProfiles({activeProfile: 'acme'}, tables);
		await press(twoReads.stdin, 'n', 'n');
		expect(selectedName(frameOf(twoReads.lastFrame))).toBe('us');
		cleanup();
		// `nn` then Enter in one read switches to the profile the moves point at.
		const withEnter = renderProfiles({activeProfile: 'acme'}, tables);
		withEnter.stdin.write(`nn${KEYS.enter}`);
		await settle();
		expect(withEnter.events.switched).toEqual([us]);
	});

	it('shows the remapped keys in its hint line and its help, which they open and close', async () => {
		const {stdin, lastFrame, events} = renderProfiles({}, tables);
		const hints = frameOf(lastFrame);
		expect(hints).toContain('E edit');
		expect(hints).toContain('h help');
		expect(hints).toContain('x quit');
		await press(stdin, '?');
		expect(frameOf(lastFrame)).not.toContain('Profiles keys');
		await press(stdin, 'h');
		const help = frameOf(lastFrame);
		expect(help).toContain('Profiles keys');
		expect(help).toMatch(/n Ctrl\+N\s+Next profile/);
		expect(help).toMatch(/E\s+Edit the profile/);
		expect(help).toContain('h or Esc closes this help');
		await press(stdin, 'h');
		expect(frameOf(lastFrame)).toContain('TOKEN SOURCE');
		await press(stdin, 'q');
		expect(events.quit).toBe(0);
		await press(stdin, 'x');
		expect(events.quit).toBe(1);
	});

	it("keeps the editor's keys those of a text field: a remapped key is a letter there", async () => {
		const {stdin, lastFrame, events} = renderProfiles({}, tables);
		await press(stdin, 'E', KEYS.down, KEYS.down, KEYS.down);
		await type(stdin, 'nx');
		expect(events.quit).toBe(0);
		expect(frameOf(lastFrame)).toMatch(/Sort\s+nx/);
	});
});

describe('the profile form', () => {
	it.each([
		['env VIKTOR_TOKEN_ACME', {type: 'env', variable: 'VIKTOR_TOKEN_ACME'}],
		['MY_TOKEN', {type: 'env', variable: 'MY_TOKEN'}],
		['command: pass show x', {type: 'command', command: 'pass show x'}],
		['env not-a-var', undefined],
		['command:   ', undefined],
		['two words', undefined],
	])('reads the token source %j', (text, expected) => {
		expect(parseTokenSource(text)).toEqual(expected);
	});

	it('round-trips a profile through the form', () => {
		for (const profile of [acme, local, {...us, limit: 25, sort: 'created_at:desc'}]) {
			expect(profileFromForm(profile.name, formValuesOf(profile))).toEqual({ok: true, profile});
		}
	});

	it('names the field at fault', () => {
		const values = formValuesOf(acme);
		expect(
			profileFromForm('acme', {...values, location: 'http://acme.example.com/api'}),
		).toMatchObject({
			ok: false,
			field: 'location',
		});
		expect(profileFromForm('acme', {...values, limit: '0'})).toMatchObject({
			ok: false,
			field: 'limit',
		});
		expect(profileFromForm('acme', {...values, sort: 'views:sideways'})).toEqual({
			ok: false,
			field: 'sort',
			message:
				'The sort "views:sideways" is not a sort of workspaces (one of: name, created_at, views, views_last_30_days, user_last_visit; each optionally :asc or :desc).',
		});
	});
});
