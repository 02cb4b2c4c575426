/**
 * The screen switch: setup → browser ⇄ profiles, inside an error boundary. A function of its
 * props and the services: no I/O of its own. Follows the terminal's size.
 */
import {Box, Text, useApp, useInput, useStdout} from 'ink';
import {Component, useCallback, useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import type {Profile} from './config/profiles.js';
import {resumeKey, type ResumeFile} from './config/resume-state.js';
import {errorText} from './sanitize.js';
import {Browser} from './ui/screens/browser.js';
import {Profiles, type ProfilesSnapshot} from './ui/screens/profiles.js';
import {Setup, type SetupDone} from './ui/screens/setup.js';
import {useServices, type Connection} from './ui/services.js';
import type {SetupInitial} from './ui/setup-state.js';
import type {ResumePlace} from './ui/resume.js';
import {displayWidth, sanitizeLine} from './ui/text.js';
import {
	makeTheme,
	textStyle,
	themeNamed,
	ThemeProvider,
	type Theme,
	type ThemeName,
} from './ui/theme.js';

/** Props of {@link App}. */
export type AppProps = {
	/** The connection to start with; without it the setup screen opens. */
	initialConnection?: Connection;
	/** Where the setup screen starts when there is no connection. */
	initialSetup?: SetupInitial;
	noColor: boolean;
	/** The theme; without it `noColor` picks `mono` or `auto`. */
	themeName?: ThemeName;
	/** `--limit`: the page size to request. */
	limit?: number;
	initialSearch?: string;
	initialSort?: string;
	/** `VIKTOR_TOKEN`, which the setup screen offers (masked) in its token field. */
	environmentToken?: string;
	/** One-line warnings from start-up (a config file moved aside, say). */
	warnings?: readonly string[];
	/** Saved places by profile or host (state.json); none with `--fresh`. */
	places?: ResumeFile;
};

type Screen =
	| {kind: 'browser'}
	| {kind: 'profiles'}
	| {kind: 'setup'; initial?: SetupInitial; returnTo?: 'profiles' | 'browser'};

/**
 * Terminal size, following resizes. The app uses every row: the build lets Ink redraw a frame of
 * exactly the terminal's height in place (scripts/esbuild-plugins.mjs).
 */
function useTerminalSize(): {width: number; height: number} {
	const {stdout} = useStdout();
	const read = useCallback(
		() => ({width: stdout.columns || 80, height: Math.max(1, stdout.rows || 24)}),
		[stdout],
	);
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, read]);
	return size;
}

/** The application. */
export function App({
	initialConnection,
	initialSetup,
	noColor,
	themeName,
	limit,
	initialSearch,
	initialSort,
	environmentToken,
	warnings = [],
	places,
}: AppProps) {
	const services = useServices();
	const {exit} = useApp();
	const theme = useMemo(
		() => (themeName === undefined ? makeTheme(noColor) : themeNamed(themeName)),
		[noColor, themeName],
	);
	const {width, height} = useTerminalSize();
	const [connection, setConnection] = useState<Connection | undefined>(initialConnection);
	const [screen, setScreen] = useState<Screen>(
		initialConnection === undefined
			? {kind: 'setup', ...(initialSetup === undefined ? {} : {initial: initialSetup})}
			: {kind: 'browser'},
	);
	const [snapshot, setSnapshot] = useState<ProfilesSnapshot & {warnings: readonly string[]}>(() => {
		const read = services.profiles.read();
		return {
			...read,
			warnings: [...warnings, ...read.warnings.filter((w) => !warnings.includes(w))],
		};
	});
	const [switching, setSwitching] = useState<string | undefined>(undefined);
	// Start-up warnings (a config file moved aside) stand above the list until the first key.
	const [banner, setBanner] = useState<readonly string[]>(warnings);
	const bannerLines = banner.reduce(
		(lines, warning) => lines + Math.ceil((displayWidth(sanitizeLine(warning)) + 2) / width),
		0,
	);
	useInput(
		() => {
			setBanner([]);
		},
		{isActive: banner.length > 0},
	);

	const quit = useCallback(() => exit(), [exit]);
	const openProfiles = useCallback(() => {
		setSnapshot((current) => ({...current, ...services.profiles.read()}));
		setScreen({kind: 'profiles'});
	}, [services]);

	// Resolves to why the profile could not be opened; the profiles screen shows it and stays.
	const switchTo = useCallback(
		async (profile: Profile): Promise<string | undefined> => {
			setSwitching(profile.name);
			try {
				const result = await services.openProfile(profile);
				if (!result.ok) {
					return `Cannot open ${profile.name}: ${result.reason} (e edits where its token comes from)`;
				}

				setConnection(result.connection);
				setScreen({kind: 'browser'});
				return undefined;
			} catch (error: unknown) {
				const reason = errorText(error);
				return `Could not open ${profile.name}: ${reason}`;
			} finally {
				setSwitching(undefined);
			}
		},
		[services],
	);

	const profilesChanged = useCallback((next: ProfilesSnapshot) => {
		setSnapshot((current) => ({...current, ...next}));
		// A deleted profile is no longer the one in use: the status bar must not name it.
		setConnection((current) => {
			if (current?.profileName === undefined) return current;
			if (next.profiles.some((profile) => profile.name === current.profileName)) return current;
			const {profileName: _deleted, ...rest} = current;
			return rest;
		});
	}, []);

	const setupDone = useCallback(
		(done: SetupDone) => {
			const read = services.profiles.read();
			setSnapshot(read);
			const profile =
				done.profileName === undefined
					? undefined
					: read.profiles.find((candidate) => candidate.name === done.profileName);
			setConnection(
				services.connect(
					{baseUrl: done.baseUrl, host: done.host, label: done.label},
					done.token,
					profile,
				),
			);
			setScreen({kind: 'browser'});
		},
		[services],
	);

	const setupBack =
		screen.kind === 'setup' && screen.returnTo !== undefined
			? () => setScreen({kind: screen.returnTo === 'profiles' ? 'profiles' : 'browser'})
			: screen.kind === 'setup' && connection !== undefined
				? () => setScreen({kind: 'browser'})
				: undefined;

	let body: ReactNode = null;
	if (screen.kind === 'setup') {
		body = (
			<Setup
				verify={services.verify}
				saveProfile={(profile, options) => services.profiles.saveProfile(profile, options)}
				onDone={setupDone}
				onCancel={quit}
				{...(setupBack === undefined ? {} : {onBack: setupBack})}
				{...(screen.initial === undefined ? {} : {initial: screen.initial})}
				profileNames={snapshot.profiles.map((profile) => profile.name)}
				{...(services.checkHost === undefined ? {} : {checkHost: services.checkHost})}
				{...(environmentToken === undefined ? {} : {offeredToken: environmentToken})}
				theme={theme}
				isActive
			/>
		);
	} else if (screen.kind === 'profiles' || connection === undefined) {
		body = (
			<Box flexDirection="column">
				<Profiles
					profiles={snapshot.profiles}
					{...(snapshot.defaultProfile === undefined
						? {}
						: {defaultProfile: snapshot.defaultProfile})}
					{...(connection?.profileName === undefined
						? {}
						: {activeProfile: connection.profileName})}
					operations={services.profiles}
					onSwitch={switchTo}
					onAdd={() => setScreen({kind: 'setup', returnTo: 'profiles'})}
					onBack={() => (connection === undefined ? quit() : setScreen({kind: 'browser'}))}
					onQuit={quit}
					onChange={profilesChanged}
					warnings={snapshot.warnings}
					theme={theme}
					width={width}
					isActive={switching === undefined}
				/>
				{switching === undefined ? null : (
					<Box aria-state={{busy: true}}>
						<Text
							{...textStyle(theme.dim)}
							aria-label={`Opening profile ${sanitizeLine(switching)}.`}
						>
							Opening profile {sanitizeLine(switching)}…
						</Text>
					</Box>
				)}
			</Box>
		);
	}

	// The browser stays mounted (hidden, inactive) behind the other screens, so coming back
	// from profiles or setup finds the list, its rows and its position as they were.
	const isBrowserShown = screen.kind === 'browser' && connection !== undefined;
	// The place of this connection's profile or host: read when its browser opens, saved when it
	// closes. Places saved during this run are remembered here for a switch back to their profile.
	const savedPlaces = useRef<Record<string, ResumePlace>>({...places});
	const placeKey =
		connection === undefined
			? undefined
			: resumeKey({
					...(connection.profileName === undefined ? {} : {profileName: connection.profileName}),
					host: connection.target.host,
					label: connection.target.label,
				});
	const resume = placeKey === undefined ? undefined : savedPlaces.current[placeKey];
	const {savePlace} = services;
	const onSavePlace = useMemo(
		() =>
			placeKey === undefined || savePlace === undefined
				? undefined
				: (place: ResumePlace) => {
						savedPlaces.current[placeKey] = place;
						savePlace(placeKey, place);
					},
		[placeKey, savePlace],
	);
	const browser =
		connection === undefined ? null : (
			<Box display={isBrowserShown ? 'flex' : 'none'}>
				<Browser
					key={connection.id}
					api={connection.api}
					apiBaseUrl={connection.target.baseUrl}
					{...(services.copy === undefined ? {} : {copy: services.copy})}
					{...(services.openUrl === undefined ? {} : {openUrl: services.openUrl})}
					host={connection.target.host}
					{...(connection.profileName === undefined ? {} : {profileName: connection.profileName})}
					width={width}
					height={Math.max(1, height - bannerLines)}
					{...((limit ?? connection.limit) === undefined ? {} : {limit: limit ?? connection.limit})}
					{...(initialSearch === undefined ? {} : {initialSearch})}
					{...(connection.initialPage === undefined ? {} : {initialPage: connection.initialPage})}
					{...((initialSort ?? connection.sort) === undefined
						? {}
						: {initialSort: initialSort ?? connection.sort})}
					isActive={isBrowserShown}
					theme={theme}
					onOpenProfiles={openProfiles}
					onQuit={quit}
					{...(resume === undefined ? {} : {resume})}
					{...(onSavePlace === undefined ? {} : {onSavePlace})}
				/>
			</Box>
		);

	return (
		<ThemeProvider theme={theme}>
			<ErrorBoundary theme={theme} onQuit={quit}>
				{isBrowserShown
					? banner.map((warning) => (
							<Text key={warning} {...textStyle(theme.warning)} wrap="wrap">
								{theme.warning.marker} {sanitizeLine(warning)}
							</Text>
						))
					: null}
				{body}
				{browser}
			</ErrorBoundary>
		</ThemeProvider>
	);
}

type ErrorBoundaryProps = {theme: Theme; onQuit: () => void; children?: ReactNode};
type ErrorBoundaryState = {error?: Error; attempt: number};

/** Catches a render error: says what happened, and offers to start the screen again or quit. */
class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
	override state: ErrorBoundaryState = {attempt: 0};

	static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
		return {error: error instanceof Error ? error : new Error(String(error))};
	}

	override render() {
		const {error, attempt} = this.state;
		if (error === undefined)
			return (
				<Box key={attempt} flexDirection="column">
					{this.props.children}
				</Box>
			);
		return (
			<CrashNotice
				theme={this.props.theme}
				message={error.message}
				onRetry={() => this.setState({error: undefined, attempt: attempt + 1})}
				onQuit={this.props.onQuit}
			/>
		);
	}
}

type CrashNoticeProps = {theme: Theme; message: string; onRetry: () => void; onQuit: () => void};

function CrashNotice({theme, message, onRetry, onQuit}: CrashNoticeProps) {
	useInput((input) => {
		if (input === 'r') onRetry();
		if (input === 'q') onQuit();
	});
	return (
		<Box flexDirection="column">
			<Text {...textStyle(theme.error)}>
				{theme.error.marker} Something went wrong: {errorText(message)}
			</Text>
			<Text>Press r to start this screen again, or q to quit.</Text>
		</Box>
	);
}
