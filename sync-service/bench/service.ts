/**
 * Target 5: the API while a full sync runs. The service runs in a child process (service-child.ts),
 * at full scale from the store the incremental target left; autocannon, in a process of its own
 * (load-child.ts; the endpoints loaded together share it), keeps 10
 * connections on GET /api/status and GET /api/plan with an rmc token from the moment the sync
 * starts until it ends (and at least `minSeconds`), so every phase of the sync is under load, not
 * only its first seconds. The load has a fixed rate: unbounded, /api/plan (thousands of events per
 * answer) alone keeps the service busy and the sync would measure the load instead of the reverse;
 * with a rate, autocannon also counts the requests a blocked loop delayed (coordinated omission).
 * Before that, two controls: one full sync with no requests, and the load for `minSeconds` with no sync.
 */
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { spawnChild, type ChildLoader } from './child.js';
import type { ChildMessage, LoopBlock, ParentMessage } from './service-child.js';

interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

interface CannonResult {
  readonly latency: Histogram;
  readonly requests: { readonly total: number; readonly average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly duration: number;
}

/** Load generators in a process of their own (load-child.ts), loaded and waiting for go(). */
interface Cannon {
  go(): void;
  stop(): void;
  /** One per load, in their order. */
  readonly results: Promise<CannonResult[]>;
}

interface Load {
  readonly url: string;
  readonly token: string | null;
  readonly connections: number;
  readonly rate: number | null;
}

export interface EndpointLoad {
  readonly path: string;
  readonly requests: number;
  /** Socket errors (timeouts included) plus non-2xx answers. */
  readonly errors: number;
  readonly non2xx: number;
  /** Requests with no answer within autocannon's 10 s timeout (part of `errors`). */
  readonly timeouts: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface ServiceLoadResult {
  readonly connections: { readonly status: number; readonly plan: number };
  readonly rates: { readonly status: number; readonly plan: number };
  /** The same full sync with no requests: the event-loop stalls the sync causes by itself. */
  readonly quiet: {
    readonly ms: number;
    readonly loop: ServiceLoadResult['loop'];
    readonly blocks: readonly LoopBlock[];
    readonly blockedByPhase: Readonly<Record<string, number>>;
  };
  /** The same load for a few seconds with no sync running: what the service does on its own. */
  readonly idle: { readonly seconds: number; readonly status: EndpointLoad; readonly plan: EndpointLoad };
  readonly loadSeconds: number;
  readonly syncMs: number;
  readonly syncStatus: string;
  /** Plan events the API served while the sync ran (from the previous consolidation). */
  readonly events: number;
  readonly status: EndpointLoad;
  readonly plan: EndpointLoad;
  readonly loop: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly blocks: readonly LoopBlock[];
  readonly blockedByPhase: Readonly<Record<string, number>>;
  /** null: the sync ran in the runner's worker threads; else why it ran on the main thread. */
  readonly engineNotice: string | null;
}

/** Anonymous `GET /` flooded while an authenticated client polls /api/status at a fixed rate. */
export interface PageFloodResult {
  readonly seconds: number;
  readonly pageConnections: number;
  readonly page: EndpointLoad;
  readonly status: EndpointLoad;
  readonly statusRate: number;
  /** Pages answered per second. */
  readonly pagesPerSecond: number;
}

export interface FloodOptions {
  readonly seconds: number;
  readonly pageConnections: number;
  readonly statusRate: number;
}

export interface ServiceOptions {
  readonly sourcesDir: string;
  /** A store with an earlier sync; an empty one gets its first sync before the service says «ready». */
  readonly storePath: string;
  readonly outputPath: string;
}

export interface LoadOptions {
  /** Load lasts the whole sync but at least this long; the idle control window lasts this long. */
  readonly minSeconds: number;
  /** …and at most this long. */
  readonly maxSeconds: number;
  /** Connections per endpoint. */
  readonly statusConnections: number;
  readonly planConnections: number;
  /** Requests per second per endpoint, its connections together. */
  readonly statusRate: number;
  readonly planRate: number;
}

export interface RunningBenchService {
  /** Resolves once the service listens and has a consolidation to serve. */
  readonly ready: Promise<void>;
  /** A full sync with the API under load. */
  loadDuringSync(options: LoadOptions): Promise<ServiceLoadResult>;
  /** No sync: the public page as fast as it is answered, /api/status beside it. */
  floodPage(options: FloodOptions): Promise<PageFloodResult>;
  stop(): Promise<void>;
}

function waitFor<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  stderr: () => string,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`сервис не ответил «${type}» за ${Math.round(timeoutMs / 1000)} с`)),
      timeoutMs,
    );
    const onMessage = (m: ChildMessage) => {
      if (m.type === type) done(null, m as Extract<ChildMessage, { type: T }>);
      else if (m.type === 'failed') done(new Error(m.message));
    };
    const onExit = (code: number | null) =>
      done(
        new Error(
          `процесс сервиса завершился (код ${code}): ${stderr().trim().split('\n').slice(-3).join(' ').slice(0, 400)}`,
        ),
      );
    function done(error: Error | null, value?: Extract<ChildMessage, { type: T }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** `token` null: anonymous; `rate` null: as fast as answers come. */
async function cannon(loader: ChildLoader, loads: readonly Load[], maxSeconds: number): Promise<Cannon> {
  const options = loads.map((l) => ({
    url: l.url,
    connections: l.connections,
    ...(l.rate === null ? {} : { overallRate: l.rate }),
    duration: maxSeconds,
    timeout: 10,
    headers: l.token ? { authorization: `Bearer ${l.token}` } : {},
  }));
  const child = await spawnChild('load-child.ts', [JSON.stringify(options)], loader, [
    'ignore',
    'ignore',
    'pipe',
    'ipc',
  ]);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const results = new Promise<CannonResult[]>((resolve, reject) => {
    child.on('message', (m: { type: string; results?: CannonResult[]; message?: string }) => {
      if (m.type === 'done') resolve(m.results!);
      else if (m.type === 'failed') reject(new Error(m.message));
    });
    child.once('exit', (code) => reject(new Error(`нагрузка завершилась (код ${code}): ${stderr}`)));
  });
  results.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`нагрузка не запустилась (код ${code}): ${stderr}`)));
  });
  return { go: () => child.send('go'), stop: () => child.connected && child.send('stop'), results };
}

function endpoint(path: string, r: CannonResult): EndpointLoad {
  // autocannon's `errors` already counts timeouts.
  return {
    path,
    requests: r.requests.total,
    errors: r.errors + r.non2xx,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
  };
}

/** Spawns the service; it loads its modules and (if the store is empty) syncs once while the caller goes on. */
export async function startBenchService(
  options: ServiceOptions,
  loader: ChildLoader,
  readyTimeoutMs: number,
): Promise<RunningBenchService> {
  const token = `bench-${randomBytes(18).toString('base64url')}`;
  const child = await spawnChild(
    'service-child.ts',
    [options.sourcesDir, options.storePath, options.outputPath, token],
    loader,
    ['ignore', 'ignore', 'pipe', 'ipc'],
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const tell = (m: ParentMessage) => child.send(m);
  const readyMessage = waitFor(child, 'ready', readyTimeoutMs, () => stderr);
  readyMessage.catch(() => undefined);

  return {
    ready: readyMessage.then(() => undefined),
    async loadDuringSync(load: LoadOptions): Promise<ServiceLoadResult> {
      const ready = await readyMessage;
      const base = `http://127.0.0.1:${ready.port}`;
      /** /api/status and /api/plan from one load process, loaded and waiting for go(). */
      const both = (seconds: number) =>
        cannon(
          loader,
          [
            { url: `${base}/api/status`, token, connections: load.statusConnections, rate: load.statusRate },
            { url: `${base}/api/plan`, token, connections: load.planConnections, rate: load.planRate },
          ],
          seconds,
        );

      /** Starts a sync; resolves once it has started, with the promise of its end (wrapped: a promise would flatten). */
      const startSync = async () => {
        const done = waitFor(child, 'synced', (load.maxSeconds + 15 * 60) * 1000, () => stderr);
        done.catch(() => undefined);
        tell({ type: 'sync' });
        await waitFor(child, 'sync-started', 60_000, () => stderr);
        return { done };
      };

      // Two controls, so the table can tell what blocks the loop: the sync with no requests at all
      // (the stalls it causes alone), then the load with no sync (what the handlers cost alone).
      const quiet = await (await startSync()).done;
      const control = await both(load.minSeconds);
      control.go();
      const [cs, cp] = (await control.results) as [CannonResult, CannonResult];

      const during = await both(load.maxSeconds);
      const { done } = await startSync();
      const started = performance.now();
      during.go();
      let sync: Extract<ChildMessage, { type: 'synced' }>;
      try {
        sync = await done;
      } finally {
        const left = load.minSeconds * 1000 - (performance.now() - started);
        if (left > 0) await new Promise((r) => setTimeout(r, left));
        during.stop();
      }
      const [s, p] = (await during.results) as [CannonResult, CannonResult];
      return {
        connections: { status: load.statusConnections, plan: load.planConnections },
        rates: { status: load.statusRate, plan: load.planRate },
        idle: {
          seconds: load.minSeconds,
          status: endpoint('/api/status', cs),
          plan: endpoint('/api/plan', cp),
        },
        quiet: { ms: quiet.ms, loop: quiet.loop, blocks: quiet.blocks, blockedByPhase: quiet.blockedByPhase },
        loadSeconds: (performance.now() - started) / 1000,
        syncMs: sync.ms,
        syncStatus: sync.status,
        events: ready.events,
        status: endpoint('/api/status', s),
        plan: endpoint('/api/plan', p),
        loop: sync.loop,
        blocks: sync.blocks,
        blockedByPhase: sync.blockedByPhase,
        engineNotice: sync.engineNotice ?? ready.engineNotice,
      };
    },
    async floodPage(flood: FloodOptions): Promise<PageFloodResult> {
      const ready = await readyMessage;
      const base = `http://127.0.0.1:${ready.port}`;
      // The first page after a sync builds the model; the flood measures the pages after it.
      await fetch(`${base}/`).then((r) => r.arrayBuffer());
      const flooding = await cannon(
        loader,
        [
          { url: `${base}/`, token: null, connections: flood.pageConnections, rate: null },
          { url: `${base}/api/status`, token, connections: 1, rate: flood.statusRate },
        ],
        flood.seconds,
      );
      flooding.go();
      const [p, st] = (await flooding.results) as [CannonResult, CannonResult];
      return {
        seconds: flood.seconds,
        pageConnections: flood.pageConnections,
        page: endpoint('/', p),
        status: endpoint('/api/status', st),
        statusRate: flood.statusRate,
        pagesPerSecond: p.requests.average,
      };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      if (child.connected) tell({ type: 'stop' });
      else child.kill('SIGKILL');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
