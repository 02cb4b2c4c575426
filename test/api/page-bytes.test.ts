/**
 * readPageBytes: the plain pages it must read with every record as its bytes (so the export's
 * fast path cannot silently die), records with something to escape (read as their text), the
 * answers it must decline, every character `hasControls` finds, inputs built to make a reader
 * slow or make it throw, and the demo server's answers. Every page it reads is checked against
 * the usual way (`compareWithBefore`).
 */
import {describe, expect, it} from 'vitest';
import {
	plainRecordPattern,
	readPageBytes,
	RecordBytes,
	type RecordText,
} from '../../source/api/page-bytes.js';
import type {DemoServer} from '../../source/demo/index.js';
import {hasControls} from '../../source/sanitize.js';
import {demoServers, get} from '../demo/http.js';
import {compareWithBefore, expectReadAsBefore, readAsBefore} from './read-as-before.js';

/** A page of the given record texts, written compactly. */
function pageOf(...records: string[]): Buffer {
	return Buffer.from(
		`{"count":${records.length},"next":null,"previous":null,"results":[${records.join(',')}]}`,
	);
}

/** Where each record of the page stands in the bytes (`text` for a record read as its text). */
function placesOf(records: ReadonlyArray<RecordBytes | RecordText> | undefined) {
	return records?.map((record) =>
		record instanceof RecordBytes ? [record.start, record.end] : 'text',
	);
}

/** `value` nested `depth` deep in lists, in a record: depth 1 is `{"a":value}`. */
function nested(depth: number, value = '1'): string {
	return `{"a":${'['.repeat(depth - 1)}${value}${']'.repeat(depth - 1)}}`;
}

/** `value` nested `depth` deep in objects: depth 1 is `{"a":value}`. */
function nestedObjects(depth: number, value = '1'): string {
	return `${'{"a":'.repeat(depth)}${value}${'}'.repeat(depth)}`;
}

describe('readPageBytes reads plain pages', () => {
	it.each([
		['a compact page', pageOf('{"id":1,"name":"Bridge"}', '{"id":2,"name":"Tunnel"}')],
		['an empty results list', Buffer.from('{"count":0,"next":null,"previous":null,"results":[]}')],
		['a page of empty records', pageOf('{}', '{}', '{}')],
		[
			'records with every escape',
			pageOf(String.raw`{"s":"q\"n\nu\u00e9p\ud83c\udfd7b\\s\/t\b\f\r\t","\u0041":"\ud800"}`),
		],
		[
			'records with escaped control characters',
			pageOf(String.raw`{"e":"\u001b[31m\u202e\u2028\u0085\u007f\ufeff"}`),
		],
		[
			'non-ASCII characters of 2, 3 and 4 bytes',
			pageOf('{"é":"é 桥 🏗️ £ © ° ß ÿ","flag":"🇳🇱","ok":"\u00A0\uFFFD"}'),
		],
		[
			'characters whose first byte they share with ones the export escapes',
			pageOf(
				// U+2013 U+201C U+201D U+2018 U+2030 share E2 80 with U+200B–U+200F and U+2028–U+202E;
				// U+205F, U+206A with U+2060–U+2069; U+0600, U+061B, U+061D with U+061C; U+1800,
				// U+180F with U+180E; U+FEFE, U+FEFF's neighbours; U+00A0, U+00AE with C1 and U+00AD.
				'{"dash":"a – b","quotes":"“x” ‘y’","per":"‰","k":"\u205F\u206A\u206F"}',
				'{"ar":"\u0600\u061B\u061D","mn":"\u1800\u180D\u180F","ff":"\uFEFE\uFEBF\uFFBF"}',
				'{"latin":"\u00A0\u00AC\u00AE\u00BF\u00A0\u00A0","end":"\u2013"}',
			),
		],
		[
			'numbers of every shape',
			pageOf('{"n":[0,-0,1.0,-1.5e-7,1E+2,1e400,123456789012345678901234567890,0.000]}'),
		],
		['literals and empty containers', pageOf('{"t":true,"f":false,"n":null,"o":{},"l":[],"":""}')],
		['records nested 2, 3 and 4 deep', pageOf(nested(2), nested(3), nested(4), nestedObjects(4))],
		[
			'records nested deeper than the regular expression reaches',
			pageOf(nested(5), nestedObjects(5), nested(40, '{"b":"é"}'), nestedObjects(300)),
		],
		[
			'spaces between the tokens of records',
			pageOf('{ "id" : 1 , "list" : [ 1 , { "b" : null } , [ ] ] , "o" : { } }', '{ }'),
		],
		[
			'whitespace of every kind around and between records',
			Buffer.from(
				'\r\n\t {\n\t"count" : 2 ,\r\n "results" : [\n {"id":1} ,\n\t{"id":2}\r\n ] \n,"next":null}\n\t ',
			),
		],
		[
			'links that are strings',
			Buffer.from(
				'{"count":9,"next":"https://x.test/api/w/?limit=1&offset=2","previous":"h\\u00e9","results":[{"id":1}]}',
			),
		],
		['no links at all', Buffer.from('{"count":1,"results":[{"id":1}]}')],
		[
			'keys in any order and unknown keys of any value',
			Buffer.from(
				'{"results":[{"id":1}],"extra":{"deep":[[[[[["\u202e\u0085"]]]]]]},"count":1,"more":[1,"x"],"previous":null,"x":null,"x":2}',
			),
		],
		['a count of 15 digits', Buffer.from('{"count":999999999999999,"results":[]}')],
	])('reads %s, every record as its bytes', (_name, bytes) => {
		expect(compareWithBefore(bytes)).toEqual({isRead: true, texts: 0});
	});

	it('reads records that stand with and without spaces after their commas', () => {
		const page = readPageBytes(Buffer.from('{"count":3,"results":[{"a":1},{"b":2}, {"c":3}]}'));
		expect(placesOf(page?.results)).toEqual([
			[22, 29],
			[30, 37],
			[39, 46],
		]);
	});

	it('reads a page that is a view into larger memory: records are places in the view', () => {
		const page = pageOf('{"id":1}', '{"id":2}');
		const memory = Buffer.concat([
			Buffer.from('{"count":9,"results":[{"x":0}]} junk'),
			page,
			Buffer.from('}]'),
		]);
		const view = new Uint8Array(memory.buffer, memory.byteOffset + 36, page.length);
		expect(Buffer.from(view).equals(page)).toBe(true);
		expect(compareWithBefore(view)).toEqual({isRead: true, texts: 0});
		expect(placesOf(readPageBytes(view)?.results)).toEqual(placesOf(readPageBytes(page)?.results));
	});

	it('reads a record of a megabyte, one of 100,000 members and one of 100,000 items', () => {
		const members = Array.from({length: 100_000}, (_, index) => `"k${index}":${index}`);
		const page = pageOf(
			`{"s":"${'桥x'.repeat(250_000)}"}`,
			`{${members.join(',')}}`,
			`{"l":[${members.map((_, index) => `"${index}"`).join(',')}]}`,
		);
		expect(compareWithBefore(page)).toEqual({isRead: true, texts: 0});
	});

	it('reads a record too long for the regular expression engine, as its bytes', () => {
		// The engine's backtrack stack overflows on this (a RangeError): the record is still read.
		const record = `{"a":[${'"",'.repeat(3_000_000)}""]}`;
		const pattern = plainRecordPattern(4);
		expect(() => pattern.test(record)).toThrow(RangeError);
		expect(compareWithBefore(pageOf(record, '{"id":2}'))).toEqual({isRead: true, texts: 0});
	});
});

describe('readPageBytes reads records with something to escape as their text', () => {
	it.each([
		['a tab between the tokens of a record', pageOf('{"id":1,\t"a":2}'), 1],
		['a line feed between the tokens of a record', pageOf('{"id":1,\n"a":2}'), 1],
		['a carriage return between the tokens of a record', pageOf('{"id":1\r}'), 1],
		['a tab deep inside a record', pageOf(nested(9, '[1,\t2]')), 1],
		['a raw DEL in a string', pageOf('{"s":"a\u007Fb"}'), 1],
		['a raw C1 control in a string', pageOf('{"s":"a\u009B31mb"}'), 1],
		['a raw U+202E in a key', pageOf('{"\u202E":1}'), 1],
		['a raw U+2028 deep inside a record', pageOf(nested(9, '"\u2028"')), 1],
		[
			'plain records around hostile ones',
			pageOf('{"id":1}', '{"s":"\u200B"}', '{"id":3}', '{"s":"\uFEFF",\n"t":1}', '{"id":5}'),
			2,
		],
	])('reads %s, written as before', (_name, bytes, texts) => {
		expect(compareWithBefore(bytes)).toEqual({isRead: true, texts});
	});
});

describe('readPageBytes declines', () => {
	const declined: Array<[string, Uint8Array]> = [
		[
			'bytes that are not UTF-8',
			Buffer.from([...pageOf('{"s":"x"}').subarray(0, -4), 0xff, 0x22, 0x7d, 0x5d, 0x7d]),
		],
		[
			'an overlong encoding',
			Buffer.concat([
				Buffer.from('{"count":1,"results":[{"s":"'),
				Buffer.from([0xc0, 0xaf]),
				Buffer.from('"}]}'),
			]),
		],
		[
			'a surrogate encoded in UTF-8',
			Buffer.concat([
				Buffer.from('{"count":1,"results":[{"s":"'),
				Buffer.from([0xed, 0xa0, 0x80]),
				Buffer.from('"}]}'),
			]),
		],
		[
			'a character cut short',
			Buffer.concat([
				Buffer.from('{"count":1,"results":[{"s":"'),
				Buffer.from('桥').subarray(0, 2),
				Buffer.from('"}]}'),
			]),
		],
		['a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), pageOf('{"id":1}')])],
		['a raw tab in a string', pageOf('{"s":"a\tb"}')],
		['a count of -0', Buffer.from('{"count":-0,"results":[]}')],
		['a count of 1.0', Buffer.from('{"count":1.0,"results":[{}]}')],
		['a count of 1e3', Buffer.from('{"count":1e3,"results":[]}')],
		['a count of 1E3', Buffer.from('{"count":1E3,"results":[]}')],
		['a count that is a string', Buffer.from('{"count":"5","results":[]}')],
		['a count of 16 digits', Buffer.from('{"count":1000000000000000,"results":[]}')],
		['a count with a leading zero', Buffer.from('{"count":01,"results":[]}')],
		['a negative count', Buffer.from('{"count":-1,"results":[]}')],
		['a count of null', Buffer.from('{"count":null,"results":[]}')],
		['no count', Buffer.from('{"results":[]}')],
		['no results', Buffer.from('{"count":0}')],
		['count twice', Buffer.from('{"count":1,"results":[{}],"count":1}')],
		['count twice, differently', Buffer.from('{"count":1,"results":[{}],"count":2}')],
		['results twice', Buffer.from('{"count":1,"results":[{}],"results":[{}]}')],
		['next twice', Buffer.from('{"count":0,"next":null,"results":[],"next":null}')],
		['previous twice', Buffer.from('{"count":0,"previous":"a","results":[],"previous":"a"}')],
		['an escaped count key', Buffer.from('{"co\\u0075nt":1,"count":1,"results":[{}]}')],
		['an escaped count key after count', Buffer.from('{"count":1,"co\\u0075nt":2,"results":[{}]}')],
		['an escaped results key', Buffer.from('{"count":1,"res\\u0075lts":[{}]}')],
		['an escaped next key', Buffer.from('{"count":0,"results":[],"ne\\u0078t":5}')],
		['results holding a number', pageOf('{}', '1')],
		['results holding a string', pageOf('"x"')],
		['results holding null', pageOf('null')],
		['results holding a list', pageOf('[]')],
		['results that are not a list', Buffer.from('{"count":0,"results":{}}')],
		['results of null', Buffer.from('{"count":0,"results":null}')],
		['next that is a number', Buffer.from('{"count":0,"results":[],"next":5}')],
		['previous that is a list', Buffer.from('{"count":0,"results":[],"previous":[]}')],
		['a trailing comma in the page', Buffer.from('{"count":0,"results":[],}')],
		['a trailing comma in results', pageOf('{}', '')],
		['a trailing comma in a record', pageOf('{"a":1,}')],
		['a trailing comma in a list of a record', pageOf('{"a":[1,]}')],
		['a trailing comma deep in a record', pageOf(nested(9, '[1,]'))],
		['trailing garbage', Buffer.from('{"count":0,"results":[]}x')],
		['a second page after the first', Buffer.from('{"count":0,"results":[]} {}')],
		['an unterminated page', Buffer.from('{"count":0,"results":[]')],
		['a list instead of a page', Buffer.from('[{"id":1}]')],
		['nothing', Buffer.from('')],
		['only whitespace', Buffer.from(' \n')],
		['an invalid escape in a record', pageOf('{"s":"\\x"}')],
		['a short unicode escape in a record', pageOf('{"s":"\\u12"}')],
		['a number with no digits after its point', pageOf('{"n":1.}')],
		['a number with a plus sign', pageOf('{"n":+1}')],
		['a number with an empty exponent', pageOf('{"n":1e}')],
		['a single-quoted string', pageOf("{'s':1}")],
		['a misspelt literal', pageOf('{"t":tru}')],
		['a raw tab in a key of a record', pageOf('{"a\tb":1}')],
		['a raw tab in a key of the page', Buffer.from('{"count":0,"results":[],"a\tb":1}')],
		['an unknown value that is no literal', Buffer.from('{"count":0,"results":[],"x":tru}')],
		['an unknown value with a leading zero', Buffer.from('{"count":0,"results":[],"x":01}')],
		['an unknown value with a bad escape', Buffer.from('{"count":0,"results":[],"x":"\\q"}')],
		['an unknown value missing', Buffer.from('{"count":0,"x":,"results":[]}')],
		['an unknown list with a trailing comma', Buffer.from('{"count":0,"results":[],"x":[1,]}')],
		['a link with a bad escape', Buffer.from('{"count":0,"results":[],"next":"\\q"}')],
		[
			'a byte order mark before an unknown value',
			Buffer.from('{"count":0,"results":[],"x":\uFEFF1}'),
		],
		['a byte order mark before a link', Buffer.from('{"count":0,"results":[],"next":\uFEFFnull}')],
		['a byte order mark before a string', Buffer.from('{"count":0,"x":\uFEFF"s","results":[]}')],
		['a byte order mark before a record', pageOf('{}', '\uFEFF{}')],
		['a no-break space before a value', Buffer.from('{"count":0,"results":[],"x":\u00A01}')],
	];

	it.each(declined)('%s', (_name, bytes) => {
		expect(readPageBytes(bytes)).toBeUndefined();
	});
});

/** Whether a code point may stand raw in a JSON string before an `x`. */
function isRawInJson(codePoint: number): boolean {
	return codePoint >= 0x20 && codePoint !== 0x22 && codePoint !== 0x5c;
}

/** A record with every kind of place between tokens marked `|`, shallow and beyond the regular expression. */
const gappy = [
	'{|"a"|:|[|1|,|{|"b"|:|null|}|,|[|]|,|{|}|]|,|"c"|:|"d"|}',
	`{"deep":${'['.repeat(6)}|{|"a"|:|[|1|,|"x"|]|}|${']'.repeat(6)}}`,
];

describe('readPageBytes and whitespace inside records', () => {
	it.each(gappy)('reads %s with spaces in every place as its bytes', (record) => {
		expect(compareWithBefore(pageOf(record.replaceAll('|', '  '), '{}'))).toEqual({
			isRead: true,
			texts: 0,
		});
	});

	it.each(gappy)(
		'reads %s with a tab, a line feed or a carriage return in any one place as its text',
		(record) => {
			const parts = record.split('|');
			for (let place = 1; place < parts.length; place++) {
				for (const space of ['\t', '\n', '\r', ' \n ']) {
					const written = parts.slice(0, place).join('') + space + parts.slice(place).join('');
					expect(compareWithBefore(pageOf('{}', written)), JSON.stringify(written)).toEqual({
						isRead: true,
						texts: 1,
					});
					// The same whitespace around the record, outside it, leaves it plain.
					expect(compareWithBefore(pageOf(`${space}${parts.join('')}${space}`))).toEqual({
						isRead: true,
						texts: 0,
					});
				}
			}
		},
	);
});

describe('readPageBytes and hasControls', () => {
	it('reads a record holding a character raw as its bytes exactly when hasControls does not find it, else as its text, for every one of the first plane and a sample of the rest', () => {
		const codePoints: number[] = [];
		for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
			if (codePoint < 0xd800 || codePoint > 0xdfff) codePoints.push(codePoint);
		}

		for (let codePoint = 0x10000; codePoint <= 0x10ffff; codePoint += 0x1ff) {
			codePoints.push(codePoint);
		}

		codePoints.push(0x1f3d7, 0x1f1f3, 0xe0001, 0x10ffff);
		const wrong: string[] = [];
		for (const codePoint of codePoints) {
			const character = String.fromCodePoint(codePoint);
			// C0, a quote or a backslash (before an x) raw in a string is not JSON.
			const expected = isRawInJson(codePoint)
				? {isRead: true, texts: hasControls(character) ? 1 : 0}
				: {isRead: false, texts: 0};
			// In a value and in a key, in reach of the regular expression and deeper than it.
			const pages = [
				pageOf(`{"s":"a${character}x"}`),
				pageOf(`{"${character}x":1}`),
				pageOf(nested(7, `"${character}x"`)),
			];
			for (const [index, page] of pages.entries()) {
				const {isRead, texts, problem} = compareWithBefore(page);
				if (isRead !== expected.isRead || texts !== expected.texts || problem !== undefined) {
					const name = `U+${codePoint.toString(16).toUpperCase()} (place ${index})`;
					wrong.push(`${name}: read ${isRead}, as text ${texts}; ${problem ?? ''}`);
				}
			}
		}

		expect(wrong).toEqual([]);
	});
});

describe('readPageBytes on adversarial input', () => {
	const megabyte = 1 << 20;
	const inputs: Array<[string, string]> = [
		['a run of [', '['.repeat(megabyte)],
		['a run of [ in results', `{"count":1,"results":[{"a":${'['.repeat(megabyte)}`],
		['a run of { in results', `{"count":1,"results":${'{'.repeat(megabyte)}`],
		['a run of {"a":', `{"count":1,"results":[${'{"a":'.repeat(200_000)}`],
		['a closed run of {"a":', pageOf(nestedObjects(200_000)).toString()],
		['lists nested 10,000 deep', pageOf(nested(10_000)).toString()],
		[
			'lists nested 10,000 deep, unclosed',
			`{"count":1,"results":[${nested(10_000).slice(0, -5_000)}`,
		],
		['backslashes', `{"count":1,"results":[{"a":"${'\\\\\\\\'.repeat(200_000)}`],
		['backslashes and a quote', pageOf(`{"a":"${'\\\\\\\\'.repeat(200_000)}\\"}`).toString()],
		['digits', pageOf(`{"a":${'9'.repeat(megabyte)}}`).toString()],
		['digits, unclosed', `{"count":1,"results":[{"a":${'9'.repeat(megabyte)}`],
		['a count of a million digits', `{"count":${'9'.repeat(megabyte)},"results":[]}`],
		['-0.0e', pageOf(`{"a":[${'-0.0e,'.repeat(200_000)}1]}`).toString()],
		['-0.0e1', pageOf(`{"a":[${'-0.0e1,'.repeat(200_000)}1]}`).toString()],
		['an unterminated string of a megabyte', `{"count":1,"results":[{"a":"${'x'.repeat(megabyte)}`],
		['a string of a megabyte', pageOf(`{"a":"${'é'.repeat(megabyte / 2)}"}`).toString()],
		['quotes', `{"count":1,"results":[{"a":${'"'.repeat(megabyte)}`],
		['escaped quotes', pageOf(`{"a":"${'\\"'.repeat(megabyte / 2)}"}`).toString()],
		['unicode escapes', pageOf(`{"a":"${'\\u00e9'.repeat(200_000)}"}`).toString()],
		['broken unicode escapes', pageOf(`{"a":"${'\\u00e'.repeat(200_000)}"}`).toString()],
		[
			'lead bytes of unsafe characters',
			pageOf(`{"a":"${'\u00AC\u2027\u2030\u0600'.repeat(200_000)}"}`).toString(),
		],
		['keys without values', pageOf(`{${'"a":'.repeat(200_000)}1}`).toString()],
		[
			'members that fail at the end',
			pageOf(`{${'"a":[1,{"b":"c"}],'.repeat(100_000)}"z":x}`).toString(),
		],
		[
			'items that fail at the end',
			pageOf(`{"a":[${'[1,{"b":"c"}],'.repeat(100_000)}x]}`).toString(),
		],
		[
			'records that fail at the end',
			pageOf(...Array.from({length: 50_000}, () => '{"a":[1,{"b":"c"}]}'), '{"z":x}').toString(),
		],
		['spaces', pageOf(`{"a":${' '.repeat(megabyte)}1}`).toString()],
		['spaces, unclosed', `{"count":1,"results":[{"a":[1,${' '.repeat(megabyte)}`],
		['commas', pageOf(`{"a":[1${','.repeat(megabyte)}]}`).toString()],
		['colons', pageOf(`{"a"${':'.repeat(megabyte)}1}`).toString()],
	];

	it.each(inputs)('completes on %s', (_name, text) => {
		// Either outcome is fine here; reading must end without an exception, and agree.
		expectReadAsBefore(Buffer.from(text));
	});

	it('declines where the usual way refuses, for each of them', () => {
		for (const [name, text] of inputs) {
			const bytes = Buffer.from(text);
			if (readAsBefore(bytes) === undefined) {
				expect(readPageBytes(bytes), name).toBeUndefined();
			}
		}
	});
});

describe("readPageBytes on the demo server's answers", () => {
	const servers = demoServers();

	/** The answers for the 450 workspaces, 100 a page (valid UTF-8: the text encodes back to them). */
	async function answers(server: DemoServer): Promise<Buffer[]> {
		const offsets = [0, 100, 200, 300, 400];
		const texts = await Promise.all(
			offsets.map(async (offset) => get(server, `/api/workspaces/?limit=100&offset=${offset}`)),
		);
		return texts.map(({text}) => Buffer.from(text));
	}

	it('reads every page of the plain data set', async () => {
		const bodies = await answers(await servers.start({count: 450, pageCap: 100}));
		expect(bodies.map((bytes) => compareWithBefore(bytes))).toEqual(
			Array.from({length: 5}, () => ({isRead: true, texts: 0})),
		);
		expect(readPageBytes(bodies.at(-1)!)?.results).toHaveLength(50);
	});

	it('reads every page of the hostile data set, its hostile records as their text', async () => {
		const bodies = await answers(await servers.start({count: 450, pageCap: 100, hostile: true}));
		const read = bodies.map((bytes) => compareWithBefore(bytes));
		expect(read.map(({isRead, problem}) => [isRead, problem])).toEqual(
			Array.from({length: 5}, () => [true, undefined]),
		);
		expect(read.some(({texts}) => texts > 0)).toBe(true);
	});
});
