/**
 * The SyncStore in PostgreSQL (node-postgres `pg`), for an installation with more than one
 * instance or ordinary database backups. The same contract and the same transaction as the SQLite
 * store: a run's writes are one `BEGIN … COMMIT` on one pooled client.
 *
 * Several instances share one database, so this store also coordinates them (`coordination`):
 * - a session-level advisory lock, held on a dedicated client for the whole sync, lets one
 *   instance at a time run a sync; the server drops it when that instance dies (its connection
 *   goes), so a killed instance never blocks the others;
 * - `pg_notify` inside the run's transactions tells the other instances that a run began or was
 *   committed, so they rebuild what they serve from the database.
 */
import pg from 'pg';
import type { Consolidation, SourceWorkbook } from '../model.js';
import { decodeJson, encodeJson } from './json.js';
import { decodeConsolidation, encodePart, frameOf } from './consolidation-frame.js';
import type { SourcePart } from '../engine/consolidate.js';
import { pendingVersions } from './migrations.js';
import { PG_MIGRATIONS } from './postgres-schema.js';
import { nextReadAttempt } from './read-memory.js';
import type {
  AuditEntryInput,
  AuditFilter,
  AuditRecord,
  ReviewInput,
  ReviewRecord,
  SubmissionRecord,
  SubmissionSeen,
  FinishRunInput,
  RunCounts,
  RunStatus,
  SnapshotHead,
  SourceRunRecord,
  StoreCoordination,
  StoreEvent,
  StoredConsolidation,
  StoredProblem,
  StoredSnapshot,
  SyncLease,
  SyncRunRecord,
  SyncStore,
  SyncTrigger,
} from './index.js';

const KEPT_CONSOLIDATIONS = 2;
/** Advisory lock keys: (namespace, what). The namespace keeps clear of other programs' locks. */
const LOCK_NAMESPACE = 0x4d4d4f; // «MMO»
const LOCK_MIGRATE = 1;
const LOCK_SYNC = 2;
const CHANNEL = 'mmo_sync_runs';

type Row = Record<string, unknown>;

export interface PgStoreOptions {
  /** A second connection of this instance (the sync's worker thread): no migration. */
  readonly attach?: boolean;
  /** Connections of the pool (default 4). */
  readonly max?: number;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Reads of a changed file in progress (see sqlite.ts): a row left behind means the reader died on
 * that revision; `attempts` counts starts that never ended, `crashed` a worker seen dying on it.
 */
const READS_TABLE = `
  CREATE TABLE IF NOT EXISTS source_reads (
    source_id text PRIMARY KEY,
    revision text NOT NULL,
    attempts integer NOT NULL,
    crashed boolean NOT NULL DEFAULT false,
    started_at timestamptz NOT NULL
  )`;

export class PgSyncStore implements SyncStore {
  readonly sharedPath: string;
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly leases = new Set<pg.Client>();
  private closed = false;

  constructor(
    private readonly url: string,
    options: PgStoreOptions = {},
  ) {
    this.sharedPath = url;
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, application_name: 'mmo-sync' });
    // An idle client that the server drops (restart, kill) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  /** Connects and brings the schema to this version (once, whichever instance comes first). */
  async open(options: PgStoreOptions = {}): Promise<this> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      await this.pool.end().catch(() => undefined);
      throw new Error(
        `Не удалось подключиться к PostgreSQL ${redactUrl(this.url)}: ${e instanceof Error ? e.message : String(e)}`,
        {
          cause: e,
        },
      );
    }
    try {
      if (!options.attach) {
        await this.migrate(client);
        // Outside the versioned schema, as in SQLite: a scratch table whose loss costs one retry.
        await client.query(READS_TABLE);
      }
    } catch (e) {
      client.release();
      await this.pool.end().catch(() => undefined);
      throw e;
    }
    client.release();
    return this;
  }

  private async migrate(client: pg.PoolClient): Promise<void> {
    await client.query('BEGIN');
    try {
      // Two instances starting together: the second waits, then finds the schema current.
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCK_MIGRATE]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
      for (const v of pendingVersions(
        rows[0]?.version ?? 0,
        PG_MIGRATIONS,
        `База PostgreSQL ${redactUrl(this.url)}`,
      )) {
        await client.query(PG_MIGRATIONS[v]);
        await client.query('DELETE FROM schema_version');
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [v]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  private async transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async beginRun(input: { startedAt: string; mmo: number | null; trigger: SyncTrigger }): Promise<number> {
    return this.transaction(async (c) => {
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO sync_runs (started_at, mmo, trigger, status) VALUES ($1, $2, $3, 'running') RETURNING id`,
        [input.startedAt, input.mmo, input.trigger],
      );
      const runId = Number(rows[0].id);
      await c.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ type: 'begin', runId })]);
      return runId;
    });
  }

  async finishRun(input: FinishRunInput): Promise<void> {
    await this.transaction(async (c) => {
      await c.query(
        `UPDATE sync_runs SET finished_at = $1, status = $2, error = $3, counts_json = $4, problems_json = $5 WHERE id = $6`,
        [
          input.finishedAt,
          input.status,
          input.error ?? null,
          input.counts ? JSON.stringify(input.counts) : null,
          JSON.stringify(input.problems),
          input.runId,
        ],
      );
      for (const s of input.sources) {
        await c.query(
          `INSERT INTO sync_sources (run_id, source_id, name, mmo, read, status, stale, from_snapshot, revision, reason, rows, errors, warnings, last_success_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            input.runId,
            s.sourceId,
            s.name,
            s.mmo,
            s.read,
            s.status,
            s.stale,
            s.fromSnapshot,
            s.revision,
            s.reason ?? null,
            s.rows,
            s.errors,
            s.warnings,
            s.lastSuccessAt,
          ],
        );
      }
      for (const { workbook: wb, at } of input.snapshots) {
        await c.query(
          `INSERT INTO source_snapshots (source_id, name, district_hint, revision, saved_at, last_success_at, run_id, workbook_json)
           VALUES ($1, $2, $3, $4, $5, $5, $6, $7)
           ON CONFLICT (source_id) DO UPDATE SET name = excluded.name, district_hint = excluded.district_hint,
             revision = excluded.revision, saved_at = excluded.saved_at, last_success_at = excluded.last_success_at,
             run_id = excluded.run_id, workbook_json = excluded.workbook_json`,
          [wb.id, wb.name, wb.districtHint, wb.revision, at, input.runId, encodeJson(wb)],
        );
      }
      for (const { sourceId, at } of input.confirmed) {
        await c.query(`UPDATE source_snapshots SET last_success_at = $1 WHERE source_id = $2`, [
          at,
          sourceId,
        ]);
      }
      if (input.consolidation) {
        let json: string;
        if (input.parts) {
          const frame = frameOf(input.consolidation, input.parts);
          json = frame.json;
          const keys = frame.refs.map((r) => r.key);
          const { rows: present } = await c.query<{ key: string }>(
            'SELECT key FROM source_parts WHERE key = ANY($1::text[])',
            [keys],
          );
          const have = new Set(present.map((r) => r.key));
          for (const { key, part } of frame.refs) {
            // A part of an unchanged source is there already: its rows are not encoded again.
            if (!have.has(key)) {
              await c.query(
                'INSERT INTO source_parts (key, source_id, json) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING',
                [key, part.status.sourceId, encodePart(part)],
              );
              have.add(key);
            }
          }
          await c.query(
            'INSERT INTO consolidation_parts (run_id, key) SELECT $1, k FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING',
            [input.runId, keys],
          );
        } else json = encodeJson(input.consolidation);
        await c.query(`INSERT INTO consolidations (run_id, generated_at, json) VALUES ($1, $2, $3)`, [
          input.runId,
          input.consolidation.generatedAt,
          json,
        ]);
        await c.query(
          `DELETE FROM consolidations WHERE run_id NOT IN (SELECT run_id FROM consolidations ORDER BY run_id DESC LIMIT $1)`,
          [KEPT_CONSOLIDATIONS],
        );
        await c.query(
          'DELETE FROM consolidation_parts WHERE run_id NOT IN (SELECT run_id FROM consolidations)',
        );
        await c.query('DELETE FROM source_parts WHERE key NOT IN (SELECT key FROM consolidation_parts)');
      }
      // Delivered at COMMIT, never for a rolled-back run.
      await c.query('SELECT pg_notify($1, $2)', [
        CHANNEL,
        JSON.stringify({ type: 'finish', runId: input.runId }),
      ]);
    });
  }

  private async runs(where: string, params: unknown[]): Promise<SyncRunRecord[]> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM sync_runs ${where}`, params);
    if (!rows.length) return [];
    const ids = rows.map((r) => String(r.id));
    const sources = await this.pool.query<Row>(
      'SELECT * FROM sync_sources WHERE run_id = ANY($1::bigint[]) ORDER BY run_id, source_id',
      [ids],
    );
    const byRun = new Map<string, SourceRunRecord[]>();
    for (const s of sources.rows) {
      const key = String(s.run_id);
      if (!byRun.has(key)) byRun.set(key, []);
      byRun.get(key)!.push(toSourceRecord(s));
    }
    return rows.map((r) => toRun(r, byRun.get(String(r.id)) ?? []));
  }

  async run(runId: number): Promise<SyncRunRecord | null> {
    return (await this.runs('WHERE id = $1', [runId]))[0] ?? null;
  }

  async lastFinishedRun(): Promise<SyncRunRecord | null> {
    return (await this.runs(`WHERE status IN ('done', 'failed') ORDER BY id DESC LIMIT 1`, []))[0] ?? null;
  }

  async recentRuns(limit: number): Promise<SyncRunRecord[]> {
    return this.runs('ORDER BY id DESC LIMIT $1', [limit]);
  }

  async snapshot(sourceId: string): Promise<StoredSnapshot | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT saved_at, last_success_at, workbook_json::text AS wb FROM source_snapshots WHERE source_id = $1',
      [sourceId],
    );
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async snapshots(): Promise<StoredSnapshot[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT saved_at, last_success_at, workbook_json::text AS wb FROM source_snapshots ORDER BY source_id',
    );
    return rows.map(toSnapshot);
  }

  async snapshotHeads(): Promise<SnapshotHead[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT source_id, name, district_hint, revision, saved_at, last_success_at FROM source_snapshots ORDER BY source_id',
    );
    return rows.map((r) => ({
      workbook: {
        id: String(r.source_id),
        name: String(r.name),
        districtHint: intOrNull(r.district_hint),
        revision: String(r.revision),
      },
      savedAt: iso(r.saved_at),
      lastSuccessAt: iso(r.last_success_at),
    }));
  }

  async consolidationOf(runId: number): Promise<Consolidation | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT json::text AS json FROM consolidations WHERE run_id = $1',
      [runId],
    );
    return rows[0] ? decodeConsolidation(String(rows[0].json), (key) => this.partJson(key)) : null;
  }

  async latestConsolidations(limit = KEPT_CONSOLIDATIONS): Promise<StoredConsolidation[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT run_id, json::text AS json FROM consolidations ORDER BY run_id DESC LIMIT $1',
      [limit],
    );
    const out: StoredConsolidation[] = [];
    for (const r of rows) {
      const consolidation = await decodeConsolidation(String(r.json), (key) => this.partJson(key));
      if (consolidation) out.push({ runId: Number(r.run_id), consolidation });
    }
    return out;
  }

  private async partJson(key: string): Promise<string | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT json::text AS json FROM source_parts WHERE key = $1',
      [key],
    );
    return rows[0] ? String(rows[0].json) : null;
  }

  async part(key: string): Promise<SourcePart | null> {
    const text = await this.partJson(key);
    return text === null ? null : decodeJson<SourcePart>(text);
  }

  // --- The submission cycle (store/submissions.ts), the same SQL as sqlite.ts in PostgreSQL's spelling ---

  async recordSubmissions(input: {
    academicYear: number;
    at: string;
    runId: number;
    seen: readonly SubmissionSeen[];
  }) {
    const first: SubmissionSeen[] = [];
    const changed: SubmissionSeen[] = [];
    await this.transaction(async (c) => {
      for (const s of input.seen) {
        const { rows } = await c.query<Row>(
          'SELECT last_revision FROM submissions WHERE academic_year = $1 AND mmo = $2 AND form = $3 FOR UPDATE',
          [input.academicYear, s.mmo, s.form],
        );
        if (!rows[0]) {
          await c.query(
            `INSERT INTO submissions (academic_year, mmo, form, first_seen_at, first_revision, first_run_id, last_revision, last_changed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $5, $4)`,
            [input.academicYear, s.mmo, s.form, input.at, s.revision, input.runId],
          );
          first.push(s);
        } else if (String(rows[0].last_revision) !== s.revision) {
          await c.query(
            'UPDATE submissions SET last_revision = $1, last_changed_at = $2 WHERE academic_year = $3 AND mmo = $4 AND form = $5',
            [s.revision, input.at, input.academicYear, s.mmo, s.form],
          );
          changed.push(s);
        }
      }
    });
    return { first, changed };
  }

  async submissionRecords(academicYear: number): Promise<SubmissionRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM submissions WHERE academic_year = $1 ORDER BY mmo, form',
      [academicYear],
    );
    return rows.map((r) => ({
      academicYear: Number(r.academic_year),
      mmo: Number(r.mmo),
      form: String(r.form),
      firstSeenAt: iso(r.first_seen_at),
      firstRevision: String(r.first_revision),
      firstRunId: Number(r.first_run_id),
      lastRevision: String(r.last_revision),
      lastChangedAt: iso(r.last_changed_at),
    }));
  }

  async addReview(review: ReviewInput): Promise<ReviewRecord> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO submission_reviews (academic_year, mmo, form, decision, comment, by_name, at, revision, pinned_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        review.academicYear,
        review.mmo,
        review.form,
        review.decision,
        review.comment,
        review.by,
        review.at,
        review.revision,
        review.pinned ? encodeJson(review.pinned) : null,
      ],
    );
    return { ...review, id: Number(rows[0].id) };
  }

  async reviews(academicYear: number): Promise<ReviewRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT *, pinned_json::text AS pinned FROM submission_reviews WHERE academic_year = $1 ORDER BY id',
      [academicYear],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      academicYear: Number(r.academic_year),
      mmo: Number(r.mmo),
      form: String(r.form),
      decision: String(r.decision) as ReviewRecord['decision'],
      comment: String(r.comment),
      by: String(r.by_name),
      at: iso(r.at),
      revision: r.revision === null ? null : String(r.revision),
      pinned: r.pinned === null ? null : decodeJson<ReviewRecord['pinned']>(String(r.pinned)),
    }));
  }

  async appendAudit(entry: AuditEntryInput | readonly AuditEntryInput[]): Promise<void> {
    const entries: readonly AuditEntryInput[] = Array.isArray(entry) ? entry : [entry as AuditEntryInput];
    if (entries.length === 0) return;
    await this.transaction(async (c) => {
      for (const e of entries) {
        await c.query(
          `INSERT INTO audit_log (at, kind, actor, mmo, form, what, field, before_value, after_value, personal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            e.at,
            e.kind,
            e.actor,
            e.mmo,
            e.form,
            e.what,
            e.field ?? null,
            e.before ?? null,
            e.after ?? null,
            e.personal === true,
          ],
        );
      }
    });
  }

  async audit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (filter.mmo !== undefined) add('mmo = ?', filter.mmo);
    if (filter.form !== undefined) add('form = ?', filter.form);
    if (filter.from !== undefined) add('at >= ?', filter.from);
    if (filter.to !== undefined) add('at < ?', filter.to);
    args.push(filter.limit ?? 100_000);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM (SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}) AS newest ORDER BY id`,
      args,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: iso(r.at),
      kind: String(r.kind) as AuditRecord['kind'],
      actor: String(r.actor),
      mmo: intOrNull(r.mmo),
      form: r.form === null ? null : String(r.form),
      what: String(r.what),
      field: r.field === null ? null : String(r.field),
      before: r.before_value === null ? null : String(r.before_value),
      after: r.after_value === null ? null : String(r.after_value),
      personal: r.personal === true,
    }));
  }

  async markReminderSent(key: string, at: string): Promise<boolean> {
    const result = await this.pool.query(
      'INSERT INTO reminders_sent (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, at],
    );
    return (result.rowCount ?? 0) > 0;
  }

  readonly coordination: StoreCoordination = {
    tryLease: () => this.lease(false),
    waitLease: () => this.lease(true) as Promise<SyncLease>,
    subscribe: (listener) => this.subscribe(listener),
    leaseHeld: () => this.leaseHeld(),
  };

  /**
   * The sync lock on a client of its own (a session lock belongs to its connection, and pooled
   * clients change hands). Whoever gets it owns every 'running' row: those are of dead instances.
   */
  private async lease(wait: boolean): Promise<SyncLease | null> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'mmo-sync lock' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      if (wait) await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, LOCK_SYNC]);
      else {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
          LOCK_NAMESPACE,
          LOCK_SYNC,
        ]);
        if (!rows[0].ok) {
          await client.end();
          return null;
        }
      }
      await client.query(`UPDATE sync_runs SET status = 'interrupted' WHERE status = 'running'`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    this.leases.add(client);
    return {
      release: async () => {
        if (!this.leases.delete(client)) return;
        // Ending the connection releases the lock, even if the unlock query cannot run.
        await client
          .query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, LOCK_SYNC])
          .catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  }

  /** Whether some instance (this one included) holds the sync lock now. */
  private async leaseHeld(): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND classid = $1 AND objid = $2 AND granted`,
      [LOCK_NAMESPACE, LOCK_SYNC],
    );
    return Number(rows[0].n) > 0;
  }

  private async subscribe(listener: (e: StoreEvent) => void): Promise<() => void> {
    this.listeners.add(listener);
    if (!this.listener) await this.listen();
    return () => this.listeners.delete(listener);
  }

  /**
   * LISTEN on a client of its own. When that connection is lost (a server restart), it is opened
   * again and the listeners are told to reread (runId 0): a commit may have been missed meanwhile.
   */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'mmo-sync listen' });
    this.listener = client;
    const emit = (event: StoreEvent) => {
      for (const l of this.listeners) l(event);
    };
    client.on('notification', (n) => {
      try {
        emit(JSON.parse(n.payload ?? '') as StoreEvent);
      } catch {
        // Not ours: the channel is, but a payload someone sent by hand is ignored.
      }
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      if (this.listener === client) this.listener = null;
      throw e;
    }
    // Only a connection that was listening reconnects, once: a failed attempt is retried by its caller.
    const reconnect = () => {
      if (this.listener !== client || this.closed) return;
      this.listener = null;
      void client.end().catch(() => undefined);
      const retry = () => {
        if (this.closed) return;
        this.listen().then(
          () => emit({ type: 'finish', runId: 0 }),
          () => setTimeout(retry, 2_000).unref(),
        );
      };
      setTimeout(retry, 500).unref();
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
  }

  /**
   * Notes that `revision` of a source is about to be parsed. Returns false when that revision
   * killed its reader before: then it is not read again until the file changes.
   */
  async beginRead(sourceId: string, revision: string, at: string): Promise<boolean> {
    return this.transaction(async (c) => {
      const { rows } = await c.query<{ revision: string; attempts: number; crashed: boolean }>(
        'SELECT revision, attempts, crashed FROM source_reads WHERE source_id = $1 FOR UPDATE',
        [sourceId],
      );
      const attempts = nextReadAttempt(rows[0], revision);
      if (attempts === null) return false;
      await c.query(
        `INSERT INTO source_reads (source_id, revision, attempts, crashed, started_at) VALUES ($1, $2, $3, false, $4)
         ON CONFLICT (source_id) DO UPDATE SET revision = excluded.revision, attempts = excluded.attempts,
           crashed = false, started_at = excluded.started_at`,
        [sourceId, revision, attempts, at],
      );
      return true;
    });
  }

  /** The parse ended (well or with a reported failure): the file is harmless. */
  async endRead(sourceId: string): Promise<void> {
    await this.pool.query('DELETE FROM source_reads WHERE source_id = $1', [sourceId]);
  }

  /** The worker died while reading this source: its revision is not read again until it changes. */
  async markReadCrashed(sourceId: string): Promise<void> {
    await this.pool.query('UPDATE source_reads SET crashed = true WHERE source_id = $1', [sourceId]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.leases]) await c.end().catch(() => undefined);
    this.leases.clear();
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

function toRun(row: Row, sources: SourceRunRecord[]): SyncRunRecord {
  return {
    runId: Number(row.id),
    startedAt: iso(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    mmo: intOrNull(row.mmo),
    trigger: String(row.trigger) as SyncTrigger,
    status: String(row.status) as RunStatus,
    ...(row.error === null ? {} : { error: String(row.error) }),
    counts: row.counts_json === null ? null : (row.counts_json as RunCounts),
    sources,
    problems: row.problems_json as StoredProblem[],
  };
}

function toSourceRecord(r: Row): SourceRunRecord {
  return {
    sourceId: String(r.source_id),
    name: String(r.name),
    mmo: intOrNull(r.mmo),
    read: String(r.read) as SourceRunRecord['read'],
    status: String(r.status) as SourceRunRecord['status'],
    stale: r.stale === true,
    fromSnapshot: r.from_snapshot === true,
    revision: r.revision === null ? null : String(r.revision),
    ...(r.reason === null ? {} : { reason: String(r.reason) }),
    rows: Number(r.rows),
    errors: Number(r.errors),
    warnings: Number(r.warnings),
    lastSuccessAt: isoOrNull(r.last_success_at),
  };
}

function toSnapshot(r: Row): StoredSnapshot {
  return {
    workbook: decodeJson<SourceWorkbook>(String(r.wb)),
    savedAt: iso(r.saved_at),
    lastSuccessAt: iso(r.last_success_at),
  };
}

/** Connects to the database at `url` and migrates it (unless attaching). */
export function openPgStore(url: string, options: PgStoreOptions = {}): Promise<PgSyncStore> {
  return new PgSyncStore(url, options).open(options);
}
