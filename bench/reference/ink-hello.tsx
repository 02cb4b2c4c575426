/**
 * Reference program "Ink hello world": imports Ink and React, makes one GET of the first page and
 * renders its rows and a status bar with `1 of <count>` — what any Ink program that shows data
 * pays. Bundled with the command's esbuild plugins. Usage: `node ink-hello.mjs BASE_URL` with the
 * token in VIKTOR_TOKEN.
 */
import {Box, render, Text} from 'ink';
import {getFirstPage, quitOnKey, type FirstPage} from './http-get.js';

function Hello({page}: {page: FirstPage}) {
	return (
		<Box flexDirection="column" height={30}>
			<Text bold>workspaces</Text>
			<Box flexDirection="column" flexGrow={1}>
				{page.results.map((record) => (
					<Text key={record.id} wrap="truncate">
						<Text color="cyan">{record.id}</Text> {record.name}
					</Text>
				))}
			</Box>
			<Text inverse> 1 of {page.count.toLocaleString('en-US')} </Text>
		</Box>
	);
}

const page = await getFirstPage(process.argv[2] ?? '', 26);
const instance = render(<Hello page={page} />, {exitOnCtrlC: false});
quitOnKey(() => {
	instance.unmount();
	process.exit(0);
});
