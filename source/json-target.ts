/**
 * What `--json [RESOURCE] [--workspace ID] [--entity ID]` asks to export: a resource of
 * `resources.ts` and the parent ids its list needs. Pure; a problem is a usage error message.
 */
import {
	isResourceName,
	missingParents,
	resourceNames,
	resources,
	type ParentIds,
	type ParentKey,
	type RecordId,
	type ResourceName,
} from './ui/resources.js';

/** The export's target, or the usage error that says what is wrong. */
export type JsonTarget =
	{ok: true; resource: ResourceName; parent: ParentIds} | {ok: false; message: string};

function idOf(text: string | undefined): RecordId | undefined {
	if (text === undefined) return undefined;
	const trimmed = text.trim();
	// An id beyond 2^53 stays text: as a number it would name another record.
	return /^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/**
 * Reads the words after the flags (`apps`, `entities`, …) and the `--workspace`/`--entity`
 * values. No word means workspaces; a parent id the resource does not use is an error too.
 */
export function jsonTarget(
	words: readonly string[],
	ids: {workspace?: string; entity?: string},
): JsonTarget {
	const [word = 'workspaces', ...rest] = words;
	if (!isResourceName(word)) {
		return {
			ok: false,
			message: `unknown resource "${word}" for --json (one of: ${resourceNames.join(', ')})`,
		};
	}

	if (rest.length > 0)
		return {ok: false, message: `--json takes one resource, got "${rest.join(' ')}" too`};
	const descriptor = resources[word];
	const parent: Partial<Record<ParentKey, RecordId>> = {};
	for (const key of ['workspace', 'entity'] as const) {
		const id = idOf(ids[key]);
		if (id === '' || id === '.' || id === '..') {
			return {ok: false, message: `--${key} needs an id`};
		}

		if (id === undefined) continue;
		if (!descriptor.parents.includes(key)) {
			return {ok: false, message: `--${key} does not go with --json ${word}`};
		}

		parent[key] = id;
	}

	const missing = missingParents(descriptor, parent);
	if (missing.length > 0) {
		const flags = missing.map((key) => `--${key} ID`).join(' ');
		return {ok: false, message: `--json ${word} needs ${flags}`};
	}

	return {ok: true, resource: word, parent};
}
