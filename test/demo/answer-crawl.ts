/**
 * Asks a demo server some 250 questions per data set — every route, paging, sorts, searches,
 * filters, bad parameters, hostile and plain data sets, several seeds — and hashes every answer
 * (status, the headers a client reads, the body bytes) into one SHA-256 digest per section of the
 * API. Equal digests mean byte-equal answers: test/demo/answers.test.ts compares the server of
 * this tree with digests recorded from the server as it was before its answers were assembled
 * from cached record texts (main at 3e1dc4a).
 *
 * Record the digests of a tree's server (its `source/` directory):
 *   npx tsx test/demo/answer-crawl.ts /path/to/source > test/demo/fixtures/answer-digests.json
 */
import {createHash} from 'node:crypto';
import {request} from 'node:http';
import type {DemoServer, DemoServerOptions} from '../../source/demo/index.js';

/** The data sets asked, with a label each. */
export const crawlDataSets: ReadonlyArray<[string, DemoServerOptions]> = [
	['plain', {count: 2000}],
	['hostile', {count: 2000, hostile: true}],
	['seed 42, cap 25', {count: 1500, seed: 42, pageCap: 25}],
	['hostile, seed 7', {count: 1200, seed: 7, hostile: true}],
	['a million', {count: 1_000_000, seed: 3}],
];

/** The Host the questions name, so that next/previous links do not depend on the port. */
const host = 'demo.test:8000';

type Answer = {status: number; headers: Record<string, string | undefined>; body: Buffer};

async function ask(
	server: DemoServer,
	path: string,
	method = 'GET',
	token: string | null = server.token,
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const outgoing = request(
			`${server.url}${path}`,
			{method, headers: {host, ...(token === null ? {} : {authorization: `Bearer ${token}`})}},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const headers: Record<string, string | undefined> = {};
					for (const name of [
						'content-type',
						'content-length',
						'location',
						'www-authenticate',
						'allow',
					]) {
						const value = response.headers[name];
						headers[name] = Array.isArray(value) ? value.join(', ') : value;
					}

					resolve({status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks)});
				});
				response.on('error', reject);
			},
		);
		outgoing.on('error', reject);
		outgoing.end();
	});
}

/** A section's digest: how many answers it hashed and the SHA-256 of them all, in order. */
export type SectionDigest = {answers: number; sha256: string};

/** The ids of a list answer's first `count` results (none when it is not a list). */
function firstIds(answer: Answer, count: number): string[] {
	const body = JSON.parse(answer.body.toString('utf8')) as {results?: Array<{id: unknown}>};
	return (body.results ?? []).slice(0, count).map((record) => String(record.id));
}

const workspaceQueries = [
	'',
	'limit=1',
	'limit=25&offset=60',
	'limit=100',
	'limit=100&offset=100',
	'limit=100&offset=1900',
	'limit=250&offset=7',
	'limit=10&offset=1995',
	'limit=10&offset=999990',
	'limit=10&offset=5000',
	'offset=30',
	'limit=5&offset=20&foo=bar&search=bridge',
	'limit=0',
	'limit=abc&offset=-1',
	'sort=bogus&limit=3',
	'sort=-name:asc&limit=3',
	'search=zzzz&limit=10',
	'search=%2C%2C&limit=4',
	'search=bridge%2Cdeck&limit=20',
	'search=ROTTERDAM+design&limit=20',
	'search=z%C3%BCrich&limit=20&offset=5',
	'search=%E6%9D%B1%E4%BA%AC&limit=20',
	'search=%E2%80%93&limit=20&offset=40',
	'search=phase+2&limit=100&sort=-created_at',
	...['name', 'created_at', 'views', 'views_last_30_days', 'user_last_visit'].flatMap((field) => [
		`sort=${field}&limit=30`,
		`sort=-${field}&limit=30&offset=60`,
		`sort=${field}:desc&limit=100&offset=1000`,
		`sort=${field}:asc&limit=7&search=de`,
	]),
];

/** The digests of a server's answers by section of the API (its paths and answers hashed in order). */
export async function crawlAnswers(server: DemoServer): Promise<Record<string, SectionDigest>> {
	const sections = new Map<string, {answers: number; hash: ReturnType<typeof createHash>}>();
	let section = 'workspace lists';
	const million = server.options.count >= 1_000_000;
	const note = async (path: string, method = 'GET', token?: string | null): Promise<Answer> => {
		const answer = await ask(server, path, method, token);
		let entry = sections.get(section);
		if (entry === undefined) {
			entry = {answers: 0, hash: createHash('sha256')};
			sections.set(section, entry);
		}

		entry.answers += 1;
		entry.hash.update(
			JSON.stringify([method, path, token, answer.status, answer.headers, answer.body.length]),
		);
		entry.hash.update(answer.body);
		return answer;
	};

	for (const query of workspaceQueries) {
		if (million && /search|sort/.test(query)) continue;
		await note(`/api/workspaces/?${query}`);
	}

	section = 'workspace details, errors, user';
	await note('/api/workspaces/?limit=3', 'HEAD');
	await note('/api/workspaces/?limit=3', 'POST');
	await note('/api/workspaces?limit=2&offset=4');
	await note('/api/workspaces/?limit=2', 'GET', null);
	await note('/api/workspaces/?limit=2', 'GET', 'vktrpat_demo_wrong');
	await note('/api/users/current/');
	await note('/api/nothing/');
	for (const id of ['1001', '7', 'abc', String(1000 + 7 * server.options.count)]) {
		await note(`/api/workspaces/${id}/`);
	}

	const indices = [...Array.from({length: 30}, (_, index) => index), 1013, 1016, 1019];
	for (const index of indices) {
		if (index < server.options.count) await note(`/api/workspaces/${1000 + 7 * index}/`);
	}

	for (const index of million ? [0, 999_999] : [0, 1, 2, 5, 13]) {
		const ws = `/api/workspaces/${1000 + 7 * index}`;
		section = `entities of workspace ${index}`;
		await note(`${ws}/entities/`);
		await note(
			`${ws}/entities/?limit=abc&properties=maybe&entity_type=x&created_by=y&updated_at_min=nope`,
		);
		await note(
			`${ws}/entities/?limit=100&sort=-updated_at&updated_at_min=2019-01-01&updated_at_max=2024-06-30T12:00:00Z`,
		);
		await note(`${ws}/entities/?limit=20&search=a&sort=name&properties=true`);
		const top = await note(`${ws}/entities/?limit=100&properties=true`);
		const types = await note(`${ws}/entity_types/?limit=100`);
		await note(`${ws}/entity_types/?limit=2&offset=1&sort=-name&search=e`);
		for (const type of firstIds(types, 2)) {
			await note(`${ws}/entity_types/${type}/`);
			await note(`${ws}/entity_types/${type}/entities/?limit=20&offset=3&properties=true`);
			await note(`${ws}/entities/?limit=10&entity_type=${type}`);
		}

		for (const entity of firstIds(top, 2)) {
			const path = `${ws}/entities/${entity}`;
			await note(`${path}/`);
			await note(`${path}/parent/`);
			await note(`${path}/revisions/?limit=5&sort=created_date`);
			await note(`${path}/entities/?limit=5&created_by=12`);
			const revisions = await note(`${path}/revisions/?limit=10`);
			for (const revision of firstIds(revisions, 2)) {
				await note(`${path}/revisions/${revision}/`);
			}

			const children = await note(`${path}/entities/?limit=50&properties=true`);
			for (const child of firstIds(children, 1)) {
				await note(`${ws}/entities/${child}/`);
				await note(`${ws}/entities/${child}/parent/`);
				await note(`${ws}/entities/${child}/entities/?limit=10&sort=-name`);
			}
		}
	}

	section = 'apps';
	const apps = await note('/api/apps/?limit=100');
	for (const query of [
		'',
		'limit=5&offset=3',
		'limit=100&sort=-created_at',
		'limit=100&sort=name&search=a',
		'limit=10&search=bridge',
	]) {
		await note(`/api/apps/?${query}`);
	}

	for (const app of firstIds(apps, 100)) await note(`/api/apps/${app}/`);
	await note('/api/apps/99999/');
	return Object.fromEntries(
		[...sections].map(([name, {answers, hash}]) => [name, {answers, sha256: hash.digest('hex')}]),
	);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const source = process.argv[2];
	if (source === undefined) throw new Error('usage: answer-crawl.ts <source directory>');
	const {startDemoServer} = (await import(
		`${source}/demo/index.js`
	)) as typeof import('../../source/demo/index.js');
	const recorded: Record<string, Record<string, SectionDigest>> = {};
	for (const [label, options] of crawlDataSets) {
		const server = await startDemoServer(options);
		try {
			recorded[label] = await crawlAnswers(server);
		} finally {
			await server.close();
		}
	}

	process.stdout.write(`${JSON.stringify(recorded, null, '\t')}\n`);
}
