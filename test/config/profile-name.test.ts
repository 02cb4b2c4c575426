import {describe, expect, it} from 'vitest';
import {profileNameProblem} from '../../source/config/profiles.js';

describe('profileNameProblem', () => {
	it('accepts a valid name that no profile has, in any case', () => {
		expect(profileNameProblem('lab', ['acme', 'cloud'])).toBeUndefined();
	});

	it('refuses a name another profile has in another case', () => {
		expect(profileNameProblem('LAB', ['lab'])).toBe(
			'a profile named "lab" already exists (names ignore case)',
		);
	});

	it('lets a renamed profile keep its own name in another case', () => {
		expect(profileNameProblem('LAB', ['lab', 'acme'], 'lab')).toBeUndefined();
		expect(profileNameProblem('ACME', ['lab', 'acme'], 'lab')).toMatch(/"acme" already exists/);
	});

	it('refuses a name the CLI refuses', () => {
		for (const name of ['', 'has space', 'a/b', 'x'.repeat(65)]) {
			expect(profileNameProblem(name, [])).toMatch(/letters, digits/);
		}
	});
});
