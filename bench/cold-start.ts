/**
 * Cold start of the built command in a pseudo-terminal, next to bare `node -e ""` and two
 * reference programs started the same way. Every round starts every command once, in an order
 * that rotates from round to round, so all of them see the same machine; each command's figure
 * is the median of its per-round ratios to bare node in the same round (paired ratios), which
 * holds up on a shared, loaded machine far better than a ratio of medians.
 */
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {timeInPty, shellQuote, type PtyRunOptions} from './pseudo-terminal.js';
import type {StartupTimeline} from './startup-timeline.js';

/** How a command's clock stops: at a pattern on its screen, or at its exit. */
export type StartCommand = {
	/** A short key, such as `bare` or `command`. */
	name: string;
	/** How the results table names it. */
	label: string;
	run: PtyRunOptions;
};

/** One start of one command. */
export type StartSample = {
	/** Spawning `script` to the pattern (or to the exit). */
	wallMs: number;
	/**
	 * CPU time of the program (user + system, all its threads): up to the pattern for commands
	 * timed to a pattern (from /proc/PID/task/*\/schedstat, nanoseconds), up to its exit for the
	 * others (the shell's children's time from /proc/$$/stat, 10 ms clock ticks).
	 */
	cpuMs?: number;
	/** Peak RSS (VmHWM) at the pattern, in bytes (commands timed to a pattern only). */
	peakRss?: number;
};

/** Samples per command, index i of every list from round i. */
export type ColdStartResult = {
	runs: number;
	warmups: number;
	/** The load average (1 min) before each timed round. */
	load: number[];
	commands: Array<{name: string; label: string; samples: StartSample[]}>;
};

/** The pid of the program `script` runs (its only child, since the command line `exec`s). */
function childOf(pid: number): number | undefined {
	try {
		const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
		const first = Number(children.split(/\s+/)[0]);
		return Number.isInteger(first) && first > 0 ? first : undefined;
	} catch {
		return undefined;
	}
}

function peakRssOf(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kilobytes = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
		return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
	} catch {
		return undefined;
	}
}

/** CPU time of a live process, all threads, from the scheduler's nanosecond counters. */
export function cpuMsOf(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		let nanoseconds = 0;
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			const fields = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ');
			nanoseconds += Number(fields[0]);
		}

		return nanoseconds / 1e6;
	} catch {
		return undefined;
	}
}

/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/**
 * The children's CPU time (cutime + cstime) in a /proc/PID/stat line, in milliseconds: written
 * by the shell that ran a command to its exit, it is that command's CPU time.
 */
export function childrenCpuMs(statLine: string): number | undefined {
	const fields = statLine
		.slice(statLine.lastIndexOf(')') + 2)
		.trim()
		.split(/\s+/);
	// Field 3 (state) is fields[0]; cutime and cstime are fields 16 and 17.
	const cutime = Number(fields[13]);
	const cstime = Number(fields[14]);
	if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
	return ((cutime + cstime) * 1000) / ticksPerSecond;
}

/** Runs one command once and measures wall time, CPU time and (at a pattern) peak RSS. */
async function startOnce(command: StartCommand, scratchDirectory: string): Promise<StartSample> {
	if (command.run.readyPattern !== undefined) {
		let cpuMs: number | undefined;
		let peakRss: number | undefined;
		const run = await timeInPty({
			...command.run,
			onReady(scriptPid) {
				const pid = childOf(scriptPid);
				cpuMs = cpuMsOf(pid);
				peakRss = peakRssOf(pid);
			},
		});
		return {wallMs: run.elapsedMs, cpuMs, peakRss};
	}

	const statFile = path.join(scratchDirectory, `cpu-${command.name}.stat`);
	rmSync(statFile, {force: true});
	const run = await timeInPty({
		...command.run,
		afterExit: `read -r stat < /proc/$$/stat; printf '%s\\n' "$stat" > ${shellQuote(statFile)}`,
	});
	let cpuMs: number | undefined;
	try {
		cpuMs = childrenCpuMs(readFileSync(statFile, 'utf8'));
	} catch {
		cpuMs = undefined;
	}

	return {wallMs: run.elapsedMs, cpuMs};
}

/** What `measureColdStart` runs. */
export type ColdStartOptions = {
	/** The first command is the baseline every ratio is taken against. */
	commands: StartCommand[];
	runs: number;
	warmups: number;
	scratchDirectory: string;
	/** The load average now (injected so tests and the report agree on its source). */
	loadAverage: () => number;
};

/**
 * Runs `warmups + runs` rounds; each round starts every command once, beginning with a different
 * command each round. Keeps the timed rounds' samples.
 */
export async function measureColdStart(options: ColdStartOptions): Promise<ColdStartResult> {
	const {commands, runs, warmups, scratchDirectory, loadAverage} = options;
	const result: ColdStartResult = {
		runs,
		warmups,
		load: [],
		commands: commands.map(({name, label}) => ({name, label, samples: []})),
	};
	for (let round = 0; round < warmups + runs; round++) {
		const isCounted = round >= warmups;
		if (isCounted) result.load.push(loadAverage());
		const samples: StartSample[] = Array.from({length: commands.length});
		for (let turn = 0; turn < commands.length; turn++) {
			const index = (round + turn) % commands.length;
			const command = commands[index];
			if (command === undefined) continue;
			samples[index] = await startOnce(command, scratchDirectory);
		}

		if (!isCounted) continue;
		for (const [index, entry] of result.commands.entries()) {
			const sample = samples[index];
			if (sample !== undefined) entry.samples.push(sample);
		}
	}

	return result;
}

/** What `measureStartupTimeline` needs. */
export type TimelineOptions = {
	cliPath: string;
	baseUrl: string;
	token: string;
	/** The server's record count: the pattern waited for is `1 of <count>`. */
	count: number;
	env: NodeJS.ProcessEnv;
	runs: number;
	/** The bundled startup-timeline preload. */
	preloadPath: string;
	/** Where the preload writes its JSON. */
	scratchDirectory: string;
};

/** The pattern of the status bar's `1 of <total>` (total grouped as `10,000`). */
export function firstRecordPattern(total: string): RegExp {
	return new RegExp(`(?:^|[^\\d,])1 of ${total}(?![\\d,])`);
}

/** Reads a JSON file a process writes as it exits, which may be after `script` reported it. */
export async function readWhenWritten<Value>(file: string, timeoutMs = 2000): Promise<Value> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return JSON.parse(readFileSync(file, 'utf8')) as Value;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => {
				setTimeout(resolve, 10);
			});
		}
	}
}

/**
 * Starts the command `runs` times with the startup-timeline preload and returns each run's
 * timeline (process clock): where a cold start spends its time. Separate from the timed runs,
 * since the preload itself costs a little.
 */
export async function measureStartupTimeline(options: TimelineOptions): Promise<StartupTimeline[]> {
	const {cliPath, baseUrl, token, count, env, runs, preloadPath, scratchDirectory} = options;
	const grouped = count.toLocaleString('en-US');
	const outputFile = path.join(scratchDirectory, 'startup-timeline.json');
	const timelines: StartupTimeline[] = [];
	for (let run = 0; run < runs; run++) {
		rmSync(outputFile, {force: true});
		await timeInPty({
			command: `${shellQuote(process.execPath)} --require ${shellQuote(preloadPath)} ${shellQuote(cliPath)} --base-url ${shellQuote(baseUrl)}`,
			env: {
				...env,
				VIKTOR_TOKEN: token,
				VIKTOR_BENCH_TIMELINE: outputFile,
				VIKTOR_BENCH_READY: `1 of ${grouped}`,
			},
			readyPattern: firstRecordPattern(grouped),
		});
		timelines.push(await readWhenWritten<StartupTimeline>(outputFile));
	}

	return timelines;
}
