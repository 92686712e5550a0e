/**
 * The service as `npm start` assembles it (createApp, SyncRunner, SQLite store, xlsx publisher),
 * in a process of its own so the load generator does not share its event loop. Talks to the bench
 * over IPC: «ready» with its port; on «sync» runs a full sync (every source read again, as after
 * РМЦ replaced every file) and reports how long the event loop was held and in which phase.
 * The sources folder is moved around by this process: give it a copy.
 *
 * argv: <sources dir> <store.sqlite> <output.xlsx> <rmc token>
 */
import { mkdir, readdir, rename } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.js';
import { TokenRegistry } from '../src/middleware/auth/index.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore } from '../src/store/index.js';
import { consoleLogger } from '../src/sync/log.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner, type SyncEvent } from '../src/sync/runner.js';

export type ParentMessage = { readonly type: 'sync' } | { readonly type: 'stop' };

export interface LoopBlock {
  readonly ms: number;
  readonly phase: string;
}

export type ChildMessage =
  | {
      readonly type: 'ready';
      readonly port: number;
      readonly events: number;
      readonly engineNotice: string | null;
    }
  | { readonly type: 'sync-started' }
  | {
      readonly type: 'synced';
      readonly ms: number;
      readonly status: string;
      readonly loop: { readonly p50: number; readonly p99: number; readonly max: number };
      /** The longest stretches the loop could not run timers, with what the sync was doing. */
      readonly blocks: readonly LoopBlock[];
      /** Blocked time (stretches over 20 ms) summed per phase. */
      readonly blockedByPhase: Readonly<Record<string, number>>;
      /** The runner's notice when its worker threads could not start (it then works in-process). */
      readonly engineNotice: string | null;
    }
  | { readonly type: 'failed'; readonly message: string };

const [sourcesDir, storePath, outputPath, token] = process.argv.slice(2);
if (!sourcesDir || !storePath || !outputPath || !token)
  throw new Error('usage: service-child.ts <sources> <store> <output> <token>');

const send = (m: ChildMessage) => process.send?.(m);

// The adapter as the service has it: the runner rebuilds it in its worker threads from workerSpec.
const folder = new XlsxFolderSource(sourcesDir, { exclude: [outputPath] });

let round = 0;
/**
 * Every file moves one folder deeper, so every source gets a new id and the sync reads all of them
 * (a wrapper that forgets revisions would hide the folder from the worker threads).
 */
async function renameEverySource(): Promise<void> {
  const entries = await readdir(sourcesDir);
  const into = join(sourcesDir, `замена-${++round}`);
  await mkdir(into);
  for (const e of entries) await rename(join(sourcesDir, e), join(into, e));
}

const store = openSqliteStore(storePath);
const runner = new SyncRunner({
  source: folder,
  store,
  publish: regionalXlsxPublisher(outputPath),
  outputPath,
});
// The runner says once, in a 'start' event, when its worker threads failed and it works in-process.
let engineNotice: string | null = null;
runner.on('progress', (e) => {
  if (e.type === 'start' && e.notice) engineNotice = e.notice;
});
await runner.init();
if (!runner.latest().consolidation) await runner.sync({ mmo: null, trigger: 'start' });

const tokens = TokenRegistry.parse({ tokens: [{ token, role: 'rmc', name: 'bench' }] });
// The real logger: every API request costs its log line, as in production.
// No per-client limit: the flood comes from one address here, and stands for many clients — the
// page itself must be cheap, not merely refused.
const app = createApp({
  runner,
  tokens,
  logger: consoleLogger,
  outputPath,
  maxBodyBytes: 256 * 1024,
  timeZone: 'Europe/Moscow',
  publicRequestsPerMinute: 0,
});
const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  s.once('error', reject);
});

let phase = 'до синхронизации';
const phaseOf = (e: SyncEvent): string => {
  switch (e.type) {
    case 'start':
      // gather() loads every stored snapshot before it lists the sources.
      return 'снимки из хранилища и список источников';
    case 'listed':
      return 'чтение и проверка источников';
    case 'source':
      return e.index === e.total
        ? 'сводка, «Изменения», запись сводной книги .xlsx'
        : 'чтение и проверка источников';
    case 'written':
      return 'запись снимков и сводки в хранилище';
    case 'finish':
      return 'после синхронизации';
  }
};
runner.on('progress', (e) => (phase = phaseOf(e)));

async function fullSync(): Promise<void> {
  await renameEverySource();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const blocks: LoopBlock[] = [];
  const blockedByPhase: Record<string, number> = {};
  const TICK = 5;
  let last = performance.now();
  // A timer that should fire every 5 ms: a late tick is a stretch no request could be answered.
  const sampler = setInterval(() => {
    const now = performance.now();
    const lag = now - last - TICK;
    last = now;
    if (lag > 20) {
      blocks.push({ ms: Math.round(lag), phase });
      blockedByPhase[phase] = Math.round((blockedByPhase[phase] ?? 0) + lag);
    }
  }, TICK);
  // Until the runner's 'start' event: its run record and the choice of engine.
  phase = 'начало: запись о запуске, выбор потоков';
  histogram.enable();
  send({ type: 'sync-started' });
  const t = performance.now();
  const result = await runner.sync({ mmo: null, trigger: 'api' });
  const ms = performance.now() - t;
  histogram.disable();
  clearInterval(sampler);
  blocks.sort((a, b) => b.ms - a.ms);
  const nsToMs = (ns: number) => Math.round(ns / 1e4) / 100;
  send({
    type: 'synced',
    ms,
    status: result.run.status,
    loop: {
      p50: nsToMs(histogram.percentile(50)),
      p99: nsToMs(histogram.percentile(99)),
      max: nsToMs(histogram.max),
    },
    blocks: blocks.slice(0, 8),
    blockedByPhase,
    engineNotice,
  });
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'sync') {
    fullSync().catch((e: unknown) =>
      send({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
  } else if (m.type === 'stop') {
    server.close();
    if ('closeAllConnections' in server) server.closeAllConnections();
    void runner
      .idle()
      .then(() => store.close())
      .finally(() => process.exit(0));
  }
});

const events =
  runner
    .latest()
    .consolidation?.sheets.reduce((n, s) => n + (s.templateId === 'mmo-plan' ? s.records.length : 0), 0) ?? 0;
send({ type: 'ready', port: (server.address() as AddressInfo).port, events, engineNotice });
