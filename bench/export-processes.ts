/**
 * The `--json` export timed as a user runs it: whole processes, spawn to exit, NDJSON written to
 * a file. `node dist/cli.js --json` and the minimal sequential script
 * (reference/sequential-export.ts) take turns in every round, and each round gives a paired
 * ratio. A preload notes when each process's first request was created, on its own clock.
 */
import {spawn} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import type {DemoServer} from '../source/demo/index.js';
import {childrenCpuMs, readWhenWritten} from './cold-start.js';

/** One process, spawn to exit. */
export type ExportSample = {
	wallMs: number;
	/** User + system CPU time of the process (10 ms clock ticks). */
	cpuMs?: number;
	/** When its first HTTP request was created, on its own clock. */
	firstRequestMs?: number;
	/** NDJSON lines written. */
	lines: number;
};

/** One server setting, measured over several rounds. */
export type ExportSetting = {
	count: number;
	pageCap: number;
	latencyMs: number;
	/** Samples of `node dist/cli.js --json`. */
	command: ExportSample[];
	/** Samples of the sequential script, one per round; empty when not compared. */
	sequential: ExportSample[];
};

/** What to run. */
export type ExportProcessOptions = {
	server: DemoServer;
	cliPath: string;
	/** The bundled sequential script and first-request preload. */
	sequentialPath: string;
	preloadPath: string;
	env: NodeJS.ProcessEnv;
	scratchDirectory: string;
};

/** Runs `node …parameters` to its exit, stdout into a file; resolves with its sample. */
async function runToExit(
	name: string,
	parameters: readonly string[],
	options: ExportProcessOptions,
): Promise<ExportSample> {
	const {env, scratchDirectory, preloadPath} = options;
	const outputFile = path.join(scratchDirectory, `export-${name}.ndjson`);
	const statFile = path.join(scratchDirectory, `export-${name}.stat`);
	const requestFile = path.join(scratchDirectory, `export-${name}.first-request.json`);
	for (const file of [outputFile, statFile, requestFile]) rmSync(file, {force: true});
	// The shell waits for node and then reads its own children's CPU time (cutime + cstime).
	const script =
		'"$@" > "$OUT"; code=$?; read -r stat < /proc/$$/stat; printf "%s\\n" "$stat" > "$STAT"; exit $code';
	const start = performance.now();
	const child = spawn(
		'/bin/sh',
		['-c', script, 'sh', process.execPath, '--require', preloadPath, ...parameters],
		{
			env: {
				...env,
				OUT: outputFile,
				STAT: statFile,
				VIKTOR_BENCH_FIRST_REQUEST: requestFile,
			},
			stdio: ['ignore', 'ignore', 'pipe'],
		},
	);
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-2000);
	});
	const code = await new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', resolve);
	});
	const wallMs = performance.now() - start;
	if (code !== 0) throw new Error(`${name} exited with code ${String(code)}: ${stderr}`);
	const lines = readFileSync(outputFile, 'utf8').split('\n').length - 1;
	const {firstRequest} = await readWhenWritten<{firstRequest?: number}>(requestFile);
	let cpuMs: number | undefined;
	try {
		cpuMs = childrenCpuMs(readFileSync(statFile, 'utf8'));
	} catch {
		cpuMs = undefined;
	}

	return {wallMs, cpuMs, firstRequestMs: firstRequest, lines};
}

/**
 * Measures one server setting: `rounds` rounds of the command and (when `compare`) the
 * sequential script, alternating which goes first, after one untimed round.
 */
export async function measureExportSetting(
	options: ExportProcessOptions,
	setting: {count: number; pageCap: number; latencyMs: number; rounds: number; compare: boolean},
): Promise<ExportSetting> {
	const {server, cliPath, sequentialPath, env} = options;
	const {count, pageCap, latencyMs, rounds, compare} = setting;
	server.setOptions({count, pageCap, latencyMs});
	const withToken = {...options, env: {...env, VIKTOR_TOKEN: server.token}};
	const runCommand = async () =>
		runToExit('command', [cliPath, '--json', '--base-url', server.baseUrl], withToken);
	const runSequential = async () =>
		runToExit('sequential', [sequentialPath, server.baseUrl], withToken);
	const result: ExportSetting = {count, pageCap, latencyMs, command: [], sequential: []};
	for (let round = -1; round < rounds; round++) {
		const order = compare ? (round % 2 === 0 ? ['c', 's'] : ['s', 'c']) : ['c'];
		for (const which of order) {
			const sample = which === 'c' ? await runCommand() : await runSequential();
			if (sample.lines !== count) {
				throw new Error(
					`${which === 'c' ? 'the command' : 'the loop'} wrote ${sample.lines} of ${count} records`,
				);
			}

			if (round < 0) continue;
			(which === 'c' ? result.command : result.sequential).push(sample);
		}
	}

	return result;
}
