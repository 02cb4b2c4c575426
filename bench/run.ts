/**
 * `npm run bench`: measures viktor-tui against the embedded demo server on loopback — cold start,
 * key press to frame, requests while moving, peak memory, export throughput — prints PASS/MISS
 * per target, and records the results in docs/benchmarks.md.
 *
 * Options (after `npm run bench --`): `--no-write` leaves docs/benchmarks.md alone; `--quick`
 * makes a shorter run (fewer rounds, a shorter ↓ walk; about half the time); `--runs N` sets the
 * timed cold-start rounds (default 15, 8 with --quick); `--cpu-prof` also profiles every probe
 * and one start of the command and prints where their CPU time went, by package (the slowed-down
 * figures of such a run are not recorded); `--only start,keys,export,memory` runs only those
 * parts (such a run is never recorded).
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
import {
	firstRecordPattern,
	measureColdStart,
	measureStartupTimeline,
	type StartCommand,
} from './cold-start.js';
import {measureExportSetting, type ExportSetting} from './export-processes.js';
import {formatProfile, summarizeProfile} from './cpu-profile.js';
import {describeMachine} from './machine.js';
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

/** Load averages (1 min) sampled through the run. */
const loads: number[] = [];

function sampleLoad(): number {
	const load = os.loadavg()[0] ?? 0;
	loads.push(load);
	return load;
}

function log(message: string): void {
	sampleLoad();
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

/** The commands of the cold-start rounds; the first (bare node) is the baseline. */
function startCommands(
	server: DemoServer,
	env: NodeJS.ProcessEnv,
	probes: Record<string, string>,
): StartCommand[] {
	const node = shellQuote(process.execPath);
	const cli = shellQuote(cliPath);
	const url = shellQuote(server.baseUrl);
	const withToken = {...env, VIKTOR_TOKEN: server.token};
	const ready = firstRecordPattern(coldStartCount.toLocaleString('en-US'));
	return [
		{name: 'bare', label: '`node -e ""` in a pty, to exit', run: {command: `${node} -e ""`, env}},
		{
			name: 'command',
			label: `\`node dist/cli.js --base-url …\` in a pty, to \`1 of ${coldStartCount.toLocaleString('en-US')}\``,
			run: {command: `${node} ${cli} --base-url ${url}`, env: withToken, readyPattern: ready},
		},
		{
			name: 'demo',
			label: '`node dist/cli.js --demo` (embedded server), to `1 of 240`',
			run: {command: `${node} ${cli} --demo`, env, readyPattern: firstRecordPattern('[\\d,]+')},
		},
		{
			name: 'reference-ink',
			label:
				'reference: Ink "hello world" (bench/reference/ink-hello.tsx: one `node:http` GET, 26 rows and a status bar), to `1 of …`',
			run: {
				command: `${node} ${shellQuote(probes['ink-hello'] ?? '')} ${url}`,
				env: withToken,
				readyPattern: ready,
			},
		},
		{
			name: 'reference-http',
			label:
				'reference: `node:http` floor (bench/reference/http-floor.ts: one GET, 30 ANSI lines), to `1 of …`',
			run: {
				command: `${node} ${shellQuote(probes['http-floor'] ?? '')} ${url}`,
				env: withToken,
				readyPattern: ready,
			},
		},
		{
			name: 'version',
			label: '`node dist/cli.js --version` in a pty, to exit',
			run: {command: `${node} ${cli} --version`, env},
		},
	];
}

async function main(): Promise<void> {
	const {values} = parseArgs({
		options: {
			'no-write': {type: 'boolean', default: false},
			'cpu-prof': {type: 'boolean', default: false},
			quick: {type: 'boolean', default: false},
			runs: {type: 'string'},
			only: {type: 'string'},
		},
	});
	const parts = ['start', 'keys', 'export', 'memory'] as const;
	const only = values.only?.split(',').map((part) => part.trim());
	const unknownPart = only?.find((part) => !(parts as readonly string[]).includes(part));
	if (unknownPart !== undefined) {
		throw new RangeError(`--only takes some of ${parts.join(',')}; not "${unknownPart}"`);
	}

	const includes = (part: (typeof parts)[number]) => only === undefined || only.includes(part);
	const isQuick = values.quick;
	const runs = Number(values.runs ?? (isQuick ? 8 : 15));
	const isProfiling = values['cpu-prof'];
	if (!Number.isInteger(runs) || runs < 5) throw new RangeError('--runs takes a whole number ≥ 5');
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
			`the machine is busy (load ${machine.load} on ${machine.cores} cores): every comparison is paired within a round, so ratios hold better than absolute times`,
		);
	}

	const configDirectory = path.join(scratchDirectory, 'config');
	await rm(configDirectory, {recursive: true, force: true});
	await rm(profileDirectory, {recursive: true, force: true});
	await mkdir(configDirectory, {recursive: true});
	const env = cleanEnvironment(configDirectory);
	log('bundling the probes');
	const probes = await bundleProbes();

	if (includes('start'))
		log(
			`1/4 cold start: ${runs} rounds (+2 warm-up), each starting bare node, the command, --demo, the two reference programs and --version, in rotating order`,
		);
	const {coldStart, timelines} = !includes('start')
		? {coldStart: undefined, timelines: undefined}
		: await withServer({count: coldStartCount}, async (server) => {
				const timed = await measureColdStart({
					commands: startCommands(server, env, probes),
					runs,
					warmups: 2,
					scratchDirectory,
					loadAverage: sampleLoad,
				});
				const instrumented = await measureStartupTimeline({
					cliPath,
					baseUrl: server.baseUrl,
					token: server.token,
					count: coldStartCount,
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
						readyPattern: firstRecordPattern('10,000'),
					});
				}

				return {coldStart: timed, timelines: instrumented};
			});

	if (includes('keys'))
		log(`2/4 key press to frame, the ↓ walk and PgDn held (about ${isQuick ? 25 : 50} s)`);
	const interaction = !includes('keys')
		? undefined
		: await withServer({}, async (server) =>
				runProbe<InteractionResult>({
					script: probes.interaction,
					server,
					env: isQuick ? {...env, VIKTOR_BENCH_QUICK: '1'} : env,
					nodeArguments: profileFlags('interaction', isProfiling),
				}),
			);

	const exportRounds = isQuick ? 3 : 5;
	// The export without latency takes a fifth of a second a round: as many rounds as the cold
	// start, since its per-round ratios spread as widely.
	const shortExportRounds = isQuick ? 7 : 15;
	if (includes('export'))
		log(
			`3/4 export: node dist/cli.js --json against the minimal sequential script, whole processes, ${exportRounds} rounds (${shortExportRounds} without latency) per setting`,
		);
	const exported = !includes('export')
		? undefined
		: await withServer({}, async (server) => {
				const options = {
					server,
					cliPath,
					sequentialPath: probes['sequential-export'],
					preloadPath: probes['first-request'],
					env,
					scratchDirectory,
				};
				const settings: ExportSetting[] = [];
				for (const setting of [
					{count: 2000, pageCap: 25, latencyMs: 20, rounds: exportRounds, compare: true},
					{count: 2000, pageCap: 100, latencyMs: 0, rounds: shortExportRounds, compare: true},
					{count: 20_000, pageCap: 25, latencyMs: 50, rounds: isQuick ? 1 : 3, compare: false},
				]) {
					settings.push(await measureExportSetting(options, setting));
					sampleLoad();
				}

				return settings;
			});

	if (includes('memory')) log('4/4 peak memory while jumping through 1,000,000 records');
	const memory = !includes('memory')
		? undefined
		: await withServer({}, async (server) =>
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
		command: `npm run bench${isProfiling || isQuick ? ` --${isQuick ? ' --quick' : ''}${isProfiling ? ' --cpu-prof' : ''}` : ''}`,
		revision,
		machine,
		loadAtEnd: sampleLoad().toFixed(2),
		loads,
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
	if (!values['no-write'] && !isProfiling && only === undefined) {
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
