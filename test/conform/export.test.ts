/**
 * `--json RESOURCE` against the conform server (test/support/conform-server.ts): every resource
 * complete and in server order with a page cap of 7 and of 1, UUID ids, 403s, vanished records
 * and the built command's own error lines.
 */
import {execFile} from 'node:child_process';
import {PassThrough} from 'node:stream';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/index.js';
import {runExport} from '../../source/commands/export.js';
import {createResourceApi, listFetcher} from '../../source/services.js';
import type {ParentIds, ResourceName} from '../../source/ui/resources.js';
import {startConformServer, type ConformServer} from '../support/conform-server.js';
import {setUpConformServers} from '../support/conform-servers.js';

const run = promisify(execFile);
const serverOf = setUpConformServers({
	cap7: {pageCap: 7},
	cap1: {pageCap: 1, workspaces: 11},
	uuid: {pageCap: 7, ids: 'uuid', links: true},
});

function collect() {
	const stream = new PassThrough();
	const chunks: string[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	return {stream, text: () => chunks.join('')};
}

async function exportOf(
	server: ConformServer,
	resource: ResourceName,
	parent: ParentIds,
	options: {limit?: number; concurrency?: number} = {},
) {
	const client = createClient({baseUrl: server.baseUrl, token: server.token, maxAttempts: 1});
	const output = collect();
	const stderr = collect();
	const result = await runExport({
		fetchPage: listFetcher(createResourceApi(client), resource, parent),
		output: output.stream,
		stderr: stderr.stream,
		isStderrTty: false,
		...options,
	});
	const records = output
		.text()
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
	return {result, records, stderr: stderr.text()};
}

describe.each(['cap7', 'cap1', 'uuid'] as const)('the export against the %s server', (variant) => {
	it('exports every resource complete and in server order', async () => {
		const server = serverOf(variant);
		const workspace = server.workspaces[0]!;
		const entity = workspace.entities[0]!;
		const cases: Array<[ResourceName, ParentIds, unknown[]]> = [
			['workspaces', {}, server.workspaces.map((record) => record.id)],
			['entities', {workspace: workspace.id}, workspace.entities.map((record) => record.id)],
			[
				'children',
				{workspace: workspace.id, entity: entity.id},
				entity.children.map((record) => record.id),
			],
			[
				'revisions',
				{workspace: workspace.id, entity: entity.id},
				entity.revisions.map((record) => record['id']),
			],
			['apps', {}, server.apps.map((record) => record['id'])],
		];
		for (const [resource, parent, expected] of cases) {
			for (const limit of [100, 5]) {
				const {result, records, stderr} = await exportOf(server, resource, parent, {limit});
				expect(stderr, `${resource} limit ${limit}`).toBe('');
				expect(result.exitCode).toBe(0);
				expect(records.map((record) => record['id'])).toEqual(expected);
			}
		}
	});
});

describe('the export when the server changes or refuses', () => {
	it('exports an empty list with exit 0 and nothing written', async () => {
		const server = serverOf('cap7');
		const {result, records, stderr} = await exportOf(server, 'entities', {
			workspace: server.workspaces[6]!.id,
		});
		expect(result.exitCode).toBe(0);
		expect(records).toEqual([]);
		expect(stderr).toBe('');
	});

	it.each([7, 8])(
		'fails with a clear line when children answer 403 (workspace %i), no HTML, no stack',
		async (index) => {
			const server = serverOf('cap7');
			const workspace = server.workspaces[index]!;
			const {result, records, stderr} = await exportOf(server, 'children', {
				workspace: workspace.id,
				entity: workspace.entities[0]!.id,
			});
			expect(result.exitCode).toBe(1);
			expect(records).toEqual([]);
			expect(stderr).toMatch(/^viktor-tui: export failed at offset 0: .*403|not allowed|refused/i);
			expect(stderr).not.toMatch(/<html|<h1|\n\s+at /i);
			expect(stderr.trim().split('\n')).toHaveLength(1);
		},
	);

	it('fails at the right offset with the records before it when a proxy answers 500 in HTML', async () => {
		const server = serverOf('cap7');
		server.fault({
			path: /^\/api\/workspaces\/$/,
			status: 502,
			contentType: 'text/html',
			body: '<html><body><h1>502 Bad Gateway</h1>\u001B[2Jnginx</body></html>',
			times: 100,
			// Only once the first page is written.
		});
		const {result, records, stderr} = await exportOf(server, 'workspaces', {}, {limit: 7});
		expect(result.exitCode).toBe(1);
		expect(records).toEqual([]);
		expect(stderr).toMatch(/^viktor-tui: export failed at offset 0: .*502/);
		expect(stderr).not.toContain('<html');
		expect(stderr).not.toContain('\u001B');
	});
});

describe('the built command', () => {
	it('exports the children of an entity by UUID ids, in order', async () => {
		const server = serverOf('uuid');
		const workspace = server.workspaces[0]!;
		const entity = workspace.entities[0]!;
		const {stdout, stderr} = await run(
			process.execPath,
			[
				'dist/cli.js',
				'--json',
				'children',
				'--workspace',
				String(workspace.id),
				'--entity',
				String(entity.id),
				'--base-url',
				server.baseUrl,
			],
			{env: {PATH: process.env['PATH'], VIKTOR_TOKEN: server.token, HOME: '/nonexistent'}},
		);
		expect(stderr).toBe('');
		const ids = stdout
			.trim()
			.split('\n')
			.map((line) => (JSON.parse(line) as {id: unknown}).id);
		expect(ids).toEqual(entity.children.map((child) => child.id));
	});

	it('names a workspace id beyond 2^53 exactly in the request path', async () => {
		const server = serverOf('cap7');
		const before = server.requests.length;
		const result = await run(
			process.execPath,
			[
				'dist/cli.js',
				'--json',
				'entities',
				'--workspace',
				'12345678901234567890',
				'--base-url',
				server.baseUrl,
			],
			{env: {PATH: process.env['PATH'], VIKTOR_TOKEN: server.token, HOME: '/nonexistent'}},
		).catch((error: {stdout: string; stderr: string; code: number}) => error);
		expect(result.stderr).toMatch(/^viktor-tui: export failed at offset 0: .*(not found|404)/i);
		expect(server.requests.slice(before).map((entry) => entry.path)).toEqual([
			'/api/workspaces/12345678901234567890/entities/',
		]);
	});
});

describe('a server that ignores limit', () => {
	it('exports each record once and in order although pages hold more than asked', async () => {
		const server = await startConformServer({pageCap: 7, ignoreLimit: true});
		try {
			for (const limit of [3, 5, 100]) {
				const {result, records, stderr} = await exportOf(server, 'workspaces', {}, {limit});
				expect(stderr).toBe('');
				expect(result.exitCode).toBe(0);
				expect(records.map((record) => record['id'])).toEqual(
					server.workspaces.map((workspace) => workspace.id),
				);
			}
		} finally {
			await server.close();
		}
	});
});

describe('a list that changes during the export', () => {
	it('warns that records may be missing when the count changes between pages, and still ends 0', async () => {
		const server = await startConformServer({pageCap: 7});
		try {
			const client = createClient({baseUrl: server.baseUrl, token: server.token, maxAttempts: 1});
			const fetchPage = listFetcher(createResourceApi(client), 'workspaces', {});
			let calls = 0;
			const output = collect();
			const stderr = collect();
			const result = await runExport({
				async fetchPage(query, options) {
					const page = await fetchPage(query, options);
					// Someone deletes two records once the first page has arrived.
					if (++calls === 1) {
						server.removeWorkspace(0);
						server.removeWorkspace(0);
					}

					return page;
				},
				output: output.stream,
				stderr: stderr.stream,
				isStderrTty: false,
				concurrency: 1,
				limit: 7,
			});
			expect(result.exitCode).toBe(0);
			expect(stderr.text()).toBe(
				"viktor-tui: warning: the server's count changed from 23 to 21 during the export; records added or removed meanwhile may be missing or repeated\n",
			);
		} finally {
			await server.close();
		}
	});

	it('says nothing when the count stays the same', async () => {
		const {stderr} = await exportOf(serverOf('cap7'), 'workspaces', {}, {limit: 7});
		expect(stderr).toBe('');
	});
});
