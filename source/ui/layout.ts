/** Lines the browser needs besides its rows: the breadcrumb, the list header and two status lines. */
export const browserChromeLines = 4;

/** Rows of records that fit a browser of `height` lines: the page size it asks for. */
export function browserPageRows(height: number): number {
	return Math.max(1, height - browserChromeLines);
}

/**
 * Ink's frame-rate cap. Ink draws a trailing frame a full 1000/maxFps ms after the latest render
 * request, so a page that arrives just after a frame waits for that interval; 120 keeps that
 * wait near 8 ms while bounding redraws when a key is held (see docs/benchmarks.md).
 */
export const maxFramesPerSecond = 120;
