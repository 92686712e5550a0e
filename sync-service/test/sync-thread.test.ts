/**
 * The sync's worker thread as the runner uses it: one that cannot start leaves the sync to the main
 * thread, said once; a store in memory syncs in-process without a notice.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../src/store/index.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner, type SyncEvent } from '../src/sync/runner.js';
import { SyncThread, ThreadStartError } from '../src/sync/thread.js';
import { seededRegion, type RegionDir } from './service-fixtures.js';

let region: RegionDir | null = null;
let store: SyncStore | null = null;
const threads: SyncThread[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
  await store?.close();
  store = null;
  region?.cleanup();
  region = null;
});

describe('SyncRunner without its thread', () => {
  test('a thread that cannot start: the sync runs in-process and says so, once', async () => {
    region = await seededRegion({ applications: false });
    store = openSqliteStore(join(region.dir, 'store.sqlite'));
    const broken = new SyncThread({ script: new URL('./fixtures/no-such-worker.js', import.meta.url) });
    threads.push(broken);
    await expect(broken.start()).rejects.toBeInstanceOf(ThreadStartError);
    const outputPath = join(region.dir, 'regional.xlsx');
    const runner = new SyncRunner({
      source: new XlsxFolderSource(region.sourcesDir),
      store,
      publish: regionalXlsxPublisher(outputPath),
      workers: { thread: broken },
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
    const runner = new SyncRunner({ source: new XlsxFolderSource(region.sourcesDir), store });
    const events: SyncEvent[] = [];
    runner.on('progress', (e) => events.push(e));
    expect((await runner.sync({ mmo: null, trigger: 'start' })).run.status).toBe('done');
    expect(events.some((e) => e.type === 'start' && e.notice)).toBe(false);
  });
});
