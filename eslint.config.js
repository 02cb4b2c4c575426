import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ofetchRule = {name: 'ofetch', message: 'Only source/api/ imports ofetch.'};
const confRule = {name: 'conf', message: 'Only source/config/ imports conf.'};

/** An import of one of `layers` (folders of source/) from a file one folder deep in source/. */
function layerImport(layers, why, except = '') {
	return {regex: `^(\\.\\./)+(${layers.join('|')})/${except}`, message: why};
}

/** An import of the entry or the composition root from a file `depth` folders deep in source/. */
function rootImport(depth = 1) {
	return {
		regex: `^(\\.\\./){${depth}}(cli|main|start|services|app)\\.js$`,
		message: 'The entry and the composition root import the layers, never the other way round.',
	};
}

/** Per layer: what it may not import (see architecture.md, "The shape of the house"). */
function layerRules() {
	const rule = (files, paths, patterns) => ({
		files,
		rules: {'no-restricted-imports': ['error', {paths, patterns}]},
	});
	return [
		rule(
			['source/api/**/*.ts'],
			[confRule],
			[
				layerImport(
					['config', 'paging', 'ui', 'export', 'commands', 'demo'],
					'api/ is the bottom layer: it imports no config, paging, ui or commands.',
				),
				rootImport(),
			],
		),
		rule(
			['source/config/**/*.ts'],
			[ofetchRule],
			[
				layerImport(
					['paging', 'ui', 'export', 'commands', 'demo'],
					'config/ imports only api/ and shared helpers.',
				),
				rootImport(),
			],
		),
		rule(
			['source/paging/**/*.ts'],
			[ofetchRule, confRule],
			[
				layerImport(
					['config', 'ui', 'export', 'commands', 'demo'],
					'paging/ is pure: it imports no config, ui or commands.',
				),
				layerImport(
					['api'],
					'paging/ may use the API types only (api/types.js).',
					'(?!types\\.js$)',
				),
				rootImport(),
			],
		),
		rule(
			['source/export/**/*.ts'],
			[ofetchRule, confRule],
			[
				layerImport(
					['config', 'paging', 'ui', 'commands', 'demo'],
					'export/ streams pages: it imports the API types and shared helpers only.',
				),
				rootImport(),
			],
		),
		...[1, 2].map((depth) =>
			rule(
				[depth === 1 ? 'source/ui/*.{ts,tsx}' : 'source/ui/*/**/*.{ts,tsx}'],
				[ofetchRule, confRule],
				[
					layerImport(
						['commands', 'demo'],
						'ui/ gets its services through the context, not commands.',
					),
					rootImport(depth),
				],
			),
		),
		// The export is a command, not a screen: shared formatting lives outside ui/.
		rule(
			['source/commands/**/*.ts'],
			[ofetchRule, confRule],
			[
				layerImport(
					['ui', 'paging'],
					'Commands and the export import nothing from ui/ or paging/.',
				),
				rootImport(),
			],
		),
		rule(['source/*.{ts,tsx}', 'source/demo/**/*.ts'], [ofetchRule, confRule], []),
	];
}

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench-tmp/**']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx,js,mjs}'],
		languageOptions: {globals: {...globals.node}},
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{argsIgnorePattern: '^_', varsIgnorePattern: '^_'},
			],
			'no-restricted-syntax': [
				'error',
				{selector: 'TSEnumDeclaration', message: 'Use a string-literal union.'},
			],
		},
	},
	// CommonJS helpers (a `node --require` preload of the tests): Node's globals and `require`.
	{
		files: ['**/*.cjs'],
		languageOptions: {sourceType: 'commonjs', globals: {...globals.node}},
		rules: {'@typescript-eslint/no-require-imports': 'off'},
	},
	// Layer rules from architecture.md: data flows config → api → paging → ui, and a layer
	// imports only the layers below it. Only api/ speaks HTTP, only config/ touches conf.
	...layerRules(),
	{
		files: ['source/ui/**/*.{ts,tsx}', 'source/app.tsx', 'source/paging/**/*.ts'],
		rules: {
			'no-restricted-properties': [
				'error',
				{
					object: 'process',
					property: 'env',
					message: 'Components read no process.env; settings come from cli.tsx.',
				},
			],
		},
	},
	prettier,
);
