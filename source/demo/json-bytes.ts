/**
 * The demo server's answers as UTF-8 bytes, built once: a body is stringified straight into the
 * Buffer the socket is given (no second encoding, no `Buffer.byteLength` scan), and a list page
 * is put together from the JSON texts of its records, which a bounded cache keeps between
 * requests (the data set is deterministic, so a record's text never changes).
 *
 * `JSON.stringify` without indentation is compositional: the text of `{count, next, previous,
 * results}` is the texts of its parts joined by the same punctuation, so a page assembled here is
 * byte for byte what stringifying the whole page gives (test/demo/json-bytes.test.ts holds it to
 * that).
 */

const comma = Buffer.from(',');
const closeArray = Buffer.from(']');
const closePage = Buffer.from(']}');

/** The JSON text of a value as UTF-8 bytes (`null` for what JSON cannot hold, as a reply body). */
export function jsonBytes(value: unknown): Buffer {
	return Buffer.from(JSON.stringify(value) ?? 'null');
}

function joined(head: Buffer, records: readonly Buffer[], tail: Buffer): Buffer {
	let length = head.length + tail.length + Math.max(0, records.length - 1);
	for (const record of records) length += record.length;
	const parts: Buffer[] = [head];
	for (let position = 0; position < records.length; position++) {
		if (position > 0) parts.push(comma);
		parts.push(records[position]!);
	}

	parts.push(tail);
	return Buffer.concat(parts, length);
}

/** The JSON array of records given as JSON texts: `JSON.stringify(records)`. */
export function jsonArrayBytes(records: readonly Buffer[]): Buffer {
	return joined(Buffer.from('['), records, closeArray);
}

/** A page's envelope, without its results. */
export type PageEnvelope = {count: number; next: string | null; previous: string | null};

/**
 * The JSON text of `{count, next, previous, results}` (in that key order, as the server answers a
 * page) with results given as JSON texts.
 */
export function jsonPageBytes(envelope: PageEnvelope, records: readonly Buffer[]): Buffer {
	const {count, next, previous} = envelope;
	const head = Buffer.from(
		`{"count":${JSON.stringify(count)},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[`,
	);
	return joined(head, records, closePage);
}

/** How big a record cache may grow. */
export type JsonCacheLimits = {
	/** Most bytes of JSON text held; the oldest entries go first beyond it. */
	capacityBytes: number;
	/** Records with a longer text are built every time and never held. */
	largestEntryBytes: number;
};

/** A bounded cache of records' JSON texts, keyed by data set and record number. */
export type JsonCache = {
	/**
	 * The JSON text of record `key` of data set `dataSet` (a string naming everything the record
	 * depends on besides `key`); `build` makes the record on a miss. A new data set empties it.
	 */
	get(dataSet: string, key: number, build: () => unknown): Buffer;
	/** Entries and bytes held now. */
	size(): {entries: number; bytes: number};
};

/** A record cache that holds at most `capacityBytes` of text, evicting the oldest entries first. */
export function createJsonCache(limits: JsonCacheLimits): JsonCache {
	const {capacityBytes, largestEntryBytes} = limits;
	const entries = new Map<number, Buffer>();
	let currentDataSet = '';
	let bytes = 0;
	return {
		get(dataSet, key, build) {
			if (dataSet !== currentDataSet) {
				entries.clear();
				bytes = 0;
				currentDataSet = dataSet;
			}

			const cached = entries.get(key);
			if (cached !== undefined) return cached;
			const text = jsonBytes(build());
			if (text.length > largestEntryBytes) return text;
			entries.set(key, text);
			bytes += text.length;
			if (bytes > capacityBytes) {
				// A Map iterates in insertion order: the first keys are the oldest.
				for (const [oldestKey, oldest] of entries) {
					if (bytes <= capacityBytes) break;
					entries.delete(oldestKey);
					bytes -= oldest.length;
				}
			}

			return text;
		},
		size() {
			return {entries: entries.size, bytes};
		},
	};
}
