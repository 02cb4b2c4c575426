import {describe, expect, it} from 'vitest';
import {sliceColumns} from '../../source/ui/slice-columns.js';
import {displayWidth} from '../../source/ui/text.js';

describe('sliceColumns', () => {
	it('shows the columns asked for of an ASCII line, shorter at its end', () => {
		expect(sliceColumns('0123456789', 3, 4)).toBe('3456');
		expect(sliceColumns('0123456789', 8, 4)).toBe('89');
		expect(sliceColumns('0123456789', 20, 4)).toBe('');
		expect(sliceColumns('0123456789', 0, 0)).toBe('');
	});

	it('counts wide characters as two columns and blanks one cut at the left edge', () => {
		// 日 takes columns 0–1, 本 2–3, 語 4–5.
		expect(sliceColumns('日本語x', 2, 4)).toBe('本語');
		expect(sliceColumns('日本語x', 1, 4)).toBe(' 本');
		expect(sliceColumns('a😀b', 2, 2)).toBe(' b');
		for (let start = 0; start < 10; start++) {
			for (let width = 1; width < 8; width++) {
				expect(displayWidth(sliceColumns('日本語 and 😀 é', start, width))).toBeLessThanOrEqual(
					width,
				);
			}
		}
	});

	it('walks only as far as needed on a very long line', () => {
		const line = `${'é'.repeat(1_000_000)}`;
		expect(sliceColumns(line, 10, 5)).toBe('ééééé');
	});
});
