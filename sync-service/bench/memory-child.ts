/**
 * `node --import tsx memory-child.ts <sources> <out.xlsx>`: one full consolidation in a fresh
 * process, then its peak resident set. maxRSS is the kernel's high-water mark for this process
 * alone, loader and module graph included, which is what a РМЦ server would have to provide.
 */
import { fullConsolidation } from './pipeline.js';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) throw new Error('usage: memory-child.ts <sources dir> <output.xlsx>');
const run = await fullConsolidation(dir, out);
// resourceUsage().maxRSS is in kibibytes.
process.stdout.write(
  `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms: run.ms, counts: run.counts })}\n`,
);
