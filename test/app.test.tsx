import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {App} from '../source/app.js';
import {createProfileStore, type ProfileStore} from '../source/config/index.js';
import {startDemoServer, type DemoServer} from '../source/demo/server.js';
import {createServices} from '../source/services.js';
import {ServicesProvider, type Services} from '../source/ui/services.js';
import {KEYS, press, settle, type, waitForFrame} from './helpers.js';

let server: DemoServer;
let other: DemoServer;
let configDirectory: string;
let store: ProfileStore;
let services: Services;

beforeAll(async () => {
	server = await startDemoServer({count: 240});
	other = await startDemoServer({
		count: 77,
		token: 'vktrpat_other000000000_anotherdemotoken00000000',
	});
});

afterAll(async () => {
	await server.close();
	await other.close();
});

beforeEach(() => {
	configDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-app-'));
	store = createProfileStore({configDirectory});
	services = createServices({
		store,
		env: {VIKTOR_TOKEN_MAIN: server.token, VIKTOR_TOKEN_OTHER: other.token},
		client: {timeoutMs: 2000, maxAttempts: 1},
	});
});

afterEach(() => {
	cleanup();
	fs.rmSync(configDirectory, {recursive: true, force: true});
});

function target(demo: DemoServer) {
	return {baseUrl: demo.baseUrl, host: demo.url.slice('http://'.length), label: 'local'};
}

function renderApp(props: Partial<Parameters<typeof App>[0]> = {}) {
	return render(
		<ServicesProvider services={services}>
			<App noColor {...props} />
		</ServicesProvider>,
	);
}

/** Saves a profile for `demo` whose token comes from `variable`. */
async function saveProfile(name: string, demo: DemoServer, variable: string) {
	await store.saveProfile({name, baseUrl: demo.baseUrl, tokenSource: {type: 'env', variable}});
}

/** The app connected through the saved profile `main` (the first one saved). */
function renderWithMainProfile() {
	const main = store.read().profiles[0];
	return renderApp({initialConnection: services.connect(target(server), server.token, main)});
}

describe('the app', () => {
	it('comes back from the profiles screen to the list as it was', async () => {
		const {lastFrame, stdin} = renderApp({
			initialConnection: services.connect(target(server), server.token),
		});
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, KEYS.pageDown, KEYS.down);
		const before = await waitForFrame(lastFrame, (frame) => /\d+ of 240 │ page 2/.test(frame));
		const position = /(\d+) of 240/.exec(before)?.[1];
		await press(stdin, 'p');
		await waitForFrame(lastFrame, (frame) => frame.includes('Profiles'));
		await press(stdin, KEYS.escape);
		await settle();
		const after = await waitForFrame(lastFrame, (frame) => frame.includes(' of 240'));
		expect(after).toContain(`${position} of 240`);
		expect(
			server.stats().log.filter((entry) => entry.path === '/api/workspaces/').length,
		).toBeLessThanOrEqual(3);
	});

	it('switches to another saved profile for this session, and the list reloads against it', async () => {
		await saveProfile('main', server, 'VIKTOR_TOKEN_MAIN');
		await saveProfile('other', other, 'VIKTOR_TOKEN_OTHER');
		const {lastFrame, stdin} = renderWithMainProfile();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 240') && frame.includes('main'));
		await press(stdin, 'p');
		await waitForFrame(lastFrame, (frame) => frame.includes('Profiles') && frame.includes('other'));
		await press(stdin, KEYS.down, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (text) => text.includes('1 of 77'));
		expect(frame).toContain('other');
		// The default did not change: switching is for this session only.
		expect(store.read().defaultProfile).toBe('main');
	});

	it('switches to another profile while the current environment is unreachable', async () => {
		await saveProfile('main', server, 'VIKTOR_TOKEN_MAIN');
		const gone = await startDemoServer({count: 5});
		const unreachable = {...target(gone)};
		await gone.close();
		const {lastFrame, stdin} = renderApp({
			initialConnection: services.connect(unreachable, server.token),
		});
		await waitForFrame(lastFrame, (frame) => frame.includes('Could not reach'));
		await press(stdin, 'p');
		await waitForFrame(lastFrame, (frame) => frame.includes('Profiles') && frame.includes('main'));
		await press(stdin, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (text) => text.includes('1 of 240'));
		expect(frame).toContain('main');
		expect(frame).not.toContain('Could not reach');
	});

	it('shows why a profile whose token variable is unset cannot be opened, and stays on the list', async () => {
		await saveProfile('main', server, 'VIKTOR_TOKEN_MAIN');
		await saveProfile('gone', other, 'VIKTOR_TOKEN_GONE');
		const {lastFrame, stdin} = renderWithMainProfile();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		await press(stdin, 'p');
		await waitForFrame(lastFrame, (frame) => frame.includes('gone'));
		await press(stdin, KEYS.down, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (text) =>
			text.includes('Cannot open gone: VIKTOR_TOKEN_GONE is not set'),
		);
		expect(frame).toMatch(/^› .*gone/m);
		expect(frame).not.toContain('step 2 of 4');
		await settle();
		// One Esc clears the message and keeps the list; the next one goes back to the browser.
		await press(stdin, KEYS.escape);
		await settle();
		expect(lastFrame()).toContain('TOKEN SOURCE');
		expect(lastFrame()).not.toContain('is not set');
		await press(stdin, KEYS.escape);
		await settle();
		const back = await waitForFrame(lastFrame, (text) => text.includes('1 of 240'));
		expect(back).toContain('main');
	});

	it('no longer names a deleted profile as the one in use', async () => {
		await saveProfile('main', server, 'VIKTOR_TOKEN_MAIN');
		await saveProfile('spare', other, 'VIKTOR_TOKEN_OTHER');
		const {lastFrame, stdin} = renderWithMainProfile();
		const before = await waitForFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		expect(before).toMatch(/1 of 240.*main/);
		await press(stdin, 'p');
		await waitForFrame(lastFrame, (frame) => frame.includes('spare'));
		await press(stdin, 'd', 'y');
		const deleted = await waitForFrame(lastFrame, (frame) => frame.includes('Deleted main'));
		expect(deleted).toContain('no default is left');
		await settle();
		await press(stdin, KEYS.escape);
		const after = await waitForFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		expect(after).not.toMatch(/1 of 240.*main/);
	});

	it('starts with setup when nothing is configured and opens the browser when it is done', async () => {
		const {lastFrame, stdin} = renderApp();
		await waitForFrame(lastFrame, (frame) => frame.includes('step 1 of 4: Environment'));
		await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
		await type(stdin, server.baseUrl);
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (frame) => frame.includes('Personal Access Token'));
		await type(stdin, server.token);
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (frame) =>
			frame.includes('Token accepted: 240 workspaces visible'),
		);
		await settle();
		await press(stdin, KEYS.enter, KEYS.enter, KEYS.enter);
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 240'));
		expect(store.read().profiles.map((profile) => profile.name)).toEqual(['local']);
	});
});

describe('the saved place per profile', () => {
	it('saves the place under the profile on a switch, and opens it again on a switch back', async () => {
		await saveProfile('main', server, 'VIKTOR_TOKEN_MAIN');
		await saveProfile('other', other, 'VIKTOR_TOKEN_OTHER');
		const saved: Array<[string, unknown]> = [];
		services = {...services, savePlace: (key, place) => saved.push([key, place])};
		const {lastFrame, stdin} = renderWithMainProfile();
		await waitForFrame(lastFrame, (frame) => frame.includes('1 of 240') && frame.includes('main'));
		await press(stdin, 'jjj');
		await waitForFrame(lastFrame, (frame) => frame.includes('4 of 240'));
		await press(stdin, 'p');
		await waitForFrame(lastFrame, (frame) => frame.includes('Profiles') && frame.includes('other'));
		await press(stdin, KEYS.down, KEYS.enter);
		await waitForFrame(lastFrame, (text) => text.includes('1 of 77'));
		expect(saved).toEqual([
			['profile:main', expect.objectContaining({position: 3, selectedId: expect.anything()})],
		]);
		await press(stdin, 'p');
		await waitForFrame(lastFrame, (frame) => frame.includes('Profiles') && frame.includes('main'));
		await press(stdin, KEYS.up, KEYS.enter);
		await waitForFrame(lastFrame, (text) => text.includes('4 of 240') && text.includes('main'));
		expect(saved.map(([key]) => key)).toEqual(['profile:main', 'profile:other']);
	});
});
