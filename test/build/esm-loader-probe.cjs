// A preload (`node --require`) that writes to the file named by ESM_PROBE, at exit, whether Node's
// ESM loader ran a module (its module jobs were loaded): what test/build/bundle.test.ts checks
// for the starts that should never need it. A CommonJS preload itself starts no ESM loader.
'use strict';
const {writeFileSync} = require('node:fs');

process.once('exit', () => {
	const hasRun = process.moduleLoadList.includes('NativeModule internal/modules/esm/module_job');
	writeFileSync(process.env.ESM_PROBE, String(hasRun));
});
