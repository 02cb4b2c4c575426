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

// The whole seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: between them the
// hand-written formatting below gives `Date#toISOString`'s four-digit years.
const firstFastSecond = -62_167_219_200;
const lastFastSecond = 253_402_300_799;

// "00" to "99": months, days, hours, minutes and seconds by lookup.
const twoDigits = Array.from({length: 100}, (_, value) => String(value).padStart(2, '0'));

/**
 * ISO 8601 in UTC without milliseconds, from seconds since 1970: what
 * `new Date(seconds * 1000).toISOString()` gives, without `.000`. Whole seconds of years 0 to
 * 9999 are formatted by hand (the civil-from-days algorithm of H. Hinnant's date library), three
 * to five times cheaper than a Date; anything else (fractions, six-digit years, NaN) goes to it.
 */
export function isoSeconds(seconds: number): string {
	if (!Number.isInteger(seconds) || seconds < firstFastSecond || seconds > lastFastSecond) {
		return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
	}

	const days = Math.floor(seconds / secondsPerDay);
	const inDay = seconds - days * secondsPerDay;
	// Days since 0000-03-01, split into 400-year eras of 146,097 days; March-based years put the
	// leap day last.
	const shifted = days + 719_468;
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36_524) -
			Math.floor(dayOfEra / 146_096)) /
			365,
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
	const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	const hour = Math.floor(inDay / 3600);
	const minute = Math.floor((inDay - hour * 3600) / 60);
	const second = inDay - hour * 3600 - minute * 60;
	const yearText = year >= 1000 ? String(year) : String(year).padStart(4, '0');
	return `${yearText}-${twoDigits[month]}-${twoDigits[day]}T${twoDigits[hour]}:${twoDigits[minute]}:${twoDigits[second]}Z`;
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
