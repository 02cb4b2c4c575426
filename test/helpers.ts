import type {Key} from 'ink';
import net from 'node:net';

/** Raw byte sequences a terminal sends for the keys the tests press. */
export const KEYS = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	backspace: '\u007F',
	tab: '\t',
	ctrlC: '\u0003',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	home: '\u001B[H',
	end: '\u001B[F',
} as const;

/** A key event with no key flags set: Ink's `Key` for plain typed text. */
export const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

const nextMacrotask = async () =>
	new Promise<void>((resolve) => {
		setImmediate(resolve);
	});

/** React renders in a setImmediate turn, then flushes effects (useInput re-subscribe) in the next: wait 3 turns. */
export async function settle(turns = 3): Promise<void> {
	for (let index = 0; index < turns; index++) await nextMacrotask();
}

type StdinLike = {write: (data: string) => void};

/** Writes each key to stdin and lets React render and re-subscribe input handlers after each one. */
export async function press(stdin: StdinLike, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		stdin.write(key);
		await settle();
	}
}

/** Types text one character at a time, settling after each character. */
export async function type(stdin: StdinLike, text: string): Promise<void> {
	for (const character of text) {
		stdin.write(character);
		await settle();
	}
}

/** Polls `lastFrame()` until `predicate` holds; for async work such as fetches, not for key presses. */
export async function waitForFrame(
	lastFrame: () => string | undefined,
	predicate: (frame: string) => boolean,
	{timeout = 2000, interval = 5} = {},
): Promise<string> {
	const start = Date.now();
	for (;;) {
		const frame = lastFrame() ?? '';
		if (predicate(frame)) return frame;
		if (Date.now() - start > timeout)
			throw new Error(`waitForFrame timed out; last frame:\n${frame}`);
		await new Promise((resolve) => {
			setTimeout(resolve, interval);
		});
	}
}

/**
 * Polls until a frame satisfies `predicate`, then lets React re-subscribe the input handlers:
 * a key written the moment a frame shows would reach the handler of the frame before.
 */
export async function frameWhere(
	lastFrame: () => string | undefined,
	predicate: (frame: string) => boolean,
	options?: {timeout?: number},
): Promise<string> {
	const frame = await waitForFrame(lastFrame, predicate, options);
	await settle();
	return frame;
}

/** A port on 127.0.0.1 that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
	const listener = net.createServer();
	await new Promise<void>((resolve) => {
		listener.listen(0, '127.0.0.1', resolve);
	});
	const {port} = listener.address() as net.AddressInfo;
	await new Promise((resolve) => {
		listener.close(resolve);
	});
	return port;
}
