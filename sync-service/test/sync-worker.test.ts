/**
 * The sync in its worker thread gives what the in-process sync gives: parts that cross threads as
 * data, «Изменения» against a previous consolidation the thread holds or loads from the store
 * after a restart.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consolidateSource, finishConsolidation } from '../src/engine/consolidate.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../src/store/index.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner, type SyncEvent, type SyncResult, type SyncRunnerOptions } from '../src/sync/runner.js';
import { SyncThread } from '../src/sync/thread.js';
import { packPublished, unpackPublished } from '../src/sync/transfer.js';
import { diffConsolidations, type ChangeDigest } from '../src/engine/changes.js';

/** What the main thread keeps of changes made in the thread: each change without its cells. */
function withoutCells(changes: ChangeDigest): ChangeDigest {
  return {
    ...changes,
    changes: changes.changes.map((c) => {
      const note: Record<string, unknown> = { ...c };
      delete note.cells;
      return note as unknown as ChangeDigest['changes'][number];
    }),
  };
}
import { handbookPlanXlsx } from './fixtures/handbook.js';
import { okEntry, planWorkbook, workbookOf } from './fixtures/workbooks.js';
import { editCell, seededRegion, type RegionDir } from './service-fixtures.js';

const NOW = new Date('2022-11-15T09:00:00Z');
/** A pasted plan names no year: its sheet is finished with the run's year, after the other sources. */
const PASTE = 'ММО-3 вставка из справочника.xlsx';

describe('parts as data', () => {
  test('a sheet waiting for the run’s year survives structured clone and is finished the same', async () => {
    // A paste whose periods name no year either («Октябрь», «В течение года»).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист1');
    ws.addRow(['№3. «Стратегия успеха».']);
    ws.addRow([
      '№',
      'Название мероприятия',
      'Участники',
      'Сроки проведения',
      'Ответственный. Место проведения (район, ОО)',
    ]);
    ws.addRow(['1', 'Семинар', 'Методисты', 'Октябрь', 'Хасавюрт']);
    ws.addRow(['2', 'Консультации', 'Педагоги', 'В течение года', 'Кизилюрт']);
    const plain = Buffer.from(await wb.xlsx.writeBuffer());
    const entries = [
      okEntry(await workbookOf('b.xlsx', plain)),
      okEntry(await planWorkbook(4)),
      okEntry(await planWorkbook(6)),
    ];
    const parts = entries.map((e) => consolidateSource(e));
    expect(parts[0].sheets[0].pendingYear).toBeDefined();
    const cloned = structuredClone(parts);
    expect(finishConsolidation(cloned, { now: NOW })).toStrictEqual(finishConsolidation(parts, { now: NOW }));
    expect(finishConsolidation(cloned, { now: NOW }).sheets[0].academicYear).toBe(2022);
  });
});

describe('a consolidation crossing threads', () => {
  test('sheets of unchanged sources go as references to the previous consolidation, and arrive the same', async () => {
    const parts = [
      consolidateSource(okEntry(await planWorkbook(4))),
      consolidateSource(okEntry(await planWorkbook(6))),
    ];
    const before = finishConsolidation(parts, { now: NOW });
    // ММО 6 sends a new plan; ММО 4's part is the same object, as the part cache gives it.
    const edited = [
      parts[0],
      consolidateSource(
        okEntry(
          await planWorkbook(6, 'ММО-6.xlsx', {
            rows: [
              {
                no: '1',
                title: 'Новое мероприятие',
                participants: 'Педагоги',
                period: 'Ноябрь, 2022',
                place: 'Махачкала',
              },
            ],
          }),
        ),
      ),
    ];
    const after = finishConsolidation(edited, { now: NOW });
    const changes = diffConsolidations(before, after);
    const base = { runId: 7, consolidation: before };

    const whole = packPublished(after, changes);
    const referring = packPublished(after, changes, base);
    expect(referring.base).toBe(7);
    const bytes = (p: typeof whole) => p.pieces.reduce((n, b) => n + b.byteLength, 0);
    expect(bytes(referring)).toBeLessThan(bytes(whole));

    // The receiving thread has its own copy of the previous consolidation, equal but not the same objects.
    const copy = { runId: 7, consolidation: structuredClone(before) };
    // The changes arrive without the records' cells (they were for the «Изменения» sheet, written already).
    expect(changes.changes.some((c) => Object.keys(c.cells).length > 0)).toBe(true);
    const arrived = { consolidation: after, changes: withoutCells(changes) };
    expect(await unpackPublished(referring, copy)).toStrictEqual(arrived);
    expect(await unpackPublished(whole)).toStrictEqual(arrived);
    await expect(unpackPublished(referring, { runId: 8, consolidation: copy.consolidation })).rejects.toThrow(
      /ссылается на сводку/,
    );
  });
});

describe('SyncRunner with its worker thread', () => {
  let region: RegionDir;
  const stores: SyncStore[] = [];
  const threads: SyncThread[] = [];

  beforeAll(async () => {
    region = await seededRegion();
    await writeFile(join(region.sourcesDir, PASTE), (await handbookPlanXlsx({ district: 3 })).bytes);
  });

  afterAll(async () => {
    await Promise.all(threads.map((t) => t.close()));
    for (const s of stores) await s.close();
    region?.cleanup();
  });

  function runner(
    name: string,
    workers: SyncRunnerOptions['workers'],
  ): { runner: SyncRunner; events: SyncEvent[] } {
    const store = openSqliteStore(join(region.dir, `${name}.sqlite`));
    stores.push(store);
    const outputPath = join(region.dir, `${name}.xlsx`);
    const r = new SyncRunner({
      source: new XlsxFolderSource(region.sourcesDir, { exclude: [outputPath] }),
      store,
      publish: regionalXlsxPublisher(outputPath),
      now: () => NOW,
      workers,
    });
    const events: SyncEvent[] = [];
    r.on('progress', (e) => events.push(e));
    return { runner: r, events };
  }

  /**
   * `fromStore`: parts decoded from the store (JSON) have no keys whose value was undefined, as
   * everything built from them shows — the same to any reader, though not strictly equal.
   */
  function same(a: SyncResult, b: SyncResult, fromStore = false): void {
    expect(a.changes?.changes.every((c) => !('cells' in c))).toBe(true);
    expect(a.run.status).toBe('done');
    expect(a.run.counts).toEqual(b.run.counts);
    expect(a.run.sources).toEqual(b.run.sources);
    expect(a.run.problems).toEqual(b.run.problems);
    if (fromStore) {
      expect(a.consolidation).toEqual(b.consolidation);
      expect(a.changes).toEqual(b.changes && withoutCells(b.changes));
    } else {
      expect(a.consolidation).toStrictEqual(b.consolidation);
      expect(a.changes).toStrictEqual(b.changes && withoutCells(b.changes));
    }
  }

  test('the thread, and after a restart a fresh one: the same runs as in-process', async () => {
    const thread = new SyncThread();
    threads.push(thread);
    const inThread = runner('thread', { thread });
    const inProcess = runner('in-process', false);
    await Promise.all([inThread.runner.init(), inProcess.runner.init()]);

    const first = await inThread.runner.sync({ mmo: null, trigger: 'start' });
    same(first, await inProcess.runner.sync({ mmo: null, trigger: 'start' }));
    expect(first.run.sources.find((s) => s.sourceId === PASTE)?.rows).toBeGreaterThan(0);
    expect(inThread.events.some((e) => e.type === 'start' && e.notice)).toBe(false);

    // ММО 3 edits its заявка: one source read again, the rest from snapshots, one change.
    await editCell(
      join(region.sourcesDir, 'ММО-3 Заявка.xlsx'),
      (t) => t === 'Школа современного учителя',
      'Цифровая образовательная среда',
    );
    const second = await inThread.runner.sync({ mmo: null, trigger: 'timer' });
    same(second, await inProcess.runner.sync({ mmo: null, trigger: 'timer' }));
    expect(second.run.sources.filter((s) => s.read === 'ok').map((s) => s.sourceId)).toEqual([
      'ММО-3 Заявка.xlsx',
    ]);
    expect(second.changes!.changes.length).toBeGreaterThan(0);

    // A restart: a new runner and a thread that never saw the previous consolidation load it from the store.
    const fresh = new SyncThread();
    threads.push(fresh);
    const restartedStore = stores[0];
    const outputPath = join(region.dir, 'restarted.xlsx');
    const restarted = new SyncRunner({
      source: new XlsxFolderSource(region.sourcesDir, { exclude: [outputPath] }),
      store: restartedStore,
      publish: regionalXlsxPublisher(outputPath),
      now: () => NOW,
      workers: { thread: fresh },
    });
    await restarted.init();
    await editCell(
      join(region.sourcesDir, 'ММО-3 Заявка.xlsx'),
      (t) => t === 'Цифровая образовательная среда',
      'Школа современного учителя',
    );
    const third = await restarted.sync({ mmo: null, trigger: 'start' });
    // The fresh thread takes the unchanged sources' parts from the store instead of checking them again.
    same(third, await inProcess.runner.sync({ mmo: null, trigger: 'start' }), true);
    expect(third.changes!.since).toBe(second.consolidation!.generatedAt);
    expect(third.changes!.changes.length).toBeGreaterThan(0);
  }, 120_000);
});
