/**
 * The public API of the HTTP layer: environments, the client, typed resources, errors and types.
 */
export {
	isLoopbackHost,
	resolveBaseUrl,
	resolveEnvironment,
	webUrlFor,
	type EnvironmentResult,
	type RejectedEnvironment,
	type ResolvedEnvironment,
} from './environment.js';
export {
	createClient,
	type ApiClient,
	type ClientOptions,
	type Query,
	type QueryValue,
} from './client.js';
export {
	getCurrentUser,
	getResource,
	getWorkspace,
	listResource,
	listWorkspaces,
	parseObject,
	parsePage,
	resourcePath,
	type CurrentUser,
	type ResourceQuery,
} from './resources.js';
export {ApiError, isApiError, redact, type ApiErrorKind} from './errors.js';
export type {JsonObject, ListQuery, Page, RequestOptions, RetryEvent, Workspace} from './types.js';
