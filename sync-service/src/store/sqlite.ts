/**
 * The SyncStore in one SQLite file (Node's embedded `node:sqlite`, no native addon). WAL journal
 * and one transaction per run's writes: a process killed mid-write leaves the previous state.
 *
 * Mapping to PostgreSQL, for a later `PgSyncStore` with the same interface:
 * - `sync_runs.id INTEGER PRIMARY KEY AUTOINCREMENT` → `bigint GENERATED ALWAYS AS IDENTITY`;
 * - ISO timestamps in TEXT (`*_at`) → `timestamptz`;
 * - `*_json` TEXT → `jsonb` (Dates stay encoded as `{"$date": "…"}` by store/json.ts, so decoding
 *   is the same); 0/1 INTEGER flags → `boolean`;
 * - `BEGIN IMMEDIATE … COMMIT` → `BEGIN … COMMIT` on one pooled client; the upsert of
 *   `source_snapshots` is already `INSERT … ON CONFLICT (source_id) DO UPDATE`, valid in both;
 * - `schema_version` stays a one-row table, migrations run inside a transaction in both.
 */
import { resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { Consolidation, SourceWorkbook } from '../model.js';
import { decodeJson, encodeJson } from './json.js';
import { latestVersion, pendingVersions } from './migrations.js';
import type {
  FinishRunInput,
  RunCounts,
  RunStatus,
  SourceRunRecord,
  StoredConsolidation,
  SnapshotHead,
  StoredProblem,
  StoredSnapshot,
  SyncRunRecord,
  SyncStore,
  SyncTrigger,
} from './index.js';

/** How many consolidations are kept: the latest for the API, the one before for «Изменения». */
const KEPT_CONSOLIDATIONS = 2;

const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE sync_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      mmo INTEGER,
      trigger TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
      error TEXT,
      counts_json TEXT,
      problems_json TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE sync_sources (
      run_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
      source_id TEXT NOT NULL,
      name TEXT NOT NULL,
      mmo INTEGER,
      read TEXT NOT NULL,
      status TEXT NOT NULL,
      stale INTEGER NOT NULL,
      from_snapshot INTEGER NOT NULL,
      revision TEXT,
      reason TEXT,
      rows INTEGER NOT NULL,
      errors INTEGER NOT NULL,
      warnings INTEGER NOT NULL,
      last_success_at TEXT,
      PRIMARY KEY (run_id, source_id)
    );
    CREATE TABLE source_snapshots (
      source_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      district_hint INTEGER,
      revision TEXT NOT NULL,
      saved_at TEXT NOT NULL,
      last_success_at TEXT NOT NULL,
      run_id INTEGER REFERENCES sync_runs(id),
      workbook_json TEXT NOT NULL
    );
    CREATE TABLE consolidations (
      run_id INTEGER PRIMARY KEY REFERENCES sync_runs(id),
      generated_at TEXT NOT NULL,
      json TEXT NOT NULL
    );
  `,
};

export const SCHEMA_VERSION = latestVersion(MIGRATIONS);

type Row = Record<string, SQLInputValue>;

export interface SqliteStoreOptions {
  /**
   * A second connection to a store another connection of this process opened (the sync's worker
   * thread): no migration, and the run in progress is not taken for one of a dead process.
   */
  readonly attach?: boolean;
}

export class SqliteSyncStore implements SyncStore {
  private readonly db: DatabaseSync;
  readonly sharedPath: string | null;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.db = new DatabaseSync(path);
    this.sharedPath = path === ':memory:' || path === '' ? null : resolve(path);
    this.db.exec('PRAGMA journal_mode = WAL');
    // NORMAL is crash-safe under WAL: a kill loses at most the last commit, never consistency.
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.db.exec('PRAGMA busy_timeout = 5000');
    if (options.attach) return;
    this.migrate();
    // A run left 'running' belongs to a process that died; it will never finish.
    this.db.prepare(`UPDATE sync_runs SET status = 'interrupted' WHERE status = 'running'`).run();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
    for (const v of pendingVersions(row?.version ?? 0, MIGRATIONS, `Хранилище ${this.sharedPath ?? 'в памяти'}`)) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.exec('DELETE FROM schema_version');
        this.db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v);
      });
    }
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  async beginRun(input: { startedAt: string; mmo: number | null; trigger: SyncTrigger }): Promise<number> {
    const result = this.db
      .prepare(`INSERT INTO sync_runs (started_at, mmo, trigger, status) VALUES (?, ?, ?, 'running')`)
      .run(input.startedAt, input.mmo, input.trigger);
    return Number(result.lastInsertRowid);
  }

  async finishRun(input: FinishRunInput): Promise<void> {
    this.transaction(() => {
      this.db
        .prepare(`UPDATE sync_runs SET finished_at = ?, status = ?, error = ?, counts_json = ?, problems_json = ? WHERE id = ?`)
        .run(
          input.finishedAt,
          input.status,
          input.error ?? null,
          input.counts ? JSON.stringify(input.counts) : null,
          JSON.stringify(input.problems),
          input.runId,
        );
      const insertSource = this.db.prepare(
        `INSERT INTO sync_sources (run_id, source_id, name, mmo, read, status, stale, from_snapshot, revision, reason, rows, errors, warnings, last_success_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const s of input.sources) {
        insertSource.run(
          input.runId,
          s.sourceId,
          s.name,
          s.mmo,
          s.read,
          s.status,
          s.stale ? 1 : 0,
          s.fromSnapshot ? 1 : 0,
          s.revision,
          s.reason ?? null,
          s.rows,
          s.errors,
          s.warnings,
          s.lastSuccessAt,
        );
      }
      const upsertSnapshot = this.db.prepare(
        `INSERT INTO source_snapshots (source_id, name, district_hint, revision, saved_at, last_success_at, run_id, workbook_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_id) DO UPDATE SET name = excluded.name, district_hint = excluded.district_hint,
           revision = excluded.revision, saved_at = excluded.saved_at, last_success_at = excluded.last_success_at,
           run_id = excluded.run_id, workbook_json = excluded.workbook_json`,
      );
      for (const { workbook: wb, at } of input.snapshots) {
        upsertSnapshot.run(wb.id, wb.name, wb.districtHint, wb.revision, at, at, input.runId, encodeJson(wb));
      }
      const confirm = this.db.prepare(`UPDATE source_snapshots SET last_success_at = ? WHERE source_id = ?`);
      for (const { sourceId, at } of input.confirmed) confirm.run(at, sourceId);
      if (input.consolidation) {
        this.db
          .prepare(`INSERT INTO consolidations (run_id, generated_at, json) VALUES (?, ?, ?)`)
          .run(input.runId, input.consolidation.generatedAt, encodeJson(input.consolidation));
        this.db
          .prepare(`DELETE FROM consolidations WHERE run_id NOT IN (SELECT run_id FROM consolidations ORDER BY run_id DESC LIMIT ?)`)
          .run(KEPT_CONSOLIDATIONS);
      }
    });
  }

  async run(runId: number): Promise<SyncRunRecord | null> {
    const row = this.db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(runId) as Row | undefined;
    return row ? this.toRun(row) : null;
  }

  async lastFinishedRun(): Promise<SyncRunRecord | null> {
    const row = this.db
      .prepare(`SELECT * FROM sync_runs WHERE status IN ('done', 'failed') ORDER BY id DESC LIMIT 1`)
      .get() as Row | undefined;
    return row ? this.toRun(row) : null;
  }

  async recentRuns(limit: number): Promise<SyncRunRecord[]> {
    const rows = this.db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit) as Row[];
    return rows.map((r) => this.toRun(r));
  }

  async snapshot(sourceId: string): Promise<StoredSnapshot | null> {
    const row = this.db.prepare('SELECT * FROM source_snapshots WHERE source_id = ?').get(sourceId) as Row | undefined;
    return row ? toSnapshot(row) : null;
  }

  async snapshots(): Promise<StoredSnapshot[]> {
    const rows = this.db.prepare('SELECT * FROM source_snapshots ORDER BY source_id').all() as Row[];
    return rows.map(toSnapshot);
  }

  async snapshotHeads(): Promise<SnapshotHead[]> {
    const rows = this.db
      .prepare('SELECT source_id, name, district_hint, revision, saved_at, last_success_at FROM source_snapshots ORDER BY source_id')
      .all() as Row[];
    return rows.map((r) => ({
      workbook: { id: String(r.source_id), name: String(r.name), districtHint: r.district_hint === null ? null : Number(r.district_hint), revision: String(r.revision) },
      savedAt: String(r.saved_at),
      lastSuccessAt: String(r.last_success_at),
    }));
  }

  /** The consolidation a run produced, while it is among the kept ones. */
  async consolidationOf(runId: number): Promise<Consolidation | null> {
    const row = this.db.prepare('SELECT json FROM consolidations WHERE run_id = ?').get(runId) as Row | undefined;
    return row ? decodeJson<Consolidation>(String(row.json)) : null;
  }

  async latestConsolidations(limit = KEPT_CONSOLIDATIONS): Promise<StoredConsolidation[]> {
    const rows = this.db.prepare('SELECT run_id, json FROM consolidations ORDER BY run_id DESC LIMIT ?').all(limit) as Row[];
    return rows.map((r) => ({ runId: Number(r.run_id), consolidation: decodeJson<Consolidation>(String(r.json)) }));
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private toRun(row: Row): SyncRunRecord {
    const sourceRows = this.db.prepare('SELECT * FROM sync_sources WHERE run_id = ? ORDER BY source_id').all(row.id) as Row[];
    return {
      runId: Number(row.id),
      startedAt: String(row.started_at),
      finishedAt: row.finished_at === null ? null : String(row.finished_at),
      mmo: row.mmo === null ? null : Number(row.mmo),
      trigger: String(row.trigger) as SyncTrigger,
      status: String(row.status) as RunStatus,
      ...(row.error === null ? {} : { error: String(row.error) }),
      counts: row.counts_json === null ? null : (JSON.parse(String(row.counts_json)) as RunCounts),
      sources: sourceRows.map(toSourceRecord),
      problems: JSON.parse(String(row.problems_json)) as StoredProblem[],
    };
  }
}

function toSourceRecord(r: Row): SourceRunRecord {
  return {
    sourceId: String(r.source_id),
    name: String(r.name),
    mmo: r.mmo === null ? null : Number(r.mmo),
    read: String(r.read) as SourceRunRecord['read'],
    status: String(r.status) as SourceRunRecord['status'],
    stale: Number(r.stale) === 1,
    fromSnapshot: Number(r.from_snapshot) === 1,
    revision: r.revision === null ? null : String(r.revision),
    ...(r.reason === null ? {} : { reason: String(r.reason) }),
    rows: Number(r.rows),
    errors: Number(r.errors),
    warnings: Number(r.warnings),
    lastSuccessAt: r.last_success_at === null ? null : String(r.last_success_at),
  };
}

function toSnapshot(r: Row): StoredSnapshot {
  return {
    workbook: decodeJson<SourceWorkbook>(String(r.workbook_json)),
    savedAt: String(r.saved_at),
    lastSuccessAt: String(r.last_success_at),
  };
}

/** Opens (creating if needed) the store file; ':memory:' for tests that need no file. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteSyncStore {
  return new SqliteSyncStore(path, options);
}
