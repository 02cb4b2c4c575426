/**
 * Turns what a user types for an environment (`cloud`, `acme`, `https://acme.viktor.ai/api`) or
 * for `--base-url` into the API base URL the client talks to. Pure: no I/O, no environment reads.
 * Invalid input never throws; it comes back as `{ok: false, message}` with a sentence that says
 * what is accepted, ready to show to the user.
 */

/** A resolved API location. */
export type ResolvedEnvironment = {
	ok: true;
	/** The API base without a trailing slash, such as `https://acme.viktor.ai/api`. */
	baseUrl: string;
	/** Host and non-default port, lower case, such as `acme.viktor.ai` or `127.0.0.1:8123`. */
	host: string;
	/** A short name for display: `cloud`, `cloud.us1`, `acme`, or the host for other servers. */
	label: string;
};

/** Input that cannot be used, with the reason and what would be accepted. */
export type RejectedEnvironment = {ok: false; message: string};

/** The outcome of resolving an environment or a base URL. */
export type EnvironmentResult = ResolvedEnvironment | RejectedEnvironment;

const viktorDomain = 'viktor.ai';

const acceptedEnvironments =
	'Use `cloud`, `cloud.us1`, a company name such as `acme`, a host such as `acme.viktor.ai`, or a URL such as `https://acme.viktor.ai`.';

const acceptedBaseUrls =
	'Use a full URL such as `https://acme.viktor.ai/api` (plain `http://` only for 127.0.0.1, ::1 or localhost, such as `http://127.0.0.1:8123/api`).';

const hostLabel = /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/;
const portSuffix = /^\d{1,5}$/;
const whitespace = /\s/;
const schemePrefix = /^([a-z][a-z\d+.-]*):/i;

function reject(message: string): RejectedEnvironment {
	return {ok: false, message};
}

/**
 * Whether a host name or address is a loopback one: `localhost`, an address in 127.0.0.0/8, or
 * `::1` (with or without brackets). A `:port` suffix is ignored. Case-insensitive.
 */
export function isLoopbackHost(host: string): boolean {
	let name = host.trim().toLowerCase();
	if (name.startsWith('[')) {
		const closing = name.indexOf(']');
		if (closing === -1) return false;
		const rest = name.slice(closing + 1);
		if (rest !== '' && !(rest.startsWith(':') && portSuffix.test(rest.slice(1)))) return false;
		name = name.slice(1, closing);
	} else if (name.split(':').length === 2) {
		const [hostPart = '', port = ''] = name.split(':');
		if (!portSuffix.test(port)) return false;
		name = hostPart;
	}

	if (name === 'localhost' || name === 'localhost.') return true;
	if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
	const octets = name.split('.');
	return (
		octets.length === 4 &&
		octets[0] === '127' &&
		octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
	);
}

function labelFor(host: string): string {
	const suffix = `.${viktorDomain}`;
	return host.endsWith(suffix) ? host.slice(0, -suffix.length) : host;
}

/** The input as quoted back in a message: shortened, and any `user:password@` masked. */
function describeInput(input: string): string {
	const masked = input.replace(/\/\/[^/?#]*@/, '//***@');
	return masked.length > 60 ? `${masked.slice(0, 57)}...` : masked;
}

type ParsedUrl = {ok: true; url: URL} | RejectedEnvironment;

/** Checks the rules every URL shares (scheme, host, credentials, query, clear text). */
function parseUrl(input: string, accepted: string): ParsedUrl {
	const shown = describeInput(input);
	const scheme = schemePrefix.exec(input)?.[1]?.toLowerCase();
	if (scheme !== 'https' && scheme !== 'http') {
		return reject(`"${shown}" is not an http(s) address. ${accepted}`);
	}

	if (!/^https?:\/\/[^/?#]/i.test(input)) {
		return reject(`"${shown}" has no host. ${accepted}`);
	}

	let url: URL;
	try {
		url = new URL(input);
	} catch {
		return reject(`"${shown}" is not a valid URL. ${accepted}`);
	}

	if (url.username !== '' || url.password !== '' || /^https?:\/\/[^/?#]*@/i.test(input)) {
		// The message must not echo the input: it holds a password.
		return reject(
			`A URL with a user name or password in it is not accepted; the token is sent in a header instead. ${accepted}`,
		);
	}

	if (input.includes('?') || input.includes('#')) {
		return reject(`"${shown}" has a query or fragment; give only the address. ${accepted}`);
	}

	if (url.hostname === '') {
		return reject(`"${shown}" has no host. ${accepted}`);
	}

	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return reject(
			`refusing http://${url.host}: the token would travel unencrypted; use https:// (plain http:// is accepted only for 127.0.0.1, ::1 or localhost).`,
		);
	}

	return {ok: true, url};
}

function resolved(url: URL, path: string): ResolvedEnvironment {
	return {ok: true, baseUrl: `${url.origin}${path}`, host: url.host, label: labelFor(url.host)};
}

/**
 * Resolves an environment as a user names it: `cloud` → `https://cloud.viktor.ai/api`,
 * `cloud.us1` → `https://cloud.us1.viktor.ai/api`, a company name `acme` →
 * `https://acme.viktor.ai/api`, a host `acme.viktor.ai` (or any other host with a dot), or a URL
 * `https://acme.viktor.ai` with or without `/api` and a trailing slash. Input is trimmed and the
 * host lower-cased. `http://` is accepted only for loopback hosts. A bare name without a dot, or
 * `cloud.<region>`, is a VIKTOR environment name; anything else with a dot is taken as a host.
 */
export function resolveEnvironment(input: string): EnvironmentResult {
	const trimmed = input.trim();
	if (trimmed === '') return reject(`No environment given. ${acceptedEnvironments}`);
	const shown = describeInput(trimmed);
	if (whitespace.test(trimmed)) {
		return reject(`"${shown}" contains spaces. ${acceptedEnvironments}`);
	}

	if (trimmed.includes('://') || schemePrefix.test(trimmed)) {
		const hostAndPort = /^([a-z\d.-]+):(\d{1,5})$/i.exec(trimmed);
		if (hostAndPort === null) {
			const parsed = parseUrl(trimmed, acceptedEnvironments);
			if (!parsed.ok) return parsed;
			const path = parsed.url.pathname.replace(/\/+$/, '');
			if (path !== '' && path !== '/api') {
				return reject(
					`"${shown}" has the path ${parsed.url.pathname}; an environment URL may end only in /api (use --base-url for another API path). ${acceptedEnvironments}`,
				);
			}

			return resolved(parsed.url, '/api');
		}
	}

	if (trimmed.includes('/') || trimmed.includes('\\')) {
		return reject(`"${shown}" is a path, not an environment. ${acceptedEnvironments}`);
	}

	if (trimmed.includes('?') || trimmed.includes('#') || trimmed.includes('@')) {
		return reject(`"${shown}" is not an environment name or host. ${acceptedEnvironments}`);
	}

	const lower = trimmed.toLowerCase().replace(/\.$/, '');
	const [name = '', port, ...extra] = lower.split(':');
	if (extra.length > 0 || (port !== undefined && !portSuffix.test(port))) {
		return reject(`"${shown}" is not an environment name or host. ${acceptedEnvironments}`);
	}

	const labels = name.split('.');
	if (!labels.every((label) => hostLabel.test(label))) {
		return reject(`"${shown}" is not an environment name or host. ${acceptedEnvironments}`);
	}

	const isEnvironmentName = labels.length === 1 || (labels.length === 2 && labels[0] === 'cloud');
	const host = isEnvironmentName && name !== 'localhost' ? `${name}.${viktorDomain}` : name;
	let url: URL;
	try {
		url = new URL(`https://${host}${port === undefined ? '' : `:${port}`}`);
	} catch {
		return reject(`"${shown}" is not an environment name or host. ${acceptedEnvironments}`);
	}

	return resolved(url, '/api');
}

/**
 * Resolves a `--base-url` value: a full `https://` URL (or `http://` for a loopback host) whose
 * path is kept as given minus trailing slashes, such as `http://127.0.0.1:8123/api`. A URL with
 * no path at all gets `/api`, where every VIKTOR environment serves its API.
 */
export function resolveBaseUrl(input: string): EnvironmentResult {
	const trimmed = input.trim();
	if (trimmed === '') return reject(`No base URL given. ${acceptedBaseUrls}`);
	if (whitespace.test(trimmed)) {
		return reject(`"${describeInput(trimmed)}" contains spaces. ${acceptedBaseUrls}`);
	}

	const parsed = parseUrl(trimmed, acceptedBaseUrls);
	if (!parsed.ok) return parsed;
	const path = parsed.url.pathname.replace(/\/+$/, '');
	return resolved(parsed.url, path === '' ? '/api' : path);
}

/**
 * The web app's page of a workspace for an API base URL: `https://acme.viktor.ai/api` and 12 →
 * `https://acme.viktor.ai/workspaces/12`. A trailing `/api` segment of the base is dropped.
 */
export function webUrlFor(baseUrl: string, workspaceId: number | string): string {
	const url = new URL(baseUrl);
	const root = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
	return `${url.origin}${root}/workspaces/${encodeURIComponent(String(workspaceId))}`;
}
