/**
 * The config file's `keys` section, read as it stands: what it means (contexts, intents, key
 * names) is checked by source/ui/key-overrides.ts when the app or `viktor-tui keys` starts.
 */
import fs from 'node:fs';

/** The config file's `keys`, when there is a file holding one. */
export type KeysSetting = {keys?: unknown};

/**
 * Reads `keys` from the config file at `configFile`. A missing, unreadable or broken file is no
 * setting (the profile store reports those); never throws.
 */
export function readKeysSetting(configFile: string): KeysSetting {
	let root: unknown;
	try {
		root = JSON.parse(fs.readFileSync(configFile, 'utf8'));
	} catch {
		return {};
	}

	if (typeof root !== 'object' || root === null || !('keys' in root)) return {};
	return {keys: root.keys};
}
