// Bundles source/cli.tsx with esbuild (code splitting keeps rarely used parts, such as the demo
// server and ink's devtools hook, in lazy chunks) so the installed command starts fast.
import {rm} from 'node:fs/promises';
import {build} from 'esbuild';
import {commandPlugins} from './esbuild-plugins.mjs';

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
	plugins: commandPlugins,
	logLevel: 'warning',
});
