/**
 * `npm run bench` (from the repository root or sync-service): generates the synthetic region,
 * measures every target and prints the table. A full-scale run of every part also writes
 * bench/results.json at the repository root; other runs write bench/results.tmp-<scale>.json
 * (ignored by git), so a quick run never replaces the published numbers.
 *
 *   --scale full|tiny   region size (default full: 2 000 events, 55 000 заявки, 600 questionnaires)
 *   --runs N            full/baseline consolidations each, alternated (default 3; tiny 1)
 *   --only a,b          parts: consolidation, readers, memory, incremental, google, service, addon
 *   --seed N            generator seed
 *   --readme            put the table into README.md between the bench markers (full runs only)
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_PARTS, runBench, type BenchPart, type BenchResult } from './bench.js';
import { REPO_ROOT } from './child.js';
import type { BenchScale } from './generate.js';
import { markdownReport } from './table.js';

// node:sqlite warns «experimental» in English when the store opens; this output is for Russian readers.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (/SQLite/i.test(text)) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const README_START = '<!-- bench:start -->';
const README_END = '<!-- bench:end -->';

async function writeWhole(path: string, text: string): Promise<void> {
  const tmp = join(REPO_ROOT, 'bench', `results.tmp-${process.pid}`);
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** Replaces what is between the markers, leaving every other line of README as it is. */
async function updateReadme(report: string): Promise<boolean> {
  const path = join(REPO_ROOT, 'README.md');
  const text = await readFile(path, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return false;
  const next = `${text.slice(0, start + README_START.length)}\n${report}\n${text.slice(end)}`;
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, next);
  await rename(tmp, path);
  return true;
}

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'full' },
    runs: { type: 'string' },
    only: { type: 'string' },
    seed: { type: 'string' },
    readme: { type: 'boolean', default: false },
  },
});

const scale = values.scale as BenchScale;
if (scale !== 'full' && scale !== 'tiny') throw new Error(`--scale: full или tiny, а не «${values.scale}»`);
const parts = values.only?.split(',').map((p) => p.trim()) as BenchPart[] | undefined;
for (const p of parts ?? [])
  if (!BENCH_PARTS.includes(p))
    throw new Error(`--only: неизвестная часть «${p}» (есть: ${BENCH_PARTS.join(', ')})`);

const result: BenchResult = await runBench({
  scale,
  ...(values.runs ? { runs: Number(values.runs) } : {}),
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  ...(parts ? { parts } : {}),
  log: (line) => process.stderr.write(`${line}\n`),
});

const report = markdownReport(result);
process.stdout.write(`\n${report}\n`);

const complete = scale === 'full' && !parts;
await mkdir(join(REPO_ROOT, 'bench'), { recursive: true });
const resultsPath = join(REPO_ROOT, 'bench', complete ? 'results.json' : `results.tmp-${scale}.json`);
await writeWhole(resultsPath, `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`\nРезультаты: ${resultsPath}\n`);
if (values.readme) {
  if (!complete) process.stderr.write('README не обновлён: в него идёт только полный запуск всех частей.\n');
  else if (await updateReadme(report))
    process.stderr.write('Таблица в README.md («Производительность») обновлена.\n');
  else process.stderr.write(`README не обновлён: нет меток ${README_START} … ${README_END}.\n`);
}
