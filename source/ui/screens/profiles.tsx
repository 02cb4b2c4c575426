/**
 * The profiles screen (`p`): every saved profile with its host and token source (never a token),
 * the default (`*`) and the active one (`●`). Enter switches for this session, `a` adds, `e` edits
 * inline, `d` deletes after a y/N question, `*` makes default, Esc goes back — the keys of the
 * `profiles` key table, which the config may remap; inside the editor the keys are those of a text
 * field. The store is injected as `operations`, so the screen does no I/O of its own.
 *
 * In screen-reader mode it reads as plain lines of words: the saved profiles once and the selected
 * one as a sentence, the field being edited with its label, the delete question, the message, and
 * the keys (each drawn line carries its sentence as an `aria-label`; markers and columns are left
 * out).
 */
import {Box, Text, useInput, useIsScreenReaderEnabled, type Key} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {describeTokenSource} from '../../config/credentials.js';
import type {Profile} from '../../config/profiles.js';
import {resolveProfileTarget} from '../../config/settings.js';
import {
	deleteQuestion,
	formFieldLabel,
	formSentence,
	keyHintsSentence,
	noticeSentence,
	profileSentence,
	profilesSentence,
	spokenSentence,
} from '../announce-forms.js';
import {spokenKeys} from '../announce.js';
import {
	formValuesOf,
	profileFields,
	profileFromForm,
	type ProfileField,
	type ProfileFormValues,
} from '../profile-form.js';
import {KeyList} from '../components/key-list.js';
import {splitKeyChunk} from '../key-chunks.js';
import {useKeyTables} from '../key-tables.js';
import {bindingsFor, intentFor, keysFor, type ContextIntents, type KeyTables} from '../keymap.js';
import {TextField} from '../components/text-field.js';
import {profilesMarkers, textFieldKeys} from '../screen-keys.js';
import {fit, sanitizeLine} from '../text.js';
import type {ProfileOperationResult, ProfileOperations, ProfilesSnapshot} from '../services.js';
import {textStyle, type Theme} from '../theme.js';

export type {ProfileOperationResult, ProfileOperations, ProfilesSnapshot} from '../services.js';

/** Props of {@link Profiles}. */
export type ProfilesProps = {
	profiles: readonly Profile[];
	defaultProfile?: string;
	/** The profile this session uses, marked `●`. */
	activeProfile?: string;
	operations: ProfileOperations;
	/**
	 * Enter: use this profile for the rest of the session; the default does not change. When the
	 * profile cannot be opened (its token variable is unset), resolves to why, and the screen shows
	 * it and stays on the list.
	 */
	onSwitch: (profile: Profile) => void | Promise<string | undefined>;
	/** `a`: the app shows the setup screen. */
	onAdd: () => void;
	onBack: () => void;
	/** `q` outside a text field. */
	onQuit?: () => void;
	/** Called after every change that was saved. */
	onChange?: (snapshot: ProfilesSnapshot) => void;
	/** Warnings from reading the config file, shown above the list. */
	warnings?: readonly string[];
	theme: Theme;
	width?: number;
	isActive?: boolean;
};

type Mode =
	| {kind: 'list'}
	| {kind: 'confirm-delete'; name: string}
	| {kind: 'edit'; name: string; values: ProfileFormValues; field: ProfileField}
	| {kind: 'busy'; what: string}
	| {kind: 'help'};

type Message = {tone: 'error' | 'info'; text: string};

/**
 * The hint line's intents, in order: drawn with their short label, said with `spoken`; with no
 * profile saved only those with `spokenWithoutProfiles` are said (the others would do nothing).
 */
const hints: ReadonlyArray<{
	intent: ContextIntents['profiles'];
	label: string;
	spoken: string;
	spokenWithoutProfiles?: string;
}> = [
	{intent: 'open', label: 'use for this session', spoken: 'to use it for this session'},
	{intent: 'add', label: 'add', spoken: 'to add', spokenWithoutProfiles: 'to add one'},
	{intent: 'edit', label: 'edit', spoken: 'to edit'},
	{intent: 'delete', label: 'delete', spoken: 'to delete'},
	{intent: 'make-default', label: 'make default', spoken: 'to make it the default'},
	{intent: 'back', label: 'back', spoken: 'to go back', spokenWithoutProfiles: 'to go back'},
	{intent: 'help', label: 'help', spoken: 'for help', spokenWithoutProfiles: 'for help'},
	{intent: 'quit', label: 'quit', spoken: 'to quit', spokenWithoutProfiles: 'to quit'},
];

/** How far a key moves the editor's focus: ↑ and Shift+Tab back, ↓ and Tab on. */
function fieldStep(key: Key): number {
	if (key.upArrow || (key.shift && key.tab)) return -1;
	return key.downArrow || key.tab ? 1 : 0;
}

/** The field `step` fields after `field`, round the form. */
function fieldAfter(field: ProfileField, step: number): ProfileField {
	const count = profileFields.length;
	const position = profileFields.findIndex((entry) => entry.field === field);
	return profileFields[(((position + step) % count) + count) % count]?.field ?? field;
}

/** The first key of a profiles intent in `tables`, as help and hints show it. */
function keyOf(intent: ContextIntents['profiles'], tables: KeyTables): string {
	return keysFor(intent, 'profiles', tables)[0] ?? '';
}

function hostOf(profile: Profile): string {
	const target = resolveProfileTarget(profile);
	return target.ok ? target.host : `invalid: ${profile.environment ?? profile.baseUrl ?? ''}`;
}

function EditForm({
	mode,
	theme,
	isActive,
	onChange,
	onSubmit,
}: {
	mode: Mode & {kind: 'edit'};
	theme: Theme;
	isActive: boolean;
	onChange: (field: ProfileField, value: string) => void;
	onSubmit: () => void;
}) {
	const labelWidth = Math.max(...profileFields.map(({label}) => label.length)) + 2;
	return (
		<Box flexDirection="column">
			<Text
				{...theme.title}
				aria-label={formSentence(
					mode.name,
					profileFields.map(({label}) => label),
				)}
			>
				Edit profile {mode.name}
			</Text>
			{profileFields.map(({field, label}, index) => {
				const isFocused = field === mode.field;
				// A reader hears the field being edited; the others when it moves to them.
				return (
					<Box key={field} aria-hidden={!isFocused}>
						<Text {...textStyle(isFocused ? theme.selected : theme.unselected)} aria-hidden>
							{isFocused ? theme.selected.marker : theme.unselected.marker}{' '}
							{label.padEnd(labelWidth)}
						</Text>
						<TextField
							label={formFieldLabel(label, index, profileFields.length)}
							value={mode.values[field]}
							focus={isActive && isFocused}
							showCursor={isFocused}
							onChange={(value) => {
								onChange(field, value);
							}}
							onSubmit={onSubmit}
						/>
					</Box>
				);
			})}
			<Text
				{...theme.dim}
				aria-label={`Write the token source as env VARIABLE or command: the command. ${keyHintsSentence(
					[
						{keys: ['↑', '↓', 'Tab'], action: 'to move between fields'},
						{keys: ['Enter'], action: 'to save'},
						{keys: ['Esc'], action: 'to cancel'},
					],
				)}`}
			>
				Token source: env VARIABLE or command: … · ↑/↓/Tab field · Enter save · Esc cancel
			</Text>
		</Box>
	);
}

/** The profiles screen. */
export function Profiles({
	profiles: initialProfiles,
	defaultProfile: initialDefault,
	activeProfile,
	operations,
	onSwitch,
	onAdd,
	onBack,
	onQuit,
	onChange,
	warnings = [],
	theme,
	width = 80,
	isActive = true,
}: ProfilesProps) {
	const isScreenReader = useIsScreenReaderEnabled();
	const tables = useKeyTables();
	const [snapshot, setSnapshot] = useState<ProfilesSnapshot>({
		profiles: initialProfiles,
		...(initialDefault === undefined ? {} : {defaultProfile: initialDefault}),
	});
	const [index, setIndex] = useState(() => {
		const active = initialProfiles.findIndex((profile) => profile.name === activeProfile);
		return Math.max(active, 0);
	});
	// The row as far as keys have gone: `j j Enter` can arrive before React renders again.
	const latestIndex = useRef(index);
	const moveTo = (next: number) => {
		latestIndex.current = next;
		setIndex(next);
	};

	const [mode, setMode] = useState<Mode>({kind: 'list'});
	const [message, setMessage] = useState<Message | undefined>();
	const isMounted = useRef(true);
	useEffect(() => {
		isMounted.current = true;
		return () => {
			isMounted.current = false;
		};
	}, []);

	const {profiles, defaultProfile} = snapshot;
	const selected = profiles[Math.min(index, profiles.length - 1)];

	const run = (
		what: string,
		operation: () => Promise<ProfileOperationResult>,
		done: string,
		onFailure: Mode,
	) => {
		setMode({kind: 'busy', what});
		setMessage(undefined);
		operation().then(
			(result) => {
				if (!isMounted.current) return;
				if (result.ok) {
					setSnapshot(result.snapshot);
					moveTo(Math.min(latestIndex.current, Math.max(result.snapshot.profiles.length - 1, 0)));
					setMode({kind: 'list'});
					setMessage({tone: 'info', text: done});
					onChange?.(result.snapshot);
				} else {
					setMode(onFailure);
					setMessage({tone: 'error', text: result.message});
				}
			},
			(error: unknown) => {
				if (!isMounted.current) return;
				setMode(onFailure);
				setMessage({tone: 'error', text: String(error)});
			},
		);
	};

	const saveEdit = () => {
		if (mode.kind !== 'edit') return;
		const result = profileFromForm(mode.name, mode.values);
		if (!result.ok) {
			setMode({...mode, field: result.field});
			setMessage({tone: 'error', text: result.message});
			return;
		}

		run(
			`Saving ${mode.name}…`,
			async () => operations.saveProfile(result.profile, {previousName: mode.name}),
			`Saved ${mode.name}`,
			mode,
		);
	};

	const remove = (name: string) => {
		const wasDefault = name === defaultProfile;
		run(
			`Deleting ${name}…`,
			async () => operations.removeProfile(name),
			wasDefault
				? `Deleted ${name}, the default profile: no default is left (press ${keyOf('make-default', tables)} on a profile to make it the default)`
				: `Deleted ${name}`,
			{kind: 'list'},
		);
	};

	const switchTo = (profile: Profile) => {
		setMessage(undefined);
		const outcome = onSwitch(profile);
		if (outcome === undefined) return;
		outcome.then(
			(problem) => {
				if (problem !== undefined && isMounted.current) {
					setMessage({tone: 'error', text: problem});
				}
			},
			(error: unknown) => {
				if (isMounted.current) setMessage({tone: 'error', text: String(error)});
			},
		);
	};

	/** One key on the list; false when it left the list (a mode, a screen), so later keys wait. */
	const listKey = (input: string, key: Key): boolean => {
		const last = Math.max(profiles.length - 1, 0);
		const intent = intentFor(input, key, 'profiles', tables);
		const moves = intent === 'move-up' ? -1 : intent === 'move-down' ? 1 : 0;
		const current = profiles[Math.min(latestIndex.current, last)];
		if (moves !== 0) {
			moveTo(Math.min(Math.max(latestIndex.current + moves, 0), last));
		} else if (intent === 'back') {
			// An error (why a profile could not be opened) goes first, then the screen.
			if (message?.tone === 'error') setMessage(undefined);
			else onBack();
		} else if (intent === 'quit') {
			onQuit?.();
		} else if (intent === 'help') {
			setMode({kind: 'help'});
		} else if (intent === 'add') {
			onAdd();
		} else if (current === undefined) {
			// Every other key acts on a profile, and there is none.
		} else if (intent === 'open') {
			switchTo(current);
		} else if (intent === 'edit') {
			setMessage(undefined);
			setMode({
				kind: 'edit',
				name: current.name,
				values: formValuesOf(current),
				field: 'location',
			});
		} else if (intent === 'delete') {
			setMessage(undefined);
			setMode({kind: 'confirm-delete', name: current.name});
		} else if (intent === 'make-default') {
			const {name} = current;
			run(
				`Making ${name} the default…`,
				async () => operations.setDefaultProfile(name),
				`${name} is now the default profile`,
				{kind: 'list'},
			);
		}

		return moves !== 0;
	};

	useInput(
		(input, key) => {
			if (mode.kind === 'busy') return;
			if (mode.kind === 'help') {
				const intent = intentFor(input, key, 'profiles', tables);
				if (intent === 'back' || intent === 'help') setMode({kind: 'list'});
				else if (intent === 'quit') onQuit?.();
				return;
			}

			if (mode.kind === 'confirm-delete') {
				if (input === 'y' || input === 'Y') {
					remove(mode.name);
				} else {
					setMode({kind: 'list'});
					setMessage(undefined);
				}

				return;
			}

			if (mode.kind === 'edit') {
				if (key.escape) {
					setMode({kind: 'list'});
					setMessage(undefined);
					return;
				}

				// Tab Tab or ↓↓ in one read moves as far as in two: each step from the field the
				// last one reached, not from the one drawn.
				const step = splitKeyChunk(input, key).reduce(
					(sum, event) => sum + fieldStep(event.key),
					0,
				);
				if (step !== 0) {
					setMode((current) =>
						current.kind === 'edit'
							? {...current, field: fieldAfter(current.field, step)}
							: current,
					);
				}

				return;
			}

			// `jj` + Enter in one read: key by key, stopping at the first key that leaves the list.
			for (const event of splitKeyChunk(input, key)) {
				const isReturn = event.key.return || event.input === '\r';
				if (!listKey(event.input, {...event.key, return: isReturn})) break;
			}
		},
		{isActive},
	);

	const nameWidth = Math.min(Math.max(4, ...profiles.map((profile) => profile.name.length)), 24);
	const hostWidth = Math.min(Math.max(4, ...profiles.map((profile) => hostOf(profile).length)), 32);
	const sourceWidth = Math.max(width - nameWidth - hostWidth - 10, 10);

	if (mode.kind === 'help') {
		return (
			<Box flexDirection="column">
				<KeyList
					sections={[
						{
							title: 'Profiles keys',
							entries: bindingsFor('profiles', tables).map(({keys, description}) => ({
								keys: keys.join(' '),
								description,
							})),
						},
						// Screen-reader mode draws no markers to explain.
						...(isScreenReader ? [] : [{title: 'Markers', entries: profilesMarkers}]),
						{title: 'In a text field (the editor)', entries: textFieldKeys},
					]}
					theme={theme}
				/>
				<Text
					{...theme.dim}
					aria-label={`Press ${spokenKeys(keysFor('help', 'profiles', tables))} or ${spokenKeys(keysFor('back', 'profiles', tables))} to close this help.`}
				>
					{keyOf('help', tables)} or {keyOf('back', tables)} closes this help
				</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection="column">
			<Text {...theme.title} aria-label="Profiles.">
				Profiles
			</Text>
			{warnings.map((warning) => (
				<Text
					key={warning}
					{...textStyle(theme.warning)}
					aria-label={noticeSentence({tone: 'warning', text: warning})}
				>
					{theme.warning.marker} {sanitizeLine(warning)}
				</Text>
			))}
			{profiles.length === 0 ? (
				<Text>No profiles saved yet. Press {keyOf('add', tables)} to add one.</Text>
			) : isScreenReader ? (
				<Box flexDirection="column" aria-role="list">
					<Text>{profilesSentence(profiles.map((profile) => profile.name))}</Text>
					{selected === undefined ? null : (
						<Box aria-role="listitem" aria-state={{selected: true}}>
							<Text>
								{profileSentence(
									selected,
									{number: profiles.indexOf(selected) + 1, count: profiles.length},
									{
										isDefault: selected.name === defaultProfile,
										isActive: selected.name === activeProfile,
									},
								)}
							</Text>
						</Box>
					)}
				</Box>
			) : (
				<Box flexDirection="column">
					<Text {...theme.dim}>
						{'      '}
						{fit('NAME', nameWidth)} {fit('HOST', hostWidth)} TOKEN SOURCE
					</Text>
					{profiles.map((profile) => {
						const isSelected = profile === selected && mode.kind !== 'edit';
						const style = isSelected ? theme.selected : theme.unselected;
						return (
							<Text key={profile.name} {...textStyle(style)}>
								{style.marker} {profile.name === defaultProfile ? '*' : ' '}{' '}
								{profile.name === activeProfile ? '●' : ' '} {fit(profile.name, nameWidth)}{' '}
								{fit(sanitizeLine(hostOf(profile)), hostWidth)}{' '}
								{fit(sanitizeLine(describeTokenSource(profile.tokenSource)), sourceWidth)}
							</Text>
						);
					})}
				</Box>
			)}
			<Box marginTop={1} flexDirection="column">
				{mode.kind === 'edit' ? (
					<EditForm
						mode={mode}
						theme={theme}
						isActive={isActive}
						onChange={(field, value) => {
							setMode({...mode, values: {...mode.values, [field]: value}});
						}}
						onSubmit={saveEdit}
					/>
				) : null}
				{mode.kind === 'confirm-delete' ? (
					<Text {...textStyle(theme.warning)} aria-label={deleteQuestion(mode.name)}>
						{theme.warning.marker} Delete profile {mode.name}? (y/N)
					</Text>
				) : null}
				{mode.kind === 'busy' ? (
					<Box aria-state={{busy: true}}>
						<Text aria-label={spokenSentence(mode.what)}>{mode.what}</Text>
					</Box>
				) : null}
				{message === undefined ? null : (
					<Text
						{...textStyle(message.tone === 'error' ? theme.error : theme.accent)}
						aria-label={noticeSentence(message)}
					>
						{message.tone === 'error' ? `${theme.error.marker} ` : ''}
						{sanitizeLine(message.text)}
					</Text>
				)}
			</Box>
			{mode.kind === 'list' ? (
				<Text
					{...theme.dim}
					aria-label={keyHintsSentence([
						...(profiles.length === 0
							? []
							: [
									{
										keys: [keyOf('move-up', tables), keyOf('move-down', tables)],
										action: 'to choose',
									},
								]),
						...hints.flatMap(({intent, spoken, spokenWithoutProfiles}) => {
							const action = profiles.length === 0 ? spokenWithoutProfiles : spoken;
							return action === undefined ? [] : [{keys: [keyOf(intent, tables)], action}];
						}),
					])}
				>
					{hints.map(({intent, label}) => `${keyOf(intent, tables)} ${label}`).join(' · ')}
				</Text>
			) : null}
		</Box>
	);
}
