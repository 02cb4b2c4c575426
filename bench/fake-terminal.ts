/**
 * An in-memory terminal for rendering Ink the way a real one is rendered (not Ink's debug mode):
 * a TTY-like stdout of a fixed size that timestamps every frame Ink writes, and a stdin that
 * takes key sequences. Lets a benchmark time a key press to the frame that answers it.
 */
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {stripEscapes} from './pseudo-terminal.js';

/** One frame as Ink wrote it, escape sequences removed, with the time it was written. */
export type Frame = {text: string; at: number};

type Waiter = {
	predicate: (text: string) => boolean;
	resolve: (frame: Frame) => void;
};

/** A stdout that Ink treats as a terminal of `columns` × `rows`. */
export class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	readonly columns: number;
	readonly rows: number;
	/** Frames written so far. */
	frameCount = 0;
	private last: Frame = {text: '', at: Number.NEGATIVE_INFINITY};
	private readonly waiters = new Set<Waiter>();

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	/** The newest frame. */
	get lastFrame(): Frame {
		return this.last;
	}

	/** Ink's write: every write with visible text is a whole frame (Ink redraws in full). */
	write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
		const at = performance.now();
		const text = stripEscapes(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
		if (text.trim() !== '') {
			this.last = {text, at};
			this.frameCount += 1;
			for (const waiter of this.waiters) {
				if (waiter.predicate(text)) {
					this.waiters.delete(waiter);
					waiter.resolve(this.last);
				}
			}
		}

		const callback = rest.find((argument) => typeof argument === 'function');
		if (callback !== undefined) (callback as () => void)();
		return true;
	}

	/**
	 * Resolves with the first frame written at or after `since` (a performance.now() time) that
	 * satisfies `predicate`; the newest frame counts when it is recent enough. Rejects after
	 * `timeoutMs` with the last frame in the message.
	 */
	async waitForFrame(
		predicate: (text: string) => boolean,
		{since = Number.NEGATIVE_INFINITY, timeoutMs = 5000} = {},
	): Promise<Frame> {
		if (this.last.at >= since && predicate(this.last.text)) return this.last;
		return new Promise<Frame>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.waiters.delete(waiter);
				reject(
					new Error(`no matching frame within ${timeoutMs} ms; last frame:\n${this.last.text}`),
				);
			}, timeoutMs);
			const waiter: Waiter = {
				predicate,
				resolve(frame) {
					clearTimeout(timer);
					resolve(frame);
				},
			};
			this.waiters.add(waiter);
		});
	}
}

/** A stdin that Ink reads keys from; `write` delivers one key sequence. */
export class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private pending: string | null = null;

	/** Delivers `data` as if the terminal sent it; Ink parses it synchronously. */
	write(data: string): void {
		this.pending = data;
		this.emit('readable');
		this.emit('data', data);
	}

	/** Ink's read loop: the pending key once, then null. */
	read(): string | null {
		const data = this.pending;
		this.pending = null;
		return data;
	}

	setEncoding(): this {
		return this;
	}

	setRawMode(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

/** A stream that swallows what is written (Ink's stderr). */
export class NullStream extends EventEmitter {
	write(...rest: unknown[]): boolean {
		const callback = rest.find((argument) => typeof argument === 'function');
		if (callback !== undefined) (callback as () => void)();
		return true;
	}
}
