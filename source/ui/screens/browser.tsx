/**
 * The browser: a stack of levels (workspaces → entities → child entities, revisions; apps as a
 * second root), each a paged list of one resource with the detail of the selected record
 * (beside the list on wide terminals, full screen otherwise), search, sort, a jump to a record
 * number, the `:` command line, help and the status bar. What a level is comes from its
 * descriptor in `resources.ts`; data comes only through the injected `api`.
 */
import {Box, Text, useIsScreenReaderEnabled, useStdin, type Key} from 'ink';
import {
	useCallback,
	useEffect,
	useLayoutEffect,
	useMemo,
	useReducer,
	useRef,
	useState,
} from 'react';
import {isApiError} from '../../api/errors.js';
import type {JsonObject, ListQuery, Page, RequestOptions} from '../../api/types.js';
import {systemClock, type Clock} from '../../clock.js';
import {browserReducer, initialViewState, type BrowserViewState} from '../browser-state.js';
import {completeCommandLine, formatCandidates, parseCommandLine} from '../command-line.js';
import {BreadcrumbBar} from '../components/breadcrumb-bar.js';
import {diffAnnouncement} from '../announce-diff.js';
import {DetailPane, type DetailStatus} from '../components/detail-pane.js';
import {HelpOverlay} from '../components/help-overlay.js';
import {ScreenReaderView} from '../components/screen-reader-view.js';
import type {CopyResult} from '../clipboard.js';
import {
	copyChoices,
	copyFlash,
	copyMenuLine,
	openFlash,
	shouldOpen,
	type Flash,
} from '../record-actions.js';
import {
	diffRevisions,
	RevisionDiffView,
	revisionDiffLineCount,
	revisionDiffPageRows,
} from '../components/revision-diff-view.js';
import {RecordList} from '../components/record-list.js';
import {TextField} from '../components/text-field.js';
import {StatusBar, type Hint} from '../components/status-bar.js';
import {settledPagerState, usePager} from '../hooks/use-pager.js';
import {useScreenInput, type KeyHandler} from '../hooks/use-screen-input.js';
import {useStableCallback} from '../hooks/use-stable-callback.js';
import {useRecordDetails, type DetailCache} from '../hooks/use-record-details.js';
import {nextTypedRun, splitKeyChunk, typedText, type KeyEvent} from '../key-chunks.js';
import {intentFor, keysFor, type Intent, type IntentIn, type KeyTables} from '../keymap.js';
import {useKeyTables} from '../key-tables.js';
import {browserPageRows} from '../layout.js';
import {
	createNavigation,
	currentLevel,
	navigationReducer,
	type Level,
	type NavigationState,
} from '../navigation.js';
import {
	naturalListWidth,
	nextSort,
	reversedSort,
	wideTerminalColumns,
	recordId,
	recordLabel,
	resources,
	rootResources,
	type ChildLevel,
	type ResourceDescriptor,
	type ResourceName,
} from '../resources.js';
import type {ResourceApi} from '../services.js';
import {formatCount, sanitizeLine, truncate} from '../text.js';
import {editReducer, editStateOf, keysOfInput} from '../text-editing.js';
import {textStyle, type Theme} from '../theme.js';
import {recordAt, type PagerState} from '../../paging/pager.js';
import {
	hasRecordAt,
	indexOfRecord,
	navigationOfPlace,
	placeOf,
	type ResumePlace,
	type TopOfPlace,
} from '../resume.js';

/** The smallest terminal the browser draws in. */
export const minimumSize = {width: 40, height: 8} as const;

/** From this width on, the detail shows beside the list instead of over it. */
export const sideBySideWidth = 100;

const searchDebounceMs = 250;
/** How long a flash message holds the hint line. */
export const flashMilliseconds = 4000;
const defaultDetailRestMs = 300;

/** What a level keeps of itself while a deeper level is open. */
export type LevelSnapshot = {
	pager: PagerState<JsonObject>;
	view: BrowserViewState;
	details: DetailCache;
};

/** Props of `Browser`. */
export type BrowserProps = {
	/** The connection's API over the resources. */
	api: ResourceApi;
	/** The resource of the first level. Default `workspaces`. */
	root?: ResourceName;
	/** Shown in the status bar, such as `acme.viktor.ai`. */
	host: string;
	profileName?: string;
	/** The terminal size; the app follows resizes and passes the new size. */
	width: number;
	height: number;
	/** An explicit page size for requests; by default as many records as fit on screen. */
	limit?: number;
	/** The search and sort of the first level. */
	initialSearch?: string;
	initialSort?: string;
	/**
	 * A first page fetched before the screen was drawn, for the level that opens first: the root,
	 * or the top level of `resume`.
	 */
	initialPage?: {query: ListQuery; page: Page<JsonObject>};
	isActive: boolean;
	theme: Theme;
	/** How long the cursor rests on a record before the detail pane loads it in full. */
	detailRestMs?: number;
	/**
	 * The time every wait of the browser runs on: the resting cursor, the search debounce and the
	 * pager's throttle and retry countdown. The system clock unless told; tests pass a manual one.
	 */
	clock?: Clock;
	/** The API base URL, for links into the web app (`o`, `y u`). */
	apiBaseUrl?: string;
	/** Copies text to the clipboard (`y`); without it copying says it is not available. */
	copy?: (text: string) => CopyResult;
	/** Opens a URL in a browser (`o`); resolves false where none can start. */
	openUrl?: (url: string) => Promise<boolean>;
	onOpenProfiles: () => void;
	onQuit: () => void;
	/** A saved place to open at (levels, search and sort, the selected record); `--fresh` passes none. */
	resume?: ResumePlace;
	/** Saves the place the browser is at; called once, when it closes (quit, profile switch). */
	onSavePlace?: (place: ResumePlace) => void;
};

type Navigation = NavigationState<LevelSnapshot>;

/** The browser screen: the navigation stack and the level on top of it. */
export function Browser(props: BrowserProps) {
	const {resume, onSavePlace} = props;
	const [navigation, navigate] = useReducer(
		navigationReducer<LevelSnapshot>,
		props.root ?? 'workspaces',
		(root): Navigation =>
			(resume === undefined ? undefined : navigationOfPlace<LevelSnapshot>(resume)) ??
			createNavigation<LevelSnapshot>(root),
	);
	const level = currentLevel(navigation);
	// The levels of a saved place are keyed 0…restoredTop; the top one gets its query and record.
	const [restoredTop] = useState(() =>
		resume === undefined || navigationOfPlace(resume) === undefined ? -1 : resume.levels.length - 1,
	);
	const isRestoredTop = level.key === restoredTop;
	const isFirst = level.key === 0 && restoredTop === -1;
	// Why a saved level was given up, for the level below it (restored levels are keyed in order).
	const [restoreNote, setRestoreNote] = useState<{key: number; text: string} | undefined>();
	const latest = useRef<{navigation: Navigation; top: TopOfPlace}>({navigation, top: {}});
	latest.current.navigation = navigation;
	const report = useCallback((top: TopOfPlace) => {
		latest.current.top = top;
	}, []);
	useEffect(
		() => () => {
			onSavePlace?.(placeOf(latest.current.navigation, latest.current.top));
		},
		[onSavePlace],
	);
	const restoreFailed = useCallback((key: number, text: string) => {
		setRestoreNote({key: key - 1, text});
		navigate({type: 'pop'});
	}, []);
	const open = useCallback(
		(child: ChildLevel, record: JsonObject, id: string | number, saved: LevelSnapshot) => {
			navigate({
				type: 'push',
				resource: child.resource,
				parent: {...level.parent, [child.idAs]: id},
				label: recordLabel(record),
				saved,
			});
		},
		[level.parent],
	);
	const back = useCallback(() => {
		navigate({type: 'pop'});
	}, []);
	const switchRoot = useCallback((resource: ResourceName) => {
		navigate({type: 'switch-root', resource});
	}, []);
	// Keys typed after the one that left a level (in the same chunk, or waiting in its queue): the
	// level that opens next takes them, so `⏎jj` typed at once opens a record and moves in it.
	const carried = useRef<KeyEvent[]>([]);
	const carryKeys = useCallback((events: KeyEvent[]) => {
		carried.current.push(...events);
	}, []);
	const takeCarriedKeys = useCallback(() => {
		const events = carried.current;
		carried.current = [];
		return events;
	}, []);
	// One input route for all levels, held by this component, which outlives them: the level on
	// top registers its handler when it commits, so a key read right after a level change reaches
	// the new level (a level's own Ink listener would be attached only after React's passive
	// effects, and keys in between went to the level being left and were lost).
	const levelInput = useRef<LevelInput | undefined>(undefined);
	const registerLevelInput = useCallback((input: LevelInput | undefined) => {
		levelInput.current = input;
	}, []);
	const routeKey = useCallback<KeyHandler>(
		(input, key) => {
			const level = levelInput.current;
			if (level === undefined) carryKeys([{input, key}]);
			else if (level.isActive) level.accept(input, key);
		},
		[carryKeys],
	);
	useScreenInput(routeKey, {isActive: props.isActive});
	return (
		<LevelScreen
			key={level.key}
			{...props}
			level={level}
			canGoBack={navigation.levels.length > 1}
			initialSearch={isFirst ? props.initialSearch : isRestoredTop ? resume?.search : undefined}
			initialSort={isFirst ? props.initialSort : isRestoredTop ? resume?.sort : undefined}
			initialPage={isFirst || isRestoredTop ? props.initialPage : undefined}
			restore={
				isRestoredTop && resume?.selectedId !== undefined
					? {id: resume.selectedId, position: resume.position ?? 0}
					: undefined
			}
			isRestoring={level.key <= restoredTop && level.saved === undefined}
			restoreNote={restoreNote?.key === level.key ? restoreNote.text : undefined}
			onReport={report}
			onRestoreFailed={restoreFailed}
			onOpenLevel={open}
			onBack={back}
			onSwitchRoot={switchRoot}
			onCarryKeys={carryKeys}
			takeCarriedKeys={takeCarriedKeys}
			registerInput={registerLevelInput}
		/>
	);
}

/** The top level's key handler, and whether it takes keys now (the detail pane or help may have them). */
type LevelInput = {accept: KeyHandler; isActive: boolean};

type LevelScreenProps = BrowserProps & {
	level: Level<LevelSnapshot>;
	canGoBack: boolean;
	onOpenLevel: (
		child: ChildLevel,
		record: JsonObject,
		id: string | number,
		saved: LevelSnapshot,
	) => void;
	onBack: () => void;
	onSwitchRoot: (resource: ResourceName) => void;
	/** Hands keys not yet acted on to the level that opens next (this one is being left). */
	onCarryKeys: (events: KeyEvent[]) => void;
	/** The keys the level before this one handed over; called once, when this level opens. */
	takeCarriedKeys: () => KeyEvent[];
	/** Gives the browser this level's key handler (undefined when the level closes). */
	registerInput: (input: LevelInput | undefined) => void;
	/** The saved record to select once the first page is here (a restored top level). */
	restore: {id: string | number; position: number} | undefined;
	/** A level of a saved place, loaded for the first time: a 404 goes back a level. */
	isRestoring: boolean;
	/** Why the saved place could not be opened in full, flashed when the level opens. */
	restoreNote: string | undefined;
	/** The level's query and selected record, kept for saving the place. */
	onReport: (top: TopOfPlace) => void;
	/** Gives up the level keyed `key` of a saved place, with why. */
	onRestoreFailed: (key: number, text: string) => void;
};

const noIdNote = "This record has no id: showing the list's data only.";

type PromptIntent = 'jump' | 'command' | 'search' | 'copy';

function isPromptIntent(intent: string): intent is PromptIntent {
	return intent === 'jump' || intent === 'command' || intent === 'search' || intent === 'copy';
}

/** The intents that only move the cursor. */
function movesCursor(intent: string): boolean {
	return [
		'move-up',
		'move-down',
		'page-up',
		'page-down',
		'half-page-up',
		'half-page-down',
		'first',
		'last',
	].includes(intent);
}

/** The intents that act on the list's rows: typed before the first page is here, they wait for it. */
function actsOnRows(intent: string): boolean {
	return (
		movesCursor(intent) ||
		['open', 'detail', 'history', 'diff', 'copy', 'open-web', 'jump'].includes(intent)
	);
}

/**
 * The intents after which other keys than the list's are wanted (the help's, the detail pane's,
 * the diff's): the rest of their chunk waits for the render that has them.
 */
function handsKeysOver(intent: string, descriptor: ResourceDescriptor): boolean {
	return (
		['help', 'detail', 'focus-next', 'diff'].includes(intent) ||
		(intent === 'open' && descriptor.drill === undefined)
	);
}

/** Keys kept at most while a level's first page loads (key repeat held against a hung server). */
const maxQueuedKeys = 256;

/** `start` with the keys of one input event typed into it (Backspace deletes), and whether it ended with Enter. */
function typedInto(start: string, input: string): {text: string; isSubmitted: boolean} {
	let state = editStateOf(start);
	let isSubmitted = false;
	for (const fieldKey of keysOfInput(input)) {
		if (fieldKey.type === 'submit') isSubmitted = true;
		else if (fieldKey.type !== 'ignored') state = editReducer(state, fieldKey);
	}

	return {text: sanitizeLine(state.value), isSubmitted};
}

/** One level of the browser: its list, detail, prompts and status bar. */
function LevelScreen({
	api,
	level,
	canGoBack,
	host,
	profileName,
	width,
	height,
	limit,
	initialSearch,
	initialSort,
	initialPage,
	isActive,
	theme,
	detailRestMs = defaultDetailRestMs,
	clock = systemClock,
	apiBaseUrl,
	copy,
	openUrl,
	onOpenProfiles,
	onQuit,
	onOpenLevel,
	onBack,
	onSwitchRoot,
	onCarryKeys,
	takeCarriedKeys,
	registerInput,
	restore,
	isRestoring,
	restoreNote,
	onReport,
	onRestoreFailed,
}: LevelScreenProps) {
	const descriptor: ResourceDescriptor = resources[level.resource];
	const tables = useKeyTables();
	// Screen-reader mode reads lines of words: no size to fit, and the detail only when asked for.
	const isScreenReader = useIsScreenReaderEnabled();
	const {parent, saved} = level;
	const isTooSmall = !isScreenReader && (width < minimumSize.width || height < minimumSize.height);
	const fetchPage = useCallback(
		async (query: ListQuery, options: RequestOptions) =>
			api.list(descriptor.name, parent, query, options),
		[api, descriptor.name, parent],
	);
	const fetchRecord = useCallback(
		async (id: string | number, options: RequestOptions) =>
			api.get(descriptor.name, parent, id, options),
		[api, descriptor.name, parent],
	);
	const pager = usePager<JsonObject>({
		fetchPage,
		rows: browserPageRows(height),
		limit,
		search: initialSearch,
		sort: initialSort,
		initialPage,
		initialState: saved?.pager,
		clock,
	});
	const [view, dispatch] = useReducer(
		browserReducer,
		saved?.view ??
			(restoreNote === undefined ? initialViewState : {...initialViewState, flash: restoreNote}),
	);
	// Keys waiting their turn, in the order they came: the rest of a chunk held back until the
	// render after the moves in it (see handleKey), keys typed ahead while the level's first page
	// loads (they act on the list once it is here), and the keys the level before handed over.
	const [keyQueue] = useState(() => ({events: takeCarriedKeys()}));
	const [replayTick, requestReplay] = useState(0);
	const {internal_eventEmitter: inputEvents} = useStdin();
	// Set once this level hands over to another (drill, back, history, switch): the keys after
	// that one go to the next level, not to this one.
	const isLeaving = useRef(false);
	const {mode, focus, isDetailOpen, searchText, jumpText, commandText} = view;
	const {setQuery} = pager;
	const currentSort = pager.query.sort;
	// A flash gives the hint line back after a while (the next key clears it sooner).
	useEffect(() => {
		if (view.flash === undefined || view.isFlashSticky === true) return undefined;
		const handle = clock.setTimeout(() => {
			dispatch({type: 'clear-flash'});
		}, flashMilliseconds);
		return () => {
			clock.clearTimeout(handle);
		};
	}, [view.flash, view.isFlashSticky, clock]);
	// The sort asked for last: `ss` or `SS` in one stdin chunk steps twice before a render.
	const askedSort = useRef(currentSort);
	askedSort.current = currentSort;
	const changeSort = (sort: string | undefined) => {
		askedSort.current = sort;
		setQuery({search: currentSearch, sort});
	};

	const currentSearch = pager.query.search;
	const isWide = !isScreenReader && width >= sideBySideWidth;
	const isDetailShown = isWide || (isDetailOpen && focus === 'detail');
	const isListShown = isWide || !isDetailOpen || focus === 'list';
	const selected = pager.selected;
	const selectedId = recordId(selected);
	const details = useRecordDetails({
		fetchRecord,
		selectedId,
		isShown: isDetailShown && mode !== 'help',
		restMs: detailRestMs,
		clock,
		initialCache: saved?.details,
	});

	useEffect(() => {
		onReport({
			...(currentSearch === undefined ? {} : {search: currentSearch}),
			...(currentSort === undefined ? {} : {sort: currentSort}),
			...(selectedId === undefined ? {} : {selectedId}),
			position: pager.state.cursor,
		});
	}, [onReport, currentSearch, currentSort, selectedId, pager.state.cursor]);

	// Opening a saved place: the saved record by id where the first pages hold it, else its old
	// position; a level that is gone (404) goes back to the one below, which says so.
	const restoring = useRef<'find' | 'check' | 'done'>(restore === undefined ? 'done' : 'find');
	const pagerError = pager.error;
	const isNotFound = isRestoring && isApiError(pagerError) && pagerError.kind === 'not-found';
	useEffect(() => {
		if (isNotFound && canGoBack) {
			onRestoreFailed(
				level.key,
				`The saved ${descriptor.singular} list is gone (not found): showing the level above.`,
			);
		}
	}, [isNotFound, canGoBack, onRestoreFailed, descriptor.singular, level.key]);
	useEffect(() => {
		if (restore === undefined || restoring.current === 'done' || pager.isLoading) return;
		if (pager.state.count === undefined) return;
		if (restoring.current === 'find') {
			const index = indexOfRecord(pager.state, restore.id);
			if (index !== undefined) {
				restoring.current = 'done';
				pager.jumpTo(index);
				return;
			}

			restoring.current = 'check';
			pager.jumpTo(restore.position);
			return;
		}

		const isWaiting =
			pager.state.count > 0 && pager.error === undefined && pager.selected === undefined;
		if (isWaiting) return;
		restoring.current = 'done';
		if (!hasRecordAt(pager.state, pager.state.cursor, restore.id)) {
			dispatch({
				type: 'flash',
				text: `The saved ${descriptor.singular} (id ${sanitizeLine(String(restore.id))}) is gone: showing record ${formatCount(pager.state.cursor + 1)} instead.`,
			});
		}
	}, [restore, pager, descriptor.singular]);

	const bodyHeight = height - 3;
	const diffPair = view.diff;
	const revisionDiff = useMemo(
		() => (diffPair === undefined ? undefined : diffRevisions(diffPair.older, diffPair.newer)),
		[diffPair],
	);
	const diffLineCount = revisionDiff === undefined ? 0 : revisionDiffLineCount(revisionDiff);

	useEffect(() => {
		if (mode !== 'search') return undefined;
		const timer = clock.setTimeout(() => {
			setQuery({search: searchText, sort: currentSort});
		}, searchDebounceMs);
		return () => {
			clock.clearTimeout(timer);
		};
	}, [mode, searchText, currentSort, setQuery, clock]);

	const snapshot = (): LevelSnapshot => ({
		pager: settledPagerState(pager.state),
		view: {...view, mode: 'list', flash: undefined},
		details: new Map([...details.cache].filter(([, fetched]) => fetched.status === 'loaded')),
	});

	const openChild = (child: ChildLevel | undefined, what: string) => {
		if (child === undefined) {
			dispatch({type: 'flash', text: `${descriptor.title} have no ${what}.`});
			return;
		}

		if (selected === undefined) return;
		if (selectedId === undefined) {
			dispatch({type: 'flash', text: `This ${descriptor.singular} has no id to open.`});
			return;
		}

		isLeaving.current = true;
		onOpenLevel(child, selected, selectedId, snapshot());
	};

	const showFlash = (flash: Flash) => {
		dispatch({
			type: 'flash',
			text: flash.selectText === undefined ? flash.text : `${flash.text}: ${flash.selectText}`,
			// Text shown to be selected by hand stays until a key; other flashes give the hints back.
			isSticky: flash.selectText !== undefined,
		});
	};

	const webLinkOf = (record: JsonObject) =>
		descriptor.webLink === undefined || apiBaseUrl === undefined
			? undefined
			: descriptor.webLink(apiBaseUrl, parent, record);

	const copyMenu = () => {
		const record = details.selected?.record ?? selected;
		return record === undefined ? [] : copyChoices(record, webLinkOf(record));
	};

	const copyChoice = (letter: string) => {
		const choice = copyMenu().find(({key}) => key === letter);
		dispatch({type: 'close-prompt'});
		if (choice === undefined) return;
		const result = 'text' in choice ? copy?.(choice.text) : undefined;
		showFlash(copyFlash(choice, result));
	};

	const openInWebApp = () => {
		if (selected === undefined) return;
		const link = webLinkOf(selected);
		if (link === undefined) {
			dispatch({type: 'flash', text: `${descriptor.title} have no page in the web app.`});
			return;
		}

		if (!shouldOpen(link) || !link.ok || openUrl === undefined) {
			showFlash(openFlash(link, openUrl === undefined ? false : undefined));
			return;
		}

		const {url} = link;
		openUrl(url).then(
			(opened) => {
				showFlash(openFlash(link, opened));
			},
			() => {
				showFlash(openFlash(link, false));
			},
		);
	};

	/** Compares the selected revision with the one saved before it (the older neighbour). */
	const openDiff = () => {
		if (descriptor.hasDiff !== true) {
			dispatch({type: 'flash', text: `d compares revisions; open them with H on an entity.`});
			return;
		}

		if (selected === undefined) return;
		const {cursor} = pager.state;
		const count = pager.position.count ?? 0;
		const dateOf = (record: JsonObject | undefined) => String(record?.['created_date'] ?? '');
		const neighbours = [cursor + 1, cursor - 1].filter((index) => index >= 0 && index < count);
		const older = neighbours
			.map((index) => ({index, record: recordAt(pager.state, index)}))
			.find(({record}) => record !== undefined && dateOf(record) < dateOf(selected));
		const isFirst = neighbours.every((index) => {
			const record = recordAt(pager.state, index);
			return record !== undefined && dateOf(record) > dateOf(selected);
		});
		if (older === undefined && !isFirst) {
			dispatch({type: 'flash', text: 'The revision before this one is not loaded yet; try again.'});
			return;
		}

		dispatch({type: 'open-diff', older: older?.record, newer: selected});
	};

	const openDetail = () => {
		if (selected === undefined) return;
		dispatch({type: 'open-detail'});
		details.loadNow();
	};

	const refresh = () => {
		pager.refresh();
		if (isDetailShown && details.selected !== undefined) details.loadNow(true);
	};

	/** Jumps to the record numbered `number` (1-based); one past either end says where it landed. */
	const jumpToNumber = (number: number) => {
		const count = pager.position.count;
		pager.jumpTo(number - 1);
		if (count === undefined || count === 0) return;
		if (number > count) {
			dispatch({
				type: 'flash',
				text: `There are ${formatCount(count)}: jumped to the last record, ${formatCount(count)}.`,
			});
		} else if (number < 1) {
			dispatch({type: 'flash', text: 'Records start at 1: jumped to the first record.'});
		}
	};

	const runCommand = (text: string) => {
		dispatch({type: 'close-prompt'});
		const command = parseCommandLine(text, rootResources());
		if (command.kind === 'jump') jumpToNumber(command.position);
		else if (command.kind === 'command') {
			// Switching to the list already open alone changes nothing.
			isLeaving.current = canGoBack || command.name !== level.resource;
			onSwitchRoot(command.name);
		} else if (command.kind === 'error') dispatch({type: 'flash', text: command.message});
	};

	const completeCommand = () => {
		const completion = completeCommandLine(commandText, rootResources());
		if (completion.kind === 'none') dispatch({type: 'flash', text: completion.message});
		else dispatch({type: 'edit-command', text: completion.text});
		if (completion.kind === 'ambiguous') {
			dispatch({type: 'flash', text: `one of: ${formatCandidates(completion.candidates)}`});
		}
	};

	const handleShared = (intent: IntentIn<'list'> | IntentIn<'detail'>): boolean => {
		switch (intent) {
			case 'quit': {
				onQuit();
				return true;
			}

			case 'help': {
				dispatch({type: 'open-help'});
				return true;
			}

			case 'profiles': {
				onOpenProfiles();
				return true;
			}

			case 'refresh': {
				refresh();
				return true;
			}

			default: {
				return false;
			}
		}
	};

	const handleListIntent = (intent: IntentIn<'list'>, input: string) => {
		if (handleShared(intent)) return;
		switch (intent) {
			case 'move-up': {
				pager.moveBy(-1);
				break;
			}

			case 'move-down': {
				pager.moveBy(1);
				break;
			}

			case 'page-up': {
				pager.movePage(-1);
				break;
			}

			case 'page-down': {
				pager.movePage(1);
				break;
			}

			case 'first': {
				pager.moveToFirst();
				break;
			}

			case 'last': {
				pager.moveToLast();
				break;
			}

			case 'half-page-down':
			case 'half-page-up': {
				const half = Math.max(1, Math.floor(browserPageRows(height) / 2));
				pager.moveBy(intent === 'half-page-down' ? half : -half);
				break;
			}

			case 'open': {
				if (descriptor.drill === undefined) openDetail();
				else openChild(descriptor.drill, 'deeper level');
				break;
			}

			case 'detail': {
				openDetail();
				break;
			}

			case 'history': {
				openChild(descriptor.history, 'revisions');
				break;
			}

			case 'diff': {
				openDiff();
				break;
			}

			case 'copy': {
				if (selected !== undefined) dispatch({type: 'open-copy'});
				break;
			}

			case 'open-web': {
				openInWebApp();
				break;
			}

			case 'back': {
				if (isDetailOpen) dispatch({type: 'close-detail'});
				else if (currentSearch !== undefined) setQuery({search: undefined, sort: currentSort});
				else if (canGoBack) {
					isLeaving.current = true;
					onBack();
				}
				break;
			}

			case 'search': {
				if (descriptor.searchParameter === undefined) {
					dispatch({type: 'flash', text: `${descriptor.title} cannot be searched.`});
				} else {
					dispatch({type: 'open-search', text: currentSearch ?? ''});
				}

				break;
			}

			case 'sort': {
				if (descriptor.sorts.length > 1) {
					changeSort(nextSort(descriptor, askedSort.current));
				} else {
					dispatch({type: 'flash', text: `${descriptor.title} come in the server's order only.`});
				}

				break;
			}

			case 'reverse-sort': {
				const reversed = reversedSort(askedSort.current);
				if (reversed === undefined) {
					const hint = descriptor.sorts.length > 1 ? '; choose one with s first' : '';
					dispatch({type: 'flash', text: `The server's order cannot be reversed${hint}.`});
				} else {
					changeSort(reversed);
				}

				break;
			}

			case 'command': {
				dispatch({type: 'open-command'});
				break;
			}

			case 'jump': {
				dispatch({type: 'start-jump', digits: input});
				break;
			}

			case 'focus-next': {
				if (isDetailOpen || isWide) dispatch({type: 'focus', to: 'detail'});
				break;
			}
		}
	};

	/** Opens the prompt of `intent` with `rest` typed into it; a carriage return in it submits. */
	const typeIntoPrompt = (intent: PromptIntent, first: string, rest: string) => {
		if (intent === 'copy') {
			if (selected !== undefined) copyChoice(rest.slice(0, 1));
			return;
		}

		const {text, isSubmitted} = typedInto(intent === 'jump' ? first : '', rest);
		if (intent === 'jump') {
			const digits = text.replaceAll(/\D/g, '');
			if (isSubmitted) {
				if (digits !== '') jumpToNumber(Number.parseInt(digits, 10));
			} else dispatch({type: 'start-jump', digits});
			return;
		}

		if (intent === 'command') {
			if (isSubmitted) runCommand(text);
			else {
				dispatch({type: 'open-command'});
				dispatch({type: 'edit-command', text});
			}

			return;
		}

		if (descriptor.searchParameter === undefined) {
			handleListIntent(intent, first);
		} else if (isSubmitted) {
			setQuery({search: text, sort: currentSort});
		} else {
			dispatch({type: 'open-search', text});
		}
	};

	const handleDetailIntent = (intent: IntentIn<'detail'>) => {
		if (handleShared(intent)) return;
		if (intent === 'back') dispatch({type: 'close-detail'});
		else if (intent === 'focus-next') dispatch({type: 'focus', to: 'list'});
	};
	// One identity, so the memoised detail pane is not drawn again for keys that leave it alone.
	const onDetailIntent = useStableCallback((intent: Intent) => {
		handleDetailIntent(intent as IntentIn<'detail'>);
	});

	const handleKey = (input: string, key: Key) => {
		if (isTooSmall) {
			if (intentFor(input, key, 'global', tables) === 'quit') onQuit();
			return;
		}

		switch (mode) {
			case 'list': {
				if (view.flash !== undefined) dispatch({type: 'clear-flash'});
				// Keys typed faster than a frame arrive as one chunk ("jjj", "j⏎").
				const events = splitKeyChunk(input, key);
				const characters = events.length === 1 ? [input] : Array.from(input);
				let hasMoved = false;
				// The keys of the chunk from `index` on wait for the next render (see keyQueue).
				const deferFrom = (index: number) => {
					keyQueue.events.unshift({input: characters.slice(index).join(''), key});
					requestReplay((tick) => tick + 1);
				};

				for (const [index, event] of events.entries()) {
					const intent = intentFor(event.input, event.key, 'list', tables);
					if (intent === undefined) continue;
					// A key that opens a prompt takes the rest of its chunk as the prompt's typing
					// (`:apps⏎` or `/dike` pasted, `42⏎` typed faster than a frame).
					const rest = characters.slice(index + 1).join('');
					if (isPromptIntent(intent) && rest !== '') {
						typeIntoPrompt(intent, event.input, rest);
						break;
					}

					// A key after a move acts on the record the move selects: it waits for the
					// render that has it (`j⏎` opens the next record, not this one).
					if (hasMoved && !movesCursor(intent)) {
						deferFrom(index);
						break;
					}

					handleListIntent(intent, event.input);
					if (isLeaving.current) {
						// The keys after the one that left go to the level that opens next.
						const rest = characters.slice(index + 1).join('');
						onCarryKeys([...(rest === '' ? [] : [{input: rest, key}]), ...keyQueue.events]);
						keyQueue.events = [];
						break;
					}

					if (handsKeysOver(intent, descriptor) && index < events.length - 1) {
						deferFrom(index + 1);
						break;
					}

					if (movesCursor(intent)) hasMoved = true;
				}

				break;
			}

			case 'search': {
				// The text field takes the typing; Enter is its submit.
				const intent = intentFor(input, key, 'prompt', tables);
				if (intent === 'quit') onQuit();
				else if (intent === 'cancel') {
					dispatch({type: 'edit-search', text: ''});
					setQuery({search: undefined, sort: currentSort});
					dispatch({type: 'close-prompt'});
				}

				break;
			}

			case 'jump': {
				const intent = intentFor(input, key, 'prompt', tables);
				if (intent === 'quit') onQuit();
				else if (intent === 'cancel') dispatch({type: 'close-prompt'});
				else if (intent === 'submit') {
					if (jumpText !== '') jumpToNumber(Number.parseInt(jumpText, 10));
					dispatch({type: 'close-prompt'});
				} else if (intent === 'erase') dispatch({type: 'erase-jump'});
				else if (/^\d+$/.test(input) && !key.ctrl && !key.meta) {
					dispatch({type: 'type-jump', digits: input});
				}

				break;
			}

			case 'command': {
				const intent = intentFor(input, key, 'prompt', tables);
				if (intent === 'quit') onQuit();
				else if (intent === 'cancel') dispatch({type: 'close-prompt'});
				else if (intent === 'submit') runCommand(commandText);
				else if (intent === 'complete') completeCommand();
				else if (intent === 'erase') {
					dispatch({type: 'edit-command', text: commandText.slice(0, -1)});
				} else if (!key.ctrl && !key.meta && input !== '') {
					// Typed text, possibly several keys, Backspaces and an Enter in one chunk.
					const {text, isSubmitted} = typedInto(commandText, input);
					if (isSubmitted) runCommand(text);
					else dispatch({type: 'edit-command', text});
				}

				break;
			}

			case 'diff': {
				const page = revisionDiffPageRows(bodyHeight);
				// Keys typed faster than a frame arrive as one chunk ("jjj"), or in reads before the
				// next render: the reducer scrolls each from where the one before it left the diff.
				for (const event of splitKeyChunk(input, key)) {
					const intent = intentFor(event.input, event.key, 'detail', tables);
					if (intent === 'quit') onQuit();
					else if (intent === 'help') dispatch({type: 'open-help'});
					else if (intent === 'back') dispatch({type: 'close-diff'});
					else {
						if (intent !== undefined) {
							dispatch({type: 'scroll-diff', intent, lineCount: diffLineCount, page});
						}

						continue;
					}

					break;
				}

				break;
			}

			case 'copy': {
				const intent = intentFor(input, key, 'prompt', tables);
				if (intent === 'quit') onQuit();
				else if (intent === 'cancel') dispatch({type: 'close-prompt'});
				else if (!key.ctrl && !key.meta) copyChoice(input.slice(0, 1));
				break;
			}

			case 'help': {
				// Drawn, the help overlay takes its own keys; read aloud, it is plain lines.
				const intent = intentFor(input, key, 'help', tables);
				if (intent === 'quit') onQuit();
				else if (intent === 'back') dispatch({type: 'close-help'});
				break;
			}
		}
	};

	/** Screen-reader mode has no detail pane to take the detail's keys: they come here. */
	const handleScreenReaderDetailKey = (input: string, key: Key) => {
		const intent = intentFor(input, key, 'detail', tables);
		if (intent !== undefined) handleDetailIntent(intent);
	};

	// Keys typed ahead wait for the level's first page (or its failure): moving in a list whose
	// rows are not here yet would do nothing, and the keys would be lost.
	const isReadyForKeys = pager.state.count !== undefined || pager.error !== undefined;

	/** Ink's key events: acted on now, or queued behind keys that wait (see keyQueue). */
	const acceptKey = (input: string, key: Key) => {
		if (isLeaving.current) {
			// Read before React has drawn the next level: it is that level's key.
			onCarryKeys([{input, key}]);
			return;
		}

		const queue = keyQueue.events;
		const [first] = splitKeyChunk(input, key);
		const intent =
			mode === 'list' && first !== undefined
				? intentFor(first.input, first.key, 'list', tables)
				: undefined;
		const waits =
			queue.length > 0 ||
			(mode === 'list' && !isReadyForKeys && intent !== undefined && actsOnRows(intent));
		if (!waits) {
			handleKey(input, key);
			return;
		}

		if (intent === 'quit') {
			onQuit();
			return;
		}

		if (intent === 'back') {
			// Esc while keys wait: the user gives up on them (a level that does not load, say).
			keyQueue.events = [];
			handleKey(input, key);
			return;
		}

		if (queue.length < maxQueuedKeys) queue.push({input, key});
		if (isReadyForKeys) requestReplay((tick) => tick + 1);
	};

	// One waiting key (or run of typed characters) per render, so each acts on the state the
	// ones before it left: the render after a move has the record it selects.
	useEffect(() => {
		const queue = keyQueue.events;
		if (queue.length === 0 || !isReadyForKeys) return;
		const {event, taken} = nextTypedRun(queue);
		queue.splice(0, taken);
		if (isTakingKeys) handleKey(event.input, event.key);
		// The help overlay or the detail pane has the keys now: they get these as typed.
		else {
			const text = typedText(event);
			if (text !== undefined) inputEvents?.emit('input', text);
		}
		if (keyQueue.events.length > 0 && !isLeaving.current) requestReplay((tick) => tick + 1);
		// Runs after the render that follows a deferral or a first page; handleKey is this render's.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [replayTick, isReadyForKeys]);

	const isReady = isActive && !isTooSmall;
	const listHasKeys = focus === 'list' || !isDetailShown;
	const isTakingKeys =
		isActive && (isTooSmall || (mode === 'list' ? listHasKeys : mode !== 'help' || isScreenReader));
	const isSorted = currentSort !== undefined;
	const hintFocus = isDetailShown && !listHasKeys ? 'detail' : 'list';
	// The same array while the hints stay the same, so the status bar's hint line is not redrawn.
	const hints = useMemo(
		() =>
			hintsFor(descriptor, tables, {
				isDiff: mode === 'diff',
				canGoBack,
				isSorted,
				focus: hintFocus,
			}),
		[descriptor, tables, mode, canGoBack, isSorted, hintFocus],
	);
	// Every commit hands the browser this render's handler (it sees this render's state).
	useLayoutEffect(() => {
		registerInput({accept: acceptKey, isActive: isTakingKeys});
	});
	useLayoutEffect(
		() => () => {
			registerInput(undefined);
		},
		[registerInput],
	);
	useScreenInput(handleScreenReaderDetailKey, {
		isActive: isActive && isScreenReader && mode === 'list' && !listHasKeys,
	});

	if (isTooSmall) {
		return (
			<Box width={width} height={height}>
				<Text {...textStyle(theme.warning)} wrap="wrap">
					{`terminal too small (${width}×${height}); need ${minimumSize.width}×${minimumSize.height}`}
				</Text>
			</Box>
		);
	}

	const isWideTerminal = width >= wideTerminalColumns;
	// A wide terminal gives the list the room its extra columns need before the detail takes the rest.
	const listWidth =
		isDetailShown && isWide
			? Math.max(
					50,
					Math.floor(width * 0.55),
					isWideTerminal
						? Math.min(
								naturalListWidth(descriptor, {sort: currentSort, isWideTerminal}),
								width - 51,
							)
						: 0,
				)
			: width;
	const detailWidth = isWide ? width - listWidth - 1 : width;
	const full = details.selected;
	const detailRecord = full?.record ?? selected;
	const detailStatus: DetailStatus = full?.status ?? 'idle';
	const isForbidden = isApiError(pager.error) && pager.error.kind === 'forbidden';
	const listError =
		isForbidden && descriptor.forbiddenText !== undefined
			? new Error(descriptor.forbiddenText)
			: pager.error;
	const plural = descriptor.title.toLowerCase();
	const emptyText =
		pager.position.count === undefined
			? pager.error === undefined
				? `Loading ${plural}…`
				: isForbidden && descriptor.forbiddenText !== undefined
					? descriptor.forbiddenText
					: `Could not load ${plural}.`
			: currentSearch === undefined
				? descriptor.emptyText
				: truncate(`No ${plural} match “${currentSearch}”.`, Math.max(1, listWidth - 2));

	let body;
	if (mode === 'diff' && diffPair !== undefined && revisionDiff !== undefined) {
		body = (
			<RevisionDiffView
				older={diffPair.older}
				newer={diffPair.newer}
				diff={revisionDiff}
				width={width}
				height={bodyHeight}
				offset={view.diffOffset}
				theme={theme}
			/>
		);
	} else if (mode === 'help') {
		body = (
			<HelpOverlay
				width={width}
				height={bodyHeight}
				isActive={isReady}
				theme={theme}
				onClose={() => {
					dispatch({type: 'close-help'});
				}}
			/>
		);
	} else {
		body = (
			<Box flexDirection="row" width={width} height={bodyHeight}>
				{isListShown ? (
					<RecordList
						descriptor={descriptor}
						rows={pager.rows}
						cursor={pager.state.cursor}
						width={listWidth}
						height={bodyHeight}
						theme={theme}
						emptyText={emptyText}
						isFocused={listHasKeys}
						sort={currentSort}
						isWideTerminal={isWideTerminal}
					/>
				) : null}
				{isDetailShown && isListShown ? <Box width={1} height={bodyHeight} /> : null}
				{isDetailShown ? (
					<DetailPane
						record={detailRecord}
						status={detailStatus}
						{...(full?.error === undefined ? {} : {error: full.error})}
						width={detailWidth}
						height={bodyHeight}
						isActive={isReady && mode === 'list' && focus === 'detail'}
						theme={theme}
						{...(selected !== undefined && selectedId === undefined ? {note: noIdNote} : {})}
						onIntent={onDetailIntent}
					/>
				) : null}
			</Box>
		);
	}

	let input;
	if (mode === 'search') {
		input = (
			<>
				<Text {...textStyle(theme.key)} aria-label="Search:">
					/{' '}
				</Text>
				<TextField
					value={searchText}
					focus={isReady}
					placeholder={`search ${plural} (Enter keeps, Esc clears)`}
					onChange={(value) => {
						dispatch({type: 'edit-search', text: sanitizeLine(value)});
					}}
					onSubmit={(value) => {
						setQuery({search: value, sort: currentSort});
						dispatch({type: 'close-prompt'});
					}}
				/>
			</>
		);
	} else if (mode === 'jump') {
		input = (
			<Text wrap="truncate-end">
				<Text {...textStyle(theme.key)}>Go to record: </Text>
				{jumpText}
				<Text inverse> </Text>
				<Text {...textStyle(theme.dim)}> Enter to go, Esc to cancel</Text>
			</Text>
		);
	} else if (mode === 'command') {
		input = (
			<Text wrap="truncate-end">
				<Text {...textStyle(theme.key)} aria-label="Command:">
					:{' '}
				</Text>
				{commandText}
				<Text inverse aria-hidden>
					{' '}
				</Text>
				<Text {...textStyle(view.flash === undefined ? theme.dim : theme.warning)}>
					{view.flash === undefined
						? commandText === ''
							? ' apps, ws or a record number · Tab completes · Esc cancels'
							: ''
						: ` ${view.flash}`}
				</Text>
			</Text>
		);
	} else if (mode === 'copy') {
		input = (
			<Text {...textStyle(theme.key)} wrap="truncate-end">
				{truncate(copyMenuLine(copyMenu()), width)}
			</Text>
		);
	} else if (view.flash !== undefined) {
		input = (
			<Text {...textStyle(theme.warning)} wrap="truncate-end">
				{truncate(view.flash, width)}
			</Text>
		);
	}

	if (isScreenReader) {
		// The diff's two revisions by their place in the list: the newer is the selected one, the
		// older one of its neighbours.
		const numberOf = (record: JsonObject) => {
			const {cursor} = pager.state;
			const index = [cursor, cursor + 1, cursor - 1].find(
				(candidate) => candidate >= 0 && recordAt(pager.state, candidate) === record,
			);
			return index === undefined ? undefined : index + 1;
		};

		const spokenDiff =
			mode === 'diff' && diffPair !== undefined && revisionDiff !== undefined
				? diffAnnouncement({
						newer: {record: diffPair.newer, number: numberOf(diffPair.newer)},
						older:
							diffPair.older === undefined
								? undefined
								: {record: diffPair.older, number: numberOf(diffPair.older)},
						count: pager.position.count,
						diff: revisionDiff,
						offset: view.diffOffset,
						pageRows: revisionDiffPageRows(bodyHeight),
						tables,
					})
				: undefined;
		const heading = [
			level.crumbs.join(', '),
			currentSearch === undefined ? '' : `search “${currentSearch}”`,
			currentSort === undefined ? '' : `sorted by ${currentSort}`,
		]
			.filter((part) => part !== '')
			.join(', ');
		return (
			<ScreenReaderView
				descriptor={descriptor}
				heading={`${heading}.`}
				position={pager.position}
				selected={selected}
				pages={pager.state.pages}
				error={listError}
				retry={pager.retry}
				emptyText={emptyText}
				prompt={input}
				detail={
					isDetailShown
						? {
								record: detailRecord,
								status: detailStatus,
								...(full?.error === undefined ? {} : {error: full.error}),
							}
						: undefined
				}
				isHelpOpen={mode === 'help'}
				diff={spokenDiff}
				tables={tables}
			/>
		);
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			<BreadcrumbBar segments={level.crumbs} width={width} theme={theme} />
			{body}
			<StatusBar
				width={width}
				theme={theme}
				host={host}
				profileName={profileName}
				position={pager.position}
				query={pager.query}
				isLoading={pager.isLoading}
				isStale={pager.isStale}
				error={listError}
				retry={pager.retry}
				isThrottled={pager.isThrottled}
				listChange={pager.listChange}
				hints={hints}
			>
				{input}
			</StatusBar>
		</Box>
	);
}

/** The key hints for where the keyboard is: only keys that do something there. */
function hintsFor(
	descriptor: ResourceDescriptor,
	tables: KeyTables,
	{
		canGoBack,
		focus,
		isDiff,
		isSorted,
	}: {canGoBack: boolean; focus: 'list' | 'detail'; isDiff: boolean; isSorted: boolean},
): Hint[] {
	const hint = (
		intent: Parameters<typeof keysFor>[0],
		context: 'list' | 'detail',
		label: string,
	) => ({
		keys: keysFor(intent, context, tables)[0] ?? '',
		label,
	});
	if (isDiff) {
		return [
			hint('help', 'detail', 'help'),
			hint('move-down', 'detail', 'scroll'),
			hint('page-down', 'detail', 'page'),
			hint('back', 'detail', 'back'),
			hint('quit', 'detail', 'quit'),
		];
	}

	if (focus === 'detail') {
		return [
			hint('help', 'detail', 'help'),
			hint('toggle-raw', 'detail', 'raw'),
			hint('move-down', 'detail', 'scroll'),
			hint('focus-next', 'detail', 'list'),
			hint('back', 'detail', 'back'),
			hint('quit', 'detail', 'quit'),
		];
	}

	return [
		hint('help', 'list', 'help'),
		...(descriptor.drill === undefined
			? [hint('open', 'list', 'detail')]
			: [hint('open', 'list', 'open')]),
		...(descriptor.history === undefined ? [] : [hint('history', 'list', 'revisions')]),
		...(descriptor.hasDiff === true ? [hint('diff', 'list', 'diff')] : []),
		hint('copy', 'list', 'copy'),
		...(descriptor.webLink === undefined ? [] : [hint('open-web', 'list', 'web')]),
		...(canGoBack ? [hint('back', 'list', 'back')] : []),
		...(descriptor.searchParameter === undefined ? [] : [hint('search', 'list', 'search')]),
		...(descriptor.sorts.length > 1 ? [hint('sort', 'list', 'sort')] : []),
		...(isSorted ? [hint('reverse-sort', 'list', 'reverse')] : []),
		hint('command', 'list', 'command'),
		hint('refresh', 'list', 'refresh'),
		hint('profiles', 'list', 'profiles'),
		hint('quit', 'list', 'quit'),
	];
}
