import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	demoBlueprint,
	demoChild,
	demoChildCount,
	demoEntityById,
	demoEntityRecord,
	demoRevisionCount,
	demoRevisionRecords,
	demoWorkspaceApp,
	type DemoEntityNode,
	type DemoEntityScope,
} from '../../source/demo/index.js';

/** Follows `choices` down a workspace's tree as far as it goes; undefined for an empty top level. */
function walk(scope: DemoEntityScope, choices: readonly number[]): DemoEntityNode | undefined {
	let node: DemoEntityNode | undefined;
	for (const choice of choices) {
		const count = demoChildCount(scope, node);
		if (count === 0) break;
		node = demoChild(scope, node, choice % count);
	}

	return node;
}

const scopes = fc.record({
	workspace: fc.integer({min: 0, max: 1_999_999}),
	seed: fc.integer({min: -1000, max: 1000}),
	hostile: fc.boolean(),
});

describe('entity ids', () => {
	it('decode back to the same entity, in its own workspace only', () => {
		fc.assert(
			fc.property(scopes, fc.array(fc.nat(), {minLength: 1, maxLength: 4}), (scope, choices) => {
				const node = walk(scope, choices);
				if (node === undefined) return;
				const found = demoEntityById(scope, node.id);
				expect(found?.path).toEqual(node.path);
				expect(found?.name).toBe(node.name);
				expect(demoEntityById({...scope, workspace: scope.workspace + 1}, node.id)).toBeUndefined();
			}),
			{numRuns: 300},
		);
	});

	it('never decode an arbitrary number to an entity with another id', () => {
		fc.assert(
			fc.property(scopes, fc.integer({min: -10, max: 2 ** 53 - 1}), (scope, id) => {
				const found = demoEntityById(scope, id);
				if (found !== undefined) expect(found.id).toBe(id);
			}),
			{numRuns: 500},
		);
	});

	it('are unique among siblings and differ from their positions', () => {
		const scope = {workspace: 0, seed: 1, hostile: false};
		const count = demoChildCount(scope, undefined);
		const ids = Array.from(
			{length: count},
			(_, position) => demoChild(scope, undefined, position).id,
		);
		expect(new Set(ids).size).toBe(count);
		expect(ids.some((id, position) => id === position || id === position + 1)).toBe(false);
	});
});

describe('the entity tree', () => {
	it('gives editor and simple apps one entity without children, tree apps their levels', () => {
		for (let workspace = 0; workspace < 300; workspace++) {
			const scope = {workspace, seed: 1, hostile: false};
			const app = demoWorkspaceApp(workspace);
			const top = demoChildCount(scope, undefined);
			if (app === undefined) {
				expect(top).toBe(0);
				continue;
			}

			const first = top === 0 ? undefined : demoChild(scope, undefined, 0);
			if (demoBlueprint(app).appType === 'tree') {
				expect(top).toBeLessThanOrEqual(400);
				if (first !== undefined) expect(demoChildCount(scope, first)).toBeGreaterThan(0);
			} else {
				expect(top).toBe(1);
				expect(demoChildCount(scope, first)).toBe(0);
			}
		}
	});

	it('dates every revision between the creation and the last update, in order', () => {
		fc.assert(
			fc.property(scopes, fc.array(fc.nat(), {minLength: 1, maxLength: 4}), (scope, choices) => {
				const node = walk(scope, choices);
				if (node === undefined) return;
				const record = demoEntityRecord(node, true);
				const revisions = demoRevisionRecords(node);
				expect(revisions).toHaveLength(demoRevisionCount(node));
				const dates = revisions.map((revision) => String(revision['created_date']));
				expect(dates).toEqual([...dates].sort());
				expect(dates[0]).toBe(record['created_at']);
				expect(dates.at(-1)).toBe(record['updated_at']);
				expect(revisions.at(-1)?.['params']).toEqual(record['properties']);
				if (node.parent !== undefined) {
					expect(Date.parse(String(record['created_at']))).toBeGreaterThan(
						Date.parse(String(demoEntityRecord(node.parent, false)['created_at'])),
					);
				}
			}),
			{numRuns: 60},
		);
	});
});
