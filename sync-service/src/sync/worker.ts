/**
 * The sync's worker thread (thread.ts starts it): runs {@link runSync} for each job with an env of
 * this thread — its own connection to the store, the folder's files read and parsed here (with the
 * crash memory of reads), the listing and other sources asked of the main thread.
 */
import '../quiet-sqlite-warning.js';
import { parentPort } from 'node:worker_threads';
import { runInBackground } from './background-priority.js';
import type { Consolidation, SourceReadResult, SourceRef } from '../model.js';
import type { FromThread, ListedRef, ThreadJob, ToThread } from './thread.js';
import type { SyncState } from './runner.js';
import type { RunConsolidation } from './transfer.js';

const { runSync, crashedReadReason } = await import('./run-sync.js');
const { partCacheFor } = await import('./part-cache.js');
const { packPublished } = await import('./transfer.js');
const { buildReadModel, transferablesOf } = await import('../read-models/build.js');
const { openStore } = await import('../store/index.js');
const { XlsxFolderSource } = await import('../sources/xlsx-folder.js');

if (!parentPort) throw new Error('worker.ts runs as a worker thread');
runInBackground();
const port = parentPort;
const post = (m: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Questions to the main thread, by id. */
const asked = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextAsk = 1;
function ask<T>(
  question: { what: 'list' } | { what: 'read'; ref: SourceRef; known: string | null },
): Promise<T> {
  const id = nextAsk++;
  return new Promise<T>((resolve, reject) => {
    asked.set(id, { resolve: resolve as (v: unknown) => void, reject });
    post({ type: 'ask', id, ...question });
  });
}

/**
 * The consolidation last made here, by store and run: the next run compares with it. One is
 * enough — any other is loaded from the store — and it holds every row of the region.
 */
let kept: { key: string; consolidation: Consolidation } | null = null;
/** The last run's outcome, which read models are built from when the main thread asks. */
let latest: { key: string; state: SyncState; now: () => Date } | null = null;

async function runJob(job: ThreadJob): Promise<void> {
  const { spec, storePath } = job;
  const store = await openStore(storePath, { attach: true });
  try {
    const listed = new Map<string, ListedRef>();
    /** What «Изменения» compared with: its unchanged sheets go back by reference (transfer.ts). */
    let previous: RunConsolidation | null = null;
    const outcome = await runSync(spec, (step) => post({ type: 'progress', step }), {
      now: () => (job.now ? new Date(job.now) : new Date()),
      store,
      parts: partCacheFor(storePath),
      async list() {
        const refs = await ask<ListedRef[]>({ what: 'list' });
        for (const r of refs) listed.set(r.id, r);
        return refs.map(({ folder, ...ref }) => (void folder, ref));
      },
      async read(ref, known) {
        const folder = listed.get(ref.id)?.folder;
        if (!folder) return ask<SourceReadResult>({ what: 'read', ref, known });
        const { dir, ...options } = folder;
        // The crash memory: a revision whose read never ended (this thread died on it) is not read again.
        return new XlsxFolderSource(dir, options).read(ref, known, {
          before: async (r, revision) => {
            if (store.beginRead && !(await store.beginRead(r.id, revision, new Date().toISOString())))
              return crashedReadReason(r.name);
            post({ type: 'parsing', sourceId: r.id, active: true });
            return null;
          },
          after: async (r) => {
            await store.endRead?.(r.id);
            post({ type: 'parsing', sourceId: r.id, active: false });
          },
        });
      },
      consolidationOf: async (runId) => {
        const c =
          kept?.key === `${storePath}#${runId}` ? kept.consolidation : await store.consolidationOf(runId);
        previous = c ? { runId, consolidation: c } : null;
        return c;
      },
    });
    const { run, consolidation, changes } = outcome;
    if (consolidation) kept = { key: `${storePath}#${spec.runId}`, consolidation };
    const packed = consolidation && changes ? packPublished(consolidation, changes, previous) : null;
    latest = consolidation
      ? {
          key: `${storePath}#${spec.runId}`,
          state: {
            run,
            consolidation,
            changes,
            previous: (previous as RunConsolidation | null)?.consolidation ?? null,
          },
          now: () => (job.now ? new Date(job.now) : new Date()),
        }
      : null;
    post({ type: 'done', run, packed }, packed ? [...packed.pieces] : []);
  } finally {
    await store.close();
  }
}

port.on('message', (m: ToThread) => {
  if (m.type === 'answer') {
    const waiting = asked.get(m.id);
    asked.delete(m.id);
    if (m.error !== undefined) waiting?.reject(new Error(m.error));
    else waiting?.resolve(m.value);
    return;
  }
  if (m.type === 'build') {
    const held = latest?.key === `${m.storePath}#${m.runId}` ? latest : null;
    void (held ? buildReadModel(m.kind, m.arg, held.state, held.now()) : Promise.resolve(null))
      // The main thread builds it then, and says what went wrong if it fails there too.
      .catch(() => null)
      .then((value) =>
        post({ type: 'model', id: m.id, value }, value === null ? [] : transferablesOf(m.kind, value)),
      );
    return;
  }
  runJob(m.job).catch((e: unknown) =>
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
  );
});
post({ type: 'ready' });
