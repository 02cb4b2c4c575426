import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {DemoTemplate} from '../../source/demo/apps.js';
import {firstParameters, nextParameters} from '../../source/demo/properties.js';
import {createDice} from '../../source/demo/random.js';

const templates: DemoTemplate[] = [
	'project',
	'bridge',
	'span',
	'load-case',
	'quay-wall',
	'cross-section',
	'dike-section',
	'soil-profile',
	'cpt',
	'foundation',
	'pile-plan',
	'wind-load',
	'connection',
];

describe('revision parameters', () => {
	it('builds the same first parameters from the same dice', () => {
		for (const template of templates) {
			expect(firstParameters(template, createDice(7))).toEqual(
				firstParameters(template, createDice(7)),
			);
		}
	});

	it('always changes something, never the previous object, and deterministically', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...templates),
				fc.integer(),
				fc.array(fc.integer(), {minLength: 1, maxLength: 30}),
				(template, seed, editSeeds) => {
					let previous = firstParameters(template, createDice(seed));
					for (const editSeed of editSeeds) {
						const frozen = structuredClone(previous);
						const next = nextParameters(previous, createDice(editSeed));
						expect(previous).toEqual(frozen);
						expect(next).not.toEqual(previous);
						expect(nextParameters(previous, createDice(editSeed))).toEqual(next);
						previous = next;
					}
				},
			),
			{numRuns: 150},
		);
	});

	it('makes every kind of edit over a history: numbers, flags, keys and array items', () => {
		const changes = new Set<string>();
		const describeChange = (before: unknown, after: unknown): void => {
			if (Array.isArray(before) && Array.isArray(after)) {
				if (before.length !== after.length) changes.add('array length');
				before.forEach((item, index) => {
					describeChange(item, after[index]);
				});
			} else if (
				typeof before === 'object' &&
				before !== null &&
				typeof after === 'object' &&
				after !== null
			) {
				const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
				for (const key of keys) {
					if (!(key in before)) changes.add('key added');
					else if (!(key in after)) changes.add('key removed');
					else
						describeChange(
							(before as Record<string, unknown>)[key],
							(after as Record<string, unknown>)[key],
						);
				}
			} else if (before !== after && typeof before === typeof after) {
				changes.add(typeof before);
			}
		};

		for (const template of templates) {
			let previous = firstParameters(template, createDice(1));
			for (let step = 0; step < 40; step++) {
				const next = nextParameters(previous, createDice(step * 31 + 5));
				describeChange(previous, next);
				previous = next;
			}
		}

		expect([...changes].sort()).toEqual(
			['array length', 'boolean', 'key added', 'key removed', 'number', 'string'].sort(),
		);
	});
});
