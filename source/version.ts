import packageJson from '../package.json' with {type: 'json'};

/** The running viktor-tui version, from package.json (inlined by the bundler). */
export const version: string = packageJson.version;

/** The User-Agent sent with every request. */
export const userAgent = `viktor-tui/${version}`;
