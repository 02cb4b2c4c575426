/**
 * Reference program "node:http floor": one GET of the first page, then 30 lines of ANSI-coloured
 * text (26 rows and a status bar with `1 of <count>`), as cheaply as Node can. Usage:
 * `node http-floor.mjs BASE_URL` with the token in VIKTOR_TOKEN.
 */
import {getFirstPage, quitOnKey} from './http-get.js';

const page = await getFirstPage(process.argv[2] ?? '', 26);
const lines = ['\u001B[1mworkspaces\u001B[22m', ''];
for (const record of page.results) lines.push(`  \u001B[36m${record.id}\u001B[39m  ${record.name}`);
while (lines.length < 29) lines.push('');
lines.push(`\u001B[7m 1 of ${page.count.toLocaleString('en-US')} \u001B[27m`);
process.stdout.write(`\u001B[2J\u001B[H${lines.join('\r\n')}`);
quitOnKey(() => {
	process.exit(0);
});
