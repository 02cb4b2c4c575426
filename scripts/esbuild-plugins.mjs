// esbuild plugins shared by the build (scripts/build.mjs) and the benchmark's probes
// (bench/bundle.ts), so both bundle the code the same way.
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

const textWidthModule = fileURLToPath(new URL('../source/text-width.ts', import.meta.url));

/**
 * Points every `string-width` import of the dependencies (Ink measures every line it draws) at
 * source/text-width.ts, which answers most text without grapheme segmentation and falls back to
 * string-width itself for the rest.
 */
export const fastTextWidth = {
	name: 'fast-text-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, (args) =>
			args.importer === textWidthModule ? undefined : {path: textWidthModule},
		);
	},
};

/**
 * ink 6.8 caches the size and the wrapping of every distinct text it has drawn and never evicts
 * (vadimdemedes/ink#986; bounded upstream in ink 7, which needs Node 22): in a session kept open
 * all day that is a slow leak, ~1.2 MB per 200 pages visited. These edits bound both caches. An
 * edit that no longer matches fails the build, so an ink upgrade cannot drop it silently.
 */
const inkCacheEdits = {
	// Not a cache: ink 6.8 clears the whole terminal before every frame once the previous frame was
	// as tall as the terminal (`>=`), so a full-height app would repaint from scratch on every key.
	// Its log-update already redraws a frame of exactly the terminal's height in place (no trailing
	// newline); ink 7 narrowed the check to a frame taller than the terminal (`>`), as here.
	'ink.js': [
		[
			'if (this.lastOutputHeight >= this.options.stdout.rows) {',
			'if (this.lastOutputHeight > this.options.stdout.rows) {',
		],
	],
	'measure-text.js': [
		[
			'cache.set(text, dimensions);',
			'if (cache.size >= 4096) cache.clear();\n    cache.set(text, dimensions);',
		],
	],
	'wrap-text.js': [
		['const cache = {};', 'let cache = {};\nlet cacheSize = 0;'],
		[
			'cache[cacheKey] = wrappedText;',
			'if (++cacheSize > 4096) {\n        cache = {};\n        cacheSize = 1;\n    }\n    cache[cacheKey] = wrappedText;',
		],
	],
};

const editedInkFiles = /[\\/]ink[\\/]build[\\/](ink|measure-text|wrap-text)\.js$/;

export const boundedInkCaches = {
	name: 'bounded-ink-caches',
	setup(build) {
		build.onLoad({filter: editedInkFiles}, async (args) => {
			const name = args.path.split(/[\\/]/).pop();
			let contents = await readFile(args.path, 'utf8');
			for (const [from, to] of inkCacheEdits[name]) {
				if (!contents.includes(from)) {
					throw new Error(`ink's ${name} changed; review the cache edit in scripts/build.mjs`);
				}

				contents = contents.replace(from, to);
			}

			return {contents, loader: 'js'};
		});
	},
};
