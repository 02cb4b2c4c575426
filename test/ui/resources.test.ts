import {describe, expect, it} from 'vitest';
import {recordLabel} from '../../source/ui/resources.js';

describe('recordLabel', () => {
	it('is the name, else the id in an unnamed label', () => {
		expect(recordLabel({id: 7, name: 'Bridge'})).toBe('Bridge');
		expect(recordLabel({id: 7})).toBe('(unnamed 7)');
		expect(recordLabel({id: 'ab-12', name: ''})).toBe('(unnamed ab-12)');
	});

	it('says only "unnamed" for a record without a name or a usable id', () => {
		expect(recordLabel({})).toBe('(unnamed)');
		expect(recordLabel({id: null, name: {first: 'object'}})).toBe('(unnamed)');
	});
});
