import {describe, expect, it} from 'vitest';
import {entityWebLink, webAppRoot, workspaceWebLink} from '../../source/api/web-links.js';

describe('workspaceWebLink', () => {
	it('drops /api from the base and links to the workspace app', () => {
		expect(workspaceWebLink('https://acme.viktor.ai/api', 12)).toEqual({
			ok: true,
			url: 'https://acme.viktor.ai/workspaces/12/app',
			isLoopback: false,
		});
		expect(workspaceWebLink('https://cloud.us1.viktor.ai/api/', '2515')).toEqual({
			ok: true,
			url: 'https://cloud.us1.viktor.ai/workspaces/2515/app',
			isLoopback: false,
		});
	});

	it('keeps a path before /api and a port', () => {
		expect(workspaceWebLink('https://proxy.example:8443/viktor/api/', 7)).toMatchObject({
			url: 'https://proxy.example:8443/viktor/workspaces/7/app',
		});
	});

	it('flags a loopback host such as the demo server', () => {
		expect(workspaceWebLink('http://127.0.0.1:8123/api', 3)).toEqual({
			ok: true,
			url: 'http://127.0.0.1:8123/workspaces/3/app',
			isLoopback: true,
		});
		expect(workspaceWebLink('http://localhost:9/api', 3)).toMatchObject({isLoopback: true});
		expect(workspaceWebLink('http://[::1]:9/api', 3)).toMatchObject({isLoopback: true});
	});

	it('refuses ids that do not belong in a path, naming them sanitized', () => {
		expect(workspaceWebLink('https://acme.viktor.ai/api', '../../admin')).toEqual({
			ok: false,
			reason: 'the workspace id "../../admin" cannot be put in a web-app link',
		});
		expect(workspaceWebLink('https://acme.viktor.ai/api', -1)).toMatchObject({ok: false});
		expect(workspaceWebLink('https://acme.viktor.ai/api', 1.5)).toMatchObject({ok: false});
		expect(workspaceWebLink('https://acme.viktor.ai/api', undefined)).toEqual({
			ok: false,
			reason: 'the workspace id undefined cannot be put in a web-app link',
		});
		const hostile = workspaceWebLink('https://acme.viktor.ai/api', 'a\u001B]0;x\u0007b');
		expect(hostile.ok ? '' : hostile.reason).toBe(
			'the workspace id "ab" cannot be put in a web-app link',
		);
	});

	it('says why there is no link for a base that is not an http(s) URL', () => {
		expect(workspaceWebLink('not a url', 1)).toEqual({
			ok: false,
			reason: 'the API address is not a URL, so there is no web-app link',
		});
		expect(webAppRoot('ftp://acme.viktor.ai/api')).toEqual({
			ok: false,
			reason: 'the API address uses ftp:, not https',
		});
	});
});

describe('entityWebLink', () => {
	it('links to the entity editor inside the workspace app', () => {
		expect(entityWebLink('https://acme.viktor.ai/api/', 12, 345)).toEqual({
			ok: true,
			url: 'https://acme.viktor.ai/workspaces/12/app/editor/345',
			isLoopback: false,
		});
	});

	it('checks both ids', () => {
		expect(entityWebLink('https://acme.viktor.ai/api', 12, 'x y')).toEqual({
			ok: false,
			reason: 'the entity id "x y" cannot be put in a web-app link',
		});
		expect(entityWebLink('https://acme.viktor.ai/api', null, 3)).toMatchObject({ok: false});
	});
});
