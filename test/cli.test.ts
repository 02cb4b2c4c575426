/** The built command's flag handling end to end: output streams and exit codes. */
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import packageJson from '../package.json' with {type: 'json'};

const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(...argv: string[]) {
	const env = {...process.env};
	delete env['VIKTOR_TOKEN'];
	const result = spawnSync(process.execPath, [cliPath, ...argv], {
		encoding: 'utf8',
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 15_000,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('viktor-tui (built) flags', () => {
	it.each([['--version'], ['-v']])('%s prints the version and exits 0', (flag) => {
		expect(run(flag)).toEqual({code: 0, stdout: `${packageJson.version}\n`, stderr: ''});
	});

	it.each([['--help'], ['-h'], ['--json', '--help']])(
		'%s prints the help and exits 0',
		(...argv) => {
			const {code, stdout, stderr} = run(...argv);
			expect(code).toBe(0);
			expect(stderr).toBe('');
			expect(stdout.startsWith(`\n  ${packageJson.description}\n\n  Usage\n`)).toBe(true);
			expect(stdout).toContain('--concurrency N');
			expect(stdout.endsWith('bridges.ndjson\n\n')).toBe(true);
		},
	);

	it.each([
		[['--foo'], 'viktor-tui: unknown flag --foo; see viktor-tui --help\n'],
		[['--limit'], 'viktor-tui: --limit needs a value; see viktor-tui --help\n'],
		[['--limit', '0'], 'viktor-tui: --limit takes a whole number from 1 to 1,000\n'],
		[
			['--sort', 'views:up'],
			'viktor-tui: --sort "views:up" is not a sort of workspaces (one of: name, created_at, views, views_last_30_days, user_last_visit; each optionally :asc or :desc)\n',
		],
		[
			['--json', 'apps', '--sort', 'created_at'],
			'viktor-tui: --sort "created_at" is not a sort of apps (one of: name; each optionally :asc or :desc)\n',
		],
		[
			['--json', 'revisions', '--workspace', '1', '--entity', '2', '--sort', 'name'],
			"viktor-tui: Revisions come in the server's order only: no --sort\n",
		],
		[
			['extra'],
			'viktor-tui: unknown command "extra" (commands: profile, keys); see viktor-tui --help\n',
		],
	])('%j is a usage error: one line on stderr, exit 2', (argv, message) => {
		const {code, stdout, stderr} = run(...argv);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toBe(message);
	});
});
