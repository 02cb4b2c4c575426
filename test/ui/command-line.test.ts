import {describe, expect, it} from 'vitest';
import {
	completeCommandLine,
	findCommand,
	formatCandidates,
	parseCommandLine,
	type CommandDescriptor,
} from '../../source/ui/command-line.js';

const commands: CommandDescriptor[] = [
	{name: 'workspaces', aliases: ['ws']},
	{name: 'apps'},
	{name: 'entities', aliases: ['ent', 'e']},
	{name: 'entity-types'},
];

describe('parseCommandLine', () => {
	it('knows each command by name and by alias, in any case, with or without the colon', () => {
		expect(parseCommandLine(':workspaces', commands)).toEqual({
			kind: 'command',
			name: 'workspaces',
		});
		expect(parseCommandLine('ws', commands)).toEqual({kind: 'command', name: 'workspaces'});
		expect(parseCommandLine(':APPS', commands)).toEqual({kind: 'command', name: 'apps'});
		expect(parseCommandLine(':e', commands)).toEqual({kind: 'command', name: 'entities'});
	});

	it('tolerates whitespace around the colon and the command', () => {
		expect(parseCommandLine('  :  apps \t', commands)).toEqual({kind: 'command', name: 'apps'});
		expect(parseCommandLine(' : ', commands)).toEqual({kind: 'empty'});
		expect(parseCommandLine('', commands)).toEqual({kind: 'empty'});
	});

	it('reads a number as a jump to that 1-based record, grouped or not', () => {
		expect(parseCommandLine(':42', commands)).toEqual({kind: 'jump', position: 42});
		expect(parseCommandLine(' 1,234,567 ', commands)).toEqual({kind: 'jump', position: 1_234_567});
		expect(parseCommandLine('0', commands)).toEqual({kind: 'jump', position: 0});
		expect(parseCommandLine('9'.repeat(40), commands)).toEqual({
			kind: 'jump',
			position: Number.MAX_SAFE_INTEGER,
		});
	});

	it('names an unknown command and the known ones', () => {
		expect(parseCommandLine(':frobnicate', commands)).toEqual({
			kind: 'error',
			message:
				'unknown command ":frobnicate"; known: :workspaces (:ws), :apps, :entities (:ent, :e), :entity-types, or a record number',
		});
	});

	it('suggests the one command an unknown word starts', () => {
		const result = parseCommandLine(':work', commands);
		expect(result.kind).toBe('error');
		expect(result.kind === 'error' ? result.message : '').toMatch(
			/^unknown command ":work" \(did you mean :workspaces\?\); known: /,
		);
	});

	it('says what is wrong with a number that is not one, or words after a command', () => {
		expect(parseCommandLine('-3', commands)).toEqual({
			kind: 'error',
			message: '"-3" is not a record number: type digits only, 1 or more',
		});
		expect(parseCommandLine('12abc', commands).kind).toBe('error');
		expect(parseCommandLine(':apps now', commands)).toEqual({
			kind: 'error',
			message: ':apps takes nothing after it (got "now")',
		});
	});

	it('echoes hostile or huge input sanitized and cut', () => {
		const result = parseCommandLine(`:evil\u001B]0;owned\u0007${'x'.repeat(500)}`, commands);
		const message = result.kind === 'error' ? result.message : '';
		// eslint-disable-next-line no-control-regex -- the test looks for control characters
		expect(message).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
		expect(message).toContain('":evilx');
		expect(message.length).toBeLessThan(200);
	});
});

describe('completeCommandLine', () => {
	it('completes a unique prefix of a name or an alias to the full name, keeping the colon', () => {
		expect(completeCommandLine(':wo', commands)).toEqual({kind: 'completed', text: ':workspaces'});
		expect(completeCommandLine('w', commands)).toEqual({kind: 'completed', text: 'workspaces'});
		expect(completeCommandLine(':ws', commands)).toEqual({kind: 'completed', text: ':workspaces'});
		expect(completeCommandLine(' :A', commands)).toEqual({kind: 'completed', text: ':apps'});
	});

	it('extends an ambiguous prefix to what the candidates share and lists them', () => {
		expect(completeCommandLine(':en', commands)).toEqual({
			kind: 'ambiguous',
			text: ':entit',
			candidates: ['entities', 'entity-types'],
		});
		expect(completeCommandLine(':', commands)).toEqual({
			kind: 'ambiguous',
			text: ':',
			candidates: ['workspaces', 'apps', 'entities', 'entity-types'],
		});
	});

	it('completes nothing for a number, an unknown prefix or words after a command', () => {
		expect(completeCommandLine(':12', commands).kind).toBe('none');
		expect(completeCommandLine(':zz', commands)).toEqual({
			kind: 'none',
			message:
				'no command starts with "zz"; known: :workspaces (:ws), :apps, :entities (:ent, :e), :entity-types, or a record number',
		});
		expect(completeCommandLine(':apps x', commands).kind).toBe('none');
	});
});

describe('findCommand and formatCandidates', () => {
	it('prefers a name over another command’s alias', () => {
		const clash: CommandDescriptor[] = [{name: 'a', aliases: ['apps']}, {name: 'apps'}];
		expect(findCommand('apps', clash)?.name).toBe('apps');
	});

	it('lists a few candidates and counts the rest', () => {
		expect(formatCandidates(['a', 'b'])).toBe('a, b');
		expect(formatCandidates(['a', 'b', 'c', 'd'], 2)).toBe('a, b, … 2 more');
	});
});

describe('typed names', () => {
	it('hands back the descriptor’s own name type', () => {
		type Root = 'workspaces' | 'apps';
		const roots: ReadonlyArray<{name: Root; aliases: readonly string[]}> = [
			{name: 'workspaces', aliases: ['ws']},
			{name: 'apps', aliases: []},
		];
		const parsed = parseCommandLine(':ws', roots);
		const name: Root | undefined = parsed.kind === 'command' ? parsed.name : undefined;
		expect(name).toBe('workspaces');
	});
});
