/**
 * The bundle's shape (scripts/build.mjs): which files each way of starting the command loads, that
 * every module is bundled once, and that the build's redirects of Ink's dependencies still apply.
 * The first parts read the built dist/ (npm test builds it first), the last builds in memory.
 */
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {build} from 'esbuild';
import {buildCommand, bundleParts, checkOneInstance, stages} from '../../scripts/build.mjs';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {browseDemoAndQuit, cliPath, hasTmux, shellQuote, TmuxSession} from '../e2e/tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist');
const logLoads = fileURLToPath(new URL('log-loads.mjs', import.meta.url));

let work: string;
beforeAll(() => {
	if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-bundle-'));
});

afterAll(() => {
	fs.rmSync(work, {recursive: true, force: true});
});

let runs = 0;
/**
 * Runs the built command with `argv` and gives its exit code and the dist/ files it loaded (not
 * blocking: the demo server of these tests answers from this process).
 */
async function loadedBy(argv: string[], env: Record<string, string> = {}) {
	const log = path.join(work, `loads-${++runs}.txt`);
	const {code, stderr} = await new Promise<{code: number | null; stderr: string}>((resolve) => {
		const child = execFile(
			process.execPath,
			['--import', logLoads, cliPath, ...argv],
			{
				encoding: 'utf8',
				env: {
					PATH: process.env.PATH,
					XDG_CONFIG_HOME: path.join(work, 'config'),
					LOAD_LOG: log,
					...env,
				},
				timeout: 30_000,
			},
			(_error, _stdout, stderr) => resolve({code: child.exitCode, stderr}),
		);
	});
	return {code, stderr, loaded: filesIn(log)};
}

/** The dist/ files named in a LOAD_LOG, relative to dist/, in the order they first loaded. */
function filesIn(log: string): string[] {
	const files = fs
		.readFileSync(log, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((url) => path.relative(dist, fileURLToPath(url)));
	return [...new Set(files)];
}

describe('what each start path loads (built dist/)', () => {
	let server: DemoServer;
	beforeAll(async () => {
		server = await startDemoServer({count: 30});
	});

	afterAll(async () => {
		await server.close();
	});

	it('--version: cli.js alone', async () => {
		expect(await loadedBy(['--version'])).toEqual({code: 0, stderr: '', loaded: ['cli.js']});
	});

	it('--help: cli.js and main.js', async () => {
		expect(await loadedBy(['--help'])).toEqual({
			code: 0,
			stderr: '',
			loaded: ['cli.js', 'main.js'],
		});
	});

	it('--json: cli.js and main.js, the export included', async () => {
		const run = await loadedBy(['--json', '--base-url', server.baseUrl], {
			VIKTOR_TOKEN: server.token,
		});
		expect(run).toEqual({code: 0, stderr: '', loaded: ['cli.js', 'main.js']});
	});

	it('--demo --json: the demo server as one more file', async () => {
		expect(await loadedBy(['--demo', '--json', '--max', '1'])).toEqual({
			code: 0,
			stderr: '',
			loaded: ['cli.js', 'main.js', 'stages/demo-server.js'],
		});
	});

	it("--version, --help and --json never start Node's ESM loader; a stage does", async () => {
		const probe = fileURLToPath(new URL('esm-loader-probe.cjs', import.meta.url));
		const startsEsmLoader = async (argv: string[], env: Record<string, string> = {}) => {
			const file = path.join(work, `esm-${++runs}.txt`);
			await new Promise<void>((resolve) => {
				execFile(
					process.execPath,
					['--require', probe, cliPath, ...argv],
					{
						env: {
							PATH: process.env.PATH,
							XDG_CONFIG_HOME: path.join(work, 'config'),
							ESM_PROBE: file,
							...env,
						},
						timeout: 30_000,
					},
					() => resolve(),
				);
			});
			return fs.readFileSync(file, 'utf8');
		};

		expect(await startsEsmLoader(['--version'])).toBe('false');
		expect(await startsEsmLoader(['--help'])).toBe('false');
		expect(
			await startsEsmLoader(['--json', '--base-url', server.baseUrl], {VIKTOR_TOKEN: server.token}),
		).toBe('false');
		// The probe can tell: the demo server is a stage, an ES module.
		expect(await startsEsmLoader(['--demo', '--json', '--max', '1'])).toBe('true');
	});

	it.skipIf(!hasTmux())(
		'--demo in a terminal: the interactive code, then the UI stage',
		async () => {
			const log = path.join(work, 'loads-tty.txt');
			const app = new TmuxSession({
				command: `node --import ${shellQuote(logLoads)} ${shellQuote(cliPath)} --demo`,
				env: {XDG_CONFIG_HOME: path.join(work, 'config'), LOAD_LOG: log},
			});
			expect(await browseDemoAndQuit(app)).toBe(0);

			// The interactive code and the demo server load side by side, in either order; the UI
			// only after them.
			const loaded = filesIn(log);
			expect(loaded.slice(0, 2)).toEqual(['cli.js', 'main.js']);
			expect(loaded.slice(2, 4).sort()).toEqual(['stages/demo-server.js', 'stages/interactive.js']);
			expect(loaded.slice(4)).toEqual(['stages/ui-stage.js']);
		},
	);
});

/**
 * The specifiers of a bundle file's static imports (and re-exports; a CommonJS file's requires)
 * and of its dynamic imports, Node's built-ins apart.
 */
function importsOf(file: string) {
	const code = fs.readFileSync(path.join(dist, file), 'utf8');
	const staticImports = [
		...code.matchAll(/^import\s*(?:[\w*{}\s,$]+from\s*)?"([^"]+)"/gm),
		...code.matchAll(/^export\s*(?:\*|\{[^}]*\})\s*from\s*"([^"]+)"/gm),
		// cli.js and main.js are CommonJS; a stage requires main.js (esbuild's `__require`), and
		// may hold `require` in strings it generates (conf's ajv).
		...(file.startsWith('stages/')
			? code.matchAll(/\b__require\("(\.[^"]+)"\)/g)
			: code.matchAll(/\brequire\("([^"]+)"\)/g)),
	].map((match) => match[1] ?? '');
	const dynamicImports = [...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map(
		(match) => match[1] ?? '',
	);
	const sorted = (specifiers: string[], isBuiltIn: boolean) =>
		[...new Set(specifiers)]
			.filter((specifier) => specifier.startsWith('node:') === isBuiltIn)
			.sort();
	return {
		static: sorted(staticImports, false),
		dynamic: sorted(dynamicImports, false),
		builtIns: sorted(staticImports, true),
		dynamicBuiltIns: sorted(dynamicImports, true),
	};
}

/** The module type Node gives the files of a directory of dist/ (its package.json). */
const moduleTypeIn = (directory: string) =>
	(
		JSON.parse(fs.readFileSync(path.join(dist, directory, 'package.json'), 'utf8')) as {
			type: string;
		}
	).type;

describe('the files of dist/ and how they import each other', () => {
	const stageNames = Object.keys(stages).sort();

	it('are cli.js, main.js and one file per stage, each directory with its module type', () => {
		expect(fs.readdirSync(dist).sort()).toEqual(['cli.js', 'main.js', 'package.json', 'stages']);
		expect(fs.readdirSync(path.join(dist, 'stages')).sort()).toEqual(
			[...stageNames.map((name) => `${name}.js`), 'package.json'].sort(),
		);
		// cli.js and main.js CommonJS (no ESM loader before a stage loads), the stages ESM.
		expect(moduleTypeIn('.')).toBe('commonjs');
		expect(moduleTypeIn('stages')).toBe('module');
	});

	it('cli.js requires main.js, main.js imports the stages only dynamically', () => {
		expect(importsOf('cli.js')).toMatchObject({static: ['./main.js'], dynamic: []});
		expect(importsOf('main.js')).toMatchObject({
			static: [],
			dynamic: [
				'./stages/commands.js',
				'./stages/conf.js',
				'./stages/demo-server.js',
				'./stages/interactive.js',
				'./stages/ui-stage.js',
			],
		});
	});

	it('main.js imports neither node:process (it builds the stdio streams) nor node:child_process', () => {
		const {builtIns, dynamicBuiltIns} = importsOf('main.js');
		expect(builtIns).toContain('node:http');
		expect(builtIns).not.toContain('node:process');
		expect(builtIns).not.toContain('node:child_process');
		// A built-in loaded later comes through process.getBuiltinModule: import() would start
		// the ESM loader that CommonJS spares.
		expect(dynamicBuiltIns).toEqual([]);
		expect(importsOf('cli.js').dynamicBuiltIns).toEqual([]);
	});

	it('a stage imports main.js (never another copy of its modules) and nothing else', () => {
		expect(importsOf('stages/interactive.js')).toMatchObject({
			static: ['../main.js'],
			dynamic: ['./open.js'],
		});
		// The UI loads after the interactive code (start.tsx) and takes its modules from there.
		expect(importsOf('stages/ui-stage.js')).toMatchObject({
			static: ['../main.js', './interactive.js'],
			dynamic: ['./devtools.js'],
		});
		expect(importsOf('stages/demo-server.js')).toMatchObject({static: ['../main.js'], dynamic: []});
		expect(importsOf('stages/commands.js')).toMatchObject({static: ['../main.js'], dynamic: []});
		for (const name of ['conf', 'open']) {
			expect(importsOf(`stages/${name}.js`)).toMatchObject({static: [], dynamic: []});
		}

		// Only with DEV=true, and its package is not installed (as before the stages).
		expect(importsOf('stages/devtools.js')).toMatchObject({
			static: ['react-devtools-core'],
			dynamic: [],
		});
	});

	it("imports CommonJS dependencies with Node's interop (their package's module type kept)", () => {
		for (const file of ['main.js', ...Object.keys(stages).map((name) => `stages/${name}.js`)]) {
			const code = fs.readFileSync(path.join(dist, file), 'utf8');
			// `__toESM(require_x(), 1)`: the default import is module.exports, as in Node.
			expect(code.match(/__toESM\(require_\w+\(\)\)/g) ?? [], file).toEqual([]);
		}

		const ui = fs.readFileSync(path.join(dist, 'stages/ui-stage.js'), 'utf8');
		expect(ui).toContain('__toESM(require_react(), 1)');
	});

	it("yoga's WebAssembly loader is edited in the UI stage (yogaWithoutFetch)", () => {
		const ui = fs.readFileSync(path.join(dist, 'stages/ui-stage.js'), 'utf8');
		expect(ui).toMatch(/w = Buffer\.from\(H\.slice\(37\), "base64"\)/);
	});
});

describe('the build (in memory)', () => {
	let meta: Awaited<ReturnType<typeof buildCommand>>;
	beforeAll(async () => {
		meta = await buildCommand({write: false});
	}, 120_000);

	const inputsOf = (name: string) => {
		const metafile = name === 'main' ? meta.main : meta.stages[name];
		return Object.keys(metafile?.inputs ?? {});
	};

	it('keeps Ink, React and yoga out of what loads before the first request', () => {
		const isUi = (file: string) =>
			/node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(file);
		expect(inputsOf('main').filter(isUi)).toEqual([]);
		expect(inputsOf('interactive').filter(isUi)).toEqual([]);
		expect(inputsOf('ui-stage').filter(isUi).length).toBeGreaterThan(10);
	});

	it('keeps string-width and the column helpers out of main.js (the export measures no text)', () => {
		const isTextWidth = (file: string) =>
			/node_modules\/(string-width|get-east-asian-width|strip-ansi|ansi-regex)\/|source\/(text-width|ui\/text)\.ts$/.test(
				file,
			);
		expect(inputsOf('main').filter(isTextWidth)).toEqual([]);
		expect(inputsOf('interactive').filter(isTextWidth).length).toBeGreaterThanOrEqual(6);
	});

	it('bundles every module once: a stage takes what main.js holds from main.js', () => {
		const files = [meta.main, ...Object.values(meta.stages)].flatMap((metafile) =>
			Object.keys(metafile.inputs).filter((file) => !/^(hosted|hosting-entry):/.test(file)),
		);
		expect(files.filter((file, index) => files.indexOf(file) !== index)).toEqual([]);
		// The API's errors, for one, are main.js's: the UI stage's `instanceof` sees the client's.
		expect(inputsOf('ui-stage')).toContain(`hosted:${path.join(root, 'source/api/errors.ts')}`);
		expect(inputsOf('ui-stage')).not.toContain('source/api/errors.ts');
	});

	it('gives the same files for the same code (what main.js holds for whom, in one order)', async () => {
		const again = await buildCommand({write: false});
		const exportsOf = (metafile: (typeof meta)['main']) =>
			Object.values(metafile.outputs).map((output) => output.exports);
		expect(exportsOf(again.main)).toEqual(exportsOf(meta.main));
		for (const [name, metafile] of Object.entries(meta.stages)) {
			const stage = again.stages[name];
			expect(stage && Object.values(stage.outputs).map((output) => output.bytes)).toEqual(
				Object.values(metafile.outputs).map((output) => output.bytes),
			);
		}
	}, 120_000);

	it("points Ink's string-width imports at source/text-width.ts (fastTextWidth)", () => {
		const imports = Object.values(meta.stages['ui-stage']?.inputs ?? {})
			.flatMap((input) => input.imports)
			.filter((entry) => entry.original === 'string-width');
		expect(imports.length).toBeGreaterThan(2);
		for (const entry of imports) {
			expect(entry.path).toBe(`hosted:${path.join(root, 'source/text-width.ts')}`);
		}
	});

	it("points ink's output.js at source/styled-chars.ts and source/ink-output.ts", () => {
		const output = meta.stages['ui-stage']?.inputs['node_modules/ink/build/output.js'];
		const paths = output?.imports.map((entry) => entry.path) ?? [];
		expect(paths).toContain('source/styled-chars.ts');
		expect(paths).toContain('source/ink-output.ts');
		expect(paths).not.toContain('node_modules/@alcalzone/ansi-tokenize/build/index.js');
	});
});

describe('the split into main.js and stages (bundleParts, checkOneInstance)', () => {
	/** Writes `files` (name → code) into a fresh directory and gives their absolute paths. */
	function project(files: Record<string, string>) {
		const directory = fs.mkdtempSync(path.join(work, 'project-'));
		for (const [name, code] of Object.entries(files)) {
			fs.writeFileSync(path.join(directory, name), code);
		}

		return (name: string) => path.join(directory, name);
	}

	const bundle = (entry: string, plugin: ReturnType<typeof bundleParts>) =>
		build({
			entryPoints: [entry],
			bundle: true,
			format: 'esm',
			platform: 'node',
			write: false,
			metafile: true,
			logLevel: 'silent',
			plugins: [plugin],
		});

	it("leaves a dynamic import of a stage to Node, as the stage's file, and notes it", async () => {
		const file = project({
			'main.js': "export const load = () => import('./late.js');",
			'late.js': 'export const late = 1;',
		});
		const reached = new Set<string>();
		const result = await bundle(
			file('main.js'),
			bundleParts({fromMain: true, stageByFile: new Map([[file('late.js'), 'late']]), reached}),
		);
		expect(result.outputFiles[0]?.text).toContain('import("./stages/late.js")');
		expect(Object.keys(result.metafile.inputs).some((input) => input.endsWith('late.js'))).toBe(
			false,
		);
		expect([...reached]).toEqual(['late']);
	});

	it('fails the build on a static import of a stage, which would load it with its importer', async () => {
		const file = project({
			'main.js': "export {late} from './late.js';",
			'late.js': 'export const late = 1;',
		});
		await expect(
			bundle(
				file('main.js'),
				bundleParts({
					fromMain: true,
					stageByFile: new Map([[file('late.js'), 'late']]),
					reached: new Set(),
				}),
			),
		).rejects.toThrow(/imports the stage "late" statically/);
	});

	/** A stage that imports `count` from a module held by `host`, bundled: its code. */
	async function stageImportingFrom(host: string): Promise<string> {
		const file = project({
			'stage.js': "import {count} from './shared.js'; export const next = () => count + 1;",
			'shared.js': 'export let count = 0;',
		});
		const result = await bundle(
			file('stage.js'),
			bundleParts({
				stageByFile: new Map(),
				reached: new Set(),
				hosts: new Map([[file('shared.js'), host]]),
				hosted: new Map([[file('shared.js'), {index: 7, exports: ['count']}]]),
			}),
		);
		return result.outputFiles[0]?.text ?? '';
	}

	it("makes a stage's import of a module of main.js a read of main.js's exports", async () => {
		const code = await stageImportingFrom('../main.js');
		// main.js is CommonJS: required (its one instance), its export read under the hosted name.
		expect(code).toMatch(
			/(\w+) = __require\("\.\.\/main\.js"\);?\s*var __hosted7_count = \1\.__hosted7_count/,
		);
		expect(code).not.toContain('count = 0');
	});

	it("makes a stage's import of a module another stage holds a re-export from that stage", async () => {
		const code = await stageImportingFrom('./interactive.js');
		expect(code).toMatch(/import\s*\{\s*__hosted7_count\s*\}\s*from\s*"\.\/interactive\.js"/);
		expect(code).not.toContain('count = 0');
	});

	it('rejects a module bundled into two files', () => {
		const metafile = (output: string, inputs: string[]) => ({
			metafile: {
				inputs: {},
				outputs: {
					[output]: {
						bytes: 0,
						imports: [],
						exports: [],
						inputs: Object.fromEntries(inputs.map((input) => [input, {bytesInOutput: 1}])),
					},
				},
			},
		});
		expect(() =>
			checkOneInstance([
				metafile('dist/main.js', ['source/a.ts', 'source/b.ts']),
				metafile('dist/stages/ui.js', ['hosted:/x/source/a.ts', 'source/c.ts']),
			]),
		).not.toThrow();
		expect(() =>
			checkOneInstance([
				metafile('dist/main.js', ['source/a.ts', 'source/b.ts']),
				metafile('dist/stages/ui.js', ['source/b.ts', 'source/c.ts']),
			]),
		).toThrow('bundled into more than one file of dist/: source/b.ts');
	});
});
