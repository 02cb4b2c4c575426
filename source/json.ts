/**
 * JSON text of values from JSON.parse, at any depth. `JSON.stringify` recurses and throws
 * "Maximum call stack size exceeded" on a value nested some thousands deep, which a server can
 * send in a few kilobytes; this falls back to an explicit stack instead. Pure.
 */

type Frame =
	| {kind: 'array'; items: readonly unknown[]; index: number}
	| {kind: 'object'; entries: Array<[string, unknown]>; index: number; isFirst: boolean};

function isSkipped(value: unknown): boolean {
	return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** JSON text of a scalar, or undefined for a container (arrays and plain objects). */
function scalarText(value: unknown): string | undefined {
	if (value === null) return 'null';
	if (typeof value === 'object') return undefined;
	if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
	// Strings, numbers (non-finite become null) and booleans exactly as JSON.stringify writes them.
	return JSON.stringify(value) ?? 'null';
}

function stringifyWithStack(root: unknown): string | undefined {
	if (isSkipped(root)) return undefined;
	let text = '';
	const stack: Frame[] = [];
	const open = (value: unknown) => {
		const scalar = scalarText(value);
		if (scalar !== undefined) {
			text += scalar;
			return;
		}

		if (Array.isArray(value)) {
			text += '[';
			stack.push({kind: 'array', items: value, index: 0});
		} else {
			text += '{';
			stack.push({
				kind: 'object',
				entries: Object.entries(value as Record<string, unknown>),
				index: 0,
				isFirst: true,
			});
		}
	};

	open(root);
	while (stack.length > 0) {
		const frame = stack.at(-1)!;
		if (frame.kind === 'array') {
			if (frame.index >= frame.items.length) {
				text += ']';
				stack.pop();
				continue;
			}

			const item = frame.items[frame.index];
			if (frame.index > 0) text += ',';
			frame.index++;
			if (isSkipped(item)) text += 'null';
			else open(item);
			continue;
		}

		if (frame.index >= frame.entries.length) {
			text += '}';
			stack.pop();
			continue;
		}

		const [key, item] = frame.entries[frame.index]!;
		frame.index++;
		if (isSkipped(item)) continue;
		text += `${frame.isFirst ? '' : ','}${JSON.stringify(key)}:`;
		frame.isFirst = false;
		open(item);
	}

	return text;
}

/**
 * Like `JSON.stringify(value)` for what JSON.parse builds (no `toJSON`, no replacer, no
 * indentation), the same text, but at any depth: no stack overflow.
 */
export function stringifyJson(value: unknown): string | undefined {
	try {
		return JSON.stringify(value);
	} catch (error) {
		if (!(error instanceof RangeError)) throw error;
	}

	return stringifyWithStack(value);
}
