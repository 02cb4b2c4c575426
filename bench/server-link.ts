/**
 * The demo server lives in the benchmark's main process; each probe (the app's code under test)
 * runs in a process of its own and talks to the server over loopback HTTP like the real command.
 * This module is the small IPC channel that lets a probe change the server's latency, reset its
 * counters and read its request log, and send its results back.
 */
import {spawn} from 'node:child_process';
import type {DemoServer, DemoServerOptions, DemoStats} from '../source/demo/index.js';
import {stripEscapes} from './pseudo-terminal.js';

/** What a probe may ask of the server. */
export type ServerCall =
	| {action: 'set-options'; patch: Partial<DemoServerOptions>}
	| {action: 'reset-stats'}
	| {action: 'stats'};

type CallMessage = {kind: 'call'; id: number; call: ServerCall};
type ReplyMessage = {kind: 'reply'; id: number; stats?: DemoStats; error?: string};
type ResultMessage = {kind: 'result'; result: unknown};
type FailureMessage = {kind: 'failure'; message: string};
type ProbeMessage = CallMessage | ResultMessage | FailureMessage;

const baseUrlVariable = 'VIKTOR_BENCH_BASE_URL';
const tokenVariable = 'VIKTOR_BENCH_TOKEN';

/** How to run one probe. */
export type ProbeOptions = {
	/** The bundled probe script. */
	script: string;
	server: DemoServer;
	/** The probe's environment (the server's address is added). */
	env: NodeJS.ProcessEnv;
	/** Extra node flags, such as `--cpu-prof`. */
	nodeArguments?: readonly string[];
	timeoutMs?: number;
};

function answer(server: DemoServer, call: ServerCall): DemoStats | undefined {
	switch (call.action) {
		case 'set-options': {
			server.setOptions(call.patch);
			return undefined;
		}

		case 'reset-stats': {
			server.resetStats();
			return undefined;
		}

		case 'stats': {
			return server.stats();
		}
	}
}

/**
 * Runs a probe script in a child `node` process, answers its server calls, and resolves with the
 * result it reports. Rejects when it fails, exits without a result or runs out of time.
 */
export async function runProbe<Result>(options: ProbeOptions): Promise<Result> {
	const {script, server, env, nodeArguments = [], timeoutMs = 120_000} = options;
	const child = spawn(process.execPath, [...nodeArguments, script], {
		env: {...env, [baseUrlVariable]: server.baseUrl, [tokenVariable]: server.token},
		// Output is kept out of the table: on exit Ink shows the cursor on the real terminal.
		stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
	});
	let stderr = '';
	child.stderr?.setEncoding('utf8');
	child.stderr?.on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-4000);
	});

	return new Promise<Result>((resolve, reject) => {
		let outcome: {ok: true; result: Result} | {ok: false; error: Error} | undefined;
		const timer = setTimeout(() => {
			outcome ??= {ok: false, error: new Error(`${script} ran longer than ${timeoutMs} ms`)};
			child.kill('SIGKILL');
		}, timeoutMs);

		child.on('message', (message: ProbeMessage) => {
			switch (message.kind) {
				case 'call': {
					let reply: ReplyMessage;
					try {
						reply = {kind: 'reply', id: message.id, stats: answer(server, message.call)};
					} catch (error) {
						reply = {kind: 'reply', id: message.id, error: String(error)};
					}

					child.send(reply);
					break;
				}

				case 'result': {
					outcome ??= {ok: true, result: message.result as Result};
					child.disconnect();
					break;
				}

				case 'failure': {
					outcome ??= {ok: false, error: new Error(`${script}: ${message.message}`)};
					child.disconnect();
					break;
				}
			}
		});
		child.once('error', (error) => {
			outcome ??= {ok: false, error};
		});
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			if (outcome?.ok === true) {
				resolve(outcome.result);
				return;
			}

			const error =
				outcome?.error ??
				new Error(`${script} exited (${signal ?? `code ${code}`}) without a result`);
			const output = stripEscapes(stderr).trim();
			if (output !== '') error.message += `\n${output}`;
			reject(error);
		});
	});
}

/** A probe's side of the channel. */
export type ParentLink = {
	baseUrl: string;
	token: string;
	setServerOptions: (patch: Partial<DemoServerOptions>) => Promise<void>;
	resetServerStats: () => Promise<void>;
	serverStats: () => Promise<DemoStats>;
};

/** Connects a probe to the main process; throws when the process was not started by runProbe. */
export function connectToParent(): ParentLink {
	const baseUrl = process.env[baseUrlVariable];
	const token = process.env[tokenVariable];
	const send = process.send?.bind(process);
	if (baseUrl === undefined || token === undefined || send === undefined) {
		throw new Error('a probe runs only from bench/run.ts (npm run bench)');
	}

	let nextId = 1;
	const pending = new Map<number, (reply: ReplyMessage) => void>();
	process.on('message', (message: ReplyMessage) => {
		pending.get(message.id)?.(message);
		pending.delete(message.id);
	});

	const call = async (serverCall: ServerCall) =>
		new Promise<DemoStats | undefined>((resolve, reject) => {
			const id = nextId++;
			pending.set(id, (reply) => {
				if (reply.error === undefined) resolve(reply.stats);
				else reject(new Error(reply.error));
			});
			send({kind: 'call', id, call: serverCall} satisfies CallMessage);
		});

	return {
		baseUrl,
		token,
		async setServerOptions(patch) {
			await call({action: 'set-options', patch});
		},
		async resetServerStats() {
			await call({action: 'reset-stats'});
		},
		async serverStats() {
			const stats = await call({action: 'stats'});
			if (stats === undefined) throw new Error('the server sent no stats');
			return stats;
		},
	};
}

/**
 * Runs a probe's main function, sends its result (or its failure) to the main process and ends
 * the process: keep-alive sockets and Ink's stdin would otherwise hold it open for seconds.
 */
export function runAsProbe<Result>(main: (link: ParentLink) => Promise<Result>): void {
	const report = (message: ResultMessage | FailureMessage) => {
		process.send?.(message, () => {
			process.exit(message.kind === 'result' ? 0 : 1);
		});
	};

	main(connectToParent()).then(
		(result) => {
			report({kind: 'result', result});
		},
		(error: unknown) => {
			report({
				kind: 'failure',
				message: error instanceof Error ? (error.stack ?? error.message) : String(error),
			});
		},
	);
}
