/**
 * The config file read as plain JSON, for the settings that live beside the profiles (`theme`,
 * `keys`, `screenReader`). The profile store owns writing and recovery; this only reads.
 */
import fs from 'node:fs';

/**
 * The top-level object of the config file at `configFile`, or undefined when it is missing,
 * unreadable, not JSON or not an object (the profile store reports those). Never throws.
 */
export function readConfigRoot(configFile: string): Record<string, unknown> | undefined {
	let root: unknown;
	try {
		root = JSON.parse(fs.readFileSync(configFile, 'utf8'));
	} catch {
		return undefined;
	}

	return typeof root === 'object' && root !== null && !Array.isArray(root)
		? (root as Record<string, unknown>)
		: undefined;
}
