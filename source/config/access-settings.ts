/**
 * The config file's settings for how the app is used: the `keys` section (read as it stands;
 * source/ui/key-overrides.ts checks what it means) and `screenReader`, with the rule that decides
 * screen-reader mode from the flag, `INK_SCREEN_READER` and the file.
 */
import {readConfigRoot} from './config-file.js';
import type {EnvironmentVariables} from './profiles.js';

/** What the config file says about keys and screen-reader mode. */
export type AccessSettings = {
	/** The `keys` section as it stands, when there is one. */
	keys?: unknown;
	/** `screenReader: true` or `false`. */
	screenReader?: boolean;
	/** What is wrong with `screenReader` when it is not a boolean. */
	problem?: string;
};

/**
 * Reads `keys` and `screenReader` from the config file at `configFile`. A missing, unreadable or
 * broken file is no setting (the profile store reports those); never throws.
 */
export function readAccessSettings(configFile: string): AccessSettings {
	const root = readConfigRoot(configFile);
	if (root === undefined) return {};
	const settings: AccessSettings = 'keys' in root ? {keys: root.keys} : {};
	if (!('screenReader' in root)) return settings;
	const {screenReader} = root;
	if (typeof screenReader === 'boolean') return {...settings, screenReader};
	return {...settings, problem: 'screenReader: must be true or false'};
}

/** What decides screen-reader mode. */
export type ScreenReaderChoice = {
	/** `--screen-reader` (true) or `--no-screen-reader` (false). */
	flag?: boolean;
	env: EnvironmentVariables;
	/** The config file's `screenReader`. */
	config?: boolean;
};

/**
 * Whether to announce rather than draw: the flag, else `INK_SCREEN_READER` (`true` or `false`,
 * as Ink reads it), else the config file, else off.
 */
export function resolveScreenReader({flag, env, config}: ScreenReaderChoice): boolean {
	if (flag !== undefined) return flag;
	const variable = env.INK_SCREEN_READER;
	if (variable === 'true') return true;
	if (variable === 'false') return false;
	return config ?? false;
}
