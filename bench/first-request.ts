/**
 * A preload (`node --require`, bundled as CommonJS by bench/bundle.ts) that notes, on the process's own clock (milliseconds since it
 * started), when its first HTTP request is created — through `node:http` or through `fetch`
 * (undici) — and writes `{"firstRequest": ms}` to $VIKTOR_BENCH_FIRST_REQUEST at exit. It only
 * subscribes to Node's diagnostics channels, so it costs the program next to nothing.
 */
import {subscribe} from 'node:diagnostics_channel';
import {writeFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

const outputFile = process.env['VIKTOR_BENCH_FIRST_REQUEST'];
if (outputFile !== undefined) {
	let firstRequest: number | undefined;
	const note = () => {
		firstRequest ??= performance.now();
	};

	subscribe('http.client.request.start', note);
	subscribe('undici:request:create', note);
	process.once('exit', () => {
		writeFileSync(outputFile, JSON.stringify({firstRequest}));
	});
}
