/**
 * Linking abort signals by hand: one listener per source, removed when done. Node 20's
 * `AbortSignal.any` costs several times more and, on a long-lived source such as the process's
 * shutdown signal, keeps an entry per linked signal for good (nodejs/node#55351).
 */

/**
 * Aborts `controller`, with the source's reason, as soon as one of `sources` aborts (at once if
 * one already has). Returns the function that unhooks it from the sources.
 */
export function abortWhenAny(
	controller: AbortController,
	sources: ReadonlyArray<AbortSignal | undefined>,
): () => void {
	const linked = sources.filter((source): source is AbortSignal => source !== undefined);
	const abort = (event: Event) => {
		controller.abort((event.target as AbortSignal).reason);
	};
	for (const source of linked) {
		if (source.aborted) controller.abort(source.reason);
		else source.addEventListener('abort', abort, {once: true});
	}
	return () => {
		for (const source of linked) source.removeEventListener('abort', abort);
	};
}
