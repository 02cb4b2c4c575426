/**
 * Reference program "sequential loop": the minimal Node script that exports a list — `fetch` one
 * page after the other (`limit=100`, next offset = offset + results, as `gh api --paginate`
 * does) and print every record as a line of NDJSON. Usage: `node sequential-export.mjs
 * BASE_URL` with the token in VIKTOR_TOKEN.
 */
const baseUrl = process.argv[2] ?? '';
const headers = {Authorization: `Bearer ${process.env['VIKTOR_TOKEN'] ?? ''}`};
let offset = 0;
for (;;) {
	const response = await fetch(`${baseUrl}/workspaces/?limit=100&offset=${offset}`, {headers});
	if (!response.ok) throw new Error(`HTTP ${response.status}`);
	const page = (await response.json()) as {count: number; results: unknown[]};
	let text = '';
	for (const record of page.results) text += `${JSON.stringify(record)}\n`;
	process.stdout.write(text);
	offset += page.results.length;
	if (page.results.length === 0 || offset >= page.count) break;
}
