// Bundles source/cli.tsx with esbuild (code splitting keeps rarely used parts, such as the demo
// server and ink's devtools hook, in lazy chunks) so the installed command starts fast.
import {rm} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const textWidthModule = fileURLToPath(new URL('../source/text-width.ts', import.meta.url));

/**
 * Points every `string-width` import of the dependencies (Ink measures every line it draws) at
 * source/text-width.ts, which answers most text without grapheme segmentation and falls back to
 * string-width itself for the rest.
 */
const fastTextWidth = {
	name: 'fast-text-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, (args) =>
			args.importer === textWidthModule ? undefined : {path: textWidthModule},
		);
	},
};

await rm(new URL('../dist', import.meta.url), {recursive: true, force: true});
await build({
	entryPoints: {cli: 'source/cli.tsx'},
	bundle: true,
	splitting: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	outdir: 'dist',
	chunkNames: 'chunks/[name]-[hash]',
	external: ['react-devtools-core'],
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	define: {
		'process.env.NODE_ENV': '"production"',
	},
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
	},
	plugins: [fastTextWidth],
	logLevel: 'warning',
});
