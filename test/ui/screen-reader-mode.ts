import {afterEach, beforeEach} from 'vitest';

/**
 * Turns Ink's screen-reader mode on for every test of the calling file, and back to what it was
 * after each. Ink reads INK_SCREEN_READER when an instance is made; ink-testing-library passes no
 * option, so the variable is the way in.
 */
export function withScreenReaderMode(): void {
	let previous: string | undefined;
	beforeEach(() => {
		previous = process.env.INK_SCREEN_READER;
		process.env.INK_SCREEN_READER = 'true';
	});

	afterEach(() => {
		if (previous === undefined) delete process.env.INK_SCREEN_READER;
		else process.env.INK_SCREEN_READER = previous;
	});
}
