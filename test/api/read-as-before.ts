/**
 * The contract of `readPageBytes`, checked against the way an answer was read before pages were
 * read from their bytes (decoded, `JSON.parse`, `parsePage`, `recordTextsIn`, `toNdjsonLine`).
 */
import {expect} from 'vitest';
import {readPageBytes} from '../../source/api/page-bytes.js';
import {parsePage, recordTextsIn} from '../../source/api/resources.js';
import {toNdjsonLine} from '../../source/commands/export.js';
import {hasControls} from '../../source/sanitize.js';

const decoder = new TextDecoder();

/**
 * The count of the page `bytes` hold and the NDJSON line (bytes) the export wrote for each of
 * its records the usual way; undefined when that way refuses the answer.
 */
export function readAsBefore(bytes: Uint8Array): {count: number; lines: Buffer[]} | undefined {
	const text = decoder.decode(bytes);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}

	let page;
	try {
		page = parsePage(value, 'example.test');
	} catch {
		return undefined;
	}

	const texts = recordTextsIn({page, text});
	return {
		count: page.count,
		lines: page.results.map((record, index) => Buffer.from(toNdjsonLine(record, texts?.[index]))),
	};
}

/**
 * Reads `bytes` with `readPageBytes` and compares what it returns with `readAsBefore`: a page
 * only where that accepts the answer too, with the same count, as many records, and each record
 * plus a newline exactly the line written before (so holding nothing `hasControls` finds).
 * Whether the page was read, and what is wrong, if anything.
 */
export function compareWithBefore(bytes: Uint8Array): {isRead: boolean; problem?: string} {
	const page = readPageBytes(bytes);
	if (page === undefined) return {isRead: false};
	const before = readAsBefore(bytes);
	if (before === undefined) return {isRead: true, problem: 'read a page the usual way refuses'};
	if (page.count !== before.count) {
		return {isRead: true, problem: `count ${page.count}, the usual way ${before.count}`};
	}

	if (page.results.length !== before.lines.length) {
		return {
			isRead: true,
			problem: `${page.results.length} records, the usual way ${before.lines.length}`,
		};
	}

	for (const [index, record] of page.results.entries()) {
		const line = Buffer.from(record.bytes.subarray(record.start, record.end + 1));
		line[line.length - 1] = 0x0a;
		if (
			record.bytes !== bytes ||
			record.end >= bytes.length ||
			!line.equals(before.lines[index]!)
		) {
			// Latin-1 shows every byte as one character.
			return {
				isRead: true,
				problem: `record ${index} is ${JSON.stringify(line.toString('latin1'))}, the usual way ${JSON.stringify(before.lines[index]!.toString('latin1'))}`,
			};
		}

		if (hasControls(line.toString().slice(0, -1))) {
			return {isRead: true, problem: `record ${index} holds a character to escape`};
		}
	}

	return {isRead: true};
}

/** `compareWithBefore`, failing the test on a problem; whether the page was read. */
export function expectReadAsBefore(bytes: Uint8Array): boolean {
	const {isRead, problem} = compareWithBefore(bytes);
	expect(problem).toBeUndefined();
	return isRead;
}
