// Bundles the command with esbuild so that each way of starting it loads a few large files rather
// than many small ones (Node's ESM loader pays per module: resolve, read, compile, link):
// - dist/cli.js (source/cli.tsx), the entry: one self-contained file, all `--version` loads. It
//   reaches main.js by a dynamic import of './main.js', kept as is.
// - dist/main.js (source/main.tsx): one file with everything main.tsx reaches (flags, settings,
//   the API client, the export, the interactive start up to its first request), the modules it
//   imports dynamically included, except the stages. `--help` and `--json` load cli.js and main.js.
// - dist/stages/NAME.js, one file per stage (see `stages`): what loads later, when needed, behind
//   one dynamic import. A module that main.js holds is not bundled again: a stage imports it from
//   main.js (see `bundleParts`), so each module has one instance; the build fails if a module
//   ends up in two files.
// esbuild's code splitting would instead cut main.js into a chunk per set of dynamic imports that
// reach a module (it does not know that a stage only loads after main.js): ~20 modules before the
// export's first request, ~40 before the interactive start's first frame.
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {commandPlugins} from './esbuild-plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist');
const shebang = '#!/usr/bin/env node';
// Bundled CommonJS dependencies call `require` for Node built-ins.
const requireBanner = `import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);`;
const shared = {
	absWorkingDir: root,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	outdir,
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	define: {
		'process.env.NODE_ENV': '"production"',
	},
	external: ['react-devtools-core'],
	metafile: true,
	logLevel: 'warning',
};

/**
 * The stages, by name (dist/stages/NAME.js): modules that the code imports only dynamically and
 * that load after main.js, when needed. A file by its path from the root, a package by its name.
 */
export const stages = {
	// Ink, React and the app: once the interactive start has asked for its first page.
	'ui-stage': 'source/ui-stage.tsx',
	// --demo's embedded server.
	'demo-server': 'source/demo/server.ts',
	// conf (config/profiles.ts) writes profiles; open (open-url.ts) opens the web app.
	conf: 'conf',
	open: 'open',
	// Ink's React devtools hook, with DEV=true only.
	devtools: 'node_modules/ink/build/devtools.js',
};

/** The file of each stage, by its absolute path. */
function stageFiles() {
	return new Map(
		Object.entries(stages).map(([name, module]) => [
			module.includes('/') ? path.join(root, module) : fileURLToPath(import.meta.resolve(module)),
			name,
		]),
	);
}

/**
 * Splits the code into main.js and the stages, in every build. A dynamic import of a stage stays
 * a dynamic import, of its file (a static one would load the stage with its importer: that fails
 * the build); a stage's import of a module that main.js holds (`inMain`) is noted in `imported`
 * and, given `hosted` (the export names of each), becomes a facade that re-exports the module's
 * exports from main.js (`export {__hosted3_a as a} from '../main.js'`).
 */
export function bundleParts({fromMain, stageByFile, reached, inMain, imported, hosted}) {
	return {
		name: 'bundle-parts',
		setup(pluginBuild) {
			pluginBuild.onResolve({filter: /^main-bundle$/}, () => ({
				path: '../main.js',
				external: true,
			}));
			pluginBuild.onResolve({filter: /.*/}, async (args) => {
				if (args.pluginData?.isPartsCheck || args.kind === 'entry-point') return undefined;
				const result = await pluginBuild.resolve(args.path, {
					kind: args.kind,
					importer: args.importer,
					resolveDir: args.resolveDir,
					pluginData: {isPartsCheck: true},
				});
				// Left to esbuild, which reports it (or keeps a `require` in a try block as it is).
				if (result.errors.length > 0) return undefined;
				const stage = stageByFile.get(result.path);
				if (stage !== undefined) {
					if (args.kind !== 'dynamic-import') {
						return {
							errors: [
								{
									text: `${path.relative(root, args.importer)} imports the stage "${stage}" statically, so it would load with its importer; import it dynamically (scripts/build.mjs)`,
								},
							],
						};
					}

					reached.add(stage);
					return {path: `${fromMain ? './stages/' : './'}${stage}.js`, external: true};
				}

				if (inMain === undefined || !inMain.has(result.path)) return result;
				imported?.add(result.path);
				return hosted === undefined
					? {path: result.path, external: true}
					: {path: result.path, namespace: 'hosted'};
			});
			pluginBuild.onLoad({filter: /.*/, namespace: 'hosted'}, (args) => {
				const module = hosted?.get(args.path);
				if (module === undefined) throw new Error(`main.js does not export ${args.path}`);
				const names = module.exports.map((name) => `${hostedName(module.index, name)} as ${name}`);
				return {contents: `export {${names.join(', ')}} from 'main-bundle';`, loader: 'js'};
			});
		},
	};
}

/** The name main.js gives the export `name` of the module numbered `index`. */
const hostedName = (index, name) => `__hosted${index}_${name}`;

/** main.js's entry: main.tsx, and the exports of the modules in `hosted` under their names. */
function mainEntry(hosted) {
	const lines = [`export * from ${JSON.stringify(path.join(root, 'source/main.tsx'))};`];
	for (const [file, {index, exports}] of hosted) {
		const names = exports.map((name) => `${name} as ${hostedName(index, name)}`);
		lines.push(`export {${names.join(', ')}} from ${JSON.stringify(file)};`);
	}

	return {
		name: 'main-entry',
		setup(pluginBuild) {
			pluginBuild.onResolve({filter: /^main-entry$/}, () => ({
				path: 'main-entry',
				namespace: 'main-entry',
			}));
			pluginBuild.onLoad({filter: /.*/, namespace: 'main-entry'}, () => ({
				contents: lines.join('\n'),
				loader: 'js',
				resolveDir: root,
			}));
		},
	};
}

/** The absolute paths of the files bundled into a build's outputs (not main.js's facades). */
function inputsOf(metafile) {
	return new Set(
		Object.values(metafile.outputs).flatMap((output) =>
			Object.keys(output.inputs)
				.filter((file) => !file.startsWith('hosted:'))
				.map((file) => path.resolve(root, file)),
		),
	);
}

/**
 * Builds dist/ (three passes that write nothing first tell main.js's exports) and gives the
 * metafiles; with `write: false` it writes nothing at all (the tests).
 */
export async function buildCommand({write = true} = {}) {
	const stageByFile = stageFiles();
	const reached = new Set();
	const parts = (options) => [bundleParts({stageByFile, reached, ...options}), ...commandPlugins];
	const mainOptions = {...shared, banner: {js: `${shebang}\n${requireBanner}`}};
	const stageOptions = (name, file) => ({
		...shared,
		entryPoints: {[name]: file},
		outdir: path.join(outdir, 'stages'),
		banner: {js: requireBanner},
	});
	const eachStage = (options) =>
		Promise.all(
			[...stageByFile].map(([file, name]) =>
				build({...stageOptions(name, file), write: false, plugins: parts(options)}),
			),
		);

	// 1. What main.js holds.
	const mainPass = await build({
		...mainOptions,
		entryPoints: {main: 'source/main.tsx'},
		write: false,
		plugins: parts({fromMain: true}),
	});
	const inMain = inputsOf(mainPass.metafile);
	// 2. Which of those modules the stages import; 3. the export names of each.
	const imported = new Set();
	await eachStage({inMain, imported});
	const exportsPass = await build({
		...shared,
		entryPoints: [...imported],
		outdir: path.join(outdir, 'exports-pass'),
		write: false,
		plugins: parts({fromMain: true}),
	});
	const hosted = new Map();
	for (const output of Object.values(exportsPass.metafile.outputs)) {
		if (output.entryPoint === undefined) continue;
		hosted.set(path.resolve(root, output.entryPoint), {
			index: hosted.size,
			exports: output.exports,
		});
	}

	if (write) await rm(outdir, {recursive: true, force: true});
	reached.clear();
	const main = await build({
		...mainOptions,
		write,
		entryPoints: {main: 'main-entry'},
		plugins: [mainEntry(hosted), ...parts({fromMain: true})],
	});
	const stageBuilds = await Promise.all(
		[...stageByFile].map(([file, name]) =>
			build({...stageOptions(name, file), write, plugins: parts({inMain, hosted})}),
		),
	);
	const unreached = Object.keys(stages).filter((name) => !reached.has(name));
	if (unreached.length > 0) {
		throw new Error(
			`nothing imports the stages ${unreached.join(', ')}; review stages in scripts/build.mjs`,
		);
	}

	checkOneInstance([main, ...stageBuilds]);
	const cli = await build({
		...shared,
		entryPoints: {cli: 'source/cli.tsx'},
		write,
		banner: {js: shebang},
		plugins: [mainAsExternal],
	});
	return {
		main: main.metafile,
		stages: Object.fromEntries(
			[...stageByFile.values()].map((name, index) => [name, stageBuilds[index].metafile]),
		),
		cli: cli.metafile,
	};
}

/** Fails when a module is bundled into two of the files: it would run twice, with two states. */
export function checkOneInstance(builds) {
	const seen = new Set();
	const twice = new Set();
	for (const {metafile} of builds) {
		for (const file of inputsOf(metafile)) {
			if (seen.has(file)) twice.add(path.relative(root, file));
			seen.add(file);
		}
	}

	if (twice.size > 0) {
		throw new Error(`bundled into more than one file of dist/: ${[...twice].join(', ')}`);
	}
}

/** Leaves the entry's `import('./main.js')` to Node: main.js is the other part of the build. */
const mainAsExternal = {
	name: 'main-as-external',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: /^\.\/main\.js$/}, () => ({path: './main.js', external: true}));
	},
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCommand();
