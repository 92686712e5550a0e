/**
 * The sync's worker thread, seen from the main thread: one long-lived thread (worker.ts) that runs
 * one sync at a time with {@link runSync}. Starting it loads the engine's whole module graph
 * (seconds through tsx), so it is started once and shared by the runners of the process; it keeps
 * the parts by revision and the last consolidation between runs. It asks the main thread for what
 * only the main thread has (the listing, sources that cannot be read there, such as Google), and
 * tells it the progress and which files it is parsing — so that a file that kills it is known.
 *
 * Idle, the thread is unref'ed: a process that is done exits without closing it.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SourceReadResult, SourceRef, SourceWorkerSpec } from '../model.js';
import type { SyncResult, SyncSpec, SyncStep } from './run-sync.js';
import { buildsElsewhere, type ReadModelKind, type ReadModels } from '../read-models/prebuilt.js';
import { unpackPublished, type Packed, type RunConsolidation } from './transfer.js';

/** A listed source, and how the worker thread reads it itself (a folder of .xlsx) or null (it asks). */
export type ListedRef = SourceRef & { readonly folder: SourceWorkerSpec | null };

export interface ThreadJob {
  readonly spec: SyncSpec;
  /** The store's file or URL: the thread opens its own connection. */
  readonly storePath: string;
  /** The runner's clock when it is fixed (tests), else null: the thread's own. */
  readonly now: string | null;
}

/** What the thread asks of the main thread during a job. */
export interface ThreadHost {
  list(): Promise<ListedRef[]>;
  read(ref: SourceRef, knownRevision: string | null): Promise<SourceReadResult>;
  progress(step: SyncStep): void;
}

export type ToThread =
  | { readonly type: 'job'; readonly job: ThreadJob }
  /** Build a read model of the run's consolidation, if this thread still holds it. */
  | {
      readonly type: 'build';
      readonly id: number;
      readonly storePath: string;
      readonly runId: number;
      readonly kind: ReadModelKind;
      readonly arg: number;
    }
  | { readonly type: 'answer'; readonly id: number; readonly value?: unknown; readonly error?: string };

export type FromThread =
  | { readonly type: 'ready' }
  | { readonly type: 'ask'; readonly id: number; readonly what: 'list' }
  | {
      readonly type: 'ask';
      readonly id: number;
      readonly what: 'read';
      readonly ref: SourceRef;
      readonly known: string | null;
    }
  | { readonly type: 'progress'; readonly step: SyncStep }
  /** A file is being parsed (active) or is done: if the thread dies meanwhile, it is the likely cause. */
  | { readonly type: 'parsing'; readonly sourceId: string; readonly active: boolean }
  | {
      readonly type: 'done';
      readonly run: SyncResult['run'];
      readonly packed: Packed | null;
    }
  /** The model asked for by 'build'; null: the thread no longer holds that run, or it failed. */
  | { readonly type: 'model'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failed'; readonly message: string };

/** The thread died during a job; `parsing`: the files it was parsing then (their likely culprits). */
export class ThreadCrashError extends Error {
  constructor(
    message: string,
    readonly parsing: readonly string[],
  ) {
    super(message);
  }
}

/** Why the thread could not start; the runner then works in-process. */
export class ThreadStartError extends Error {}

const SCRIPT = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

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

export interface SyncThreadOptions {
  /** Heap of the thread, MB (V8's old generation): past it the thread alone dies, the process lives on. */
  readonly heapMb?: number;
  /** Another worker script (tests). */
  readonly script?: URL;
  readonly startTimeoutMs?: number;
}

export class SyncThread {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private startError: ThreadStartError | null = null;
  /** Jobs run one after another, whichever runner sends them. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Threads started so far: a crash makes the next job start another. */
  starts = 0;
  private nextBuild = 1;

  constructor(private readonly options: SyncThreadOptions = {}) {}

  /** Starts the thread in the background, so the first sync does not wait for it. */
  warm(): void {
    this.start().catch(() => undefined);
  }

  /** The running thread; rejects with a ThreadStartError (remembered) when it cannot start at all. */
  start(): Promise<Worker> {
    if (this.startError) return Promise.reject(this.startError);
    this.starting ??= this.spawn().catch((e: unknown) => {
      // A script or loader that cannot load now will not load later: do not retry each sync.
      this.startError =
        e instanceof ThreadStartError ? e : new ThreadStartError(e instanceof Error ? e.message : String(e));
      throw this.startError;
    });
    return this.starting;
  }

  private spawn(): Promise<Worker> {
    const script = this.options.script ?? SCRIPT;
    const { heapMb } = this.options;
    const worker = new Worker(script, {
      execArgv: workerExecArgv(script),
      name: 'mmo-sync',
      ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}),
    });
    worker.unref();
    this.starts++;
    const timeoutMs = this.options.startTimeoutMs ?? 180_000;
    return new Promise<Worker>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (m: FromThread) => {
        if (m.type !== 'ready') return;
        cleanup();
        this.worker = worker;
        // Dead later (a crash between jobs): the next job starts another.
        worker.once('exit', () => this.forget(worker));
        resolve(worker);
      };
      const onError = (e: Error) => {
        cleanup();
        reject(new ThreadStartError(`поток сводки не запустился: ${e.message}`));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new ThreadStartError(`поток сводки завершился при запуске (код ${code})`));
      };
      const timer = setTimeout(() => {
        cleanup();
        void worker.terminate();
        reject(new ThreadStartError(`поток сводки не запустился за ${Math.round(timeoutMs / 1000)} с`));
      }, timeoutMs);
      timer.unref();
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
  }

  private forget(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.starting = null;
  }

  /**
   * Runs one sync in the thread; rejects with a ThreadCrashError when the thread dies meanwhile.
   * `previous`: the consolidation of spec.previousRunId here, which unchanged sheets refer to.
   */
  run(job: ThreadJob, host: ThreadHost, previous: RunConsolidation | null): Promise<SyncResult> {
    const turn = this.queue.then(() => this.runNow(job, host, previous));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async runNow(
    job: ThreadJob,
    host: ThreadHost,
    previous: RunConsolidation | null,
  ): Promise<SyncResult> {
    const worker = await this.start();
    const parsing = new Set<string>();
    worker.ref();
    try {
      const done = await new Promise<Extract<FromThread, { type: 'done' }>>((resolve, reject) => {
        const answer = (id: number, work: Promise<unknown>) =>
          work.then(
            (value) => worker.postMessage({ type: 'answer', id, value } satisfies ToThread),
            (e: unknown) =>
              worker.postMessage({
                type: 'answer',
                id,
                error: e instanceof Error ? e.message : String(e),
              } satisfies ToThread),
          );
        const onMessage = (m: FromThread) => {
          switch (m.type) {
            case 'ask':
              return void answer(m.id, m.what === 'list' ? host.list() : host.read(m.ref, m.known));
            case 'progress':
              return host.progress(m.step);
            case 'parsing':
              if (m.active) parsing.add(m.sourceId);
              else parsing.delete(m.sourceId);
              return;
            case 'done':
              cleanup();
              return resolve(m);
            case 'failed':
              cleanup();
              return reject(new Error(m.message));
          }
        };
        const crashed = (why: string) => {
          cleanup();
          this.forget(worker);
          void worker.terminate();
          reject(new ThreadCrashError(`поток сводки аварийно завершился (${why})`, [...parsing]));
        };
        const onError = (e: Error) => crashed(e.message);
        const onExit = (code: number) => crashed(`код ${code}`);
        const cleanup = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
        worker.postMessage({ type: 'job', job } satisfies ToThread);
      });
      // The consolidation comes in pieces, decoded between turns of the event loop (transfer.ts).
      const { consolidation, changes } = done.packed
        ? await unpackPublished(done.packed, previous)
        : { consolidation: null, changes: null };
      if (consolidation)
        buildsElsewhere(consolidation, (kind, arg) =>
          this.buildModel(job.storePath, job.spec.runId, kind, arg),
        );
      return { run: done.run, consolidation, changes };
    } finally {
      worker.unref();
    }
  }

  /** A read model built by the thread, which keeps the run's consolidation (read-models/prebuilt.ts). */
  private buildModel<K extends ReadModelKind>(
    storePath: string,
    runId: number,
    kind: K,
    arg: number,
  ): Promise<ReadModels[K] | null> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(null);
    const id = this.nextBuild++;
    return new Promise((resolve) => {
      const onMessage = (m: FromThread) => {
        if (m.type !== 'model' || m.id !== id) return;
        stop();
        resolve(m.value as ReadModels[K] | null);
      };
      const onExit = () => {
        stop();
        resolve(null);
      };
      const stop = () => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.postMessage({ type: 'build', id, storePath, runId, kind, arg } satisfies ToThread);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.starting = null;
    this.startError = new ThreadStartError('поток сводки остановлен');
    await worker?.terminate();
  }
}

const threads = new Map<string, SyncThread>();

/** The process's sync thread (of that heap), shared by every runner: starting one costs seconds. */
export function sharedThread(heapMb?: number): SyncThread {
  const key = String(heapMb ?? '');
  let thread = threads.get(key);
  if (!thread) threads.set(key, (thread = new SyncThread(heapMb ? { heapMb } : {})));
  return thread;
}
