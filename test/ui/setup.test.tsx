import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {
	createProfileStore,
	verifyToken,
	type Profile,
	type Target,
} from '../../source/config/index.js';
import type {CheckHost} from '../../source/api/host-check.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {
	initialSetupState,
	setupReducer,
	suggestProfileName,
	withoutDoubledScheme,
} from '../../source/ui/setup-state.js';
import {Setup, type SetupDone, type SetupProps} from '../../source/ui/screens/setup.js';
import {makeTheme} from '../../source/ui/theme.js';
import {closedPort, KEYS, press, settle, type, waitForFrame} from '../helpers.js';

let server: DemoServer;
let target: Target;
let configDir: string;

beforeAll(async () => {
	server = await startDemoServer({count: 1234});
	const host = new URL(server.url).host;
	target = {baseUrl: server.baseUrl, host, label: host};
});

afterAll(async () => server.close());

beforeEach(() => {
	configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-setup-'));
});

afterEach(() => {
	cleanup();
	fs.rmSync(configDir, {recursive: true, force: true});
});

/** Renders the screen wired to the real verifier and a real store in a temp dir. */
function renderSetup(overrides: Partial<SetupProps> = {}) {
	const store = createProfileStore({configDirectory: configDir});
	const events = {done: [] as SetupDone[], saved: [] as Profile[], cancelled: 0, backs: 0};
	const props: SetupProps = {
		verify: async (where, token, signal) => verifyToken(where, token, {signal, timeoutMs: 2000}),
		async saveProfile(profile, options) {
			events.saved.push(profile);
			return store.saveProfile(profile, options);
		},
		onDone(result) {
			events.done.push(result);
		},
		onCancel() {
			events.cancelled++;
		},
		theme: makeTheme(true),
		...overrides,
	};
	const instance = render(<Setup {...props} />);
	return {...instance, events, store};
}

const repeat = (key: string, times: number): string[] => Array.from({length: times}, () => key);

const frameOf = (lastFrame: () => string | undefined) => lastFrame() ?? '';

describe('the setup screen', () => {
	it('walks from a custom URL to a saved profile and hands over the token', async () => {
		const {stdin, lastFrame, events} = renderSetup();
		expect(frameOf(lastFrame)).toContain('step 1 of 4: Environment');
		expect(frameOf(lastFrame)).toContain('❯ cloud (Frankfurt)');
		await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('URL:');
		await type(stdin, server.baseUrl);
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain(`Personal Access Token for ${target.host}`);
		await type(stdin, server.token);
		const masked = frameOf(lastFrame);
		expect(masked).toContain('•'.repeat(server.token.length));
		expect(masked).not.toContain(server.token.slice(8));
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (frame) =>
			frame.includes('Token accepted: 1,234 workspaces visible'),
		);
		await settle();
		expect(frameOf(lastFrame)).toContain('Profile name: local');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain(
			'❯ Environment variable VIKTOR_TOKEN_LOCAL (for this profile)',
		);
		await press(stdin, KEYS.enter);
		const confirm = frameOf(lastFrame);
		expect(confirm).toContain(`export VIKTOR_TOKEN_LOCAL=vktrpat_…${server.token.slice(-4)}`);
		expect(confirm).not.toContain(server.token);
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, () => events.done.length > 0);
		expect(events.done).toEqual([
			{...target, label: target.host, token: server.token, profileName: 'local'},
		]);
		expect(events.saved).toEqual([
			{
				name: 'local',
				baseUrl: server.baseUrl,
				tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN_LOCAL'},
			},
		]);
		const files = fs.readdirSync(configDir);
		expect(files).toEqual(['config.json']);
		for (const file of files) {
			const content = fs.readFileSync(path.join(configDir, file), 'utf8');
			expect(content).not.toContain(server.token);
			expect(content).not.toContain(server.token.slice(8, 30));
		}
	});

	it('goes back to the token step with the message when the token is rejected, keeping the environment', async () => {
		const {stdin, lastFrame, events} = renderSetup({initial: {target, step: 'token'}});
		await type(stdin, 'vktrpat_wrong000000000_wrongwrongwrongwrongwrong00');
		await press(stdin, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (current) => current.includes('✖'));
		expect(frame).toContain('step 2 of 4: Token');
		expect(frame).toMatch(/rejected/i);
		expect(frame).toContain(`Personal Access Token for ${target.host}`);
		expect(frame).not.toContain('wrongwrong');
		expect(events.done).toEqual([]);
		// The wrong token is still there to fix, and the right one gets through.
		await settle();
		await press(stdin, ...repeat(KEYS.backspace, 50));
		await type(stdin, server.token);
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (current) => current.includes('Token accepted'));
	});

	it('goes back to the environment step when the host is unreachable, keeping the URL and the token', async () => {
		const port = await closedPort();
		const closedUrl = `http://127.0.0.1:${port}/api`;
		const {stdin, lastFrame} = renderSetup();
		await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
		await type(stdin, closedUrl);
		await press(stdin, KEYS.enter);
		await type(stdin, server.token);
		await press(stdin, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (current) => current.includes('✖'));
		expect(frame).toContain('step 1 of 4: Environment');
		expect(frame).toContain(`127.0.0.1:${port}`);
		expect(frame).toContain(`URL: ${closedUrl}`);
		await settle();
		await press(stdin, ...repeat(KEYS.backspace, closedUrl.length));
		await type(stdin, server.baseUrl);
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('•'.repeat(server.token.length));
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (current) => current.includes('Token accepted'));
	});

	it('validates the environment inline before any request', async () => {
		let requests = 0;
		const {stdin, lastFrame} = renderSetup({
			async verify() {
				requests++;
				return {ok: true, count: 0};
			},
		});
		await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
		await type(stdin, 'http://example.com/api');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('refusing http://example.com');
		expect(frameOf(lastFrame)).toContain('URL: http://example.com/api');
		await press(stdin, KEYS.escape);
		await press(stdin, KEYS.up, KEYS.enter);
		await type(stdin, 'not valid');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('"not valid" contains spaces');
		expect(requests).toBe(0);
	});

	it('starts at the token step with a reason, warns about a token without vktrpat_, and steps back with Esc', async () => {
		const {stdin, lastFrame, events} = renderSetup({
			initial: {step: 'token', reason: 'VIKTOR_TOKEN_ACME is not set', environment: 'acme'},
		});
		expect(frameOf(lastFrame)).toContain('⚠ VIKTOR_TOKEN_ACME is not set');
		expect(frameOf(lastFrame)).toContain('Personal Access Token for acme.viktor.ai');
		expect(frameOf(lastFrame)).toContain('profile menu → Settings → Access Tokens');
		await type(stdin, 'ghp_notviktor');
		expect(frameOf(lastFrame)).toContain('does not look like a VIKTOR token');
		await press(stdin, KEYS.escape);
		await settle();
		expect(frameOf(lastFrame)).toContain('Environment: acme');
		await press(stdin, KEYS.escape);
		await settle();
		expect(frameOf(lastFrame)).toContain('❯ Company environment…');
		await press(stdin, KEYS.ctrlC);
		expect(events.cancelled).toBe(1);
	});

	it('cancels a check in flight with Esc and quits with Ctrl+C at any step', async () => {
		let aborted = false;
		const {stdin, lastFrame, events} = renderSetup({
			initial: {target, step: 'token', token: server.token},
			verify: async (_where, _token, signal) =>
				new Promise((resolve) => {
					signal.addEventListener('abort', () => {
						aborted = true;
						resolve({ok: true, count: 1});
					});
				}),
		});
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain(`Checking the token with ${target.host}`);
		await press(stdin, KEYS.escape);
		await settle();
		expect(aborted).toBe(true);
		expect(frameOf(lastFrame)).toContain('step 2 of 4: Token');
		await press(stdin, KEYS.ctrlC);
		expect(events.cancelled).toBe(1);
	});

	it('uses the token for this session only without saving anything', async () => {
		const {stdin, lastFrame, events} = renderSetup({
			initial: {target, step: 'token', token: server.token},
		});
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (frame) => frame.includes('Token accepted'));
		await settle();
		await press(stdin, KEYS.enter);
		await press(stdin, ...repeat(KEYS.down, 7));
		expect(frameOf(lastFrame)).toContain('❯ This session only');
		await press(stdin, KEYS.enter);
		expect(events.done).toEqual([{...target, token: server.token}]);
		expect(events.saved).toEqual([]);
		expect(fs.readdirSync(configDir)).toEqual([]);
	});

	it('offers a token command preset with the matching store command', async () => {
		const {stdin, lastFrame, events, store} = renderSetup({
			initial: {target, step: 'token', token: server.token},
		});
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (frame) => frame.includes('Token accepted'));
		await settle();
		await press(stdin, ...repeat(KEYS.backspace, 5));
		await type(stdin, 'lab');
		await press(stdin, KEYS.enter);
		await press(stdin, ...repeat(KEYS.down, 5));
		expect(frameOf(lastFrame)).toContain('❯ Command: pass');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('Command: pass show viktor-tui/lab');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('pass insert viktor-tui/lab');
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, () => events.done.length > 0);
		expect(store.read().profiles).toEqual([
			{
				name: 'lab',
				baseUrl: server.baseUrl,
				tokenSource: {type: 'command', command: 'pass show viktor-tui/lab'},
			},
		]);
	});

	it('shows a failed save inline and lets the user go back', async () => {
		const {stdin, lastFrame, events} = renderSetup({
			initial: {target, step: 'token', token: server.token},
			saveProfile: async () => ({
				ok: false,
				message: `Cannot save profiles: ${configDir} is not writable (EACCES)`,
			}),
		});
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (frame) => frame.includes('Token accepted'));
		await settle();
		await press(stdin, KEYS.enter, KEYS.enter, KEYS.enter);
		const frame = await waitForFrame(lastFrame, (current) => current.includes('not writable'));
		expect(frame).toContain(`✖ Cannot save profiles: ${configDir} is not writable (EACCES)`);
		expect(events.done).toEqual([]);
		await settle();
		await press(stdin, KEYS.escape);
		await settle();
		expect(frameOf(lastFrame)).toContain('Where should viktor-tui find the token next time?');
	});
});

describe("the setup screen's text fields", () => {
	it('prefills the URL field with a real https:// that edits like typed text', async () => {
		const {stdin, lastFrame} = renderSetup();
		await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('URL: https://');
		await type(stdin, 'acme.viktor.ai/api');
		expect(frameOf(lastFrame)).toContain('URL: https://acme.viktor.ai/api');
	});

	it('deletes with several Backspaces that arrive in one read, and the check uses the fixed URL', async () => {
		const {stdin, lastFrame} = renderSetup();
		await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
		// A paste replaces the prefilled scheme; then three Backspaces in one write.
		stdin.write(`${server.baseUrl}XYZ`);
		await settle();
		stdin.write('\u007F\u007F\u007F');
		await settle();
		expect(frameOf(lastFrame)).toContain(`URL: ${server.baseUrl}`);
		expect(frameOf(lastFrame)).not.toContain('XYZ');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain(`Personal Access Token for ${target.host}`);
		stdin.write(`${server.token}\r`);
		await waitForFrame(lastFrame, (frame) => frame.includes('Token accepted'));
	});
});

describe("the setup screen's keys and offers", () => {
	it('takes ↓ ↓ ↓ Enter in one read to the custom URL step', async () => {
		const {stdin, lastFrame} = renderSetup();
		stdin.write(`${KEYS.down}${KEYS.down}${KEYS.down}${KEYS.enter}`);
		await settle();
		expect(frameOf(lastFrame)).toContain('URL: https://');
	});

	it('quits with q and shows help with ? outside a text field; in a field they are letters', async () => {
		const {stdin, lastFrame, events} = renderSetup({initial: {target, step: 'token'}});
		await type(stdin, 'q?');
		expect(frameOf(lastFrame)).toContain('Token: ••');
		expect(events.cancelled).toBe(0);
		// Esc leaves the token field for the URL field, and the URL field for the list.
		await press(stdin, KEYS.escape, KEYS.escape);
		expect(frameOf(lastFrame)).toContain('❯ Custom API URL');
		expect(frameOf(lastFrame)).toContain('? help');
		await press(stdin, '?');
		expect(frameOf(lastFrame)).toContain('Setup keys');
		expect(frameOf(lastFrame)).toContain('Ctrl+W');
		await press(stdin, '?');
		expect(frameOf(lastFrame)).not.toContain('Setup keys');
		expect(frameOf(lastFrame)).toContain('❯ Custom API URL');
		await press(stdin, 'q');
		expect(events.cancelled).toBe(1);
	});

	it('offers VIKTOR_TOKEN masked, and saves the profile reading VIKTOR_TOKEN by default', async () => {
		const {stdin, lastFrame} = renderSetup({
			initial: {target, step: 'token'},
			offeredToken: server.token,
		});
		const frame = frameOf(lastFrame);
		expect(frame).toContain(`Token: ${'•'.repeat(server.token.length)}`);
		expect(frame).toContain(`From VIKTOR_TOKEN (vktrpat_…${server.token.slice(-4)})`);
		expect(frame).not.toContain(server.token.slice(8));
		await press(stdin, KEYS.enter);
		await waitForFrame(lastFrame, (current) => current.includes('Token accepted'));
		await settle();
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('❯ Environment variable VIKTOR_TOKEN\n');
	});

	it('refuses a profile name that differs from a saved one only in case', async () => {
		const {stdin, lastFrame} = renderSetup({
			initial: {target, step: 'token'},
			offeredToken: server.token,
			profileNames: ['LOCAL'],
		});
		await press(stdin, KEYS.enter);
		// The suggestion already avoids the saved name; typing it anyway is refused.
		await waitForFrame(lastFrame, (current) => current.includes('Profile name: local-2'));
		await settle();
		await press(stdin, '\u0015');
		await type(stdin, 'local');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain(
			'✖ A profile named "LOCAL" already exists (names ignore case).',
		);
		await press(stdin, '\u0017');
		await type(stdin, 'lab');
		await press(stdin, KEYS.enter);
		expect(frameOf(lastFrame)).toContain('Where should viktor-tui find the token next time?');
	});
});

describe("the setup screen's DNS check", () => {
	const missing = new Set(['clodu.viktor.ai', 'nosuchco.viktor.ai']);
	const lookups: string[] = [];
	const checkHost: CheckHost = async (hostname) => {
		lookups.push(hostname);
		return missing.has(hostname) ? {kind: 'not-found'} : {kind: 'found'};
	};

	it('catches a likely typo of a known environment when DNS has no such host', async () => {
		const {stdin, lastFrame} = renderSetup({checkHost});
		await press(stdin, KEYS.down, KEYS.down, KEYS.enter);
		stdin.write('clodu\r');
		const frame = await waitForFrame(lastFrame, (current) => current.includes('✖'));
		expect(frame).toContain(
			'✖ clodu.viktor.ai does not exist (DNS has no such name): did you mean cloud?',
		);
		expect(frame).toContain('Environment: clodu');
		expect(lookups).toContain('clodu.viktor.ai');
	});

	it('says an unknown host does not exist without guessing, and goes on when DNS finds it', async () => {
		const {stdin, lastFrame} = renderSetup({checkHost});
		await press(stdin, KEYS.down, KEYS.down, KEYS.enter);
		stdin.write('nosuchco\r');
		const frame = await waitForFrame(lastFrame, (current) => current.includes('✖'));
		expect(frame).toContain(
			'nosuchco.viktor.ai does not exist (DNS has no such name): check the spelling.',
		);
		await settle();
		await press(stdin, '\u0015');
		stdin.write('acme\r');
		await waitForFrame(lastFrame, (current) =>
			current.includes('Personal Access Token for acme.viktor.ai'),
		);
	});

	it('goes on when DNS cannot tell (offline), and Esc cancels a lookup', async () => {
		const releases: Array<() => void> = [];
		const slow: CheckHost = async (_hostname, signal) =>
			new Promise((resolve) => {
				releases.push(() => {
					resolve({kind: 'unknown', code: 'EAI_AGAIN'});
				});
				signal.addEventListener('abort', () => {
					resolve({kind: 'unknown'});
				});
			});
		const {stdin, lastFrame} = renderSetup({checkHost: slow});
		await press(stdin, KEYS.down, KEYS.down, KEYS.enter);
		stdin.write('acme\r');
		await waitForFrame(lastFrame, (current) => current.includes('Looking up acme.viktor.ai'));
		await settle();
		await press(stdin, KEYS.escape);
		await settle();
		expect(lastFrame()).toContain('Environment: acme');
		stdin.write('\r');
		// The lookup starts in an effect after the frame shows it: wait for the call itself.
		await waitForFrame(lastFrame, () => releases.length === 2);
		releases[1]?.();
		await waitForFrame(lastFrame, (current) =>
			current.includes('Personal Access Token for acme.viktor.ai'),
		);
	});
});

describe('the setup state', () => {
	it('suggests a profile name no saved profile has, in any case', () => {
		const local = {baseUrl: 'http://127.0.0.1:8123/api', host: '127.0.0.1:8123', label: 'local'};
		expect(suggestProfileName(local, ['LOCAL', 'local-2'])).toBe('local-3');
		expect(suggestProfileName(local, ['acme'])).toBe('local');
	});

	it('asks DNS nothing for a known environment typed in the company field', () => {
		let state = initialSetupState();
		state = setupReducer(state, {type: 'choose-environment', choice: 'company'});
		state = setupReducer(state, {type: 'edit-company', value: 'Cloud.US1'});
		state = setupReducer(state, {type: 'submit-company'});
		expect(state).toMatchObject({step: 'token', target: {host: 'cloud.us1.viktor.ai'}});
	});

	it('replaces the prefilled https:// when a full URL follows it', () => {
		expect(withoutDoubledScheme('https://http://127.0.0.1:8123/api')).toBe(
			'http://127.0.0.1:8123/api',
		);
		expect(withoutDoubledScheme('https://HTTPS://acme.viktor.ai')).toBe('HTTPS://acme.viktor.ai');
		expect(withoutDoubledScheme('https://http')).toBe('https://http');
		expect(withoutDoubledScheme('https://acme.viktor.ai')).toBe('https://acme.viktor.ai');
	});

	it.each([
		[{baseUrl: 'https://cloud.viktor.ai/api', host: 'cloud.viktor.ai', label: 'cloud'}, 'cloud'],
		[{baseUrl: 'https://acme.viktor.ai/api', host: 'acme.viktor.ai', label: 'acme'}, 'acme'],
		[
			{baseUrl: 'http://127.0.0.1:8123/api', host: '127.0.0.1:8123', label: '127.0.0.1:8123'},
			'local',
		],
		[
			{baseUrl: 'http://localhost:8123/api', host: 'localhost:8123', label: 'localhost:8123'},
			'local',
		],
		[
			{
				baseUrl: 'https://v.example.com:8443/api',
				host: 'v.example.com:8443',
				label: 'v.example.com:8443',
			},
			'v.example.com-8443',
		],
	])('suggests a profile name for %j', (where, name) => {
		expect(suggestProfileName(where)).toBe(name);
	});

	it('records the environment as typed and keeps values when a check fails', () => {
		let state = initialSetupState();
		state = setupReducer(state, {type: 'choose-environment', choice: 'company'});
		state = setupReducer(state, {type: 'edit-company', value: ' ACME '});
		state = setupReducer(state, {type: 'submit-company'});
		expect(state).toMatchObject({step: 'checking-host'});
		state = setupReducer(state, {type: 'host-checked', result: {kind: 'found'}});
		expect(state).toMatchObject({
			step: 'token',
			location: {environment: 'ACME'},
			profileName: 'acme',
		});
		state = setupReducer(state, {type: 'edit-token', value: 'vktrpat_x'});
		state = setupReducer(state, {type: 'submit-token'});
		state = setupReducer(state, {
			type: 'verify-finished',
			result: {
				ok: false,
				kind: 'invalid-response',
				message: 'acme.viktor.ai answered with a non-JSON page',
			},
		});
		expect(state).toMatchObject({step: 'company', companyInput: ' ACME ', token: 'vktrpat_x'});
	});

	it('presets an edited profile and replaces it when saved under the same name', () => {
		const state = initialSetupState({
			environment: 'acme',
			profileName: 'work',
			tokenSource: {type: 'command', command: 'pass show work'},
		});
		expect(state).toMatchObject({
			step: 'token',
			choice: 'company',
			companyInput: 'acme',
			profileName: 'work',
			originalName: 'work',
			source: 'command-custom',
			command: 'pass show work',
		});
	});
});
