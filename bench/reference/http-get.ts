/**
 * The one GET both reference programs make: the first page of workspaces over plain `node:http`,
 * with the token from VIKTOR_TOKEN, parsed as JSON. Kept tiny on purpose: it is the floor.
 */
import http from 'node:http';

/** The part of a list answer the reference programs show. */
export type FirstPage = {count: number; results: Array<{id: number; name: string}>};

/** GETs `<baseUrl>/workspaces/?limit=<limit>` and resolves to the parsed answer. */
export async function getFirstPage(baseUrl: string, limit: number): Promise<FirstPage> {
	return new Promise((resolve, reject) => {
		const request = http.get(
			`${baseUrl}/workspaces/?limit=${limit}`,
			{headers: {Authorization: `Bearer ${process.env['VIKTOR_TOKEN'] ?? ''}`}},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => {
					text += chunk;
				});
				response.on('end', () => {
					try {
						resolve(JSON.parse(text) as FirstPage);
					} catch (error) {
						reject(error instanceof Error ? error : new Error(String(error)));
					}
				});
			},
		);
		request.on('error', reject);
	});
}

/** Quits on `q` (the benchmark types it once the pattern showed), in raw mode like a TUI. */
export function quitOnKey(quit: () => void): void {
	if (process.stdin.isTTY) process.stdin.setRawMode(true);
	process.stdin.on('data', (data) => {
		if (String(data).includes('q')) quit();
	});
}
