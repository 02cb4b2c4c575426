/**
 * The workspace browser: the paged list, the detail of the selected record (beside the list on
 * wide terminals, full screen otherwise), search, sort, jump to a record number, help, and the
 * status bar. Data comes only through the injected `fetchPage` and `fetchRecord`.
 */
import {Box, Text, useInput, type Key} from 'ink';
import TextInput from 'ink-text-input';
import {useCallback, useEffect, useEffectEvent, useState} from 'react';
import type {ListQuery, Page, RequestOptions, Workspace} from '../../api/types.js';
import {DetailPane, type DetailStatus} from '../components/detail-pane.js';
import {HelpOverlay} from '../components/help-overlay.js';
import {RecordList} from '../components/record-list.js';
import {StatusBar} from '../components/status-bar.js';
import {usePager, type PageFetcher} from '../hooks/use-pager.js';
import {intentFor, type Intent} from '../keymap.js';
import {browserPageRows} from '../layout.js';
import {sanitizeLine, truncate} from '../text.js';
import {textStyle, type Theme} from '../theme.js';

/** Fetches the full record of one workspace. */
export type RecordFetcher = (id: number | string, options: RequestOptions) => Promise<Workspace>;

/** The sorts `s` cycles through, in order; `undefined` is the server's own order. */
export const sortCycle: ReadonlyArray<string | undefined> = [
	undefined,
	'name',
	'name:desc',
	'created_at',
	'created_at:desc',
	'views:desc',
	'views_last_30_days:desc',
	'user_last_visit:desc',
];

/** The sort after `current` in `sortCycle` (a sort not in the cycle is followed by the first). */
export function nextSort(current: string | undefined): string | undefined {
	const index = sortCycle.indexOf(current);
	return sortCycle[(index + 1) % sortCycle.length];
}

/** The smallest terminal the browser draws in. */
export const minimumSize = {width: 40, height: 8} as const;

/** From this width on, the detail shows beside the list instead of over it. */
export const sideBySideWidth = 100;

const searchDebounceMs = 250;
const maxJumpDigits = 12;
// Header line of the list plus the two status lines.

/** Props of `Browser`. */
export type BrowserProps = {
	fetchPage: PageFetcher<Workspace>;
	fetchRecord: RecordFetcher;
	/** Shown in the status bar, such as `acme.viktor.ai`. */
	host: string;
	profileName?: string;
	/** The terminal size; the app follows resizes and passes the new size. */
	width: number;
	height: number;
	/** An explicit page size for requests; by default as many records as fit on screen. */
	limit?: number;
	initialSearch?: string;
	initialSort?: string;
	/** A first page fetched before the screen was drawn (see `primeFirstPage`). */
	initialPage?: {query: ListQuery; page: Page<Workspace>};
	isActive: boolean;
	theme: Theme;
	onOpenProfiles: () => void;
	onQuit: () => void;
};

type Mode = 'list' | 'search' | 'jump' | 'help';
type Focus = 'list' | 'detail';

type DetailFetch = {
	id: number | string;
	status: Exclude<DetailStatus, 'idle'>;
	record?: Workspace;
	error?: string;
};

type DetailRequest = {id: number | string; serial: number};

/** Fetches the full record for the detail pane; the previous fetch is aborted by the next. */
function useRecordDetail(fetchRecord: RecordFetcher) {
	const [detail, setDetail] = useState<DetailFetch | undefined>(undefined);
	const [request, setRequest] = useState<DetailRequest | undefined>(undefined);
	const fetchNow = useEffectEvent((id: number | string, signal: AbortSignal) =>
		fetchRecord(id, {signal}),
	);

	useEffect(() => {
		if (request === undefined) return undefined;
		const controller = new AbortController();
		const {signal} = controller;
		const {id} = request;
		let promise: Promise<Workspace>;
		try {
			promise = fetchNow(id, signal);
		} catch (error) {
			promise = Promise.reject(error instanceof Error ? error : new Error(String(error)));
		}

		promise.then(
			(record) => {
				if (!signal.aborted) setDetail({id, status: 'loaded', record});
			},
			(error: unknown) => {
				if (signal.aborted) return;
				const message = error instanceof Error ? error.message : 'Could not load the record.';
				setDetail({id, status: 'error', error: message});
			},
		);
		return () => {
			controller.abort();
		};
	}, [request]);

	const load = useCallback((id: number | string) => {
		setDetail({id, status: 'loading'});
		setRequest((previous) => ({id, serial: (previous?.serial ?? 0) + 1}));
	}, []);

	return {detail, load};
}

/** The id to fetch the record by: a finite number or a string that can be a path segment. */
function recordId(record: Workspace | undefined): number | string | undefined {
	const id = record?.['id'];
	if (typeof id === 'number') return Number.isFinite(id) ? id : undefined;
	if (typeof id !== 'string' || id.trim() === '' || id === '.' || id === '..') return undefined;
	return id;
}

const noIdNote = "This record has no id: showing the list's data only.";

/** Digits typed or pasted (a fast typist's keys can arrive as one chunk: `42`). */
function isDigit(input: string, key: Key): boolean {
	return /^\d+$/.test(input) && !key.ctrl && !key.meta;
}

function isCtrlC(input: string, key: Key): boolean {
	return key.ctrl && input === 'c';
}

/** The workspace browser screen. */
export function Browser({
	fetchPage,
	fetchRecord,
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
	onOpenProfiles,
	onQuit,
}: BrowserProps) {
	const isTooSmall = width < minimumSize.width || height < minimumSize.height;
	const pageRows = browserPageRows(height);
	const pager = usePager({
		fetchPage,
		rows: pageRows,
		limit,
		search: initialSearch,
		sort: initialSort,
		initialPage,
	});
	const [mode, setMode] = useState<Mode>('list');
	const [focus, setFocus] = useState<Focus>('list');
	const [isDetailOpen, setDetailOpen] = useState(false);
	const [searchText, setSearchText] = useState('');
	const [jumpText, setJumpText] = useState('');
	const {detail, load} = useRecordDetail(fetchRecord);
	const {setQuery} = pager;
	const currentSort = pager.query.sort;
	const currentSearch = pager.query.search;

	useEffect(() => {
		if (mode !== 'search') return undefined;
		const timer = setTimeout(() => {
			setQuery({search: searchText, sort: currentSort});
		}, searchDebounceMs);
		return () => {
			clearTimeout(timer);
		};
	}, [mode, searchText, currentSort, setQuery]);

	const selected = pager.selected;
	const selectedId = recordId(selected);
	const isWide = width >= sideBySideWidth;

	const openDetail = () => {
		if (selected === undefined) return;
		setDetailOpen(true);
		setFocus('detail');
		if (selectedId !== undefined) load(selectedId);
	};

	const closeDetail = () => {
		setDetailOpen(false);
		setFocus('list');
	};

	const refresh = () => {
		pager.refresh();
		if (isDetailOpen && detail !== undefined && detail.id === selectedId) load(detail.id);
	};

	const handleShared = (intent: Intent): boolean => {
		switch (intent) {
			case 'quit': {
				onQuit();
				return true;
			}

			case 'help': {
				setMode('help');
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

	const handleListIntent = (intent: Intent) => {
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

			case 'open': {
				openDetail();
				break;
			}

			case 'back': {
				if (isDetailOpen) closeDetail();
				break;
			}

			case 'search': {
				setSearchText(currentSearch ?? '');
				setMode('search');
				break;
			}

			case 'sort': {
				setQuery({search: currentSearch, sort: nextSort(currentSort)});
				break;
			}

			case 'jump': {
				setJumpText('');
				setMode('jump');
				break;
			}

			case 'focus-next': {
				if (isDetailOpen || isWide) setFocus('detail');
				break;
			}

			default: {
				break;
			}
		}
	};

	const handleDetailIntent = (intent: Intent) => {
		if (handleShared(intent)) return;
		if (intent === 'back') closeDetail();
		else if (intent === 'focus-next') setFocus('list');
	};

	const isReady = isActive && !isTooSmall;
	// On a wide terminal the detail pane always stands beside the list and follows the cursor
	// with the list's data; Enter loads the full record into it. Narrow terminals open it over
	// the list.
	const isDetailShown = isWide || (isDetailOpen && focus === 'detail');
	const isListShown = isWide || !isDetailOpen || focus === 'list';

	useInput(
		(input, key) => {
			if (isDigit(input, key)) {
				setJumpText(input.slice(0, maxJumpDigits));
				setMode('jump');
				return;
			}

			const intent = intentFor(input, key, 'list');
			if (intent !== undefined) {
				handleListIntent(intent);
				return;
			}

			// Keys typed faster than a frame arrive as one chunk ("jjj"): take them one by one.
			if (input.length > 1 && !key.ctrl && !key.meta) {
				for (const character of input) {
					const each = intentFor(
						character,
						{...key, shift: character !== character.toLowerCase()},
						'list',
					);
					if (each !== undefined) handleListIntent(each);
				}
			}
		},
		{isActive: isReady && mode === 'list' && isListShown && (focus === 'list' || !isDetailShown)},
	);

	useInput(
		(input, key) => {
			if (isCtrlC(input, key)) {
				onQuit();
			} else if (key.escape) {
				setSearchText('');
				setQuery({search: undefined, sort: currentSort});
				setMode('list');
			}
		},
		{isActive: isReady && mode === 'search'},
	);

	useInput(
		(input, key) => {
			if (isCtrlC(input, key)) {
				onQuit();
			} else if (key.escape) {
				setMode('list');
			} else if (key.return) {
				if (jumpText !== '') pager.jumpTo(Number.parseInt(jumpText, 10) - 1);
				setMode('list');
			} else if (key.backspace || key.delete) {
				setJumpText((text) => text.slice(0, -1));
			} else if (isDigit(input, key)) {
				setJumpText((text) => (text + input).slice(0, maxJumpDigits));
			}
		},
		{isActive: isReady && mode === 'jump'},
	);

	useInput(
		(input, key) => {
			if (intentFor(input, key, 'global') === 'quit') onQuit();
		},
		{isActive: isActive && isTooSmall},
	);

	if (isTooSmall) {
		return (
			<Box width={width} height={height}>
				<Text {...textStyle(theme.warning)} wrap="wrap">
					{`terminal too small (${width}×${height}); need ${minimumSize.width}×${minimumSize.height}`}
				</Text>
			</Box>
		);
	}

	const bodyHeight = height - 2;
	const listWidth = isDetailShown && isWide ? Math.max(50, Math.floor(width * 0.55)) : width;
	const detailWidth = isWide ? width - listWidth - 1 : width;
	const full = detail !== undefined && detail.id === selectedId ? detail : undefined;
	const detailRecord = full?.record ?? selected;
	const detailStatus: DetailStatus = full?.status ?? 'idle';

	const emptyText =
		pager.position.count === undefined
			? pager.error === undefined
				? 'Loading workspaces…'
				: 'Could not load workspaces.'
			: currentSearch === undefined
				? 'No workspaces.'
				: truncate(`No workspaces match “${currentSearch}”.`, Math.max(1, listWidth - 2));

	let body;
	if (mode === 'help') {
		body = (
			<HelpOverlay
				width={width}
				height={bodyHeight}
				isActive={isReady}
				theme={theme}
				onClose={() => {
					setMode('list');
				}}
			/>
		);
	} else {
		body = (
			<Box flexDirection="row" width={width} height={bodyHeight}>
				{isListShown ? (
					<RecordList
						rows={pager.rows}
						cursor={pager.state.cursor}
						width={listWidth}
						height={bodyHeight}
						theme={theme}
						emptyText={emptyText}
						isFocused={focus === 'list' || !isDetailShown}
					/>
				) : null}
				{isDetailShown && isListShown ? <Box width={1} height={bodyHeight} /> : null}
				{isDetailShown ? (
					<DetailPane
						record={detailRecord}
						status={detailStatus}
						error={full?.error}
						width={detailWidth}
						height={bodyHeight}
						isActive={isReady && mode === 'list' && focus === 'detail'}
						theme={theme}
						{...(selected !== undefined && selectedId === undefined ? {note: noIdNote} : {})}
						onIntent={handleDetailIntent}
					/>
				) : null}
			</Box>
		);
	}

	let input;
	if (mode === 'search') {
		input = (
			<>
				<Text {...textStyle(theme.key)}>/ </Text>
				<TextInput
					value={searchText}
					focus={isReady}
					placeholder="search workspaces (Enter keeps, Esc clears)"
					onChange={(value) => {
						setSearchText(sanitizeLine(value));
					}}
					onSubmit={(value) => {
						setQuery({search: value, sort: currentSort});
						setMode('list');
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
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
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
				error={pager.error}
				retry={pager.retry}
				isThrottled={pager.isThrottled}
				listChange={pager.listChange}
			>
				{input}
			</StatusBar>
		</Box>
	);
}
