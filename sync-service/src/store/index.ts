/**
 * What the service remembers between syncs: every run with its per-source outcome, the last good
 * snapshot of each source (so a source that fails today is consolidated from yesterday's data),
 * and the last consolidations (so «Изменения» can be computed). Two implementations of one
 * contract: SQLite (sqlite.ts, the default) and PostgreSQL (postgres.ts, `DATABASE_URL`).
 */
import type { SourcePart } from '../engine/consolidate.js';
import type { Consolidation, SourceWorkbook } from '../model.js';
import type { RunParts } from './consolidation-frame.js';
import { isPostgresUrl, openPgStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { SubmissionStore } from './submissions.js';

export type * from './submissions.js';

export type SyncTrigger = 'start' | 'timer' | 'api' | 'addon' | 'dashboard' | 'upload';
export type RunStatus = 'running' | 'done' | 'failed' | 'interrupted';

/** What happened to one source in one run. */
export type SourceRead =
  /** Read now, new revision. */
  | 'ok'
  /** Reached now, same revision as the snapshot. */
  | 'unchanged'
  /** Could not be read now. */
  | 'failed'
  /** Not read: a run for another ММО; its data comes from the snapshot. */
  | 'skipped';

export interface SourceRunRecord {
  readonly sourceId: string;
  readonly name: string;
  readonly mmo: number | null;
  readonly read: SourceRead;
  readonly status: 'ok' | 'failed';
  readonly fromSnapshot: boolean;
  readonly stale: boolean;
  readonly revision: string | null;
  readonly reason?: string;
  readonly rows: number;
  readonly errors: number;
  readonly warnings: number;
  /** Last time the source was reached (read or confirmed unchanged), ISO. */
  readonly lastSuccessAt: string | null;
}

export interface RunCounts {
  readonly sources: number;
  readonly sourcesOk: number;
  readonly sourcesFailed: number;
  readonly sourcesStale: number;
  readonly sheets: number;
  readonly rows: number;
  readonly rejectedRows: number;
  readonly errors: number;
  readonly warnings: number;
  readonly events: number;
  readonly applications: number;
}

/** A problem as users read it (already formatted in Russian), with its ММО for filtering. */
export interface StoredProblem {
  readonly severity: 'error' | 'warning';
  readonly text: string;
  readonly mmo: number | null;
  readonly sourceId: string | null;
}

export interface SyncRunRecord {
  readonly runId: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** null: the whole region. */
  readonly mmo: number | null;
  readonly trigger: SyncTrigger;
  readonly status: RunStatus;
  /** Why the run failed as a whole (Russian). */
  readonly error?: string;
  readonly counts: RunCounts | null;
  readonly sources: readonly SourceRunRecord[];
  readonly problems: readonly StoredProblem[];
}

export interface StoredSnapshot {
  readonly workbook: SourceWorkbook;
  readonly savedAt: string;
  readonly lastSuccessAt: string;
}

/** A snapshot without its sheets: what a sync decides by, without decoding megabytes of cells. */
export interface SnapshotHead {
  readonly workbook: Omit<SourceWorkbook, 'sheets'>;
  readonly savedAt: string;
  readonly lastSuccessAt: string;
}

export interface FinishRunInput {
  readonly runId: number;
  readonly finishedAt: string;
  readonly status: 'done' | 'failed';
  readonly error?: string;
  readonly counts: RunCounts | null;
  readonly sources: readonly SourceRunRecord[];
  readonly problems: readonly StoredProblem[];
  /** Sources read with a new revision, and when: replace their snapshots. */
  readonly snapshots: readonly { readonly workbook: SourceWorkbook; readonly at: string }[];
  /** Sources reached with the known revision, and when: only their last success time moves. */
  readonly confirmed: readonly { readonly sourceId: string; readonly at: string }[];
  /** null when the run produced no consolidation (then the previous one stays the latest). */
  readonly consolidation: Consolidation | null;
  /**
   * The consolidation's parts, one per source in its order: then the run keeps references to them
   * and only parts the store lacks are written (consolidation-frame.ts), not every row again.
   */
  readonly parts?: RunParts;
}

export interface StoredConsolidation {
  readonly runId: number;
  readonly consolidation: Consolidation;
}

/** The submission cycle's methods (store/submissions.ts) are part of the same contract. */
export interface SyncStore extends SubmissionStore {
  /** Records a run as started and gives it its id. */
  beginRun(input: { startedAt: string; mmo: number | null; trigger: SyncTrigger }): Promise<number>;
  /** Everything a run wrote, in one transaction: either all of it is there afterwards or none. */
  finishRun(input: FinishRunInput): Promise<void>;
  run(runId: number): Promise<SyncRunRecord | null>;
  /** The newest run that finished (done or failed); running ones are not «last». */
  lastFinishedRun(): Promise<SyncRunRecord | null>;
  /** Newest first. */
  recentRuns(limit: number): Promise<SyncRunRecord[]>;
  snapshot(sourceId: string): Promise<StoredSnapshot | null>;
  snapshots(): Promise<StoredSnapshot[]>;
  snapshotHeads(): Promise<SnapshotHead[]>;
  /**
   * A file (SQLite) or URL (PostgreSQL) another thread can open the same store from, or null (in memory). The sync's worker
   * thread then reads snapshots and writes a run's big rows itself: encoding and writing a
   * 55 000-row snapshot takes the main thread for a second.
   */
  readonly sharedPath: string | null;
  /** The newest consolidations, newest first: [latest, previous]. */
  latestConsolidations(limit?: number): Promise<StoredConsolidation[]>;
  /** The consolidation a run produced, while it is among the kept ones. */
  consolidationOf(runId: number): Promise<Consolidation | null>;
  /** A checked part a kept run references, by its key (sync/part-cache.ts). */
  part(key: string): Promise<SourcePart | null>;
  /**
   * Present when several instances may share the store (PostgreSQL): one sync at a time among
   * them, and word of the runs the others begin and commit. Absent: this process is alone.
   */
  readonly coordination?: StoreCoordination;
  close(): Promise<void>;
  /** Crash memory of reads (sqlite.ts); a store without it reads every changed file. */
  beginRead?(sourceId: string, revision: string, at: string): Promise<boolean>;
  endRead?(sourceId: string): Promise<void>;
  markReadCrashed?(sourceId: string): Promise<void>;
}

/** The right to run a sync, held until released (or until this instance dies). */
export interface SyncLease {
  release(): Promise<void>;
}

/** What another instance (or this one) did to the store. */
export type StoreEvent = { readonly type: 'begin' | 'finish'; readonly runId: number };

export interface StoreCoordination {
  /** The lease, or null at once when another instance holds it. */
  tryLease(): Promise<SyncLease | null>;
  /** Waits until the lease is free and takes it. */
  waitLease(): Promise<SyncLease>;
  /** Whether any instance holds the lease now. */
  leaseHeld(): Promise<boolean>;
  /** Calls back on every run begun or committed by any instance; resolves once listening. */
  subscribe(listener: (event: StoreEvent) => void): Promise<() => void>;
}

export interface OpenStoreOptions {
  /** A second connection of this process to a store it already opened (the sync's worker thread). */
  readonly attach?: boolean;
}

/**
 * The store at `location`: a `postgres://…` URL opens PostgreSQL, anything else is a SQLite file
 * (':memory:' for none). Migrates the schema unless attaching.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<SyncStore> {
  if (isPostgresUrl(location)) return openPgStore(location, options);
  return openSqliteStore(location, options);
}

export { openSqliteStore } from './sqlite.js';
export { openPgStore } from './postgres.js';
