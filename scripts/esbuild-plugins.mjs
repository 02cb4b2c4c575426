// esbuild plugins shared by the build (scripts/build.mjs) and the benchmark's probes
// (bench/bundle.ts), so both bundle the code the same way.
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const textWidthModule = fileURLToPath(new URL('../source/text-width.ts', import.meta.url));
const inkOutputModule = fileURLToPath(new URL('../source/ink-output.ts', import.meta.url));

/**
 * Applies `edits` ([from, to] pairs) to a dependency's source; an edit whose `from` is no longer
 * there fails the build (naming `what` to review), so an upgrade cannot drop it silently.
 */
function applyEdits(contents, edits, what) {
	let edited = contents;
	for (const [from, to] of edits) {
		if (!edited.includes(from)) {
			throw new Error(`${what} changed; review its edit in scripts/esbuild-plugins.mjs`);
		}

		edited = edited.replace(from, to);
	}

	return edited;
}

/** A plugin that applies `edits` to the files matching `filter` (see applyEdits). */
function editingPlugin(name, filter, edits, what) {
	return {
		name,
		setup(build) {
			build.onLoad({filter}, async (args) => ({
				contents: applyEdits(await readFile(args.path, 'utf8'), edits, what),
				loader: 'js',
			}));
		},
	};
}

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
 * Points ink's output.js at source/styled-chars.ts for `@alcalzone/ansi-tokenize`: the styled
 * characters of the lines Ink caches across frames are shared objects there, not ~200 new objects
 * per line that end up in the old generation (the memory benchmark's peak RSS). Other importers
 * of the package keep it as it is.
 */
export const sharedStyledChars = {
	name: 'shared-styled-chars',
	setup(build) {
		const styledChars = fileURLToPath(new URL('../source/styled-chars.ts', import.meta.url));
		const inkOutput = /[\\/]ink[\\/]build[\\/]output\.js$/;
		let isOutputBundled = false;
		let isRedirected = false;
		build.onStart(() => {
			isOutputBundled = false;
			isRedirected = false;
		});
		build.onLoad({filter: inkOutput}, () => {
			isOutputBundled = true;
			return undefined;
		});
		build.onResolve({filter: /^@alcalzone\/ansi-tokenize$/}, (args) => {
			if (!inkOutput.test(args.importer)) return undefined;
			isRedirected = true;
			return {path: styledChars};
		});
		// An ink upgrade whose output.js no longer imports the package fails the build, as the
		// other edits here do, instead of bringing the per-character objects back silently.
		build.onEnd((result) => {
			if (isOutputBundled && !isRedirected && result.errors.length === 0) {
				throw new Error(
					"ink's output.js no longer imports @alcalzone/ansi-tokenize; review sharedStyledChars in scripts/esbuild-plugins.mjs",
				);
			}
		});
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
			const contents = await readFile(args.path, 'utf8');
			return {contents: applyEdits(contents, inkCacheEdits[name], `ink's ${name}`), loader: 'js'};
		});
	},
};

/**
 * yoga-layout (ink's layout engine) carries its WebAssembly as a base64 `data:` URL and, when it
 * is given no `wasmBinary`, loads it with `fetch(dataUrl)`: the first `fetch` of the process, which
 * makes Node load and compile undici (its whole fetch implementation) during every start. This
 * edit decodes the same base64 with `Buffer.from` and hands it over as the `wasmBinary`, so the
 * loader takes its own no-fetch path. An edit that no longer matches fails the build.
 */
const yogaLoaderEdit = [
	'function ya(){return w||"function"!=typeof fetch?',
	'function ya(){w||!ua(H)||(w=Buffer.from(H.slice(37),"base64"));return w||"function"!=typeof fetch?',
];

export const yogaWithoutFetch = editingPlugin(
	'yoga-without-fetch',
	/[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/][^\\/]+\.js$/,
	[yogaLoaderEdit],
	"yoga-layout's WebAssembly loader",
);

/**
 * Every entry of ofetch reads `globalThis.Headers` when it is imported (to build its default
 * `ofetch`), and on Node that getter loads and compiles undici, whose cost source/api/
 * node-transport.ts exists to avoid. Our code only calls `createFetch` (with its own transport and
 * Headers), so `ofetch` resolves to ofetch's core module, which defines `createFetch` and touches
 * no globals. Finding that module by the import in ofetch's portable entry fails the build when
 * ofetch's layout changes, so an upgrade cannot bring undici back silently.
 */
export const ofetchCore = {
	name: 'ofetch-core',
	setup(build) {
		build.onResolve({filter: /^ofetch$/}, async (args) => {
			const entry = createRequire(args.importer || import.meta.url).resolve('ofetch/package.json');
			const portable = path.join(path.dirname(entry), 'dist', 'index.mjs');
			const contents = await readFile(portable, 'utf8');
			const core =
				/^import \{ c as createFetch \} from '(\.\/shared\/ofetch\.[\w-]+\.mjs)';$/m.exec(
					contents,
				)?.[1];
			if (core === undefined) {
				throw new Error(
					"ofetch's dist/index.mjs changed; review ofetchCore in scripts/esbuild-plugins.mjs",
				);
			}

			return {path: path.join(path.dirname(portable), core), namespace: 'ofetch-core'};
		});
		build.onLoad({filter: /.*/, namespace: 'ofetch-core'}, (args) => ({
			contents: `export {c as createFetch, F as FetchError, a as createFetchError} from ${JSON.stringify(args.path)};`,
			loader: 'js',
			resolveDir: path.dirname(args.path),
		}));
	},
};

/**
 * string-width builds an `Intl.Segmenter` and its RGI-emoji regular expression (`/…/v`, which
 * esbuild turns into `new RegExp(…)` for node20) when it is imported: ~90 ms and ~120 ms on a
 * loaded 2-core machine, paid by every process that imports it even when, as mostly, the fast path
 * in source/text-width.ts measures every text without it. These edits build both on first use.
 * An edit that no longer matches fails the build.
 */
const stringWidthEdits = [
	[
		'const segmenter = new Intl.Segmenter();',
		'let segmenterInstance;\nconst segmenter = {segment: (text) => (segmenterInstance ??= new Intl.Segmenter()).segment(text)};',
	],
	[
		'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
		'let rgiEmojiRegexInstance;\nconst rgiEmojiRegex = {test: (text) => (rgiEmojiRegexInstance ??= /^\\p{RGI_Emoji}$/v).test(text)};',
	],
];

export const lazyStringWidth = editingPlugin(
	'lazy-string-width',
	/[\\/]string-width[\\/]index\.js$/,
	stringWidthEdits,
	"string-width's index.js",
);

/**
 * ink 6.8 turns every line of every frame into styled characters (`tokenize`, the most expensive
 * step of a frame) and measures each character, in caches that live for one frame only: a new
 * `Output` per frame, a new `OutputCaches` per `Output`. A key press that moves the selection
 * changes two rows; the other lines of the frame are the same strings as in the frame before. These
 * edits keep one set of caches across frames, each bounded (the styled lines least recently used
 * first, the others cleared when full), so an unchanged line is tokenized once. The cached
 * character arrays are only read, never changed, by `Output` (and source/ink-output.ts). An edit
 * that no longer matches fails the build.
 */
const inkOutputEdits = [
	['caches = new OutputCaches();', 'caches = sharedOutputCaches;'],
	[
		'export default class Output {',
		'const sharedOutputCaches = new OutputCaches();\nexport default class Output {',
	],
	// The styled lines are kept least recently used first (a hit moves a line to the end), so the
	// lines of every frame (the list's rows) stay while the lines of records passed by (the
	// detail pane's) give way.
	[
		'            this.styledChars.set(line, cached);\n        }\n        return cached;',
		'            if (this.styledChars.size >= 256) this.styledChars.delete(this.styledChars.keys().next().value);\n        }\n        else {\n            this.styledChars.delete(line);\n        }\n        this.styledChars.set(line, cached);\n        return cached;',
	],
	// Plain one-column lines are styled without grapheme segmentation (source/ink-output.ts).
	[
		'cached = styledCharsFromTokens(tokenize(line));',
		'cached = plainStyledChars(line) ?? styledCharsFromTokens(tokenize(line));',
	],
	[
		'this.widths.set(text, cached);',
		'if (this.widths.size >= 4096) this.widths.clear();\n            this.widths.set(text, cached);',
	],
	[
		'this.blockWidths.set(text, cached);',
		'if (this.blockWidths.size >= 1024) this.blockWidths.clear();\n            this.blockWidths.set(text, cached);',
	],
];

/**
 * ink 6.8's `Output.get` (the last step of every frame) replaced by source/ink-output.ts, which
 * gives the same frame with less work (see there; test/ink-output.test.ts compares the two). The
 * whole method is replaced, so it is checked by its SHA-256: any change to it in an ink upgrade
 * fails the build until ink-output.ts has been reviewed against it.
 */
const inkOutputGet = {
	start: '    get() {\n',
	end: '\n}\n//# sourceMappingURL=output.js.map',
	sha256: '27abe5b4354d8a7bbcdb23e823546fc5925258dedc7c91891b8ff9bff0f42c3d',
	imports: [
		"import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';",
		`import { styledCharsFromTokens, styledCharsToString, tokenize, diffAnsiCodes, ansiCodesToString, } from '@alcalzone/ansi-tokenize';\nimport { createFrameRenderer, plainStyledChars } from ${JSON.stringify(inkOutputModule)};\nconst renderFrame = createFrameRenderer({ sliceAnsi, diffAnsiCodes, ansiCodesToString });`,
	],
	method:
		'    get() {\n        return renderFrame(this.operations, { width: this.width, height: this.height }, this.caches);\n    }',
};

function replaceOutputGet(contents) {
	const start = contents.indexOf(inkOutputGet.start);
	const end = contents.lastIndexOf(inkOutputGet.end);
	const method = start >= 0 && end > start ? contents.slice(start, end) : '';
	if (createHash('sha256').update(method).digest('hex') !== inkOutputGet.sha256) {
		throw new Error(
			"ink's Output.get changed; review source/ink-output.ts against it, then its hash in scripts/esbuild-plugins.mjs",
		);
	}

	return applyEdits(
		`${contents.slice(0, start)}${inkOutputGet.method}${contents.slice(end)}`,
		[inkOutputGet.imports],
		"ink's output.js",
	);
}

export const sharedInkOutputCaches = {
	name: 'shared-ink-output-caches',
	setup(build) {
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]output\.js$/}, async (args) => {
			const contents = await readFile(args.path, 'utf8');
			return {
				contents: replaceOutputGet(applyEdits(contents, inkOutputEdits, "ink's output.js")),
				loader: 'js',
			};
		});
	},
};

/** Every plugin the command's bundle uses, in order; the benchmark's probes use the same. */
export const commandPlugins = [
	fastTextWidth,
	sharedStyledChars,
	boundedInkCaches,
	yogaWithoutFetch,
	ofetchCore,
	lazyStringWidth,
	sharedInkOutputCaches,
];
