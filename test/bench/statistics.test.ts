import {describe, expect, it} from 'vitest';
import {childrenCpuMs} from '../../bench/cold-start.js';
import {idealExportMs, loadText, pairedRatios} from '../../bench/report.js';

describe('bench: paired ratios', () => {
	it('divides round by round and skips rounds with a missing value', () => {
		expect(pairedRatios([300, 200, undefined, 90], [100, 100, 100, 0])).toEqual([3, 2]);
	});
});

describe('bench: CPU time of a finished child from the shell that waited for it', () => {
	it('reads cutime + cstime (fields 16 and 17) in clock ticks, past a command name with spaces', () => {
		// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
		const line = '4242 (sh (odd) name) S 1 4242 4242 0 -1 4194304 100 200 0 0 1 2 37 5 20 0 1 0';
		expect(childrenCpuMs(line)).toBe(420);
	});

	it('gives undefined for a line it cannot read', () => {
		expect(childrenCpuMs('garbage')).toBeUndefined();
	});
});

describe('bench: export ideal and load', () => {
	it('counts the first page alone, then the rest six at a time', () => {
		expect(idealExportMs(800, 50)).toBe((1 + 134) * 50);
		expect(idealExportMs(1, 20)).toBe(20);
	});

	it('summarises load averages', () => {
		expect(loadText([1, 3, 2])).toBe('median 2.00 (1.00–3.00)');
		expect(loadText([])).toBe('n/a');
	});
});
