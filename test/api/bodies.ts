import type http from 'node:http';

/** Answers 200 with a JSON content type and a body of spaces that never ends. */
export function sendEndlessBody(response: http.ServerResponse): void {
	response.writeHead(200, {'content-type': 'application/json'});
	const block = Buffer.alloc(64 * 1024, 0x20);
	const pump = () => {
		while (!response.destroyed && response.write(block));
	};

	response.on('drain', pump);
	pump();
}
