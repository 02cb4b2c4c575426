/**
 * The setup screen's state as a pure reducer: which step is shown, what was typed, and where a
 * failed check sends the user back to. No I/O; the screen runs the check and the save.
 */
import {resolveBaseUrl, resolveEnvironment, type EnvironmentResult} from '../api/environment.js';
import {
	knownEnvironmentNames,
	needsHostCheck,
	suggestEnvironment,
	type HostCheck,
} from '../api/host-check.js';
import {
	isValidProfileName,
	profileNameProblem,
	type Profile,
	type TokenSource,
} from '../config/profiles.js';
import {tokenVariableForProfile, tokenCommandPresets} from '../config/credentials.js';
import type {Target} from '../config/settings.js';
import type {VerifyResult} from '../config/index.js';
import {formatCount} from './text.js';

/** The steps of the setup screen, in order. */
export type SetupStepName =
	| 'environment'
	| 'company'
	| 'custom-url'
	| 'checking-host'
	| 'token'
	| 'verifying'
	| 'name'
	| 'source'
	| 'command'
	| 'confirm'
	| 'saving';

/** How many numbered steps setup has (environment, token, check, save). */
export const setupStepCount = 4;

/** The numbered step a screen belongs to, with its title: `company` is step 1, Environment. */
export function setupStepOf(step: SetupStepName): {number: number; title: string} {
	if (
		step === 'environment' ||
		step === 'company' ||
		step === 'custom-url' ||
		step === 'checking-host'
	) {
		return {number: 1, title: 'Environment'};
	}

	if (step === 'token') return {number: 2, title: 'Token'};
	if (step === 'verifying') return {number: 3, title: 'Check'};
	return {number: 4, title: 'Save'};
}

/** The four ways to name an environment. */
export type EnvironmentChoice = 'cloud' | 'cloud.us1' | 'company' | 'custom';

/** Where the token comes from next time, as chosen on the source step. */
export type SourceChoice =
	| 'env-profile'
	| 'env-default'
	| `command:${(typeof tokenCommandPresets)[number]['id']}`
	| 'command-custom'
	| 'session';

/** Where the API is, as the profile will record it. */
export type Location = {environment: string} | {baseUrl: string};

/** A line shown above the current step. */
export type Notice = {tone: 'error' | 'warning' | 'success' | 'info'; text: string};

/** What a setup starts from (a preset environment, a reason, an existing profile's values). */
export type SetupInitial = {
	step?: 'environment' | 'token';
	/** Why setup is shown, e.g. "VIKTOR_TOKEN_ACME is not set". */
	reason?: string;
	target?: Target;
	/** The environment as typed (`acme`); preferred over `target` for what the profile records. */
	environment?: string;
	token?: string;
	profileName?: string;
	tokenSource?: TokenSource;
	/** The saved profiles' names: a new name must differ from each, ignoring case. */
	profileNames?: readonly string[];
	/** `VIKTOR_TOKEN` from the environment, offered (masked) in the token field. */
	offeredToken?: string;
};

/** The whole state of the setup screen. */
export type SetupState = {
	step: SetupStepName;
	choice: EnvironmentChoice;
	companyInput: string;
	urlInput: string;
	target?: Target;
	location?: Location;
	token: string;
	notice?: Notice;
	count?: number;
	profileName: string;
	/** The name the profile had when setup was opened to edit it; saving over it replaces it. */
	originalName?: string;
	source?: SourceChoice;
	command: string;
	existingNames: readonly string[];
	/** The environment being looked up in DNS (`checking-host`), with the name as typed. */
	pending?: {target: Target; location: Location; typed?: string};
	/** The token offered from `VIKTOR_TOKEN`, while it is still what the field holds. */
	offeredToken?: string;
};

/** Everything that can happen on the setup screen. */
export type SetupAction =
	| {type: 'choose-environment'; choice: EnvironmentChoice}
	| {type: 'edit-company'; value: string}
	| {type: 'submit-company'}
	| {type: 'edit-url'; value: string}
	| {type: 'submit-url'}
	| {type: 'host-checked'; result: HostCheck}
	| {type: 'edit-token'; value: string}
	| {type: 'submit-token'}
	| {type: 'verify-finished'; result: VerifyResult}
	| {type: 'edit-name'; value: string}
	| {type: 'submit-name'}
	| {type: 'choose-source'; source: SourceChoice}
	| {type: 'edit-command'; value: string}
	| {type: 'submit-command'}
	| {type: 'save-started'}
	| {type: 'save-failed'; message: string}
	| {type: 'back'};

const tokenFaultKinds = new Set(['auth', 'forbidden', 'invalid-input']);

function targetOf(result: EnvironmentResult & {ok: true}): Target {
	return {baseUrl: result.baseUrl, host: result.host, label: result.label};
}

/**
 * A profile name derived from the environment: `cloud`, `acme`, `local` for loopback; with a
 * number (`local-2`) when a saved profile has that name in any case.
 */
export function suggestProfileName(
	target: Target | undefined,
	existingNames: readonly string[] = [],
): string {
	if (target === undefined) return '';
	const hostname = new URL(target.baseUrl).hostname;
	const label = target.label.replaceAll(/[^\w.-]/g, '-').slice(0, 60);
	const base =
		hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.')
			? 'local'
			: isValidProfileName(label)
				? label
				: 'default';
	let name = base;
	for (let number = 2; profileNameProblem(name, existingNames) !== undefined; number++) {
		name = `${base}-${number}`;
	}

	return name;
}

/** Where a preset target came from, as the environment step would have produced it. */
function choiceFor(target: Target, environment: string | undefined) {
	const typed = environment ?? target.label;
	const fromEnvironment = resolveEnvironment(typed);
	if (fromEnvironment.ok && fromEnvironment.baseUrl === target.baseUrl) {
		const label = fromEnvironment.label;
		const choice: EnvironmentChoice =
			label === 'cloud' || label === 'cloud.us1' ? label : 'company';
		return {
			choice,
			companyInput: choice === 'company' ? typed : '',
			urlInput: urlPrefill,
			location: {environment: typed.trim()},
		};
	}

	return {
		choice: 'custom' as const,
		companyInput: '',
		urlInput: target.baseUrl,
		location: {baseUrl: target.baseUrl},
	};
}

function sourceFor(source: TokenSource | undefined, profileName: string) {
	if (source === undefined) return {};
	if (source.type === 'command')
		return {source: 'command-custom' as const, command: source.command};
	if (source.variable === 'VIKTOR_TOKEN') return {source: 'env-default' as const};
	return source.variable === tokenVariableForProfile(profileName)
		? {source: 'env-profile' as const}
		: {};
}

/** What the URL field holds before anything is typed: a real value, editable like any other. */
export const urlPrefill = 'https://';

/**
 * The URL field after an edit: a full URL pasted or typed after the prefilled `https://` replaces
 * it (`https://http://127.0.0.1:8123/api` → `http://127.0.0.1:8123/api`).
 */
export function withoutDoubledScheme(value: string): string {
	const match = /^\s*https?:\/\/(?=https?:\/\/)/iu.exec(value);
	return match === null ? value : value.slice(match[0].length);
}

/** The first state, from what is already known. */
export function initialSetupState(initial: SetupInitial = {}): SetupState {
	const base: SetupState = {
		step: 'environment',
		choice: 'cloud',
		companyInput: '',
		urlInput: urlPrefill,
		token: initial.token ?? initial.offeredToken ?? '',
		profileName: initial.profileName ?? '',
		command: '',
		existingNames: initial.profileNames ?? [],
		...(initial.token === undefined && initial.offeredToken !== undefined
			? {offeredToken: initial.offeredToken}
			: {}),
		...(initial.profileName === undefined ? {} : {originalName: initial.profileName}),
		...sourceFor(initial.tokenSource, initial.profileName ?? ''),
	};
	if (initial.reason !== undefined) base.notice = {tone: 'warning', text: initial.reason};
	const target =
		initial.target ??
		(initial.environment === undefined
			? undefined
			: (() => {
					const result = resolveEnvironment(initial.environment);
					return result.ok ? targetOf(result) : undefined;
				})());
	if (target === undefined) return base;
	const preset = choiceFor(target, initial.environment);
	return {
		...base,
		...preset,
		target,
		profileName:
			base.profileName === '' ? suggestProfileName(target, base.existingNames) : base.profileName,
		step: initial.step ?? 'token',
	};
}

/** The profile the choices so far describe, or undefined for "this session only". */
export function profileFromState(state: SetupState): Profile | undefined {
	if (state.location === undefined || state.source === undefined || state.source === 'session') {
		return undefined;
	}

	let tokenSource: TokenSource;
	if (state.source === 'env-default') tokenSource = {type: 'env', variable: 'VIKTOR_TOKEN'};
	else if (state.source === 'env-profile') {
		tokenSource = {type: 'env', variable: tokenVariableForProfile(state.profileName)};
	} else tokenSource = {type: 'command', command: state.command.trim()};
	return {name: state.profileName, ...state.location, tokenSource};
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function withoutNotice(state: SetupState): SetupState {
	const {notice: _notice, ...rest} = state;
	return rest;
}

/** `state` without an error notice: editing the value it was about makes it stale (warnings stay). */
function withoutError(state: SetupState): SetupState {
	return state.notice?.tone === 'error' ? withoutNotice(state) : state;
}

function environmentChosen(state: SetupState, target: Target, location: Location): SetupState {
	const changed = state.target?.baseUrl !== target.baseUrl;
	return {
		...withoutNotice(state),
		target,
		location,
		step: 'token',
		// A name suggested for the old environment would be wrong for the new one.
		profileName:
			changed && state.originalName === undefined
				? suggestProfileName(target, state.existingNames)
				: state.profileName,
	};
}

/** The step where the environment was typed: the company field or the URL field. */
function inputStep(state: SetupState): 'company' | 'custom-url' {
	return state.choice === 'custom' ? 'custom-url' : 'company';
}

function withoutPending(state: SetupState): SetupState {
	const {pending: _pending, ...rest} = state;
	return rest;
}

function hostChecked(state: SetupState, result: HostCheck): SetupState {
	const {pending} = state;
	if (state.step !== 'checking-host' || pending === undefined) return state;
	const rest = withoutPending(withoutNotice(state));
	const hostname = new URL(pending.target.baseUrl).hostname;
	const suggestion = pending.typed === undefined ? undefined : suggestEnvironment(pending.typed);
	if (result.kind === 'not-found') {
		const text =
			suggestion === undefined
				? `${hostname} does not exist (DNS has no such name): check the spelling.`
				: `${hostname} does not exist (DNS has no such name): did you mean ${suggestion}?`;
		return {...rest, step: inputStep(state), notice: {tone: 'error', text}};
	}

	const chosen = environmentChosen(rest, pending.target, pending.location);
	return suggestion === undefined
		? chosen
		: {
				...chosen,
				notice: {
					tone: 'warning',
					text: `Using ${hostname}; did you mean ${suggestion}? (Esc goes back)`,
				},
			};
}

function back(state: SetupState): SetupState {
	const cleared = withoutNotice(state);
	switch (state.step) {
		case 'checking-host': {
			return {...withoutPending(cleared), step: inputStep(state)};
		}

		case 'company':
		case 'custom-url': {
			return {...cleared, step: 'environment'};
		}

		case 'token':
		case 'verifying': {
			return state.step === 'token'
				? {
						...cleared,
						step:
							state.choice === 'company'
								? 'company'
								: state.choice === 'custom'
									? 'custom-url'
									: 'environment',
					}
				: {...cleared, step: 'token'};
		}

		case 'name': {
			return {...cleared, step: 'token'};
		}

		case 'source': {
			return {...cleared, step: 'name'};
		}

		case 'command': {
			return {...cleared, step: 'source'};
		}

		case 'confirm': {
			return {
				...cleared,
				step: state.source?.startsWith('command') ? 'command' : 'source',
			};
		}

		case 'environment':
		case 'saving': {
			return state;
		}
	}
}

/** The setup screen's reducer. */
export function setupReducer(state: SetupState, action: SetupAction): SetupState {
	switch (action.type) {
		case 'choose-environment': {
			if (action.choice === 'company')
				return {...withoutNotice(state), choice: 'company', step: 'company'};
			if (action.choice === 'custom')
				return {...withoutNotice(state), choice: 'custom', step: 'custom-url'};
			const result = resolveEnvironment(action.choice);
			if (!result.ok) return {...state, notice: {tone: 'error', text: result.message}};
			return environmentChosen({...state, choice: action.choice}, targetOf(result), {
				environment: action.choice,
			});
		}

		case 'edit-company': {
			return {...withoutError(state), companyInput: action.value};
		}

		case 'submit-company': {
			const result = resolveEnvironment(state.companyInput);
			if (!result.ok) return {...state, notice: {tone: 'error', text: result.message}};
			const typed = state.companyInput.trim();
			// A known environment needs no lookup: DNS could only be wrong about it.
			if (knownEnvironmentNames.includes(typed.toLowerCase())) {
				return environmentChosen(state, targetOf(result), {environment: typed});
			}

			return {
				...withoutNotice(state),
				step: 'checking-host',
				pending: {target: targetOf(result), location: {environment: typed}, typed},
			};
		}

		case 'edit-url': {
			return {...withoutError(state), urlInput: withoutDoubledScheme(action.value)};
		}

		case 'submit-url': {
			const result = resolveBaseUrl(state.urlInput);
			if (!result.ok) return {...state, notice: {tone: 'error', text: result.message}};
			if (!needsHostCheck(new URL(result.baseUrl).hostname)) {
				return environmentChosen(state, targetOf(result), {baseUrl: result.baseUrl});
			}

			return {
				...withoutNotice(state),
				step: 'checking-host',
				pending: {target: targetOf(result), location: {baseUrl: result.baseUrl}},
			};
		}

		case 'host-checked': {
			return hostChecked(state, action.result);
		}

		case 'edit-token': {
			return {...withoutError(state), token: action.value};
		}

		case 'submit-token': {
			if (state.token.trim() === '') {
				return {...state, notice: {tone: 'error', text: 'Paste a token first.'}};
			}

			return {...withoutNotice(state), token: state.token.trim(), step: 'verifying'};
		}

		case 'verify-finished': {
			if (state.step !== 'verifying') return state;
			const {result} = action;
			if (result.ok) {
				const noun = result.count === 1 ? 'workspace' : 'workspaces';
				return {
					...state,
					...(state.source === undefined && state.token === state.offeredToken
						? {source: 'env-default' as const}
						: {}),
					step: 'name',
					count: result.count,
					notice: {
						tone: 'success',
						text: `Token accepted: ${formatCount(result.count)} ${noun} visible`,
					},
				};
			}

			const notice: Notice = {tone: 'error', text: result.message};
			if (tokenFaultKinds.has(result.kind)) return {...state, step: 'token', notice};
			const step =
				state.choice === 'company'
					? 'company'
					: state.choice === 'custom'
						? 'custom-url'
						: 'environment';
			return {...state, step, notice};
		}

		case 'edit-name': {
			return {...withoutError(state), profileName: action.value};
		}

		case 'submit-name': {
			const name = state.profileName.trim();
			const problem = profileNameProblem(name, state.existingNames, state.originalName);
			if (problem !== undefined) {
				return {...state, notice: {tone: 'error', text: `${capitalize(problem)}.`}};
			}

			return {...withoutNotice(state), profileName: name, step: 'source'};
		}

		case 'choose-source': {
			const cleared = {...withoutNotice(state), source: action.source};
			if (action.source === 'session') return cleared;
			if (action.source === 'command-custom') return {...cleared, step: 'command'};
			if (action.source.startsWith('command:')) {
				const preset = tokenCommandPresets.find(
					(candidate) => `command:${candidate.id}` === action.source,
				);
				return {
					...cleared,
					step: 'command',
					command: preset?.lookupCommand(state.profileName) ?? '',
				};
			}

			return {...cleared, step: 'confirm'};
		}

		case 'edit-command': {
			return {...withoutError(state), command: action.value};
		}

		case 'submit-command': {
			if (state.command.trim() === '') {
				return {...state, notice: {tone: 'error', text: 'Type the command that prints the token.'}};
			}

			return {...withoutNotice(state), step: 'confirm'};
		}

		case 'save-started': {
			return {...withoutNotice(state), step: 'saving'};
		}

		case 'save-failed': {
			return {...state, step: 'confirm', notice: {tone: 'error', text: action.message}};
		}

		case 'back': {
			return back(state);
		}
	}
}
