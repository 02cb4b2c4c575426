/**
 * The demo server's answers as UTF-8 bytes, encoded once: a body is stringified and encoded into
 * the Buffer the socket is given (no `Buffer.byteLength` scan of the whole body, no second
 * encoding on the way out), and a list page is put together from the JSON texts of its records,
 * which a bounded cache keeps between requests (the data set is deterministic, so a record's text
 * never changes).
 *
 * `JSON.stringify` without indentation is compositional: the text of `{count, next, previous,
 * results}` is the texts of its parts joined by the same punctuation, so a page assembled here is
 * byte for byte what stringifying the whole page gives (test/demo/json-bytes.test.ts and
 * test/demo/answers.test.ts hold it to that).
 */

/** The JSON text of a value (`null` for what JSON cannot hold, as a reply body). */
function jsonText(value: unknown): string {
	return JSON.stringify(value) ?? 'null';
}

/** The JSON text of a value as UTF-8 bytes (`null` for what JSON cannot hold, as a reply body). */
export function jsonBytes(value: unknown): Buffer {
	return Buffer.from(jsonText(value));
}

/** A page's envelope, without its results. */
export type PageEnvelope = {count: number; next: string | null; previous: string | null};

/**
 * The text of `{count, next, previous, results}` (in that key order, as the server answers a page)
 * up to the opening bracket of `results`; the page ends with `]}`.
 */
export function pageHead(envelope: PageEnvelope): string {
	const {count, next, previous} = envelope;
	return `{"count":${jsonText(count)},"next":${jsonText(next)},"previous":${jsonText(previous)},"results":[`;
}

/** How big a record cache may grow. */
export type JsonCacheLimits = {
	/** The bytes it holds record texts in (allocated once, on the first record it keeps). */
	capacityBytes: number;
	/** Records with a longer text are built every time and never held. */
	largestEntryBytes: number;
};

/** A bounded cache of records' JSON texts, keyed by data set and record number. */
export type JsonCache = {
	/**
	 * `head`, then the JSON texts of the records `keys` name joined by commas, then `tail`, as
	 * UTF-8 in a Buffer of its own. `dataSet` names everything a record depends on besides its key
	 * (a new data set empties the cache); `build` makes a record the cache does not hold.
	 */
	join(
		dataSet: string,
		keys: ArrayLike<number>,
		build: (key: number) => unknown,
		head: string,
		tail: string,
	): Buffer;
	/** Entries held now and the bytes they take (each with a 4-byte length). */
	size(): {entries: number; bytes: number};
};

const lengthBytes = 4;

/**
 * A record cache that keeps texts in one ring of `capacityBytes`, overwriting the oldest first.
 * The index is a Map from key to offset (small integers, no object per entry), so a cache that
 * turns over all the time, as a walk over a million records makes it, leaves no garbage behind
 * for the collector and holds no more memory than its ring.
 */
export function createJsonCache(limits: JsonCacheLimits): JsonCache {
	const {capacityBytes, largestEntryBytes} = limits;
	let ring: Buffer | undefined;
	// In insertion order, which is ring order from the write position on: the first entry is the
	// next one to be overwritten.
	const offsets = new Map<number, number>();
	let currentDataSet = '';
	let next = 0;
	let bytes = 0;

	function entrySize(offset: number): number {
		return lengthBytes + (ring?.readUInt32LE(offset) ?? 0);
	}

	function keep(key: number, text: Uint8Array): void {
		const size = lengthBytes + text.length;
		if (text.length > largestEntryBytes || size > capacityBytes || offsets.has(key)) return;
		ring ??= Buffer.allocUnsafeSlow(capacityBytes);
		const wrapped = next + size > ring.length;
		const start = wrapped ? 0 : next;
		const end = start + size;
		for (const [oldKey, oldOffset] of offsets) {
			// After a wrap the oldest entries are those past the old write position, which the
			// ring no longer reaches; then come the ones the new text covers.
			const overwritten = (wrapped && oldOffset >= next) || (oldOffset >= start && oldOffset < end);
			if (!overwritten) break;
			bytes -= entrySize(oldOffset);
			offsets.delete(oldKey);
		}

		ring.writeUInt32LE(text.length, start);
		ring.set(text, start + lengthBytes);
		offsets.set(key, start);
		bytes += size;
		next = end;
	}

	return {
		join(dataSet, keys, build, head, tail) {
			if (dataSet !== currentDataSet) {
				offsets.clear();
				currentDataSet = dataSet;
				next = 0;
				bytes = 0;
			}

			// Measure first, copy second, keep last: a text kept for this answer may overwrite one
			// the answer still has to copy.
			const built: Array<string | undefined> = [];
			const lengths: number[] = [];
			let total = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, keys.length - 1);
			for (let position = 0; position < keys.length; position++) {
				const key = keys[position]!;
				const offset = offsets.get(key);
				const text = offset === undefined ? jsonText(build(key)) : undefined;
				const length =
					text === undefined ? entrySize(offset!) - lengthBytes : Buffer.byteLength(text);
				built.push(text);
				lengths.push(length);
				total += length;
			}

			const output = Buffer.allocUnsafe(total);
			let written = output.write(head);
			const starts: number[] = [];
			for (let position = 0; position < keys.length; position++) {
				if (position > 0) written = output.writeUInt8(0x2c, written);
				const text = built[position];
				starts.push(written);
				if (text === undefined) {
					const offset = offsets.get(keys[position]!)! + lengthBytes;
					ring!.copy(output, written, offset, offset + lengths[position]!);
				} else {
					output.write(text, written);
				}

				written += lengths[position]!;
			}

			output.write(tail, written);
			for (let position = 0; position < keys.length; position++) {
				if (built[position] === undefined) continue;
				const start = starts[position]!;
				keep(keys[position]!, output.subarray(start, start + lengths[position]!));
			}

			return output;
		},
		size() {
			return {entries: offsets.size, bytes};
		},
	};
}
