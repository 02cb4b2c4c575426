import {describe, expect, it} from 'vitest';
import {entityWebLink, workspaceWebLink} from '../../source/api/web-links.js';
import {
	copyChoices,
	copyFlash,
	copyMenuLine,
	openFlash,
	shouldOpen,
} from '../../source/ui/record-actions.js';

const record = {id: 1000, name: 'Bridge Zwolle', description: 'd'.repeat(3000)};
const link = workspaceWebLink('https://acme.viktor.ai/api', 1000);
const demoLink = workspaceWebLink('http://127.0.0.1:8123/api', 1000);

describe('copyChoices', () => {
	it('offers the id, the web URL and the JSON, each under its letter', () => {
		const choices = copyChoices(record, link);
		expect(choices.map((choice) => [choice.key, choice.label])).toEqual([
			['i', 'id'],
			['u', 'web URL'],
			['j', 'JSON'],
		]);
		expect(choices[0]).toMatchObject({text: '1000'});
		expect(choices[1]).toMatchObject({text: 'https://acme.viktor.ai/workspaces/1000/app'});
		expect(JSON.parse('text' in choices[2]! ? choices[2].text : '')).toEqual(record);
		expect(copyMenuLine(choices)).toBe('copy: i id · u web URL · j JSON · Esc cancel');
	});

	it('says why a choice is unavailable and leaves it out of the menu', () => {
		const choices = copyChoices(
			{name: 'no id'},
			entityWebLink('https://a.viktor.ai/api', 1, 'x y'),
		);
		expect(choices[0]).toMatchObject({unavailable: 'this record has no id'});
		expect(choices[1]).toMatchObject({
			unavailable: 'the entity id "x y" cannot be put in a web-app link',
		});
		expect(copyMenuLine(choices)).toBe('copy: j JSON · Esc cancel');
		expect(copyChoices(record, undefined)[1]).toMatchObject({
			unavailable: 'this kind of record has no page in the web app',
		});
	});
});

describe('copyFlash', () => {
	it('says what was copied', () => {
		const [id, url, json] = copyChoices(record, link);
		expect(copyFlash(id!, {ok: true})).toEqual({tone: 'info', text: 'copied id 1000'});
		expect(copyFlash(url!, {ok: true}).text).toBe(
			'copied web URL https://acme.viktor.ai/workspaces/1000/app',
		);
		expect(copyFlash(json!, {ok: true}).text).toBe('copied JSON (3 KB)');
	});

	it('gives the reason and the text to select when the terminal cannot take it', () => {
		const [, , json] = copyChoices(record, link);
		const flash = copyFlash(json!, {ok: false, reason: 'too large: select the text shown instead'});
		expect(flash.tone).toBe('warning');
		expect(flash.text).toBe('JSON not copied: too large: select the text shown instead');
		expect(flash.selectText).toContain('"name": "Bridge Zwolle"');
		expect(copyFlash(json!, undefined).text).toBe('JSON not copied: copying is not available here');
	});

	it('says why an unavailable choice copies nothing', () => {
		const [id] = copyChoices({}, link);
		expect(copyFlash(id!, {ok: true})).toEqual({
			tone: 'warning',
			text: 'cannot copy the id: this record has no id',
		});
	});
});

describe('openFlash and shouldOpen', () => {
	it('opens a real link and says so', () => {
		expect(shouldOpen(link)).toBe(true);
		expect(openFlash(link, true)).toEqual({
			tone: 'info',
			text: 'opened https://acme.viktor.ai/workspaces/1000/app in the browser',
		});
	});

	it('shows the URL when no browser could be started', () => {
		expect(openFlash(link, false)).toEqual({
			tone: 'warning',
			text: 'no browser can be started here (no display, or over SSH): open the URL yourself',
			selectText: 'https://acme.viktor.ai/workspaces/1000/app',
		});
	});

	it('never opens the demo’s loopback address without saying so', () => {
		expect(shouldOpen(demoLink)).toBe(false);
		expect(openFlash(demoLink)).toEqual({
			tone: 'warning',
			text: 'not opened: this is a local address (the demo server): no VIKTOR web app answers there',
			selectText: 'http://127.0.0.1:8123/workspaces/1000/app',
		});
	});

	it('says why there is no link', () => {
		const bad = workspaceWebLink('https://acme.viktor.ai/api', '../x');
		expect(shouldOpen(bad)).toBe(false);
		expect(openFlash(bad).text).toBe(
			'no web-app link: the workspace id "../x" cannot be put in a web-app link',
		);
	});
});
