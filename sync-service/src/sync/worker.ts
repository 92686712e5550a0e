/**
 * A sync worker thread: runs the jobs of worker-pool.ts against RunSessions, one job at a time.
 * The first worker (index 0) publishes; helpers forward their parts and fresh workbooks to it.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { SourcePart } from '../engine/consolidate.js';
import type { SourceWorkbook } from '../model.js';
import type { Forwarded, FromWorker, Job, JobResults, ToWorker, WorkerInit } from './jobs.js';
import type { Forward, RunSession, SessionConfig } from './session.js';

// node:sqlite prints an English «experimental» warning on load, as in main.ts; hence the imports below come after.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  if (type === 'ExperimentalWarning' && /SQLite/i.test(text)) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const { RunSession: Session } = await import('./session.js');
const { packPublished } = await import('./transfer.js');
const { openStore } = await import('../store/index.js');
type Store = Awaited<ReturnType<typeof openStore>>;

if (!parentPort) throw new Error('worker.ts runs as a worker thread');
const port = parentPort;
const init = workerData as WorkerInit;
const home: MessagePort | null = init.home;
const isHome = init.index === 0;
/** Helpers forwarding to this (first) worker. */
let peers = 0;

/** Sessions by id, with their own connection to the store (opened on first use, closed at the end). */
const sessions = new Map<string, { session: RunSession; store: Promise<Store> | null }>();

function sessionFor(config: SessionConfig): RunSession {
  let entry = sessions.get(config.id);
  if (!entry) {
    const e: { session: RunSession; store: Promise<Store> | null } = {
      session: null as unknown as RunSession,
      store: null,
    };
    // A SQLite file or a PostgreSQL URL; connecting to PostgreSQL is async, hence the promise.
    const store = () => {
      if (!config.storePath) throw new Error('хранилище недоступно потоку сводки');
      const opened = (e.store ??= openStore(config.storePath, { attach: true }));
      return {
        snapshot: async (sourceId: string) => (await opened).snapshot(sourceId),
        consolidationOf: async (runId: number) => (await opened).consolidationOf(runId),
        finishRun: async (input: Parameters<Store['finishRun']>[0]) => (await opened).finishRun(input),
        // The crash memory of reads (a store without it reads every changed file).
        beginRead: async (sourceId: string, revision: string, at: string) =>
          (await opened).beginRead?.(sourceId, revision, at) ?? true,
        endRead: async (sourceId: string) => (await opened).endRead?.(sourceId),
      };
    };
    const forward: Forward | null = home
      ? {
          part: (index: number, part: SourcePart) =>
            home.postMessage({ type: 'part', session: config, index, part } satisfies Forwarded),
          fresh: (workbook: SourceWorkbook) =>
            home.postMessage({ type: 'fresh', session: config, workbook } satisfies Forwarded),
        }
      : null;
    // The first worker waits for what helpers forward; with no helpers nothing is ever forwarded.
    e.session = new Session(config, store, forward, isHome && peers > 0);
    entry = e;
    sessions.set(config.id, entry);
  }
  return entry.session;
}

function endSession(id: string): void {
  const entry = sessions.get(id);
  sessions.delete(id);
  void entry?.store?.then(
    (s) => s.close(),
    () => undefined,
  );
}

function acceptPeer(peer: MessagePort): void {
  peers++;
  peer.on('message', (m: Forwarded) => {
    const session = sessionFor(m.session);
    if (m.type === 'part') session.acceptPart(m.index, m.part);
    else session.acceptFresh(m.workbook);
  });
  // Forwarded messages must not keep an idle worker (and so the process) alive.
  peer.unref();
}

async function handle(job: Job): Promise<{ result: JobResults[Job['type']]; transfer: ArrayBuffer[] }> {
  switch (job.type) {
    case 'read':
      return {
        result: await sessionFor(job.session).read(job.spec, job.ref, job.knownRevision),
        transfer: [],
      };
    case 'consolidate':
      return {
        result: await sessionFor(job.session).consolidate(job.index, job.workbook, job.status),
        transfer: [],
      };
    case 'publish': {
      const { previousRunId, ...input } = job.input;
      const published = await sessionFor(job.session).publish({
        ...input,
        previous: previousRunId === null ? null : { runId: previousRunId },
      });
      const packed = packPublished(published.consolidation, published.changes);
      return {
        result: { packed, summary: published.summary, report: published.report },
        transfer: [...packed.pieces],
      };
    }
    case 'commit':
      await sessionFor(job.session).commit(job.input);
      return { result: null, transfer: [] };
    case 'end':
      endSession(job.sessionId);
      return { result: null, transfer: [] };
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'peer') return acceptPeer(m.port);
  handle(m.job).then(
    ({ result, transfer }) =>
      port.postMessage({ type: 'done', id: m.id, result } satisfies FromWorker, transfer),
    (e: unknown) =>
      port.postMessage({
        type: 'failed',
        id: m.id,
        message: e instanceof Error ? e.message : String(e),
      } satisfies FromWorker),
  );
});
port.postMessage({ type: 'ready' } satisfies FromWorker);
