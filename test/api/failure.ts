import {expect} from 'vitest';
import {ApiError} from '../../source/api/errors.js';

/** The ApiError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
	const error: unknown = await promise.then(
		() => undefined,
		(error_: unknown) => error_,
	);
	expect(error).toBeInstanceOf(ApiError);
	return error as ApiError;
}
