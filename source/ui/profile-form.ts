/**
 * The inline edit form of the profiles screen as pure functions: a profile shown as text fields,
 * and text fields checked and turned back into a profile.
 */
import {resolveBaseUrl, resolveEnvironment} from '../api/environment.js';
import {describeTokenSource} from '../config/credentials.js';
import {
	isValidEnvironmentVariableName,
	type Profile,
	type TokenSource,
} from '../config/profiles.js';
import {resources, sortProblem} from './resources.js';

/** The editable fields, in the order they are shown. */
export type ProfileField = 'location' | 'tokenSource' | 'limit' | 'sort';

/** The form's values: all text, as typed. */
export type ProfileFormValues = Record<ProfileField, string>;

/** The fields in order, with their labels. */
export const profileFields: ReadonlyArray<{field: ProfileField; label: string}> = [
	{field: 'location', label: 'Environment or URL'},
	{field: 'tokenSource', label: 'Token source'},
	{field: 'limit', label: 'Page size'},
	{field: 'sort', label: 'Sort'},
];

/** The form filled with a profile's values. */
export function formValuesOf(profile: Profile): ProfileFormValues {
	return {
		location: profile.environment ?? profile.baseUrl ?? '',
		tokenSource: describeTokenSource(profile.tokenSource),
		limit: profile.limit === undefined ? '' : String(profile.limit),
		sort: profile.sort ?? '',
	};
}

/**
 * Reads a token source as `describeTokenSource` writes it: `env VARIABLE` (or just `VARIABLE`) or
 * `command: …`.
 */
export function parseTokenSource(text: string): TokenSource | undefined {
	const trimmed = text.trim();
	const command = /^command:\s*(\S.*)$/s.exec(trimmed);
	if (command?.[1] !== undefined) return {type: 'command', command: command[1].trim()};
	const variable = /^(?:env\s+)?(\S+)$/.exec(trimmed)?.[1];
	if (variable !== undefined && isValidEnvironmentVariableName(variable)) {
		return {type: 'env', variable};
	}

	return undefined;
}

/** A checked form: the profile to save, or the first problem and the field it is in. */
export type FormResult =
	{ok: true; profile: Profile} | {ok: false; field: ProfileField; message: string};

/**
 * Checks the form and builds the profile named `name`. A location with `://` is a base URL (its
 * path kept); anything else is an environment as typed (`acme`, `cloud.us1`).
 */
export function profileFromForm(name: string, values: ProfileFormValues): FormResult {
	const location = values.location.trim();
	const isUrl = location.includes('://');
	const resolved = isUrl ? resolveBaseUrl(location) : resolveEnvironment(location);
	if (!resolved.ok) return {ok: false, field: 'location', message: resolved.message};
	const tokenSource = parseTokenSource(values.tokenSource);
	if (tokenSource === undefined) {
		return {
			ok: false,
			field: 'tokenSource',
			message: 'Write the token source as `env VARIABLE_NAME` or `command: the command`.',
		};
	}

	const profile: Profile = {
		name,
		...(isUrl ? {baseUrl: resolved.baseUrl} : {environment: location}),
		tokenSource,
	};
	const limitText = values.limit.trim();
	if (limitText !== '') {
		const limit = Number(limitText);
		if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000) {
			return {
				ok: false,
				field: 'limit',
				message: 'The page size is a whole number from 1 to 1000.',
			};
		}

		profile.limit = limit;
	}

	const sort = values.sort.trim();
	if (sort !== '') {
		// A profile's sort is the workspace list's: one the API does not take would fail every page.
		const problem = sortProblem(resources.workspaces, sort);
		if (problem !== undefined) {
			return {ok: false, field: 'sort', message: `${problem.replace(/^--sort /, 'The sort ')}.`};
		}

		profile.sort = sort;
	}

	return {ok: true, profile};
}
