/** The conform servers of a test file: started before its tests, closed after them. */
import {afterAll, afterEach, beforeAll} from 'vitest';
import {startConformServer, type ConformOptions, type ConformServer} from './conform-server.js';

/**
 * Starts one conform server per variant before the file's tests and closes them after; the faults
 * a test switched on are dropped after it. Returns the server of a variant by its name.
 */
export function setUpConformServers<Name extends string>(
	variants: Record<Name, ConformOptions>,
): (name: Name) => ConformServer {
	const servers = new Map<Name, ConformServer>();
	beforeAll(async () => {
		for (const [name, options] of Object.entries(variants) as Array<[Name, ConformOptions]>) {
			servers.set(name, await startConformServer(options));
		}
	});
	afterAll(async () => {
		await Promise.all([...servers.values()].map(async (server) => server.close()));
	});
	afterEach(() => {
		for (const server of servers.values()) server.clearFaults();
	});
	return (name) => {
		const server = servers.get(name);
		if (server === undefined) throw new Error(`no conform server ${name}`);
		return server;
	};
}
