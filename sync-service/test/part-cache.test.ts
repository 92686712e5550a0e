import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../src/store/index.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner } from '../src/sync/runner.js';
import { editCell, seededRegion, type RegionDir } from './service-fixtures.js';

const STRATEGY = 'ММО-3 Стратегия успеха.xlsx';
const ROUND_TABLE = (t: string) => t.startsWith('Круглый стол по вопросам планирования');

let region: RegionDir | null = null;
let store: SyncStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  region?.cleanup();
  region = null;
});

/** A real SQLite store that counts the snapshots asked of it: each one is a source validated again. */
function countingStore(inner: SyncStore): SyncStore & { snapshotReads: string[] } {
  const snapshotReads: string[] = [];
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'snapshotReads') return snapshotReads;
      if (key === 'snapshot') {
        return (id: string) => {
          snapshotReads.push(id);
          return target.snapshot(id);
        };
      }
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  }) as SyncStore & { snapshotReads: string[] };
}

async function setup(academicYear: number | null = null) {
  region = await seededRegion();
  store = openSqliteStore(join(region.dir, 'store.sqlite'));
  const counted = countingStore(store);
  const outputPath = join(region.dir, 'output', 'regional.xlsx');
  const make = (year: number | null) =>
    new SyncRunner({
      source: new XlsxFolderSource(region!.sourcesDir),
      store: counted,
      publish: regionalXlsxPublisher(outputPath),
      outputPath,
      workers: false,
      academicYear: year,
    });
  const runner = make(academicYear);
  await runner.init();
  return { runner, counted, make, sourcesDir: region.sourcesDir };
}

describe('parts by revision', () => {
  test('an unchanged source is taken as it was checked: no snapshot decoded, same records and problems', async () => {
    const { runner, counted } = await setup();
    const first = await runner.sync({ mmo: null, trigger: 'start' });
    expect(first.run.status).toBe('done');
    counted.snapshotReads.length = 0;

    const second = await runner.sync({ mmo: null, trigger: 'timer' });
    expect(second.run.status).toBe('done');
    expect(second.run.sources.every((s) => s.read === 'unchanged')).toBe(true);
    expect(counted.snapshotReads).toEqual([]);
    expect(second.consolidation!.sheets).toEqual(first.consolidation!.sheets);
    expect(second.consolidation!.issues).toEqual(first.consolidation!.issues);
    expect(second.run.counts).toEqual(first.run.counts);
    expect(second.changes!.changes).toEqual([]);
  });

  test('after an edit of one file only that file is read again, and «Изменения» show its change', async () => {
    const { runner, counted, sourcesDir } = await setup();
    await runner.sync({ mmo: null, trigger: 'start' });
    await editCell(join(sourcesDir, STRATEGY), ROUND_TABLE, 'Круглый стол: новая тема после правки');
    counted.snapshotReads.length = 0;

    const second = await runner.sync({ mmo: null, trigger: 'timer' });
    expect(second.run.sources.filter((s) => s.read === 'ok').map((s) => s.sourceId)).toEqual([STRATEGY]);
    expect(counted.snapshotReads).toEqual([]);
    const changed = second.changes!.changes.filter((c) => c.mmo === 3);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.some((c) => c.title.includes('Круглый стол: новая тема после правки'))).toBe(true);
    expect(second.changes!.changes.every((c) => c.mmo === 3)).toBe(true);
  });

  test('after a restart the parts come from the store, not from checking the snapshots again', async () => {
    const { runner, sourcesDir } = await setup();
    // A paste naming no year at all: its sheet is finished with the year the run settles on.
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
    await writeFile(join(sourcesDir, 'ММО-3 вставка.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const first = await runner.sync({ mmo: null, trigger: 'start' });
    await store!.close();

    // A new process: another store object, nothing kept in memory.
    store = openSqliteStore(join(region!.dir, 'store.sqlite'));
    const counted = countingStore(store);
    const outputPath = join(region!.dir, 'output', 'regional.xlsx');
    const again = new SyncRunner({
      source: new XlsxFolderSource(region!.sourcesDir),
      store: counted,
      publish: regionalXlsxPublisher(outputPath),
      outputPath,
      workers: false,
    });
    await again.init();
    expect(first.consolidation!.sheets.some((sh) => sh.sourceId === 'ММО-3 вставка.xlsx')).toBe(true);
    expect(again.latest().consolidation).toEqual(first.consolidation);
    const next = await again.sync({ mmo: null, trigger: 'start' });
    expect(counted.snapshotReads).toEqual([]);
    expect(next.consolidation!.sheets).toEqual(first.consolidation!.sheets);
    expect(next.changes!.changes).toEqual([]);
  });

  test('another year setting checks the sources again instead of reusing the parts', async () => {
    const { runner, counted, make } = await setup();
    await runner.sync({ mmo: null, trigger: 'start' });
    counted.snapshotReads.length = 0;

    const other = make(2030);
    await other.init();
    const next = await other.sync({ mmo: null, trigger: 'timer' });
    expect(next.run.status).toBe('done');
    expect(counted.snapshotReads.length).toBe(next.run.sources.length);
    expect(next.consolidation!.academicYear).toBe(2030);
  });
});
