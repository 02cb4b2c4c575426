import type {Plugin} from 'esbuild';

/** Points the dependencies' `string-width` imports at source/text-width.ts. */
export declare const fastTextWidth: Plugin;
/** Bounds ink 6.8's never-evicting text caches. */
export declare const boundedInkCaches: Plugin;
/** Every plugin the command's bundle uses; the benchmark's probes use the same list. */
export declare const commandPlugins: Plugin[];
/** Hands yoga-layout its WebAssembly decoded from the bundle, so it does not call `fetch`. */
export declare const yogaWithoutFetch: Plugin;
/** Resolves `ofetch` to its core module, which reads no globals (no undici at import). */
export declare const ofetchCore: Plugin;
/** Makes string-width build its Intl.Segmenter and emoji regular expression on first use. */
export declare const lazyStringWidth: Plugin;
/** Keeps ink's per-frame output caches (styled characters, widths) across frames, bounded. */
export declare const sharedInkOutputCaches: Plugin;
/** Points ink's output.js at source/styled-chars.ts (shared styled characters) for ansi-tokenize. */
export declare const sharedStyledChars: Plugin;
