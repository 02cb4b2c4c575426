import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveStartup, verifyToken, type Profile} from '../../source/config/index.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {closedPort} from '../helpers.js';

let server: DemoServer;
let target: {baseUrl: string; host: string; label: string};

beforeAll(async () => {
	server = await startDemoServer({count: 137});
	const host = new URL(server.url).host;
	target = {baseUrl: server.baseUrl, host, label: host};
});

afterAll(async () => server.close());

describe('verifyToken', () => {
	it('counts the workspaces a good token sees, with one request', async () => {
		server.resetStats();
		expect(await verifyToken(target, server.token)).toEqual({ok: true, count: 137});
		expect(server.stats().log.map((entry) => [entry.path, entry.query.limit])).toEqual([
			['/api/workspaces/', '1'],
		]);
	});

	it('says the token was rejected, naming the host and never the token', async () => {
		const token = 'vktrpat_wrong000000000_wrongwrongwrongwrongwrong00';
		const result = await verifyToken(target, token);
		expect(result).toMatchObject({ok: false, kind: 'auth'});
		expect(!result.ok && result.message).toContain(target.host);
		expect(JSON.stringify(result)).not.toContain(token);
	});

	it('says an unreachable host is unreachable', async () => {
		const port = await closedPort();
		const result = await verifyToken(
			{baseUrl: `http://127.0.0.1:${port}/api`, host: `127.0.0.1:${port}`, label: 'closed'},
			server.token,
		);
		expect(result).toMatchObject({ok: false, kind: 'network'});
	});

	it('refuses a token that cannot be sent, without showing it', async () => {
		const result = await verifyToken(target, 'vktrpat_has space_secret');
		expect(result).toMatchObject({ok: false, kind: 'invalid-input'});
		expect(JSON.stringify(result)).not.toContain('secret');
	});

	it('times out against a server that never answers', async () => {
		server.addFault({fault: {type: 'hang'}, times: 1});
		const result = await verifyToken(target, server.token, {timeoutMs: 100});
		expect(result).toMatchObject({ok: false, kind: 'timeout'});
	});
});

describe('resolveStartup', () => {
	const profile: Profile = {
		name: 'demo',
		baseUrl: 'http://127.0.0.1:9/api',
		tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN_DEMO'},
	};
	const store = {profiles: [profile], defaultProfile: 'demo'};

	it('resolves the token source of ready settings into a session', async () => {
		const startup = await resolveStartup({flags: {}, env: {VIKTOR_TOKEN_DEMO: 'vktrpat_t'}, store});
		expect(startup).toEqual({
			kind: 'session',
			target: {baseUrl: 'http://127.0.0.1:9/api', host: '127.0.0.1:9', label: '127.0.0.1:9'},
			token: 'vktrpat_t',
			profileName: 'demo',
			profile,
		});
	});

	it('goes to the token step with the reason when the source yields nothing', async () => {
		const startup = await resolveStartup({flags: {}, env: {}, store});
		expect(startup).toMatchObject({
			kind: 'setup',
			step: 'token',
			reason: 'VIKTOR_TOKEN_DEMO is not set',
			partial: {target: {host: '127.0.0.1:9'}, profileName: 'demo'},
		});
	});

	it('runs a token command', async () => {
		const startup = await resolveStartup({
			flags: {},
			env: {PATH: process.env.PATH},
			store: {
				profiles: [{...profile, tokenSource: {type: 'command', command: 'echo vktrpat_cmd'}}],
				defaultProfile: 'demo',
			},
		});
		expect(startup).toMatchObject({kind: 'session', token: 'vktrpat_cmd'});
	});

	it('passes errors and setup through unchanged', async () => {
		expect(await resolveStartup({flags: {profile: 'x'}, env: {}, store})).toMatchObject({
			kind: 'error',
		});
		expect(await resolveStartup({flags: {}, env: {}, store: {profiles: []}})).toEqual({
			kind: 'setup',
			step: 'environment',
			partial: {},
		});
	});
});
