/**
 * A preload (`node --require`, bundled as CommonJS by bench/bundle.ts) that notes, on the process's own clock, when the command under
 * test reaches each step of its start — Node ready, first output, the list request, the first
 * frame with data — and writes them as JSON to $VIKTOR_BENCH_TIMELINE when the process exits.
 * It observes from outside (Node's diagnostics channels for requests, wrapping
 * `WebAssembly.instantiate` and `stdout.write`); the command is not changed.
 */
import {subscribe} from 'node:diagnostics_channel';
import {writeFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

/** Milliseconds since the process started, for each step seen. */
export type StartupTimeline = {
	/** Node's own bootstrap finished. */
	nodeReady: number;
	/** This preload ran: the first line of user code. */
	userCode: number;
	/** Ink's layout engine (yoga) compiled its WebAssembly: ink has been imported. */
	layoutEngineReady?: number;
	/** The first write to the terminal (entering the alternate screen). */
	firstOutput?: number;
	/** The first frame with visible text (the loading screen). */
	firstFrame?: number;
	requestStart?: number;
	requestEnd?: number;
	/** The first frame that shows $VIKTOR_BENCH_READY (such as `1 of 10,000`). */
	dataFrame?: number;
};

const outputFile = process.env['VIKTOR_BENCH_TIMELINE'];
const readyText = process.env['VIKTOR_BENCH_READY'] ?? '';

if (outputFile !== undefined) {
	const timeline: StartupTimeline = {
		nodeReady: performance.nodeTiming.bootstrapComplete,
		userCode: performance.now(),
	};
	// Requests through node:http and through fetch (undici), seen on Node's diagnostics channels.
	const requestStarted = () => {
		timeline.requestStart ??= performance.now();
	};

	const requestEnded = () => {
		timeline.requestEnd ??= performance.now();
	};

	subscribe('http.client.request.start', requestStarted);
	subscribe('undici:request:create', requestStarted);
	subscribe('http.client.response.finish', requestEnded);
	subscribe('undici:request:trailers', requestEnded);
	// yoga-layout compiles its WebAssembly while ink is imported.
	type Instantiate = (...parameters: unknown[]) => Promise<unknown>;
	const wasm = (globalThis as unknown as {WebAssembly: {instantiate: Instantiate}}).WebAssembly;
	const originalInstantiate = wasm.instantiate.bind(wasm);
	wasm.instantiate = async (...parameters) => {
		const result = await originalInstantiate(...parameters);
		timeline.layoutEngineReady ??= performance.now();
		return result;
	};

	const originalWrite = process.stdout.write.bind(process.stdout);
	process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
		const at = performance.now();
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
		timeline.firstOutput ??= at;
		// eslint-disable-next-line no-control-regex
		if (/[^\s\u001B]/.test(text.replaceAll(/\u001B\[[0-?]*[ -/]*[@-~]/g, ''))) {
			timeline.firstFrame ??= at;
		}

		if (readyText !== '' && text.includes(readyText)) timeline.dataFrame ??= at;
		return (originalWrite as (...parameters: unknown[]) => boolean)(chunk, ...rest);
	}) as typeof process.stdout.write;

	process.once('exit', () => {
		// A --require preload runs before Node counts its bootstrap complete (-1 until then).
		timeline.nodeReady = performance.nodeTiming.bootstrapComplete;
		writeFileSync(outputFile, JSON.stringify(timeline));
	});
}
