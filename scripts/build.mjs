// Bundles the command with esbuild so that each way of starting it loads a few large files rather
// than many small ones (Node's ESM loader pays per module: resolve, read, compile, link):
// - dist/cli.js (source/cli.tsx), the entry: one self-contained file, all `--version` loads. It
//   reaches main.js by `require('./main.js')` (its dynamic import, made a require), only when needed.
// - dist/main.js (source/main.tsx): one file with everything main.tsx reaches (flags, settings,
//   the API client, the export, the subcommands), the modules it imports dynamically included,
//   except the stages. `--help` and `--json` load cli.js and main.js and nothing else.
//   Both are CommonJS (dist/package.json): a start that loads no stage never starts Node's ESM
//   loader (~4 ms, most of what an ESM entry costs before its first line runs).
// - dist/stages/NAME.js, one file per stage (see `stages`): what loads later, when needed, behind
//   one dynamic import: the interactive code before Ink (before the first request), then Ink and
//   the app (after it), the demo server, conf, open. A module that main.js holds is not bundled
//   again: a stage imports it from main.js (see `bundleParts`), and the UI stage imports the
//   interactive stage's modules from there (`loadsAfter`), so each module has one instance; the
//   build fails if a module ends up in two files.
// esbuild's code splitting would instead cut main.js into a chunk per set of dynamic imports that
// reach a module (it does not know that a stage only loads after main.js): ~20 modules before the
// export's first request, ~40 before the interactive start's first frame.
import {rm, writeFile} from 'node:fs/promises';
import {isBuiltin} from 'node:module';
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
	// The interactive start's code before Ink: loads while the settings are read.
	interactive: 'source/interactive.ts',
	// Ink, React and the app: once the interactive start has asked for its first page.
	'ui-stage': 'source/ui-stage.tsx',
	// --demo's embedded server.
	'demo-server': 'source/demo/server.ts',
	// The subcommands: viktor-tui profile …, viktor-tui keys ….
	commands: 'source/commands/index.ts',
	// conf (config/profiles.ts) writes profiles; open (open-url.ts) opens the web app.
	conf: 'conf',
	open: 'open',
	// Ink's React devtools hook, with DEV=true only.
	devtools: 'node_modules/ink/build/devtools.js',
};

/**
 * Stages that only ever load after another stage (start.tsx loads the UI after the interactive
 * code): such a stage takes the modules the other holds from it, as every stage does from main.js.
 */
export const loadsAfter = {'ui-stage': 'interactive'};

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
 * the build). An import of a module that a file loaded before holds (`hosts`: the file's path
 * from the stage, by module) is noted in `imported` and, given `hosted` (the export names of
 * each), becomes a facade that re-exports the module from there
 * (`export {__hosted3_a as a} from '../main.js'`).
 */
export function bundleParts({fromMain, stageByFile, reached, hosts, imported, hosted}) {
	return {
		name: 'bundle-parts',
		setup(pluginBuild) {
			pluginBuild.onResolve({filter: /^viktor-host:/}, (args) => ({
				path: args.path.slice('viktor-host:'.length),
				external: true,
			}));
			pluginBuild.onResolve({filter: /.*/}, async (args) => {
				// The entry itself, and its own module (see hostingEntry), are bundled as they are.
				if (args.pluginData?.isPartsCheck || args.kind === 'entry-point') return undefined;
				if (args.namespace === 'hosting-entry' || isBuiltin(args.path)) return undefined;
				// A dependency's import of one of its own files (most imports, ~2 s of plugin calls
				// in the UI stage) is left to esbuild unless that file is a stage or held elsewhere.
				if (isFileOfSamePackage(args)) {
					const file = path.resolve(args.resolveDir, args.path);
					if (!stageByFile.has(file) && hosts?.has(file) !== true) return undefined;
				}

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

				// Anything else: esbuild resolves it again itself, as without this plugin (a path given
				// back from here would lose its package's module type, and with it Node's interop for
				// CommonJS dependencies).
				if (hosts === undefined || !hosts.has(result.path)) return undefined;
				imported?.add(result.path);
				return hosted === undefined
					? {path: result.path, external: true}
					: {path: result.path, namespace: 'hosted'};
			});
			pluginBuild.onLoad({filter: /.*/, namespace: 'hosted'}, (args) => {
				const module = hosted?.get(args.path);
				if (module === undefined) throw new Error(`no file exports ${args.path}`);
				const host = hosts.get(args.path);
				const from = JSON.stringify(`viktor-host:${host}`);
				const local = (name) => hostedName(module.index, name);
				const names = module.exports.map((name) => `${local(name)} as ${name}`);
				if (host !== '../main.js') {
					return {contents: `export {${names.join(', ')}} from ${from};`, loader: 'js'};
				}

				// main.js is CommonJS: taken with `require` (the one instance loaded), not imported, which
				// would have Node's ESM loader read and scan all of main.js for its export names, ~15 ms.
				const values = module.exports.map((name) => `${local(name)} = host.${local(name)}`);
				const contents = [
					`const host = require(${from});`,
					`const ${values.join(', ')};`,
					`export {${names.join(', ')}};`,
				].join('\n');
				return {contents, loader: 'js'};
			});
		},
	};
}

/** An import, with its extension, of a file relative to a dependency's own file. */
const isFileOfSamePackage = (args) =>
	/^\.\.?\//.test(args.path) &&
	path.extname(args.path) !== '' &&
	args.importer.split(path.sep).includes('node_modules');

/** The name a file gives the export `name` of the module numbered `index` it holds for others. */
const hostedName = (index, name) => `__hosted${index}_${name}`;

/**
 * The entry of main.js or a stage (`hosting-entry`): the module `file`, and the exports of the
 * modules of `hosted` it holds for the stages loaded after it, under their hosted names.
 */
function hostingEntry(file, hosted) {
	const lines = [`export * from ${JSON.stringify(file)};`];
	for (const [module, {index, exports}] of hosted) {
		const names = exports.map((name) => `${name} as ${hostedName(index, name)}`);
		lines.push(`export {${names.join(', ')}} from ${JSON.stringify(module)};`);
	}

	return {
		name: 'hosting-entry',
		setup(pluginBuild) {
			pluginBuild.onResolve({filter: /^hosting-entry$/}, () => ({
				path: 'hosting-entry',
				namespace: 'hosting-entry',
			}));
			pluginBuild.onLoad({filter: /.*/, namespace: 'hosting-entry'}, () => ({
				contents: lines.join('\n'),
				loader: 'js',
				resolveDir: root,
			}));
		},
	};
}

/** The absolute paths of `files` (a metafile's), without the facades and the entries. */
const modulesOf = (files) =>
	new Set(
		files
			.filter((file) => !/^(hosted|hosting-entry):/.test(file))
			.map((file) => path.resolve(root, file)),
	);

/** The modules bundled into a build's outputs. */
const inputsOf = (metafile) =>
	modulesOf(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs)));

/**
 * Every module a build reached, also those of which no code was kept (tree shaking): the real
 * build keeps whatever the stages loaded later import from it.
 */
const graphOf = (metafile) => modulesOf(Object.keys(metafile.inputs));

/** `modules` (absolute paths), each held by the file at `from`. */
const heldBy = (modules, from) => new Map([...modules].map((module) => [module, from]));

/**
 * Builds dist/ (passes that write nothing first tell what each file holds and exports for the
 * others) and gives the metafiles; with `write: false` it writes nothing at all (the tests).
 */
export async function buildCommand({write = true} = {}) {
	const stageByFile = stageFiles();
	const fileOf = new Map([...stageByFile].map(([file, name]) => [name, file]));
	const reached = new Set();
	const parts = (options) => [bundleParts({stageByFile, reached, ...options}), ...commandPlugins];
	// CommonJS (dist/package.json says so): `--json`, `--help` and the subcommands never start
	// Node's ESM loader, ~4 ms of a run (a stage, ESM, starts it when it loads).
	const mainOptions = {...shared, format: 'cjs'};
	const stageOptions = (name, entry) => ({
		...shared,
		entryPoints: {[name]: entry},
		outdir: path.join(outdir, 'stages'),
		banner: {js: requireBanner},
	});
	const hostStages = [...new Set(Object.values(loadsAfter))];
	const otherStages = Object.keys(stages).filter((name) => !hostStages.includes(name));

	// 1. What main.js holds, then what each stage that others load after holds.
	const mainPass = await build({
		...mainOptions,
		entryPoints: {main: 'source/main.tsx'},
		write: false,
		plugins: parts({fromMain: true}),
	});
	const mainHosts = heldBy(graphOf(mainPass.metafile), '../main.js');
	const imported = new Set();
	const stagePass = (name, hosts) =>
		build({
			...stageOptions(name, fileOf.get(name)),
			write: false,
			plugins: parts({hosts, imported}),
		});
	const held = new Map();
	for (const name of hostStages) {
		held.set(name, graphOf((await stagePass(name, mainHosts)).metafile));
	}

	const hostsOf = (name) =>
		loadsAfter[name] === undefined
			? mainHosts
			: new Map([...mainHosts, ...heldBy(held.get(loadsAfter[name]), `./${loadsAfter[name]}.js`)]);
	// 2. Which held modules the others import; 3. the export names of each.
	await Promise.all(otherStages.map((name) => stagePass(name, hostsOf(name))));
	const exportsPass = await build({
		...shared,
		entryPoints: [...imported].sort(),
		outdir: path.join(outdir, 'exports-pass'),
		write: false,
		plugins: parts({fromMain: true}),
	});
	// In the order of their paths, not of the passes' (parallel) resolving: the same code gives the
	// same files, in which main.js runs the modules it holds for others in the same order.
	const hosted = new Map();
	const exported = Object.values(exportsPass.metafile.outputs)
		.filter((output) => output.entryPoint !== undefined)
		.map((output) => [path.resolve(root, output.entryPoint), output.exports])
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	for (const [module, exports] of exported) hosted.set(module, {index: hosted.size, exports});

	const hostedIn = (modules) => new Map([...hosted].filter(([module]) => modules.has(module)));
	if (write) await rm(outdir, {recursive: true, force: true});
	reached.clear();
	const [main, ...stageBuilds] = await Promise.all([
		build({
			...mainOptions,
			write,
			entryPoints: {main: 'hosting-entry'},
			plugins: [
				hostingEntry(path.join(root, 'source/main.tsx'), hostedIn(mainHosts)),
				...parts({fromMain: true}),
			],
		}),
		...Object.keys(stages).map((name) =>
			hostStages.includes(name)
				? build({
						...stageOptions(name, 'hosting-entry'),
						write,
						plugins: [
							hostingEntry(fileOf.get(name), hostedIn(held.get(name))),
							...parts({hosts: mainHosts, hosted}),
						],
					})
				: build({
						...stageOptions(name, fileOf.get(name)),
						write,
						plugins: parts({hosts: hostsOf(name), hosted}),
					}),
		),
	]);
	const unreached = Object.keys(stages).filter((name) => !reached.has(name));
	if (unreached.length > 0) {
		throw new Error(
			`nothing imports the stages ${unreached.join(', ')}; review stages in scripts/build.mjs`,
		);
	}

	checkOneInstance([main, ...stageBuilds]);
	const cli = await build({
		...shared,
		format: 'cjs',
		// The entry's `import('./main.js')` becomes a `require`: no ESM loader (see mainOptions).
		supported: {'dynamic-import': false},
		entryPoints: {cli: 'source/cli.tsx'},
		write,
		banner: {js: shebang},
		plugins: [mainAsExternal],
	});
	if (write) await writeModuleTypes();
	return {
		main: main.metafile,
		stages: Object.fromEntries(
			Object.keys(stages).map((name, index) => [name, stageBuilds[index].metafile]),
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

/**
 * Tells Node the module type of dist/'s files (the package is ESM): cli.js and main.js are
 * CommonJS, the stages ESM (Ink's layout engine awaits its WebAssembly at the top level). A stage
 * imports main.js's exports by name through Node's CommonJS interop (esbuild annotates them), from
 * the one instance `require` loaded.
 */
async function writeModuleTypes() {
	const typeFile = (type) => `${JSON.stringify({type}, undefined, '\t')}\n`;
	await writeFile(path.join(outdir, 'package.json'), typeFile('commonjs'));
	await writeFile(path.join(outdir, 'stages', 'package.json'), typeFile('module'));
}

/** Leaves the entry's `import('./main.js')` to Node: main.js is the other part of the build. */
const mainAsExternal = {
	name: 'main-as-external',
	setup(pluginBuild) {
		pluginBuild.onResolve({filter: /^\.\/main\.js$/}, () => ({path: './main.js', external: true}));
	},
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCommand();
