/**
 * The contract of `readPageBytes`, checked against the way an answer was read before pages were
 * read from their bytes (decoded, `JSON.parse`, `parsePage`, `recordTextsIn`, `toNdjsonLine`):
 * what it reads is written exactly as before, plain records as their bytes.
 */
import {expect} from 'vitest';
import {readPageBytes, RecordBytes, RecordText} from '../../source/api/page-bytes.js';
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

/** What `compareWithBefore` found. */
export type Comparison = {
	/** Whether `readPageBytes` read the page (false: declined). */
	isRead: boolean;
	/** How many of its records came as their text (`RecordText`): those with something to escape. */
	texts: number;
	/** What is wrong, if anything. */
	problem?: string;
};

/** Bytes as a JSON string of Latin-1, one character per byte, for messages. */
function shown(bytes: Uint8Array): string {
	return JSON.stringify(Buffer.from(bytes).toString('latin1'));
}

/**
 * Reads `bytes` with `readPageBytes` and compares what it returns with `readAsBefore`: a page
 * only where that accepts the answer too, with the same count, as many records, and each
 * record's line exactly the line written before: a `RecordBytes`, its bytes and a newline (and
 * then it holds nothing `hasControls` finds); a `RecordText`, `toNdjsonLine` of its value and
 * text (and then it holds something `hasControls` finds, else it should have come as bytes).
 */
export function compareWithBefore(bytes: Uint8Array): Comparison {
	const page = readPageBytes(bytes);
	if (page === undefined) return {isRead: false, texts: 0};
	const texts = page.results.filter((record) => record instanceof RecordText).length;
	const wrong = (problem: string): Comparison => ({isRead: true, texts, problem});
	const before = readAsBefore(bytes);
	if (before === undefined) return wrong('read a page the usual way refuses');
	if (page.count !== before.count)
		return wrong(`count ${page.count}, the usual way ${before.count}`);
	if (page.results.length !== before.lines.length) {
		return wrong(`${page.results.length} records, the usual way ${before.lines.length}`);
	}

	for (const [index, record] of page.results.entries()) {
		const expected = before.lines[index]!;
		let line: Buffer;
		if (record instanceof RecordBytes) {
			if (record.bytes !== bytes || record.end >= bytes.length) {
				return wrong(`record ${index} is not a view of the answer`);
			}

			line = Buffer.from(record.bytes.subarray(record.start, record.end + 1));
			line[line.length - 1] = 0x0a;
			if (hasControls(line.toString().slice(0, -1))) {
				return wrong(`record ${index} came as bytes but holds a character to escape`);
			}
		} else {
			line = Buffer.from(toNdjsonLine(record.value, record.text));
			if (!hasControls(record.text)) {
				return wrong(`record ${index} came as text but holds nothing to escape`);
			}
		}

		if (!line.equals(expected)) {
			return wrong(`record ${index} is ${shown(line)}, the usual way ${shown(expected)}`);
		}
	}

	return {isRead: true, texts};
}

/** `compareWithBefore`, failing the test on a problem; whether the page was read. */
export function expectReadAsBefore(bytes: Uint8Array): boolean {
	const {isRead, problem} = compareWithBefore(bytes);
	expect(problem).toBeUndefined();
	return isRead;
}
