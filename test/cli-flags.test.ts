import {describe, expect, it} from 'vitest';
import {flagTable, parseCommandLine, UsageError} from '../source/cli-flags.js';

function usageError(argv: string[]): string {
	try {
		parseCommandLine(argv);
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		return (error as Error).message;
	}

	throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
	it('gives the defaults for no arguments', () => {
		expect(parseCommandLine([])).toEqual({
			flags: {
				environment: undefined,
				'base-url': undefined,
				profile: undefined,
				demo: false,
				limit: undefined,
				search: undefined,
				sort: undefined,
				json: false,
				offset: undefined,
				max: undefined,
				concurrency: undefined,
				color: true,
				fresh: false,
				help: false,
				version: false,
			},
			input: [],
		});
	});

	it('reads --fresh, which takes no value', () => {
		expect(parseCommandLine(['--fresh']).flags.fresh).toBe(true);
		expect(usageError(['--fresh=later'])).toBe('--fresh takes no value');
	});

	it('reads every flag of the table, long, short, with = and attached', () => {
		const {flags} = parseCommandLine([
			'-eacme',
			'--base-url=http://127.0.0.1:8123/api',
			'-p',
			'work',
			'--demo',
			'--limit',
			'50',
			'--search',
			'bridge deck',
			'--sort=name:desc',
			'--json',
			'--offset',
			'0',
			'--max',
			'1e2',
			'--concurrency',
			' 7 ',
			'--no-color',
		]);
		expect(flags).toMatchObject({
			environment: 'acme',
			'base-url': 'http://127.0.0.1:8123/api',
			profile: 'work',
			demo: true,
			limit: 50,
			search: 'bridge deck',
			sort: 'name:desc',
			json: true,
			offset: 0,
			max: 100,
			concurrency: 7,
			color: false,
		});
	});

	it('knows --help, -h, --version and -v, also grouped', () => {
		expect(parseCommandLine(['-h']).flags.help).toBe(true);
		expect(parseCommandLine(['--help']).flags.help).toBe(true);
		expect(parseCommandLine(['-v']).flags.version).toBe(true);
		expect(parseCommandLine(['--version']).flags.version).toBe(true);
		expect(parseCommandLine(['-vh']).flags).toMatchObject({help: true, version: true});
	});

	it('turns a boolean off with --no-NAME, the last one winning', () => {
		expect(parseCommandLine(['--json', '--no-json']).flags.json).toBe(false);
		expect(parseCommandLine(['--no-color', '--color']).flags.color).toBe(true);
	});

	it('keeps arguments that are not flags, and everything after --, as input', () => {
		expect(parseCommandLine(['extra', '--json', '--', '--demo']).input).toEqual([
			'extra',
			'--demo',
		]);
		expect(parseCommandLine(['--', '--demo']).flags.demo).toBe(false);
	});

	it.each([
		[['--foo'], 'unknown flag --foo; see viktor-tui --help'],
		[['-x'], 'unknown flag -x; see viktor-tui --help'],
		[['--JSON'], 'unknown flag --JSON; see viktor-tui --help'],
		[['--no-limit'], 'unknown flag --no-limit; see viktor-tui --help'],
		[['--base_url', 'x'], 'unknown flag --base_url; see viktor-tui --help'],
	])('refuses an unknown flag: %j', (argv, message) => {
		expect(usageError(argv)).toBe(message);
	});

	it.each([
		[['--limit'], '--limit needs a value; see viktor-tui --help'],
		[['--environment'], '--environment needs a value; see viktor-tui --help'],
		[['-e'], '--environment needs a value; see viktor-tui --help'],
		[
			['--search', '--json'],
			'--search needs a value, not the flag --json; to give a value that starts with "-", write --search=VALUE',
		],
		[
			['-p', '-v'],
			'--profile needs a value, not the flag -v; to give a value that starts with "-", write --profile=VALUE',
		],
	])('refuses a flag without its value: %j', (argv, message) => {
		expect(usageError(argv)).toBe(message);
	});

	it('takes a value that starts with "-" when written with =', () => {
		expect(parseCommandLine(['--search=-draft']).flags.search).toBe('-draft');
	});

	it.each([
		[['--limit', 'abc'], '--limit takes a whole number from 1 to 1,000'],
		[['--limit', '0'], '--limit takes a whole number from 1 to 1,000'],
		[['--limit', '-5'], '--limit takes a whole number from 1 to 1,000'],
		[['--limit', '1.5'], '--limit takes a whole number from 1 to 1,000'],
		[['--limit', ''], '--limit takes a whole number from 1 to 1,000'],
		[['--limit', '1001'], '--limit takes a whole number from 1 to 1,000'],
		[['--offset', '-1'], '--offset takes a whole number from 0 to 9,007,199,254,740,991'],
		[['--max', '0'], '--max takes a whole number from 1 to 9,007,199,254,740,991'],
		[['--concurrency', '33'], '--concurrency takes a whole number from 1 to 32'],
	])('refuses a number out of range: %j', (argv, message) => {
		expect(usageError(argv)).toBe(message);
	});

	it('takes =true and =false for a boolean, as meow did', () => {
		expect(parseCommandLine(['--color=false']).flags.color).toBe(false);
		expect(parseCommandLine(['--json=true']).flags.json).toBe(true);
		expect(parseCommandLine(['--json=false']).flags.json).toBe(false);
	});

	it('refuses another value for a boolean and a flag given twice', () => {
		expect(usageError(['--demo=yes'])).toBe('--demo takes no value');
		expect(usageError(['--no-demo=false'])).toBe('--no-demo takes no value');
		expect(usageError(['--color=never'])).toBe('--color takes no value');
		expect(usageError(['--limit', '5', '--limit', '6'])).toBe('--limit is given more than once');
	});

	it('has one entry per flag, each with a type', () => {
		for (const spec of Object.values(flagTable)) {
			expect(['string', 'number', 'boolean']).toContain(spec.type);
		}
	});
});
