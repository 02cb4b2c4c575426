import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {listenForShutdown, type SignalSource} from '../source/shutdown.js';
import {beginTerminalSession, crashReport} from '../source/terminal.js';

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

describe('crashReport of hostile text', () => {
	it('lets no escape sequence, C1 or bidi control through', () => {
		const report = crashReport(new Error('bad \u001B]0;owned\u0007\u001B[2J\u009B31m\u202Eend'), {
			env: {},
		});
		expect(report).toBe('viktor-tui: bad end\n  (run with DEBUG=viktor-tui for details)\n');
	});
});

describe('listenForShutdown', () => {
	function fakeProcess() {
		const emitter = new EventEmitter();
		const exits: number[] = [];
		const shutdown = listenForShutdown({
			source: emitter as unknown as SignalSource,
			exit: (code) => exits.push(code),
		});
		return {emitter, exits, shutdown};
	}

	it.each([
		['SIGINT', 130],
		['SIGQUIT', 131],
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)('aborts the one signal on %s and reports exit %i', (name, code) => {
		const {emitter, exits, shutdown} = fakeProcess();
		expect(shutdown.signal.aborted).toBe(false);
		expect(shutdown.exitCode()).toBeUndefined();
		emitter.emit(name);
		expect(shutdown.signal.aborted).toBe(true);
		expect(shutdown.received()).toBe(name);
		expect(shutdown.exitCode()).toBe(code);
		expect(exits).toEqual([]);
	});

	it("exits at once on a second signal, with the first one's status", () => {
		const {emitter, exits} = fakeProcess();
		emitter.emit('SIGTERM');
		emitter.emit('SIGINT');
		expect(exits).toEqual([143]);
	});

	it('stops listening when disposed', () => {
		const {emitter, shutdown} = fakeProcess();
		shutdown.dispose();
		expect(emitter.listenerCount('SIGINT')).toBe(0);
		expect(emitter.listenerCount('SIGQUIT')).toBe(0);
	});
});

describe('beginTerminalSession', () => {
	function terminal() {
		const written: string[] = [];
		const stdin = {
			isTTY: true,
			isRaw: false,
			setRawMode(isRaw: boolean) {
				stdin.isRaw = isRaw;
				return stdin;
			},
		};
		const stdout = {isTTY: true, write: (text: string) => written.push(text) > 0};
		const streams = {
			stdin: stdin as unknown as NodeJS.ReadStream,
			stdout: stdout as unknown as NodeJS.WriteStream,
		};
		return {stdin, written, streams};
	}

	it('takes the keys raw from the start, before any frame, and gives them back cooked once', () => {
		const {stdin, written, streams} = terminal();
		const session = beginTerminalSession(streams);
		expect(stdin.isRaw).toBe(true);
		expect(written).toEqual(['\u001B[?1049h']);
		session.restore();
		session.restore();
		expect(stdin.isRaw).toBe(false);
		expect(written).toEqual(['\u001B[?1049h', '\u001B[?25h\u001B[?1049l']);
	});

	it('leaves a stdin that is not a terminal alone', () => {
		const {stdin, streams} = terminal();
		stdin.isTTY = false;
		beginTerminalSession(streams).restore();
		expect(stdin.isRaw).toBe(false);
	});
});
