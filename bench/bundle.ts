/**
 * Bundles the probes the way scripts/build.mjs bundles the command (esbuild, production React,
 * code splitting), so they run the shipped code paths on plain `node`: no tsx loader inflating
 * start-up time or memory, no development build of React slowing renders.
 */
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {boundedInkCaches, fastTextWidth} from '../scripts/esbuild-plugins.mjs';

/** The bundled scripts, by name: three probes and the start-up timeline preload. */
export type ProbeName = 'interaction' | 'memory' | 'export' | 'startup-timeline';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where bundled probes and other scratch files go (ignored by git). */
export const scratchDirectory = path.join(root, '.bench-tmp');

/** Bundles every probe into .bench-tmp/probes and returns the path of each entry script. */
export async function bundleProbes(): Promise<Record<ProbeName, string>> {
	const outdir = path.join(scratchDirectory, 'probes');
	await rm(outdir, {recursive: true, force: true});
	await build({
		entryPoints: {
			interaction: path.join(root, 'bench', 'probes', 'interaction.ts'),
			memory: path.join(root, 'bench', 'probes', 'memory.ts'),
			export: path.join(root, 'bench', 'probes', 'export.ts'),
			'startup-timeline': path.join(root, 'bench', 'startup-timeline.ts'),
		},
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
		plugins: [fastTextWidth, boundedInkCaches],
		banner: {
			js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
		},
		logLevel: 'warning',
	});
	return {
		interaction: path.join(outdir, 'interaction.mjs'),
		memory: path.join(outdir, 'memory.mjs'),
		export: path.join(outdir, 'export.mjs'),
		'startup-timeline': path.join(outdir, 'startup-timeline.mjs'),
	};
}
