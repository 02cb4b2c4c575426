/**
 * Reads a V8 CPU profile (`node --cpu-prof`) of a bundled script and says where the time went,
 * by npm package or source file: esbuild marks each bundled module with a `// node_modules/…` or
 * `// source/…` comment line, so a sample's line number tells whose code it was.
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/** Time spent in one package or file. */
export type OwnerTime = {owner: string; ms: number};

/** A profile summed up by owner; `idle` is time the process waited. */
export type ProfileSummary = {busyMs: number; idleMs: number; owners: OwnerTime[]};

type CallFrame = {functionName: string; url: string; lineNumber: number};
type ProfileNode = {id: number; callFrame: CallFrame};
type CpuProfile = {nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]};

const moduleMarker = /^\/\/ (node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\/\S*|(?:source|bench)\/\S+)$/;

/** For one bundled file: the first line of each module, with its owner, in order. */
function moduleStarts(filePath: string): Array<{line: number; owner: string}> {
	const starts: Array<{line: number; owner: string}> = [];
	let text: string;
	try {
		text = readFileSync(filePath, 'utf8');
	} catch {
		return starts;
	}

	for (const [index, line] of text.split('\n').entries()) {
		const match = moduleMarker.exec(line);
		if (match !== null) starts.push({line: index, owner: match[2] ?? match[1] ?? line});
	}

	return starts;
}

/** Sums the self time of every sample by the package or source file its code came from. */
export function summarizeProfile(profilePath: string): ProfileSummary {
	const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const files = new Map<string, Array<{line: number; owner: string}>>();
	const ownerOf = ({url, lineNumber, functionName}: CallFrame): string => {
		if (url === '') return functionName === '' ? '(native)' : functionName;
		if (url.startsWith('node:')) return 'node (internal)';
		if (!url.startsWith('file:')) return url.split(':')[0] ?? url;
		let starts = files.get(url);
		if (starts === undefined) {
			starts = moduleStarts(fileURLToPath(url));
			files.set(url, starts);
		}

		let owner = url.split('/').at(-1) ?? url;
		for (const start of starts) {
			if (start.line > lineNumber) break;
			owner = start.owner;
		}

		return owner;
	};

	const totals = new Map<string, number>();
	for (const [index, nodeId] of profile.samples.entries()) {
		const node = nodes.get(nodeId);
		if (node === undefined) continue;
		// Each delta is the time since the previous sample; it belongs to the sample it leads to.
		const microseconds = profile.timeDeltas[index + 1] ?? 0;
		const owner = ownerOf(node.callFrame);
		totals.set(owner, (totals.get(owner) ?? 0) + microseconds / 1000);
	}

	const idleMs = totals.get('(idle)') ?? 0;
	totals.delete('(idle)');
	const owners = [...totals]
		.map(([owner, ms]) => ({owner, ms}))
		.sort((left, right) => right.ms - left.ms);
	return {busyMs: owners.reduce((sum, owner) => sum + owner.ms, 0), idleMs, owners};
}

/** The busiest owners of a profile as text lines, such as `  412 ms  31%  string-width`. */
export function formatProfile(summary: ProfileSummary, top = 12): string[] {
	return summary.owners.slice(0, top).map(({owner, ms}) => {
		const share = summary.busyMs > 0 ? Math.round((100 * ms) / summary.busyMs) : 0;
		return `${String(Math.round(ms)).padStart(7)} ms ${String(share).padStart(3)}%  ${owner}`;
	});
}
