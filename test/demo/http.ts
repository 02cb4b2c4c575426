/** Requests to a demo server as a client makes them, for the demo server's tests. */
import {afterAll, afterEach, beforeAll} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/index.js';

/** What the server answered; `body` is the parsed JSON, or undefined when it was not JSON. */
export type Answer = {status: number; headers: Headers; text: string; body: unknown};

/** A page of a list. */
export type PageBody = {
	count: number;
	next: string | null;
	previous: string | null;
	results: Array<Record<string, unknown>>;
};

/** The token to send (default: the server's; null: none), the method and the redirect mode. */
export type GetOptions = {token?: string | null; method?: string; redirect?: 'follow' | 'manual'};

/** Sends a request for a path (with its query) and reads the whole answer. */
export async function get(
	server: DemoServer,
	path: string,
	options: GetOptions = {},
): Promise<Answer> {
	const token = options.token === undefined ? server.token : options.token;
	const response = await fetch(`${server.url}${path}`, {
		method: options.method ?? 'GET',
		headers: token === null ? {} : {authorization: `Bearer ${token}`},
		redirect: options.redirect ?? 'follow',
	});
	const text = await response.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}

	return {status: response.status, headers: response.headers, text, body};
}

/**
 * Demo servers for one test file: a shared default one for the whole file, and `start()` for
 * servers with their own options, closed after each test.
 */
export function demoServers(): {readonly shared: DemoServer; start: typeof startDemoServer} {
	let shared: DemoServer | undefined;
	const started: DemoServer[] = [];
	beforeAll(async () => {
		shared = await startDemoServer();
	});
	afterAll(async () => {
		await shared?.close();
	});
	afterEach(async () => {
		await Promise.all(started.splice(0).map(async (server) => server.close()));
	});
	return {
		get shared() {
			if (shared === undefined) throw new Error('the shared demo server starts in beforeAll');
			return shared;
		},
		async start(options) {
			const server = await startDemoServer(options);
			started.push(server);
			return server;
		},
	};
}
