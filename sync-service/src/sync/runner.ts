/**
 * One sync: list the sources, read them (four at a time) with the revision we already have, fall
 * back to the last good snapshot of a source that fails, consolidate, compare with the previous
 * consolidation, write the regional workbook, record everything in the store. Triggers that arrive
 * while a sync runs join it (single flight) instead of starting another.
 *
 * Several instances on one PostgreSQL store (its `coordination`): a sync runs only under the
 * store's lease; an instance that cannot take it waits for the running sync and answers with that
 * run's result, read from the database — unless that run did not cover its request or died with
 * its instance, then it runs its own. Runs the others begin and commit are announced by the store,
 * and the state the routes serve is reloaded from the database, so every instance answers alike.
 *
 * Why a worker thread: parsing a 55 000-row заявка, consolidating it and writing the regional
 * workbook are seconds of CPU each, and on the main thread every request — /api/status included —
 * waited for them. The runner decides here (what to read, what is stale, what to record) and a
 * SyncEngine does the heavy part: by default in the sync's worker threads (session.ts), which keep
 * workbooks, parts and the consolidation until the run ends, so they cross threads once, in pieces.
 */
import { EventEmitter } from 'node:events';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { diffConsolidations, type ChangeSet } from '../engine/changes.js';
import type { Consolidation, SourceAdapter, SourceRef, SourceStatus } from '../model.js';
import type {
  RunCounts,
  SnapshotHead,
  SourceRead,
  SourceRunRecord,
  StoreEvent,
  SyncLease,
  SyncRunRecord,
  SyncStore,
  SyncTrigger,
} from '../store/index.js';
import {
  defaultPoolSize,
  EngineRestartedError,
  InProcessEngine,
  sharedPool,
  WorkerEngine,
  type EnginePublished,
  type SyncEngine,
} from './engine.js';
import { publishOffload } from './publish.js';
import { crashingReadReason, type RunSummary, type WorkbookMeta, type WorkbookRef } from './session.js';
import { WorkerCrashError, type WorkerPool } from './worker-pool.js';

/** Starts of one run after its workers died: the first retry runs without the file that did it. */
const MAX_RUN_ATTEMPTS = 3;

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
  | {
      readonly type: 'start';
      readonly runId: number;
      readonly mmo: number | null;
      readonly trigger: SyncTrigger;
      /** Set when the run cannot use the worker threads (Russian): the service answers slower meanwhile. */
      readonly notice?: string;
    }
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
  /**
   * Called after a run is recorded and before its callers hear of it (the submission cycle records
   * what arrived and writes the audit): a GET right after the sync then sees it.
   */
  readonly afterRun?: (result: SyncResult) => Promise<void>;
  /** Sources read at once: Drive quotas and a laptop's disk both prefer a few. */
  readonly concurrency?: number;
  /**
   * Worker threads for the CPU work (default: on, one thread on two cores, two on more). false:
   * everything in-process, as tests with adapters in memory want. A store in memory also means
   * in-process: the workers write the big rows through their own connection to the store's file.
   */
  readonly workers?:
    | boolean
    | {
        readonly size?: number;
        /** Instead of the process's shared pool (tests). */
        readonly pool?: WorkerPool;
        /** Heap of each worker, MB: a worker past it dies alone (worker-pool.ts). */
        readonly heapMb?: number;
      };
}

/** The latest consolidated picture, for the API and the dashboard. */
export interface SyncState {
  readonly run: SyncRunRecord | null;
  readonly consolidation: Consolidation | null;
  readonly previous: Consolidation | null;
  readonly changes: ChangeSet | null;
}

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
  /** The run state.consolidation comes from: workers load it by this id instead of receiving it. */
  private consolidationRunId: number | null = null;
  private workersFailed = false;
  private readonly now: () => Date;
  /** A run another instance is running now (shared store), as /api/status shows it. */
  private remote: { runId: number; mmo: number | null; startedAt: string; trigger: SyncTrigger } | null =
    null;
  /** Runs of this instance: what the store announces of them is old news here. */
  private readonly own = new Set<number>();
  /** Reloads of the state run one after another, so an older one never lands last. */
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly options: SyncRunnerOptions) {
    super();
    this.now = options.now ?? (() => new Date());
  }

  /** Loads the last run and consolidations from the store, so the API answers before the first sync. */
  async init(): Promise<void> {
    await this.load();
    const coordination = this.options.store.coordination;
    if (coordination) {
      // Listening lasts as long as the store: closing the store ends it.
      await coordination.subscribe((event) => this.onStoreEvent(event));
      // Started while another instance syncs: show its run until it commits.
      if (await coordination.leaseHeld()) {
        const running = (await this.options.store.recentRuns(1))[0];
        if (running?.status === 'running') this.remote = remoteOf(running);
      }
    }
    // Loading the engine in a worker takes seconds: start now, not when the first sync needs it.
    this.pool()?.warm();
  }

  /** The state from the store: the last finished run and the two newest consolidations. */
  private async load(): Promise<void> {
    const [run, stored] = await Promise.all([
      this.options.store.lastFinishedRun(),
      this.options.store.latestConsolidations(2),
    ]);
    const consolidation = stored[0]?.consolidation ?? null;
    const previous = stored[1]?.consolidation ?? null;
    this.state = {
      run,
      consolidation,
      previous,
      changes: consolidation ? diffConsolidations(previous, consolidation) : null,
    };
    this.consolidationRunId = stored[0]?.runId ?? null;
  }

  /** Reloads the state when the store has a newer finished run than the one served. */
  private reload(): Promise<void> {
    const next = this.reloading.then(async () => {
      const last = await this.options.store.lastFinishedRun();
      if (last && last.runId !== this.state.run?.runId) await this.load();
    });
    this.reloading = next.catch(() => undefined);
    return next;
  }

  private onStoreEvent(event: StoreEvent): void {
    if (this.own.has(event.runId)) return;
    if (event.type === 'begin') {
      void this.options.store
        .run(event.runId)
        .then((run) => {
          if (run?.status === 'running' && !this.own.has(run.runId)) this.remote = remoteOf(run);
        })
        .catch(() => undefined);
      return;
    }
    if (this.remote?.runId === event.runId) this.remote = null;
    // runId 0: the store may have missed notices (its listening connection was lost): check again.
    const remote = this.remote;
    if (event.runId === 0 && remote) {
      void this.options.store
        .run(remote.runId)
        .then((run) => {
          if (run?.status !== 'running' && this.remote === remote) this.remote = null;
        })
        .catch(() => undefined);
    }
    void this.reload().catch(() => undefined);
  }

  private pool(): WorkerPool | null {
    const { workers = true, store } = this.options;
    if (workers === false || store.sharedPath === null || this.workersFailed) return null;
    if (workers !== true && workers.pool) return workers.pool;
    const size = Math.max(1, Math.floor((workers === true ? undefined : workers.size) ?? defaultPoolSize()));
    return sharedPool(size, workers === true ? undefined : workers.heapMb);
  }

  /**
   * How the next run works: a factory of its engine — the workers once they are up, else
   * in-process, with the reason when the workers failed to start (said once).
   */
  private async engineFor(): Promise<{ make: (runId: number) => SyncEngine; notice?: string }> {
    const academicYear = this.options.academicYear ?? null;
    const inProcess = (runId: number) => new InProcessEngine({ runId, academicYear }, this.options.store);
    const pool = this.pool();
    const storePath = this.options.store.sharedPath;
    if (!pool || storePath === null) return { make: inProcess };
    try {
      await pool.start();
      return { make: (runId) => new WorkerEngine(pool, { runId, academicYear, storePath }) };
    } catch (e) {
      this.workersFailed = true;
      const why = e instanceof Error ? e.message : String(e);
      return {
        make: inProcess,
        notice: `сводка идёт в основном потоке (${why}): пока она идёт, сервис отвечает медленнее`,
      };
    }
  }

  latest(): SyncState {
    return this.state;
  }

  /** The sync in progress, if any. */
  running(): {
    runId: number | null;
    mmo: number | null;
    startedAt: string | null;
    trigger: SyncTrigger;
  } | null {
    const f = this.current;
    if (f?.runId !== undefined)
      return {
        runId: f.runId,
        mmo: f.request.mmo,
        startedAt: f.startedAt ?? null,
        trigger: f.request.trigger,
      };
    // Waiting for another instance's run: that run is the one running.
    if (this.remote) return { ...this.remote };
    return f ? { runId: null, mmo: f.request.mmo, startedAt: null, trigger: f.request.trigger } : null;
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

  /**
   * The store's lease for a run (shared store), or the result of the run another instance ran
   * meanwhile when it covers the request. Without coordination: nothing to take.
   */
  private async lease(request: SyncRequest): Promise<{ lease: SyncLease | null; adopted?: SyncResult }> {
    const { store } = this.options;
    const coordination = store.coordination;
    if (!coordination) return { lease: null };
    // Runs from this id on finished after the request came: the one running now, or later ones.
    const head = (await store.recentRuns(1))[0];
    const from = head ? (head.status === 'running' ? head.runId : head.runId + 1) : 1;
    const now = await coordination.tryLease();
    if (now) {
      await this.reload();
      return { lease: now };
    }
    // Another instance syncs: wait for it (the lock is freed when it commits or its instance dies).
    const lease = await coordination.waitLease();
    try {
      this.remote = null;
      await this.reload();
      const theirs = (await store.recentRuns(50)).find(
        (r) =>
          r.runId >= from &&
          (r.status === 'done' || r.status === 'failed') &&
          covers({ mmo: r.mmo, trigger: r.trigger }, request),
      );
      // None: the run did not cover this request (another ММО) or died with its instance.
      if (!theirs) return { lease };
      await lease.release();
      const latest = this.consolidationRunId === theirs.runId ? this.state : null;
      return {
        lease: null,
        adopted: {
          run: theirs,
          consolidation: latest?.consolidation ?? null,
          changes: latest?.changes ?? null,
        },
      };
    } catch (e) {
      await lease.release();
      throw e;
    }
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
    const { lease, adopted } = await this.lease(flight.request);
    if (adopted) return adopted;
    try {
      return await this.executeHeld(flight);
    } finally {
      await lease?.release();
    }
  }

  private async executeHeld(flight: Flight): Promise<SyncResult> {
    const { store } = this.options;
    const { request } = flight;
    const t0 = performance.now();
    const { make, notice } = await this.engineFor();
    const startedAt = this.now().toISOString();
    const runId = await store.beginRun({ startedAt, mmo: request.mmo, trigger: request.trigger });
    this.own.add(runId);
    if (this.own.size > 100) this.own.delete(this.own.values().next().value!);
    if (this.remote?.runId === runId) this.remote = null;
    flight.runId = runId;
    flight.startedAt = startedAt;
    this.emit('progress', {
      type: 'start',
      runId,
      mmo: request.mmo,
      trigger: request.trigger,
      ...(notice ? { notice } : {}),
    });

    let engine = make(runId);
    let fresh: { sourceId: string; at: string }[] = [];
    let confirmed: { sourceId: string; at: string }[] = [];
    let result: SyncResult;
    try {
      let gathered: Awaited<ReturnType<SyncRunner['gather']>>;
      let published: EnginePublished;
      for (let attempt = 1; ; attempt++) {
        try {
          gathered = await this.gather(engine, runId, request, fresh, confirmed);
          const previous =
            this.state.consolidation && this.consolidationRunId !== null
              ? { runId: this.consolidationRunId, consolidation: this.state.consolidation }
              : null;
          published = await engine.publish({
            count: gathered.count,
            now: this.now(),
            previous,
            offload: publishOffload(this.options.publish),
          });
          break;
        } catch (e) {
          // A worker died (a file exhausted it): what it held is gone. The file that did it is
          // remembered by the store and refused now, so the run starts over without it.
          if (
            !(e instanceof EngineRestartedError || e instanceof WorkerCrashError) ||
            attempt >= MAX_RUN_ATTEMPTS
          )
            throw e;
          await engine.end();
          engine = (await this.engineFor()).make(runId);
          fresh = [];
          confirmed = [];
        }
      }
      const offload = publishOffload(this.options.publish);
      const { consolidation, changes } = published;
      if (published.report) offload?.report?.(published.report);
      else await this.options.publish(consolidation, changes);
      if (this.options.outputPath)
        this.emit('progress', { type: 'written', runId, path: this.options.outputPath });

      const run = buildRun({
        runId,
        startedAt,
        finishedAt: this.now().toISOString(),
        request,
        consolidation,
        summary: published.summary,
        reads: gathered.reads,
      });
      await engine.commit({ ...runInput(run), snapshots: fresh, confirmed, withConsolidation: true });
      this.state = { run, consolidation, previous: this.state.consolidation, changes };
      this.consolidationRunId = runId;
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
      // If the engine lost them (a worker died), the run is still recorded as failed.
      await engine
        .commit({ ...runInput(run), snapshots: fresh, confirmed, withConsolidation: false })
        .catch(() => store.finishRun({ ...runInput(run), snapshots: [], confirmed, consolidation: null }));
      this.state = { ...this.state, run };
      result = { run, consolidation: null, changes: null };
    } finally {
      await engine.end();
    }
    if (this.options.afterRun) await this.options.afterRun(result);
    this.emit('progress', { type: 'finish', result, ms: Math.round(performance.now() - t0) });
    return result;
  }

  /**
   * Reads what the request covers, takes the rest from snapshots; one part per source, in list
   * order, kept by the engine (its count is returned).
   */
  private async gather(
    engine: SyncEngine,
    runId: number,
    request: SyncRequest,
    fresh: { sourceId: string; at: string }[],
    confirmed: { sourceId: string; at: string }[],
  ): Promise<{ count: number; reads: Map<string, SourceRead> }> {
    const { store, source } = this.options;
    // Heads only: the cells of a snapshot are decoded where it is consolidated.
    const snapshots = new Map<string, SnapshotHead>(
      (await store.snapshotHeads()).map((s) => [s.workbook.id, s]),
    );
    const lastStatus = new Map<string, SourceRunRecord>(
      (this.state.run?.sources ?? []).map((s) => [s.sourceId, s]),
    );

    let refs: SourceRef[];
    let listError: string | undefined;
    try {
      refs = await source.list();
    } catch (e) {
      // Drive or the disk unreachable: every known source is shown from its snapshot, as stale.
      listError = `список источников недоступен: ${e instanceof Error ? e.message : String(e)}`;
      refs = [...snapshots.values()].map((s) => ({
        id: s.workbook.id,
        name: s.workbook.name,
        districtHint: s.workbook.districtHint,
      }));
    }
    this.emit('progress', { type: 'listed', runId, total: refs.length, ...(listError ? { listError } : {}) });

    const reads = new Map<string, SourceRead>();
    const inScope = (ref: SourceRef) => request.mmo === null || ref.districtHint === request.mmo;
    const at = () => this.now().toISOString();
    const fromSnapshot = (ref: SourceRef): WorkbookRef => ({ from: 'snapshot', sourceId: ref.id });
    let done = 0;

    const settle = async (
      index: number,
      ref: SourceRef,
      read: SourceRead,
      workbook: WorkbookRef | null,
      status: SourceStatus,
    ) => {
      reads.set(ref.id, read);
      const part = await engine.consolidate(index, workbook, status);
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
        ...part.totals,
        ...(status.reason ? { reason: status.reason } : {}),
      });
      // In-process, consolidating a big source is CPU work: let requests in before the next one.
      await yieldToLoop();
    };

    /** A read by the engine when the adapter can be rebuilt there (a folder of .xlsx), else here. */
    type Obtained =
      | { readonly status: 'ok'; readonly workbook: WorkbookMeta; readonly ref: WorkbookRef }
      | { readonly status: 'unchanged' }
      | { readonly status: 'failed'; readonly reason: string };
    const obtain = async (ref: SourceRef, known: string | null): Promise<Obtained> => {
      const spec = source.workerSpecFor ? source.workerSpecFor(ref) : source.workerSpec;
      if (spec && engine.offThread) {
        const outcome = await engine.read(spec, ref, known);
        return outcome.status === 'ok' ? { ...outcome, ref: { from: 'read', sourceId: ref.id } } : outcome;
      }
      const outcome = await source.read(ref, known);
      if (outcome.status !== 'ok') return outcome.status === 'failed' ? outcome : { status: 'unchanged' };
      const { sheets, ...meta } = outcome.workbook;
      void sheets;
      return {
        status: 'ok',
        workbook: meta,
        ref: { from: 'value', workbook: outcome.workbook, fresh: true },
      };
    };

    const readOne = async (index: number, ref: SourceRef) => {
      const snap = snapshots.get(ref.id) ?? null;
      const base = { sourceId: ref.id, name: ref.name, mmo: ref.districtHint };
      if (!inScope(ref) || listError) {
        const last = lastStatus.get(ref.id);
        const reason = listError ?? last?.reason;
        const failed = listError !== undefined || last?.status === 'failed';
        return settle(index, ref, listError ? 'failed' : 'skipped', snap ? fromSnapshot(ref) : null, {
          ...base,
          status: failed || !snap ? 'failed' : 'ok',
          fromSnapshot: snap !== null,
          stale: snap !== null && (failed || last?.stale === true),
          ...(failed || !snap
            ? { reason: reason ?? (snap ? 'источник не прочитан' : 'источник ещё ни разу не был прочитан') }
            : {}),
          ...(snap ? { revision: snap.workbook.revision, lastSuccessAt: snap.lastSuccessAt } : {}),
        });
      }
      let outcome: Obtained;
      try {
        outcome = await obtain(ref, snap?.workbook.revision ?? null);
      } catch (e) {
        if (e instanceof WorkerCrashError && e.culprit) {
          // The worker died reading this file: remember its revision, so that no run reads it again.
          await store.markReadCrashed?.(ref.id);
          outcome = { status: 'failed', reason: crashingReadReason(ref.name, e.message) };
        } else outcome = { status: 'failed', reason: e instanceof Error ? e.message : String(e) };
      }
      if (outcome.status === 'unchanged' && !snap) {
        // The adapter thinks we have it but the store does not (deleted file): read it for real.
        outcome = await obtain(ref, null).catch((e: unknown) => ({
          status: 'failed' as const,
          reason: String(e),
        }));
      }
      if (outcome.status === 'ok') {
        const readAt = at();
        fresh.push({ sourceId: ref.id, at: readAt });
        return settle(index, ref, 'ok', outcome.ref, {
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
        return settle(index, ref, 'unchanged', fromSnapshot(ref), {
          ...base,
          status: 'ok',
          fromSnapshot: true,
          stale: false,
          revision: snap.workbook.revision,
          lastSuccessAt: readAt,
        });
      }
      const reason = outcome.status === 'failed' ? outcome.reason : 'источник не прочитан';
      return settle(index, ref, 'failed', snap ? fromSnapshot(ref) : null, {
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
    return { count: refs.length, reads };
  }
}

function remoteOf(run: SyncRunRecord): {
  runId: number;
  mmo: number | null;
  startedAt: string;
  trigger: SyncTrigger;
} {
  return { runId: run.runId, mmo: run.mmo, startedAt: run.startedAt, trigger: run.trigger };
}

function buildRun(input: {
  runId: number;
  startedAt: string;
  finishedAt: string;
  request: SyncRequest;
  consolidation: Consolidation;
  summary: RunSummary;
  reads: Map<string, SourceRead>;
}): SyncRunRecord {
  const { consolidation, summary } = input;
  const sources: SourceRunRecord[] = consolidation.sources.map((s) => {
    const t = summary.totals[s.sourceId] ?? { rows: 0, errors: 0, warnings: 0 };
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
  const counts: RunCounts = {
    sources: sources.length,
    sourcesOk: sources.filter((s) => s.status === 'ok').length,
    sourcesFailed: sources.filter((s) => s.status === 'failed').length,
    sourcesStale: sources.filter((s) => s.stale).length,
    ...summary.counts,
  };
  return {
    runId: input.runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    mmo: input.request.mmo,
    trigger: input.request.trigger,
    status: 'done',
    counts,
    sources,
    problems: summary.problems,
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
