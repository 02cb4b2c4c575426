import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {describeNetworkFailure} from '../../source/api/errors.js';
import {failure} from './failure.js';

const token = 'vktrpat_demo000000000_networkfailuretest000000000';

describe('describeNetworkFailure', () => {
	it('explains common codes in words and keeps the code', () => {
		const origin = 'http://127.0.0.1:8123';
		expect(describeNetworkFailure('127.0.0.1:8123', origin, 'ECONNREFUSED', '')).toBe(
			'Could not reach 127.0.0.1:8123: nothing is listening at http://127.0.0.1:8123 (ECONNREFUSED).',
		);
		expect(
			describeNetworkFailure('clodu.viktor.ai', 'https://clodu.viktor.ai', 'ENOTFOUND', ''),
		).toBe(
			'Could not reach clodu.viktor.ai: no such host: clodu.viktor.ai does not exist in DNS (ENOTFOUND).',
		);
		expect(
			describeNetworkFailure('acme.viktor.ai', 'https://acme.viktor.ai', 'CERT_HAS_EXPIRED', ''),
		).toMatch(/the certificate of acme\.viktor\.ai has expired/);
	});

	it('falls back to the code, or to the detail when there is no code', () => {
		expect(describeNetworkFailure('h', 'https://h', 'EWHATEVER', 'x')).toBe(
			'Could not reach h (EWHATEVER).',
		);
		expect(describeNetworkFailure('h', 'https://h', undefined, 'bad port')).toBe(
			'Could not reach h (bad port).',
		);
	});
});

describe('a client speaking https to a plain http server', () => {
	it('says that the address does not speak https', async () => {
		const server = http.createServer((_request, response) => {
			response.end('{}');
		});
		await new Promise<void>((resolve) => {
			server.listen(0, '127.0.0.1', resolve);
		});
		try {
			const {port} = server.address() as AddressInfo;
			const client = createClient({
				baseUrl: `https://127.0.0.1:${port}/api`,
				token,
				maxAttempts: 1,
				timeoutMs: 5000,
			});
			const error = await failure(client.getJson('workspaces'));
			expect(error.kind).toBe('network');
			// The code depends on the transport: undici says ERR_SSL_WRONG_VERSION_NUMBER, node:https
			// EPROTO; the words are the same.
			expect(error.message).toMatch(
				new RegExp(
					`^Could not reach 127\\.0\\.0\\.1:${port}: this address does not speak https \\(is it plain http\\?\\) \\((EPROTO|ERR_SSL_WRONG_VERSION_NUMBER)\\)\\.$`,
				),
			);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => {
				server.close(resolve);
			});
		}
	});
});
