/**
 * Reading an answer's body with a size cap. The body is read as the transport hands it out,
 * already decoded (gzip, brotli), chunk by chunk, counting bytes; as soon as the count passes the
 * cap reading stops and the body is cancelled, so a compression bomb or an endless answer costs
 * at most about the cap in memory and is never read to its end.
 */

/** The largest answer (decoded body) the client reads: 32 MB. */
export const defaultMaxAnswerBytes = 32 * 1024 * 1024;

/** A body as read: its text, or the news that it was larger than the cap (and was not kept). */
export type CappedBody = {type: 'text'; text: string} | {type: 'too-large'};

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

/**
 * Reads the body as UTF-8 text of at most `maxBytes` bytes. A larger body is cancelled the
 * moment the count passes the cap (or, without a content encoding, when `content-length` already
 * says so) and gives `too-large`. Rejects with whatever reading the body rejects with (an abort,
 * a reset connection).
 */
export async function readCappedText(response: BodySource, maxBytes: number): Promise<CappedBody> {
	const declared = Number(response.headers.get('content-length'));
	const isEncoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
	if (!isEncoded && Number.isFinite(declared) && declared > maxBytes) {
		await response.cancelBody();
		return {type: 'too-large'};
	}

	const chunks: Array<Uint8Array | undefined> = [];
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
	if (!isComplete) return {type: 'too-large'};

	// Decoded chunk by chunk, dropping each as it goes, so the bytes and the text are not both
	// held in full.
	const decoder = new TextDecoder();
	let text = '';
	for (let index = 0; index < chunks.length; index++) {
		text += decoder.decode(chunks[index], {stream: true});
		chunks[index] = undefined;
	}

	return {type: 'text', text: text + decoder.decode()};
}
