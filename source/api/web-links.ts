/**
 * Links into the VIKTOR web app for the records the browser shows, built from the API base URL
 * (the web app lives on the same host, without the `/api` segment): a workspace is
 * `https://acme.viktor.ai/workspaces/{ws}/app`, an entity
 * `https://acme.viktor.ai/workspaces/{ws}/app/editor/{entity}` (see viktor-api.md). Ids are
 * checked before they go into a path, and a loopback host (the demo server) is flagged, since no
 * web app stands behind it. Pure functions.
 */
import {sanitizeLine} from '../sanitize.js';
import {isLoopbackHost} from './environment.js';

/** A web-app link, or why there is none. */
export type WebLink =
	| {
			ok: true;
			url: string;
			/**
			 * The host is a loopback one (the demo server, a local test server): the URL leads to no
			 * VIKTOR web app, and the UI should say so instead of opening it silently.
			 */
			isLoopback: boolean;
	  }
	| {ok: false; reason: string};

// Ids are integers in the documented API; a string id is kept to letters, digits, `-` and `_`.
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

function checkId(
	id: unknown,
	what: string,
): {ok: true; text: string} | {ok: false; reason: string} {
	if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) {
		return {ok: true, text: String(id)};
	}
	if (typeof id === 'string' && idPattern.test(id)) return {ok: true, text: id};
	const text = Array.from(sanitizeLine(String(id)))
		.slice(0, 40)
		.join('');
	const shown = typeof id === 'string' ? `"${text}"` : text;
	return {ok: false, reason: `the ${what} id ${shown} cannot be put in a web-app link`};
}

/**
 * The web app's root for an API base URL: `https://acme.viktor.ai/api/` →
 * `https://acme.viktor.ai` (a trailing `/api` segment and slashes dropped, a path before it kept).
 */
export function webAppRoot(
	apiBaseUrl: string,
): {ok: true; root: string; isLoopback: boolean} | {ok: false; reason: string} {
	let url: URL;
	try {
		url = new URL(apiBaseUrl);
	} catch {
		return {ok: false, reason: 'the API address is not a URL, so there is no web-app link'};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return {ok: false, reason: `the API address uses ${sanitizeLine(url.protocol)}, not https`};
	}
	const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
	return {ok: true, root: `${url.origin}${path}`, isLoopback: isLoopbackHost(url.host)};
}

function link(
	apiBaseUrl: string,
	path: (ids: string[]) => string,
	ids: Array<[unknown, string]>,
): WebLink {
	const root = webAppRoot(apiBaseUrl);
	if (!root.ok) return root;
	const texts: string[] = [];
	for (const [id, what] of ids) {
		const checked = checkId(id, what);
		if (!checked.ok) return checked;
		texts.push(encodeURIComponent(checked.text));
	}
	return {ok: true, url: root.root + path(texts), isLoopback: root.isLoopback};
}

/** The web app's page of a workspace: `https://acme.viktor.ai/workspaces/12/app`. */
export function workspaceWebLink(apiBaseUrl: string, workspaceId: unknown): WebLink {
	return link(apiBaseUrl, ([ws]) => `/workspaces/${ws}/app`, [[workspaceId, 'workspace']]);
}

/** The web app's editor of an entity: `https://acme.viktor.ai/workspaces/12/app/editor/345`. */
export function entityWebLink(
	apiBaseUrl: string,
	workspaceId: unknown,
	entityId: unknown,
): WebLink {
	return link(apiBaseUrl, ([ws, entity]) => `/workspaces/${ws}/app/editor/${entity}`, [
		[workspaceId, 'workspace'],
		[entityId, 'entity'],
	]);
}

/**
 * The sentence the UI shows with a loopback link instead of opening it without a word: the demo
 * (or a local test server) has no VIKTOR web app behind it.
 */
export const loopbackLinkNote =
	'this is a local address (the demo server): no VIKTOR web app answers there';
