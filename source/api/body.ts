/**
 * Reading an answer's body with a size cap. The body is read from the web ReadableStream that any
 * fetch implementation hands out, already decoded (gzip, brotli), byte count by byte count; as
 * soon as the count passes the cap the stream is cancelled, so a compression bomb or an endless
 * answer costs at most about the cap in memory and is never read to its end.
 */

/** The largest answer (decoded body) the client reads: 32 MB. */
export const defaultMaxAnswerBytes = 32 * 1024 * 1024;

/** A body as read: its text, or the news that it was larger than the cap (and was not kept). */
export type CappedBody = {type: 'text'; text: string} | {type: 'too-large'};

/** The part of a fetch Response this module reads. */
export type BodySource = {
	body: ReadableStream<Uint8Array> | null;
	headers: {get(name: string): string | null};
};

/**
 * Reads `response.body` as UTF-8 text of at most `maxBytes` bytes. A larger body is cancelled
 * the moment the count passes the cap (or, without a content encoding, when `content-length`
 * already says so) and gives `too-large`. Rejects with whatever the stream rejects with (an
 * abort, a reset connection).
 */
export async function readCappedText(response: BodySource, maxBytes: number): Promise<CappedBody> {
	const {body} = response;
	if (body === null) return {type: 'text', text: ''};
	const declared = Number(response.headers.get('content-length'));
	const isEncoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
	if (!isEncoded && Number.isFinite(declared) && declared > maxBytes) {
		await body.cancel().catch(() => undefined);
		return {type: 'too-large'};
	}

	const reader = body.getReader();
	const chunks: Array<Uint8Array | undefined> = [];
	let total = 0;
	try {
		for (;;) {
			const {done, value} = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > maxBytes) {
				chunks.length = 0;
				await reader.cancel().catch(() => undefined);
				return {type: 'too-large'};
			}

			chunks.push(value);
		}
	} finally {
		reader.releaseLock();
	}

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
