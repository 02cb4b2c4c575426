/**
 * Reading an answer's body with a size cap. The body is read as the transport hands it out,
 * already decoded (gzip, brotli), chunk by chunk, counting bytes; as soon as the count passes the
 * cap reading stops and the body is cancelled, so a compression bomb or an endless answer costs
 * at most about the cap in memory and is never read to its end.
 */

/** The largest answer (decoded body) the client reads: 32 MB. */
export const defaultMaxAnswerBytes = 32 * 1024 * 1024;

/** The part of a transport's response this module reads (see node-transport.ts). */
export type BodySource = {
	headers: {get(name: string): string | null};
	/**
	 * Reads the body to its end, chunk by chunk; stops and cancels it when `onChunk` returns
	 * false. Resolves true when read to the end, false when stopped; rejects with the body's
	 * error (an abort, a reset connection).
	 */
	readChunks(onChunk: (chunk: Uint8Array) => boolean): Promise<boolean>;
	/** Drops the body unread. */
	cancelBody(): Promise<void>;
};

/** A body as read: its bytes, chunk by chunk, or the news that it was larger than the cap. */
export type CappedChunks =
	{type: 'chunks'; chunks: Uint8Array[]; byteLength: number} | {type: 'too-large'};

/**
 * Reads the body's bytes, at most `maxBytes` of them. A larger body is cancelled the moment the
 * count passes the cap (or, without a content encoding, when `content-length` already says so)
 * and gives `too-large`. Rejects with whatever reading the body rejects with (an abort, a reset
 * connection).
 */
export async function readCappedChunks(
	response: BodySource,
	maxBytes: number,
): Promise<CappedChunks> {
	const declared = Number(response.headers.get('content-length'));
	const isEncoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
	if (!isEncoded && Number.isFinite(declared) && declared > maxBytes) {
		await response.cancelBody();
		return {type: 'too-large'};
	}

	const chunks: Uint8Array[] = [];
	let total = 0;
	const isComplete = await response.readChunks((chunk) => {
		total += chunk.byteLength;
		if (total > maxBytes) {
			chunks.length = 0;
			return false;
		}

		chunks.push(chunk);
		return true;
	});
	return isComplete ? {type: 'chunks', chunks, byteLength: total} : {type: 'too-large'};
}

/**
 * The chunks as UTF-8 text (invalid bytes become U+FFFD, a leading byte order mark is dropped),
 * decoded one by one and each dropped as it goes, so the bytes and the text are not both held in
 * full.
 */
export function decodeChunks(chunks: Array<Uint8Array | undefined>): string {
	const decoder = new TextDecoder();
	let text = '';
	for (let index = 0; index < chunks.length; index++) {
		text += decoder.decode(chunks[index], {stream: true});
		chunks[index] = undefined;
	}

	return text + decoder.decode();
}

/**
 * The chunks (of `byteLength` bytes in all) copied into one new run of bytes, over an
 * ArrayBuffer of its own (not Node's shared pool), not zeroed first: every byte is written.
 */
export function concatChunks(chunks: readonly Uint8Array[], byteLength: number): Uint8Array {
	const joined = Buffer.allocUnsafeSlow(byteLength);
	let at = 0;
	for (const chunk of chunks) {
		joined.set(chunk, at);
		at += chunk.byteLength;
	}

	return joined;
}

/** The chunks as one run of bytes: the chunk itself when there is one, else a copy. */
export function joinChunks(chunks: readonly Uint8Array[], byteLength: number): Uint8Array {
	return chunks.length === 1 ? chunks[0]! : concatChunks(chunks, byteLength);
}
