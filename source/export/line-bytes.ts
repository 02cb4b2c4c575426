/**
 * Lines of text encoded as UTF-8 straight into large buffers ("slabs"), handed out as views.
 * Writing a string to a stream makes a flat copy of it and a fresh Buffer of its bytes per write
 * (`Buffer.from`, or the same in the stream's C++ side); for the export's pages of ~77 KB, joined
 * from a hundred slices of the answer, that copying and allocating cost more than finding the
 * records. Here each piece is encoded once, where it stands, into memory allocated once per
 * slab. The bytes are those of each piece encoded on its own (a lone surrogate becomes U+FFFD),
 * so exactly those of `Buffer.from(pieces.join(''))` when no surrogate pair is split between two
 * pieces, as it never is between JSON values and newlines. Pure.
 */

/** Collects lines as bytes. */
export type LineBytes = {
	/** Appends `text` as it is. */
	add: (text: string) => void;
	/** Appends `text` and a newline. */
	addLine: (text: string) => void;
	/**
	 * Appends the bytes `source[start, end)` and a newline, with a newline also in place of each
	 * byte at the offsets `breaks` (offsets into `source`, each in [start, end)): several lines
	 * that stand in `source` one byte apart, copied at once.
	 */
	addRun: (source: Uint8Array, start: number, end: number, breaks: readonly number[]) => void;
	/** The bytes appended since the last take, as one view (empty when there are none). */
	take: () => Buffer;
};

/** Slab size: several pages of the export; a longer take gets a slab of its own size. */
const defaultSlabBytes = 512 * 1024;

/** A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair takes 4 for 2 units). */
const mostBytesPerUnit = 3;

/**
 * Bytes handed out are never written again: a full slab is left to the views that point into
 * it (a stream may hold one until the system took it) and a new one is allocated, into which
 * the bytes not taken yet are copied, so that a take is always one view (one write).
 */
export function createLineBytes(slabBytes = defaultSlabBytes): LineBytes {
	// The first slab is allocated by the first piece: none before the export's first request.
	let slab = Buffer.alloc(0);
	let start = 0;
	let end = 0;

	/** Makes room for `text` and `extra` bytes after it. */
	const reserve = (text: string, extra: number) => {
		// The worst case (3 bytes a unit) is the cheap test; a piece longer than a slab is measured.
		let most = text.length * mostBytesPerUnit + extra;
		if (slab.length - end >= most) return;
		if (most > slabBytes) most = Buffer.byteLength(text) + extra;
		reserveBytes(most);
	};

	/** Makes room for `most` bytes. */
	const reserveBytes = (most: number) => {
		if (slab.length - end >= most) return;
		const pending = slab.subarray(start, end);
		// Twice what is needed, so a take of many long pieces is copied a few times, not once each.
		slab = Buffer.allocUnsafe(Math.max(slabBytes, 2 * (pending.length + most)));
		start = 0;
		end = pending.copy(slab);
	};

	return {
		add(text) {
			reserve(text, 0);
			end += slab.write(text, end);
		},
		addLine(text) {
			reserve(text, 1);
			end += slab.write(text, end);
			slab[end++] = 0x0a;
		},
		addRun(source, runStart, runEnd, breaks) {
			reserveBytes(runEnd - runStart + 1);
			slab.set(source.subarray(runStart, runEnd), end);
			for (const at of breaks) slab[end + at - runStart] = 0x0a;
			end += runEnd - runStart;
			slab[end++] = 0x0a;
		},
		take() {
			const taken = slab.subarray(start, end);
			start = end;
			return taken;
		},
	};
}
