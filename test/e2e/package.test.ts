import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {browseDemoAndQuit, cliPath, hasTmux, shellQuote, TmuxSession} from './tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasNpm = spawnSync('npm', ['--version'], {stdio: 'ignore'}).status === 0;
if (!hasNpm) console.warn('npm is not on PATH: the package install test is skipped');

/** Sizes of the files under `directory`, in bytes. */
function sizeOf(directory: string): number {
	let total = 0;
	for (const entry of fs.readdirSync(directory, {withFileTypes: true, recursive: true})) {
		if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
	}

	return total;
}

describe.skipIf(!hasNpm)('the published package', () => {
	let work: string;
	let prefix: string;
	let bin: string;
	let packed: string[];

	beforeAll(() => {
		if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-package-'));
		prefix = path.join(work, 'prefix');
		const npm = (...args: string[]) =>
			execFileSync('npm', args, {
				cwd: root,
				encoding: 'utf8',
				// Offline: the package must need nothing from a registry. A private cache keeps the
				// user's own cache out of it.
				env: {
					...process.env,
					npm_config_cache: path.join(work, 'cache'),
					npm_config_offline: 'true',
				},
			});
		const [pack] = JSON.parse(npm('pack', '--json', '--pack-destination', work)) as Array<{
			filename: string;
			files: Array<{path: string}>;
		}>;
		packed = (pack?.files ?? []).map((file) => file.path).sort();
		npm(
			'install',
			'--global',
			'--prefix',
			prefix,
			'--no-audit',
			'--no-fund',
			path.join(work, pack?.filename ?? ''),
		);
		bin = path.join(prefix, 'bin', 'viktor-tui');
	}, 120_000);

	afterAll(() => {
		if (work !== undefined) fs.rmSync(work, {recursive: true, force: true});
	});

	it('holds the bundle, the manifest, README and LICENSE, nothing else', () => {
		expect(packed.filter((file) => !file.startsWith('dist/'))).toEqual([
			'LICENSE',
			'README.md',
			'package.json',
		]);
		expect(packed).toContain('dist/cli.js');
		expect(packed.filter((file) => file.endsWith('.map') || file.endsWith('.ts'))).toEqual([]);
	});

	it('declares no runtime dependencies: the bundle imports only Node built-ins', () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
			dependencies?: Record<string, string>;
		};
		expect(manifest.dependencies ?? {}).toEqual({});
		const installed = path.join(prefix, 'lib', 'node_modules', 'viktor-tui');
		expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
		// A few MB, not the 33 MB of 70 packages the dependencies used to pull in.
		expect(sizeOf(installed)).toBeLessThan(4 * 1024 * 1024);
	});

	it('installs a command whose --help and --demo work', () => {
		const help = execFileSync(bin, ['--help'], {encoding: 'utf8'});
		expect(help).toContain('viktor-tui --demo');
		const demo = execFileSync(bin, ['--demo', '--json', '--max', '3'], {
			encoding: 'utf8',
			env: {PATH: process.env.PATH, XDG_CONFIG_HOME: path.join(work, 'config')},
		});
		expect(demo.trim().split('\n')).toHaveLength(3);
	});

	it.skipIf(!hasTmux())('installs a command whose --demo browses in a terminal', async () => {
		const app = new TmuxSession({
			command: `${shellQuote(bin)} --demo`,
			env: {XDG_CONFIG_HOME: path.join(work, 'config')},
		});
		expect(await browseDemoAndQuit(app)).toBe(0);
	});
});
