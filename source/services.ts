/**
 * Builds the services the screens use (see ui/services.tsx) from the API client and the profile
 * store: the one place where a token is bound into a client for the UI.
 */
import {abortWhenAny} from './abort.js';
import {createClient, type ApiClient} from './api/client.js';
import {createHostCheck, type CheckHost} from './api/host-check.js';
import type {ExportRecord} from './api/page-bytes.js';
import {
	getResource,
	listResource,
	listResourceBytes,
	recordTextsIn,
	resourcePath,
	type PageWithText,
} from './api/resources.js';
import type {JsonObject, ListQuery, Page, PageFetcher, RequestOptions} from './api/types.js';
import {commandRefusalFor, resolveToken, verifyToken} from './config/index.js';
import type {EnvironmentVariables, Profile, ProfileStore} from './config/profiles.js';
import {resolveProfileTarget, type Target} from './config/settings.js';
import {resources, type ParentIds, type ResourceName} from './ui/resources.js';
import type {Connection, ResourceApi, Services} from './ui/services.js';

/** Client settings that tests shorten: timeouts, attempts and backoff. */
export type ClientTuning = {timeoutMs?: number; maxAttempts?: number; retryBaseDelayMs?: number};

/**
 * Runs `request` with a signal that aborts when its own signal or `processSignal` (the process's
 * shutdown) does, and unhooks from the long-lived process signal once it settles (see abort.ts).
 */
export async function withProcessSignal<T>(
	processSignal: AbortSignal | undefined,
	own: AbortSignal | undefined,
	request: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
	if (processSignal === undefined) return request(own);
	const controller = new AbortController();
	const unhook = abortWhenAny(controller, [processSignal, own]);
	try {
		return await request(controller.signal);
	} finally {
		unhook();
	}
}

/**
 * The API over the resource descriptors, through one client; every request is also cancelled by
 * `processSignal` (the process's shutdown).
 */
export function createResourceApi(client: ApiClient, processSignal?: AbortSignal): ResourceApi {
	return {
		async list(resource, parent, query, requestOptions) {
			const path = resourcePath(...resources[resource].listPath(parent));
			return withProcessSignal(processSignal, requestOptions?.signal, async (signal) =>
				listResource(client, path, query, {...requestOptions, signal}),
			);
		},
		async get(resource, parent, id, requestOptions) {
			const descriptor = resources[resource];
			const path = resourcePath(...descriptor.recordPath(parent, id));
			return withProcessSignal(processSignal, requestOptions?.signal, async (signal) =>
				getResource(client, path, {...requestOptions, signal}, `a ${descriptor.singular}`),
			);
		},
	};
}

/** The resource API of one environment, with the token bound into its one client. */
export function connectApi(
	target: Target,
	token: string,
	tuning: ClientTuning = {},
	processSignal?: AbortSignal,
): ResourceApi {
	return createResourceApi(
		createClient({baseUrl: target.baseUrl, token, ...tuning}),
		processSignal,
	);
}

/** The list of one resource under one parent as a page fetcher, for the pager and the export. */
export function listFetcher(
	api: ResourceApi,
	resource: ResourceName,
	parent: ParentIds,
): PageFetcher<JsonObject> {
	return async (query, requestOptions) => api.list(resource, parent, query, requestOptions);
}

/** The export's view of a list: pages, and the server's own text of the records they hold. */
export type ExportSource = {
	fetchPage: PageFetcher<ExportRecord>;
	/**
	 * The records of a parsed page `fetchPage` returned as the server wrote them, where that is
	 * known (a page read from its bytes holds them already).
	 */
	recordTextsOf: (page: Page<ExportRecord>) => readonly string[] | undefined;
};

/**
 * The list of one resource under one parent for the export: like {@link listFetcher} over a
 * client of its own, but each page is read straight from the answer's bytes where it can be;
 * otherwise it keeps the answer's text (for as long as its page is in use) so the export can
 * still write the records as they came.
 */
export function exportSource(
	target: Target,
	token: string,
	resource: ResourceName,
	parent: ParentIds,
	processSignal?: AbortSignal,
): ExportSource {
	const client = createClient({baseUrl: target.baseUrl, token});
	const path = resourcePath(...resources[resource].listPath(parent));
	const answers = new WeakMap<Page<ExportRecord>, PageWithText>();
	return {
		async fetchPage(query, requestOptions) {
			const answer = await withProcessSignal(processSignal, requestOptions.signal, async (signal) =>
				listResourceBytes(client, path, query, {...requestOptions, signal}),
			);
			if (answer.text !== undefined) answers.set(answer.page, answer);
			return answer.page;
		},
		recordTextsOf(page) {
			const answer = answers.get(page);
			return answer === undefined ? undefined : recordTextsIn(answer);
		},
	};
}

/** Options of {@link createServices}. */
export type CreateServicesOptions = {
	store: ProfileStore;
	/** Where token variables of profiles are read from (process.env). */
	env: EnvironmentVariables;
	/** Client settings for tests: shorter timeouts and backoff. */
	client?: ClientTuning;
	/** The process's abort signal: cancels every request and token command of the services. */
	signal?: AbortSignal;
	/** The DNS check of setup; the system resolver by default. */
	checkHost?: CheckHost;
};

/** The services for the app, bound to one profile store and environment. */
export function createServices({
	store,
	env,
	client: clientOptions = {},
	signal: processSignal,
	checkHost = createHostCheck(),
}: CreateServicesOptions): Services {
	let nextConnectionId = 1;
	const connect = (target: Target, token: string, profile?: Profile): Connection => {
		return {
			id: nextConnectionId++,
			target,
			...(profile === undefined ? {} : {profileName: profile.name}),
			api: connectApi(target, token, clientOptions, processSignal),
			...(profile?.limit === undefined ? {} : {limit: profile.limit}),
			...(profile?.sort === undefined ? {} : {sort: profile.sort}),
		};
	};

	return {
		connect,
		checkHost,
		async openProfile(profile) {
			const target = resolveProfileTarget(profile);
			if (!target.ok) {
				return {
					ok: false,
					reason: `Profile "${profile.name}": ${target.message}`,
					initial: {step: 'environment', profileName: profile.name, reason: target.message},
				};
			}

			const resolvedTarget = {baseUrl: target.baseUrl, host: target.host, label: target.label};
			const token = await resolveToken(profile.tokenSource, {
				env,
				commandRefusal: commandRefusalFor(profile.tokenSource, store.read()),
				...(processSignal === undefined ? {} : {signal: processSignal}),
			});
			if (!token.ok) {
				return {
					ok: false,
					reason: token.reason,
					initial: {
						step: 'token',
						reason: token.reason,
						target: resolvedTarget,
						...(profile.environment === undefined ? {} : {environment: profile.environment}),
						profileName: profile.name,
						tokenSource: profile.tokenSource,
					},
				};
			}

			return {ok: true, connection: connect(resolvedTarget, token.token, profile)};
		},
		verify: (target, token, own) =>
			withProcessSignal(processSignal, own, async (signal) =>
				verifyToken(target, token, signal === undefined ? {} : {signal}),
			),
		profiles: {
			read: () => store.read(),
			saveProfile: (profile, saveOptions) => store.saveProfile(profile, saveOptions),
			removeProfile: (name) => store.removeProfile(name),
			setDefaultProfile: (name) => store.setDefaultProfile(name),
		},
	};
}

function sameQuery(a: ListQuery, b: ListQuery): boolean {
	return (
		a.offset === b.offset &&
		a.limit === b.limit &&
		(a.search ?? '') === (b.search ?? '') &&
		(a.sort ?? '') === (b.sort ?? '')
	);
}

/** The first page's early request, see {@link primeFirstPage}. */
export type PrimedFirstPage = {
	/** A fetcher that hands the early answer to the first fetch of exactly that page. */
	fetchPage: PageFetcher<JsonObject>;
	/**
	 * The early answer if it has already arrived, for drawing the first frame with it; the
	 * fetcher then no longer hands it out (a later fetch of the page, a refresh, asks again).
	 */
	takeSettled: () => Page<JsonObject> | undefined;
};

/**
 * Sends the request for the first page now, while the UI is still loading: the list appears one
 * round trip sooner. Its answer goes to the first fetch that asks for exactly that page, or to
 * `takeSettled`. If the first fetch asks for something else (the terminal was resized
 * meanwhile), the early request is abandoned and everything goes on as usual.
 */
export function primeFirstPage(
	fetchPage: PageFetcher<JsonObject>,
	query: ListQuery,
): PrimedFirstPage {
	const controller = new AbortController();
	let forwardRetry: RequestOptions['onRetry'];
	let settled: Page<JsonObject> | undefined;
	let early: Promise<Page<JsonObject>> | undefined = fetchPage(query, {
		signal: controller.signal,
		onRetry: (event) => forwardRetry?.(event),
	});
	early.then(
		(page) => {
			settled = page;
		},
		// Its failure is reported to whoever adopts it; never an unhandled rejection.
		() => undefined,
	);
	return {
		fetchPage(next, options) {
			const answer = early;
			early = undefined;
			if (answer === undefined) return fetchPage(next, options);
			if (!sameQuery(next, query) || options.signal?.aborted) {
				controller.abort();
				return fetchPage(next, options);
			}

			forwardRetry = options.onRetry;
			options.signal?.addEventListener('abort', () => controller.abort(), {once: true});
			return answer;
		},
		takeSettled() {
			if (early === undefined || settled === undefined) return undefined;
			early = undefined;
			return settled;
		},
	};
}
