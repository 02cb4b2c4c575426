/**
 * The one AbortController of the process, aborted by the signals that end it (SIGINT, SIGQUIT,
 * SIGTERM, SIGHUP). Its own module, imported by the entry alone, so that the entry creates it
 * before anything else without loading more code (see cli.tsx).
 */

/** Exit status for a death by signal, as shells report it (128 + the signal's number). */
export const signalExitCodes = {SIGINT: 130, SIGQUIT: 131, SIGTERM: 143, SIGHUP: 129} as const;

/** A signal that ends viktor-tui. */
export type ShutdownSignal = keyof typeof signalExitCodes;

/** What {@link listenForShutdown} listens on: `process`, or a test's emitter. */
export type SignalSource = {
	on(event: ShutdownSignal, listener: () => void): unknown;
	off(event: ShutdownSignal, listener: () => void): unknown;
};

/** The process-wide way to be told to stop. */
export type Shutdown = {
	/** Aborted by the first signal; passed to every request and every child process. */
	readonly signal: AbortSignal;
	/** The first signal that arrived, if any. */
	received(): ShutdownSignal | undefined;
	/** The exit status for the signal that arrived, if any (130 for SIGINT, …). */
	exitCode(): number | undefined;
	/** Stops listening. */
	dispose(): void;
};

/**
 * Creates the one AbortController of the process and aborts it on SIGINT, SIGQUIT, SIGTERM or
 * SIGHUP. Whoever is running (start-up, the export, the full-screen app) sees the abort and ends
 * with {@link Shutdown.exitCode}; a second signal does not wait for that and calls `exit` at once.
 * Listening also keeps Node's default (die without restoring the terminal) from happening.
 */
export function listenForShutdown({
	source,
	exit,
}: {
	source: SignalSource;
	exit: (code: number) => void;
}): Shutdown {
	const controller = new AbortController();
	let received: ShutdownSignal | undefined;
	const listeners = (Object.keys(signalExitCodes) as ShutdownSignal[]).map((name) => {
		const listener = () => {
			if (received !== undefined) {
				exit(signalExitCodes[received]);
				return;
			}

			received = name;
			controller.abort();
		};
		source.on(name, listener);
		return [name, listener] as const;
	});
	return {
		signal: controller.signal,
		received: () => received,
		exitCode: () => (received === undefined ? undefined : signalExitCodes[received]),
		dispose() {
			for (const [name, listener] of listeners) source.off(name, listener);
		},
	};
}
