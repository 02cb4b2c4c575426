// A preload (`node --import`) that appends the URL of every file the process loads as a module,
// one a line, to the file named by LOAD_LOG: what test/build/bundle.test.ts counts.
import {register} from 'node:module';

const hooks = `
import {appendFileSync} from 'node:fs';
export async function load(url, context, nextLoad) {
	if (url.startsWith('file:')) appendFileSync(process.env.LOAD_LOG, url + '\\n');
	return nextLoad(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
