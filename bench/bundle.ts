/**
 * Bundles the probes the way scripts/build.mjs bundles the command (esbuild, production React,
 * code splitting), so they run the shipped code paths on plain `node`: no tsx loader inflating
 * start-up time or memory, no development build of React slowing renders.
 */
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {commandPlugins} from '../scripts/esbuild-plugins.mjs';

/**
 * The bundled scripts, by name: two probes, two preloads (start-up timeline, first request) and
 * the reference programs the command is compared with.
 */
export type ProbeName =
	| 'interaction'
	| 'memory'
	| 'startup-timeline'
	| 'first-request'
	| 'ink-hello'
	| 'http-floor'
	| 'sequential-export';

/**
 * The preloads, bundled as CommonJS and run with `node --require`: a preload given with
 * `--import` starts Node's ESM loader before the program, which a CommonJS program (the command's
 * `--json`) does not otherwise pay (~4 ms); an ESM program pays it either way.
 */
const preloads: Partial<Record<ProbeName, string>> = {
	'startup-timeline': 'startup-timeline.ts',
	'first-request': 'first-request.ts',
};

const entries: Partial<Record<ProbeName, string>> = {
	interaction: 'probes/interaction.ts',
	memory: 'probes/memory.ts',
	'ink-hello': 'reference/ink-hello.tsx',
	'http-floor': 'reference/http-floor.ts',
	'sequential-export': 'reference/sequential-export.ts',
};

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where bundled probes and other scratch files go (ignored by git). */
export const scratchDirectory = path.join(root, '.bench-tmp');

/** Bundles every probe into .bench-tmp/probes and returns the path of each entry script. */
export async function bundleProbes(): Promise<Record<ProbeName, string>> {
	const outdir = path.join(scratchDirectory, 'probes');
	await rm(outdir, {recursive: true, force: true});
	await build({
		entryPoints: Object.fromEntries(
			Object.entries(entries).map(([name, file]) => [name, path.join(root, 'bench', file)]),
		),
		absWorkingDir: root,
		bundle: true,
		splitting: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outdir,
		outExtension: {'.js': '.mjs'},
		chunkNames: 'chunks/[name]-[hash]',
		external: ['react-devtools-core'],
		jsx: 'automatic',
		define: {'process.env.NODE_ENV': '"production"'},
		plugins: commandPlugins,
		banner: {
			js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
		},
		logLevel: 'warning',
	});
	await build({
		entryPoints: Object.fromEntries(
			Object.entries(preloads).map(([name, file]) => [name, path.join(root, 'bench', file)]),
		),
		absWorkingDir: root,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		outdir,
		outExtension: {'.js': '.cjs'},
		logLevel: 'warning',
	});
	return Object.fromEntries([
		...Object.keys(entries).map((name) => [name, path.join(outdir, `${name}.mjs`)]),
		...Object.keys(preloads).map((name) => [name, path.join(outdir, `${name}.cjs`)]),
	]) as Record<ProbeName, string>;
}
