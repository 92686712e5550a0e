/**
 * A few long-lived worker threads for the sync (one on a two-core machine, two on bigger ones),
 * one job at a time each, with a bounded queue. Starting a worker loads the engine's whole module
 * graph (seconds through tsx), so the threads are started once and shared by every runner of the
 * process. Helpers (index > 0) get a port to the first worker, which publishes: they forward their
 * parts there directly, not through the main thread.
 *
 * Idle workers are unref'ed: a process that is done exits without closing the pool.
 */
import { MessageChannel, Worker, type MessagePort, type Transferable } from 'node:worker_threads';
import type { FromWorker, Job, JobResults, JobType, ToWorker, WorkerInit } from './jobs.js';

export interface WorkerPoolOptions {
  readonly script: URL;
  readonly size: number;
  /** Node options of the workers: the TypeScript loader when the script is .ts. */
  readonly execArgv?: readonly string[];
  /** Jobs waiting beyond this make run() wait before queueing. */
  readonly maxQueue?: number;
  /** Module loading on a busy machine takes seconds; a worker silent for this long has failed. */
  readonly startTimeoutMs?: number;
  /**
   * Heap of each worker, MB (V8's old generation). Past it the worker alone is terminated, its
   * jobs fail and the pool starts afresh; the process lives on. Unset: Node's default.
   */
  readonly heapMb?: number;
}

export interface RunOptions {
  /** Index of the worker that must run the job (it holds the session's data). */
  readonly worker?: number;
  readonly transfer?: readonly Transferable[];
}

export interface JobDone<K extends JobType> {
  readonly result: JobResults[K];
  readonly worker: number;
  /** Bumped on every (re)start: data of a session made before a restart is gone. */
  readonly generation: number;
}

interface Queued {
  readonly job: Job;
  readonly options: RunOptions;
  readonly resolve: (v: JobDone<JobType>) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  busy: { readonly id: number; readonly item: Queued } | null;
}

/** A worker died with jobs on it; `culprit`: the job was on the worker that died (its likely cause). */
export class WorkerCrashError extends Error {
  constructor(
    message: string,
    readonly culprit: boolean,
  ) {
    super(message);
  }
}

/** Why the workers could not start; the caller falls back to working in-process. */
export class WorkerStartError extends Error {}

export class WorkerPool {
  readonly size: number;
  private slots: Slot[] = [];
  private starting: Promise<void> | null = null;
  /** Every worker of the current generation said it is ready. */
  private ready = false;
  private startError: WorkerStartError | null = null;
  private readonly queue: Queued[] = [];
  private readonly spaceWaiters: (() => void)[] = [];
  private nextId = 1;
  private gen = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = Math.max(1, Math.floor(options.size));
  }

  get generation(): number {
    return this.gen;
  }

  /** Starts the workers (once); rejects with a WorkerStartError when they cannot start at all. */
  start(): Promise<void> {
    if (this.startError) return Promise.reject(this.startError);
    if (this.closed) return Promise.reject(new WorkerStartError('потоки сводки остановлены'));
    this.starting ??= this.spawnAll().catch((e: unknown) => {
      this.terminateAll();
      // A script or loader that cannot load now will not load later: remember, do not retry each sync.
      this.startError =
        e instanceof WorkerStartError ? e : new WorkerStartError(e instanceof Error ? e.message : String(e));
      this.failQueued(this.startError);
      throw this.startError;
    });
    return this.starting;
  }

  /** Starts the workers in the background, so the first sync does not wait for them. */
  warm(): void {
    this.start().catch(() => undefined);
  }

  private async spawnAll(): Promise<void> {
    const generation = ++this.gen;
    const home = this.spawn(0, null);
    const slots = [home];
    for (let i = 1; i < this.size; i++) {
      const { port1, port2 } = new MessageChannel();
      home.worker.postMessage({ type: 'peer', port: port1 } satisfies ToWorker, [port1]);
      slots.push(this.spawn(i, port2));
    }
    this.slots = slots;
    const timeout = this.options.startTimeoutMs ?? 180_000;
    await Promise.all(slots.map((s) => this.whenReady(s.worker, timeout)));
    if (generation !== this.gen) throw new WorkerStartError('потоки сводки перезапущены во время запуска');
    for (const s of slots) this.watch(s, generation);
    this.ready = true;
    this.dispatch();
  }

  private spawn(index: number, home: MessagePort | null): Slot {
    const workerData: WorkerInit = { index, home };
    const worker = new Worker(this.options.script, {
      workerData,
      transferList: home ? [home] : [],
      execArgv: [...(this.options.execArgv ?? [])],
      name: `mmo-sync-${index}`,
      ...(this.options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb } } : {}),
    });
    worker.unref();
    return { worker, busy: null };
  }

  private whenReady(worker: Worker, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (m: FromWorker) => {
        if (m.type !== 'ready') return;
        cleanup();
        resolve();
      };
      const onError = (e: Error) => {
        cleanup();
        reject(new WorkerStartError(`поток сводки не запустился: ${e.message}`));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new WorkerStartError(`поток сводки завершился при запуске (код ${code})`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new WorkerStartError(`поток сводки не запустился за ${Math.round(timeoutMs / 1000)} с`));
      }, timeoutMs);
      timer.unref();
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
  }

  private watch(slot: Slot, generation: number): void {
    slot.worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready' || !slot.busy || slot.busy.id !== m.id) return;
      const { item } = slot.busy;
      slot.busy = null;
      if (m.type === 'done')
        item.resolve({
          result: m.result as JobResults[JobType],
          worker: this.slots.indexOf(slot),
          generation,
        });
      else item.reject(new Error(m.message));
      this.dispatch();
    });
    const crashed = (why: string) => {
      if (generation !== this.gen || this.closed) return;
      // The sessions of every worker are incomplete now (parts are forwarded between them): start afresh.
      const text = `поток сводки аварийно завершился (${why})`;
      const busy = this.slots.flatMap((s) => (s.busy ? [{ item: s.busy.item, culprit: s === slot }] : []));
      this.terminateAll();
      for (const { item, culprit } of busy) item.reject(new WorkerCrashError(text, culprit));
      if (this.queue.length) this.start().catch(() => undefined);
    };
    slot.worker.on('error', (e) => crashed(e.message));
    slot.worker.on('exit', (code) => crashed(`код ${code}`));
  }

  private terminateAll(): void {
    const slots = this.slots;
    this.slots = [];
    this.ready = false;
    this.starting = null;
    this.gen++;
    for (const s of slots) void s.worker.terminate();
  }

  private failQueued(error: Error): void {
    for (const item of this.queue.splice(0)) item.reject(error);
    this.releaseSpace();
  }

  private releaseSpace(): void {
    const max = this.options.maxQueue ?? 64;
    while (this.spaceWaiters.length && this.queue.length < max) this.spaceWaiters.shift()!();
  }

  /** Runs a job on a free worker (or the one named); waits while the queue is full. */
  async run<K extends JobType>(
    job: Extract<Job, { type: K }>,
    options: RunOptions = {},
  ): Promise<JobDone<K>> {
    if (options.worker !== undefined && (options.worker < 0 || options.worker >= this.size))
      throw new Error(`нет потока сводки №${options.worker}`);
    if (this.startError) throw this.startError;
    const max = this.options.maxQueue ?? 64;
    while (this.queue.length >= max) await new Promise<void>((r) => this.spaceWaiters.push(r));
    const done = new Promise<JobDone<JobType>>((resolve, reject) =>
      this.queue.push({ job, options, resolve, reject }),
    );
    this.updateRefs();
    if (this.ready) this.dispatch();
    else this.start().catch(() => undefined);
    try {
      return (await done) as JobDone<K>;
    } finally {
      this.updateRefs();
    }
  }

  private dispatch(): void {
    if (!this.ready) return;
    for (const [index, slot] of this.slots.entries()) {
      if (slot.busy) continue;
      const at = this.queue.findIndex((q) => q.options.worker === undefined || q.options.worker === index);
      if (at < 0) continue;
      const [item] = this.queue.splice(at, 1);
      const id = this.nextId++;
      slot.busy = { id, item };
      try {
        slot.worker.postMessage({ type: 'job', id, job: item.job } satisfies ToWorker, [
          ...(item.options.transfer ?? []),
        ]);
      } catch (e) {
        // A job that cannot be cloned (a function slipped in) fails alone.
        slot.busy = null;
        item.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    this.releaseSpace();
    this.updateRefs();
  }

  /** Workers keep the process alive only while there is work for them. */
  private updateRefs(): void {
    const working = this.queue.length > 0 || this.slots.some((s) => s.busy);
    for (const s of this.slots) {
      if (working) s.worker.ref();
      else s.worker.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    this.ready = false;
    this.failQueued(new Error('потоки сводки остановлены'));
    for (const s of slots) s.busy?.item.reject(new Error('потоки сводки остановлены'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
