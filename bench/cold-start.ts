/**
 * Cold start of the built command in a pseudo-terminal, to the first frame that shows data,
 * next to bare `node -e ""` started the same way, interleaved so both see the same machine.
 */
import {readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {timeInPty, shellQuote, type PtyRunOptions} from './pseudo-terminal.js';
import type {StartupTimeline} from './startup-timeline.js';

/** Samples in milliseconds, one list per command. */
export type ColdStartResult = {
	runs: number;
	warmups: number;
	/** `node -e ""`, spawn to exit. */
	bareNode: number[];
	/** `node dist/cli.js --base-url URL` (token in VIKTOR_TOKEN), spawn to `1 of 10,000`. */
	command: number[];
	/** `node dist/cli.js --demo` (its own embedded server), spawn to `1 of 240`. */
	demo: number[];
	/** The command's peak RSS (VmHWM) when its first frame showed, in bytes, per run. */
	commandPeakRss: number[];
};

/** What to start. */
export type ColdStartOptions = {
	cliPath: string;
	baseUrl: string;
	token: string;
	/** The server's record count: the pattern waited for is `1 of <count>`. */
	count: number;
	/** The environment for every command (CI removed, a scratch config directory). */
	env: NodeJS.ProcessEnv;
	runs: number;
	warmups: number;
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

/** Runs every command `warmups + runs` times, in turn, and keeps the last `runs` samples. */
export async function measureColdStart(options: ColdStartOptions): Promise<ColdStartResult> {
	const {cliPath, baseUrl, token, count, env, runs, warmups} = options;
	const node = shellQuote(process.execPath);
	const cli = shellQuote(cliPath);
	const grouped = count.toLocaleString('en-US');
	const firstRecord = (total: string) => new RegExp(`(?:^|[^\\d,])1 of ${total}(?![\\d,])`);
	const bare: PtyRunOptions = {command: `${node} -e ""`, env};
	const command: PtyRunOptions = {
		command: `${node} ${cli} --base-url ${shellQuote(baseUrl)}`,
		env: {...env, VIKTOR_TOKEN: token},
		readyPattern: firstRecord(grouped),
	};
	const demo: PtyRunOptions = {
		command: `${node} ${cli} --demo`,
		env,
		readyPattern: firstRecord('[\\d,]+'),
	};

	const result: ColdStartResult = {
		runs,
		warmups,
		bareNode: [],
		command: [],
		demo: [],
		commandPeakRss: [],
	};
	for (let run = 0; run < warmups + runs; run++) {
		const isCounted = run >= warmups;
		const bareRun = await timeInPty(bare);
		let peakRss: number | undefined;
		const commandRun = await timeInPty({
			...command,
			onReady(scriptPid) {
				peakRss = peakRssOf(childOf(scriptPid));
			},
		});
		const demoRun = await timeInPty(demo);
		if (!isCounted) continue;
		result.bareNode.push(bareRun.elapsedMs);
		result.command.push(commandRun.elapsedMs);
		result.demo.push(demoRun.elapsedMs);
		if (peakRss !== undefined) result.commandPeakRss.push(peakRss);
	}

	return result;
}

/** What `measureStartupTimeline` needs besides the cold-start options. */
export type TimelineOptions = Omit<ColdStartOptions, 'warmups'> & {
	/** The bundled startup-timeline preload. */
	preloadPath: string;
	/** Where the preload writes its JSON. */
	scratchDirectory: string;
};

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
			command: `${shellQuote(process.execPath)} --import ${shellQuote(preloadPath)} ${shellQuote(cliPath)} --base-url ${shellQuote(baseUrl)}`,
			env: {
				...env,
				VIKTOR_TOKEN: token,
				VIKTOR_BENCH_TIMELINE: outputFile,
				VIKTOR_BENCH_READY: `1 of ${grouped}`,
			},
			readyPattern: new RegExp(`(?:^|[^\\d,])1 of ${grouped}(?![\\d,])`),
		});
		// The preload writes when the process exits, which is after `script` reported the exit.
		const deadline = Date.now() + 2000;
		for (;;) {
			try {
				timelines.push(JSON.parse(readFileSync(outputFile, 'utf8')) as StartupTimeline);
				break;
			} catch (error) {
				if (Date.now() > deadline) throw error;
				await new Promise((resolve) => {
					setTimeout(resolve, 10);
				});
			}
		}
	}

	return timelines;
}
