/**
 * The visual choices components make, in one place. Every meaning that colour carries is also
 * carried by a marker, inverse or bold, so the interface works with `NO_COLOR` too.
 */
import {createContext, createElement, useContext, type ReactNode} from 'react';

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
	/** Whether colour is disabled (`NO_COLOR`, `--no-color`); styles then use no `color`. */
	noColor: boolean;
	/** The selected row of a list: inverse + bold + `›`. */
	selected: MarkedStyle;
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

/** Builds the theme; with `noColor` every colour is dropped and bold/inverse/markers remain. */
export function makeTheme(noColor: boolean): Theme {
	const color = (name: string): {color?: string} => (noColor ? {} : {color: name});
	return {
		noColor,
		selected: {inverse: true, bold: true, marker: '›'},
		unselected: {marker: ' '},
		error: {...color('red'), bold: true, marker: '✖'},
		warning: {...color('yellow'), marker: '⚠'},
		dim: {dimColor: true},
		title: {...color('cyan'), bold: true},
		key: {...color('yellow'), bold: true},
		accent: {...color('green')},
	};
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
