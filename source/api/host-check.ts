/**
 * Whether a host name exists, asked of DNS before setup asks for a token, and the known
 * environment a mistyped name was probably meant to be (`clodu` → `cloud`). The resolver is
 * injected, so tests use no network.
 */
import {isLoopbackHost} from './environment.js';

/** What DNS said about a host: it exists, it does not, or DNS could not tell (offline, a timeout). */
export type HostCheck = {kind: 'found'} | {kind: 'not-found'} | {kind: 'unknown'; code?: string};

/** Resolves a host name; rejects with a system error (`code` `ENOTFOUND`, `EAI_AGAIN`, …). */
export type Resolver = (hostname: string) => Promise<unknown>;

/** Checks one host name; never rejects. */
export type CheckHost = (hostname: string, signal: AbortSignal) => Promise<HostCheck>;

const notFoundCodes = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME']);
const ipAddress = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[?[\da-f]*:[\da-f:]+\]?)$/i;

/** Whether DNS has anything to say about `hostname`: not for loopback names and IP addresses. */
export function needsHostCheck(hostname: string): boolean {
	return !isLoopbackHost(hostname) && !ipAddress.test(hostname);
}

/** A {@link CheckHost} over `resolve` (the system resolver by default). */
export function createHostCheck(
	// node:dns/promises is loaded on first use: only the setup screen checks a host.
	resolve: Resolver = async (hostname) =>
		process.getBuiltinModule('node:dns/promises').lookup(hostname),
): CheckHost {
	return async (hostname, signal) => {
		if (!needsHostCheck(hostname)) return {kind: 'found'};
		let stop = () => undefined as void;
		const aborted = new Promise<HostCheck>((resolveAbort) => {
			stop = () => {
				resolveAbort({kind: 'unknown'});
			};

			signal.addEventListener('abort', stop, {once: true});
		});
		const checked = resolve(hostname).then(
			(): HostCheck => ({kind: 'found'}),
			(error: unknown): HostCheck => {
				const code = (error as {code?: unknown} | undefined)?.code;
				if (typeof code === 'string' && notFoundCodes.has(code)) return {kind: 'not-found'};
				return typeof code === 'string' ? {kind: 'unknown', code} : {kind: 'unknown'};
			},
		);
		try {
			return await Promise.race([checked, aborted]);
		} finally {
			signal.removeEventListener('abort', stop);
		}
	};
}

/** The environments a short name may be a typo of. */
export const knownEnvironmentNames: readonly string[] = ['cloud', 'cloud.us1'];

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, index) => [index]);
	for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			}

			rows[i]![j] = best;
		}
	}

	return rows[a.length]![b.length]!;
}

/**
 * The known environment `typed` is probably a typo of (`clodu`, `cluod` → `cloud`), or undefined
 * when it is one exactly or none is close (at most two edits, and fewer than half its letters).
 */
export function suggestEnvironment(
	typed: string,
	known: readonly string[] = knownEnvironmentNames,
): string | undefined {
	const name = typed.trim().toLowerCase();
	if (name === '' || known.includes(name)) return undefined;
	let best: {name: string; distance: number} | undefined;
	for (const candidate of known) {
		const distance = editDistance(name, candidate);
		if (distance <= 2 && distance * 2 < candidate.length && (best?.distance ?? 3) > distance) {
			best = {name: candidate, distance};
		}
	}

	return best?.name;
}
