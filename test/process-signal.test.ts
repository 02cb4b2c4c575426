import {getEventListeners} from 'node:events';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../source/demo/server.js';
import {connectApi, listFetcher, withProcessSignal} from '../source/services.js';

/** A request that settles only when its signal aborts, or when `finish` is called. */
function pendingRequest() {
	let finish: (value: string) => void = () => undefined;
	let seen: AbortSignal | undefined;
	const request = async (signal: AbortSignal | undefined) =>
		new Promise<string>((resolve, reject) => {
			seen = signal;
			finish = resolve;
			if (signal?.aborted) reject(signal.reason as Error);
			signal?.addEventListener('abort', () => reject(signal.reason as Error), {once: true});
		});
	return {request, finish: (value: string) => finish(value), signal: () => seen};
}

describe('withProcessSignal', () => {
	it('aborts a request when the process is told to stop', async () => {
		const process = new AbortController();
		const {request} = pendingRequest();
		const running = withProcessSignal(process.signal, undefined, request);
		process.abort(new Error('SIGINT'));
		await expect(running).rejects.toThrow('SIGINT');
	});

	it('aborts a request when its own signal aborts', async () => {
		const process = new AbortController();
		const own = new AbortController();
		const {request} = pendingRequest();
		const running = withProcessSignal(process.signal, own.signal, request);
		own.abort(new Error('moved on'));
		await expect(running).rejects.toThrow('moved on');
		expect(process.signal.aborted).toBe(false);
	});

	it('starts already aborted when the process already stopped', async () => {
		const process = new AbortController();
		process.abort(new Error('SIGTERM'));
		const {request, signal} = pendingRequest();
		await expect(withProcessSignal(process.signal, undefined, request)).rejects.toThrow('SIGTERM');
		expect(signal()?.aborted).toBe(true);
	});

	it('leaves nothing behind on the long-lived process signal, however many requests ran', async () => {
		const process = new AbortController();
		for (let index = 0; index < 1000; index++) {
			const own = new AbortController();
			const {request, finish} = pendingRequest();
			const running = withProcessSignal(process.signal, own.signal, request);
			finish('ok');
			await expect(running).resolves.toBe('ok');
			expect(getEventListeners(own.signal, 'abort')).toHaveLength(0);
		}

		expect(getEventListeners(process.signal, 'abort')).toHaveLength(0);
	});

	it('passes the own signal through when there is no process signal', async () => {
		const own = new AbortController();
		const {request, finish, signal} = pendingRequest();
		const running = withProcessSignal(undefined, own.signal, request);
		expect(signal()).toBe(own.signal);
		finish('ok');
		await expect(running).resolves.toBe('ok');
	});
});

describe("the app's requests and the process signal", () => {
	let server: DemoServer;

	beforeAll(async () => {
		server = await startDemoServer({count: 10});
	});

	afterAll(async () => server.close());

	it('are cancelled once the process is told to stop', async () => {
		const process = new AbortController();
		const target = {baseUrl: server.baseUrl, host: 'demo', label: 'demo'};
		const fetchPage = listFetcher(
			connectApi(target, server.token, {}, process.signal),
			'workspaces',
			{},
		);
		await expect(fetchPage({limit: 5, offset: 0}, {})).resolves.toMatchObject({count: 10});
		process.abort();
		await expect(fetchPage({limit: 5, offset: 0}, {})).rejects.toMatchObject({kind: 'cancelled'});
	});
});
