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
	process.stdout.write(`${packageJson.version}\n`);
} else {
	const {runCommandLine} = await import('./main.js');
	await runCommandLine(argv, shutdown);
}
