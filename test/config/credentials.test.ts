import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	describeTokenSource,
	looksLikeToken,
	tokenCommandProblem,
	maskToken,
	resolveToken,
	tokenCommandPresets,
	tokenVariableForProfile,
} from '../../source/config/credentials.js';

const token = 'vktrpat_abcdefghijklmn_abcdefghijklmnopqrstuva1b2';
const env = {PATH: process.env.PATH};

describe('resolveToken from an environment variable', () => {
	it('returns the variable, trimmed', async () => {
		expect(
			await resolveToken(
				{type: 'env', variable: 'VIKTOR_TOKEN_ACME'},
				{commandRefusal: undefined, env: {VIKTOR_TOKEN_ACME: ` ${token}\n`}},
			),
		).toEqual({ok: true, token});
	});

	it.each([undefined, '', '   '])('says the variable is not set when it is %j', async (value) => {
		expect(
			await resolveToken(
				{type: 'env', variable: 'VIKTOR_TOKEN_ACME'},
				{commandRefusal: undefined, env: {VIKTOR_TOKEN_ACME: value}},
			),
		).toEqual({ok: false, reason: 'VIKTOR_TOKEN_ACME is not set'});
	});
});

describe('resolveToken from a command', () => {
	it('runs it through the shell and takes its one line of output, trimmed', async () => {
		const result = await resolveToken(
			{type: 'command', command: `printf '\\n  %s \\n\\n' "$SECRET" | cat`},
			{commandRefusal: undefined, env: {...env, SECRET: token}},
		);
		expect(result).toEqual({ok: true, token});
	});

	it('refuses output of more than one line instead of sending a prompt as the token', async () => {
		const result = await resolveToken(
			{type: 'command', command: `echo 'Password:'; printf '%s\\n' "$SECRET"`},
			{commandRefusal: undefined, env: {...env, SECRET: token}},
		);
		expect(result).toEqual({
			ok: false,
			reason:
				'the token command printed 2 non-empty lines; it must print only the token, on one line (send prompts and messages to stderr)',
		});
		expect(JSON.stringify(result)).not.toContain('Password');
	});

	it('does not hand VIKTOR_TOKEN to the command', async () => {
		const result = await resolveToken(
			{type: 'command', command: 'echo "${VIKTOR_TOKEN:-unset}-$OTHER"'},
			{commandRefusal: undefined, env: {...env, VIKTOR_TOKEN: token, OTHER: 'kept'}},
		);
		expect(result).toEqual({ok: true, token: 'unset-kept'});
	});

	it('does not run a command the config file may not run, and says why', async () => {
		const marker = path.join(os.tmpdir(), `viktor-refused-${process.pid}-${Date.now()}`);
		const result = await resolveToken(
			{type: 'command', command: `touch ${marker}; echo ${token}`},
			{env, commandRefusal: 'Not running token commands from /x/config.json: …'},
		);
		expect(result).toEqual({
			ok: false,
			reason: 'Not running token commands from /x/config.json: …',
		});
		expect(fs.existsSync(marker)).toBe(false);
	});

	it("makes a failing command's stderr safe to print: no escapes, no bidi, no token", async () => {
		const result = await resolveToken(
			{
				type: 'command',
				command: `printf 'bad \\033]0;pwned\\007\\033[2J\\342\\200\\256 %s\\n' "$SECRET" >&2; exit 1`,
			},
			{commandRefusal: undefined, env: {...env, SECRET: token}},
		);
		expect(result).toEqual({
			ok: false,
			reason: 'the token command failed (exit 1): bad vktrpat_[redacted]',
		});
	});

	it('reports a failure with the first line of stderr, redacted', async () => {
		const result = await resolveToken(
			{type: 'command', command: `echo "\nno such item (${token})" >&2; echo ignored >&2; exit 3`},
			{env, commandRefusal: undefined},
		);
		expect(result).toEqual({
			ok: false,
			reason: 'the token command failed (exit 3): no such item (vktrpat_[redacted])',
		});
	});

	it('reports a command that is not found', async () => {
		const result = await resolveToken(
			{type: 'command', command: 'no-such-command-viktor'},
			{env, commandRefusal: undefined},
		);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason).toMatch(
			/^the token command failed \(exit 127\): .*not found/,
		);
	});

	it('reports a command that prints nothing', async () => {
		expect(
			await resolveToken({type: 'command', command: 'true'}, {env, commandRefusal: undefined}),
		).toEqual({
			ok: false,
			reason: 'the token command printed nothing',
		});
	});

	it('kills a command that takes too long, children included', async () => {
		const started = Date.now();
		const result = await resolveToken(
			{type: 'command', command: 'sleep 30; echo late'},
			{env, commandRefusal: undefined, timeoutMs: 150},
		);
		expect(result).toEqual({ok: false, reason: 'the token command timed out after 0.15 s'});
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('stops a running command when cancelled', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const pending = resolveToken(
			{type: 'command', command: 'sleep 30'},
			{env, commandRefusal: undefined, signal: controller.signal},
		);
		setImmediate(() => controller.abort());
		expect(await pending).toEqual({ok: false, reason: 'the token command was cancelled'});
		expect(Date.now() - started).toBeLessThan(2000);
	});
});

describe('token helpers', () => {
	it.each([
		[token, 'vktrpat_…a1b2'],
		['some-other-long-token-xyz9', '…xyz9'],
		['short', '••••'],
		['', '••••'],
	])('masks %j as %j', (value, masked) => {
		expect(maskToken(value)).toBe(masked);
	});

	it('never shows more than the last 4 characters of a token', () => {
		expect(maskToken(token)).not.toContain(token.slice(-5));
	});

	it('checks only the vktrpat_ prefix', () => {
		expect(looksLikeToken('vktrpat_x')).toBe(true);
		expect(looksLikeToken('ghp_abcdef')).toBe(false);
	});

	it.each([
		['acme', 'VIKTOR_TOKEN_ACME'],
		['cloud.us1', 'VIKTOR_TOKEN_CLOUD_US1'],
		['my-env', 'VIKTOR_TOKEN_MY_ENV'],
	])('suggests a variable for %s', (name, variable) => {
		expect(tokenVariableForProfile(name)).toBe(variable);
	});

	it('describes token sources without any token', () => {
		expect(describeTokenSource({type: 'env', variable: 'VIKTOR_TOKEN'})).toBe('env VIKTOR_TOKEN');
		expect(describeTokenSource({type: 'command', command: 'pass show x'})).toBe(
			'command: pass show x',
		);
	});

	it('masks a token written into a command when describing it', () => {
		expect(describeTokenSource({type: 'command', command: `echo ${token}`})).toBe(
			'command: echo vktrpat_[redacted]',
		);
	});

	it('finds a token written into a command, and nothing in a command that reads one', () => {
		expect(tokenCommandProblem(`echo ${token}`)).toMatch(
			/holds a token itself; keep the token in an environment variable/,
		);
		expect(tokenCommandProblem('pass show viktor-tui/acme')).toBeUndefined();
	});

	it('offers the documented presets', () => {
		const commands = Object.fromEntries(
			tokenCommandPresets.map((preset) => [
				preset.id,
				[preset.lookupCommand('acme'), preset.storeInstruction('acme')],
			]),
		);
		expect(commands).toEqual({
			'macos-keychain': [
				'security find-generic-password -s viktor-tui -a acme -w',
				'security add-generic-password -s viktor-tui -a acme -w',
			],
			'secret-tool': [
				'secret-tool lookup service viktor-tui profile acme',
				"secret-tool store --label='viktor-tui acme' service viktor-tui profile acme",
			],
			'1password': ['op read op://VAULT/ITEM/credential', expect.stringContaining('1Password')],
			pass: ['pass show viktor-tui/acme', 'pass insert viktor-tui/acme'],
		});
	});
});
