import {describe, expect, it} from 'vitest';
import {createHostCheck, suggestEnvironment} from '../../source/api/host-check.js';

const failing = (code: string) => async () => {
	throw Object.assign(new Error(`getaddrinfo ${code}`), {code});
};

describe('createHostCheck', () => {
	const signal = new AbortController().signal;

	it('reports found, not found, and unknown when DNS cannot tell', async () => {
		expect(
			await createHostCheck(async () => ({address: '192.0.2.1'}))('acme.viktor.ai', signal),
		).toEqual({
			kind: 'found',
		});
		expect(await createHostCheck(failing('ENOTFOUND'))('clodu.viktor.ai', signal)).toEqual({
			kind: 'not-found',
		});
		expect(await createHostCheck(failing('EAI_AGAIN'))('acme.viktor.ai', signal)).toEqual({
			kind: 'unknown',
			code: 'EAI_AGAIN',
		});
	});

	it('asks nothing for loopback hosts and IP addresses', async () => {
		const asked: string[] = [];
		const check = createHostCheck(async (hostname) => {
			asked.push(hostname);
		});
		for (const host of ['localhost', '127.0.0.1', '10.0.0.7', '[::1]']) {
			expect(await check(host, signal)).toEqual({kind: 'found'});
		}

		expect(asked).toEqual([]);
		await check('cafe', signal);
		expect(asked).toEqual(['cafe']);
	});

	it('gives up with unknown when aborted', async () => {
		const controller = new AbortController();
		const pending = createHostCheck(async () => new Promise(() => undefined))(
			'acme.viktor.ai',
			controller.signal,
		);
		controller.abort();
		expect(await pending).toEqual({kind: 'unknown'});
	});
});

describe('suggestEnvironment', () => {
	it('suggests the known environment a short typo was meant to be', () => {
		expect(suggestEnvironment('clodu')).toBe('cloud');
		expect(suggestEnvironment('cluod')).toBe('cloud');
		expect(suggestEnvironment('Cloud.us2')).toBe('cloud.us1');
		expect(suggestEnvironment('coud')).toBe('cloud');
	});

	it('suggests nothing for an exact name or a different one', () => {
		for (const typed of ['cloud', 'cloud.us1', 'acme', 'loud-engineering', 'c', '']) {
			expect(suggestEnvironment(typed)).toBeUndefined();
		}
	});
});
