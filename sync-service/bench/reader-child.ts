/**
 * `node --import tsx reader-child.ts <reader id> <region dir>`: one candidate of readers.ts reads
 * every file of the region in a fresh process, then its peak resident set (loader and modules
 * included), so candidates' memory is not mixed in one heap.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readAll } from './reader-bench.js';
import { READERS, type ReaderId } from './readers.js';

const [id, dir] = process.argv.slice(2);
if (!READERS.some((r) => r.id === id) || !dir)
  throw new Error(`usage: reader-child.ts <${READERS.map((r) => r.id).join('|')}> <region dir>`);
const entries = await readdir(dir, { withFileTypes: true, recursive: true });
const paths = entries
  .filter((e) => e.isFile() && extname(e.name).toLowerCase() === '.xlsx')
  .map((e) => join(e.parentPath, e.name));
// One file in memory at a time, as the folder source reads them.
let ms = 0;
let cells = 0;
for (const p of paths.sort()) {
  const m = await readAll(id as ReaderId, [await readFile(p)]);
  ms += m.ms;
  cells += m.cells;
}
process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms, cells })}\n`);
