import {describe, expect, it} from 'vitest';
import {crashReport} from '../source/terminal.js';

const token = 'vktrpat_abcdefghijklmn_abcdefghijklmnopqrstuvwxyz';

function failing(): Error {
	return new Error(`request with ${token} failed`);
}

describe('crashReport', () => {
	it('is one short, redacted line without a stack, with a hint how to see more', () => {
		const report = crashReport(failing(), {env: {}, secrets: [token]});
		expect(report).not.toContain(token);
		expect(report).not.toContain('abcdefghijklmn');
		expect(report).not.toMatch(/\n\s+at /);
		expect(report).toBe(
			'viktor-tui: request with [redacted] failed\n  (run with DEBUG=viktor-tui for details)\n',
		);
	});

	it('adds the stack, still redacted, when DEBUG names viktor-tui', () => {
		const report = crashReport(failing(), {env: {DEBUG: 'other,viktor-tui'}, secrets: [token]});
		expect(report).toMatch(/\n\s+at /);
		expect(report).not.toContain(token);
		expect(report).not.toContain('DEBUG=viktor-tui for details');
	});

	it('redacts anything shaped like a token even when it is not the one in use', () => {
		const report = crashReport('thrown vktrpat_other_secret', {env: {}});
		expect(report).toContain('vktrpat_[redacted]');
		expect(report).not.toContain('other_secret');
	});

	it('sanitises the report and redacts a token with zero-width characters in it', () => {
		const echoed = `vktrpat_${[...'abcdefghijklmnopqrstuvwxyz'].join('\u200B')}`;
		const report = crashReport(new Error(`bad \u001B]0;owned\u0007${echoed}\u202E`), {env: {}});
		expect(report).toBe(
			'viktor-tui: bad vktrpat_[redacted]\n  (run with DEBUG=viktor-tui for details)\n',
		);
	});
});
