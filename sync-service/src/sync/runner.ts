/**
 * The main thread's side of syncing: single flight (triggers that arrive while a sync runs join it;
 * a request the running sync does not cover waits, and such waiting requests merge into one run),
 * the last run and consolidation the routes serve, and the progress events. The sync itself is one
 * function, runSync (run-sync.ts): by default in the sync's worker thread (thread.ts), so parsing
 * a 55 000-row заявка and writing the regional workbook never hold /api/status; in-process when
 * asked, with a store in memory, or when the thread cannot start.
 *
 * Several instances on one PostgreSQL store (its `coordination`): a sync runs only under the
 * store's lease; an instance that cannot take it waits for the running sync and answers with that
 * run's result, read from the database — unless that run did not cover its request or died with
 * its instance, then it runs its own. Runs the others begin and commit are announced by the store,
 * and the state the routes serve is reloaded from the database, so every instance answers alike.
 */
import { EventEmitter } from 'node:events';
import { diffConsolidations, type ChangeDigest } from '../engine/changes.js';
import type { Consolidation, SourceAdapter } from '../model.js';
import type { StoreEvent, SyncLease, SyncRunRecord, SyncStore, SyncTrigger } from '../store/index.js';
import { partCacheFor } from './part-cache.js';
import { withPinned, type Publish, type PublishExtras, type PublishSpec } from './publish.js';
import {
  failedRun,
  runInput,
  runSync,
  type SyncEnv,
  type SyncEvent,
  type SyncResult,
  type SyncSpec,
} from './run-sync.js';
import { sharedThread, SyncThread, ThreadCrashError, type ThreadHost } from './thread.js';

export type { SyncEvent, SyncResult } from './run-sync.js';

/** Starts of one run after its thread died: the next start refuses the file that did it. */
const MAX_RUN_ATTEMPTS = 3;

export interface SyncRequest {
  /** null: the whole region; n: only the sources of ММО n are read, the others come from snapshots. */
  readonly mmo: number | null;
  readonly trigger: SyncTrigger;
}

export interface SyncRunnerOptions {
  readonly source: SourceAdapter;
  readonly store: SyncStore;
  /**
   * The regional workbook: as data (publish.ts), written by the sync's thread; a function runs
   * in-process (it cannot cross threads). Absent: nothing is written.
   */
  readonly publish?: PublishSpec | Publish;
  /** What the submission cycle adds to the workbook («Журнал», accepted versions), asked at each run. */
  readonly extras?: () => PublishExtras;
  /** Where publish writes, for the progress line. */
  readonly outputPath?: string;
  /** Start year; null: from the sheets. */
  readonly academicYear?: number | null;
  /** A fixed clock (tests): the whole run takes its time from one reading of it. */
  readonly now?: () => Date;
  /**
   * Called after a run is recorded and before its callers hear of it (the submission cycle records
   * what arrived and writes the audit): a GET right after the sync then sees it.
   */
  readonly afterRun?: (result: SyncResult) => Promise<void>;
  /** Sources read at once: Drive quotas and a laptop's disk both prefer a few. */
  readonly concurrency?: number;
  /**
   * The sync's worker thread (default: on). false: in-process, as tests with adapters in memory
   * want. A store in memory also means in-process: the thread opens the store's file itself.
   */
  readonly workers?:
    | boolean
    | {
        /** Instead of the process's shared thread (tests). */
        readonly thread?: SyncThread;
        /** Heap of the thread, MB: past it the thread dies alone (thread.ts). */
        readonly heapMb?: number;
      };
}

/** The latest consolidated picture, for the API and the dashboard. */
export interface SyncState {
  readonly run: SyncRunRecord | null;
  readonly consolidation: Consolidation | null;
  readonly previous: Consolidation | null;
  readonly changes: ChangeDigest | null;
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
  /** The run state.consolidation comes from: the thread loads it by this id instead of receiving it. */
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
    // Loading the engine in a thread takes seconds: start now, not when the first sync needs it.
    const { workers = true, store } = this.options;
    if (workers !== false && store.sharedPath !== null)
      (
        (workers !== true && workers.thread) ||
        sharedThread(workers === true ? undefined : workers.heapMb)
      ).warm();
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

  /**
   * The thread the next run works in, or null: in-process — asked so, a store in memory, a
   * publisher given as a function, or a thread that failed to start (with the reason, said once).
   */
  private async threadFor(): Promise<{ thread: SyncThread | null; notice?: string }> {
    const { workers = true, store, publish } = this.options;
    if (workers === false || store.sharedPath === null || this.workersFailed || typeof publish === 'function')
      return { thread: null };
    const thread =
      (workers !== true && workers.thread) || sharedThread(workers === true ? undefined : workers.heapMb);
    try {
      await thread.start();
      return { thread };
    } catch (e) {
      this.workersFailed = true;
      const why = e instanceof Error ? e.message : String(e);
      return {
        thread: null,
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
    const { store, publish, extras } = this.options;
    const { request } = flight;
    const t0 = performance.now();
    const { thread, notice } = await this.threadFor();
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

    const spec: SyncSpec = {
      runId,
      mmo: request.mmo,
      trigger: request.trigger,
      startedAt,
      academicYear: this.options.academicYear ?? null,
      ...(this.options.concurrency ? { concurrency: this.options.concurrency } : {}),
      previousRunId: this.state.consolidation ? this.consolidationRunId : null,
      lastSources: this.state.run?.sources ?? [],
      publish:
        publish && typeof publish !== 'function'
          ? { ...publish, ...(extras ? { extras: extras() } : {}) }
          : null,
      ...(this.options.outputPath ? { outputPath: this.options.outputPath } : {}),
    };
    const result = thread
      ? await this.inThread(thread, spec)
      : await runSync(spec, this.progress, this.inProcess());
    if (result.consolidation && result.changes) {
      this.state = {
        run: result.run,
        consolidation: result.consolidation,
        previous: this.state.consolidation,
        changes: result.changes,
      };
      this.consolidationRunId = runId;
    } else this.state = { ...this.state, run: result.run };
    if (this.options.afterRun) await this.options.afterRun(result);
    this.emit('progress', { type: 'finish', result, ms: Math.round(performance.now() - t0) });
    return result;
  }

  private readonly progress = (step: Parameters<ThreadHost['progress']>[0]) => this.emit('progress', step);

  /** runSync on this thread: the adapter, the store and the last consolidation at hand. */
  private inProcess(): SyncEnv {
    const { source, store, publish, extras } = this.options;
    return {
      now: this.now,
      list: () => source.list(),
      read: (ref, known) => source.read(ref, known),
      store,
      parts: partCacheFor(store),
      consolidationOf: async (runId) =>
        runId === this.consolidationRunId && this.state.consolidation
          ? this.state.consolidation
          : store.consolidationOf(runId),
      ...(typeof publish === 'function'
        ? {
            publish: (consolidation, changes) =>
              publish(extras ? withPinned(consolidation, extras().pinned) : consolidation, changes),
          }
        : {}),
    };
  }

  /**
   * runSync in the sync's thread. When the thread dies (a file exhausted it), the files it was
   * parsing are remembered by the store as crashing and refused, and the run starts over.
   */
  private async inThread(thread: SyncThread, spec: SyncSpec): Promise<SyncResult> {
    const { source, store } = this.options;
    const storePath = store.sharedPath!;
    const host: ThreadHost = {
      list: async () =>
        (await source.list()).map((ref) => ({
          ...ref,
          folder: (source.workerSpecFor ? source.workerSpecFor(ref) : source.workerSpec) ?? null,
        })),
      read: (ref, known) => source.read(ref, known),
      progress: this.progress,
    };
    const crashed: Record<string, string> = {};
    const now = this.options.now ? this.now().toISOString() : null;
    const previous =
      spec.previousRunId !== null && this.state.consolidation
        ? { runId: spec.previousRunId, consolidation: this.state.consolidation }
        : null;
    for (let attempt = 1; ; attempt++) {
      try {
        return await thread.run(
          { spec: { ...spec, crashed: { ...crashed } }, storePath, now },
          host,
          previous,
        );
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        if (e instanceof ThreadCrashError && attempt < MAX_RUN_ATTEMPTS) {
          for (const id of e.parsing) {
            await store.markReadCrashed?.(id);
            crashed[id] = why;
          }
          continue;
        }
        const run = failedRun(spec, this.now().toISOString(), `Синхронизация прервана: ${why}`);
        await store.finishRun({ ...runInput(run), snapshots: [], confirmed: [], consolidation: null });
        return { run, consolidation: null, changes: null };
      }
    }
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
