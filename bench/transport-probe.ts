/**
 * One process of `bench/transport.ts`: loads one fetch implementation, makes one request, then
 * `REQUESTS` more one after the other, reading every body, and prints what that cost as JSON.
 * Usage: `node transport-probe.mjs NAME URL REQUESTS` with the token in VIKTOR_TOKEN.
 */
import {performance} from 'node:perf_hooks';

type Fetch = (
	url: string,
	init: {headers: Record<string, string>; redirect: 'manual'},
) => Promise<{text(): Promise<string>}>;

const [name = '', url = '', requests = '0'] = process.argv.slice(2);
const loadStart = performance.now();
const cpuStart = process.cpuUsage();

async function load(): Promise<Fetch> {
	switch (name) {
		case 'node-http': {
			return (await import('../source/api/node-transport.js')).transportFetch as unknown as Fetch;
		}

		case 'node-fetch-native': {
			return (await import('node-fetch-native/node')).fetch as unknown as Fetch;
		}

		default: {
			return globalThis.fetch as unknown as Fetch;
		}
	}
}

const fetchImplementation = await load();
const loadedAt = performance.now();
const headers = {Authorization: `Bearer ${process.env['VIKTOR_TOKEN'] ?? ''}`};
await (await fetchImplementation(url, {headers, redirect: 'manual'})).text();
const firstAt = performance.now();
const cpuFirst = process.cpuUsage(cpuStart);
for (let index = 0; index < Number(requests); index++) {
	await (await fetchImplementation(url, {headers, redirect: 'manual'})).text();
}

const cpuAll = process.cpuUsage(cpuStart);
process.stdout.write(
	JSON.stringify({
		loadMs: loadedAt - loadStart,
		firstRequestMs: firstAt - loadStart,
		firstCpuMs: (cpuFirst.user + cpuFirst.system) / 1000,
		perRequestCpuMs:
			(cpuAll.user + cpuAll.system - cpuFirst.user - cpuFirst.system) / 1000 / Number(requests),
		startupMs: loadStart,
	}),
);
