/**
 * Which environment and which token source a run uses, from flags, environment variables and saved
 * profiles. Pure: no I/O. Strongest first: flags → environment variables → the profile chosen with
 * `--profile`/`VIKTOR_PROFILE` (or the default profile) → the setup screen.
 */
import {resolveBaseUrl, resolveEnvironment, type EnvironmentResult} from '../api/environment.js';
import {MAX_DEMO_COUNT} from '../demo-size.js';
import {
	findProfile,
	noProfileMessage,
	type EnvironmentVariables,
	type Profile,
	type TokenSource,
} from './profiles.js';

/** The command-line flags that bear on settings. */
export type SettingsFlags = {
	environment?: string;
	baseUrl?: string;
	profile?: string;
	demo?: boolean;
};

/** The saved profiles, as read from the store. */
export type SettingsStore = {
	profiles: readonly Profile[];
	defaultProfile?: string;
	/** Set when token commands from the config file must not run (see `ProfileSnapshot`). */
	commandRefusal?: string;
};

/** Input of {@link resolveSettings}. */
export type SettingsInput = {
	flags: SettingsFlags;
	/** `VIKTOR_TOKEN`, `VIKTOR_ENVIRONMENT`, `VIKTOR_BASE_URL`, `VIKTOR_PROFILE` are read. */
	env: EnvironmentVariables;
	store: SettingsStore;
};

/** An API location the client can talk to. */
export type Target = {baseUrl: string; host: string; label: string};

/** Where the setup screen starts. */
export type SetupStep = 'environment' | 'token';

/** What is already known when the setup screen has to fill in the rest. */
export type SetupPartial = {
	target?: Target;
	tokenSource?: TokenSource;
	profileName?: string;
	profile?: Profile;
};

/** The outcome of {@link resolveSettings}. */
export type Settings =
	| {
			kind: 'ready';
			target: Target;
			tokenSource: TokenSource;
			/** The profile that contributed the target or the token source, if any. */
			profileName?: string;
			profile?: Profile;
	  }
	| {kind: 'setup'; step: SetupStep; reason?: string; partial: SetupPartial}
	| ({kind: 'demo'} & DemoSettings)
	| {kind: 'error'; message: string};

/** How big and how hostile the embedded demo environment is (from `VIKTOR_DEMO_*`). */
export type DemoSettings = {workspaces?: number; hostile?: boolean};

/** The variable that overrides every profile's token source. */
export const tokenVariable = 'VIKTOR_TOKEN';

function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * `VIKTOR_DEMO_WORKSPACES` (how many workspaces the demo holds, up to MAX_DEMO_COUNT; `_` may
 * group digits) and `VIKTOR_DEMO_HOSTILE` (1/true: mix in hostile names). Unset or empty: the
 * defaults.
 */
export function demoSettings(env: EnvironmentVariables): DemoSettings | {message: string} {
	const settings: DemoSettings = {};
	const workspaces = nonEmpty(env.VIKTOR_DEMO_WORKSPACES)?.trim();
	if (workspaces !== undefined) {
		const digits = workspaces.replaceAll('_', '');
		const count = Number(digits);
		if (!/^\d+$/.test(digits) || count > MAX_DEMO_COUNT) {
			return {
				message: `VIKTOR_DEMO_WORKSPACES: expected a whole number from 0 to ${MAX_DEMO_COUNT.toLocaleString('en-US')}, not "${workspaces}"`,
			};
		}

		settings.workspaces = count;
	}

	const hostile = nonEmpty(env.VIKTOR_DEMO_HOSTILE)?.trim().toLowerCase();
	if (hostile !== undefined) {
		if (!['1', 'true', 'yes', '0', 'false', 'no'].includes(hostile)) {
			return {message: `VIKTOR_DEMO_HOSTILE: expected 1 or 0, not "${hostile}"`};
		}

		settings.hostile = ['1', 'true', 'yes'].includes(hostile);
	}

	return settings;
}

function toTarget(result: EnvironmentResult & {ok: true}): Target {
	return {baseUrl: result.baseUrl, host: result.host, label: result.label};
}

/** Where a profile points, resolved; the profile's own field names it (`environment`/`baseUrl`). */
export function resolveProfileTarget(profile: Profile): EnvironmentResult {
	if (profile.baseUrl !== undefined) return resolveBaseUrl(profile.baseUrl);
	return resolveEnvironment(profile.environment ?? '');
}

function savedNames(store: SettingsStore): string {
	return store.profiles.length === 0
		? 'no profiles are saved yet'
		: `saved: ${store.profiles.map((profile) => profile.name).join(', ')}`;
}

type TargetChoice = {target: Target} | {message: string} | undefined;

/** The target given by flags or environment variables, strongest first. */
function explicitTarget(flags: SettingsFlags, env: EnvironmentVariables): TargetChoice {
	const candidates: Array<[string, string | undefined, (input: string) => EnvironmentResult]> = [
		['--base-url', flags.baseUrl, resolveBaseUrl],
		['--environment', flags.environment, resolveEnvironment],
		['VIKTOR_BASE_URL', nonEmpty(env.VIKTOR_BASE_URL), resolveBaseUrl],
		['VIKTOR_ENVIRONMENT', nonEmpty(env.VIKTOR_ENVIRONMENT), resolveEnvironment],
	];
	for (const [origin, value, resolve] of candidates) {
		if (value === undefined) continue;
		const result = resolve(value);
		return result.ok ? {target: toTarget(result)} : {message: `${origin}: ${result.message}`};
	}

	return undefined;
}

/** The saved profile for the same API as `target`: the default one first, then in saved order. */
function profileForTarget(store: SettingsStore, target: Target): Profile | undefined {
	const ordered = [
		...store.profiles.filter((profile) => profile.name === store.defaultProfile),
		...store.profiles.filter((profile) => profile.name !== store.defaultProfile),
	];
	return ordered.find((profile) => {
		const result = resolveProfileTarget(profile);
		return result.ok && result.baseUrl === target.baseUrl;
	});
}

/**
 * Decides the environment and token source of this run. `--environment`/`--base-url` with
 * `VIKTOR_TOKEN` need no profile; without `VIKTOR_TOKEN` a saved profile for the same API supplies
 * the token source. An explicitly chosen profile that does not exist, an invalid environment or a
 * clear-text `http://` URL for a remote host is an error; nothing usable at all means setup.
 */
export function resolveSettings({flags, env, store}: SettingsInput): Settings {
	if (flags.demo) {
		const conflicting = (['environment', 'baseUrl', 'profile'] as const).filter(
			(key) => flags[key] !== undefined,
		);
		if (conflicting.length > 0) {
			const names = conflicting.map((key) => (key === 'baseUrl' ? '--base-url' : `--${key}`));
			return {kind: 'error', message: `--demo cannot be combined with ${names.join(', ')}`};
		}

		const demo = demoSettings(env);
		return 'message' in demo ? {kind: 'error', message: demo.message} : {kind: 'demo', ...demo};
	}

	if (flags.environment !== undefined && flags.baseUrl !== undefined) {
		return {kind: 'error', message: 'Use either --environment or --base-url, not both'};
	}

	const fromFlagsOrEnv = explicitTarget(flags, env);
	if (fromFlagsOrEnv !== undefined && 'message' in fromFlagsOrEnv) {
		return {kind: 'error', message: fromFlagsOrEnv.message};
	}

	const chosenName = flags.profile ?? nonEmpty(env.VIKTOR_PROFILE);
	let profile: Profile | undefined;
	if (chosenName !== undefined) {
		profile = findProfile(store.profiles, chosenName);
		if (profile === undefined) {
			// The same words as `viktor-tui profile show x`; an environment variable is named, as
			// it is easily forgotten.
			const origin = flags.profile === undefined ? 'VIKTOR_PROFILE: ' : '';
			const names = store.profiles.map((candidate) => candidate.name);
			return {kind: 'error', message: `${origin}${noProfileMessage(chosenName, names)}`};
		}
	} else if (fromFlagsOrEnv === undefined) {
		profile = store.profiles.find((candidate) => candidate.name === store.defaultProfile);
	} else {
		profile = profileForTarget(store, fromFlagsOrEnv.target);
	}

	let target = fromFlagsOrEnv?.target;
	if (target === undefined && profile !== undefined) {
		const result = resolveProfileTarget(profile);
		if (!result.ok) return {kind: 'error', message: `Profile "${profile.name}": ${result.message}`};
		target = toTarget(result);
	}

	const tokenSource: TokenSource | undefined =
		nonEmpty(env[tokenVariable]) === undefined
			? profile?.tokenSource
			: {type: 'env', variable: tokenVariable};
	const profilePart = profile === undefined ? {} : {profileName: profile.name, profile};

	if (target === undefined) {
		const reason =
			store.profiles.length > 0
				? `No default profile is set; choose one with --profile (${savedNames(store)}) or set up a new one`
				: undefined;
		return {
			kind: 'setup',
			step: 'environment',
			...(reason === undefined ? {} : {reason}),
			partial: tokenSource === undefined ? {} : {tokenSource},
		};
	}

	if (tokenSource === undefined) {
		return {
			kind: 'setup',
			step: 'token',
			reason: `No token for ${target.host}: ${tokenVariable} is not set and no saved profile is for this environment`,
			partial: {target, ...profilePart},
		};
	}

	return {kind: 'ready', target, tokenSource, ...profilePart};
}

/**
 * The setup screen at the token step, for ready settings whose token source yielded nothing
 * (`reason` such as "VIKTOR_TOKEN_ACME is not set"); the environment and profile stay preset.
 */
export function setupForMissingToken(
	settings: Settings & {kind: 'ready'},
	reason: string,
): Settings & {kind: 'setup'} {
	return {
		kind: 'setup',
		step: 'token',
		reason,
		partial: {
			target: settings.target,
			tokenSource: settings.tokenSource,
			...(settings.profile === undefined
				? {}
				: {profileName: settings.profile.name, profile: settings.profile}),
		},
	};
}
