/**
 * The deterministic randomness and time base of the demo data: every value is a pure function of
 * a position, a seed and a salt, so records can be built on demand in any order.
 */

/** 2018-01-01T00:00:00Z; every timestamp of the data set is a whole number of seconds after it. */
export const epochSeconds = 1_514_764_800;

/** Seconds in a day. */
export const secondsPerDay = 86_400;

function mix32(value: number): number {
	let mixed = value ^ (value >>> 16);
	mixed = Math.imul(mixed, 0x85ebca6b);
	mixed ^= mixed >>> 13;
	mixed = Math.imul(mixed, 0xc2b2ae35);
	mixed ^= mixed >>> 16;
	return mixed >>> 0;
}

/** A uniformly spread unsigned 32-bit number, a pure function of index, seed and salt. */
export function draw(index: number, seed: number, salt: number): number {
	const stream = mix32(Math.imul(seed, 0x27d4eb2f) + Math.imul(salt, 0x165667b1));
	return mix32(Math.imul(index, 0x9e3779b1) ^ stream);
}

/** The item of a non-empty list a drawn number points at. */
export function pick<T>(list: readonly T[], value: number): T {
	const item = list[value % list.length];
	if (item === undefined) {
		throw new RangeError('pick() needs a non-empty list');
	}

	return item;
}

/** ISO 8601 in UTC without milliseconds, from seconds since 1970. */
export function isoSeconds(seconds: number): string {
	return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** A sequence of numbers in [0, 1) from a 32-bit state (mulberry32): one record's dice. */
export function createDice(state: number): () => number {
	let current = state | 0;
	return () => {
		current = (current + 0x6d2b79f5) | 0;
		let mixed = Math.imul(current ^ (current >>> 15), 1 | current);
		mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
}
