/**
 * Shapes of what the VIKTOR REST API answers. Every field is optional because servers differ
 * (see ../shared/docs/viktor-api.md); unknown fields are kept as they come.
 */

/** A JSON object as parsed from a response. */
export type JsonObject = Record<string, unknown>;

/** One page of a paginated list endpoint: `{count, results}` plus optional `next`/`previous`. */
export type Page<T = JsonObject> = {
	/** Total number of records the server holds for this query (may change between requests). */
	count: number;
	/** The records of this page; may be fewer than the `limit` asked for (the server's page cap). */
	results: T[];
	next?: string | null;
	previous?: string | null;
};

/**
 * A VIKTOR workspace exactly as the server sent it. Every field is kept, known or not, and none
 * is trusted to have its documented type (a misbehaving server may send a number as `name`), so
 * readers check a field's type before they use it. The documented fields: `id`, `name`, `slug`,
 * `description`, `created_at`, `updated_at`, `visibility`, `type`, `is_archived`, `app` (`{id,
 * name}` or null), `app_version` (`{id, tag, status, app_type}` or null), `labels` (`[{id, name,
 * description, color}]`), and in practice `is_dev`, `owner`, `project`, `nr_views`, ….
 */
export type Workspace = JsonObject;

/** Query of a paginated list request. `limit` is always sent. */
export type ListQuery = {
	limit: number;
	offset: number;
	/** Server-side fuzzy search (`search` param). */
	search?: string;
	/** A documented sort such as `name`, `created_at:desc`. */
	sort?: string;
};

/** Information about a retry the client is about to make; lets the UI show a countdown. */
export type RetryEvent = {
	/** 1-based number of the attempt that failed. */
	attempt: number;
	/** Attempts allowed in total. */
	maxAttempts: number;
	/** How long the client waits before the next attempt. */
	delayMs: number;
	/** Why the attempt failed (an ApiError kind such as `rate-limited`, `network`, `server`, `timeout`). */
	reason: string;
	/** HTTP status of the failed attempt, where there was one. */
	status?: number;
	/** Whether the delay came from a `Retry-After` header. */
	fromRetryAfter: boolean;
};

/** Per-request options: cancellation and retry observation. */
export type RequestOptions = {
	signal?: AbortSignal;
	onRetry?: (event: RetryEvent) => void;
};

/**
 * Fetches one page of a list: must honour `options.signal` and may report retries through
 * `options.onRetry`. The browser's pager and the export both take one.
 */
export type PageFetcher<T = Workspace> = (
	query: ListQuery,
	options: RequestOptions,
) => Promise<Page<T>>;
