/**
 * The HTTP client for the VIKTOR REST API: authentication, user agent, per-attempt timeouts,
 * cancellation, retries with `Retry-After` and backoff, careful redirects, and the mapping of
 * every failure to an ApiError. Response bodies reach callers as `unknown`; resources.ts checks
 * their shapes.
 */
import {
	ofetch,
	type TransportHeaders,
	type TransportInit,
	type TransportResponse,
} from './node-transport.js';
import {isLoopbackHost, resolveBaseUrl} from './environment.js';
import {
	ApiError,
	classifyBody,
	isHtmlType,
	describeNetworkFailure,
	errorForStatus,
	formatDuration,
	parseRetryAfter,
	redact,
	safeCause,
} from './errors.js';
import {decodeChunks, defaultMaxAnswerBytes, joinChunks, readCappedChunks} from './body.js';
import type {RequestOptions} from './types.js';
import {systemClock, timeoutSignal, type Clock} from '../clock.js';
import {formatBytes} from '../format.js';
import {userAgent as defaultUserAgent} from '../version.js';

/** A query parameter value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | undefined;

/** Query parameters of a request. */
export type Query = Readonly<Record<string, QueryValue>>;

/** Settings of a client. */
export type ClientOptions = {
	/** The API base, such as `https://acme.viktor.ai/api` (see environment.ts). */
	baseUrl: string;
	/** The Personal Access Token, sent only as `Authorization: Bearer` to the base URL's origin. */
	token: string;
	/** Time allowed for one attempt, response body included. Default 15000. */
	timeoutMs?: number;
	/** Attempts in total for one request, the first included. Default 4. */
	maxAttempts?: number;
	/** Base of the exponential backoff between attempts. Default 500. */
	retryBaseDelayMs?: number;
	/** Cap of any wait between attempts, `Retry-After` included. Default 30000. */
	maxRetryDelayMs?: number;
	/** Sent as `User-Agent`. Default `viktor-tui/<version>`. */
	userAgent?: string;
	/**
	 * The largest answer read, in bytes of the decoded body; a larger one is refused unread
	 * beyond the cap and not retried. Default 32 MB (`defaultMaxAnswerBytes`).
	 */
	maxAnswerBytes?: number;
	/** Time for timeouts, retry waits and `Retry-After` dates. Default the system clock. */
	clock?: Clock;
};

/** A client bound to one API base URL and token. */
export type ApiClient = {
	/** The API base without a trailing slash. */
	readonly baseUrl: string;
	/** Host and non-default port of the base URL, as named in error messages. */
	readonly host: string;
	/**
	 * GETs `path` under the base URL (a trailing slash is added: `workspaces/1` →
	 * `/api/workspaces/1/`) and resolves to the parsed JSON object or array. Every failure of
	 * the request rejects with an ApiError; only a malformed `path` (with `?`, `#`, `..` or a
	 * scheme) rejects with a TypeError, before anything is sent.
	 */
	getJson(path: string, query?: Query, options?: RequestOptions): Promise<unknown>;
	/**
	 * Like `getJson`, and also hands back the answer's text as it was decoded, for a caller that
	 * writes parts of it on as they came (the export). Same checks, retries and errors.
	 */
	getJsonText(path: string, query?: Query, options?: RequestOptions): Promise<JsonAnswer>;
	/**
	 * Like `getJsonText`, but a successful answer that is not marked HTML goes to `read` first,
	 * as bytes: what it returns is the answer (`{read}`). When it returns undefined the answer is
	 * decoded and parsed as `getJsonText` does, with the same errors. Same checks and retries.
	 */
	getJsonOrRead<T>(
		path: string,
		query: Query | undefined,
		read: BytesReader<T>,
		options?: RequestOptions,
	): Promise<JsonAnswer | ReadAnswer<T>>;
};

/** A parsed answer and the text it was parsed from. */
export type JsonAnswer = {value: unknown; text: string; read?: undefined};

/** An answer a BytesReader read. */
export type ReadAnswer<T> = {read: T};

/**
 * Reads a successful answer from its bytes, or declines (undefined) to have it decoded and
 * parsed as usual. The bytes are its own to keep, and must not be changed.
 */
export type BytesReader<T> = (bytes: Uint8Array) => T | undefined;

type Settings = {
	baseUrl: string;
	origin: string;
	host: string;
	token: string;
	timeoutMs: number;
	maxAttempts: number;
	retryBaseDelayMs: number;
	maxRetryDelayMs: number;
	maxAnswerBytes: number;
	clock: Clock;
	/** The headers of every request (the token among them). */
	headers: Readonly<Record<string, string>>;
};

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const retriedServerStatuses = new Set([502, 503, 504]);
const headerUnsafe = /[^\u0021-\u007E]/;

function positiveInteger(
	name: string,
	value: number | undefined,
	fallback: number,
	minimum: number,
): number {
	if (value === undefined) return fallback;
	if (!Number.isSafeInteger(value) || value < minimum) {
		throw new RangeError(`${name} must be an integer of at least ${minimum}, got ${value}.`);
	}

	return value;
}

/**
 * Creates a client. Throws a TypeError (a mistake of the caller, not of the server) when the
 * base URL is not acceptable (see `resolveBaseUrl`: plain `http://` only for loopback hosts) or
 * the token is empty or holds characters a header cannot carry; a RangeError for a bad number.
 * Neither message contains the token.
 */
export function createClient(options: ClientOptions): ApiClient {
	const resolved = resolveBaseUrl(options.baseUrl);
	if (!resolved.ok) throw new TypeError(resolved.message);
	if (options.token === '')
		throw new TypeError('No token given: set VIKTOR_TOKEN or choose a profile.');
	if (headerUnsafe.test(options.token)) {
		throw new TypeError(
			'The token holds spaces, line breaks or other characters a token cannot have; copy it again.',
		);
	}

	const settings: Settings = {
		baseUrl: resolved.baseUrl,
		origin: new URL(resolved.baseUrl).origin,
		host: resolved.host,
		token: options.token,
		timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, 15_000, 1),
		maxAttempts: positiveInteger('maxAttempts', options.maxAttempts, 4, 1),
		retryBaseDelayMs: positiveInteger('retryBaseDelayMs', options.retryBaseDelayMs, 500, 0),
		maxRetryDelayMs: positiveInteger('maxRetryDelayMs', options.maxRetryDelayMs, 30_000, 0),
		maxAnswerBytes: positiveInteger(
			'maxAnswerBytes',
			options.maxAnswerBytes,
			defaultMaxAnswerBytes,
			1,
		),
		clock: options.clock ?? systemClock,
		headers: {
			Authorization: `Bearer ${options.token}`,
			Accept: 'application/json',
			'User-Agent': options.userAgent ?? defaultUserAgent,
		},
	};

	return {
		baseUrl: settings.baseUrl,
		host: settings.host,
		getJson: async (path, query, requestOptions) =>
			(await getWithRetries(settings, path, query, requestOptions)).value,
		getJsonText: async (path, query, requestOptions) =>
			getWithRetries(settings, path, query, requestOptions),
		getJsonOrRead: async (path, query, read, requestOptions) =>
			getWithRetries(settings, path, query, requestOptions, read),
	};
}

/** The request URL: base + path with exactly one trailing slash + query. */
function buildUrl(baseUrl: string, path: string, query: Query | undefined): URL {
	// [a-zA-Z] rather than /i: the same letters here, and a case-insensitive pattern costs
	// ~0.1 ms more to compile on first use (the first request waits for it).
	if (
		/[?#\\]/.test(path) ||
		/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(path) ||
		path.split('/').includes('..')
	) {
		throw new TypeError(
			`Not an API path: ${JSON.stringify(path)}; pass query parameters separately.`,
		);
	}

	const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
	const search = queryString(query);
	return new URL(
		`${baseUrl}/${trimmed === '' ? '' : `${trimmed}/`}${search === '' ? '' : `?${search}`}`,
	);
}

const formReserved = /[!'()~]|%20/g;

/** One name or value as URLSearchParams writes it (application/x-www-form-urlencoded). */
function formEncode(text: string): string {
	let encoded: string;
	try {
		encoded = encodeURIComponent(text);
	} catch {
		// A lone surrogate, which encodeURIComponent refuses and URLSearchParams writes as U+FFFD.
		return new URLSearchParams({'': text}).toString().slice(1);
	}

	return encoded.replace(formReserved, (match) =>
		match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/**
 * The query (without `?`) exactly as `URLSearchParams` writes it, parameters in order and
 * `undefined` ones left out; built by hand because URLSearchParams costs ~0.2 ms on first use,
 * which the first request of a run waits for.
 */
export function queryString(query: Query | undefined): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(query ?? {})) {
		if (value !== undefined) parts.push(`${formEncode(key)}=${formEncode(String(value))}`);
	}

	return parts.join('&');
}

function cancelledError(settings: Settings): ApiError {
	return new ApiError({
		kind: 'cancelled',
		host: settings.host,
		message: `The request to ${settings.host} was cancelled.`,
	});
}

function isRetryable(error: ApiError): boolean {
	switch (error.kind) {
		case 'network':
		case 'timeout':
		case 'rate-limited': {
			return true;
		}

		case 'server': {
			return error.status !== undefined && retriedServerStatuses.has(error.status);
		}

		default: {
			return false;
		}
	}
}

async function getWithRetries(
	settings: Settings,
	path: string,
	query: Query | undefined,
	options?: RequestOptions,
): Promise<JsonAnswer>;
async function getWithRetries<T>(
	settings: Settings,
	path: string,
	query: Query | undefined,
	options: RequestOptions | undefined,
	read: BytesReader<T>,
): Promise<JsonAnswer | ReadAnswer<T>>;
async function getWithRetries<T>(
	settings: Settings,
	path: string,
	query: Query | undefined,
	{signal, onRetry}: RequestOptions = {},
	read?: BytesReader<T>,
): Promise<JsonAnswer | ReadAnswer<T>> {
	const url = buildUrl(settings.baseUrl, path, query);
	for (let attempt = 1; ; attempt++) {
		if (signal?.aborted) throw cancelledError(settings);
		let failure: ApiError;
		try {
			return await attemptOnce(settings, url, signal, read);
		} catch (error) {
			failure = error instanceof ApiError ? error : networkError(settings, error);
		}

		if (failure.kind === 'cancelled' || attempt >= settings.maxAttempts || !isRetryable(failure)) {
			throw failure;
		}

		const fromRetryAfter = failure.retryAfterMs !== undefined;
		const delayMs = Math.min(
			settings.maxRetryDelayMs,
			failure.retryAfterMs ??
				Math.round(Math.random() * settings.retryBaseDelayMs * 2 ** (attempt - 1)),
		);
		try {
			onRetry?.({
				attempt,
				maxAttempts: settings.maxAttempts,
				delayMs,
				reason: failure.kind,
				status: failure.status,
				fromRetryAfter,
			});
		} catch {
			// An observer of retries must not change the outcome of the request.
		}

		await wait(delayMs, signal, settings);
	}
}

/** Resolves after `delayMs`, or rejects at once with a `cancelled` ApiError when `signal` aborts. */
async function wait(
	delayMs: number,
	signal: AbortSignal | undefined,
	settings: Settings,
): Promise<void> {
	if (signal?.aborted) throw cancelledError(settings);
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			settings.clock.clearTimeout(timer);
			reject(cancelledError(settings));
		};

		const timer = settings.clock.setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, delayMs);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/**
 * Passed through ofetch to the transport (ofetch hands its options over as the init): the body is
 * read with readChunks/cancelBody only, so the transport makes no web stream for it.
 */
const readWithChunks: Pick<TransportInit, 'bodyReader'> = {bodyReader: 'chunks'};

/** One attempt: a single GET (plus same-origin redirects) under a fresh timeout. */
async function attemptOnce<T>(
	settings: Settings,
	url: URL,
	userSignal: AbortSignal | undefined,
	read: BytesReader<T> | undefined,
): Promise<JsonAnswer | ReadAnswer<T>> {
	// Aborts on the attempt's timeout or with the caller's signal; which one is told apart below.
	const timeout = timeoutSignal(settings.clock, settings.timeoutMs, userSignal);
	const {signal} = timeout;
	let current = url;
	try {
		for (let redirects = 0; ; redirects++) {
			// The raw answer: the body is read below, capped, straight from the transport.
			const response = (await ofetch.raw(current.href, {
				method: 'GET',
				headers: settings.headers,
				signal,
				retry: false,
				redirect: 'manual',
				responseType: 'stream',
				...readWithChunks,
				ignoreResponseError: true,
			})) as unknown as TransportResponse;
			if (!redirectStatuses.has(response.status)) {
				const body = await readCappedChunks(response, settings.maxAnswerBytes);
				if (body.type === 'too-large') throw tooLargeError(settings, response.status);
				if (
					read !== undefined &&
					response.status >= 200 &&
					response.status < 300 &&
					!isHtmlType(response.headers.get('content-type'))
				) {
					const value = readOrDecline(read, joinChunks(body.chunks, body.byteLength));
					if (value !== undefined) return {read: value};
				}

				const text = decodeChunks(body.chunks);
				return {
					value: interpret(settings, current, response.status, response.headers, text),
					text,
				};
			}

			await response.cancelBody();

			if (redirects >= maxRedirects) {
				throw new ApiError({
					kind: 'invalid-response',
					host: settings.host,
					status: response.status,
					message: `${settings.host} redirected more than ${maxRedirects} times; giving up.`,
				});
			}

			current = redirectTarget(
				settings,
				current,
				response.status,
				response.headers.get('location'),
			);
		}
	} catch (error) {
		if (error instanceof ApiError) throw error;
		if (userSignal?.aborted) throw cancelledError(settings);
		if (timeout.signal.aborted) {
			throw new ApiError({
				kind: 'timeout',
				host: settings.host,
				message: `${settings.host} did not answer within ${formatDuration(settings.timeoutMs)}.`,
			});
		}

		throw networkError(settings, error);
	} finally {
		timeout.clear();
	}
}

/**
 * What `read` makes of `bytes`; undefined (the answer is read the usual way) also when it throws,
 * which must not turn a good answer into a failed request.
 */
function readOrDecline<T>(read: BytesReader<T>, bytes: Uint8Array): T | undefined {
	try {
		return read(bytes);
	} catch {
		return undefined;
	}
}

/** An answer larger than the cap: said plainly, and (by its kind) never retried. */
function tooLargeError(settings: Settings, status: number): ApiError {
	return new ApiError({
		kind: 'too-large',
		host: settings.host,
		status,
		message: `the answer from ${settings.host} was larger than ${formatBytes(settings.maxAnswerBytes)}`,
	});
}

/** A failure without an HTTP answer: refused, reset, unresolvable, a TLS problem, ... */
function networkError(settings: Settings, error: unknown): ApiError {
	return new ApiError({
		kind: 'network',
		host: settings.host,
		message: describeNetworkFailure(
			settings.host,
			settings.origin,
			errorCode(error),
			describeFailure(error, settings),
		),
		cause: safeCause(error, [settings.token]),
	});
}

/** Where a redirect may be followed: only to the base URL's origin, never to clear text. */
function redirectTarget(
	settings: Settings,
	from: URL,
	status: number,
	location: string | null,
): URL {
	const fail = (message: string) =>
		new ApiError({kind: 'invalid-response', host: settings.host, status, message});
	if (location === null || location.trim() === '') {
		throw fail(`${settings.host} answered HTTP ${status} without saying where to go.`);
	}

	let target: URL;
	try {
		target = new URL(location, from);
	} catch {
		throw fail(`${settings.host} redirected to an address that is not a URL.`);
	}

	if (target.username !== '' || target.password !== '') {
		throw fail(`${settings.host} redirected to an address with credentials in it; not following.`);
	}

	if (target.protocol === 'http:' && !isLoopbackHost(target.hostname)) {
		throw fail(
			`${settings.host} redirected to http://${target.host}, which is not encrypted; not following with your token.`,
		);
	}

	if (target.origin !== settings.origin) {
		throw fail(`${settings.host} redirected to ${target.host}; not following with your token.`);
	}

	return target;
}

/** Turns a final (non-redirect) answer into parsed JSON or an ApiError. */
function interpret(
	settings: Settings,
	url: URL,
	status: number,
	headers: TransportHeaders,
	text: string,
): unknown {
	const body = classifyBody(text, headers.get('content-type'));
	const isUsable =
		status >= 200 &&
		status < 300 &&
		body.type === 'json' &&
		body.value !== null &&
		typeof body.value === 'object';
	if (isUsable) return body.value;
	throw errorForStatus({
		status,
		host: settings.host,
		path: url.pathname,
		body,
		retryAfterMs: parseRetryAfter(headers.get('retry-after'), settings.clock.now()),
		secrets: [settings.token],
	});
}

/** A system error code such as `ECONNREFUSED` from anywhere in a cause chain. */
function errorCode(error: unknown, depth = 0): string | undefined {
	if (error === null || typeof error !== 'object' || depth > 5) return undefined;
	const {code, cause, errors} = error as {code?: unknown; cause?: unknown; errors?: unknown};
	if (typeof code === 'string' && code !== '') return code;
	const fromCause = errorCode(cause, depth + 1);
	if (fromCause !== undefined) return fromCause;
	return Array.isArray(errors) ? errorCode(errors[0], depth + 1) : undefined;
}

/** The innermost message of a cause chain, redacted, for failures without a code. */
function describeFailure(error: unknown, settings: Settings): string {
	let current: unknown = error;
	for (
		let depth = 0;
		depth < 5 && current instanceof Error && current.cause instanceof Error;
		depth++
	) {
		current = current.cause;
	}

	const text = current instanceof Error ? current.message : String(current);
	return redact(text, [settings.token]);
}
