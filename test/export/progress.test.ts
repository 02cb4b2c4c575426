import {PassThrough, Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {
	createProgressReporter,
	formatDuration,
	formatProgress,
	whenNeeded,
} from '../../source/export/progress.js';

/** A stream that keeps every write, optionally with a terminal width. */
function captureStream(columns?: number): Writable & {writes: string[]; columns?: number} {
	const writes: string[] = [];
	const stream = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			writes.push(chunk.toString());
			callback();
		},
	});
	return Object.assign(stream, {writes, columns});
}

function manualClock(start = 1000) {
	let time = start;
	return {now: () => time, advance: (milliseconds: number) => (time += milliseconds)};
}

describe('formatDuration', () => {
	it('writes durations as seconds, minutes and seconds, or hours and minutes', () => {
		expect(formatDuration(0)).toBe('0s');
		expect(formatDuration(41.2)).toBe('42s');
		expect(formatDuration(187)).toBe('3m 07s');
		expect(formatDuration(7500)).toBe('2h 05m');
	});
});

describe('formatProgress', () => {
	it('shows records done of the total, the percentage, a bar, the rate and the ETA', () => {
		const line = formatProgress({done: 2500, total: 10_000, elapsedMs: 500});
		expect(line).toBe('2,500 of 10,000  25% [######------------------]  5,000/s  ETA 2s');
	});

	it('shows unknown rate and ETA before any time has passed', () => {
		expect(formatProgress({done: 0, total: 500, elapsedMs: 0})).toContain('--/s  ETA --');
	});

	it('never writes a line as wide as the terminal, dropping the bar first', () => {
		const snapshot = {
			done: 123_456,
			total: 1_000_000,
			elapsedMs: 3000,
			note: 'retrying (attempt 2 of 4)',
		};
		for (const width of [20, 40, 60, 80, 120]) {
			expect(formatProgress(snapshot, width).length).toBeLessThan(width);
		}

		expect(formatProgress(snapshot, 60)).not.toContain('[');
		expect(formatProgress(snapshot, 120)).toContain('retrying (attempt 2 of 4)');
	});

	it('counts a total smaller than what is done as the done count', () => {
		expect(formatProgress({done: 120, total: 100, elapsedMs: 1000})).toMatch(/^120 of 120 100%/);
	});
});

describe('createProgressReporter', () => {
	it('redraws at most once per interval and clears the line at the end', () => {
		const stream = captureStream(100);
		const clock = manualClock();
		const progress = createProgressReporter({stream, isEnabled: true, now: clock.now});
		for (let done = 100; done <= 1000; done += 100) {
			progress.update(done, 1000);
			clock.advance(30);
		}

		// Ten updates over 300 ms: drawn at 0, 120 and 240 ms.
		expect(stream.writes).toHaveLength(3);
		expect(stream.writes[0]).toBe(
			`\r\u001B[2K${formatProgress({done: 100, total: 1000, elapsedMs: 0}, 100)}`,
		);
		expect(stream.writes[2]).toContain('900 of 1,000');
		progress.clear();
		expect(stream.writes.at(-1)).toBe('\r\u001B[2K');
		progress.clear();
		expect(stream.writes).toHaveLength(4);
	});

	it('writes nothing for progress when disabled but still writes messages', () => {
		const stream = captureStream();
		const progress = createProgressReporter({stream, isEnabled: false});
		progress.update(10, 100);
		progress.clear();
		expect(stream.writes).toEqual([]);
		progress.interrupt('viktor-tui: warning: something');
		expect(stream.writes).toEqual(['viktor-tui: warning: something\n']);
	});

	it('clears the line before a message and redraws on the next update', () => {
		const stream = captureStream();
		const clock = manualClock();
		const progress = createProgressReporter({stream, isEnabled: true, now: clock.now});
		progress.update(1, 10);
		progress.interrupt('viktor-tui: warning: careful\n');
		progress.update(2, 10);
		expect(stream.writes).toHaveLength(4);
		expect(stream.writes[1]).toBe('\r\u001B[2K');
		expect(stream.writes[2]).toBe('viktor-tui: warning: careful\n');
		expect(stream.writes[3]).toContain('2 of 10');
	});
});

describe('whenNeeded', () => {
	it('calls a function once, when first asked, and hands a value over as it is', () => {
		let calls = 0;
		const stream = new PassThrough();
		const get = whenNeeded(() => {
			calls++;
			return stream;
		});
		expect(calls).toBe(0);
		expect(get()).toBe(stream);
		expect(get()).toBe(stream);
		expect(calls).toBe(1);
		expect(whenNeeded(false)()).toBe(false);
		expect(whenNeeded(stream)()).toBe(stream);
	});

	it('draws nothing and builds no stream while the line is disabled', () => {
		let isBuilt = false;
		const progress = createProgressReporter({
			stream() {
				isBuilt = true;
				return new PassThrough();
			},
			isEnabled: () => false,
		});
		progress.update(1, 10);
		progress.clear();
		expect(isBuilt).toBe(false);
	});
});
