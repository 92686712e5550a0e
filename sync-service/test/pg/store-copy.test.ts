/**
 * `npm run store:copy`: the demo region synced into a SQLite store, moved by the command into an
 * empty PostgreSQL database — every table's count and, through the store contract, the runs, the
 * snapshots and the consolidations are the same; the service then goes on from there.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { seedRegion } from '../../src/seed/seed-region.js';
import { XlsxFolderSource } from '../../src/sources/xlsx-folder.js';
import { openPgStore, openSqliteStore, type SyncStore } from '../../src/store/index.js';
import { regionalXlsxPublisher } from '../../src/sync/publish.js';
import { SyncRunner } from '../../src/sync/runner.js';
import { pgDatabase, skipPg } from './provided.js';

const run = promisify(execFile);
const SERVICE_DIR = join(import.meta.dirname, '..', '..');
const TABLES = ['sync_runs', 'sync_sources', 'source_snapshots', 'consolidations'];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function syncOnce(store: SyncStore, dir: string) {
  const runner = new SyncRunner({
    source: new XlsxFolderSource(join(dir, 'sources')),
    store,
    publish: regionalXlsxPublisher(join(dir, 'output', 'regional.xlsx')),
    workers: false,
  });
  await runner.init();
  return runner.sync({ mmo: null, trigger: 'api' });
}

/** What the service reads of a store, all of it. */
async function contents(store: SyncStore) {
  return {
    runs: await store.recentRuns(1000),
    last: await store.lastFinishedRun(),
    snapshots: await store.snapshots(),
    heads: await store.snapshotHeads(),
    consolidations: await store.latestConsolidations(10),
  };
}

async function copy(from: string, to: string) {
  return run(
    process.execPath,
    ['--no-warnings', '--import', 'tsx', 'src/store-copy.ts', '--from', `sqlite:${from}`, '--to', to],
    { cwd: SERVICE_DIR },
  );
}

describe.skipIf(skipPg)('store:copy from SQLite to PostgreSQL', () => {
  test('moves the demo region with nothing lost; the next sync goes on from the copied state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmo-copy-'));
    dirs.push(dir);
    await seedRegion(join(dir, 'sources'));
    const sqlitePath = join(dir, 'store.sqlite');
    const sqlite = openSqliteStore(sqlitePath);
    const first = await syncOnce(sqlite, dir);
    await syncOnce(sqlite, dir);
    const original = await contents(sqlite);
    await sqlite.close();
    expect(first.run.status).toBe('done');
    expect(original.snapshots.length).toBeGreaterThanOrEqual(9);

    const url = await pgDatabase('copy');
    const { stdout } = await copy(sqlitePath, url);
    expect(stdout).toContain('Готово: скопировано');

    const file = new DatabaseSync(sqlitePath, { readOnly: true });
    const target = new pg.Client({ connectionString: url });
    await target.connect();
    for (const table of TABLES) {
      const here = (file.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const there = Number(
        (await target.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n,
      );
      expect(there, table).toBe(here);
      expect(here, table).toBeGreaterThan(0);
    }
    // A sample row as stored: the first source's snapshot, byte for byte.
    const sample = file
      .prepare(`SELECT source_id, workbook_json FROM source_snapshots ORDER BY source_id LIMIT 1`)
      .get() as { source_id: string; workbook_json: string };
    const copied = await target.query<{ wb: string }>(
      'SELECT workbook_json::text AS wb FROM source_snapshots WHERE source_id = $1',
      [sample.source_id],
    );
    expect(copied.rows[0].wb).toBe(sample.workbook_json);
    file.close();
    await target.end();

    const postgres = await openPgStore(url);
    try {
      expect(await contents(postgres)).toEqual(original);
      // The service on the copy: every source is known with its revision, and run ids go on.
      const next = await syncOnce(postgres, dir);
      expect(next.run.status).toBe('done');
      expect(next.run.runId).toBe(original.runs[0].runId + 1);
      expect(next.run.sources.every((s) => s.read === 'unchanged')).toBe(true);
    } finally {
      await postgres.close();
    }

    // Into a database that is not empty: refused in Russian, nothing changed.
    const again = await copy(sqlitePath, url).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(again?.code).toBe(1);
    expect(again?.stderr).toMatch(/не пуста.*только в пустую базу/);
  }, 120_000);
});
