/**
 * What `y` (copy) and `o` (open in the web app) offer for a record and what the flash message
 * says afterwards. Copy offers the record's id, its web-app URL and its full JSON, each under a
 * letter (`y` then `i`, `u` or `j`); a choice that cannot be made says why. Open never starts a
 * browser for a loopback (demo) address without saying so. Pure functions: the caller copies
 * (see clipboard.ts) and opens (`Services.openUrl`).
 */
import {Buffer} from 'node:buffer';
import type {JsonObject} from '../api/types.js';
import {loopbackLinkNote, type WebLink} from '../api/web-links.js';
import type {CopyResult} from './clipboard.js';
import {formatCount, sanitizeLine, truncate} from './text.js';

/** What can be copied from a record. */
export type CopyTarget = 'id' | 'url' | 'json';

/** One entry of the copy menu. */
export type CopyChoice = {
	target: CopyTarget;
	/** The letter that picks it after `y`. */
	key: string;
	/** What it is, for the menu and the flash message: `id`, `web URL`, `JSON`. */
	label: string;
} & ({text: string} | {unavailable: string});

/** The letters of the copy menu, in menu order. */
export const copyKeys: Readonly<Record<CopyTarget, string>> = {id: 'i', url: 'u', json: 'j'};

function idText(record: JsonObject): string | undefined {
	const id = record['id'];
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	if (typeof id === 'string' && id !== '') return id;
	return undefined;
}

/**
 * The copy menu for `record`: its id, its web-app URL (`webLink`, undefined where the resource
 * has no page in the web app) and its JSON as the API sent it, pretty-printed.
 */
export function copyChoices(record: JsonObject, webLink: WebLink | undefined): CopyChoice[] {
	const id = idText(record);
	let url: {text: string} | {unavailable: string};
	if (webLink === undefined) url = {unavailable: 'this kind of record has no page in the web app'};
	else if (webLink.ok) url = {text: webLink.url};
	else url = {unavailable: webLink.reason};
	return [
		{
			target: 'id',
			key: copyKeys.id,
			label: 'id',
			...(id === undefined ? {unavailable: 'this record has no id'} : {text: id}),
		},
		{target: 'url', key: copyKeys.url, label: 'web URL', ...url},
		{target: 'json', key: copyKeys.json, label: 'JSON', text: JSON.stringify(record, null, 2)},
	];
}

/** The menu line: `copy: i id · u web URL · j JSON` (unavailable entries left out). */
export function copyMenuLine(choices: readonly CopyChoice[]): string {
	const offered = choices
		.filter((choice) => 'text' in choice)
		.map((choice) => `${choice.key} ${choice.label}`);
	return `copy: ${offered.join(' · ')} · Esc cancel`;
}

function size(text: string): string {
	const bytes = Buffer.byteLength(text, 'utf8');
	return bytes < 1024
		? `${formatCount(bytes)} bytes`
		: `${formatCount(Math.ceil(bytes / 1024))} KB`;
}

/** A flash message; `selectText` is set when the user should select the text from the screen. */
export type Flash = {tone: 'info' | 'warning'; text: string; selectText?: string};

/**
 * What to say after a copy: `copied id 1000`, `copied web URL https://…`, `copied JSON (2 KB)`;
 * when the choice was unavailable or the terminal could not take it, the reason, with the text
 * to select where there is one.
 */
export function copyFlash(choice: CopyChoice, result: CopyResult | undefined): Flash {
	if (!('text' in choice)) {
		return {tone: 'warning', text: `cannot copy the ${choice.label}: ${choice.unavailable}`};
	}
	if (result === undefined || !result.ok) {
		const reason =
			result === undefined || result.ok ? 'copying is not available here' : result.reason;
		return {
			tone: 'warning',
			text: `${choice.label} not copied: ${sanitizeLine(reason)}`,
			selectText: choice.text,
		};
	}
	const what =
		choice.target === 'json'
			? `JSON (${size(choice.text)})`
			: `${choice.label} ${truncate(choice.text, 80)}`;
	return {tone: 'info', text: `copied ${what}`};
}

/** Whether `o` should hand `link` to a browser: a good link that is not a loopback address. */
export function shouldOpen(link: WebLink): boolean {
	return link.ok && !link.isLoopback;
}

/**
 * What to say for `o`: before opening (`opened` undefined) a link that is not opened (no link, a
 * loopback address) says why and shows the URL; after, whether a browser took it, else the URL
 * to open by hand.
 */
export function openFlash(link: WebLink, opened?: boolean): Flash {
	if (!link.ok) return {tone: 'warning', text: `no web-app link: ${sanitizeLine(link.reason)}`};
	const url = sanitizeLine(link.url);
	if (link.isLoopback) {
		return {tone: 'warning', text: `not opened: ${loopbackLinkNote}`, selectText: url};
	}
	if (opened === true) return {tone: 'info', text: `opened ${url} in the browser`};
	return {
		tone: 'warning',
		text: 'no browser can be started here (no display, or over SSH): open the URL yourself',
		selectText: url,
	};
}
