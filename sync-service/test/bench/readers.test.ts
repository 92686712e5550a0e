/**
 * The reader comparison's check is only worth its column if the fixtures are the shapes they claim
 * and the check can fail. What must hold: the product's reader keeps every kind in UTC and in the
 * region's zone; a candidate that drops merges is caught; the floor counts the cells of the XML.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReader, keepsText, readerFixtures } from '../../bench/reader-fixtures.js';
import { floorPass, READERS } from '../../bench/readers.js';

const reader = (id: string) => READERS.find((r) => r.id === id)!;
const original = process.env.TZ;
afterEach(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

describe('reader comparison fixtures', () => {
  it('are the shapes they name: shared strings in their part, a 1904 workbook, a real merge', async () => {
    const byKind = new Map((await readerFixtures()).map((f) => [f.kind, f]));
    expect(byKind.get('общие строки')!.bytes.includes('xl/sharedStrings.xml')).toBe(true);
    const wb1904 = new ExcelJS.Workbook();
    await wb1904.xlsx.load(byKind.get('даты (книга 1904)')!.bytes as unknown as ExcelJS.Buffer);
    expect(wb1904.properties.date1904).toBe(true);
    const wb1900 = new ExcelJS.Workbook();
    await wb1900.xlsx.load(byKind.get('даты (система 1900)')!.bytes as unknown as ExcelJS.Buffer);
    expect(wb1900.properties.date1904).toBeFalsy();
    const merged = new ExcelJS.Workbook();
    await merged.xlsx.load(byKind.get('объединённые ячейки')!.bytes as unknown as ExcelJS.Buffer);
    expect((merged.worksheets[0] as unknown as { model: { merges: string[] } }).model.merges).toEqual([
      'B2:D3',
    ]);
  });

  it.each(['UTC', 'Europe/Moscow', 'America/New_York'])(
    'are all read right by the product reader (exceljs document) in %s',
    async (tz) => {
      process.env.TZ = tz;
      const check = await checkReader(reader('exceljs'), await readerFixtures());
      expect(check.lost).toEqual([]);
      expect(check.kept).toHaveLength(7);
      expect(keepsText(check)).toBe('да');
    },
  );

  it('catch a reader that drops merged values: exceljs streaming skips <mergeCells>', async () => {
    const check = await checkReader(reader('exceljsStream'), await readerFixtures());
    expect(check.lost).toEqual(['объединённые ячейки']);
    expect(keepsText(check)).toBe('нет (теряет: объединённые ячейки)');
  });

  it('floor: inflates and tokenizes every sheet, counting its cells, and builds nothing to check', async () => {
    const fixtures = await readerFixtures();
    const strings = fixtures.find((f) => f.kind === 'общие строки')!;
    expect(floorPass(strings.bytes)).toBe(9);
    const check = await checkReader(reader('floor'), fixtures);
    expect(check.applicable).toBe(false);
    expect(() => floorPass(Buffer.from('не zip'))).toThrow();
  });
});
