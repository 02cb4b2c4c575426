import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createProfileStore} from '../source/config/index.js';
import {startDemoServer, type DemoServer} from '../source/demo/server.js';
import {createServices, listFetcher, primeFirstPage} from '../source/services.js';

let server: DemoServer;
let configDirectory: string;

beforeAll(async () => {
	server = await startDemoServer({count: 50, latencyMs: 30});
	configDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-services-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(configDirectory, {recursive: true, force: true});
});

function connection() {
	const services = createServices({store: createProfileStore({configDirectory}), env: {}});
	return services.connect(
		{baseUrl: server.baseUrl, host: server.url.slice('http://'.length), label: 'local'},
		server.token,
	);
}

function workspacePages() {
	return listFetcher(connection().api, 'workspaces', {});
}

function listRequests(): number {
	return server.stats().log.filter((entry) => entry.path === '/api/workspaces/').length;
}

describe('primeFirstPage', () => {
	it('hands the early answer to the first fetch of the same page, with no second request', async () => {
		server.resetStats();
		const {fetchPage} = primeFirstPage(workspacePages(), {
			limit: 20,
			offset: 0,
			sort: 'name',
		});
		const page = await fetchPage(
			{limit: 20, offset: 0, sort: 'name'},
			{signal: new AbortController().signal},
		);
		expect(page.results).toHaveLength(20);
		expect(listRequests()).toBe(1);
		// Later fetches go to the server as usual.
		await fetchPage({limit: 20, offset: 20, sort: 'name'}, {});
		expect(listRequests()).toBe(2);
	});

	it('abandons the early request when the first fetch asks for another page', async () => {
		server.resetStats();
		const {fetchPage} = primeFirstPage(workspacePages(), {limit: 20, offset: 0});
		// Once the early request has reached the server (a transport may not send at all what is
		// abandoned in the same tick as it was asked for).
		await vi.waitFor(() => {
			expect(server.stats().requests).toBe(1);
		});
		const page = await fetchPage({limit: 25, offset: 0}, {});
		expect(page.results).toHaveLength(25);
		const limits = server
			.stats()
			.log.filter((entry) => entry.path === '/api/workspaces/')
			.map((entry) => entry.query['limit']);
		expect(limits).toEqual(['20', '25']);
	});

	it('cancels the early request when the fetch that adopted it is cancelled', async () => {
		const {fetchPage} = primeFirstPage(workspacePages(), {limit: 20, offset: 0});
		const controller = new AbortController();
		const pending = fetchPage({limit: 20, offset: 0}, {signal: controller.signal});
		controller.abort();
		await expect(pending).rejects.toMatchObject({kind: 'cancelled'});
	});

	it('gives its answer for the first frame once it has arrived, and then asks again for a refresh', async () => {
		server.resetStats();
		const primed = primeFirstPage(workspacePages(), {limit: 10, offset: 0});
		expect(primed.takeSettled()).toBeUndefined();
		const page = await vi.waitFor(() => {
			const settled = primed.takeSettled();
			if (settled === undefined) throw new Error('the early answer has not arrived yet');
			return settled;
		});
		expect(page.results).toHaveLength(10);
		expect(primed.takeSettled()).toBeUndefined();
		const before = listRequests();
		await primed.fetchPage({limit: 10, offset: 0}, {});
		expect(listRequests()).toBe(before + 1);
	});
});
