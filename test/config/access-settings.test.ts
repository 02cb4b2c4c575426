import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readAccessSettings, resolveScreenReader} from '../../source/config/access-settings.js';

let directory: string;
let file: string;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-access-settings-'));
	file = path.join(directory, 'config.json');
});

afterEach(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('readAccessSettings', () => {
	it('reads keys as they stand and a boolean screenReader', () => {
		fs.writeFileSync(file, JSON.stringify({keys: {list: {open: ['l']}}, screenReader: true}));
		expect(readAccessSettings(file)).toEqual({keys: {list: {open: ['l']}}, screenReader: true});
	});

	it('is no setting without a file, with a broken file or without the entries', () => {
		expect(readAccessSettings(file)).toEqual({});
		fs.writeFileSync(file, '{nope');
		expect(readAccessSettings(file)).toEqual({});
		fs.writeFileSync(file, JSON.stringify({profiles: []}));
		expect(readAccessSettings(file)).toEqual({});
	});

	it('says when screenReader is not true or false', () => {
		fs.writeFileSync(file, JSON.stringify({screenReader: 'yes'}));
		expect(readAccessSettings(file)).toEqual({problem: 'screenReader: must be true or false'});
	});
});

describe('resolveScreenReader', () => {
	it('takes the flag, then INK_SCREEN_READER, then the config file, else off', () => {
		expect(resolveScreenReader({env: {}})).toBe(false);
		expect(resolveScreenReader({env: {}, config: true})).toBe(true);
		expect(resolveScreenReader({env: {INK_SCREEN_READER: 'true'}})).toBe(true);
		expect(resolveScreenReader({env: {INK_SCREEN_READER: 'false'}, config: true})).toBe(false);
		expect(resolveScreenReader({env: {INK_SCREEN_READER: 'yes'}, config: true})).toBe(true);
		expect(resolveScreenReader({flag: false, env: {INK_SCREEN_READER: 'true'}})).toBe(false);
		expect(resolveScreenReader({flag: true, env: {INK_SCREEN_READER: 'false'}})).toBe(true);
	});
});
