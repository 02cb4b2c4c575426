/**
 * The setup reducer's notices: an error about a value goes once the value is edited (it no
 * longer applies); a warning, which is about the situation, stays.
 */
import {describe, expect, it} from 'vitest';
import {initialSetupState, setupReducer, type SetupState} from '../../source/ui/setup-state.js';

function atTokenStep(): SetupState {
	return setupReducer(initialSetupState(), {type: 'choose-environment', choice: 'cloud'});
}

describe('setup notices while editing', () => {
	it('drops the error of an empty token once something is typed', () => {
		const empty = setupReducer(atTokenStep(), {type: 'submit-token'});
		expect(empty.notice).toEqual({tone: 'error', text: 'Paste a token first.'});
		const typed = setupReducer(empty, {type: 'edit-token', value: 'v'});
		expect(typed.notice).toBeUndefined();
		expect(typed.token).toBe('v');
	});

	it('drops the error of a bad company name once it is edited', () => {
		const company = setupReducer(initialSetupState(), {
			type: 'choose-environment',
			choice: 'company',
		});
		const bad = setupReducer(setupReducer(company, {type: 'edit-company', value: 'a b'}), {
			type: 'submit-company',
		});
		expect(bad.notice?.tone).toBe('error');
		expect(setupReducer(bad, {type: 'edit-company', value: 'ab'}).notice).toBeUndefined();
	});

	it('keeps a warning while a value is edited', () => {
		const warned = initialSetupState({reason: 'VIKTOR_TOKEN was rejected'});
		expect(warned.notice?.tone).toBe('warning');
		expect(setupReducer(warned, {type: 'edit-url', value: 'https://x'}).notice).toEqual(
			warned.notice,
		);
	});
});
