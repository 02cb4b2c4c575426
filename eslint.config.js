import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ofetchRule = {name: 'ofetch', message: 'Only source/api/ imports ofetch.'};
const confRule = {name: 'conf', message: 'Only source/config/ imports conf.'};

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
	// Layer rules from architecture.md: only api/ speaks HTTP, only config/ touches conf,
	// components and the pure layers read no process.env.
	{
		files: ['source/**/*.{ts,tsx}'],
		ignores: ['source/api/**', 'source/config/**'],
		rules: {
			'no-restricted-imports': ['error', {paths: [ofetchRule, confRule]}],
		},
	},
	{
		files: ['source/config/**/*.ts'],
		rules: {'no-restricted-imports': ['error', {paths: [ofetchRule]}]},
	},
	{files: ['source/api/**/*.ts'], rules: {'no-restricted-imports': ['error', {paths: [confRule]}]}},
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
	// The list model knows the API only by its plain types; errors reach it as data.
	{
		files: ['source/paging/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [ofetchRule, confRule],
					patterns: [
						{
							group: ['**/api/*', '!**/api/types.js', '**/ui/**'],
							message:
								'paging/ imports only plain types from api/ (types.js) and nothing from ui/.',
						},
					],
				},
			],
		},
	},
	// The export is a command, not a screen: shared formatting lives outside ui/.
	{
		files: ['source/export/**/*.ts', 'source/commands/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [ofetchRule, confRule],
					patterns: [
						{group: ['**/ui/**'], message: 'Commands and the export import nothing from ui/.'},
					],
				},
			],
		},
	},
	prettier,
);
