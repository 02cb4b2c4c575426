/**
 * The setup screen, shown on first run (or to add a profile): environment → token → a check
 * against the API → where the token comes from next time. The check and the save are injected
 * (`verify`, `saveProfile`), so this screen does no I/O of its own.
 *
 * In screen-reader mode the same tree reads as plain lines of words (each drawn line carries its
 * sentence as an `aria-label`; spinners and decoration are left out): the step, the notice, the
 * question, the field or the chosen option, and the keys.
 */
import {Box, Text, useInput, useIsScreenReaderEnabled} from 'ink';
import {useEffect, useReducer, useRef, useState} from 'react';
import {
	describeTokenSource,
	looksLikeToken,
	maskToken,
	tokenCommandPresets,
	tokenVariableForProfile,
} from '../../config/credentials.js';
import type {CheckHost} from '../../api/host-check.js';
import type {VerifyResult} from '../../config/index.js';
import type {Profile} from '../../config/profiles.js';
import type {Target} from '../../config/settings.js';
import {systemClock, type Clock, type TimerHandle} from '../../clock.js';
import {
	keyHintsSentence,
	noticeSentence,
	setupStepSentence,
	spokenSentence,
	type KeyHint,
} from '../announce-forms.js';
import {
	initialSetupState,
	profileFromState,
	setupReducer,
	setupStepCount,
	setupStepOf,
	type EnvironmentChoice,
	type Notice,
	type SetupInitial,
	type SetupState,
	type SetupStepName,
	type SourceChoice,
} from '../setup-state.js';
import {KeyList} from '../components/key-list.js';
import {SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';
import {setupKeys, textFieldKeys} from '../screen-keys.js';
import {sanitizeLine} from '../text.js';
import {textStyle, type Theme} from '../theme.js';

/** What setup hands to the app: where to go and with which token. */
export type SetupDone = Target & {
	token: string;
	/** The saved profile's name; absent for "this session only". */
	profileName?: string;
};

/** The outcome of saving a profile (a config StoreResult fits). */
export type SaveOutcome = {ok: true} | {ok: false; message: string};

/** Props of {@link Setup}. */
export type SetupProps = {
	/** One request with `token` against `target` (config's `verifyToken` fits). */
	verify: (target: Target, token: string, signal: AbortSignal) => Promise<VerifyResult>;
	/** Saves the profile; `replace` is set when saving over the profile being edited. */
	saveProfile: (profile: Profile, options: {replace: boolean}) => Promise<SaveOutcome>;
	onDone: (result: SetupDone) => void;
	/** Ctrl+C at any step. */
	onCancel: () => void;
	/** Esc on the first step; without it Esc there does nothing. */
	onBack?: () => void;
	/** A preset environment, token, reason or profile being edited. */
	initial?: SetupInitial;
	/** The saved profiles' names: a new profile's name must differ from each, ignoring case. */
	profileNames?: readonly string[];
	/** `VIKTOR_TOKEN` from the environment: offered, masked, in the token field. */
	offeredToken?: string;
	/** Asks DNS whether a typed host exists before the token step; no check without it. */
	checkHost?: CheckHost;
	theme: Theme;
	isActive?: boolean;
	/** Times the spinner; the system clock unless told (tests pass a manual one). */
	clock?: Clock;
};

export type {SetupInitial} from '../setup-state.js';

const environmentItems: Array<{label: string; value: EnvironmentChoice}> = [
	{label: 'cloud (Frankfurt)', value: 'cloud'},
	{label: 'cloud.us1 (United States)', value: 'cloud.us1'},
	{label: 'Company environment…', value: 'company'},
	{label: 'Custom API URL…', value: 'custom'},
];

type LabelledFieldProps = {
	label: string;
	value: string;
	placeholder?: string;
	/** Draw every character as this one (the token). */
	mask?: string;
	isActive: boolean;
	onChange: (value: string) => void;
	onSubmit: () => void;
};

/** A one-line text field after its label, as every step of setup asks for text. */
function LabelledField({
	label,
	value,
	placeholder,
	mask,
	isActive,
	onChange,
	onSubmit,
}: LabelledFieldProps) {
	return (
		<Box>
			<Text aria-hidden>{label}</Text>
			<TextField
				label={label.replace(/:\s*$/, '')}
				value={value}
				focus={isActive}
				{...(placeholder === undefined ? {} : {placeholder})}
				{...(mask === undefined ? {} : {mask})}
				onChange={onChange}
				onSubmit={() => {
					onSubmit();
				}}
			/>
		</Box>
	);
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const spinnerFrameMs = 80;

/** The steps that show a text field, where `q` and `?` are letters. */
const textSteps: ReadonlySet<SetupStepName> = new Set([
	'company',
	'custom-url',
	'token',
	'name',
	'command',
]);

/** The spinner's frame, turning on `clock` while `isSpinning`. */
function useSpinner(isSpinning: boolean, clock: Clock): string {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		if (!isSpinning) return undefined;
		let handle: TimerHandle;
		const tick = () => {
			setFrame((previous) => (previous + 1) % spinnerFrames.length);
			handle = clock.setTimeout(tick, spinnerFrameMs);
		};

		handle = clock.setTimeout(tick, spinnerFrameMs);
		return () => {
			clock.clearTimeout(handle);
		};
	}, [isSpinning, clock]);
	return spinnerFrames[frame] ?? '';
}

/** A step that waits (a lookup, the check, the save): Ink marks it busy; no spinner is said. */
function Busy({spinner, text}: {spinner: string; text: string}) {
	return (
		<Box aria-state={{busy: true}}>
			<Text aria-label={spokenSentence(text)}>
				{spinner} {text}
			</Text>
		</Box>
	);
}

/** Keeps the latest value of a prop for effects that must not restart when it changes identity. */
function useLatest<T>(value: T) {
	const reference = useRef(value);
	useEffect(() => {
		reference.current = value;
	}, [value]);
	return reference;
}

function sourceItems(profileName: string): Array<{label: string; value: SourceChoice}> {
	return [
		{
			label: `Environment variable ${tokenVariableForProfile(profileName)} (for this profile)`,
			value: 'env-profile',
		},
		{label: 'Environment variable VIKTOR_TOKEN', value: 'env-default'},
		...tokenCommandPresets.map((preset) => ({
			label: `Command: ${preset.label}`,
			value: `command:${preset.id}` as SourceChoice,
		})),
		{label: 'Another command…', value: 'command-custom'},
		{label: 'This session only (save no profile)', value: 'session'},
	];
}

function NoticeLine({notice, theme}: {notice: Notice | undefined; theme: Theme}) {
	if (notice === undefined) return null;
	const style =
		notice.tone === 'error'
			? theme.error
			: notice.tone === 'warning'
				? theme.warning
				: notice.tone === 'success'
					? {...theme.accent, marker: '✔'}
					: {...theme.dim, marker: 'ℹ'};
	return (
		<Text {...textStyle(style)} aria-label={noticeSentence(notice)}>
			{style.marker} {sanitizeLine(notice.text)}
		</Text>
	);
}

function Confirm({state, theme}: {state: SetupState; theme: Theme}) {
	const profile = profileFromState(state);
	if (profile === undefined || state.target === undefined) return null;
	const source = profile.tokenSource;
	const preset = tokenCommandPresets.find(
		(candidate) => `command:${candidate.id}` === state.source,
	);
	return (
		<Box flexDirection="column">
			<Text
				aria-label={`Profile ${profile.name} for ${state.target.host}, token from ${sanitizeLine(describeTokenSource(source))}.`}
			>
				Profile <Text {...theme.accent}>{profile.name}</Text> → {state.target.host}, token from{' '}
				{sanitizeLine(describeTokenSource(source))}
			</Text>
			{source.type === 'env' ? (
				<Box flexDirection="column" marginTop={1}>
					<Text>Add this line to your shell profile (~/.bashrc, ~/.zshrc, …):</Text>
					<Text {...theme.key} aria-label={`export ${source.variable}=${maskToken(state.token)}`}>
						{'  '}export {source.variable}={maskToken(state.token)}
					</Text>
					<Text {...theme.dim}>(with your full token in place of the masked one)</Text>
				</Box>
			) : preset === undefined ? null : (
				<Box flexDirection="column" marginTop={1}>
					<Text>Store the token there first:</Text>
					<Text {...theme.key} aria-label={preset.storeInstruction(profile.name)}>
						{'  '}
						{preset.storeInstruction(profile.name)}
					</Text>
				</Box>
			)}
			<Box marginTop={1} aria-hidden>
				<Text {...theme.dim}>Enter saves the profile · Esc goes back</Text>
			</Box>
		</Box>
	);
}

/** The first-run setup screen. */
export function Setup({
	verify,
	saveProfile,
	onDone,
	onCancel,
	onBack,
	initial,
	profileNames,
	offeredToken,
	checkHost,
	theme,
	isActive = true,
	clock = systemClock,
}: SetupProps) {
	const isScreenReader = useIsScreenReaderEnabled();
	const [state, dispatch] = useReducer(
		setupReducer,
		{
			...initial,
			...(profileNames === undefined ? {} : {profileNames}),
			...(offeredToken === undefined ? {} : {offeredToken}),
		},
		initialSetupState,
	);
	const [isHelpShown, setHelpShown] = useState(false);
	// A reader would say every frame of a spinner: in screen-reader mode there is none.
	const spinner = useSpinner(
		!isScreenReader &&
			(state.step === 'verifying' || state.step === 'saving' || state.step === 'checking-host'),
		clock,
	);
	const latestVerify = useLatest(verify);
	const {step, target, token} = state;
	const isTextStep = textSteps.has(step);
	const isFieldActive = isActive && !isHelpShown;

	useEffect(() => {
		if (step !== 'verifying' || target === undefined) return undefined;
		const controller = new AbortController();
		latestVerify.current(target, token, controller.signal).then(
			(result) => {
				if (!controller.signal.aborted) dispatch({type: 'verify-finished', result});
			},
			(error: unknown) => {
				if (controller.signal.aborted) return;
				const message = error instanceof Error ? error.message : String(error);
				dispatch({type: 'verify-finished', result: {ok: false, kind: 'invalid-response', message}});
			},
		);
		return () => {
			controller.abort();
		};
	}, [step, target, token, latestVerify]);

	const latestCheckHost = useLatest(checkHost);
	const pendingHostname =
		step === 'checking-host' && state.pending !== undefined
			? new URL(state.pending.target.baseUrl).hostname
			: undefined;
	useEffect(() => {
		if (pendingHostname === undefined) return undefined;
		const controller = new AbortController();
		const check = latestCheckHost.current;
		const checking =
			check === undefined
				? Promise.resolve({kind: 'unknown'} as const)
				: check(pendingHostname, controller.signal);
		void checking.then((result) => {
			if (!controller.signal.aborted) dispatch({type: 'host-checked', result});
		});
		return () => {
			controller.abort();
		};
	}, [pendingHostname, latestCheckHost]);

	const isMounted = useRef(true);
	useEffect(() => {
		isMounted.current = true;
		return () => {
			isMounted.current = false;
		};
	}, []);

	const save = () => {
		const profile = profileFromState(state);
		if (profile === undefined || target === undefined) return;
		dispatch({type: 'save-started'});
		saveProfile(profile, {replace: profile.name === state.originalName}).then(
			(outcome) => {
				if (!isMounted.current) return;
				if (outcome.ok) onDone({...target, token, profileName: profile.name});
				else dispatch({type: 'save-failed', message: outcome.message});
			},
			(error: unknown) => {
				if (isMounted.current) dispatch({type: 'save-failed', message: String(error)});
			},
		);
	};

	useInput(
		(input, key) => {
			if (key.ctrl && input === 'c') {
				onCancel();
				return;
			}

			if (isHelpShown) {
				if (key.escape || input === '?') setHelpShown(false);
				else if (input === 'q') onCancel();
				return;
			}

			if (!isTextStep && input === '?') {
				setHelpShown(true);
				return;
			}

			if (!isTextStep && input === 'q') {
				onCancel();
				return;
			}

			if (key.escape) {
				if (step === 'environment') onBack?.();
				else dispatch({type: 'back'});
				return;
			}

			if (key.return && step === 'confirm') save();
		},
		{isActive},
	);

	const {number, title} = setupStepOf(step);
	const hostName = target?.host ?? '';
	let body;
	switch (step) {
		case 'environment': {
			const index = environmentItems.findIndex((item) => item.value === state.choice);
			body = (
				<Box flexDirection="column">
					<Text>Which VIKTOR environment do you use?</Text>
					<SelectList
						items={environmentItems}
						initialIndex={Math.max(index, 0)}
						isFocused={isFieldActive}
						theme={theme}
						onSelect={(item) => {
							dispatch({type: 'choose-environment', choice: item.value});
						}}
					/>
				</Box>
			);
			break;
		}

		case 'company': {
			body = (
				<Box flexDirection="column">
					<Text>Company environment: a name such as acme, or a host such as acme.viktor.ai</Text>
					<LabelledField
						label="Environment: "
						value={state.companyInput}
						placeholder="acme"
						isActive={isFieldActive}
						onChange={(value) => dispatch({type: 'edit-company', value})}
						onSubmit={() => dispatch({type: 'submit-company'})}
					/>
				</Box>
			);
			break;
		}

		case 'custom-url': {
			body = (
				<Box flexDirection="column">
					<Text>
						The API base URL, such as https://acme.viktor.ai/api (http:// only for 127.0.0.1, ::1 or
						localhost)
					</Text>
					<LabelledField
						label="URL: "
						value={state.urlInput}
						isActive={isFieldActive}
						onChange={(value) => dispatch({type: 'edit-url', value})}
						onSubmit={() => dispatch({type: 'submit-url'})}
					/>
				</Box>
			);
			break;
		}

		case 'token': {
			const trimmed = state.token.trim();
			body = (
				<Box flexDirection="column">
					<Text>Personal Access Token for {hostName}</Text>
					<Text
						{...theme.dim}
						aria-label={spokenSentence(
							'Create one in VIKTOR: profile menu → Settings → Access Tokens. It is not written to disk.',
						)}
					>
						Create one in VIKTOR: profile menu → Settings → Access Tokens. It is not written to
						disk.
					</Text>
					<LabelledField
						label="Token: "
						value={state.token}
						mask="•"
						isActive={isFieldActive}
						onChange={(value) => dispatch({type: 'edit-token', value})}
						onSubmit={() => dispatch({type: 'submit-token'})}
					/>
					{state.offeredToken !== undefined && state.token === state.offeredToken ? (
						<Text
							{...theme.dim}
							aria-label={`From VIKTOR_TOKEN (${maskToken(state.offeredToken)}): press enter to check it, or control U to clear it and paste another.`}
						>
							From VIKTOR_TOKEN ({maskToken(state.offeredToken)}): Enter checks it · Ctrl+U clears
							it to paste another
						</Text>
					) : null}
					{trimmed !== '' && !looksLikeToken(trimmed) ? (
						<Text
							{...textStyle(theme.warning)}
							aria-label="Warning: this does not look like a VIKTOR token (they start with vktrpat_); it will be tried anyway."
						>
							{theme.warning.marker} This does not look like a VIKTOR token (they start with
							vktrpat_); it will be tried anyway.
						</Text>
					) : null}
				</Box>
			);
			break;
		}

		case 'checking-host': {
			body = <Busy spinner={spinner} text={`Looking up ${pendingHostname ?? ''}…`} />;
			break;
		}

		case 'verifying': {
			body = <Busy spinner={spinner} text={`Checking the token with ${hostName}…`} />;
			break;
		}

		case 'name': {
			body = (
				<Box flexDirection="column">
					<Text>Save these settings as a profile named:</Text>
					<LabelledField
						label="Profile name: "
						value={state.profileName}
						isActive={isFieldActive}
						onChange={(value) => dispatch({type: 'edit-name', value})}
						onSubmit={() => dispatch({type: 'submit-name'})}
					/>
				</Box>
			);
			break;
		}

		case 'source': {
			const items = sourceItems(state.profileName);
			const index = items.findIndex((item) => item.value === state.source);
			body = (
				<Box flexDirection="column">
					<Text>Where should viktor-tui find the token next time? (it never stores the token)</Text>
					<SelectList
						items={items}
						initialIndex={Math.max(index, 0)}
						isFocused={isFieldActive}
						theme={theme}
						onSelect={(item) => {
							if (item.value === 'session') {
								if (target !== undefined) onDone({...target, token});
								return;
							}

							dispatch({type: 'choose-source', source: item.value});
						}}
					/>
				</Box>
			);
			break;
		}

		case 'command': {
			const preset = tokenCommandPresets.find(
				(candidate) => `command:${candidate.id}` === state.source,
			);
			body = (
				<Box flexDirection="column">
					<Text>The command that prints the token (run with /bin/sh; the first line is used):</Text>
					<LabelledField
						label="Command: "
						value={state.command}
						isActive={isFieldActive}
						onChange={(value) => dispatch({type: 'edit-command', value})}
						onSubmit={() => dispatch({type: 'submit-command'})}
					/>
					{preset === undefined ? null : (
						<Text {...theme.dim}>
							To store the token there: {preset.storeInstruction(state.profileName)}
						</Text>
					)}
				</Box>
			);
			break;
		}

		case 'confirm': {
			body = <Confirm state={state} theme={theme} />;
			break;
		}

		case 'saving': {
			body = <Busy spinner={spinner} text={`Saving profile ${state.profileName}…`} />;
			break;
		}
	}

	const hints = [
		step === 'environment' && onBack === undefined ? undefined : 'Esc back',
		isTextStep ? undefined : '? help',
		isTextStep ? 'Ctrl+C quit' : 'q quit',
	].filter((hint) => hint !== undefined);
	const isListStep = step === 'environment' || step === 'source';
	const spokenHints: KeyHint[] = [
		...(isListStep ? [{keys: ['↑', '↓'], action: 'to choose'}] : []),
		...(isListStep || isTextStep ? [{keys: ['Enter'], action: 'to accept'}] : []),
		...(step === 'confirm' ? [{keys: ['Enter'], action: 'to save the profile'}] : []),
		...(step === 'environment' && onBack === undefined
			? []
			: [{keys: ['Esc'], action: 'to go back'}]),
		...(isTextStep ? [] : [{keys: ['?'], action: 'for help'}]),
		{keys: [isTextStep ? 'Ctrl+C' : 'q'], action: 'to quit'},
	];
	return (
		<Box flexDirection="column">
			<Text {...theme.title} aria-label={setupStepSentence(step)}>
				viktor-tui setup · step {number} of {setupStepCount}: {title}
			</Text>
			<NoticeLine notice={state.notice} theme={theme} />
			{isHelpShown ? (
				<Box marginTop={1} flexDirection="column">
					<KeyList
						sections={[
							{title: 'Setup keys', entries: setupKeys},
							{title: 'In a text field', entries: textFieldKeys},
						]}
						theme={theme}
					/>
					<Text {...theme.dim} aria-label="Press question mark or escape to close this help.">
						? or Esc closes this help
					</Text>
				</Box>
			) : (
				<>
					<Box marginTop={1}>{body}</Box>
					<Box marginTop={1}>
						<Text {...theme.dim} aria-label={keyHintsSentence(spokenHints)}>
							{hints.join(' · ')}
						</Text>
					</Box>
				</>
			)}
		</Box>
	);
}
