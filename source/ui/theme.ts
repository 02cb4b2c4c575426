/**
 * The visual choices components make, in one place, per theme (`--theme`, the config's `theme`).
 * Every meaning that colour carries is also carried by a marker, inverse, bold or underline, so
 * every theme works without colour too (`mono`, `NO_COLOR`).
 */
import {createContext, createElement, useContext, type ReactNode} from 'react';
import type {ThemeName} from '../config/theme-setting.js';

export type {ThemeName} from '../config/theme-setting.js';

/** Props spread onto Ink's `<Text>`. */
export type TextStyle = {
	color?: string;
	bold?: boolean;
	dimColor?: boolean;
	inverse?: boolean;
	underline?: boolean;
};

/** A style with a leading marker that keeps its meaning visible without colour. */
export type MarkedStyle = TextStyle & {
	/** Drawn before the text, such as `›` or `✖` (a space of the same width when not marked). */
	marker: string;
};

/** The styles components use. Built by `makeTheme`. */
export type Theme = {
	/** Which theme this is. */
	name: ThemeName;
	/** Whether colour is disabled (`mono`: `NO_COLOR`, `--no-color`); styles then use no `color`. */
	noColor: boolean;
	/** The selected row of a list that has the keyboard: inverse + bold + `›`. */
	selected: MarkedStyle;
	/**
	 * The selected row of a list that does not have the keyboard (the detail beside it does):
	 * still `›`, and told apart from `selected` by an attribute, not by colour.
	 */
	selectedUnfocused: MarkedStyle;
	/** The title of a pane that has the keyboard, with a marker (`»`) that needs no colour. */
	focusedTitle: MarkedStyle;
	/** A row that is not selected: no style, a blank marker as wide as the selected one. */
	unselected: MarkedStyle;
	/** An error message: red + bold + `✖`. */
	error: MarkedStyle;
	/** A warning or transient notice (retrying, loading): yellow + `⚠`. */
	warning: MarkedStyle;
	/** Secondary text: hints, positions, placeholders. */
	dim: TextStyle;
	/** A heading or a pane title. */
	title: TextStyle;
	/** A key label in help and hints, or a field name in the detail pane. */
	key: TextStyle;
	/** An accent for values worth noticing, such as the active profile. */
	accent: TextStyle;
};

// What every theme shares: the meaning of selection, errors and warnings never rests on colour.
const selected: MarkedStyle = {inverse: true, bold: true, marker: '›'};
const unselected: MarkedStyle = {marker: ' '};
// Today's look of a selection whose list lost the keyboard: the same block, dimmed.
const selectedDimmed: MarkedStyle = {...selected, dimColor: true};
const focusMarker = '»';

const themes: Record<ThemeName, Omit<Theme, 'name'>> = {
	// Today's colours, which suit the dark and light defaults of most terminals.
	auto: {
		noColor: false,
		selected,
		selectedUnfocused: selectedDimmed,
		focusedTitle: {color: 'cyan', bold: true, inverse: true, marker: focusMarker},
		unselected,
		error: {color: 'red', bold: true, marker: '✖'},
		warning: {color: 'yellow', marker: '⚠'},
		dim: {dimColor: true},
		title: {color: 'cyan', bold: true},
		key: {color: 'yellow', bold: true},
		accent: {color: 'green'},
	},
	// The bright variants, which stand out on a dark background.
	dark: {
		noColor: false,
		selected,
		selectedUnfocused: selectedDimmed,
		focusedTitle: {color: 'cyanBright', bold: true, inverse: true, marker: focusMarker},
		unselected,
		error: {color: 'redBright', bold: true, marker: '✖'},
		warning: {color: 'yellowBright', marker: '⚠'},
		dim: {dimColor: true},
		title: {color: 'cyanBright', bold: true},
		key: {color: 'yellowBright', bold: true},
		accent: {color: 'greenBright'},
	},
	// No yellow or cyan, which fade on white; dark blue, magenta and red read well there.
	light: {
		noColor: false,
		selected,
		// A dimmed inverse block turns pale grey on white: underline the row instead.
		selectedUnfocused: {bold: true, underline: true, marker: selected.marker},
		focusedTitle: {color: 'blue', bold: true, inverse: true, marker: focusMarker},
		unselected,
		error: {color: 'red', bold: true, marker: '✖'},
		warning: {color: 'magenta', bold: true, marker: '⚠'},
		dim: {color: 'gray'},
		title: {color: 'blue', bold: true},
		key: {color: 'blue', bold: true},
		accent: {color: 'green', bold: true},
	},
	// Only bold, inverse and underline plus the 8 basic colours; nothing dimmed.
	'high-contrast': {
		noColor: false,
		selected: {...selected, underline: true},
		// Not dimmed: the same marker and underline, without the inverse block.
		selectedUnfocused: {bold: true, underline: true, marker: selected.marker},
		focusedTitle: {bold: true, underline: true, inverse: true, marker: focusMarker},
		unselected,
		error: {color: 'red', bold: true, inverse: true, marker: '✖'},
		warning: {bold: true, underline: true, marker: '⚠'},
		dim: {},
		title: {bold: true, underline: true},
		key: {bold: true},
		accent: {bold: true},
	},
	// No colour at all (NO_COLOR, --no-color); bold, inverse and the markers remain.
	mono: {
		noColor: true,
		selected,
		selectedUnfocused: selectedDimmed,
		focusedTitle: {bold: true, inverse: true, marker: focusMarker},
		unselected,
		error: {bold: true, marker: '✖'},
		warning: {marker: '⚠'},
		dim: {dimColor: true},
		title: {bold: true},
		key: {bold: true},
		accent: {},
	},
};

/** The theme named `name`. */
export function themeNamed(name: ThemeName): Theme {
	return {name, ...themes[name]};
}

/** The default theme, or `mono` with `noColor`: every colour dropped, bold/inverse/markers kept. */
export function makeTheme(noColor: boolean): Theme {
	return themeNamed(noColor ? 'mono' : 'auto');
}

/** Strips the marker from a marked style so the rest can be spread onto `<Text>`. */
export function textStyle(style: MarkedStyle | TextStyle): TextStyle {
	const {color, bold, dimColor, inverse, underline} = style;
	return {color, bold, dimColor, inverse, underline};
}

const ThemeContext = createContext<Theme | undefined>(undefined);

/** Props of `ThemeProvider`. */
export type ThemeProviderProps = {theme: Theme; children?: ReactNode};

/** Makes `theme` available to `useTheme` below it. Built once in cli.tsx. */
export function ThemeProvider({theme, children}: ThemeProviderProps) {
	return createElement(ThemeContext.Provider, {value: theme}, children);
}

/** The theme of the nearest `ThemeProvider`; throws when there is none, which is a wiring bug. */
export function useTheme(): Theme {
	const theme = useContext(ThemeContext);
	if (theme === undefined) throw new Error('useTheme() needs a <ThemeProvider> above it.');
	return theme;
}
