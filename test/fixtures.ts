import type {Profile} from '../source/config/profiles.js';

/** A profile for the `acme` environment, its token in `VIKTOR_TOKEN_ACME`. */
export const acme: Profile = {
	name: 'acme',
	environment: 'acme',
	tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN_ACME'},
};

/** A profile for a local server by its URL, its token from `pass`. */
export const local: Profile = {
	name: 'local',
	baseUrl: 'http://127.0.0.1:8123/api',
	tokenSource: {type: 'command', command: 'pass show viktor-tui/local'},
};

/** A profile for the `cloud.us1` environment, its token in `VIKTOR_TOKEN`. */
export const us: Profile = {
	name: 'us',
	environment: 'cloud.us1',
	tokenSource: {type: 'env', variable: 'VIKTOR_TOKEN'},
};
