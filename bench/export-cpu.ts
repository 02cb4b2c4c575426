/**
 * The export's own CPU per page, in one process, without HTTP: `runExport` over canned answers
 * (20 pages of 100 workspaces as the demo server writes them, plain and hostile), each answer
 * read as the client does: from its bytes (`readPageBytes`) in a tree that has it, otherwise (or
 * when it declines) decoded and parsed (`JSON.parse`, `parsePage`); the NDJSON written to
 * /dev/null through a stream that encodes strings as `process.stdout` does when redirected to a
 * file. Each sample is 8 exports in a row. Two source trees take turns in every round (A first in even rounds, B first in odd
 * ones); each round gives the ratio B/A of CPU per page, and the median of those ratios is the
 * figure. Both trees' output must be byte-identical, or the run fails.
 *
 *   node --import tsx bench/export-cpu.ts [A-source-dir] [B-source-dir] [rounds]
 *
 * A defaults to this tree's `source/`, B to A. For a before/after comparison, A is main's tree:
 * `git archive main source | tar -x -C /tmp/base` (keep a node_modules link next to it).
 */
import {createHash} from 'node:crypto';
import {closeSync, openSync, writeSync} from 'node:fs';
import {loadavg} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';

type ExportModule = typeof import('../source/commands/export.js');
type ResourcesModule = typeof import('../source/api/resources.js');
type DemoModule = typeof import('../source/demo/index.js');
type PageBytesModule = typeof import('../source/api/page-bytes.js');
type JsonObject = import('../source/api/types.js').JsonObject;
type Page<T> = import('../source/api/types.js').Page<T>;

const here = path.dirname(fileURLToPath(import.meta.url));
const [aArgument, bArgument, roundsText = '15'] = process.argv.slice(2);
const aDir = path.resolve(aArgument ?? path.join(here, '../source'));
const bDir = path.resolve(bArgument ?? aDir);
const rounds = Number(roundsText);

/** The answers of one list, fetched once from the demo server, as bytes. */
async function cannedAnswers(hostile: boolean): Promise<Buffer[]> {
	const {startDemoServer} = (await import(
		path.join(here, '../source/demo/index.js')
	)) as DemoModule;
	const server = await startDemoServer({count: 2000, pageCap: 100, hostile});
	try {
		const answers: Buffer[] = [];
		for (let offset = 0; offset < 2000; offset += 100) {
			const response = await fetch(`${server.baseUrl}/workspaces/?limit=100&offset=${offset}`, {
				headers: {authorization: `Bearer ${server.token}`},
			});
			answers.push(Buffer.from(await response.arrayBuffer()));
		}

		return answers;
	} finally {
		await server.close();
	}
}

type Tree = {
	name: string;
	exportModule: ExportModule;
	resources: ResourcesModule;
	/** Trees from before pages were read from their bytes have none. */
	pageBytes: PageBytesModule | undefined;
};

async function loadTree(name: string, directory: string): Promise<Tree> {
	return {
		name,
		exportModule: (await import(path.join(directory, 'commands/export.js'))) as ExportModule,
		resources: (await import(path.join(directory, 'api/resources.js'))) as ResourcesModule,
		pageBytes: (await import(path.join(directory, 'api/page-bytes.js')).catch(() => undefined)) as
			PageBytesModule | undefined,
	};
}

const devNull = openSync('/dev/null', 'w');

/** One export of `answers`; its CPU time in microseconds and a hash of what it wrote. */
async function exportOnce(tree: Tree, answers: Buffer[]): Promise<{cpuUs: number; hash: string}> {
	const {parsePage, recordTextsIn} = tree.resources;
	const texts = new WeakMap<object, string>();
	const written: Buffer[] = [];
	const output = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			written.push(chunk);
			writeSync(devNull, chunk);
			callback();
		},
	});
	const stderr = new Writable({
		write(_chunk, _encoding, callback) {
			callback();
		},
	});
	const started = process.cpuUsage();
	const result = await tree.exportModule.runExport({
		async fetchPage(query) {
			const bytes = answers[query.offset / 100]!;
			const read = tree.pageBytes?.readPageBytes(bytes);
			if (read !== undefined) return read;
			const text = new TextDecoder().decode(bytes);
			const page = parsePage(JSON.parse(text), 'bench');
			texts.set(page, text);
			return page;
		},
		recordTextsOf(page) {
			const text = texts.get(page);
			// Only parsed pages have a text.
			return text === undefined ? undefined : recordTextsIn({page: page as Page<JsonObject>, text});
		},
		output,
		stderr,
		isStderrTty: false,
	});
	const used = process.cpuUsage(started);
	if (result.exitCode !== 0 || result.written !== 2000) {
		throw new Error(`${tree.name}: exit ${result.exitCode}, ${result.written} written`);
	}

	const hash = createHash('sha256');
	for (const chunk of written) hash.update(chunk);
	return {cpuUs: used.user + used.system, hash: hash.digest('hex')};
}

/** CPU per page of what both trees do alike before the export proper: JSON.parse and parsePage. */
/** CPU per page of decoding and parsing the answers the usual way (`JSON.parse`, `parsePage`). */
function parseOnlyUs(tree: Tree, answers: Buffer[]): number {
	const started = process.cpuUsage();
	for (let repeat = 0; repeat < exportsPerSample; repeat++) {
		for (const bytes of answers) {
			tree.resources.parsePage(JSON.parse(new TextDecoder().decode(bytes)), 'bench');
		}
	}

	const used = process.cpuUsage(started);
	return (used.user + used.system) / exportsPerSample / answers.length;
}

const median = (values: number[]) =>
	[...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

/** Exports of the 20 pages per sample: one is too short for a CPU clock on a busy machine. */
const exportsPerSample = 8;
const trees = [await loadTree('A', aDir), await loadTree('B', bDir)] as const;
for (const kind of ['plain', 'hostile'] as const) {
	const answers = await cannedAnswers(kind === 'hostile');
	const perPage: Record<'A' | 'B', number[]> = {A: [], B: []};
	const ratios: number[] = [];
	const parsing: number[] = [];
	const wallStart = performance.now();
	for (let round = -3; round < rounds; round++) {
		const order = round % 2 === 0 ? trees : ([trees[1], trees[0]] as const);
		const sample: Partial<Record<'A' | 'B', number>> = {};
		const hashes = new Set<string>();
		for (const tree of order) {
			let cpuUs = 0;
			for (let repeat = 0; repeat < exportsPerSample; repeat++) {
				const once = await exportOnce(tree, answers);
				cpuUs += once.cpuUs;
				hashes.add(once.hash);
			}

			sample[tree.name as 'A' | 'B'] = cpuUs / exportsPerSample / answers.length;
		}

		if (hashes.size !== 1) throw new Error(`${kind}: A and B wrote different bytes`);
		if (round < 0) continue; // warm-up rounds
		parsing.push(parseOnlyUs(trees[0], answers));
		perPage.A.push(sample.A!);
		perPage.B.push(sample.B!);
		ratios.push(sample.B! / sample.A!);
	}

	console.log(
		`${kind}: CPU per page A ${median(perPage.A).toFixed(0)} µs, B ${median(perPage.B).toFixed(0)} µs (decoding and parsing an answer the usual way takes ${median(parsing).toFixed(0)} µs of it where a page is not read from its bytes); median B/A ${median(ratios).toFixed(2)} (rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')}); ${((performance.now() - wallStart) / 1000).toFixed(1)} s; output identical`,
	);
}

console.log(
	`load ${loadavg()
		.map((value) => value.toFixed(2))
		.join(' ')}`,
);
closeSync(devNull);
