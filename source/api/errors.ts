/**
 * The one error type of the API layer. Every failure of a request, whatever its cause, reaches
 * the rest of the program as an ApiError with a `kind` and a human message that names the host.
 */
import {redact, safeForTerminal} from '../sanitize.js';

export {redact} from '../sanitize.js';

/** What went wrong, as the UI needs to tell it. */
export type ApiErrorKind =
	| 'auth'
	| 'forbidden'
	| 'not-found'
	| 'bad-request'
	| 'rate-limited'
	| 'server'
	| 'timeout'
	| 'network'
	| 'invalid-response'
	/** The answer was larger than the client reads (a compression bomb, an endless body). */
	| 'too-large'
	| 'cancelled';

/** Fields of an ApiError. */
export type ApiErrorOptions = {
	kind: ApiErrorKind;
	/** A complete, human sentence naming the host; never contains a token. */
	message: string;
	/** The host the request went to, such as `acme.viktor.ai` or `127.0.0.1:8123`. */
	host: string;
	/** The HTTP status, where the server answered. */
	status?: number;
	/** The wait the server asked for with `Retry-After`, in milliseconds. */
	retryAfterMs?: number;
	cause?: unknown;
};

/** A failed API request. `message` is safe to show: it is redacted on construction. */
export class ApiError extends Error {
	override readonly name = 'ApiError';
	readonly kind: ApiErrorKind;
	readonly host: string;
	readonly status?: number;
	readonly retryAfterMs?: number;

	constructor({kind, message, host, status, retryAfterMs, cause}: ApiErrorOptions) {
		super(redact(message), cause === undefined ? undefined : {cause});
		this.kind = kind;
		this.host = host;
		this.status = status;
		this.retryAfterMs = retryAfterMs;
	}
}

/** Whether a value is an ApiError. */
export function isApiError(value: unknown): value is ApiError {
	return value instanceof ApiError;
}

/**
 * What the list model needs to know about a failed request, as plain data: whether it was
 * cancelled, whether the server asked to slow down (429), and for how long.
 */
export function failureFacts(error: unknown): {
	isCancelled: boolean;
	isRateLimited: boolean;
	retryAfterMs?: number;
} {
	if (!isApiError(error)) {
		return {
			isCancelled: error instanceof Error && error.name === 'AbortError',
			isRateLimited: false,
		};
	}

	return {
		isCancelled: error.kind === 'cancelled',
		isRateLimited: error.kind === 'rate-limited' || error.status === 429,
		retryAfterMs: error.retryAfterMs,
	};
}

/**
 * What a response body turned out to be: JSON (any value), JSON-typed text that does not parse,
 * something else (an HTML page from a proxy, plain text), or nothing.
 */
export type ResponseBody =
	{type: 'json'; value: unknown} | {type: 'malformed-json'} | {type: 'not-json'} | {type: 'empty'};

const htmlContentType = /^\s*(?:text\/html|application\/xhtml\+xml)\b/i;
const jsonContentType = /^\s*application\/(?:[\w!#$%&*.^`~-]+\+)?json\s*(?:;|$)/i;

/** Whether a `content-type` says HTML, which is never parsed (see `classifyBody`). */
export function isHtmlType(contentType: string | null): boolean {
	return contentType !== null && htmlContentType.test(contentType);
}

/**
 * Classifies a response body by its `content-type` and text. HTML is never parsed; text that
 * parses as JSON is accepted whatever the type says, because servers mislabel JSON more often
 * than they send JSON-looking text that is not meant as JSON.
 */
export function classifyBody(text: string, contentType: string | null): ResponseBody {
	if (text.trim() === '') return {type: 'empty'};
	if (isHtmlType(contentType)) return {type: 'not-json'};
	try {
		return {type: 'json', value: JSON.parse(text) as unknown};
	} catch {
		return contentType !== null && jsonContentType.test(contentType)
			? {type: 'malformed-json'}
			: {type: 'not-json'};
	}
}

const longestDetail = 300;
const deepestDetail = 4;
const mostDetailEntries = 20;

/** Makes server-provided text safe for one terminal line: no control characters, bounded length. */
export function sanitizeText(text: string, secrets: readonly string[] = []): string {
	// Only the start can be shown; a 30 MB error body is not worth redacting in full.
	const head = text.length > longestDetail * 64 ? text.slice(0, longestDetail * 64) : text;
	const single = safeForTerminal(head, {secrets}).replaceAll(/\s+/g, ' ').trim();
	return single.length > longestDetail ? `${single.slice(0, longestDetail - 1)}…` : single;
}

function flattenDetail(value: unknown, prefix: string, depth: number, lines: string[]): void {
	if (lines.length >= mostDetailEntries) return;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
		const text = String(value).trim();
		if (text !== '') lines.push(prefix === '' ? text : `${prefix}: ${text}`);
		return;
	}

	if (depth >= deepestDetail || value === null || typeof value !== 'object') return;
	if (Array.isArray(value)) {
		if (value.every((item) => typeof item === 'string' || typeof item === 'number')) {
			const text = value.map(String).join(' ').trim();
			if (text !== '') lines.push(prefix === '' ? text : `${prefix}: ${text}`);
			return;
		}

		for (const [index, item] of value.entries()) {
			flattenDetail(item, prefix === '' ? String(index) : `${prefix}.${index}`, depth + 1, lines);
		}

		return;
	}

	for (const [key, item] of Object.entries(value)) {
		flattenDetail(item, prefix === '' ? key : `${prefix}.${key}`, depth + 1, lines);
	}
}

/**
 * The human part of an error body, on one line: Django REST Framework's `{"detail": "..."}`, or
 * its field errors flattened (`limit: A valid integer is required.; non_field_errors: ...`).
 * Undefined when the body says nothing usable.
 */
export function describeErrorBody(
	body: unknown,
	secrets: readonly string[] = [],
): string | undefined {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
		const {detail} = body as Record<string, unknown>;
		if (typeof detail === 'string' && detail.trim() !== '') return sanitizeText(detail, secrets);
	}

	const lines: string[] = [];
	flattenDetail(body, '', 0, lines);
	const text = sanitizeText(lines.join('; '), secrets);
	return text === '' ? undefined : text;
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delay-seconds (`120`) or an HTTP
 * date (`Wed, 21 Oct 2026 07:28:00 GMT`, counted from `nowMs`; a past date means 0). Undefined
 * when the header is missing or unreadable.
 */
export function parseRetryAfter(
	header: string | null | undefined,
	nowMs: number,
): number | undefined {
	if (header === null || header === undefined) return undefined;
	const value = header.trim();
	if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	if (!/[a-z]/i.test(value)) return undefined;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** A duration for messages: `200 ms`, `1.5 s`, `15 s`. */
export function formatDuration(milliseconds: number): string {
	if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
	const seconds = milliseconds / 1000;
	return `${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`;
}

/** What is known about an HTTP answer that is not a usable success. */
export type StatusErrorInput = {
	status: number;
	host: string;
	/** The request path without its query, such as `/api/workspaces/12/`. */
	path: string;
	body: ResponseBody;
	/** From `Retry-After`, uncapped. */
	retryAfterMs?: number;
	/** Strings to redact from anything the server sent back (the token in use). */
	secrets?: readonly string[];
};

function withDetail(headline: string, detail: string | undefined, advice?: string): string {
	const sentence = detail === undefined ? headline : `${headline}: ${detail.replace(/\.+$/, '')}`;
	return advice === undefined ? `${sentence}.` : `${sentence}. ${advice}`;
}

/**
 * Maps an HTTP status and body to an ApiError: 401 `auth`, 403 `forbidden`, 404 `not-found`,
 * other 4xx `bad-request` (DRF field errors flattened into the message), 429 `rate-limited`,
 * 5xx `server`, and anything else (a 2xx with a non-JSON or empty body, an unhandled 3xx)
 * `invalid-response`. A non-JSON body on a 5xx keeps kind `server` and says "non-JSON page".
 */
export function errorForStatus({
	status,
	host,
	path,
	body,
	retryAfterMs,
	secrets = [],
}: StatusErrorInput): ApiError {
	const code = `HTTP ${status}`;
	const bodyNote =
		body.type === 'not-json'
			? 'the answer was a non-JSON page'
			: body.type === 'malformed-json'
				? 'the answer was malformed JSON'
				: undefined;
	const detail = body.type === 'json' ? describeErrorBody(body.value, secrets) : bodyNote;
	const base = {host, status, retryAfterMs};
	const waitAdvice =
		retryAfterMs === undefined ? undefined : `It asked to wait ${formatDuration(retryAfterMs)}.`;

	if (status === 401) {
		return new ApiError({
			...base,
			kind: 'auth',
			message: withDetail(
				`The token was rejected by ${host} (${code})`,
				detail,
				'Check that it is a Personal Access Token for this environment and that it has not expired or been revoked.',
			),
		});
	}

	if (status === 403) {
		return new ApiError({
			...base,
			kind: 'forbidden',
			message: withDetail(`${host} does not allow this token to read ${path} (${code})`, detail),
		});
	}

	if (status === 404) {
		return new ApiError({
			...base,
			kind: 'not-found',
			message: withDetail(`${host} has nothing at ${path} (${code})`, detail),
		});
	}

	if (status === 429) {
		return new ApiError({
			...base,
			kind: 'rate-limited',
			message: withDetail(`${host} is limiting the rate of requests (${code})`, detail, waitAdvice),
		});
	}

	if (status >= 400 && status < 500) {
		return new ApiError({
			...base,
			kind: 'bad-request',
			message: withDetail(`${host} rejected the request for ${path} (${code})`, detail),
		});
	}

	if (status >= 500 && status < 600) {
		const headline =
			bodyNote === undefined
				? `${host} failed with a server error (${code})`
				: `${host} answered with a non-JSON page (${code})`;
		return new ApiError({
			...base,
			kind: 'server',
			message: withDetail(headline, body.type === 'json' ? detail : undefined, waitAdvice),
		});
	}

	const hint = 'Check that the address points at the VIKTOR API.';
	const message =
		status < 200 || status >= 300
			? `${host} answered ${path} with ${code}, which the client does not handle.`
			: body.type === 'not-json'
				? `${host} answered with a non-JSON page for ${path} (${code}). ${hint}`
				: body.type === 'malformed-json'
					? `${host} answered with malformed JSON for ${path} (${code}).`
					: body.type === 'empty'
						? `${host} answered ${path} with an empty body (${code}).`
						: `${host} answered with JSON that is neither an object nor a list for ${path} (${code}).`;
	return new ApiError({...base, kind: 'invalid-response', message});
}

/**
 * A copy of an error's cause chain that is safe to keep and log: plain Errors with the same
 * names, codes and redacted messages, and none of the original properties (a fetch error carries
 * the request options, headers included).
 */
export function safeCause(
	error: unknown,
	secrets: readonly string[] = [],
	depth = 0,
): Error | undefined {
	if (error === undefined || error === null || depth > 4) return undefined;
	if (!(error instanceof Error)) return new Error(redact(String(error), secrets));
	const nested = safeCause(error.cause, secrets, depth + 1);
	const copy = new Error(
		redact(error.message, secrets),
		nested === undefined ? undefined : {cause: nested},
	);
	copy.name = error.name;
	const {code} = error as Error & {code?: unknown};
	if (typeof code === 'string' || typeof code === 'number') {
		Object.defineProperty(copy, 'code', {value: code, enumerable: true});
	}

	copy.stack = `${copy.name}: ${copy.message}`;
	return copy;
}

/** What a system error code of a failed connection means, in words; `at` is the address tried. */
const networkExplanations: Record<string, (at: string, hostname: string) => string> = {
	ECONNREFUSED: (at) => `nothing is listening at ${at}`,
	ECONNRESET: (at) => `${at} closed the connection`,
	ENOTFOUND: (_at, hostname) => `no such host: ${hostname} does not exist in DNS`,
	EAI_AGAIN: (_at, hostname) => `could not look up ${hostname}; DNS is not answering (offline?)`,
	ETIMEDOUT: (at) => `${at} did not answer in time`,
	UND_ERR_CONNECT_TIMEOUT: (at) => `${at} did not answer in time`,
	EHOSTUNREACH: (at) => `the network has no route to ${at}`,
	ENETUNREACH: (at) => `the network has no route to ${at}`,
	ERR_SSL_WRONG_VERSION_NUMBER: () => 'this address does not speak https (is it plain http?)',
	EPROTO: () => 'this address does not speak https (is it plain http?)',
	CERT_HAS_EXPIRED: (_at, hostname) => `the certificate of ${hostname} has expired`,
	DEPTH_ZERO_SELF_SIGNED_CERT: (_at, hostname) =>
		`the certificate of ${hostname} is self-signed and not trusted`,
	SELF_SIGNED_CERT_IN_CHAIN: (_at, hostname) =>
		`the certificate of ${hostname} comes from an untrusted (self-signed) authority; a company CA can be added with NODE_EXTRA_CA_CERTS`,
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: (_at, hostname) =>
		`the certificate of ${hostname} is not from a trusted authority; a company CA can be added with NODE_EXTRA_CA_CERTS`,
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (_at, hostname) =>
		`the certificate of ${hostname} is not from a trusted authority; a company CA can be added with NODE_EXTRA_CA_CERTS`,
	ERR_TLS_CERT_ALTNAME_INVALID: (_at, hostname) =>
		`the certificate presented is not for ${hostname}`,
};

/**
 * The sentence for a request to `host` (at `origin`, such as `https://acme.viktor.ai`) that got no
 * HTTP answer: `code` (such as `ECONNREFUSED`) explained in words, or `detail` as it is when there
 * is no code we can explain.
 */
export function describeNetworkFailure(
	host: string,
	origin: string,
	code: string | undefined,
	detail: string,
): string {
	const explain = code === undefined ? undefined : networkExplanations[code];
	if (explain === undefined) return `Could not reach ${host} (${code ?? detail}).`;
	return `Could not reach ${host}: ${explain(origin, new URL(origin).hostname)} (${code}).`;
}
