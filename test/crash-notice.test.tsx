import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, it} from 'vitest';
import type {Workspace} from '../source/api/types.js';
import {App} from '../source/app.js';
import {ServicesProvider, type Services} from '../source/ui/services.js';
import {waitForFrame} from './helpers.js';

afterEach(() => {
	cleanup();
});

// A demo token, shaped like a real one; echoed with zero-width spaces between its characters.
const token = 'vktrpat_demo0123456789abcdefghijklmnopq';
const echoed = `vktrpat_${[...token.slice(8)].join('\u200B')}`;

it('shows a render crash redacted and sanitised, like the crash report on stderr', async () => {
	const record: Workspace = {id: 1};
	Object.defineProperty(record, 'name', {
		enumerable: true,
		get() {
			throw new Error(`cannot show ${token} or ${echoed}\u202E\u001B]0;owned\u0007`);
		},
	});
	const connection = {
		id: 1,
		target: {baseUrl: 'http://127.0.0.1:9/api', host: '127.0.0.1:9', label: 'test'},
		api: {
			list: async () => ({count: 1, results: [record]}),
			get: async () => ({id: 1}),
		},
	};
	const unchanged = async () => ({ok: true as const, snapshot: {profiles: []}});
	const services: Services = {
		connect: () => connection,
		openProfile: async () => ({ok: true, connection}),
		verify: async () => ({ok: true}),
		profiles: {
			read: () => ({profiles: [], warnings: []}),
			saveProfile: unchanged,
			removeProfile: unchanged,
			setDefaultProfile: unchanged,
		},
	} as unknown as Services;
	const {lastFrame} = render(
		<ServicesProvider services={services}>
			<App noColor initialConnection={connection} />
		</ServicesProvider>,
	);
	const frame = await waitForFrame(lastFrame, (text) => text.includes('Something went wrong'));
	expect(frame).toContain('cannot show vktrpat_[redacted] or vktrpat_[redacted]');
	expect(frame).not.toContain('demo0123');
	expect(frame).not.toContain('\u202E');
	expect(frame).not.toContain('owned');
});
