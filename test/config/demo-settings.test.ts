import {describe, expect, it} from 'vitest';
import {demoSettings, resolveSettings} from '../../source/config/settings.js';

const store = {profiles: []};

describe('demo settings', () => {
	it('reads the size and hostility of the demo from the environment', () => {
		expect(demoSettings({})).toEqual({});
		expect(demoSettings({VIKTOR_DEMO_WORKSPACES: '1000000'})).toEqual({workspaces: 1_000_000});
		expect(demoSettings({VIKTOR_DEMO_WORKSPACES: ' 1_000_000 '})).toEqual({workspaces: 1_000_000});
		expect(demoSettings({VIKTOR_DEMO_WORKSPACES: '0'})).toEqual({workspaces: 0});
		expect(demoSettings({VIKTOR_DEMO_WORKSPACES: ''})).toEqual({});
		expect(demoSettings({VIKTOR_DEMO_HOSTILE: '1'})).toEqual({hostile: true});
		expect(demoSettings({VIKTOR_DEMO_HOSTILE: 'False'})).toEqual({hostile: false});
	});

	it.each(['-1', 'lots', '1e6', '2000001', '12.5'])(
		'rejects VIKTOR_DEMO_WORKSPACES=%j with a message naming it and the range',
		(value) => {
			expect(demoSettings({VIKTOR_DEMO_WORKSPACES: value})).toEqual({
				message: `VIKTOR_DEMO_WORKSPACES: expected a whole number from 0 to 2,000,000, not "${value}"`,
			});
		},
	);

	it('rejects a VIKTOR_DEMO_HOSTILE that is not a yes or no', () => {
		expect(demoSettings({VIKTOR_DEMO_HOSTILE: 'maybe'})).toEqual({
			message: 'VIKTOR_DEMO_HOSTILE: expected 1 or 0, not "maybe"',
		});
	});

	it('passes them on with --demo, and a bad value is a usage error', () => {
		expect(
			resolveSettings({
				flags: {demo: true},
				env: {VIKTOR_DEMO_WORKSPACES: '1000000', VIKTOR_DEMO_HOSTILE: 'yes'},
				store,
			}),
		).toEqual({kind: 'demo', workspaces: 1_000_000, hostile: true});
		expect(
			resolveSettings({flags: {demo: true}, env: {VIKTOR_DEMO_WORKSPACES: 'x'}, store}),
		).toEqual({kind: 'error', message: expect.stringContaining('VIKTOR_DEMO_WORKSPACES')});
	});

	it('ignores them without --demo', () => {
		expect(resolveSettings({flags: {}, env: {VIKTOR_DEMO_WORKSPACES: 'x'}, store}).kind).toBe(
			'setup',
		);
	});
});
