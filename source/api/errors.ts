/**
 * The one error type of the API layer. Every failure of a request, whatever its cause, reaches
 * the rest of the program as an ApiError with a `kind` and a human message that names the host.
 */

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

const tokenPattern = /vktrpat_[\w-]*/g;

/** Replaces anything shaped like a VIKTOR Personal Access Token with a placeholder. */
export function redact(text: string): string {
	return text.replaceAll(tokenPattern, 'vktrpat_[redacted]');
}

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
