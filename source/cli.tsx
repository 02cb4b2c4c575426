/**
 * The entry (`bin` → dist/cli.js): creates the process's one AbortController before anything
 * else, answers a lone `--version` itself, and hands everything else to main.tsx.
 *
 * It is kept tiny on purpose: every module it imports statically is loaded and run before even
 * `--version` can print, so it imports only shutdown.ts and package.json, which the build inlines
 * into this file (scripts/build.mjs). `--version` with any other argument takes the full path
 * (main.tsx parses every flag), so its messages and exit codes stay exactly those of the parser.
 *
 * The global `process` on purpose, here and on the way to the first request (main.tsx, start.tsx):
 * `import process from 'node:process'` copies every property of `process` into the module, which
 * builds `process.stdin`, `stderr` and `report` and loads Node's whole streams stack — 5 to 15 ms
 * before anything is printed or sent.
 */
import packageJson from '../package.json' with {type: 'json'};
import {listenForShutdown} from './shutdown.js';

// Before anything else runs: the one AbortController of the process, aborted by the signals that
// end it, reaches every request and every child process (the token command) from here.
const shutdown = listenForShutdown({source: process, exit: (code) => process.exit(code)});

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
	printVersion(`${packageJson.version}\n`);
} else {
	// No top-level await: the build makes this file CommonJS, and this import a `require`.
	void import('./main.js').then(async ({runCommandLine}) => runCommandLine(argv, shutdown));
}

/**
 * Writes straight to file descriptor 1: building `process.stdout` (a tty.WriteStream in a
 * terminal) loads Node's tty, net and streams modules, most of what `--version` would cost. fs
 * comes through `process.getBuiltinModule`, because importing node:fs as a module loads the
 * streams all the same (for its ReadStream and WriteStream). A full non-blocking pipe (EAGAIN) gets the text through
 * `process.stdout`, which waits for it; a reader that is gone (EPIPE) gets nothing, and no stack.
 */
function printVersion(text: string): void {
	try {
		process.getBuiltinModule('node:fs').writeSync(1, text);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EAGAIN') process.stdout.write(text);
	}
}
