import {describe, expect, it} from 'vitest';
import {
	isLoopbackHost,
	resolveBaseUrl,
	resolveEnvironment,
	webUrlFor,
} from '../../source/api/environment.js';

describe('resolveEnvironment', () => {
	it.each([
		['cloud', 'https://cloud.viktor.ai/api', 'cloud.viktor.ai', 'cloud'],
		['cloud.us1', 'https://cloud.us1.viktor.ai/api', 'cloud.us1.viktor.ai', 'cloud.us1'],
		['acme', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['  ACME \n', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['acme.viktor.ai', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['Acme.Viktor.AI', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['acme.viktor.ai.', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['https://acme.viktor.ai', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['https://acme.viktor.ai/', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['https://acme.viktor.ai/api', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['HTTPS://ACME.viktor.ai/api/', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		['https://acme.viktor.ai:443/api', 'https://acme.viktor.ai/api', 'acme.viktor.ai', 'acme'],
		[
			'https://acme.viktor.ai:8443',
			'https://acme.viktor.ai:8443/api',
			'acme.viktor.ai:8443',
			'acme.viktor.ai:8443',
		],
		[
			'viktor.example.com',
			'https://viktor.example.com/api',
			'viktor.example.com',
			'viktor.example.com',
		],
		['localhost:8123', 'https://localhost:8123/api', 'localhost:8123', 'localhost:8123'],
		['http://127.0.0.1:8123/api', 'http://127.0.0.1:8123/api', '127.0.0.1:8123', '127.0.0.1:8123'],
		['http://localhost:8123', 'http://localhost:8123/api', 'localhost:8123', 'localhost:8123'],
		['http://[::1]:8123/', 'http://[::1]:8123/api', '[::1]:8123', '[::1]:8123'],
	])('resolves %j to %s', (input, baseUrl, host, label) => {
		expect(resolveEnvironment(input)).toEqual({ok: true, baseUrl, host, label});
	});

	it.each([
		['', /No environment given/],
		['   ', /No environment given/],
		['ac me', /contains spaces/],
		['https://acme.viktor.ai/ api', /contains spaces/],
		['ftp://acme.viktor.ai', /not an http\(s\) address/],
		['file:/etc/passwd', /not an http\(s\) address/],
		['file:///etc/passwd', /not an http\(s\) address/],
		['/api', /is a path/],
		['acme/api', /is a path/],
		['https:///api', /has no host/],
		['https://', /has no host/],
		['https://acme.viktor.ai/api?limit=1', /query or fragment/],
		['https://acme.viktor.ai/#top', /query or fragment/],
		['acme?x=1', /not an environment name or host/],
		['https://user:pw@acme.viktor.ai', /user name or password/],
		['https://user@acme.viktor.ai/api', /user name or password/],
		['https://acme.viktor.ai/other', /may end only in \/api/],
		['-acme', /not an environment name or host/],
		['acme_corp', /not an environment name or host/],
		['acme..viktor.ai', /not an environment name or host/],
		['acme:port', /not an http\(s\) address/],
		['acme:99999', /not an environment name or host/],
		['https://acme.viktor.ai:99999', /not a valid URL/],
	])('refuses %j, saying what is accepted', (input, reason) => {
		const result = resolveEnvironment(input);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.message).toMatch(reason);
		expect(result.message).toContain('`cloud`');
	});

	it.each([
		'http://acme.viktor.ai',
		'http://acme.viktor.ai/api',
		'http://10.0.0.5:8000',
		'HTTP://Acme.viktor.ai',
	])('refuses clear-text %j because the token would travel unencrypted', (input) => {
		expect(resolveEnvironment(input)).toEqual({
			ok: false,
			message: expect.stringMatching(
				/^refusing http:\/\/[\w.:]+: the token would travel unencrypted; use https:\/\//,
			) as unknown,
		});
	});

	it('names the refused host in the clear-text message', () => {
		const result = resolveEnvironment('http://acme.viktor.ai');
		expect(result.ok ? '' : result.message).toContain(
			'refusing http://acme.viktor.ai: the token would travel unencrypted; use https://',
		);
	});

	it('never echoes a password from the input', () => {
		for (const input of [
			'https://user:s3cret@acme.viktor.ai',
			'ftp://user:s3cret@acme.viktor.ai',
		]) {
			const result = resolveEnvironment(input);
			expect(result.ok).toBe(false);
			expect(JSON.stringify(result)).not.toContain('s3cret');
		}
	});

	it('shortens very long input in its message', () => {
		const result = resolveEnvironment(`ftp://${'a'.repeat(500)}`);
		expect(result.ok ? '' : result.message).not.toContain('a'.repeat(100));
	});
});

describe('resolveBaseUrl', () => {
	it.each([
		['http://127.0.0.1:8123/api', 'http://127.0.0.1:8123/api', '127.0.0.1:8123'],
		['http://127.0.0.1:8123/api/', 'http://127.0.0.1:8123/api', '127.0.0.1:8123'],
		['http://127.5.6.7/api', 'http://127.5.6.7/api', '127.5.6.7'],
		['http://localhost/proxy/viktor/api//', 'http://localhost/proxy/viktor/api', 'localhost'],
		['http://[::1]:9000/api', 'http://[::1]:9000/api', '[::1]:9000'],
		[' https://ACME.viktor.ai/api ', 'https://acme.viktor.ai/api', 'acme.viktor.ai'],
		['https://acme.viktor.ai', 'https://acme.viktor.ai/api', 'acme.viktor.ai'],
		['http://127.0.0.1:8123/', 'http://127.0.0.1:8123/api', '127.0.0.1:8123'],
		[
			'https://gateway.example.com/viktor/api',
			'https://gateway.example.com/viktor/api',
			'gateway.example.com',
		],
	])('accepts %j as %s', (input, baseUrl, host) => {
		const result = resolveBaseUrl(input);
		expect(result).toMatchObject({ok: true, baseUrl, host});
	});

	it.each([
		['', /No base URL given/],
		['acme', /not an http\(s\) address/],
		['acme.viktor.ai/api', /not an http\(s\) address/],
		[
			'http://acme.viktor.ai/api',
			/^refusing http:\/\/acme\.viktor\.ai: the token would travel unencrypted/,
		],
		['http://128.0.0.1/api', /^refusing http:\/\/128\.0\.0\.1/],
		['http://localhost.example.com/api', /^refusing http:\/\/localhost\.example\.com/],
		['https://acme.viktor.ai/api?x=1', /query or fragment/],
		['https://me:pw@acme.viktor.ai/api', /user name or password/],
		['ws://127.0.0.1/api', /not an http\(s\) address/],
		['http:// 127.0.0.1/api', /contains spaces/],
	])('refuses %j', (input, reason) => {
		const result = resolveBaseUrl(input);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.message).toMatch(reason);
	});
});

describe('isLoopbackHost', () => {
	it.each([
		['localhost', true],
		['LOCALHOST', true],
		['localhost:8123', true],
		['127.0.0.1', true],
		['127.255.3.4', true],
		['127.0.0.1:8123', true],
		['::1', true],
		['[::1]', true],
		['[::1]:8123', true],
		['128.0.0.1', false],
		['127.0.0.256', false],
		['127.0.0', false],
		['10.0.0.1', false],
		['localhost.example.com', false],
		['example.localhost.com', false],
		['acme.viktor.ai', false],
		['[::2]', false],
		['[::1', false],
		['localhost:http', false],
		['', false],
	])('tells that %j is loopback: %s', (host, expected) => {
		expect(isLoopbackHost(host)).toBe(expected);
	});
});

describe('webUrlFor', () => {
	it.each([
		['https://acme.viktor.ai/api', 12, 'https://acme.viktor.ai/workspaces/12'],
		['https://acme.viktor.ai/api/', '12', 'https://acme.viktor.ai/workspaces/12'],
		['http://127.0.0.1:8123/api', 3, 'http://127.0.0.1:8123/workspaces/3'],
		[
			'https://gateway.example.com/viktor/api',
			7,
			'https://gateway.example.com/viktor/workspaces/7',
		],
		['https://acme.viktor.ai/api', 'a/b', 'https://acme.viktor.ai/workspaces/a%2Fb'],
	])('links %s and workspace %j to %s', (baseUrl, id, expected) => {
		expect(webUrlFor(baseUrl, id)).toBe(expected);
	});
});
