import {onTestFinished, vi} from 'vitest';

/** Counts the web ReadableStreams made while the test runs (the global is put back after it). */
export function countWebStreams(): {count: number} {
	const made = {count: 0};
	const Original = globalThis.ReadableStream;
	class Counted<R> extends Original<R> {
		constructor(...args: ConstructorParameters<typeof ReadableStream<R>>) {
			super(...args);
			made.count++;
		}
	}

	vi.stubGlobal('ReadableStream', Counted);
	onTestFinished(() => {
		vi.unstubAllGlobals();
	});
	return made;
}
