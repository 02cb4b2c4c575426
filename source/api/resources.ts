/**
 * Typed endpoints of the VIKTOR REST API. The client hands back `unknown`; this module checks
 * the shapes (pages, objects, the typed fields of known records) and turns anything else into an
 * ApiError of kind `invalid-response` that says what was wrong. Unknown fields are kept.
 */
import type {ApiClient, Query} from './client.js';
import {ApiError} from './errors.js';
import {itemTextsOf} from '../json.js';
import {readPageBytes, type RecordBytes, type RecordText} from './page-bytes.js';
import type {JsonObject, ListQuery, Page, RequestOptions, Workspace} from './types.js';

/**
 * The user a token belongs to (`GET /api/users/current/`) as the server sent it; documented
 * fields `id`, `first_name`, `last_name`, `email`, `job_title`, none trusted to have its type.
 */
export type CurrentUser = JsonObject;

/** A list query plus resource-specific filters (`entity_type`, `visibility`, ...). */
export type ResourceQuery = ListQuery & {
	/** Extra query parameters; `limit`, `offset`, `search` and `sort` always win over these. */
	filters?: Query;
};

/** An object as JSON.parse builds one: not a list, a Map, a Date, a typed array or a boxed value. */
function isObject(value: unknown): value is JsonObject {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') {
		return `a string: ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
	}

	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'boolean') return `the boolean ${value}`;
	if (typeof value !== 'object') return typeof value;
	return isObject(value) ? 'an object' : 'an object of another kind than JSON gives';
}

function invalid(host: string, message: string): ApiError {
	return new ApiError({kind: 'invalid-response', host, message: `${host} sent ${message}.`});
}

/**
 * Checks a paginated answer: an object with `count` (a non-negative integer; a numeric string is
 * refused), `results` (a list of objects), and optional `next`/`previous` (a string or null).
 * Unknown fields are kept. Throws an ApiError `invalid-response` naming what was wrong.
 */
export function parsePage(body: unknown, host: string): Page<JsonObject> {
	if (!isObject(body)) {
		const hint = Array.isArray(body)
			? ' (a bare list, as servers answer when no `limit` is sent)'
			: '';
		throw invalid(host, `a page that is not an object but ${describeValue(body)}${hint}`);
	}

	const {count, results} = body;
	if (count === undefined) throw invalid(host, 'a page whose `count` is missing');
	if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
		throw invalid(
			host,
			`a page whose \`count\` is not a non-negative integer but ${describeValue(count)}`,
		);
	}

	if (results === undefined) throw invalid(host, 'a page whose `results` is missing');
	if (!Array.isArray(results)) {
		throw invalid(host, `a page whose \`results\` is not a list but ${describeValue(results)}`);
	}

	const badIndex = results.findIndex((entry) => !isObject(entry));
	if (badIndex !== -1) {
		throw invalid(
			host,
			`a page whose \`results[${badIndex}]\` is not an object but ${describeValue(results[badIndex])}`,
		);
	}

	for (const link of ['next', 'previous'] as const) {
		const value = body[link];
		if (value !== undefined && value !== null && typeof value !== 'string') {
			throw invalid(
				host,
				`a page whose \`${link}\` is neither a URL nor null but ${describeValue(value)}`,
			);
		}
	}

	// JSON.parse('-0') is -0, which prints as "0" but is not one to Object.is.
	return {
		...body,
		count: count === 0 ? 0 : count,
		results: results as JsonObject[],
	} as Page<JsonObject>;
}

/** Checks that an answer is a JSON object; `what` names it in the error ("a workspace"). */
export function parseObject(body: unknown, host: string, what: string): JsonObject {
	if (!isObject(body))
		throw invalid(host, `${what} that is not an object but ${describeValue(body)}`);
	return body;
}

/**
 * Joins path segments, encoding each one: `resourcePath('workspaces', 12, 'entities')` →
 * `workspaces/12/entities`. Throws a RangeError for an empty segment.
 */
export function resourcePath(...segments: ReadonlyArray<string | number>): string {
	return segments
		.map((segment) => {
			const text = String(segment);
			if (text === '' || text === '.' || text === '..') {
				throw new RangeError(`Not a usable path segment: ${JSON.stringify(text)}.`);
			}

			return encodeURIComponent(text);
		})
		.join('/');
}

function listParameters({limit, offset, search, sort, filters}: ResourceQuery): Query {
	if (!Number.isSafeInteger(limit) || limit < 1) {
		throw new RangeError(`limit must be a positive integer, got ${limit}.`);
	}

	if (!Number.isSafeInteger(offset) || offset < 0) {
		throw new RangeError(`offset must be a non-negative integer, got ${offset}.`);
	}

	const trimmedSearch = search?.trim() ?? '';
	const trimmedSort = sort?.trim() ?? '';
	return {
		...filters,
		limit,
		offset,
		search: trimmedSearch === '' ? undefined : trimmedSearch,
		sort: trimmedSort === '' ? undefined : trimmedSort,
	};
}

/**
 * GETs one page of any offset-paginated resource: `limit` and `offset` always sent, `search`
 * and `sort` only when non-empty, then `filters`. The page is checked with `parsePage`.
 */
export async function listResource(
	client: ApiClient,
	path: string,
	query: ResourceQuery,
	options?: RequestOptions,
): Promise<Page<JsonObject>> {
	const body = await client.getJson(path, listParameters(query), options);
	return parsePage(body, client.host);
}

/** A page and the text of the answer it was read from. */
export type PageWithText = {page: Page<JsonObject>; text: string};

/**
 * Like `listResource`, and also hands back the answer's text, from which `recordTextsIn` finds
 * each record as the server wrote it.
 */
export async function listResourceWithText(
	client: ApiClient,
	path: string,
	query: ResourceQuery,
	options?: RequestOptions,
): Promise<PageWithText> {
	const {value, text} = await client.getJsonText(path, listParameters(query), options);
	return {page: parsePage(value, client.host), text};
}

/**
 * A page of a list for the export: read straight from the answer's bytes when it is a plain page
 * (`readPageBytes`: records as views of the bytes, `text` undefined), otherwise parsed and
 * checked like `listResourceWithText` (the same errors), with the text it was parsed from.
 */
export async function listResourceBytes(
	client: ApiClient,
	path: string,
	query: ResourceQuery,
	options?: RequestOptions,
): Promise<{page: Page<RecordBytes | RecordText>; text?: undefined} | PageWithText> {
	const answer = await client.getJsonOrRead(path, listParameters(query), readPageBytes, options);
	if (answer.read !== undefined) return {page: answer.read};
	return {page: parsePage(answer.value, client.host), text: answer.text};
}

/**
 * The text of each record of `page` as it stands in `text`, the answer `page` was parsed from
 * (see `itemTextsOf`), or undefined unless there is exactly one per record and each is an
 * object's.
 */
export function recordTextsIn({page, text}: PageWithText): readonly string[] | undefined {
	const found = itemTextsOf(text, 'results');
	const isMatch =
		found?.length === page.results.length &&
		found.every((item) => item.charCodeAt(0) === 0x7b /* { */);
	return isMatch ? found : undefined;
}

/** GETs one record of any resource; the answer must be an object (`what` names it in errors). */
export async function getResource(
	client: ApiClient,
	path: string,
	options?: RequestOptions,
	what = 'a record',
): Promise<JsonObject> {
	return parseObject(await client.getJson(path, undefined, options), client.host, what);
}

/** One page of the workspaces of the token's user (`GET /api/workspaces/`). */
export async function listWorkspaces(
	client: ApiClient,
	query: ListQuery,
	options?: RequestOptions,
): Promise<Page<Workspace>> {
	return listResource(client, 'workspaces', query, options);
}

/** One workspace (`GET /api/workspaces/:id/`); a missing one rejects with kind `not-found`. */
export async function getWorkspace(
	client: ApiClient,
	id: number | string,
	options?: RequestOptions,
): Promise<Workspace> {
	return getResource(client, resourcePath('workspaces', id), options, 'a workspace');
}

/** The user the token belongs to (`GET /api/users/current/`). */
export async function getCurrentUser(
	client: ApiClient,
	options?: RequestOptions,
): Promise<CurrentUser> {
	return getResource(client, 'users/current', options, 'a user');
}
