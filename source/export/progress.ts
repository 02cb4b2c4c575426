/**
 * The export's progress line on stderr: records done of the total, rate and ETA, redrawn in
 * place at most every `intervalMs`, and only when stderr is a terminal.
 */
import type {Writable} from 'node:stream';
import {formatCount} from '../format.js';

/** What one progress line shows. */
export type ProgressSnapshot = {
	done: number;
	total: number;
	elapsedMs: number;
	/** A short remark such as a retry in progress. */
	note?: string;
};

/** A short duration for an ETA: `42s`, `3m 07s`, `2h 05m`. */
export function formatDuration(seconds: number): string {
	const whole = Math.max(0, Math.ceil(seconds));
	if (whole < 60) {
		return `${whole}s`;
	}

	if (whole < 3600) {
		return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
	}

	const minutes = Math.floor(whole / 60);
	return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

const maximumBarWidth = 24;
const minimumBarWidth = 5;

/**
 * One progress line, at most `width - 1` characters so it never wraps:
 * `1,200 of 10,000  12% [###---------]  4,000/s  ETA 3s`.
 */
export function formatProgress(snapshot: ProgressSnapshot, width = 80): string {
	const total = Math.max(snapshot.total, snapshot.done);
	const fraction = total === 0 ? 0 : snapshot.done / total;
	const seconds = snapshot.elapsedMs / 1000;
	const rate = seconds > 0 ? snapshot.done / seconds : 0;
	const remaining = total - snapshot.done;
	let eta = '--';
	if (remaining === 0) {
		eta = '0s';
	} else if (rate > 0) {
		eta = formatDuration(remaining / rate);
	}

	const head = `${formatCount(Math.round(snapshot.done))} of ${formatCount(Math.round(total))} ${String(Math.floor(fraction * 100)).padStart(3)}%`;
	const tail = [
		`${rate > 0 ? formatCount(Math.round(rate)) : '--'}/s`,
		`ETA ${eta}`,
		...(snapshot.note === undefined ? [] : [snapshot.note]),
	].join('  ');
	const available = width - 1;
	const barWidth = Math.min(maximumBarWidth, available - head.length - tail.length - 6);
	let line = `${head}  ${tail}`;
	if (barWidth >= minimumBarWidth) {
		const filled = Math.floor(fraction * barWidth);
		line = `${head} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]  ${tail}`;
	}

	return line.length > available ? line.slice(0, Math.max(0, available)) : line;
}

/** Draws and clears the progress line. Every method is a no-op on the line when disabled. */
export type ProgressReporter = {
	/** Records progress; redraws when the last draw is at least `intervalMs` old. */
	update: (done: number, total: number, note?: string) => void;
	/** Writes a message (such as a warning) on its own line, keeping the progress line below it. */
	interrupt: (text: string) => void;
	/** Removes the progress line, leaving the cursor at the start of an empty line. */
	clear: () => void;
};

/**
 * A value, or the function that gives it, called once, when it is first needed: building
 * `process.stdout` or `process.stderr` costs about a millisecond (more for a terminal), which need
 * not come before the export's first request.
 */
export type WhenNeeded<T> = T | (() => T);

/** The function that gives what `value` holds, calling it (once) only when first asked. */
export function whenNeeded<T extends object | boolean>(value: WhenNeeded<T>): () => T {
	if (typeof value !== 'function') return () => value;
	let made: {value: T} | undefined;
	return () => {
		made ??= {value: value()};
		return made.value;
	};
}

/** Options of createProgressReporter. */
export type ProgressReporterOptions = {
	stream: WhenNeeded<Writable>;
	/** Draw only when true (stderr is a terminal); messages are written either way. */
	isEnabled: WhenNeeded<boolean>;
	/** Milliseconds between redraws at the least. Default 100 (at most ~10 redraws a second). */
	intervalMs?: number;
	/** The clock, in milliseconds. Default Date.now. */
	now?: () => number;
};

const eraseLine = '\r\u001B[2K';

/** Creates a progress line on `stream`; the clock starts now. */
export function createProgressReporter({
	stream: streamOption,
	isEnabled: isEnabledOption,
	intervalMs = 100,
	now = Date.now,
}: ProgressReporterOptions): ProgressReporter {
	const stream = whenNeeded(streamOption);
	const isEnabled = whenNeeded(isEnabledOption);
	const startedAt = now();
	let lastDrawAt: number | undefined;
	let isDrawn = false;

	const columns = () => {
		const value = (stream() as Writable & {columns?: unknown}).columns;
		return typeof value === 'number' && value > 0 ? value : 80;
	};

	const clear = () => {
		if (isDrawn) {
			stream().write(eraseLine);
			isDrawn = false;
		}
	};

	return {
		update(done, total, note) {
			if (!isEnabled()) {
				return;
			}

			const time = now();
			if (lastDrawAt !== undefined && time - lastDrawAt < intervalMs) {
				return;
			}

			lastDrawAt = time;
			const line = formatProgress({done, total, elapsedMs: time - startedAt, note}, columns());
			stream().write(`${eraseLine}${line}`);
			isDrawn = true;
		},
		interrupt(text) {
			clear();
			stream().write(text.endsWith('\n') ? text : `${text}\n`);
			lastDrawAt = undefined;
		},
		clear,
	};
}
