/**
 * Where a sync's CPU work runs: in the sync's worker threads (the default), or in-process
 * (`workers: false`, a store in memory, or workers that cannot start). The runner talks to both
 * through SyncEngine, so the decisions it makes are the same either way.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ChangeSet } from '../engine/changes.js';
import type { Consolidation, SourceRef, SourceStatus, SourceWorkerSpec } from '../model.js';
import type { SyncStore } from '../store/index.js';
import type { PublishOffload, PublishReport } from './publish.js';
import {
  RunSession,
  type CommitInput,
  type PartSummary,
  type ReadOutcome,
  type RunSummary,
  type SessionConfig,
  type WorkbookRef,
} from './session.js';
import { unpackPublished } from './transfer.js';
import type { Job, JobResults } from './jobs.js';
import { WorkerPool, type RunOptions } from './worker-pool.js';

export interface EnginePublishInput {
  readonly count: number;
  readonly now: Date;
  readonly previous: { readonly runId: number; readonly consolidation: Consolidation } | null;
  readonly offload: PublishOffload | null;
}

export interface EnginePublished {
  readonly consolidation: Consolidation;
  readonly changes: ChangeSet;
  readonly summary: RunSummary;
  /** Set when the engine ran the publisher itself; otherwise the runner calls it. */
  readonly report: PublishReport | null;
}

/** One run's CPU work. */
export interface SyncEngine {
  /** True when the work runs in worker threads: then sources with a workerSpec are read there. */
  readonly offThread: boolean;
  read(spec: SourceWorkerSpec, ref: SourceRef, knownRevision: string | null): Promise<ReadOutcome>;
  consolidate(index: number, workbook: WorkbookRef | null, status: SourceStatus): Promise<PartSummary>;
  publish(input: EnginePublishInput): Promise<EnginePublished>;
  commit(input: CommitInput): Promise<void>;
  /** Frees what the run holds; never throws. */
  end(): Promise<void>;
}

export class InProcessEngine implements SyncEngine {
  readonly offThread = false;
  private readonly session: RunSession;

  constructor(config: Omit<SessionConfig, 'id' | 'storePath'>, store: SyncStore) {
    this.session = new RunSession({ ...config, id: randomUUID(), storePath: null }, () => store);
  }

  read(spec: SourceWorkerSpec, ref: SourceRef, knownRevision: string | null): Promise<ReadOutcome> {
    return this.session.read(spec, ref, knownRevision);
  }

  consolidate(index: number, workbook: WorkbookRef | null, status: SourceStatus): Promise<PartSummary> {
    return this.session.consolidate(index, workbook, status);
  }

  async publish(input: EnginePublishInput): Promise<EnginePublished> {
    // The runner calls its publisher: here is the same thread anyway.
    const { consolidation, changes, summary } = await this.session.publish({
      count: input.count,
      now: input.now,
      previous: input.previous,
      spec: null,
    });
    return { consolidation, changes, summary, report: null };
  }

  commit(input: CommitInput): Promise<void> {
    return this.session.commit(input);
  }

  async end(): Promise<void> {}
}

/** The engine's worker threads were restarted: what they held for the run is gone, the run may start over. */
export class EngineRestartedError extends Error {}

/** A run's jobs in the pool: reads anywhere, a read source's part where it was read, publishing on worker 0. */
export class WorkerEngine implements SyncEngine {
  readonly offThread = true;
  private readonly config: SessionConfig;
  private readonly readBy = new Map<string, number>();
  private readonly generation: number;

  constructor(
    private readonly pool: WorkerPool,
    config: Omit<SessionConfig, 'id'> & { readonly storePath: string },
  ) {
    this.config = { ...config, id: randomUUID() };
    this.generation = pool.generation;
  }

  /** Parts live in the workers: after a restart they are gone, and the run cannot finish. */
  private check(generation: number = this.pool.generation): void {
    if (generation !== this.generation)
      throw new EngineRestartedError('поток сводки был перезапущен во время синхронизации');
  }

  private async run<K extends Job['type']>(
    job: Extract<Job, { type: K }>,
    options: RunOptions = {},
  ): Promise<JobResults[K]> {
    this.check();
    const done = await this.pool.run(job, options);
    this.check(done.generation);
    return done.result;
  }

  async read(spec: SourceWorkerSpec, ref: SourceRef, knownRevision: string | null): Promise<ReadOutcome> {
    this.check();
    const done = await this.pool.run({ type: 'read', session: this.config, spec, ref, knownRevision });
    this.check(done.generation);
    if (done.result.status === 'ok') this.readBy.set(ref.id, done.worker);
    return done.result;
  }

  consolidate(index: number, workbook: WorkbookRef | null, status: SourceStatus): Promise<PartSummary> {
    const worker = workbook?.from === 'read' ? this.readBy.get(workbook.sourceId) : undefined;
    return this.run(
      { type: 'consolidate', session: this.config, index, workbook, status },
      worker === undefined ? {} : { worker },
    );
  }

  async publish(input: EnginePublishInput): Promise<EnginePublished> {
    const result = await this.run(
      {
        type: 'publish',
        session: this.config,
        // The previous consolidation stays in worker 0 (or its store): only its run id crosses.
        input: {
          count: input.count,
          now: input.now,
          previousRunId: input.previous?.runId ?? null,
          spec: input.offload?.spec ?? null,
        },
      },
      { worker: 0 },
    );
    const { consolidation, changes } = await unpackPublished(result.packed);
    return { consolidation, changes, summary: result.summary, report: result.report };
  }

  async commit(input: CommitInput): Promise<void> {
    await this.run({ type: 'commit', session: this.config, input }, { worker: 0 });
  }

  async end(): Promise<void> {
    // After a restart the sessions are gone already; ending them would only start the workers.
    if (this.pool.generation !== this.generation) return;
    const all = Array.from({ length: this.pool.size }, (_, worker) =>
      this.pool.run({ type: 'end', sessionId: this.config.id }, { worker }),
    );
    await Promise.allSettled(all);
  }
}

/** Worker threads besides the main one: one on two cores (the main thread needs the other), else two. */
export function defaultPoolSize(): number {
  return availableParallelism() > 2 ? 2 : 1;
}

const WORKER_SCRIPT = new URL(
  import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js',
  import.meta.url,
);

/**
 * Node options of a worker running `script`. A worker is a plain Node thread — under `npm start`
 * (tsx) and under vitest alike — so a TypeScript script needs tsx's loader, found from here, not
 * from the cwd. Without tsx the worker fails to load and the runner works in-process, saying so.
 */
export function workerExecArgv(script: URL): string[] {
  if (!script.pathname.endsWith('.ts')) return [];
  try {
    return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  } catch {
    return [];
  }
}

/** A pool of sync workers of its own; runners share {@link sharedPool} unless a test wants a fresh one. */
export function createSyncPool(size: number, options: { readonly heapMb?: number } = {}): WorkerPool {
  return new WorkerPool({ script: WORKER_SCRIPT, size, execArgv: workerExecArgv(WORKER_SCRIPT), ...options });
}

const pools = new Map<string, WorkerPool>();

/** The process's pool of that size (and heap), shared by every runner: starting one costs seconds. */
export function sharedPool(size: number, heapMb?: number): WorkerPool {
  const key = `${size}:${heapMb ?? ''}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = createSyncPool(size, heapMb ? { heapMb } : {})));
  return pool;
}
