/**
 * `node --import tsx bench/transport.ts`: the measurement behind source/api/node-transport.ts —
 * Node's own fetch (undici), node-fetch-native's Node polyfill (an ofetch dependency) and the
 * direct `node:http` transport, each in fresh processes, in rotating order per round: the time to
 * load the implementation and make the first request, its CPU, and the CPU of each further
 * request (a 100-record page from the demo server, read in full).
 */
import {execFile} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {commandPlugins} from '../scripts/esbuild-plugins.mjs';
import {startDemoServer} from '../source/demo/index.js';
import {scratchDirectory} from './bundle.js';
import {formatMs, median} from './statistics.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const names = ['undici', 'node-fetch-native', 'node-http'] as const;
const rounds = 9;
const requests = 200;

type Sample = {loadMs: number; firstRequestMs: number; firstCpuMs: number; perRequestCpuMs: number};

const outfile = path.join(scratchDirectory, 'transport-probe.mjs');
await build({
	entryPoints: [path.join(root, 'bench', 'transport-probe.ts')],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	outfile,
	// As the command is bundled: `ofetch` resolves to its core, which loads no undici.
	plugins: commandPlugins,
	logLevel: 'warning',
});
const server = await startDemoServer({count: 10_000});
const samples = new Map<string, Sample[]>(names.map((name) => [name, []]));
try {
	for (let round = 0; round < rounds + 1; round++) {
		for (let turn = 0; turn < names.length; turn++) {
			const name = names[(round + turn) % names.length] ?? 'undici';
			// Asynchronously: the demo server answers from this process.
			const {stdout: output} = await promisify(execFile)(
				process.execPath,
				[outfile, name, `${server.baseUrl}/workspaces/?limit=100`, String(requests)],
				{env: {...process.env, VIKTOR_TOKEN: server.token}, encoding: 'utf8'},
			);
			if (round > 0) samples.get(name)?.push(JSON.parse(output) as Sample);
		}
	}
} finally {
	await server.close();
}

for (const name of names) {
	const list = samples.get(name) ?? [];
	const pick = (key: keyof Sample) => formatMs(median(list.map((sample) => sample[key])));
	process.stdout.write(
		`${name.padEnd(18)} load ${pick('loadMs')}, first request done ${pick('firstRequestMs')} (CPU ${pick('firstCpuMs')}), then CPU ${pick('perRequestCpuMs')} per request (medians of ${list.length})\n`,
	);
}
