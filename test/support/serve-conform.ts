/**
 * Runs the conform server by hand, for walking the built command against it in tmux:
 * `npx tsx test/support/serve-conform.ts [PORT] [PAGE_CAP] [large|uuid]`.
 */
import {startConformServer} from './conform-server.js';

const [port = '8765', pageCap = '7', ids = 'large'] = process.argv.slice(2);
const server = await startConformServer({
	port: Number(port),
	pageCap: Number(pageCap),
	ids: ids === 'uuid' ? 'uuid' : 'large',
});
process.stdout.write(
	`conform server on ${server.baseUrl} (page cap ${server.pageCap}, ids ${ids})\n`,
);
process.on('SIGINT', () => {
	void server.close().then(() => process.exit(0));
});
