import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {
	parseResumeFile,
	parseResumePoint,
	readResumeFile,
	resumeFilePath,
	resumeKey,
	resumeLimits,
	serializeResumeFile,
	withResumePoint,
	writeResumeFile,
	type ResumePoint,
} from '../../source/config/resume-state.js';

const known = (name: string) =>
	['workspaces', 'entities', 'children', 'revisions', 'apps'].includes(name);

const point: ResumePoint = {
	levels: [
		{resource: 'workspaces', parent: {}, crumbs: ['Workspaces']},
		{resource: 'entities', parent: {workspace: 12}, crumbs: ['Workspaces', 'Bridge', 'Entities']},
	],
	search: 'bridge',
	sort: 'name:desc',
	selectedId: 40,
	position: 3,
	savedAt: 1_700_000_000_000,
};

const fileText = (points: unknown) => JSON.stringify({points});

describe('the saved places codec', () => {
	it('reads back what it writes', () => {
		const text = serializeResumeFile({'profile:acme': point});
		expect(parseResumeFile(text, known)).toEqual({file: {'profile:acme': point}});
	});

	it('ignores a file that is not JSON, or not an object of places, with a warning', () => {
		for (const text of ['', '{', 'null', '[]', '"x"', '{"points": []}', '{"other": {}}']) {
			const read = parseResumeFile(text, known);
			expect(read.file).toEqual({});
			expect(read.warning).toBeDefined();
		}
	});

	it('drops a place with an unknown resource, and keeps the others', () => {
		const unknown = {...point, levels: [{resource: 'dashboards', parent: {}, crumbs: ['D']}]};
		const read = parseResumeFile(fileText({'profile:a': point, 'profile:b': unknown}), known);
		expect(Object.keys(read.file)).toEqual(['profile:a']);
		expect(read.warning).toBe('has 1 saved place it cannot use');
	});

	it('drops places with missing or hostile ids, levels, crumbs and numbers', () => {
		const bad: unknown[] = [
			{...point, levels: []},
			{...point, levels: undefined},
			{...point, levels: [{resource: 'entities', parent: {workspace: null}, crumbs: ['x']}]},
			{...point, levels: [{resource: 'entities', parent: {workspace: -1}, crumbs: ['x']}]},
			{...point, levels: [{resource: 'entities', parent: {workspace: ''}, crumbs: ['x']}]},
			{...point, levels: [{resource: 'entities', parent: {workspace: {}}, crumbs: ['x']}]},
			{...point, levels: [{resource: 'entities', parent: [], crumbs: ['x']}]},
			{...point, levels: [{resource: 'workspaces', parent: {}, crumbs: []}]},
			{...point, levels: [{resource: 'workspaces', parent: {}, crumbs: [7]}]},
			{...point, levels: [{resource: 'workspaces', parent: {}, crumbs: ['x'.repeat(201)]}]},
			{...point, levels: Array.from({length: resumeLimits.levels + 1}, () => point.levels[0])},
			{...point, selectedId: 1.5},
			{...point, selectedId: {id: 1}},
			{...point, position: -1},
			{...point, position: '3'},
			{...point, search: 'x'.repeat(201)},
			{...point, sort: 5},
			{...point, savedAt: undefined},
			null,
			'place',
		];
		for (const value of bad) expect(parseResumePoint(value, known)).toBeUndefined();
		const read = parseResumeFile(
			fileText(Object.fromEntries(bad.map((v, i) => [`k${i}`, v]))),
			known,
		);
		expect(read.file).toEqual({});
	});

	it('never takes on a prototype key', () => {
		const text = `{"points": {"__proto__": ${JSON.stringify(point)}}}`;
		const read = parseResumeFile(text, known);
		expect(Object.getPrototypeOf(read.file)).toBe(Object.prototype);
		expect(Object.keys(read.file)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>)['levels']).toBeUndefined();
	});

	it('keeps the newest places within the entry and size bounds', () => {
		let file = {};
		for (let index = 0; index < resumeLimits.entries + 5; index++) {
			file = withResumePoint(file, `host:h${index}`, {...point, savedAt: index});
		}

		expect(Object.keys(file)).toHaveLength(resumeLimits.entries);
		expect(file).not.toHaveProperty('host:h0');
		expect(file).toHaveProperty(`host:h${resumeLimits.entries + 4}`);
		const long = {...point, levels: [{...point.levels[0]!, crumbs: ['x'.repeat(200)]}]};
		const big = Object.fromEntries(
			Array.from({length: 400}, (_, index) => [`host:${index}`, {...long, savedAt: index}]),
		);
		const text = serializeResumeFile(big);
		expect(Buffer.byteLength(text)).toBeLessThanOrEqual(resumeLimits.fileBytes);
		expect(parseResumeFile(text, known).file).toHaveProperty('host:399');
	});

	it('keys a place by profile, else by host, and the demo by one name', () => {
		expect(resumeKey({profileName: 'acme', host: 'acme.viktor.ai'})).toBe('profile:acme');
		expect(resumeKey({host: 'acme.viktor.ai', label: 'acme'})).toBe('host:acme.viktor.ai');
		expect(resumeKey({host: 'demo (127.0.0.1:4100)', label: 'demo'})).toBe('host:demo');
	});
});

describe('the state file', () => {
	let directory: string | undefined;
	afterEach(() => {
		if (directory !== undefined) fs.rmSync(directory, {recursive: true, force: true});
	});
	const temporary = () => {
		directory = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-tui-state-'));
		return directory;
	};

	it('sits beside the config file, written with mode 0600 and no temporary file left', () => {
		const filePath = resumeFilePath(path.join(temporary(), 'conf', 'config.json'));
		expect(path.basename(filePath)).toBe('state.json');
		expect(writeResumeFile(filePath, {'host:demo': point})).toBeUndefined();
		expect(fs.statSync(filePath).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(path.dirname(filePath))).toEqual(['state.json']);
		expect(readResumeFile(filePath, known)).toEqual({file: {'host:demo': point}});
	});

	it('is empty when missing, and ignored with a warning when corrupt or too large', () => {
		const filePath = path.join(temporary(), 'state.json');
		expect(readResumeFile(filePath, known)).toEqual({file: {}});
		fs.writeFileSync(filePath, '{"points": {"a": ');
		expect(readResumeFile(filePath, known).warning).toBe(
			`${filePath} is not valid JSON; ignoring it.`,
		);
		fs.writeFileSync(filePath, ' '.repeat(resumeLimits.fileBytes + 1));
		expect(readResumeFile(filePath, known).warning).toContain('is larger than it may be');
	});

	it('says why it could not write instead of throwing', () => {
		const blocker = path.join(temporary(), 'file');
		fs.writeFileSync(blocker, '');
		expect(writeResumeFile(path.join(blocker, 'state.json'), {})).toMatch(
			/^could not save where you were/,
		);
	});
});
