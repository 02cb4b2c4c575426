import type {Plugin} from 'esbuild';

/** Points the dependencies' `string-width` imports at source/text-width.ts. */
export declare const fastTextWidth: Plugin;
/** Bounds ink 6.8's never-evicting text caches. */
export declare const boundedInkCaches: Plugin;
