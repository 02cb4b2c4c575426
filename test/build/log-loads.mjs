// A preload (`node --import`) that appends the URL of every file the process loads as a module,
// ESM (a loader hook) or CommonJS (the CommonJS loader's compile step), one a line, to the file
// named by LOAD_LOG: what test/build/bundle.test.ts counts.
import {appendFileSync} from 'node:fs';
import {createRequire, register} from 'node:module';
import {pathToFileURL} from 'node:url';

const hooks = `
import {appendFileSync} from 'node:fs';
export async function load(url, context, nextLoad) {
	if (url.startsWith('file:')) appendFileSync(process.env.LOAD_LOG, url + '\\n');
	return nextLoad(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

// A CommonJS file that the ESM loader imports (or runs as the entry) is logged by both, and
// again each time it is imported: the reader keeps each file's first line.
const Module = createRequire(import.meta.url)('node:module');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
	appendFileSync(process.env.LOAD_LOG, `${pathToFileURL(filename).href}\n`);
	return compile.call(this, content, filename);
};
