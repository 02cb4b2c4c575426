import {describe, expect, it} from 'vitest';
import {jsonTarget} from '../source/json-target.js';

describe('jsonTarget', () => {
	it('exports workspaces when no resource is named', () => {
		expect(jsonTarget([], {})).toEqual({ok: true, resource: 'workspaces', parent: {}});
	});

	it('takes apps, entities, children and revisions with the parent ids they need', () => {
		expect(jsonTarget(['apps'], {})).toEqual({ok: true, resource: 'apps', parent: {}});
		expect(jsonTarget(['entities'], {workspace: '12'})).toEqual({
			ok: true,
			resource: 'entities',
			parent: {workspace: 12},
		});
		expect(jsonTarget(['children'], {workspace: '12', entity: 'abc'})).toEqual({
			ok: true,
			resource: 'children',
			parent: {workspace: 12, entity: 'abc'},
		});
		expect(jsonTarget(['revisions'], {workspace: '1', entity: '2'})).toMatchObject({
			ok: true,
			resource: 'revisions',
		});
	});

	it('keeps an id beyond 2^53 as the text typed, not a rounded number', () => {
		expect(jsonTarget(['entities'], {workspace: '12345678901234567890'})).toEqual({
			ok: true,
			resource: 'entities',
			parent: {workspace: '12345678901234567890'},
		});
	});

	it('says what is missing, unknown or out of place', () => {
		expect(jsonTarget(['entities'], {})).toEqual({
			ok: false,
			message: '--json entities needs --workspace ID',
		});
		expect(jsonTarget(['revisions'], {workspace: '1'})).toEqual({
			ok: false,
			message: '--json revisions needs --entity ID',
		});
		expect(jsonTarget(['things'], {})).toMatchObject({
			ok: false,
			message: expect.stringContaining('unknown resource "things"'),
		});
		expect(jsonTarget(['apps'], {workspace: '1'})).toEqual({
			ok: false,
			message: '--workspace does not go with --json apps',
		});
		expect(jsonTarget(['apps', 'entities'], {})).toMatchObject({ok: false});
		expect(jsonTarget(['entities'], {workspace: ' '})).toEqual({
			ok: false,
			message: '--workspace needs an id',
		});
	});
});
