/**
 * Tiny files that declare huge things, beside the good sources of the seeded region: every one is
 * read within bounds or refused with its reason, the good ones are consolidated, the process stays
 * small, and a restart with the file still there starts normally.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConsolidationReport } from '../src/cli.js';
import { seedRegion, SEED_PLANS } from '../src/seed/seed-region.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { DEFAULT_XLSX_LIMITS } from '../src/sources/xlsx-bounds.js';
import { openSqliteStore } from '../src/store/index.js';
import { SyncRunner } from '../src/sync/runner.js';
import { SyncThread } from '../src/sync/thread.js';
import { hostileFiles, manyCellsFile, type HostileFile } from './fixtures/hostile.js';

const GIB_KB = 1024 * 1024;
const SERVICE = resolve(import.meta.dirname, '..');

let dir: string;
let sourcesDir: string;
let hostile: HostileFile[];
/** Seeded file name → events of its plan. */
let seedFiles: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-hostile-'));
  sourcesDir = join(dir, 'sources');
  await seedRegion(sourcesDir);
  seedFiles = (await new XlsxFolderSource(sourcesDir).list()).map((r) => r.id);
  hostile = await hostileFiles();
  for (const f of hostile) await writeFile(join(sourcesDir, f.name), f.bytes);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const name = (prefix: string) => hostile.find((f) => f.name.startsWith(prefix))!.name;
const BOUNDED = ['ММО-1 ', 'ММО-2 ', 'ММО-3 ', 'ММО-4 ', 'ММО-5 '];

describe('hostile .xlsx files', () => {
  test('are tiny files', () => {
    for (const f of hostile) expect(f.bytes.length).toBeLessThan(3 * 1024 * 1024);
  });

  test('the CLI reads them all beside the good sources in one process under 1 GiB', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const reportPath = join(dir, 'report.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        tsx,
        join(SERVICE, 'test/fixtures/cli-rss.ts'),
        '--input',
        sourcesDir,
        '--report',
        reportPath,
        '--year',
        '2022-2023',
      ],
      { cwd: SERVICE, maxBuffer: 1024 * 1024 },
    );
    const { code, maxRssKb } = JSON.parse(stdout) as { code: number; maxRssKb: number };
    expect(code).toBe(0);
    expect(maxRssKb).toBeLessThan(GIB_KB);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as ConsolidationReport;
    const source = (file: string) => report.sources.find((s) => s.file === file)!;

    // The good sources: every seeded file read, every ММО plan with all its events.
    for (const file of seedFiles) expect(source(file)).toMatchObject({ status: 'ok' });
    expect(report.totals.planEvents).toBeGreaterThanOrEqual(
      SEED_PLANS.districts.reduce((n, d) => n + d.events.length, 0),
    );

    // Declarations past the data: read, with a warning naming the file and what was ignored.
    for (const prefix of BOUNDED) {
      const file = name(prefix);
      expect(source(file).status).toBe('ok');
      const warnings = report.issues
        .filter((i) => i.file === file && i.severity === 'warning')
        .map((i) => i.message);
      expect(warnings.join('\n')).toMatch(
        /объединённые ячейки выходят далеко за данные|описание ширины столбцов|объявленный диапазон/,
      );
    }
    // Too large is not «повреждён»: it says what and how much.
    const bomb = source(name('ММО-6'));
    expect(bomb.status).toBe('failed');
    expect(bomb.reason).toContain(`Файл «${name('ММО-6')}»`);
    expect(bomb.reason).toContain('лист «План ММО» после распаковки больше 100 МБ');
    expect(bomb.reason).not.toContain('повреждён');
    const strings = source(name('ММО-7'));
    expect(strings.status).toBe('failed');
    expect(strings.reason).toMatch(/1\s000\s000 разных текстовых значений/);
  }, 120_000);

  test('the service syncs the region with them and restarts normally with them in place', async () => {
    const storePath = join(dir, 'store.sqlite');
    const start = async () => {
      const store = openSqliteStore(storePath);
      const runner = new SyncRunner({
        source: new XlsxFolderSource(sourcesDir),
        store,
      });
      await runner.init();
      return { store, runner };
    };
    const first = await start();
    const r1 = await first.runner.sync({ mmo: null, trigger: 'start' });
    expect(r1.run.status).toBe('done');
    const status = (id: string) => r1.run.sources.find((s) => s.sourceId === id)!;
    for (const file of seedFiles) expect(status(file)).toMatchObject({ status: 'ok', read: 'ok' });
    for (const prefix of BOUNDED) expect(status(name(prefix)).status).toBe('ok');
    expect(status(name('ММО-6'))).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('после распаковки больше 100 МБ'),
    });
    expect(status(name('ММО-7'))).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('разных текстовых значений'),
    });
    await first.store.close();

    // A restart: the start-up sync reads the same folder and finishes.
    const second = await start();
    const r2 = await second.runner.sync({ mmo: null, trigger: 'start' });
    expect(r2.run.status).toBe('done');
    expect(r2.run.counts!.sourcesOk).toBe(r1.run.counts!.sourcesOk);
    await second.store.close();
  }, 120_000);

  test('a file that exhausts the sync thread fails alone, the run finishes, and it is not read again until it changes', async () => {
    const crashDir = join(dir, 'crash');
    await seedRegion(join(crashDir, 'sources'));
    const big = await manyCellsFile(120_000);
    await writeFile(join(crashDir, 'sources', big.name), big.bytes);
    const storePath = join(crashDir, 'store.sqlite');
    // The cell limit raised past what the thread's heap holds: exceljs runs it out of memory.
    const limits = { ...DEFAULT_XLSX_LIMITS, maxCellsPerSheet: 100_000_000 };
    const thread = new SyncThread({ heapMb: 128 });
    const start = async () => {
      const store = openSqliteStore(storePath);
      const runner = new SyncRunner({
        source: new XlsxFolderSource(join(crashDir, 'sources'), { limits }),
        store,
        workers: { thread },
      });
      await runner.init();
      return { store, runner };
    };
    try {
      const first = await start();
      const r1 = await first.runner.sync({ mmo: null, trigger: 'start' });
      expect(r1.run).toMatchObject({ status: 'done' });
      expect(r1.run.sources.find((s) => s.sourceId === big.name)).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining('остановил поток сводки'),
      });
      for (const file of seedFiles)
        expect(r1.run.sources.find((s) => s.sourceId === file)).toMatchObject({ status: 'ok' });
      const starts = thread.starts;
      await first.store.close();

      // Restart with the file in place: refused from memory, the thread does not die again.
      const second = await start();
      const r2 = await second.runner.sync({ mmo: null, trigger: 'start' });
      expect(r2.run.status).toBe('done');
      expect(r2.run.sources.find((s) => s.sourceId === big.name)).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining('не читается, пока его не изменят'),
      });
      for (const file of seedFiles)
        expect(r2.run.sources.find((s) => s.sourceId === file)).toMatchObject({ status: 'ok' });
      expect(thread.starts).toBe(starts);
      await second.store.close();
    } finally {
      await thread.close();
    }
  }, 240_000);
});
