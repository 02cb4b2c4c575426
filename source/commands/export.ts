/**
 * `viktor-tui --json`: every workspace as one JSON object per line (NDJSON) on stdout, in server
 * order, for scripts. Also what runs when stdout is not a terminal.
 */
import type {Writable} from 'node:stream';
import {RecordBytes, RecordText, type ExportRecord} from '../api/page-bytes.js';
import type {Page, RetryEvent, Workspace} from '../api/types.js';
import {stringifyJson} from '../json.js';
import {errorText, escapeControls, hasControls} from '../sanitize.js';
import {createLineBytes, type LineBytes} from '../export/line-bytes.js';
import {createProgressReporter, whenNeeded, type WhenNeeded} from '../export/progress.js';
import {
	InvalidOptionError,
	streamOrderedPages,
	type OrderedChunk,
	type OrderedPagesStats,
	type PageFetcher,
} from '../export/ordered-pages.js';

/** Options of runExport. */
export type ExportOptions = {
	/** Pages of records, parsed or as the bytes the server sent (written as they are). */
	fetchPage: PageFetcher<ExportRecord>;
	/**
	 * Where the NDJSON goes (stdout). Backpressure is respected. This and the next two may be
	 * functions, called when first needed (after the first request is out; see WhenNeeded).
	 */
	output: WhenNeeded<Writable>;
	/** Where errors, warnings and the progress line go. */
	stderr: WhenNeeded<Writable>;
	/** Draw the progress line only when stderr is a terminal. */
	isStderrTty: WhenNeeded<boolean>;
	search?: string;
	sort?: string;
	/** Absolute offset of the first record. Default 0. */
	offset?: number;
	/** Write at most this many records. Default: all. */
	max?: number;
	/** The `limit` of the first request. Default 100. */
	limit?: number;
	/** Requests in flight at most. Default 6. */
	concurrency?: number;
	/** Aborting cancels the requests in flight; the export ends with exit code 130. */
	signal?: AbortSignal;
	/** The progress line's clock, in milliseconds. Default Date.now. */
	now?: () => number;
	/**
	 * The records of a fetched page as the server wrote them, when known: written as they came
	 * (see `toNdjsonLine`) instead of serialising the parsed records again.
	 */
	recordTextsOf?: (page: Page<ExportRecord>) => readonly string[] | undefined;
};

/**
 * How the export ended. Exit codes: 0 done (also when the reader of the output went away, as
 * with `| head`), 1 failed, 2 invalid options, 130 aborted through `signal`.
 */
export type ExportResult = {
	exitCode: 0 | 1 | 2 | 130;
	/** Lines written to the output. */
	written: number;
	/** The offset of the request that failed; every record before it was written. */
	failedOffset?: number;
	stats: OrderedPagesStats;
};

// JSON whitespace that cannot stay in a line: raw, these can only stand between tokens (JSON
// strings hold them escaped), where the escaping below would not be JSON any more.
const breaksLine = /[\t\n\r]/;

/**
 * One NDJSON line for a record, newline included. Control characters (C0, DEL, C1, which some
 * terminals obey), bidi controls, zero-width characters and the JavaScript line separators are
 * written as `\u` escapes (`\u202e`), so the line is safe in a terminal and still parses to
 * exactly what the server sent. Any depth of nesting is written, without a stack overflow.
 *
 * `text`, the record as the server wrote it (from an answer that JSON.parse accepted), is
 * written as it is when it fits on one line, with the same escapes: every character they
 * replace stands inside a JSON string there, where a `\u` escape means the same character. So
 * numbers keep every digit the server sent (an id beyond 2^53 too) and nothing is serialised
 * again. Otherwise the parsed record is written.
 */
export function toNdjsonLine(record: Workspace, text?: string): string {
	if (text !== undefined) {
		// Most records hold nothing to escape: one scan, and the text goes out as it came.
		if (!hasControls(text)) return `${text}\n`;
		if (!breaksLine.test(text)) return `${escapeControls(text)}\n`;
	}

	return `${escapeControls(stringifyJson(record) ?? 'null')}\n`;
}

/**
 * Adds `records[first]` (bytes) and the records after it that follow it in the same answer one
 * byte (a comma) apart, as lines; returns the index of the last one added.
 */
function addRecordRun(lines: LineBytes, records: readonly ExportRecord[], first: number): number {
	const head = records[first] as RecordBytes;
	const breaks: number[] = [];
	let last = head;
	let index = first;
	for (;;) {
		const next = records[index + 1];
		if (
			!(next instanceof RecordBytes) ||
			next.bytes !== head.bytes ||
			next.start !== last.end + 1
		) {
			break;
		}

		breaks.push(last.end);
		last = next;
		index++;
	}

	lines.addRun(head.bytes, head.start, last.end, breaks);
	return index;
}

/** Makes an error message fit for one stderr line: no token, no control characters. */
function describe(error: unknown): string {
	return errorText(error);
}

/** An error raised when the output stream is gone, so the export ends quietly. */
function isClosedOutput(error: unknown): boolean {
	const code = (error as {code?: unknown} | undefined)?.code;
	return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

type LineWriter = {
	/** Writes `bytes`; waits for the output to drain when it asks for that. */
	write: (bytes: Buffer) => Promise<void>;
	/** Waits until every write has been handed to the system; rejects with a write error. */
	flush: () => Promise<void>;
	release: () => void;
};

function createLineWriter(outputOption: WhenNeeded<Writable>): LineWriter {
	let failure: unknown;
	let lastWrite: Promise<void> = Promise.resolve();
	const onError = (error: Error) => {
		failure ??= error;
	};

	// Listened to from when it is first used: a stream not built yet cannot fail.
	let output: Writable | undefined;
	const getOutput = whenNeeded(outputOption);
	const built = () => {
		if (output === undefined) {
			output = getOutput();
			output.on('error', onError);
		}

		return output;
	};

	const closedError = () =>
		Object.assign(new Error('the output was closed'), {code: 'ERR_STREAM_DESTROYED'});

	const waitForDrain = (output: Writable) =>
		new Promise<void>((resolve) => {
			const done = () => {
				output.off('drain', done);
				output.off('close', done);
				output.off('error', done);
				resolve();
			};

			output.on('drain', done);
			output.on('close', done);
			output.on('error', done);
		});

	const throwIfFailed = (output: Writable) => {
		if (failure !== undefined) {
			throw failure;
		}

		if (output.destroyed) {
			throw closedError();
		}
	};

	return {
		async write(bytes) {
			const output = built();
			throwIfFailed(output);
			let isFlowing = true;
			lastWrite = new Promise<void>((resolve) => {
				isFlowing = output.write(bytes, (error) => {
					if (error) {
						failure ??= error;
					}

					resolve();
				});
			});
			if (!isFlowing) {
				await waitForDrain(output);
			}

			throwIfFailed(output);
		},
		async flush() {
			await lastWrite;
			if (failure !== undefined) {
				throw failure;
			}
		},
		release() {
			if (failure === undefined) {
				output?.off('error', onError);
			}
			// After a write error the stream may still emit 'error' for writes it had queued;
			// the listener stays so such a late event cannot crash the process.
		},
	};
}

/**
 * Writes every workspace from `offset` (at most `max`) as NDJSON on `output`, in server order,
 * fetching up to `concurrency` pages at a time. On a failed page it writes the complete lines
 * before it and reports `viktor-tui: export failed at offset N: <message>` on stderr (exit 1). A
 * closed output (EPIPE) cancels the requests in flight and ends quietly with exit 0.
 */
export async function runExport(options: ExportOptions): Promise<ExportResult> {
	const {fetchPage, output, stderr, isStderrTty, search, sort, now, recordTextsOf} = options;
	const startOffset = options.offset ?? 0;
	const progress = createProgressReporter({stream: stderr, isEnabled: isStderrTty, now});
	const writer = createLineWriter(output);
	const lines = createLineBytes();
	// A write error stops the walk through its abort path, which cancels the requests in flight.
	// (Not abort.ts's abortWhenAny: importing it here splits it into a chunk of its own, one more
	// module to load before the first request.)
	const stopOnWriteError = new AbortController();
	const signal =
		options.signal === undefined
			? stopOnWriteError.signal
			: AbortSignal.any([options.signal, stopOnWriteError.signal]);
	let writeError: unknown;
	let recordFailure: {offset: number; error: unknown} | undefined;
	let written = 0;
	let total = options.max ?? 0;
	// The count of the first answer and of the latest: offset paging over a list that changes
	// meanwhile may skip or repeat records, which the user is told.
	let counts: {first: number; last: number; hasChanged: boolean} | undefined;

	const onRetry = (event: RetryEvent) => {
		progress.update(
			written,
			total,
			`retrying (attempt ${event.attempt + 1} of ${event.maxAttempts})`,
		);
	};

	const writeChunk = async (chunk: OrderedChunk<ExportRecord>) => {
		// The requests this page's answer started go out first; writing it can wait a moment.
		await new Promise<void>((resolve) => {
			setImmediate(resolve);
		});
		const {records, texts} = chunk;
		for (let index = 0; index < records.length; index++) {
			const record = records[index]!;
			if (record instanceof RecordBytes) {
				// Read from the answer's bytes, which hold nothing to escape: written as they are,
				// the records that stand a comma apart in one answer copied at once.
				index = addRecordRun(lines, records, index);
				continue;
			}

			try {
				if (record instanceof RecordText) {
					lines.add(toNdjsonLine(record.value, record.text));
					continue;
				}

				const text = texts?.[index];
				// Most records hold nothing to escape: their text goes out as it came (toNdjsonLine).
				if (text !== undefined && !hasControls(text)) lines.addLine(text);
				else lines.add(toNdjsonLine(record, text));
			} catch (error) {
				// Server data is never a usage error: the export fails at this record, by its offset.
				recordFailure = {offset: chunk.offset + index, error};
				break;
			}
		}

		try {
			await writer.write(lines.take());
		} catch (error) {
			writeError = error;
			stopOnWriteError.abort();
			return;
		}

		if (recordFailure !== undefined) {
			written += recordFailure.offset - chunk.offset;
			stopOnWriteError.abort();
			return;
		}

		written += chunk.records.length;
		const first = counts?.first ?? chunk.count;
		counts = {
			first,
			last: chunk.count,
			hasChanged: (counts?.hasChanged ?? false) || chunk.count !== first,
		};
		total = Math.max(chunk.end - startOffset, written);
		progress.update(written, total);
	};

	try {
		const outcome = await streamOrderedPages(
			{
				fetchPage,
				offset: startOffset,
				max: options.max,
				limit: options.limit,
				concurrency: options.concurrency,
				search,
				sort,
				signal,
				onRetry,
				...(recordTextsOf === undefined ? {} : {recordTextsOf}),
			},
			writeChunk,
		);
		if (writeError === undefined) {
			try {
				await writer.flush();
			} catch (error) {
				writeError = error;
			}
		}

		progress.clear();
		const {stats} = outcome;
		if (recordFailure !== undefined && writeError === undefined) {
			progress.interrupt(
				`viktor-tui: export failed at offset ${recordFailure.offset}: the record there could not be written as JSON (${describe(recordFailure.error)})`,
			);
			return {exitCode: 1, written, failedOffset: recordFailure.offset, stats};
		}

		if (writeError !== undefined) {
			if (isClosedOutput(writeError)) {
				return {exitCode: 0, written, stats};
			}

			progress.interrupt(
				`viktor-tui: export failed: cannot write the output: ${describe(writeError)}`,
			);
			return {exitCode: 1, written, stats};
		}

		switch (outcome.status) {
			case 'complete': {
				if (counts?.hasChanged === true) {
					progress.interrupt(
						`viktor-tui: warning: the server's count changed from ${counts.first} to ${counts.last} during the export; records added or removed meanwhile may be missing or repeated`,
					);
				}

				return {exitCode: 0, written, stats};
			}

			case 'empty-page': {
				progress.interrupt(
					`viktor-tui: warning: the server returned no records at offset ${outcome.nextOffset} although it counts ${outcome.count}; the export stops there`,
				);
				return {exitCode: 0, written, stats};
			}

			case 'failed': {
				progress.interrupt(
					`viktor-tui: export failed at offset ${outcome.nextOffset}: ${describe(outcome.error)}`,
				);
				return {exitCode: 1, written, failedOffset: outcome.nextOffset, stats};
			}

			case 'aborted': {
				return {exitCode: 130, written, stats};
			}
		}
	} catch (error) {
		if (!(error instanceof InvalidOptionError)) {
			throw error;
		}

		progress.interrupt(`viktor-tui: invalid export option: ${describe(error)}`);
		return {
			exitCode: 2,
			written,
			stats: {requests: 0, maxInFlight: 0, maxBufferedPages: 0, windowPages: 0},
		};
	} finally {
		writer.release();
	}
}
