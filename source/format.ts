/**
 * Number formats shared by the screens, the export and error messages, independent of locale.
 * Pure functions.
 */

/** Formats an integer with comma thousands separators, whatever the locale: `1,234,567`. */
export function formatCount(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	const sign = value < 0 ? '-' : '';
	const [integer = '0', fraction] = Math.abs(value).toString().split('.');
	if (integer.includes('e')) return String(value);
	const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return sign + grouped + (fraction === undefined ? '' : `.${fraction}`);
}

/** A byte size for messages: `32 MB`, `512 KB`, `100 bytes` (binary units, named as people do). */
export function formatBytes(bytes: number): string {
	const units: ReadonlyArray<[string, number]> = [
		['GB', 1024 ** 3],
		['MB', 1024 ** 2],
		['KB', 1024],
	];
	for (const [unit, size] of units) {
		if (bytes >= size) {
			const value = bytes / size;
			return `${Number.isInteger(value) ? value : Number(value.toFixed(1))} ${unit}`;
		}
	}

	return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}
