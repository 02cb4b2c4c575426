/**
 * Builds the services the screens use (see ui/services.tsx) from the API client and the profile
 * store: the one place where a token is bound into a client for the UI.
 */
import {createClient} from './api/client.js';
import {getWorkspace, listWorkspaces} from './api/resources.js';
import {resolveToken, verifyToken} from './config/index.js';
import type {EnvironmentVariables, Profile, ProfileStore} from './config/profiles.js';
import {resolveProfileTarget, type Target} from './config/settings.js';
import type {Connection, Services} from './ui/services.js';

/** Options of {@link createServices}. */
export type CreateServicesOptions = {
	store: ProfileStore;
	/** Where token variables of profiles are read from (process.env). */
	env: EnvironmentVariables;
	/** Client settings for tests: shorter timeouts and backoff. */
	client?: {timeoutMs?: number; maxAttempts?: number; retryBaseDelayMs?: number};
};

/** The services for the app, bound to one profile store and environment. */
export function createServices({
	store,
	env,
	client: clientOptions = {},
}: CreateServicesOptions): Services {
	let nextConnectionId = 1;
	const connect = (target: Target, token: string, profile?: Profile): Connection => {
		const client = createClient({baseUrl: target.baseUrl, token, ...clientOptions});
		return {
			id: nextConnectionId++,
			target,
			...(profile === undefined ? {} : {profileName: profile.name}),
			fetchPage: (query, requestOptions) => listWorkspaces(client, query, requestOptions),
			fetchRecord: (id, requestOptions) => getWorkspace(client, id, requestOptions),
			...(profile?.limit === undefined ? {} : {limit: profile.limit}),
			...(profile?.sort === undefined ? {} : {sort: profile.sort}),
		};
	};

	return {
		connect,
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
			const token = await resolveToken(profile.tokenSource, {env});
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
		verify: (target, token, signal) => verifyToken(target, token, {signal}),
		profiles: {
			read: () => store.read(),
			saveProfile: (profile, saveOptions) => store.saveProfile(profile, saveOptions),
			removeProfile: (name) => store.removeProfile(name),
			setDefaultProfile: (name) => store.setDefaultProfile(name),
		},
	};
}
