/**
 * One sync: list the sources, read them (four at a time) with the revision we already have, fall
 * back to the last good snapshot of a source that fails, consolidate, compare with the previous
 * consolidation, write the regional workbook, record everything in the store. Triggers that arrive
 * while a sync runs join it (single flight) instead of starting another.
 */
import { EventEmitter } from 'node:events';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { diffConsolidations, type ChangeSet } from '../engine/changes.js';
import { consolidateSource, finishConsolidation, partTotals, totalsBySource, type SourcePart } from '../engine/consolidate.js';
import { templateDetector } from '../engine/detect-template.js';
import { planEvents, jointEvents, applicationRows } from '../engine/aggregate.js';
import type { Consolidation, SourceAdapter, SourceRef, SourceStatus, SourceWorkbook } from '../model.js';
import type { RunCounts, SourceRead, SourceRunRecord, StoredProblem, StoredSnapshot, SyncRunRecord, SyncStore, SyncTrigger } from '../store/index.js';
import { formatIssue } from '@mmo/shared';

export interface SyncRequest {
  /** null: the whole region; n: only the sources of ММО n are read, the others come from snapshots. */
  readonly mmo: number | null;
  readonly trigger: SyncTrigger;
}

export interface SyncResult {
  readonly run: SyncRunRecord;
  /** null when the run failed before consolidating. */
  readonly consolidation: Consolidation | null;
  readonly changes: ChangeSet | null;
}

export type SyncEvent =
  | { readonly type: 'start'; readonly runId: number; readonly mmo: number | null; readonly trigger: SyncTrigger }
  | { readonly type: 'listed'; readonly runId: number; readonly total: number; readonly listError?: string }
  | {
      readonly type: 'source';
      readonly runId: number;
      readonly index: number;
      readonly total: number;
      readonly name: string;
      readonly mmo: number | null;
      readonly read: SourceRead;
      readonly fromSnapshot: boolean;
      readonly rows: number;
      readonly errors: number;
      readonly warnings: number;
      readonly reason?: string;
    }
  | { readonly type: 'written'; readonly runId: number; readonly path: string }
  | { readonly type: 'finish'; readonly result: SyncResult; readonly ms: number };

/** Writes the regional workbook; the default one is in publish.ts. */
export type Publish = (consolidation: Consolidation, changes: ChangeSet) => Promise<void>;

export interface SyncRunnerOptions {
  readonly source: SourceAdapter;
  readonly store: SyncStore;
  readonly publish: Publish;
  /** Where publish writes, for the progress line. */
  readonly outputPath?: string;
  /** Start year; null: from the sheets. */
  readonly academicYear?: number | null;
  readonly now?: () => Date;
  /** Sources read at once: Drive quotas and a laptop's disk both prefer a few. */
  readonly concurrency?: number;
}

/** The latest consolidated picture, for the API and the dashboard. */
export interface SyncState {
  readonly run: SyncRunRecord | null;
  readonly consolidation: Consolidation | null;
  readonly previous: Consolidation | null;
  readonly changes: ChangeSet | null;
}

const MAX_STORED_PROBLEMS = 500;

interface Flight {
  request: SyncRequest;
  promise: Promise<SyncResult>;
  runId?: number;
  startedAt?: string;
}

function covers(running: SyncRequest, wanted: SyncRequest): boolean {
  return running.mmo === null || running.mmo === wanted.mmo;
}

export class SyncRunner extends EventEmitter<{ progress: [SyncEvent] }> {
  private current: Flight | null = null;
  private queued: (Flight & { resolve: (r: SyncResult) => void; reject: (e: unknown) => void }) | null = null;
  private state: SyncState = { run: null, consolidation: null, previous: null, changes: null };
  private readonly now: () => Date;

  constructor(private readonly options: SyncRunnerOptions) {
    super();
    this.now = options.now ?? (() => new Date());
  }

  /** Loads the last run and consolidations from the store, so the API answers before the first sync. */
  async init(): Promise<void> {
    const [run, stored] = await Promise.all([this.options.store.lastFinishedRun(), this.options.store.latestConsolidations(2)]);
    const consolidation = stored[0]?.consolidation ?? null;
    const previous = stored[1]?.consolidation ?? null;
    this.state = { run, consolidation, previous, changes: consolidation ? diffConsolidations(previous, consolidation) : null };
  }

  latest(): SyncState {
    return this.state;
  }

  /** The sync in progress, if any. */
  running(): { runId: number | null; mmo: number | null; startedAt: string | null; trigger: SyncTrigger } | null {
    const f = this.current;
    return f ? { runId: f.runId ?? null, mmo: f.request.mmo, startedAt: f.startedAt ?? null, trigger: f.request.trigger } : null;
  }

  /**
   * Starts a sync, or joins the one that covers the request; a request the running sync does not
   * cover (another ММО) waits for it, and such waiting requests are merged into one run.
   */
  sync(request: SyncRequest): Promise<SyncResult> {
    if (this.current && covers(this.current.request, request)) return this.current.promise;
    if (!this.current) return this.start(request);
    if (this.queued) {
      if (!covers(this.queued.request, request)) this.queued.request = { ...this.queued.request, mmo: null };
      return this.queued.promise;
    }
    let resolve!: (r: SyncResult) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<SyncResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.queued = { request, promise, resolve, reject };
    return promise;
  }

  /** Resolves when no sync is running or waiting (for shutdown). */
  async idle(): Promise<void> {
    while (this.current) await this.current.promise.catch(() => undefined);
  }

  private start(request: SyncRequest): Promise<SyncResult> {
    const flight: Flight = { request, promise: Promise.resolve(null as unknown as SyncResult) };
    flight.promise = this.execute(flight).finally(() => {
      this.current = null;
      const next = this.queued;
      this.queued = null;
      if (next) this.start(next.request).then(next.resolve, next.reject);
    });
    this.current = flight;
    return flight.promise;
  }

  private async execute(flight: Flight): Promise<SyncResult> {
    const { store } = this.options;
    const { request } = flight;
    const t0 = performance.now();
    const startedAt = this.now().toISOString();
    const runId = await store.beginRun({ startedAt, mmo: request.mmo, trigger: request.trigger });
    flight.runId = runId;
    flight.startedAt = startedAt;
    this.emit('progress', { type: 'start', runId, mmo: request.mmo, trigger: request.trigger });

    const fresh: { workbook: SourceWorkbook; at: string }[] = [];
    const confirmed: { sourceId: string; at: string }[] = [];
    let result: SyncResult;
    try {
      const gathered = await this.gather(runId, request, fresh, confirmed);
      await yieldToLoop();
      const consolidation = finishConsolidation(gathered.parts, { academicYear: this.options.academicYear ?? null, now: this.now() });
      await yieldToLoop();
      const changes = diffConsolidations(this.state.consolidation, consolidation);
      await yieldToLoop();
      await this.options.publish(consolidation, changes);
      if (this.options.outputPath) this.emit('progress', { type: 'written', runId, path: this.options.outputPath });

      const run = buildRun({ runId, startedAt, finishedAt: this.now().toISOString(), request, consolidation, reads: gathered.reads });
      await store.finishRun({ ...runInput(run), snapshots: fresh, confirmed, consolidation });
      this.state = { run, consolidation, previous: this.state.consolidation, changes };
      result = { run, consolidation, changes };
    } catch (e) {
      const error = `Синхронизация прервана: ${e instanceof Error ? e.message : String(e)}`;
      const run: SyncRunRecord = {
        runId,
        startedAt,
        finishedAt: this.now().toISOString(),
        mmo: request.mmo,
        trigger: request.trigger,
        status: 'failed',
        error,
        counts: null,
        sources: [],
        problems: [],
      };
      // What was read is good data even if the workbook could not be written: keep the snapshots.
      await store.finishRun({ ...runInput(run), snapshots: fresh, confirmed, consolidation: null });
      this.state = { ...this.state, run };
      result = { run, consolidation: null, changes: null };
    }
    this.emit('progress', { type: 'finish', result, ms: Math.round(performance.now() - t0) });
    return result;
  }

  /** Reads what the request covers, takes the rest from snapshots; one SourcePart per source, in list order. */
  private async gather(
    runId: number,
    request: SyncRequest,
    fresh: { workbook: SourceWorkbook; at: string }[],
    confirmed: { sourceId: string; at: string }[],
  ): Promise<{ parts: SourcePart[]; reads: Map<string, SourceRead> }> {
    const { store, source } = this.options;
    const snapshots = new Map<string, StoredSnapshot>((await store.snapshots()).map((s) => [s.workbook.id, s]));
    const lastStatus = new Map<string, SourceRunRecord>((this.state.run?.sources ?? []).map((s) => [s.sourceId, s]));

    let refs: SourceRef[];
    let listError: string | undefined;
    try {
      refs = await source.list();
    } catch (e) {
      // Drive or the disk unreachable: every known source is shown from its snapshot, as stale.
      listError = `список источников недоступен: ${e instanceof Error ? e.message : String(e)}`;
      refs = [...snapshots.values()].map((s) => ({ id: s.workbook.id, name: s.workbook.name, districtHint: s.workbook.districtHint }));
    }
    this.emit('progress', { type: 'listed', runId, total: refs.length, ...(listError ? { listError } : {}) });

    const detector = templateDetector();
    const options = { academicYear: this.options.academicYear ?? null, detector };
    const parts: SourcePart[] = new Array(refs.length);
    const reads = new Map<string, SourceRead>();
    const inScope = (ref: SourceRef) => request.mmo === null || ref.districtHint === request.mmo;
    const at = () => this.now().toISOString();
    let done = 0;

    const settle = async (index: number, ref: SourceRef, read: SourceRead, workbook: SourceWorkbook | null, status: SourceStatus) => {
      reads.set(ref.id, read);
      const part = consolidateSource({ workbook, status }, options);
      parts[index] = part;
      const totals = partTotals(part);
      done++;
      this.emit('progress', {
        type: 'source',
        runId,
        index: done,
        total: refs.length,
        name: ref.name,
        mmo: part.status.mmo,
        read,
        fromSnapshot: status.fromSnapshot,
        ...totals,
        ...(status.reason ? { reason: status.reason } : {}),
      });
      // Consolidating a big source is CPU work: let requests in before the next one.
      await yieldToLoop();
    };

    const readOne = async (index: number, ref: SourceRef) => {
      const snap = snapshots.get(ref.id) ?? null;
      const base = { sourceId: ref.id, name: ref.name, mmo: ref.districtHint };
      if (!inScope(ref) || listError) {
        const last = lastStatus.get(ref.id);
        const reason = listError ?? last?.reason;
        const failed = listError !== undefined || last?.status === 'failed';
        return settle(index, ref, listError ? 'failed' : 'skipped', snap?.workbook ?? null, {
          ...base,
          status: failed || !snap ? 'failed' : 'ok',
          fromSnapshot: snap !== null,
          stale: snap !== null && (failed || last?.stale === true),
          ...(failed || !snap ? { reason: reason ?? (snap ? 'источник не прочитан' : 'источник ещё ни разу не был прочитан') } : {}),
          ...(snap ? { revision: snap.workbook.revision, lastSuccessAt: snap.lastSuccessAt } : {}),
        });
      }
      let outcome: Awaited<ReturnType<SourceAdapter['read']>>;
      try {
        outcome = await this.options.source.read(ref, snap?.workbook.revision ?? null);
      } catch (e) {
        outcome = { status: 'failed', ref, reason: e instanceof Error ? e.message : String(e) };
      }
      if (outcome.status === 'unchanged' && !snap) {
        // The adapter thinks we have it but the store does not (deleted file): read it for real.
        outcome = await this.options.source.read(ref, null).catch((e: unknown) => ({ status: 'failed' as const, ref, reason: String(e) }));
      }
      if (outcome.status === 'ok') {
        const readAt = at();
        fresh.push({ workbook: outcome.workbook, at: readAt });
        return settle(index, ref, 'ok', outcome.workbook, {
          ...base,
          name: outcome.workbook.name,
          status: 'ok',
          fromSnapshot: false,
          stale: false,
          revision: outcome.workbook.revision,
          lastSuccessAt: readAt,
        });
      }
      if (outcome.status === 'unchanged' && snap) {
        const readAt = at();
        confirmed.push({ sourceId: ref.id, at: readAt });
        return settle(index, ref, 'unchanged', snap.workbook, {
          ...base,
          status: 'ok',
          fromSnapshot: true,
          stale: false,
          revision: snap.workbook.revision,
          lastSuccessAt: readAt,
        });
      }
      const reason = outcome.status === 'failed' ? outcome.reason : 'источник не прочитан';
      return settle(index, ref, 'failed', snap?.workbook ?? null, {
        ...base,
        status: 'failed',
        fromSnapshot: snap !== null,
        stale: snap !== null,
        reason,
        ...(snap ? { revision: snap.workbook.revision, lastSuccessAt: snap.lastSuccessAt } : {}),
      });
    };

    let next = 0;
    const worker = async () => {
      while (next < refs.length) {
        const i = next++;
        await readOne(i, refs[i]);
      }
    };
    const concurrency = Math.max(1, this.options.concurrency ?? 4);
    await Promise.all(Array.from({ length: Math.min(concurrency, refs.length) }, worker));
    return { parts, reads };
  }
}

function buildRun(input: {
  runId: number;
  startedAt: string;
  finishedAt: string;
  request: SyncRequest;
  consolidation: Consolidation;
  reads: Map<string, SourceRead>;
}): SyncRunRecord {
  const { consolidation } = input;
  const totals = totalsBySource(consolidation);
  const sources: SourceRunRecord[] = consolidation.sources.map((s) => {
    const t = totals.get(s.sourceId) ?? { rows: 0, errors: 0, warnings: 0 };
    return {
      sourceId: s.sourceId,
      name: s.name,
      mmo: s.mmo,
      read: input.reads.get(s.sourceId) ?? 'skipped',
      status: s.status,
      fromSnapshot: s.fromSnapshot,
      stale: s.stale,
      revision: s.revision ?? null,
      ...(s.reason ? { reason: s.reason } : {}),
      rows: t.rows,
      errors: t.errors,
      warnings: t.warnings,
      lastSuccessAt: s.lastSuccessAt ?? null,
    };
  });
  let errors = 0;
  for (const i of consolidation.issues) if (i.severity === 'error') errors++;
  const counts: RunCounts = {
    sources: sources.length,
    sourcesOk: sources.filter((s) => s.status === 'ok').length,
    sourcesFailed: sources.filter((s) => s.status === 'failed').length,
    sourcesStale: sources.filter((s) => s.stale).length,
    sheets: consolidation.sheets.length,
    rows: consolidation.sheets.reduce((n, s) => n + s.records.length, 0),
    rejectedRows: consolidation.sheets.reduce((n, s) => n + s.rejectedRows, 0),
    errors,
    warnings: consolidation.issues.length - errors,
    events: planEvents(consolidation).length + jointEvents(consolidation).length,
    applications: applicationRows(consolidation).length,
  };
  // Errors first, so the cap never hides an error behind warnings.
  const ordered = [...consolidation.issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const problems: StoredProblem[] = ordered
    .slice(0, MAX_STORED_PROBLEMS)
    .map((i) => ({ severity: i.severity, text: formatIssue(i), mmo: i.mmo, sourceId: i.sourceId ?? null }));
  return {
    runId: input.runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    mmo: input.request.mmo,
    trigger: input.request.trigger,
    status: 'done',
    counts,
    sources,
    problems,
  };
}

function runInput(run: SyncRunRecord) {
  return {
    runId: run.runId,
    finishedAt: run.finishedAt ?? new Date().toISOString(),
    status: run.status === 'failed' ? ('failed' as const) : ('done' as const),
    ...(run.error ? { error: run.error } : {}),
    counts: run.counts,
    sources: run.sources,
    problems: run.problems,
  };
}
