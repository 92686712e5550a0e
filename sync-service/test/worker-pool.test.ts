import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../src/store/index.js';
import { workerExecArgv } from '../src/sync/engine.js';
import type { Job } from '../src/sync/jobs.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner, type SyncEvent } from '../src/sync/runner.js';
import { WorkerPool, WorkerStartError } from '../src/sync/worker-pool.js';
import { seededRegion, type RegionDir } from './service-fixtures.js';

const SCRIPT = new URL('./fixtures/pool-worker.ts', import.meta.url);

/** The stand-in worker answers { worker, value, overlap } to a command in the job. */
type Echo = { worker: number; value: string; overlap: boolean };
const command = (c: string): Job => ({ type: 'end', sessionId: c });

const pools: WorkerPool[] = [];
function pool(options: { size?: number; maxQueue?: number; script?: URL } = {}): WorkerPool {
  const script = options.script ?? SCRIPT;
  const p = new WorkerPool({
    script,
    size: options.size ?? 1,
    maxQueue: options.maxQueue,
    execArgv: workerExecArgv(script),
  });
  pools.push(p);
  return p;
}

let region: RegionDir | null = null;
let store: SyncStore | null = null;
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await store?.close();
  store = null;
  region?.cleanup();
  region = null;
});

async function run(p: WorkerPool, c: string, worker?: number): Promise<Echo> {
  return (await p.run(command(c), worker === undefined ? {} : { worker })).result as unknown as Echo;
}

describe('WorkerPool', () => {
  test('one job at a time per worker, in order; a full queue makes the caller wait', async () => {
    const p = pool({ maxQueue: 2 });
    const order: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((x) =>
      run(p, `sleep:20:${x}`).then((r) => (order.push(r.value), r)),
    );
    const results = await Promise.all(jobs);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(results.every((r) => !r.overlap && r.worker === 0)).toBe(true);
  });

  test('a job for a named worker runs there; a failed job fails alone', async () => {
    const p = pool({ size: 2 });
    const [one, zero] = await Promise.all([run(p, 'echo:x', 1), run(p, 'echo:y', 0)]);
    expect([one.worker, zero.worker]).toEqual([1, 0]);
    await expect(run(p, 'fail')).rejects.toThrow('не вышло');
    expect((await run(p, 'echo:z', 1)).worker).toBe(1);
  });

  test('a crash fails the job in Russian and the next job gets fresh workers', async () => {
    const p = pool();
    await run(p, 'echo:warm');
    const before = p.generation;
    await expect(run(p, 'crash')).rejects.toThrow(/поток сводки аварийно завершился/);
    expect((await run(p, 'echo:again')).value).toBe('again');
    expect(p.generation).toBeGreaterThan(before);
  });

  test('a script that cannot load is a start error, remembered', async () => {
    const p = pool({ script: new URL('./fixtures/no-such-worker.js', import.meta.url) });
    await expect(p.start()).rejects.toBeInstanceOf(WorkerStartError);
    await expect(run(p, 'echo:x')).rejects.toBeInstanceOf(WorkerStartError);
  });
});

describe('SyncRunner without its workers', () => {
  test('workers that cannot start: the sync runs in-process and says so', async () => {
    region = await seededRegion({ applications: false });
    store = openSqliteStore(join(region.dir, 'store.sqlite'));
    const broken = pool({ script: new URL('./fixtures/no-such-worker.js', import.meta.url) });
    const outputPath = join(region.dir, 'regional.xlsx');
    const runner = new SyncRunner({
      source: new XlsxFolderSource(region.sourcesDir),
      store,
      publish: regionalXlsxPublisher(outputPath),
      workers: { pool: broken },
    });
    const events: SyncEvent[] = [];
    runner.on('progress', (e) => events.push(e));
    const r = await runner.sync({ mmo: null, trigger: 'start' });
    expect(r.run.status).toBe('done');
    expect(r.run.counts!.rows).toBeGreaterThan(0);
    const start = events.find((e) => e.type === 'start');
    expect(start?.type === 'start' && start.notice).toMatch(/^сводка идёт в основном потоке \(поток сводки/);
    // Said once: the next run does not try again.
    await runner.sync({ mmo: null, trigger: 'timer' });
    expect(events.filter((e) => e.type === 'start' && e.notice).length).toBe(1);
  });

  test('a store in memory: in-process, without a notice', async () => {
    region = await seededRegion({ applications: false });
    store = openSqliteStore(':memory:');
    expect(store.sharedPath).toBeNull();
    const runner = new SyncRunner({
      source: new XlsxFolderSource(region.sourcesDir),
      store,
      publish: async () => {},
    });
    const events: SyncEvent[] = [];
    runner.on('progress', (e) => events.push(e));
    expect((await runner.sync({ mmo: null, trigger: 'start' })).run.status).toBe('done');
    expect(events.some((e) => e.type === 'start' && e.notice)).toBe(false);
  });
});
