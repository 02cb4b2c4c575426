/**
 * The header line that says where the user is: `Workspaces › Bridge Zwolle › Entities`, cut to
 * the width by `fitBreadcrumb`, the current level in the title style and the separators dimmed.
 */
import {Text} from 'ink';
import {Fragment, memo} from 'react';
import {breadcrumbSeparator, fitBreadcrumb} from '../breadcrumb.js';
import {textStyle, type Theme} from '../theme.js';

/** Props of `BreadcrumbBar`. */
export type BreadcrumbBarProps = {
	/** From the root to the current level, as the server named them (sanitized here). */
	segments: readonly string[];
	width: number;
	theme: Theme;
};

/**
 * One line: the breadcrumb of `segments`, at most `width` columns. Memoised: a level's segments
 * stay the same array while the user moves in it.
 */
export const BreadcrumbBar = memo(function BreadcrumbBar({
	segments,
	width,
	theme,
}: BreadcrumbBarProps) {
	const parts = fitBreadcrumb(segments, width);
	const lastIndex = parts.length - 1;
	return (
		<Text wrap="truncate-end">
			{parts.map((part, index) => (
				<Fragment key={index}>
					{index > 0 ? <Text {...textStyle(theme.dim)}>{breadcrumbSeparator}</Text> : null}
					{index === lastIndex ? <Text {...textStyle(theme.title)}>{part}</Text> : part}
				</Fragment>
			))}
		</Text>
	);
});
