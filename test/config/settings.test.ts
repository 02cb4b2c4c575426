import {describe, expect, it} from 'vitest';
import type {Profile} from '../../source/config/profiles.js';
import {
	resolveSettings,
	setupForMissingToken,
	type Settings,
	type SettingsInput,
} from '../../source/config/settings.js';
import {acme as acmeBase} from '../fixtures.js';

const acme: Profile = {...acmeBase, limit: 50};
const cloud: Profile = {
	name: 'cloud',
	environment: 'cloud',
	tokenSource: {type: 'command', command: 'pass show viktor-tui/cloud'},
};
const local: Profile = {
	name: 'local',
	baseUrl: 'http://127.0.0.1:8123/api',
	tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN_LOCAL'},
};
const broken: Profile = {
	name: 'broken',
	baseUrl: 'http://acme.example.com/api',
	tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN'},
};

const acmeTarget = {baseUrl: 'https://acme.viktor.ai/api', host: 'acme.viktor.ai', label: 'acme'};
const cloudTarget = {
	baseUrl: 'https://cloud.viktor.ai/api',
	host: 'cloud.viktor.ai',
	label: 'cloud',
};
const usTarget = {
	baseUrl: 'https://cloud.us1.viktor.ai/api',
	host: 'cloud.us1.viktor.ai',
	label: 'cloud.us1',
};
const localTarget = {
	baseUrl: 'http://127.0.0.1:8123/api',
	host: '127.0.0.1:8123',
	label: '127.0.0.1:8123',
};
const fromVariable = {type: 'env', variable: 'VIKTOR_TOKEN'} as const;

const saved = {profiles: [acme, cloud, local, broken], defaultProfile: 'cloud'};
const none = {profiles: []};

type Row = [string, Partial<SettingsInput>, Settings];

const rows: Row[] = [
	[
		'nothing at all: setup from the environment step',
		{},
		{kind: 'setup', step: 'environment', partial: {}},
	],
	[
		'only VIKTOR_TOKEN: setup from the environment step, the token kept',
		{env: {VIKTOR_TOKEN: 'vktrpat_x'}},
		{kind: 'setup', step: 'environment', partial: {tokenSource: fromVariable}},
	],
	[
		'--environment with VIKTOR_TOKEN needs no profile',
		{flags: {environment: 'acme'}, env: {VIKTOR_TOKEN: 'vktrpat_x'}},
		{kind: 'ready', target: acmeTarget, tokenSource: fromVariable},
	],
	[
		'--environment without a token: setup at the token step with the environment',
		{flags: {environment: 'cloud.us1'}},
		{
			kind: 'setup',
			step: 'token',
			reason:
				'No token for cloud.us1.viktor.ai: VIKTOR_TOKEN is not set and no saved profile is for this environment',
			partial: {target: usTarget},
		},
	],
	[
		'the default profile when nothing else is given',
		{store: saved},
		{
			kind: 'ready',
			target: cloudTarget,
			tokenSource: cloud.tokenSource,
			profileName: 'cloud',
			profile: cloud,
		},
	],
	[
		'VIKTOR_TOKEN overrides the profile token source',
		{store: saved, env: {VIKTOR_TOKEN: 'vktrpat_x'}},
		{
			kind: 'ready',
			target: cloudTarget,
			tokenSource: fromVariable,
			profileName: 'cloud',
			profile: cloud,
		},
	],
	[
		'--profile beats the default profile',
		{store: saved, flags: {profile: 'acme'}},
		{
			kind: 'ready',
			target: acmeTarget,
			tokenSource: acme.tokenSource,
			profileName: 'acme',
			profile: acme,
		},
	],
	[
		'VIKTOR_PROFILE beats the default profile',
		{store: saved, env: {VIKTOR_PROFILE: 'local'}},
		{
			kind: 'ready',
			target: localTarget,
			tokenSource: local.tokenSource,
			profileName: 'local',
			profile: local,
		},
	],
	[
		'--profile beats VIKTOR_PROFILE',
		{store: saved, flags: {profile: 'acme'}, env: {VIKTOR_PROFILE: 'local'}},
		{
			kind: 'ready',
			target: acmeTarget,
			tokenSource: acme.tokenSource,
			profileName: 'acme',
			profile: acme,
		},
	],
	[
		'--environment beats the chosen profile environment, keeping its token source',
		{store: saved, flags: {profile: 'acme', environment: 'cloud'}},
		{
			kind: 'ready',
			target: cloudTarget,
			tokenSource: acme.tokenSource,
			profileName: 'acme',
			profile: acme,
		},
	],
	[
		'VIKTOR_ENVIRONMENT beats the default profile environment, taking the profile for that environment',
		{store: saved, env: {VIKTOR_ENVIRONMENT: 'acme'}},
		{
			kind: 'ready',
			target: acmeTarget,
			tokenSource: acme.tokenSource,
			profileName: 'acme',
			profile: acme,
		},
	],
	[
		'--environment beats VIKTOR_ENVIRONMENT',
		{store: saved, flags: {environment: 'acme'}, env: {VIKTOR_ENVIRONMENT: 'cloud'}},
		{
			kind: 'ready',
			target: acmeTarget,
			tokenSource: acme.tokenSource,
			profileName: 'acme',
			profile: acme,
		},
	],
	[
		'--base-url beats VIKTOR_ENVIRONMENT and finds the profile for that URL',
		{
			store: saved,
			flags: {baseUrl: 'http://127.0.0.1:8123/api/'},
			env: {VIKTOR_ENVIRONMENT: 'cloud'},
		},
		{
			kind: 'ready',
			target: localTarget,
			tokenSource: local.tokenSource,
			profileName: 'local',
			profile: local,
		},
	],
	[
		'VIKTOR_BASE_URL beats VIKTOR_ENVIRONMENT',
		{
			env: {
				VIKTOR_BASE_URL: 'http://127.0.0.1:8123/api',
				VIKTOR_ENVIRONMENT: 'cloud',
				VIKTOR_TOKEN: 't',
			},
		},
		{kind: 'ready', target: localTarget, tokenSource: fromVariable},
	],
	[
		'empty environment variables count as unset',
		{store: saved, env: {VIKTOR_ENVIRONMENT: '', VIKTOR_PROFILE: ' ', VIKTOR_TOKEN: ''}},
		{
			kind: 'ready',
			target: cloudTarget,
			tokenSource: cloud.tokenSource,
			profileName: 'cloud',
			profile: cloud,
		},
	],
	[
		'an environment with no saved profile and no token goes to setup even with a default profile',
		{store: saved, flags: {environment: 'cloud.us1'}},
		{
			kind: 'setup',
			step: 'token',
			reason:
				'No token for cloud.us1.viktor.ai: VIKTOR_TOKEN is not set and no saved profile is for this environment',
			partial: {target: usTarget},
		},
	],
	[
		'profiles but no default: setup, saying how to choose one',
		{store: {profiles: [acme]}},
		{
			kind: 'setup',
			step: 'environment',
			reason:
				'No default profile is set; choose one with --profile (saved: acme) or set up a new one',
			partial: {},
		},
	],
	[
		'--demo',
		{store: saved, flags: {demo: true}, env: {VIKTOR_ENVIRONMENT: 'acme'}},
		{kind: 'demo'},
	],
	[
		'--demo with --profile',
		{flags: {demo: true, profile: 'acme'}},
		{kind: 'error', message: '--demo cannot be combined with --profile'},
	],
	[
		'--profile that does not exist',
		{store: saved, flags: {profile: 'nope'}},
		{
			kind: 'error',
			message: 'no profile named "nope" (saved: acme, cloud, local, broken)',
		},
	],
	[
		'VIKTOR_PROFILE that does not exist, nothing saved',
		{env: {VIKTOR_PROFILE: 'nope'}},
		{kind: 'error', message: 'VIKTOR_PROFILE: no profile named "nope" (no profiles are saved yet)'},
	],
	[
		'--environment and --base-url together',
		{flags: {environment: 'acme', baseUrl: 'https://acme.viktor.ai/api'}},
		{kind: 'error', message: 'Use either --environment or --base-url, not both'},
	],
];

function input(partial: Partial<SettingsInput>): SettingsInput {
	return {flags: {}, env: {}, store: none, ...partial};
}

describe('resolveSettings', () => {
	it.each(rows)('%s', (_name, given, expected) => {
		expect(resolveSettings(input(given))).toEqual(expected);
	});

	it('finds a --profile given in another case than the saved name', () => {
		expect(resolveSettings(input({store: saved, flags: {profile: 'ACME'}}))).toMatchObject({
			kind: 'ready',
			profileName: 'acme',
		});
	});

	it.each<[string, Partial<SettingsInput>, string]>([
		[
			'an invalid --environment',
			{flags: {environment: 'a b'}},
			'--environment: "a b" contains spaces',
		],
		[
			'a clear-text --base-url to a remote host',
			{flags: {baseUrl: 'http://acme.viktor.ai/api'}},
			'--base-url: refusing http://acme.viktor.ai',
		],
		[
			'an invalid VIKTOR_BASE_URL',
			{env: {VIKTOR_BASE_URL: 'ftp://x'}},
			'VIKTOR_BASE_URL: "ftp://x" is not',
		],
		[
			'an invalid VIKTOR_ENVIRONMENT',
			{env: {VIKTOR_ENVIRONMENT: 'a/b'}},
			'VIKTOR_ENVIRONMENT: "a/b" is a path',
		],
		[
			'a profile with a clear-text remote URL',
			{store: saved, flags: {profile: 'broken'}},
			'Profile "broken": refusing http://acme.example.com',
		],
	])('refuses %s', (_name, given, start) => {
		const settings = resolveSettings(input(given));
		expect(settings.kind === 'error' ? settings.message.slice(0, start.length) : settings).toBe(
			start,
		);
	});

	it('sends ready settings whose token source is empty to the token step, environment kept', () => {
		const ready = resolveSettings(input({store: saved, flags: {profile: 'acme'}}));
		if (ready.kind !== 'ready') throw new Error('expected ready settings');
		expect(setupForMissingToken(ready, 'VIKTOR_TOKEN_ACME is not set')).toEqual({
			kind: 'setup',
			step: 'token',
			reason: 'VIKTOR_TOKEN_ACME is not set',
			partial: {
				target: acmeTarget,
				tokenSource: acme.tokenSource,
				profileName: 'acme',
				profile: acme,
			},
		});
	});
});
