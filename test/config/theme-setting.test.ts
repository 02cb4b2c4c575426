import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
	isThemeName,
	readThemeSetting,
	resolveThemeName,
} from '../../source/config/theme-setting.js';

let directory: string;
let configFile: string;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'viktor-theme-'));
	configFile = path.join(directory, 'config.json');
});

afterEach(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('readThemeSetting', () => {
	it('reads a theme name beside the profiles', () => {
		fs.writeFileSync(configFile, JSON.stringify({profiles: [], theme: 'light'}));
		expect(readThemeSetting(configFile)).toEqual({theme: 'light'});
	});

	it('is no setting when the file or the key is missing, or the file is not JSON', () => {
		expect(readThemeSetting(configFile)).toEqual({});
		fs.writeFileSync(configFile, JSON.stringify({profiles: []}));
		expect(readThemeSetting(configFile)).toEqual({});
		fs.writeFileSync(configFile, '{broken');
		expect(readThemeSetting(configFile)).toEqual({});
	});

	it('warns about a theme it does not know and names the ones it does', () => {
		fs.writeFileSync(configFile, JSON.stringify({theme: 'neon'}));
		expect(readThemeSetting(configFile).warning).toBe(
			`The theme "neon" in ${configFile} is not one of auto, dark, light, high-contrast or mono; using auto.`,
		);
		fs.writeFileSync(configFile, JSON.stringify({theme: 3}));
		expect(readThemeSetting(configFile).warning).toMatch(/^The theme 3 in /);
	});
});

describe('resolveThemeName', () => {
	it('takes --no-color, then --theme, then the config, then NO_COLOR, then auto', () => {
		expect(resolveThemeName({})).toBe('auto');
		expect(resolveThemeName({isNoColorEnvironment: true})).toBe('mono');
		expect(resolveThemeName({config: 'dark', isNoColorEnvironment: true})).toBe('dark');
		expect(resolveThemeName({flag: 'light', config: 'dark'})).toBe('light');
		expect(resolveThemeName({flag: 'light', isNoColorFlag: true})).toBe('mono');
	});

	it('knows exactly the documented names', () => {
		for (const name of ['auto', 'dark', 'light', 'high-contrast', 'mono']) {
			expect(isThemeName(name)).toBe(true);
		}

		for (const name of ['', 'Dark', 'solarized', undefined, 1])
			expect(isThemeName(name)).toBe(false);
	});
});
