/**
 * Number formatting shared by the screens and the export's progress line. Pure.
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
