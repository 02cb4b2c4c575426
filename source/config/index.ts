/**
 * The config layer: saved profiles, token sources and settings precedence, plus the two steps
 * cli.tsx needs at start-up — turn settings into a session (resolve the token source) and verify a
 * token against the API (for the setup screen and `viktor-tui profile show`).
 */
import type {ApiErrorKind} from '../api/errors.js';
import {resolveToken} from './credentials.js';
import {commandRefusalFor, type Profile} from './profiles.js';
import {
	resolveSettings,
	setupForMissingToken,
	type Settings,
	type SettingsInput,
	type Target,
} from './settings.js';

export {
	commandRefusalFor,
	createProfileStore,
	defaultConfigDirectory,
	isValidEnvironmentVariableName,
	isValidProfileName,
	profileNamePattern,
	profileNameProblem,
	type EnvironmentVariables,
	type Profile,
	type ProfileSnapshot,
	type ProfileStore,
	type ProfileStoreOptions,
	type SaveProfileOptions,
	type StoreResult,
	type TokenSource,
} from './profiles.js';
export {
	describeTokenSource,
	looksLikeToken,
	maskToken,
	resolveToken,
	tokenCommandPresets,
	tokenCommandProblem,
	tokenVariableForProfile,
	type ResolveTokenOptions,
	type TokenCommandPreset,
	type TokenResult,
} from './credentials.js';
export {
	configCommandRefusal,
	findProfile,
	noProfileMessage,
	sameProfileName,
	type PathOwnership,
} from './profiles.js';
export {
	resolveProfileTarget,
	resolveSettings,
	setupForMissingToken,
	tokenVariable,
	type Settings,
	type SettingsFlags,
	type SettingsInput,
	type SettingsStore,
	type SetupPartial,
	type SetupStep,
	type Target,
} from './settings.js';

/** What the app starts with: a session with a token, the setup screen, the demo, or an error. */
export type Startup =
	| {
			kind: 'session';
			target: Target;
			token: string;
			profileName?: string;
			profile?: Profile;
	  }
	| Exclude<Settings, {kind: 'ready'}>;

/**
 * Resolves settings, then the token source of ready settings. A source that yields nothing (an
 * unset variable, a failing command) sends the user to the setup screen's token step with the
 * reason, the environment kept.
 */
export async function resolveStartup(
	input: SettingsInput & {timeoutMs?: number; signal?: AbortSignal},
): Promise<Startup> {
	const settings = resolveSettings(input);
	if (settings.kind !== 'ready') return settings;
	const result = await resolveToken(settings.tokenSource, {
		env: input.env,
		commandRefusal: commandRefusalFor(settings.tokenSource, input.store),
		...(input.timeoutMs === undefined ? {} : {timeoutMs: input.timeoutMs}),
		...(input.signal === undefined ? {} : {signal: input.signal}),
	});
	if (!result.ok) return setupForMissingToken(settings, result.reason);
	return {
		kind: 'session',
		target: settings.target,
		token: result.token,
		...(settings.profile === undefined
			? {}
			: {profileName: settings.profile.name, profile: settings.profile}),
	};
}

/**
 * The answer of a token check: how many workspaces the token sees, or what went wrong. Kind
 * `invalid-input` is a token the client refuses to send (spaces, line breaks); the others are
 * ApiError kinds (auth, network, timeout, invalid-response, …).
 */
export type VerifyResult =
	{ok: true; count: number} | {ok: false; kind: ApiErrorKind | 'invalid-input'; message: string};

/** Options of {@link verifyToken}. */
export type VerifyOptions = {
	signal?: AbortSignal;
	/** Time allowed for the request. Default 15000 (the client's). */
	timeoutMs?: number;
	/** Attempts in total. Default 1: a person is waiting for the answer. */
	maxAttempts?: number;
};

/**
 * Checks a token with one `GET /api/workspaces/?limit=1` against `target`. Never throws. The API
 * client is loaded on first use, keeping HTTP code off the start-up path.
 */
export async function verifyToken(
	target: Target,
	token: string,
	options: VerifyOptions = {},
): Promise<VerifyResult> {
	const {createClient, listWorkspaces, isApiError, redact} = await import('../api/index.js');
	let client;
	try {
		client = createClient({
			baseUrl: target.baseUrl,
			token,
			...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}),
			maxAttempts: options.maxAttempts ?? 1,
		});
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return {ok: false, kind: 'invalid-input', message: redact(message, [token])};
	}

	try {
		const page = await listWorkspaces(
			client,
			{limit: 1, offset: 0},
			options.signal === undefined ? {} : {signal: options.signal},
		);
		return {ok: true, count: page.count};
	} catch (error) {
		if (isApiError(error)) {
			return {ok: false, kind: error.kind, message: redact(error.message, [token])};
		}

		const message = error instanceof Error ? error.message : String(error);
		return {ok: false, kind: 'invalid-response', message: redact(message, [token])};
	}
}
