import { writeFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { SourceAdapter, SourceRef } from '../src/model.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../src/store/index.js';
import { memoryLogger } from '../src/sync/log.js';
import { attachProgressLog } from '../src/sync/progress-log.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner, type SyncEvent } from '../src/sync/runner.js';
import { applicationFile, seededRegion, workbookText, type RegionDir } from './service-fixtures.js';

const GORNY = 'ММО-4 Горный.xlsx';

/** The real folder adapter, counting what is asked of it; optionally slowed down or broken. */
class ObservedSource implements SourceAdapter {
  reads: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  delayMs = 0;
  failList: Error | null = null;
  constructor(private readonly inner: SourceAdapter) {}
  list(): Promise<SourceRef[]> {
    if (this.failList) return Promise.reject(this.failList);
    return this.inner.list();
  }
  async read(ref: SourceRef, known: string | null) {
    this.reads.push(ref.id);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      return await this.inner.read(ref, known);
    } finally {
      this.inFlight--;
    }
  }
}

let region: RegionDir | null = null;
let store: SyncStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  region?.cleanup();
  region = null;
});

async function setup(options: { applications?: boolean } = {}) {
  region = await seededRegion(options);
  store = openSqliteStore(join(region.dir, 'store.sqlite'));
  const source = new ObservedSource(new XlsxFolderSource(region.sourcesDir));
  const outputPath = join(region.dir, 'output', 'regional.xlsx');
  const runner = new SyncRunner({ source, store, publish: regionalXlsxPublisher(outputPath), outputPath });
  await runner.init();
  return { source, runner, outputPath, store, sourcesDir: region.sourcesDir };
}

describe('SyncRunner', () => {
  test('a source that fails today is consolidated from its last good snapshot and marked stale', async () => {
    const { runner, sourcesDir } = await setup();
    const first = await runner.sync({ mmo: null, trigger: 'start' });
    expect(first.run.status).toBe('done');
    const gornyBefore = first.run.sources.find((s) => s.sourceId === GORNY)!;
    expect(gornyBefore).toMatchObject({ read: 'ok', status: 'ok', stale: false, fromSnapshot: false });
    expect(gornyBefore.rows).toBeGreaterThan(0);

    // Someone saves a broken file over ММО 4's plan.
    await writeFile(join(sourcesDir, GORNY), 'это не xlsx');
    const second = await runner.sync({ mmo: null, trigger: 'timer' });
    expect(second.run.status).toBe('done');
    const gorny = second.run.sources.find((s) => s.sourceId === GORNY)!;
    expect(gorny).toMatchObject({
      read: 'failed',
      status: 'failed',
      stale: true,
      fromSnapshot: true,
      rows: gornyBefore.rows,
    });
    expect(gorny.reason).toBeTruthy();
    expect(gorny.lastSuccessAt).toBe(gornyBefore.lastSuccessAt);

    // The others are unchanged, fresh, and consolidated as before.
    for (const s of second.run.sources.filter((x) => x.sourceId !== GORNY)) {
      expect(s).toMatchObject({ read: 'unchanged', status: 'ok', stale: false });
    }
    expect(second.run.counts).toMatchObject({
      sourcesFailed: 1,
      sourcesStale: 1,
      rows: first.run.counts!.rows,
    });
    const sheet4 = second.consolidation!.sheets.filter((s) => s.mmo === 4);
    expect(sheet4.length).toBeGreaterThan(0);
    expect(
      second.consolidation!.issues.some(
        (i) => i.mmo === 4 && i.severity === 'error' && /последней успешной синхронизации/.test(i.message),
      ),
    ).toBe(true);

    // A new runner over the same store (a restart) sees the same stale picture.
    const again = new SyncRunner({
      source: new XlsxFolderSource(sourcesDir),
      store: store!,
      publish: async () => {},
    });
    await again.init();
    expect(again.latest().run?.sources.find((s) => s.sourceId === GORNY)?.stale).toBe(true);
  });

  test('a source that never read well has no data and is not called stale', async () => {
    const { runner, sourcesDir } = await setup({ applications: false });
    await writeFile(join(sourcesDir, 'ММО-6 сломанный.xlsx'), 'мусор');
    const r = await runner.sync({ mmo: null, trigger: 'start' });
    const broken = r.run.sources.find((s) => s.sourceId === 'ММО-6 сломанный.xlsx')!;
    expect(broken).toMatchObject({ status: 'failed', stale: false, fromSnapshot: false, rows: 0 });
  });

  test('a sync for one ММО reads only its sources and rewrites the whole workbook from the others’ snapshots', async () => {
    const { runner, source, outputPath } = await setup();
    await runner.sync({ mmo: null, trigger: 'start' });
    const full = await workbookText(await readFile(outputPath));
    source.reads = [];
    await rm(outputPath);

    const r = await runner.sync({ mmo: 3, trigger: 'api' });
    expect(source.reads.sort()).toEqual(['ММО-3 Заявка.xlsx', 'ММО-3 Стратегия успеха.xlsx']);
    expect(r.run.mmo).toBe(3);
    expect(r.run.sources.filter((s) => s.read === 'skipped').length).toBe(r.run.sources.length - 2);
    const others = r.run.sources.filter((s) => s.mmo !== 3);
    expect(others.every((s) => s.status === 'ok' && !s.stale && s.fromSnapshot)).toBe(true);
    // Same content as after the full sync: every ММО's rows are there.
    const partial = await workbookText(await readFile(outputPath));
    for (const name of ['Сводный план', 'Заявки']) expect(partial).toContain(`#${name}`);
    for (const line of ['Вебинар', 'Андийский', 'Партнерство'])
      expect(partial.includes(line)).toBe(full.includes(line));
    expect(r.consolidation!.sheets.filter((s) => s.templateId === 'mmo-plan').length).toBe(8);
  });

  test('reads at most four sources at a time and yields to the event loop between them', async () => {
    const { runner, source } = await setup();
    source.delayMs = 20;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await runner.sync({ mmo: null, trigger: 'start' });
    clearInterval(timer);
    expect(source.reads.length).toBe(12);
    expect(source.maxInFlight).toBe(4);
    expect(ticks).toBeGreaterThan(3);
  });

  test('single flight: triggers during a run join it; another ММО waits for the next run', async () => {
    const { runner, source } = await setup();
    source.delayMs = 30;
    const a = runner.sync({ mmo: null, trigger: 'api' });
    const b = runner.sync({ mmo: null, trigger: 'dashboard' });
    const c = runner.sync({ mmo: 3, trigger: 'addon' });
    expect(runner.running()?.mmo).toBeNull();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(rb.run.runId).toBe(ra.run.runId);
    expect(rc.run.runId).toBe(ra.run.runId);
    expect(source.reads.length).toBe(12);

    source.reads = [];
    const d = runner.sync({ mmo: 3, trigger: 'addon' });
    const e = runner.sync({ mmo: 4, trigger: 'addon' });
    const f = runner.sync({ mmo: 5, trigger: 'addon' });
    const [rd, re, rf] = await Promise.all([d, e, f]);
    expect(rd.run.mmo).toBe(3);
    // ММО 4 and 5 waited and were merged into one run of the whole region.
    expect(re.run.runId).toBe(rf.run.runId);
    expect(re.run.runId).toBe(rd.run.runId + 1);
    expect(re.run.mmo).toBeNull();
    expect(runner.running()).toBeNull();
  });

  test('when the list of sources is unreachable, every source comes from its snapshot as stale', async () => {
    const { runner, source } = await setup();
    await runner.sync({ mmo: null, trigger: 'start' });
    source.failList = new Error('Диск недоступен');
    const r = await runner.sync({ mmo: null, trigger: 'timer' });
    expect(r.run.status).toBe('done');
    expect(r.run.sources.length).toBe(12);
    expect(r.run.sources.every((s) => s.status === 'failed' && s.stale && s.fromSnapshot)).toBe(true);
    expect(r.run.counts!.rows).toBeGreaterThan(0);
  });

  test('a workbook that cannot be written fails the run in Russian but keeps what was read', async () => {
    region = await seededRegion({ applications: false });
    store = openSqliteStore(join(region.dir, 'store.sqlite'));
    const runner = new SyncRunner({
      source: new XlsxFolderSource(region.sourcesDir),
      store,
      publish: async () => {
        throw new Error('диск переполнен');
      },
    });
    const r = await runner.sync({ mmo: null, trigger: 'start' });
    expect(r.run.status).toBe('failed');
    expect(r.run.error).toMatch(/^Синхронизация прервана: диск переполнен/);
    expect((await store.snapshots()).length).toBe(9);
    expect(await store.latestConsolidations()).toEqual([]);
    expect((await store.lastFinishedRun())?.status).toBe('failed');
  });

  test('progress events tell the terminal about every source, with counts only', async () => {
    const { runner } = await setup();
    const events: SyncEvent[] = [];
    runner.on('progress', (e) => events.push(e));
    const log = memoryLogger();
    attachProgressLog(runner, log);
    await runner.sync({ mmo: null, trigger: 'start' });
    expect(events[0].type).toBe('start');
    expect(events.filter((e) => e.type === 'source').length).toBe(12);
    expect(events.at(-1)?.type).toBe('finish');
    expect(log.lines.some((l) => l.includes(`«${applicationFile(3)}»: прочитан — 2 строки`))).toBe(true);
    expect(log.lines.at(-1)).toMatch(/^Синхронизация №1 завершена за .* 12 источников/);
  });
});
