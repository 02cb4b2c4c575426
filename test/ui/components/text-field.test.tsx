import {Box, Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {useState} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {TextField, type TextFieldProps} from '../../../source/ui/components/text-field.js';
import {KEYS, press, settle, type} from '../../helpers.js';

afterEach(() => {
	cleanup();
});

type HarnessProps = Partial<TextFieldProps> & {
	initial?: string;
	changes?: string[];
	submits?: string[];
};

/** A parent that owns the value, as every screen does, and shows it quoted below the field. */
function Harness({initial = '', changes, submits, ...props}: HarnessProps) {
	const [value, setValue] = useState(initial);
	return (
		<Box flexDirection="column">
			<TextField
				value={value}
				onChange={(next) => {
					changes?.push(next);
					setValue(next);
				}}
				onSubmit={(submitted) => {
					submits?.push(submitted);
				}}
				{...props}
			/>
			<Text>value=[{value}]</Text>
		</Box>
	);
}

const valueOf = (frame: string | undefined) => /value=\[(.*)\]/u.exec(frame ?? '')?.[1];

/** Writes all keys in one stdin write (one read for the app), then lets React settle. */
async function chunk(stdin: {write: (data: string) => void}, ...keys: string[]) {
	stdin.write(keys.join(''));
	await settle();
}

describe('TextField with keys arriving in one read', () => {
	it('deletes with each of several Backspaces and never inserts DEL', async () => {
		const {stdin, lastFrame} = render(<Harness initial="https://apiXYZ" />);
		await chunk(stdin, KEYS.backspace, KEYS.backspace, KEYS.backspace);
		expect(valueOf(lastFrame())).toBe('https://api');
		expect(lastFrame()).not.toContain('\u007F');
	});

	it('moves the cursor twice for two ← in one read', async () => {
		const {stdin, lastFrame} = render(<Harness initial="abcd" />);
		await chunk(stdin, KEYS.left, KEYS.left);
		await press(stdin, 'X');
		expect(valueOf(lastFrame())).toBe('abXcd');
	});

	it('keeps every digit typed at once', async () => {
		const {stdin, lastFrame} = render(<Harness />);
		await chunk(stdin, '789012');
		expect(valueOf(lastFrame())).toBe('789012');
	});

	it('inserts a paste whole, without its control characters, and submits on its final Enter', async () => {
		const submits: string[] = [];
		const {stdin, lastFrame} = render(<Harness submits={submits} />);
		await chunk(stdin, 'vktrpat_\u0007demo\tone\r');
		expect(valueOf(lastFrame())).toBe('vktrpat_demoone');
		expect(submits).toEqual(['vktrpat_demoone']);
	});

	it('edits the same when several events reach it before React renders', async () => {
		const {stdin, lastFrame} = render(<Harness initial="abc" />);
		// Escape sequences are separate events from Ink, all delivered in one tick.
		await chunk(stdin, KEYS.left, KEYS.left, 'x', KEYS.right, '\u007F', KEYS.home, '>');
		expect(valueOf(lastFrame())).toBe('>axc');
	});
});

describe('TextField with keys one by one', () => {
	it('deletes with each Backspace', async () => {
		const {stdin, lastFrame} = render(<Harness initial="https://apiXYZ" />);
		await press(stdin, KEYS.backspace, KEYS.backspace, KEYS.backspace);
		expect(valueOf(lastFrame())).toBe('https://api');
	});

	it('moves the cursor with ← and inserts there', async () => {
		const {stdin, lastFrame} = render(<Harness initial="abcd" />);
		await press(stdin, KEYS.left, KEYS.left, 'X');
		expect(valueOf(lastFrame())).toBe('abXcd');
	});

	it('keeps every digit', async () => {
		const {stdin, lastFrame} = render(<Harness />);
		await type(stdin, '789012');
		expect(valueOf(lastFrame())).toBe('789012');
	});

	it('supports Ctrl+A, Ctrl+E, Ctrl+U, Ctrl+W, Ctrl+K, Home, End and Delete', async () => {
		const {stdin, lastFrame} = render(<Harness initial="foo bar baz" />);
		await press(stdin, '\u0017');
		expect(valueOf(lastFrame())).toBe('foo bar ');
		await press(stdin, '\u0001', '\u001B[3~');
		expect(valueOf(lastFrame())).toBe('oo bar ');
		await press(stdin, '\u0005', 'z', KEYS.home, KEYS.right, KEYS.right, '\u000B');
		expect(valueOf(lastFrame())).toBe('oo');
		await press(stdin, KEYS.end, '\u0015');
		expect(valueOf(lastFrame())).toBe('');
	});

	it('submits the current value on Enter', async () => {
		const submits: string[] = [];
		const {stdin} = render(<Harness initial="acme" submits={submits} />);
		await press(stdin, KEYS.enter);
		expect(submits).toEqual(['acme']);
	});
});

describe('TextField display', () => {
	it('shows a prefilled value as the value, with the cursor after it', async () => {
		const {stdin, lastFrame} = render(<Harness initial="https://" placeholder="ignored" />);
		expect(valueOf(lastFrame())).toBe('https://');
		expect(lastFrame()).not.toContain('ignored');
		await press(stdin, 'a');
		expect(valueOf(lastFrame())).toBe('https://a');
	});

	it('shows the placeholder only while empty, and it is never the value', async () => {
		const changes: string[] = [];
		const {stdin, lastFrame} = render(<Harness placeholder="acme" changes={changes} />);
		expect(lastFrame()).toContain('acme');
		expect(valueOf(lastFrame())).toBe('');
		await press(stdin, 'x');
		expect(lastFrame()).not.toContain('acme');
		expect(changes).toEqual(['x']);
	});

	it('masks every character', async () => {
		const {stdin, lastFrame} = render(<Harness mask="•" />);
		await chunk(stdin, 'vktrpat_demo');
		const [field] = (lastFrame() ?? '').split('\n');
		expect(field).toBe('••••••••••••');
	});

	it('ignores keys while not focused', async () => {
		const {stdin, lastFrame} = render(<Harness initial="abc" focus={false} />);
		await press(stdin, 'x', KEYS.backspace);
		expect(valueOf(lastFrame())).toBe('abc');
	});

	it('follows a value the parent sets itself, with the cursor at its end', async () => {
		function Resettable() {
			const [value, setValue] = useState('first');
			return (
				<TextField
					value={value}
					onChange={(next) => {
						setValue(next === 'firstx' ? 'reset' : next);
					}}
				/>
			);
		}

		const {stdin, lastFrame} = render(<Resettable />);
		await press(stdin, 'x');
		expect(lastFrame()).toBe('reset');
		await press(stdin, '!');
		expect(lastFrame()).toBe('reset!');
	});
});
