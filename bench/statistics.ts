/** Small, exact statistics over samples in milliseconds, and their formatting. */

/** The summary of a list of samples. */
export type Summary = {
	samples: number;
	median: number;
	p95: number;
	min: number;
	max: number;
};

/**
 * The nearest-rank percentile (`percent` from 0 to 100) of `values`: the smallest sample with at
 * least `percent`% of the samples at or below it. Throws on an empty list.
 */
export function percentile(values: readonly number[], percent: number): number {
	if (values.length === 0) throw new RangeError('percentile of no samples');
	const sorted = [...values].sort((left, right) => left - right);
	const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** The median (the mean of the two middle samples for an even count). */
export function median(values: readonly number[]): number {
	if (values.length === 0) throw new RangeError('median of no samples');
	const sorted = [...values].sort((left, right) => left - right);
	const middle = Math.floor(sorted.length / 2);
	const upper = sorted[middle] ?? Number.NaN;
	return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** Median, p95 (nearest rank), min and max of `values`. */
export function summarize(values: readonly number[]): Summary {
	return {
		samples: values.length,
		median: median(values),
		p95: percentile(values, 95),
		min: Math.min(...values),
		max: Math.max(...values),
	};
}

/** Milliseconds for a table: one decimal below 100 ms, whole numbers above. */
export function formatMs(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** A ratio such as `2.41×`; `digits` decimals (2 by default, more where a limit is close). */
export function formatRatio(value: number, digits = 2): string {
	return Number.isFinite(value) ? `${value.toFixed(digits)}×` : 'n/a';
}

/** Bytes as whole mebibytes, such as `87 MB`. */
export function formatMegabytes(bytes: number): string {
	return `${Math.round(bytes / 1024 / 1024)} MB`;
}
