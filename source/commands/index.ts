/**
 * The subcommands (`viktor-tui profile …`, `viktor-tui keys …`): one stage of the build
 * (scripts/build.mjs), which main.tsx loads only for them, so that the code of neither is compiled
 * on the way to an export's first request or the browser's first frame.
 */
export {runKeysCommand} from './keys.js';
export {runProfileCommand} from './profile.js';
