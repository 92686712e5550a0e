/**
 * Target 4: Google mode against the local fake Sheets/Drive API with 100 ms added to every call.
 * The 8 ММО plans are loaded as spreadsheets (smaller grids: the point is calls and concurrency),
 * the real SyncRunner reads them through GoogleSheetsSource and publishes through
 * GoogleRegionalWriter. Two syncs: the first reads everything, the second follows an edit of one
 * plan. The fake counts every call per spreadsheet and the peak number in flight.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISTRICTS, type Grid } from '@mmo/shared';
import { readWorkbookGrids } from '@mmo/templates/xlsx';
import { MMO_PLAN } from '@mmo/templates';
import { regionalSheets } from '../src/output/regional-sheets.js';
import { planBytes, split, type GeneratedRegion } from './generate.js';

const SA_EMAIL = 'bench-sync@mmo-sync-dagestan.iam.gserviceaccount.com';
const OUTPUT_ID = 'bench-regional-rmc-diro';
const planId = (mmo: number) => `bench-plan-mmo-${mmo}`;

/** Calls one spreadsheet got in one sync, by what they are. */
export interface SpreadsheetCalls {
  readonly id: string;
  readonly drive: number;
  readonly metadata: number;
  readonly batchGet: number;
  readonly writes: number;
  readonly other: number;
}

export interface GoogleSyncStats {
  readonly ms: number;
  /** From the sync's start until the last source is read and checked (token fetch included). */
  readonly readPhaseMs: number;
  /** Time at least one read call (token, Drive, Sheets) was open: what the sync waited on Google for. */
  readonly readWaitMs: number;
  /** The same calls' durations added up: what waiting would be if they ran one after another. */
  readonly readCallsMs: number;
  readonly sources: readonly SpreadsheetCalls[];
  readonly output: SpreadsheetCalls;
  readonly tokenCalls: number;
  readonly totalCalls: number;
  readonly maxInFlight: number;
}

export interface GoogleResult {
  readonly latencyMs: number;
  readonly sourceCount: number;
  readonly full: GoogleSyncStats;
  readonly incremental: GoogleSyncStats & { readonly changedId: string };
}

async function planGrid(region: GeneratedRegion, index: number, revision = 0): Promise<Grid> {
  const d = DISTRICTS[index];
  const events = split(
    region.spec.planEvents,
    DISTRICTS.map(() => 1),
  )[index];
  const grids = await readWorkbookGrids(await planBytes(region.seed, d, events, revision));
  const plan = grids.find((g) => g.name === MMO_PLAN.sheetName);
  if (!plan) throw new Error('в отрисованном плане нет листа «План ММО»');
  return plan.grid;
}

export async function measureGoogle(region: GeneratedRegion, latencyMs: number): Promise<GoogleResult> {
  const { startFakeGoogle } = await import('../test/fake-google/server.js');
  const { GoogleSheetsSource } = await import('../src/sources/google-source.js');
  const { GoogleRegionalWriter } = await import('../src/output/google-writer.js');
  const { SyncRunner } = await import('../src/sync/runner.js');
  const { openSqliteStore } = await import('../src/store/index.js');

  const fake = await startFakeGoogle({ latencyMs: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'mmo-bench-google-'));
  const store = openSqliteStore(join(dir, 'store.sqlite'));
  try {
    const keyFile = join(dir, 'service-account.json');
    await writeFile(keyFile, JSON.stringify(fake.createServiceAccount(SA_EMAIL)));
    for (const [i, d] of DISTRICTS.entries()) {
      fake.addSpreadsheet({
        id: planId(d.no),
        title: `План ММО №${d.no} «${d.name}»`,
        sharedWith: [SA_EMAIL],
        sheets: [{ title: MMO_PLAN.sheetName, values: await planGrid(region, i) }],
      });
    }
    fake.addSpreadsheet({
      id: OUTPUT_ID,
      title: 'Сводка РМЦ ЦНППМ ДИРО',
      sharedWith: [SA_EMAIL],
      sheets: [{ title: 'Лист1' }],
    });

    const source = new GoogleSheetsSource({
      serviceAccountKeyFile: keyFile,
      sources: DISTRICTS.map((d) => ({ mmo: d.no, spreadsheetId: planId(d.no), name: `План ММО №${d.no}` })),
      rootUrl: fake.url,
    });
    const writer = new GoogleRegionalWriter({
      serviceAccountKeyFile: keyFile,
      spreadsheetId: OUTPUT_ID,
      rootUrl: fake.url,
    });
    const runner = new SyncRunner({
      source,
      store,
      // No concurrency given: the bench measures the runner's own default, not a tuned setting.
      publish: async (consolidation, changes) => {
        const result = await writer.write(regionalSheets(consolidation, changes, { canSeePersonal: true }));
        if (result.status !== 'ok') throw new Error(result.reason);
      },
    });
    await runner.init();
    fake.latencyMs = latencyMs;

    // Every call's open interval, seen where the fake answers it (the server looks `handle` up per request).
    const intervals: { path: string; start: number; end: number }[] = [];
    const handle = fake.handle.bind(fake);
    fake.handle = (req, res) => {
      const entry = { path: req.url ?? '', start: performance.now(), end: Number.NaN };
      intervals.push(entry);
      res.once('close', () => (entry.end = performance.now()));
      handle(req, res);
    };

    const sync = async (): Promise<GoogleSyncStats> => {
      fake.resetStats();
      intervals.length = 0;
      let lastRead = 0;
      const onProgress = (e: { type: string }) => {
        if (e.type === 'source') lastRead = performance.now();
      };
      runner.on('progress', onProgress);
      const t0 = performance.now();
      const result = await runner.sync({ mmo: null, trigger: 'api' });
      const ms = performance.now() - t0;
      runner.off('progress', onProgress);
      if (result.run.status !== 'done')
        throw new Error(`синхронизация Google не удалась: ${result.run.error ?? result.run.status}`);
      const per = (id: string): SpreadsheetCalls => {
        const calls = fake.calls.filter((c) => c.spreadsheetId === id);
        const n = (e: string) => calls.filter((c) => c.endpoint === e).length;
        const writes = calls.filter((c) =>
          ['sheets.batchUpdate', 'values.batchUpdate', 'values.batchClear'].includes(c.endpoint),
        ).length;
        const drive = n('drive.files.get');
        const metadata = n('sheets.get');
        const batchGet = n('values.batchGet');
        return {
          id,
          drive,
          metadata,
          batchGet,
          writes,
          other: calls.length - drive - metadata - batchGet - writes,
        };
      };
      // Reads: everything but the output spreadsheet, up to the last source (the writer's token comes later).
      const reads = intervals
        .filter((c) => !c.path.includes(OUTPUT_ID) && c.start <= lastRead && Number.isFinite(c.end))
        .sort((a, b) => a.start - b.start);
      let readWaitMs = 0;
      let open = -Infinity;
      for (const c of reads) {
        if (c.end <= open) continue;
        readWaitMs += c.end - Math.max(c.start, open);
        open = c.end;
      }
      return {
        ms,
        readPhaseMs: lastRead - t0,
        readWaitMs,
        readCallsMs: reads.reduce((n, c) => n + (c.end - c.start), 0),
        sources: DISTRICTS.map((d) => per(planId(d.no))),
        output: per(OUTPUT_ID),
        tokenCalls: fake.calls.filter((c) => c.endpoint === 'token').length,
        totalCalls: fake.calls.length,
        maxInFlight: fake.maxInFlight,
      };
    };

    const full = await sync();
    const edited = DISTRICTS.findIndex((d) => d.no === 4);
    fake.edit(planId(4), MMO_PLAN.sheetName, await planGrid(region, edited, 1));
    const incremental = await sync();
    return {
      latencyMs,
      sourceCount: DISTRICTS.length,
      full,
      incremental: { ...incremental, changedId: planId(4) },
    };
  } finally {
    await store.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}
