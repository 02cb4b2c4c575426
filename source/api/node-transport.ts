/**
 * The client's transport: a small `fetch` over `node:http`/`node:https` for ofetch. Node's own
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
 * - the body as a web `ReadableStream` of decoded bytes that reads from the socket only when
 *   asked (back-pressure); cancelling it stops reading and decoding and destroys the socket;
 * - failures without an answer reject with `TypeError('fetch failed', {cause})`, as undici does,
 *   so the system error code (`ECONNREFUSED`, ...) is in the cause chain.
 *
 * `ofetch` is ofetch bound to this transport and to `TransportHeaders` (reading
 * `globalThis.Headers` would load undici too).
 */
import type {ClientRequest, IncomingMessage, RequestOptions} from 'node:http';
import http from 'node:http';
import type {Readable} from 'node:stream';
import {createFetch} from 'ofetch';

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
};

/** The part of the Fetch API's `Response` that ofetch and the client use. */
export class TransportResponse {
	readonly redirected = false;
	readonly type = 'basic';
	readonly ok: boolean;
	#used = false;

	constructor(
		readonly status: number,
		readonly statusText: string,
		readonly headers: TransportHeaders,
		readonly url: string,
		readonly body: ReadableStream<Uint8Array> | null,
	) {
		this.ok = status >= 200 && status < 300;
	}

	get bodyUsed(): boolean {
		return this.#used;
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
		if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
		this.#used = true;
		if (this.body === null) return new Uint8Array(0);
		const chunks: Uint8Array[] = [];
		let length = 0;
		const reader = this.body.getReader();
		for (;;) {
			const {done, value} = await reader.read();
			if (done) break;
			chunks.push(value);
			length += value.byteLength;
		}

		const bytes = new Uint8Array(length);
		let offset = 0;
		for (const chunk of chunks) {
			bytes.set(chunk, offset);
			offset += chunk.byteLength;
		}

		return bytes;
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
async function decodersFor(
	contentEncoding: string | undefined,
	firstByte: number | undefined,
): Promise<Readable[] | undefined> {
	const codings = (contentEncoding ?? '')
		.toLowerCase()
		.split(',')
		.map((coding) => coding.trim())
		.filter((coding) => coding !== '' && coding !== 'identity');
	if (codings.length === 0) return [];
	const zlib = await import('node:zlib');
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
 * A web ReadableStream over a Node stream of (decoded) bytes: reads only while the consumer asks
 * for more, and on `cancel` calls `stop` (which destroys the streams and the socket).
 */
function webStream(
	source: Readable,
	stop: (reason: unknown) => void,
	done: () => void,
): ReadableStream<Uint8Array> {
	let isFinished = false;
	return new ReadableStream<Uint8Array>(
		{
			start(controller) {
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
			},
			pull() {
				source.resume();
			},
			cancel(reason) {
				if (isFinished) return;
				isFinished = true;
				stop(reason);
				done();
			},
		},
		{highWaterMark: 1},
	);
}

/** Loads `node:https` only for an `https:` URL: plain-http runs never pay for TLS. */
async function requestFunction(url: URL): Promise<typeof http.request> {
	if (url.protocol === 'http:') return http.request;
	if (url.protocol === 'https:') return (await import('node:https')).request;
	throw new TypeError(`fetch failed: ${url.protocol} URLs are not supported`);
}

/** A `fetch` over `node:http`/`node:https`; see the module comment for what it supports. */
export async function transportFetch(
	input: string | URL,
	init: TransportInit = {},
): Promise<TransportResponse> {
	const url = new URL(String(input));
	const method = (init.method ?? 'GET').toUpperCase();
	if (init.body !== undefined && init.body !== null) {
		throw new TypeError('This transport sends no request bodies.');
	}

	if (init.redirect !== 'manual') {
		throw new TypeError("This transport leaves redirects to its caller: pass redirect: 'manual'.");
	}

	const {signal} = init;
	if (signal?.aborted) throw abortReason(signal);
	const headers = new TransportHeaders(init.headers);
	if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
	const request = await requestFunction(url);
	if (signal?.aborted) throw abortReason(signal);

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
				const answer = (body: ReadableStream<Uint8Array> | null) => {
					isSettled = true;
					const headers = new TransportHeaders(response.headers);
					resolve(
						new TransportResponse(status, response.statusMessage ?? '', headers, url.href, body),
					);
				};

				if (method === 'HEAD' || nullBodyStatuses.has(status)) {
					response.resume();
					release();
					answer(null);
					return;
				}

				const encoding = response.headers['content-encoding'];
				let decoders: Readable[] | undefined = [];
				if (encoding !== undefined) {
					const firstByte = /deflate/i.test(encoding) ? await peekFirstByte(response) : undefined;
					decoders = await decodersFor(encoding, firstByte);
				}

				let body: Readable = response;
				streams = [response];
				for (const decoder of decoders ?? []) {
					body.on('error', (error) => decoder.destroy(error));
					body = body.pipe(decoder as unknown as NodeJS.WritableStream) as unknown as Readable;
					streams.push(decoder);
				}

				if (!isSettled) answer(webStream(body, stopAll, release));
			})().catch(fail);
		});
		clientRequest.on('error', fail);
		signal?.addEventListener('abort', onAbort, {once: true});
		clientRequest.end();
	});
}

/** ofetch on this transport. */
export const ofetch = createFetch({
	fetch: transportFetch as unknown as typeof fetch,
	Headers: TransportHeaders as unknown as typeof Headers,
	AbortController,
});
