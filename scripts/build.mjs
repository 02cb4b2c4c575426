// Bundles the command with esbuild, in two parts, so the installed command starts fast:
// - dist/main.js (source/main.tsx) and its chunks: code splitting keeps rarely used parts, such as
//   the demo server, Ink and its devtools hook, in lazy chunks;
// - dist/cli.js (source/cli.tsx), the entry: one self-contained file that imports no chunk. With
//   code splitting esbuild would make every entry import its shared runtime chunk (and put
//   package.json, which main.js needs too, in a shared chunk): more modules to load before
//   `--version` prints. The entry reaches main.js by a dynamic import of './main.js', kept as is.
import {rm} from 'node:fs/promises';
import {build} from 'esbuild';
import {commandPlugins} from './esbuild-plugins.mjs';

const shebang = '#!/usr/bin/env node';
const shared = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	outdir: 'dist',
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	define: {
		'process.env.NODE_ENV': '"production"',
	},
	logLevel: 'warning',
};

/** Leaves the entry's `import('./main.js')` to Node: main.js is the other part of the build. */
const mainAsExternal = {
	name: 'main-as-external',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: /^\.\/main\.js$/}, () => ({path: './main.js', external: true}));
	},
};

await rm(new URL('../dist', import.meta.url), {recursive: true, force: true});
await build({
	...shared,
	entryPoints: {main: 'source/main.tsx'},
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	external: ['react-devtools-core'],
	banner: {
		// Bundled CommonJS dependencies call `require` for Node built-ins.
		js: `${shebang}\nimport {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);`,
	},
	plugins: commandPlugins,
});
await build({
	...shared,
	entryPoints: {cli: 'source/cli.tsx'},
	banner: {js: shebang},
	plugins: [mainAsExternal],
});
