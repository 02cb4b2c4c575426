/**
 * `npm run bench`: measures viktor-tui against the embedded demo server on loopback — cold start,
 * key press to frame, requests while moving, peak memory, export throughput — prints PASS/MISS
 * per target, and records the results in docs/benchmarks.md.
 *
 * Options (after `npm run bench --`): `--no-write` leaves docs/benchmarks.md alone; `--runs N`
 * sets the timed cold starts per command (default 15); `--cpu-prof` also profiles every probe
 * and one start of the command and prints where their CPU time went, by package (the slowed-down
 * figures of such a run are not recorded).
 */
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {startDemoServer, type DemoServer, type DemoServerOptions} from '../source/demo/index.js';
import {bundleProbes, scratchDirectory} from './bundle.js';
import {measureColdStart, measureStartupTimeline} from './cold-start.js';
import {formatProfile, summarizeProfile} from './cpu-profile.js';
import {describeMachine} from './machine.js';
import type {ExportResult} from './probes/export.js';
import type {InteractionResult} from './probes/interaction.js';
import type {MemoryResult} from './probes/memory.js';
import {shellQuote, timeInPty} from './pseudo-terminal.js';
import {evaluate, resultsSection, resultsTable, type BenchResults} from './report.js';
import {runProbe} from './server-link.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliPath = path.join(root, 'dist', 'cli.js');
const documentPath = path.join(root, 'docs', 'benchmarks.md');
const profileDirectory = path.join(scratchDirectory, 'profiles');
const startMarker = '<!-- bench:results:start -->';
const endMarker = '<!-- bench:results:end -->';
const coldStartCount = 10_000;
const timelineRuns = 5;

function log(message: string): void {
	process.stderr.write(`bench: ${message}\n`);
}

/**
 * The environment every measured process gets: no CI (Ink would print only its last frame), none
 * of the settings of the person running the benchmark, and an empty config directory.
 */
function cleanEnvironment(configDirectory: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key === 'NODE_OPTIONS') continue;
		if (key.startsWith('VIKTOR_') || key === 'NO_COLOR' || key === 'DEBUG') continue;
		env[key] = value;
	}

	return {...env, TERM: 'xterm-256color', XDG_CONFIG_HOME: configDirectory};
}

/** The commit measured, and whether the code differs from it (results are compared by it). */
function describeRevision(): string {
	try {
		const git = (...parameters: string[]) =>
			execFileSync('git', parameters, {
				cwd: root,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}).trim();
		const commit = git('rev-parse', '--short', 'HEAD');
		const changed = git('status', '--porcelain', '--', 'source', 'scripts', 'package.json');
		return changed === '' ? `commit ${commit}` : `commit ${commit} with uncommitted changes`;
	} catch {
		return 'not a git checkout';
	}
}

async function withServer<Result>(
	options: DemoServerOptions,
	measure: (server: DemoServer) => Promise<Result>,
): Promise<Result> {
	const server = await startDemoServer(options);
	try {
		return await measure(server);
	} finally {
		await server.close();
	}
}

/** Replaces the generated part of docs/benchmarks.md, keeping the hand-written rest. */
async function recordResults(section: string): Promise<void> {
	const block = `${startMarker}\n${section}\n${endMarker}`;
	const current = existsSync(documentPath) ? await readFile(documentPath, 'utf8') : '';
	const start = current.indexOf(startMarker);
	const end = current.indexOf(endMarker);
	const next =
		start >= 0 && end > start
			? `${current.slice(0, start)}${block}${current.slice(end + endMarker.length)}`
			: `${current === '' ? '# Benchmarks\n' : current.trimEnd()}\n\n## Results\n\n${block}\n`;
	await mkdir(path.dirname(documentPath), {recursive: true});
	await writeFile(documentPath, next);
}

/** Node flags that write a CPU profile of a process into .bench-tmp/profiles/<name>. */
function profileFlags(name: string, isProfiling: boolean): string[] {
	return isProfiling ? ['--cpu-prof', '--cpu-prof-dir', path.join(profileDirectory, name)] : [];
}

/** Prints, per profiled process, the packages and files that took the most CPU time. */
async function printProfiles(): Promise<void> {
	for (const name of await readdir(profileDirectory)) {
		const directory = path.join(profileDirectory, name);
		for (const file of await readdir(directory)) {
			const summary = summarizeProfile(path.join(directory, file));
			process.stdout.write(
				`CPU profile of ${name}: ${Math.round(summary.busyMs)} ms busy, ${Math.round(summary.idleMs)} ms idle (${path.relative(root, path.join(directory, file))})\n${formatProfile(summary).join('\n')}\n\n`,
			);
		}
	}
}

async function main(): Promise<void> {
	const {values} = parseArgs({
		options: {
			'no-write': {type: 'boolean', default: false},
			'cpu-prof': {type: 'boolean', default: false},
			runs: {type: 'string', default: '15'},
		},
	});
	const runs = Number(values.runs);
	const isProfiling = values['cpu-prof'];
	if (!Number.isInteger(runs) || runs < 10)
		throw new RangeError('--runs takes a whole number ≥ 10');
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: run \`npm run bench\`, which builds it first`);
	}

	const startedAt = new Date();
	const start = performance.now();
	const revision = describeRevision();
	const machine = describeMachine();
	log(
		`${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}, ${machine.os}`,
	);
	if (Number(machine.load) > machine.cores / 2) {
		log(
			`warning: the machine is busy (load ${machine.load} on ${machine.cores} cores); timings will be worse than on an idle machine`,
		);
	}

	const configDirectory = path.join(scratchDirectory, 'config');
	await rm(configDirectory, {recursive: true, force: true});
	await rm(profileDirectory, {recursive: true, force: true});
	await mkdir(configDirectory, {recursive: true});
	const env = cleanEnvironment(configDirectory);
	log('bundling the probes');
	const probes = await bundleProbes();

	log(`1/4 cold start: ${runs} timed runs (+2 warm-up) each of node -e "", the command and --demo`);
	const {coldStart, timelines} = await withServer({count: coldStartCount}, async (server) => {
		const common = {cliPath, baseUrl: server.baseUrl, token: server.token, count: coldStartCount};
		const timed = await measureColdStart({...common, env, runs, warmups: 2});
		const instrumented = await measureStartupTimeline({
			...common,
			env,
			runs: timelineRuns,
			preloadPath: probes['startup-timeline'],
			scratchDirectory,
		});
		if (isProfiling) {
			await timeInPty({
				command: `${shellQuote(process.execPath)} ${profileFlags('command-start', true)
					.map((flag) => shellQuote(flag))
					.join(' ')} ${shellQuote(cliPath)} --base-url ${shellQuote(server.baseUrl)}`,
				env: {...env, VIKTOR_TOKEN: server.token},
				readyPattern: /(?:^|[^\d,])1 of 10,000(?![\d,])/,
			});
		}

		return {coldStart: timed, timelines: instrumented};
	});

	log('2/4 key press to frame, the ↓ walk and PgDn held (about 50 s)');
	const interaction = await withServer({}, async (server) =>
		runProbe<InteractionResult>({
			script: probes.interaction,
			server,
			env,
			nodeArguments: profileFlags('interaction', isProfiling),
		}),
	);

	log('3/4 export against a sequential loop');
	const exported = await withServer({}, async (server) =>
		runProbe<ExportResult>({
			script: probes.export,
			server,
			env,
			nodeArguments: profileFlags('export', isProfiling),
		}),
	);

	log('4/4 peak memory while jumping through 1,000,000 records');
	const memory = await withServer({}, async (server) =>
		runProbe<MemoryResult>({
			script: probes.memory,
			server,
			env,
			nodeArguments: ['--expose-gc', ...profileFlags('memory', isProfiling)],
		}),
	);

	const results: BenchResults = {
		startedAt,
		durationMs: performance.now() - start,
		command: `npm run bench${isProfiling ? ' -- --cpu-prof' : ''}`,
		revision,
		machine,
		loadAtEnd: (os.loadavg()[0] ?? 0).toFixed(2),
		coldStart,
		timelines,
		interaction,
		exported,
		memory,
	};
	const rows = evaluate(results);
	process.stdout.write(`\n${resultsTable(rows)}\n\n`);
	if (isProfiling) await printProfiles();
	const passes = rows.filter((row) => row.verdict === 'PASS').length;
	const misses = rows.filter((row) => row.verdict === 'MISS').length;
	log(`${passes} targets met, ${misses} missed, in ${(results.durationMs / 1000).toFixed(0)} s`);
	// Profiling slows every process down: those figures are for finding hot spots, not the record.
	if (!values['no-write'] && !isProfiling) {
		await recordResults(resultsSection(results, rows));
		log(`results recorded in ${path.relative(root, documentPath)}`);
	}
}

try {
	// A missed target is a finding, not a failure of the benchmark: the exit code stays 0.
	await main();
} catch (error) {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
}
