/**
 * The client's transport: a small `fetch` over `node:http`/`node:https`. Node's own
 * `fetch` (undici) is compiled on first use, which cost a cold start ~0.3–0.5× a bare `node` start
 * and ~40% of an export's CPU time (docs/benchmarks.md); this one is built on modules Node has
 * loaded anyway. It does what the client needs and nothing more:
 *
 * - GET (or any method without a body), headers, `signal`: an abort rejects at once and destroys
 *   the socket, before or during the body;
 * - `redirect: 'manual'` only: a 3xx answer is returned as it is (the client checks and follows
 *   redirects itself, pinned to the API's origin); anything else is refused;
 * - `Accept-Encoding: gzip, deflate, br` unless the caller sets one, and the body decoded as it
 *   streams (gzip, deflate with or without its zlib header, brotli; an unknown coding passes
 *   through as undici does), the headers left as the server sent them;
 * - the body read straight from the Node stream of decoded bytes, as fast as it comes
 *   (`readChunks`, whose caller stops it, `text`, ...), or dropped (`cancelBody`); or, made only
 *   when `body` is asked for, as a web `ReadableStream` that reads from the socket only when
 *   asked (back-pressure). Stopping either stops reading and decoding and destroys the socket.
 *   (Node loads its web-streams modules on the first `ReadableStream`, ~2 ms, and a web stream
 *   costs promises per chunk: the client never asks for one.)
 * - `bodyReader: 'chunks'` in the init: the caller promises to read the body only with
 *   `readChunks`/`cancelBody` (or `text`, `arrayBuffer`, `json`, which use them): then `body` is
 *   null, so no web stream is ever made, not even when ofetch looks at `body` (as it does for
 *   every answer), and Node's web-streams modules are not loaded for it. Everything else is the
 *   same. Without it, `body` is made on demand and the web streams are loaded while the first
 *   answer is awaited.
 * - `node:zlib` and `node:https` are taken only when needed, with `process.getBuiltinModule`:
 *   `import()` of a builtin would start Node's ESM loader (~4 ms) in a CommonJS build.
 * - failures without an answer reject with `TypeError('fetch failed', {cause})`, as undici does,
 *   so the system error code (`ECONNREFUSED`, ...) is in the cause chain.
 *
 * `ofetch` is ofetch bound to this transport and to `TransportHeaders` (reading
 * `globalThis.Headers` would load undici too); the client asks it for the raw answer
 * (`responseType: 'stream'`, `bodyReader: 'chunks'`: ofetch hands its options to the transport as
 * the init) and reads the body with `readChunks`.
 */
import type {ClientRequest, IncomingMessage, RequestOptions} from 'node:http';
import http from 'node:http';
import type {Readable} from 'node:stream';
import {createFetch} from 'ofetch';
import {concatChunks} from './body.js';

type HeaderInit =
	| TransportHeaders
	| Iterable<readonly [string, string]>
	| Record<string, string | readonly string[] | undefined>;

/** The part of the Fetch API's `Headers` that ofetch and the client use. */
export class TransportHeaders {
	readonly #values = new Map<string, string>();

	constructor(init?: HeaderInit) {
		if (init === undefined || init === null) return;
		if (Symbol.iterator in init) {
			for (const [name, value] of init as Iterable<readonly [string, string]>) {
				this.append(name, value);
			}

			return;
		}

		for (const [name, value] of Object.entries(init)) {
			if (value === undefined) continue;
			for (const item of typeof value === 'string' ? [value] : value) this.append(name, item);
		}
	}

	get(name: string): string | null {
		return this.#values.get(name.toLowerCase()) ?? null;
	}

	has(name: string): boolean {
		return this.#values.has(name.toLowerCase());
	}

	set(name: string, value: string): void {
		this.#values.set(name.toLowerCase(), String(value).trim());
	}

	append(name: string, value: string): void {
		const key = name.toLowerCase();
		const current = this.#values.get(key);
		const next = String(value).trim();
		this.#values.set(key, current === undefined ? next : `${current}, ${next}`);
	}

	delete(name: string): void {
		this.#values.delete(name.toLowerCase());
	}

	forEach(callback: (value: string, name: string, headers: TransportHeaders) => void): void {
		for (const [name, value] of this) callback(value, name, this);
	}

	*entries(): IterableIterator<[string, string]> {
		yield* [...this.#values.entries()].sort(([left], [right]) => (left < right ? -1 : 1));
	}

	*keys(): IterableIterator<string> {
		for (const [name] of this.entries()) yield name;
	}

	*values(): IterableIterator<string> {
		for (const [, value] of this.entries()) yield value;
	}

	[Symbol.iterator](): IterableIterator<[string, string]> {
		return this.entries();
	}

	/** The headers as `node:http` takes them. */
	toObject(): Record<string, string> {
		return Object.fromEntries(this.#values);
	}
}

/** What `transportFetch` takes: the fields of `RequestInit` it understands (others are ignored). */
export type TransportInit = {
	method?: string;
	headers?: HeaderInit;
	body?: unknown;
	signal?: AbortSignal | null;
	redirect?: string;
	/**
	 * `'chunks'`: the body is read only with `readChunks`/`cancelBody` (and what uses them), so the
	 * response's `body` is null and no web stream is made. By default `body` is a web stream, made
	 * when asked for.
	 */
	bodyReader?: 'chunks';
};

/**
 * A response's body as the transport holds it: the (decoded) Node stream, how to stop it (destroy
 * the streams and the socket) and what to do once it is over (unhook the abort signal). An error
 * before anyone reads (an abort) is kept, for the reader that comes later.
 */
class NodeBody {
	#error: unknown;
	#hasError = false;
	/** Who reads it: the web stream of `body` (once pulled) or `readChunks`/`cancelBody`. */
	reader: 'web' | 'direct' | undefined;

	constructor(
		readonly source: Readable,
		readonly stop: (reason: unknown) => void,
		readonly done: () => void,
	) {
		source.on('error', (error) => {
			this.#error = error;
			this.#hasError = true;
		});
	}

	/** The error the body ended with before it was read, if any. */
	get failure(): {error: unknown} | undefined {
		return this.#hasError ? {error: this.#error} : undefined;
	}
}

/**
 * The part of the Fetch API's `Response` that ofetch and the client use, plus `readChunks` and
 * `cancelBody`: the body read or dropped straight from the Node stream. `body` (a web
 * `ReadableStream`) is made only when asked for: Node loads its web-streams modules on first use,
 * and a web stream costs more per chunk.
 */
export class TransportResponse {
	readonly redirected = false;
	readonly type = 'basic';
	readonly ok: boolean;
	#used = false;
	#node: NodeBody | undefined;
	#stream: ReadableStream<Uint8Array> | null | undefined;

	constructor(
		readonly status: number,
		readonly statusText: string,
		readonly headers: TransportHeaders,
		readonly url: string,
		node: NodeBody | undefined,
		{hasWebBody = true}: {hasWebBody?: boolean} = {},
	) {
		this.ok = status >= 200 && status < 300;
		this.#node = node;
		if (node === undefined || !hasWebBody) this.#stream = null;
	}

	/**
	 * The body as a web ReadableStream of decoded bytes, made on first use (null when there is
	 * none, when the request said `bodyReader: 'chunks'`, or when `readChunks` or `cancelBody`
	 * took it first); it takes the body only when read from, so `readChunks` and `cancelBody` still
	 * read or drop it directly after ofetch has looked at `body`.
	 */
	get body(): ReadableStream<Uint8Array> | null {
		if (this.#stream === undefined) this.#stream = webStream(this.#node!);
		return this.#stream;
	}

	get bodyUsed(): boolean {
		return this.#used;
	}

	/**
	 * Reads the body to its end, handing each chunk of decoded bytes to `onChunk` as it comes;
	 * when `onChunk` returns false, stops at once and cancels the body (as `body.cancel()` does:
	 * the socket is destroyed). Resolves true when the body was read to its end (or there was
	 * none), false when `onChunk` stopped it. Rejects as reading `body` would: with the abort's
	 * reason when the request's signal aborts, with the error of a broken connection.
	 */
	async readChunks(onChunk: (chunk: Uint8Array) => boolean): Promise<boolean> {
		if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
		this.#used = true;
		const node = this.#node;
		if (node === undefined) return true;
		// A web stream that was made (ofetch looks at `body`) but never read from is no reader.
		if (node.reader === 'web') return readWebStream(this.#stream!, onChunk);
		node.reader = 'direct';
		this.#stream ??= null;
		return readNodeBody(node, onChunk);
	}

	/** Drops the body unread: stops reading and destroys the socket (a no-op once it was read). */
	async cancelBody(): Promise<void> {
		if (this.#used) return;
		this.#used = true;
		const node = this.#node;
		if (node === undefined) return;
		if (node.reader === 'web') {
			await this.#stream?.cancel().catch(() => undefined);
			return;
		}

		node.reader = 'direct';
		this.#stream ??= null;
		node.stop(undefined);
		node.done();
	}

	async arrayBuffer(): Promise<ArrayBuffer> {
		// #bytes() builds a fresh Uint8Array over exactly its own ArrayBuffer.
		return (await this.#bytes()).buffer as ArrayBuffer;
	}

	async text(): Promise<string> {
		return new TextDecoder().decode(await this.#bytes());
	}

	async json(): Promise<unknown> {
		return JSON.parse(await this.text()) as unknown;
	}

	async #bytes(): Promise<Uint8Array> {
		const chunks: Uint8Array[] = [];
		let length = 0;
		await this.readChunks((chunk) => {
			chunks.push(chunk);
			length += chunk.byteLength;
			return true;
		});
		// A copy even of one chunk: a Node chunk may be a view of memory it shares.
		return concatChunks(chunks, length);
	}
}

/** `readChunks` over a Node stream: one listener per event, no promise per chunk. */
async function readNodeBody(
	node: NodeBody,
	onChunk: (chunk: Uint8Array) => boolean,
): Promise<boolean> {
	const {source, stop, done, failure} = node;
	if (failure !== undefined) {
		done();
		throw failure.error;
	}
	return new Promise<boolean>((resolve, reject) => {
		let isFinished = false;
		const finish = () => {
			isFinished = true;
			source.off('data', onData);
			source.off('end', onEnd);
			// NodeBody's own 'error' listener stays: stopping the streams emits one.
			source.off('error', onError);
			done();
		};

		const onData = (chunk: Buffer) => {
			if (isFinished) return;
			let isWanted: boolean;
			try {
				isWanted = onChunk(chunk);
			} catch (error) {
				finish();
				stop(error);
				reject(error);
				return;
			}

			if (isWanted) return;
			finish();
			stop(undefined);
			resolve(false);
		};

		const onEnd = () => {
			if (isFinished) return;
			finish();
			resolve(true);
		};

		const onError = (error: unknown) => {
			if (isFinished) return;
			finish();
			reject(error);
		};

		source.on('error', onError);
		source.on('end', onEnd);
		source.on('data', onData);
	});
}

/** `readChunks` over a web stream (when `body` was asked for first). */
async function readWebStream(
	stream: ReadableStream<Uint8Array>,
	onChunk: (chunk: Uint8Array) => boolean,
): Promise<boolean> {
	// The reader is never released: once the stream is read to its end or cancelled, releasing
	// the lock would only build an error (and, the first time, Node's message helper's vm context).
	const reader = stream.getReader();
	for (;;) {
		const {done, value} = await reader.read();
		if (done) return true;
		if (!onChunk(value)) {
			await reader.cancel().catch(() => undefined);
			return false;
		}
	}
}

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

function abortReason(signal: AbortSignal): Error {
	const {reason} = signal as {reason?: unknown};
	return reason instanceof Error
		? reason
		: new DOMException('This operation was aborted', 'AbortError');
}

function fetchFailed(cause: unknown): TypeError {
	return new TypeError('fetch failed', {cause});
}

/**
 * The decoders for a `Content-Encoding` (applied in reverse order of the codings listed), or
 * undefined when a coding is unknown (the body then passes through as it came).
 */
function decodersFor(
	contentEncoding: string | undefined,
	firstByte: number | undefined,
): Readable[] | undefined {
	const codings = (contentEncoding ?? '')
		.toLowerCase()
		.split(',')
		.map((coding) => coding.trim())
		.filter((coding) => coding !== '' && coding !== 'identity');
	if (codings.length === 0) return [];
	const zlib = process.getBuiltinModule('node:zlib');
	// Lenient about a body cut short, like browsers and undici.
	const lenient = {flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH};
	const decoders: Readable[] = [];
	for (const [index, coding] of codings.reverse().entries()) {
		switch (coding) {
			case 'gzip':
			case 'x-gzip': {
				decoders.push(zlib.createGunzip(lenient));
				break;
			}

			case 'deflate': {
				// "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: a zlib
				// stream starts with 0x?8 (CM = 8) where the first coding applied is this one.
				const isWrapped = index > 0 || firstByte === undefined || (firstByte & 0x0f) === 8;
				decoders.push(isWrapped ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient));
				break;
			}

			case 'br': {
				decoders.push(zlib.createBrotliDecompress());
				break;
			}

			default: {
				return undefined;
			}
		}
	}

	return decoders;
}

/**
 * The first byte of a response's body (to tell raw deflate from zlib), or undefined when it is
 * empty; the chunk is put back, and the response left paused.
 */
async function peekFirstByte(response: IncomingMessage): Promise<number | undefined> {
	return new Promise((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			cleanup();
			response.pause();
			response.unshift(chunk);
			resolve(chunk[0]);
		};

		const onEnd = () => {
			cleanup();
			resolve(undefined);
		};

		const onError = (error: Error) => {
			cleanup();
			reject(error);
		};

		const cleanup = () => {
			response.off('data', onData);
			response.off('end', onEnd);
			response.off('error', onError);
		};

		response.on('data', onData);
		response.on('end', onEnd);
		response.on('error', onError);
	});
}

/**
 * A web ReadableStream over a Node stream of (decoded) bytes: it takes the Node stream only when
 * first read from (making one costs nothing else: ofetch looks at `body` of every answer), reads
 * only while the consumer asks for more, and on `cancel` stops the body (which destroys the
 * streams and the socket). Read from after `readChunks` took the body, it errors as a used body.
 */
function webStream(node: NodeBody): ReadableStream<Uint8Array> {
	const {source, stop, done} = node;
	let isStarted = false;
	let isFinished = false;
	return new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				if (!isStarted) {
					isStarted = true;
					if (node.reader === 'direct') {
						isFinished = true;
						controller.error(new TypeError('Body is unusable: Body has already been read'));
						return;
					}

					node.reader = 'web';
					const {failure} = node;
					if (failure !== undefined) {
						isFinished = true;
						done();
						controller.error(failure.error);
						return;
					}

					source.pause();
					source.on('data', (chunk: Buffer) => {
						if (isFinished) return;
						controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
						if ((controller.desiredSize ?? 0) <= 0) source.pause();
					});
					source.once('end', () => {
						if (isFinished) return;
						isFinished = true;
						done();
						controller.close();
					});
					source.once('error', (error) => {
						if (isFinished) return;
						isFinished = true;
						done();
						controller.error(error);
					});
				}

				source.resume();
			},
			cancel(reason) {
				if (isFinished || node.reader === 'direct') return;
				isFinished = true;
				node.reader = 'web';
				stop(reason);
				done();
			},
		},
		// Nothing is read ahead: `pull` runs only for a read that waits.
		{highWaterMark: 0},
	);
}

/** Loads `node:https` only for an `https:` URL: plain-http runs never pay for TLS. */
function requestFunction(url: URL): typeof http.request {
	if (url.protocol === 'http:') return http.request;
	if (url.protocol === 'https:') return process.getBuiltinModule('node:https').request;
	throw new TypeError(`fetch failed: ${url.protocol} URLs are not supported`);
}

/** A `fetch` over `node:http`/`node:https`; see the module comment for what it supports. */
export async function transportFetch(
	input: string | URL,
	init: TransportInit = {},
): Promise<TransportResponse> {
	const url = input instanceof URL ? input : new URL(input);
	const method = (init.method ?? 'GET').toUpperCase();
	if (init.body !== undefined && init.body !== null) {
		throw new TypeError('This transport sends no request bodies.');
	}

	if (init.redirect !== 'manual') {
		throw new TypeError("This transport leaves redirects to its caller: pass redirect: 'manual'.");
	}

	const {signal} = init;
	if (signal?.aborted) throw abortReason(signal);
	const hasWebBody = init.bodyReader !== 'chunks';
	const headers = new TransportHeaders(init.headers);
	if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
	const request = requestFunction(url);

	return new Promise<TransportResponse>((resolve, reject) => {
		let streams: Readable[] = [];
		let isSettled = false;
		const onAbort = () => {
			if (signal === undefined || signal === null) return;
			const reason = abortReason(signal);
			stopAll(reason);
			if (!isSettled) {
				isSettled = true;
				reject(reason);
			}
		};

		const stopAll = (reason: unknown) => {
			const error =
				reason instanceof Error ? reason : new DOMException('The body was cancelled', 'AbortError');
			for (const stream of streams) stream.destroy(error);
			clientRequest.destroy(error);
		};

		const release = () => {
			signal?.removeEventListener('abort', onAbort);
		};

		const fail = (error: unknown) => {
			release();
			if (isSettled) return;
			isSettled = true;
			reject(fetchFailed(error));
		};

		const options: RequestOptions = {method, headers: headers.toObject()};
		const clientRequest: ClientRequest = request(url, options, (response) => {
			void (async () => {
				const status = response.statusCode ?? 0;
				const answer = (body: NodeBody | undefined) => {
					isSettled = true;
					const headers = new TransportHeaders(response.headers);
					resolve(
						new TransportResponse(status, response.statusMessage ?? '', headers, url.href, body, {
							hasWebBody,
						}),
					);
				};

				if (method === 'HEAD' || nullBodyStatuses.has(status)) {
					response.resume();
					release();
					answer(undefined);
					return;
				}

				const encoding = response.headers['content-encoding'];
				let decoders: Readable[] | undefined = [];
				if (encoding !== undefined) {
					const firstByte = /deflate/i.test(encoding) ? await peekFirstByte(response) : undefined;
					decoders = decodersFor(encoding, firstByte);
				}

				let body: Readable = response;
				streams = [response];
				for (const decoder of decoders ?? []) {
					body.on('error', (error) => decoder.destroy(error));
					body = body.pipe(decoder as unknown as NodeJS.WritableStream) as unknown as Readable;
					streams.push(decoder);
				}

				if (!isSettled) answer(new NodeBody(body, stopAll, release));
			})().catch(fail);
		});
		clientRequest.on('error', fail);
		signal?.addEventListener('abort', onAbort, {once: true});
		clientRequest.end();
		if (hasWebBody) warmUpWebStreams();
	});
}

let hasWarmedUp = false;

/**
 * Node loads its web-streams modules on the first `ReadableStream` (~2 ms), and ofetch makes one
 * for every answer (`body`) unless the request said `bodyReader: 'chunks'`: the first time, that
 * happens while the process waits for its first answer, not after it.
 */
function warmUpWebStreams(): void {
	if (hasWarmedUp) return;
	hasWarmedUp = true;
	setImmediate(() => {
		void globalThis.ReadableStream;
	});
}

/** ofetch on this transport. */
export const ofetch = createFetch({
	fetch: transportFetch as unknown as typeof fetch,
	Headers: TransportHeaders as unknown as typeof Headers,
	AbortController,
});
