/**
 * The `theme` setting: its names, where it is read from in the config file, and which of flag,
 * config and `NO_COLOR` decides. The themes themselves are drawn in source/ui/theme.ts.
 */
import {readConfigRoot} from './config-file.js';

/** The themes, as `--theme` and the config's `theme` name them. */
export const themeNames = ['auto', 'dark', 'light', 'high-contrast', 'mono'] as const;

/** One theme's name. `mono` draws no colour, as `NO_COLOR` asks. */
export type ThemeName = (typeof themeNames)[number];

/** Whether `value` names a theme. */
export function isThemeName(value: unknown): value is ThemeName {
	return typeof value === 'string' && (themeNames as readonly string[]).includes(value);
}

/** The list of names for messages: `auto, dark, light, high-contrast or mono`. */
export const themeNameList = `${themeNames.slice(0, -1).join(', ')} or ${themeNames.at(-1)}`;

/** The config file's `theme`, if it names one; a warning when it holds something else. */
export type ThemeSetting = {theme?: ThemeName; warning?: string};

/**
 * Reads `theme` from the config file at `configFile`. A missing or unreadable file is no setting
 * (the profile store reports those); never throws.
 */
export function readThemeSetting(configFile: string): ThemeSetting {
	const root = readConfigRoot(configFile);
	if (root === undefined || !('theme' in root)) return {};
	const {theme} = root;
	if (isThemeName(theme)) return {theme};
	const shown = typeof theme === 'string' ? `"${theme.slice(0, 40)}"` : JSON.stringify(theme);
	return {
		warning: `The theme ${shown} in ${configFile} is not one of ${themeNameList}; using auto.`,
	};
}

/** What decides the theme. */
export type ThemeChoice = {
	/** `--theme`. */
	flag?: ThemeName;
	/** `--no-color`. */
	isNoColorFlag?: boolean;
	/** The config file's `theme`. */
	config?: ThemeName;
	/** `NO_COLOR` is set and not empty. */
	isNoColorEnvironment?: boolean;
};

/**
 * The theme to draw with. `--no-color` wins, then `--theme`, then the config file, then
 * `NO_COLOR` (which, as no-color.org asks, a user's own setting overrides), then `auto`.
 */
export function resolveThemeName(choice: ThemeChoice): ThemeName {
	if (choice.isNoColorFlag === true) return 'mono';
	if (choice.flag !== undefined) return choice.flag;
	if (choice.config !== undefined) return choice.config;
	return choice.isNoColorEnvironment === true ? 'mono' : 'auto';
}
