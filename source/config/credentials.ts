/**
 * Where a Personal Access Token comes from: an environment variable or a command that prints it
 * (a keychain, a password manager). The token itself is never written to disk by viktor-tui.
 */
import {redact, sanitizeText} from '../api/errors.js';
import type {EnvironmentVariables, TokenSource} from './profiles.js';

/** The outcome of resolving a token source; `reason` is one human line, safe to show. */
export type TokenResult = {ok: true; token: string} | {ok: false; reason: string};

/** Options of {@link resolveToken}. */
export type ResolveTokenOptions = {
	/** The variables to read from and to run a command with. */
	env: EnvironmentVariables;
	/** A token command slower than this is killed. Default 10,000 ms. */
	timeoutMs?: number;
	/** Stops a running token command (its whole process group). */
	signal?: AbortSignal;
	/**
	 * Why token commands from the config file must not run (see `ProfileSnapshot.commandRefusal`),
	 * or undefined when they may. Required, so that no caller forgets to decide.
	 */
	commandRefusal: string | undefined;
};

/** A well-known place to keep a token, with the commands to read it back and to store it. */
export type TokenCommandPreset = {
	id: 'macos-keychain' | 'secret-tool' | '1password' | 'pass';
	label: string;
	/** The command that prints the token for the profile `profileName`. */
	lookupCommand: (profileName: string) => string;
	/** How to put the token there; a command, or an instruction where there is no single one. */
	storeInstruction: (profileName: string) => string;
};

const tokenPrefix = 'vktrpat_';
const outputCap = 64 * 1024;

// Profile names are restricted to [A-Za-z0-9._-], so they are safe inside these shell commands.
/** Token command presets offered by the setup screen and the docs. */
export const tokenCommandPresets: readonly TokenCommandPreset[] = [
	{
		id: 'macos-keychain',
		label: 'macOS Keychain',
		lookupCommand: (name) => `security find-generic-password -s viktor-tui -a ${name} -w`,
		storeInstruction: (name) => `security add-generic-password -s viktor-tui -a ${name} -w`,
	},
	{
		id: 'secret-tool',
		label: 'Linux Secret Service (secret-tool)',
		lookupCommand: (name) => `secret-tool lookup service viktor-tui profile ${name}`,
		storeInstruction: (name) =>
			`secret-tool store --label='viktor-tui ${name}' service viktor-tui profile ${name}`,
	},
	{
		id: '1password',
		label: '1Password CLI',
		lookupCommand: () => 'op read op://VAULT/ITEM/credential',
		storeInstruction: () =>
			'Save the token in 1Password as an API Credential item, then put its vault and item names in the command',
	},
	{
		id: 'pass',
		label: 'pass (the standard Unix password manager)',
		lookupCommand: (name) => `pass show viktor-tui/${name}`,
		storeInstruction: (name) => `pass insert viktor-tui/${name}`,
	},
];

/** Whether `token` has the shape of a VIKTOR Personal Access Token (only the prefix is checked). */
export function looksLikeToken(token: string): boolean {
	return token.startsWith(tokenPrefix);
}

/** A token safe to show: `vktrpat_…a1b2` (prefix and last 4); anything short is `••••`. */
export function maskToken(token: string): string {
	const trimmed = token.trim();
	if (trimmed.length < 16) return '••••';
	const prefix = looksLikeToken(trimmed) ? tokenPrefix : '';
	return `${prefix}…${trimmed.slice(-4)}`;
}

/** The per-profile variable name suggested for a profile's token: `acme` → `VIKTOR_TOKEN_ACME`. */
export function tokenVariableForProfile(profileName: string): string {
	return `VIKTOR_TOKEN_${profileName.toUpperCase().replaceAll(/[^A-Z\d]/g, '_')}`;
}

/**
 * A one-line description of a token source, safe to print: `env VIKTOR_TOKEN_ACME` or
 * `command: pass …`, with any token inside a (hand-edited) command masked.
 */
export function describeTokenSource(source: TokenSource): string {
	return source.type === 'env' ? `env ${source.variable}` : `command: ${redact(source.command)}`;
}

/**
 * Why a token command must not be saved: it holds a token itself (`echo vktrpat_…`), which would
 * put the secret on disk and on screen. Undefined when it is fine.
 */
export function tokenCommandProblem(command: string): string | undefined {
	if (redact(command) === command) return undefined;
	return 'the token command holds a token itself; keep the token in an environment variable (--token-env VAR) or a secret store (pass, secret-tool, 1Password, Keychain) and let the command read it from there';
}

function formatSeconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(2))} s`;
}

function nonEmptyLines(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line !== '');
}

/**
 * The token in a command's output: its one non-empty line. More than one is refused rather than
 * guessed at (a `Password:` prompt, a warning), naming the lines without showing them.
 */
function tokenFromOutput(stdout: string): TokenResult {
	const lines = nonEmptyLines(stdout);
	if (lines.length === 0) return {ok: false, reason: 'the token command printed nothing'};
	if (lines.length > 1) {
		return {
			ok: false,
			reason: `the token command printed ${lines.length} non-empty lines; it must print only the token, on one line (send prompts and messages to stderr)`,
		};
	}
	return {ok: true, token: lines[0] ?? ''};
}

/** The environment of a token command: the caller's, without `VIKTOR_TOKEN`. */
function commandEnvironment(env: EnvironmentVariables): EnvironmentVariables {
	const {VIKTOR_TOKEN: _token, ...rest} = env;
	return rest;
}

async function runTokenCommand(
	command: string,
	{env: callerEnv, timeoutMs = 10_000, signal, commandRefusal}: ResolveTokenOptions,
): Promise<TokenResult> {
	if (commandRefusal !== undefined) return {ok: false, reason: commandRefusal};
	// Loaded here, not at the top: most runs take the token from a variable and spawn nothing.
	// (getBuiltinModule, not import(): in the CommonJS build that would start the ESM loader.)
	const {spawn} = process.getBuiltinModule('node:child_process');
	if (signal?.aborted) return {ok: false, reason: 'the token command was cancelled'};
	const env = commandEnvironment(callerEnv);
	return new Promise<TokenResult>((resolve) => {
		const isWindows = process.platform === 'win32';
		// detached: the command gets its own process group, so a timeout kills its children too.
		const child = isWindows
			? spawn(command, {env, shell: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true})
			: spawn('/bin/sh', ['-c', command], {env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
		let stdout = '';
		let stderr = '';
		let settled = false;

		const kill = () => {
			try {
				if (!isWindows && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
				else child.kill('SIGKILL');
			} catch {
				// Already exited between the check and the kill.
			}
		};
		const finish = (result: TokenResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			resolve(result);
		};
		const onAbort = () => {
			kill();
			finish({ok: false, reason: 'the token command was cancelled'});
		};
		const timer = setTimeout(() => {
			kill();
			finish({ok: false, reason: `the token command timed out after ${formatSeconds(timeoutMs)}`});
		}, timeoutMs);
		signal?.addEventListener('abort', onAbort, {once: true});

		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			if (stdout.length < outputCap) stdout += chunk;
		});
		child.stderr.on('data', (chunk: string) => {
			if (stderr.length < outputCap) stderr += chunk;
		});
		child.on('error', (error: NodeJS.ErrnoException) => {
			finish({
				ok: false,
				reason: `could not run the token command (${error.code ?? error.message})`,
			});
		});
		child.on('close', (code, signalName) => {
			if (code !== 0) {
				const status = code === null ? `signal ${signalName ?? 'unknown'}` : `exit ${code}`;
				const detail = sanitizeText(nonEmptyLines(stderr)[0] ?? '');
				finish({
					ok: false,
					reason: `the token command failed (${status})${detail === '' ? '' : `: ${detail}`}`,
				});
				return;
			}
			finish(tokenFromOutput(stdout));
		});
	});
}

/**
 * Reads a token from its source: an environment variable (unset or empty is a failure naming the
 * variable), or a command run with `/bin/sh -c` (without `VIKTOR_TOKEN` in its environment) that
 * prints the token as its one line of output (a failure carries the first line of its stderr,
 * redacted and made safe to print; a command slower than `timeoutMs` is killed with its process
 * group, as on abort). A command from an unsafe config file is not run (`commandRefusal`).
 */
export async function resolveToken(
	source: TokenSource,
	options: ResolveTokenOptions,
): Promise<TokenResult> {
	if (source.type === 'env') {
		const value = options.env[source.variable]?.trim() ?? '';
		return value === ''
			? {ok: false, reason: `${source.variable} is not set`}
			: {ok: true, token: value};
	}
	return runTokenCommand(source.command, options);
}
