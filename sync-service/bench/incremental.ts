/**
 * Target 2: a sync after one ММО's plan changed, with the real SyncRunner and the SQLite store: the
 * unchanged sources are answered by their revision and their checked parts are taken as they are.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/index.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner } from '../src/sync/runner.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { editPlan, type GeneratedRegion } from './generate.js';

export interface IncrementalResult {
  /** First sync into an empty store: every source read. */
  readonly firstSyncMs: number;
  /** One sync per edit of the plan, each after a new revision of that one file. */
  readonly incrementalMs: readonly number[];
  /** Syncs right after the last edit's, with nothing changed: every source answers «unchanged». */
  readonly noChangeMs: readonly number[];
  readonly changedFile: string;
  /** Per source of the last incremental sync: how it was obtained. */
  readonly reads: Readonly<Record<string, number>>;
  /** null: the runner's worker threads did the work; else its notice why it worked in-process. */
  readonly engineNotice: string | null;
  /** Where the last incremental sync spent its time, by the runner's progress events. */
  readonly phases: Readonly<Record<string, number>> | null;
  /** Where the runner left its sources and store, for the service under load to start from. */
  readonly sourcesDir: string;
  readonly storePath: string | null;
  readonly outputPath: string;
}

/** The ММО whose plan is edited: a mid-sized one, neither the largest заявка nor the smallest. */
export const EDITED_MMO = 4;

async function prepare(
  region: GeneratedRegion,
  workDir: string,
): Promise<{ sourcesDir: string; outputPath: string }> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const sourcesDir = join(workDir, 'sources');
  // A copy: the edits must not change the files the consolidation targets are timed on.
  await cp(region.dir, sourcesDir, { recursive: true });
  return { sourcesDir, outputPath: join(workDir, 'Сводка РМЦ.xlsx') };
}

async function withRunner(
  region: GeneratedRegion,
  workDir: string,
  edits: number,
): Promise<IncrementalResult> {
  const { sourcesDir, outputPath } = await prepare(region, workDir);
  const storePath = join(workDir, 'store.sqlite');
  const store = openSqliteStore(storePath);
  try {
    const runner = new SyncRunner({
      source: new XlsxFolderSource(sourcesDir, { exclude: [outputPath] }),
      store,
      publish: regionalXlsxPublisher(outputPath),
      outputPath,
    });
    await runner.init();
    let marks: Partial<Record<string, number>> = {};
    let engineNotice: string | null = null;
    runner.on('progress', (e) => {
      const now = performance.now();
      if (e.type === 'start' && e.notice) engineNotice = e.notice;
      if (e.type === 'source') marks.source = now;
      else marks[e.type] = now;
    });
    const sync = async () => {
      marks = {};
      const t = performance.now();
      const result = await runner.sync({ mmo: null, trigger: 'api' });
      const ms = performance.now() - t;
      if (result.run.status !== 'done')
        throw new Error(`синхронизация не удалась: ${result.run.error ?? result.run.status}`);
      return { ms, result };
    };
    const first = await sync();
    const incrementalMs: number[] = [];
    let reads: Record<string, number> = {};
    let phases: Record<string, number> | null = null;
    let changedFile = '';
    for (let k = 1; k <= edits; k++) {
      changedFile = (await editPlan(region, EDITED_MMO, k, sourcesDir)).file;
      const t0 = performance.now();
      const { ms, result } = await sync();
      incrementalMs.push(ms);
      reads = {};
      for (const s of result.run.sources) reads[s.read] = (reads[s.read] ?? 0) + 1;
      const { start = t0, listed = start, source = listed, written = source, finish = written } = marks;
      // 'start' follows beginRun; 'listed' follows loading every snapshot and listing the folder;
      // the last 'source' ends reading and checking; 'written' ends consolidating, diffing and the
      // workbook; 'finish' ends the store's transaction.
      phases = {
        'снимки из хранилища и список файлов': listed - t0,
        'хеши, чтение изменённого, проверка всех источников': source - listed,
        'сводка, «Изменения», запись сводной книги': written - source,
        'запись в хранилище': finish - written,
      };
    }
    const noChangeMs: number[] = [];
    for (let k = 0; k < edits; k++) noChangeMs.push((await sync()).ms);
    return {
      firstSyncMs: first.ms,
      incrementalMs,
      noChangeMs,
      changedFile,
      reads,
      engineNotice,
      phases,
      sourcesDir,
      storePath,
      outputPath,
    };
  } finally {
    await store.close();
  }
}

export async function measureIncremental(
  region: GeneratedRegion,
  workDir: string,
  edits: number,
): Promise<IncrementalResult> {
  return withRunner(region, workDir, edits);
}
