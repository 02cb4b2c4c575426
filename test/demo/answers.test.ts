/**
 * The demo server's answers are byte for byte what they were before the server assembled pages
 * from cached record texts and formatted dates and slugs by hand: the digests in
 * fixtures/answer-digests.json were recorded from main at 3e1dc4a with answer-crawl.ts, and any
 * workspace page equals what a slow reference builder (`JSON.stringify` of the page of freshly
 * built records, as the server did it) gives.
 */
import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	demoQueryIndices,
	demoSortFields,
	demoWorkspace,
	type DemoServer,
} from '../../source/demo/index.js';
import {pageBody, parseListQuery} from '../../source/demo/query.js';
import {crawlAnswers, crawlDataSets, type SectionDigest} from './answer-crawl.js';
import {demoServers, get} from './http.js';

const recorded = JSON.parse(
	readFileSync(new URL('fixtures/answer-digests.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, SectionDigest>>;

const servers = demoServers();

describe('answers, byte for byte as recorded', () => {
	// One server for every data set: switching options live must not serve another set's records.
	it.each(crawlDataSets)('answers the %s data set as recorded', async (label, options) => {
		servers.shared.setOptions({count: 240, pageCap: 100, seed: 1, hostile: false, ...options});
		expect(await crawlAnswers(servers.shared)).toEqual(recorded[label]);
	});

	it('answers the same again once its caches are warm', async () => {
		const [label, options] = crawlDataSets[0]!;
		servers.shared.setOptions({count: 240, pageCap: 100, seed: 1, hostile: false, ...options});
		await crawlAnswers(servers.shared);
		expect(await crawlAnswers(servers.shared)).toEqual(recorded[label]);
	});
});

/** A list page as the server built it before: `JSON.stringify` of the page of fresh records. */
function referencePage(server: DemoServer, query: string): string {
	const url = new URL(`/api/workspaces/?${query}`, server.url);
	const parsed = parseListQuery(url.searchParams, {
		sortFields: demoSortFields,
		requireLimit: false,
	});
	if ('errors' in parsed) throw new Error(JSON.stringify(parsed.errors));
	const {limit, offset, sort, terms} = parsed.query;
	const {count: total, seed, hostile, pageCap} = server.options;
	const indices = demoQueryIndices({count: total, seed, hostile, terms, sort});
	const pageLimit = Math.min(limit ?? pageCap, pageCap);
	const start = Math.min(offset, indices.length);
	const results = [...indices.slice(start, start + pageLimit)].map((index) =>
		demoWorkspace(index, seed, hostile),
	);
	return JSON.stringify(
		limit === undefined
			? results
			: pageBody({url, origin: server.url}, offset, pageLimit, indices.length, results),
	);
}

describe('workspace pages, against a reference builder', () => {
	it('answers any page of any query as JSON.stringify of its freshly built records', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					seed: fc.integer({min: -3, max: 3}),
					hostile: fc.boolean(),
					pageCap: fc.integer({min: 1, max: 120}),
					limit: fc.option(fc.integer({min: 1, max: 150}), {nil: undefined}),
					offset: fc.integer({min: 0, max: 700}),
					sort: fc.constantFrom('', 'name', '-created_at', 'views:desc', 'user_last_visit'),
					search: fc.constantFrom('', 'bridge', 'de', 'zürich', '–'),
				}),
				async ({seed, hostile, pageCap, limit, offset, sort, search}) => {
					const server = servers.shared;
					server.setOptions({count: 600, seed, hostile, pageCap});
					const parameters = new URLSearchParams({offset: String(offset), sort, search});
					if (limit !== undefined) parameters.set('limit', String(limit));
					const query = parameters.toString();
					const answer = await get(server, `/api/workspaces/?${query}`);
					expect(answer.status).toBe(200);
					expect(answer.text).toBe(referencePage(server, query));
				},
			),
			{numRuns: 60},
		);
	});
});
