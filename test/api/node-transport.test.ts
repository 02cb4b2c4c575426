import {once} from 'node:events';
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import zlib from 'node:zlib';
import {describe, expect, it, onTestFinished, vi} from 'vitest';
import {
	ofetch,
	TransportHeaders,
	transportFetch,
	type TransportResponse,
} from '../../source/api/node-transport.js';
import {countWebStreams} from './web-streams.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;
type TestServer = {
	url: string;
	/** Resolves when the server sees the client's socket of the last request close. */
	socketClosed: () => Promise<void>;
	requests: http.IncomingMessage[];
};

async function startServer(handler: Handler): Promise<TestServer> {
	const requests: http.IncomingMessage[] = [];
	let lastSocket: Socket | undefined;
	const server = http.createServer((request, response) => {
		requests.push(request);
		lastSocket = request.socket;
		handler(request, response);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	onTestFinished(async () => {
		server.closeAllConnections();
		server.close();
		await once(server, 'close');
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/data/`,
		requests,
		async socketClosed() {
			const socket = lastSocket;
			if (socket === undefined) throw new Error('no request yet');
			if (socket.destroyed) return;
			// Not events.once: a socket the client reset emits 'error' (ECONNRESET) before 'close'.
			await new Promise((resolve) => {
				socket.once('close', resolve);
			});
		},
	};
}

const manual = {redirect: 'manual'} as const;
const text = JSON.stringify({
	results: Array.from({length: 200}, (_, id) => ({id, name: `ü ${id}`})),
});

async function readAll(response: TransportResponse): Promise<string> {
	return response.text();
}

describe('transportFetch: answers', () => {
	it.each([
		['gzip', zlib.gzipSync(text)],
		['x-gzip', zlib.gzipSync(text)],
		['deflate', zlib.deflateSync(text)],
		['deflate', zlib.deflateRawSync(text)],
		['br', zlib.brotliCompressSync(text)],
		['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(text))],
	])('decodes content-encoding %s as it streams', async (encoding, bytes) => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-encoding': encoding, 'content-type': 'application/json'});
			// Two writes: the decoder must work across chunks.
			response.write(bytes.subarray(0, 7));
			response.end(bytes.subarray(7));
		});
		const response = await transportFetch(server.url, manual);
		expect(response.status).toBe(200);
		expect(response.ok).toBe(true);
		expect(response.headers.get('Content-Encoding')).toBe(encoding);
		expect(response.body).toBeInstanceOf(ReadableStream);
		expect(await readAll(response)).toBe(text);
	});

	it('asks for gzip, deflate and brotli unless told otherwise, and sends the headers given', async () => {
		const server = await startServer((_request, response) => {
			response.end('{}');
		});
		await (await transportFetch(server.url, {...manual, headers: {'X-Test': 'yes'}})).text();
		await (
			await transportFetch(server.url, {...manual, headers: {'Accept-Encoding': 'identity'}})
		).text();
		expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
		expect(server.requests[0]?.headers['x-test']).toBe('yes');
		expect(server.requests[1]?.headers['accept-encoding']).toBe('identity');
	});

	it('passes a body with an unknown coding through as it came', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-encoding': 'zstd'});
			response.end('raw bytes');
		});
		expect(await (await transportFetch(server.url, manual)).text()).toBe('raw bytes');
	});

	it('returns a redirect as it is, for the caller to check', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(302, {location: 'https://elsewhere.example/'});
			response.end('moved');
		});
		const response = await transportFetch(server.url, manual);
		expect(response.status).toBe(302);
		expect(response.ok).toBe(false);
		expect(response.headers.get('location')).toBe('https://elsewhere.example/');
		expect(server.requests).toHaveLength(1);
	});

	it('gives no body for 204 and for HEAD', async () => {
		const server = await startServer((request, response) => {
			response.writeHead(request.method === 'HEAD' ? 200 : 204, {'content-length': '0'});
			response.end();
		});
		expect((await transportFetch(server.url, manual)).body).toBeNull();
		const head = await transportFetch(server.url, {...manual, method: 'head'});
		expect(head.body).toBeNull();
		expect(await head.text()).toBe('');
	});

	it('refuses what it does not do: following redirects itself, request bodies', async () => {
		await expect(transportFetch('http://127.0.0.1:9/')).rejects.toThrow(/redirect: 'manual'/);
		await expect(transportFetch('http://127.0.0.1:9/', {...manual, body: 'x'})).rejects.toThrow(
			/no request bodies/,
		);
		await expect(transportFetch('ftp://127.0.0.1/', manual)).rejects.toThrow(/ftp: URLs/);
	});

	it('fails like fetch does, with the system error code in the cause', async () => {
		const server = http.createServer();
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		const {port} = server.address() as AddressInfo;
		server.close();
		await once(server, 'close');
		const error = await transportFetch(`http://127.0.0.1:${port}/`, manual).catch(
			(error: unknown) => error,
		);
		expect(error).toBeInstanceOf(TypeError);
		expect((error as Error).message).toBe('fetch failed');
		expect(((error as Error).cause as {code?: string}).code).toBe('ECONNREFUSED');
	});
});

describe('transportFetch: stopping', () => {
	it('rejects at once with the reason when the signal is already aborted, sending nothing', async () => {
		const server = await startServer((_request, response) => {
			response.end('{}');
		});
		const reason = new DOMException('gone', 'AbortError');
		await expect(
			transportFetch(server.url, {...manual, signal: AbortSignal.abort(reason)}),
		).rejects.toBe(reason);
		expect(server.requests).toHaveLength(0);
	});

	it('rejects on abort while waiting for the answer and closes the socket', async () => {
		const server = await startServer(() => {
			// Never answers.
		});
		const controller = new AbortController();
		const pending = transportFetch(server.url, {...manual, signal: controller.signal});
		while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
		controller.abort();
		await expect(pending).rejects.toMatchObject({name: 'AbortError'});
		await server.socketClosed();
	});

	it('errors the body on abort while it streams and closes the socket', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"partial":');
		});
		const controller = new AbortController();
		const response = await transportFetch(server.url, {...manual, signal: controller.signal});
		const reader = response.body!.getReader();
		expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"partial":');
		const next = reader.read();
		controller.abort(new DOMException('timed out', 'TimeoutError'));
		await expect(next).rejects.toMatchObject({name: 'TimeoutError'});
		await server.socketClosed();
	});

	it('stops reading and decoding and frees the socket when the body is cancelled', async () => {
		let written = 0;
		let isStopped = false;
		const chunk = Buffer.alloc(64 * 1024, 'a');
		const server = await startServer((request, response) => {
			response.writeHead(200, {'content-encoding': 'gzip'});
			const gzip = zlib.createGzip();
			gzip.pipe(response);
			// An endless body, written only as fast as the client takes it.
			const pump = () => {
				while (!isStopped && gzip.write(chunk)) written += chunk.length;
				if (!isStopped) written += chunk.length;
			};

			gzip.on('drain', pump);
			request.socket.on('close', () => {
				isStopped = true;
			});
			pump();
		});
		const response = await transportFetch(server.url, manual);
		const reader = response.body!.getReader();
		let read = 0;
		while (read < 1024 * 1024) {
			const {value} = await reader.read();
			read += value?.byteLength ?? 0;
		}

		await reader.cancel();
		await server.socketClosed();
		expect(isStopped).toBe(true);
		// Back-pressure: the server got nowhere near an unbounded amount out.
		expect(written).toBeLessThan(64 * 1024 * 1024);
	});
});

describe('ofetch on the transport', () => {
	it('reads text, keeps headers, and leaves error statuses to the caller', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(503, {
				'content-type': 'application/json',
				'content-encoding': 'gzip',
				'retry-after': '3',
			});
			response.end(zlib.gzipSync('{"detail":"busy"}'));
		});
		const response = await ofetch.raw<string, 'text'>(server.url, {
			...manual,
			responseType: 'text',
			retry: false,
			ignoreResponseError: true,
			headers: {Authorization: 'Bearer vktrpat_demo'},
		});
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('3');
		expect(response._data).toBe('{"detail":"busy"}');
		expect(server.requests[0]?.headers.authorization).toBe('Bearer vktrpat_demo');
	});
});

describe('TransportHeaders', () => {
	it('is case-insensitive, joins repeated headers and iterates sorted', () => {
		const headers = new TransportHeaders({'Content-Type': 'a', 'set-cookie': ['x', 'y']});
		headers.append('X-B', '1');
		headers.append('x-b', '2');
		expect(headers.get('content-type')).toBe('a');
		expect(headers.get('X-B')).toBe('1, 2');
		expect(headers.get('set-cookie')).toBe('x, y');
		expect(headers.has('CONTENT-TYPE')).toBe(true);
		headers.delete('Content-Type');
		expect(headers.get('content-type')).toBeNull();
		expect([...headers]).toEqual([
			['set-cookie', 'x, y'],
			['x-b', '1, 2'],
		]);
		expect([...new TransportHeaders(headers).keys()]).toEqual(['set-cookie', 'x-b']);
		expect(new TransportHeaders([['A', 'b']]).toObject()).toEqual({a: 'b'});
	});
});

/** A server that starts a JSON answer and never finishes it. */
const partialAnswer: Handler = (_request, response) => {
	response.writeHead(200, {'content-type': 'application/json'});
	response.write('{"partial":');
};

/** A server whose gzip answer never ends (written as fast as the client takes it). */
function endlessGzip(state: {isStopped: boolean}): Handler {
	const chunk = Buffer.alloc(64 * 1024, 'a');
	return (request, response) => {
		response.writeHead(200, {'content-encoding': 'gzip'});
		const gzip = zlib.createGzip();
		gzip.pipe(response);
		const pump = () => {
			while (!state.isStopped && gzip.write(chunk));
		};

		gzip.on('drain', pump);
		request.socket.on('close', () => {
			state.isStopped = true;
		});
		pump();
	};
}

/** The raw answer ofetch hands over for `url`, as the client asks for it (responseType stream). */
async function rawThroughOfetch(url: string): Promise<TransportResponse> {
	return (await ofetch.raw(url, {
		...manual,
		responseType: 'stream',
		retry: false,
	})) as unknown as TransportResponse;
}

/** Reads a response with `readChunks` to its end: whether it was complete, and its text. */
async function chunksOf(response: TransportResponse): Promise<{isComplete: boolean; text: string}> {
	const chunks: Uint8Array[] = [];
	const isComplete = await response.readChunks((chunk) => {
		chunks.push(chunk);
		return true;
	});
	return {isComplete, text: Buffer.concat(chunks).toString('utf8')};
}

/** A server answering `text` gzipped, in two writes (the decoder must work across chunks). */
async function startGzipServer(): Promise<TestServer> {
	const bytes = zlib.gzipSync(text);
	return startServer((_request, response) => {
		response.writeHead(200, {'content-encoding': 'gzip'});
		response.write(bytes.subarray(0, 7));
		response.end(bytes.subarray(7));
	});
}

describe('transportFetch: reading the body without a web stream', () => {
	it('hands over the decoded chunks, and then has no body to read again', async () => {
		const server = await startGzipServer();
		const response = await transportFetch(server.url, manual);
		expect(await chunksOf(response)).toEqual({isComplete: true, text});
		expect(response.bodyUsed).toBe(true);
		expect(response.body).toBeNull();
		await expect(response.text()).rejects.toThrow(/already been read/);
	});

	it('reads through the web stream when it was read from first', async () => {
		const server = await startServer((_request, response) => {
			response.end(text);
		});
		const response = await transportFetch(server.url, manual);
		const reader = response.body!.getReader();
		const first = await reader.read();
		reader.releaseLock();
		const rest = await chunksOf(response);
		expect(Buffer.from(first.value!).toString('utf8') + rest.text).toBe(text);
		expect(rest.isComplete).toBe(true);
	});

	it('still reads directly after ofetch made the web stream without reading it', async () => {
		const server = await startServer((_request, response) => {
			response.write(text.slice(0, 5));
			response.end(text.slice(5));
		});
		const response = await rawThroughOfetch(server.url);
		expect(response.body).toBeInstanceOf(ReadableStream);
		expect(await chunksOf(response)).toEqual({isComplete: true, text});
		// The web stream has nothing left to give: it errors as a used body.
		await expect(response.body!.getReader().read()).rejects.toThrow(/already been read/);
	});

	it('drops the body directly after ofetch made the web stream, and closes the socket', async () => {
		const state = {isStopped: false};
		const server = await startServer(endlessGzip(state));
		const response = await rawThroughOfetch(server.url);
		expect(response.body).toBeInstanceOf(ReadableStream);
		await response.cancelBody();
		await vi.waitFor(() => {
			expect(state.isStopped).toBe(true);
		});
	});

	it('reads an empty body and a body-less answer as complete', async () => {
		const server = await startServer((request, response) => {
			response.writeHead(request.url === '/data/none' ? 204 : 200);
			response.end();
		});
		expect(await chunksOf(await transportFetch(server.url, manual))).toEqual({
			isComplete: true,
			text: '',
		});
		expect(
			await chunksOf(await transportFetch(server.url.replace(/\/$/, '/none'), manual)),
		).toEqual({isComplete: true, text: ''});
	});

	it.each([
		['straight from the stream', false],
		['through the web stream', true],
	])(
		'stops %s, frees the socket and says so when the reader has enough',
		async (_how, isWebStream) => {
			const state = {isStopped: false};
			const server = await startServer(endlessGzip(state));
			const response = await transportFetch(server.url, manual);
			if (isWebStream) expect(response.body).not.toBeNull();
			let read = 0;
			const isComplete = await response.readChunks((value) => {
				read += value.byteLength;
				return read < 1024 * 1024;
			});
			expect(isComplete).toBe(false);
			await server.socketClosed();
			expect(state.isStopped).toBe(true);
		},
	);

	it.each([
		['', manual],
		[" (bodyReader: 'chunks')", {...manual, bodyReader: 'chunks'} as const],
	])(
		'rejects with the reason on abort while the body streams and closes the socket%s',
		async (_mode, init) => {
			const server = await startServer(partialAnswer);
			const controller = new AbortController();
			const response = await transportFetch(server.url, {...init, signal: controller.signal});
			let received = '';
			const reading = response.readChunks((chunk) => {
				received += Buffer.from(chunk).toString('utf8');
				controller.abort(new DOMException('timed out', 'TimeoutError'));
				return true;
			});
			await expect(reading).rejects.toMatchObject({name: 'TimeoutError'});
			expect(received).toBe('{"partial":');
			await server.socketClosed();
		},
	);

	it('keeps an abort that comes before anyone reads, for the reader that comes later', async () => {
		const server = await startServer(partialAnswer);
		const controller = new AbortController();
		const first = await transportFetch(server.url, {...manual, signal: controller.signal});
		controller.abort(new DOMException('gone', 'AbortError'));
		await server.socketClosed();
		await expect(first.readChunks(() => true)).rejects.toMatchObject({message: 'gone'});

		const second = new AbortController();
		const other = await transportFetch(server.url, {...manual, signal: second.signal});
		second.abort(new DOMException('gone too', 'AbortError'));
		await server.socketClosed();
		await expect(other.body!.getReader().read()).rejects.toMatchObject({message: 'gone too'});
	});

	it('drops a body unread and frees the socket', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(200);
			response.write('x'.repeat(1000));
		});
		const response = await transportFetch(server.url, manual);
		await response.cancelBody();
		await server.socketClosed();
		expect(response.bodyUsed).toBe(true);
		await response.cancelBody();
	});
});

describe("transportFetch with bodyReader: 'chunks' (no web stream)", () => {
	const chunksOnly = {...manual, bodyReader: 'chunks'} as const;

	it('has no body, reads a gzip body in any number of chunks, then is used', async () => {
		const made = countWebStreams();
		const server = await startGzipServer();
		const response = await transportFetch(server.url, chunksOnly);
		expect(response.body).toBeNull();
		expect(response.bodyUsed).toBe(false);
		expect(await chunksOf(response)).toEqual({isComplete: true, text});
		expect(response.bodyUsed).toBe(true);
		expect(response.body).toBeNull();
		await expect(response.text()).rejects.toThrow(/already been read/);
		expect(made.count).toBe(0);
	});

	it('makes no web stream through ofetch either, which sees no body to hand over', async () => {
		const made = countWebStreams();
		const server = await startServer((_request, response) => {
			response.end(text);
		});
		const response = (await ofetch.raw(server.url, {
			...chunksOnly,
			responseType: 'stream',
			retry: false,
		} as Parameters<typeof ofetch.raw>[1])) as unknown as TransportResponse & {_data?: unknown};
		expect(response.body).toBeNull();
		expect(response._data).toBeUndefined();
		expect(await response.text()).toBe(text);
		expect(made.count).toBe(0);
		// Without the option, ofetch's look at `body` makes one.
		await rawThroughOfetch(server.url).then(async (other) => other.cancelBody());
		expect(made.count).toBe(1);
	});

	it('reads text and bytes as before', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-encoding': 'deflate'});
			response.end(zlib.deflateRawSync(text));
		});
		expect(await (await transportFetch(server.url, chunksOnly)).text()).toBe(text);
		const bytes = await (await transportFetch(server.url, chunksOnly)).arrayBuffer();
		expect(Buffer.from(bytes).toString('utf8')).toBe(text);
	});

	it('rejects a later read with an abort that came before anyone read', async () => {
		const server = await startServer(partialAnswer);
		const controller = new AbortController();
		const response = await transportFetch(server.url, {...chunksOnly, signal: controller.signal});
		controller.abort(new DOMException('gone', 'AbortError'));
		await server.socketClosed();
		await expect(response.readChunks(() => true)).rejects.toMatchObject({message: 'gone'});
	});

	it('drops the body unread and frees the socket, and stops a reader that has enough', async () => {
		const dropped = {isStopped: false};
		const server = await startServer(endlessGzip(dropped));
		const response = await transportFetch(server.url, chunksOnly);
		await response.cancelBody();
		expect(response.bodyUsed).toBe(true);
		await server.socketClosed();
		await vi.waitFor(() => {
			expect(dropped.isStopped).toBe(true);
		});

		const stopped = {isStopped: false};
		const other = await startServer(endlessGzip(stopped));
		const reading = await transportFetch(other.url, chunksOnly);
		let read = 0;
		expect(
			await reading.readChunks((chunk) => {
				read += chunk.byteLength;
				return read < 1024 * 1024;
			}),
		).toBe(false);
		await other.socketClosed();
		expect(stopped.isStopped).toBe(true);
	});
});
