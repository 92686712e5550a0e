/** The pre-read checks of xlsx-bounds.ts on their own: ordinary files pass untouched, each limit names what is too large. */
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { MMO_PLAN } from '@mmo/templates';
import { readWorkbookGrids, renderTemplateXlsx } from '@mmo/templates/xlsx';
import { SEED_ACADEMIC_YEAR } from '../src/seed/seed-region.js';
import { boundXlsx, DEFAULT_XLSX_LIMITS, XlsxTooLargeError } from '../src/sources/xlsx-bounds.js';
import { zipEntries } from '../src/sources/zip-entries.js';
import { seedRows } from './fixtures/workbooks.js';

async function plan(): Promise<Buffer> {
  return renderTemplateXlsx(MMO_PLAN, {
    header: { mmo: '№3', academicYear: SEED_ACADEMIC_YEAR },
    rows: seedRows(3),
  });
}

describe('boundXlsx', () => {
  test('an ordinary workbook reaches exceljs with its parts inflated once and stored: the same grids, no notes', async () => {
    const bytes = await plan();
    const bounded = await boundXlsx(bytes);
    expect(bounded.notes).toEqual([]);
    const entries = zipEntries(bounded.bytes);
    expect(entries.map((e) => e.name).sort()).toEqual(
      zipEntries(bytes)
        .map((e) => e.name)
        .sort(),
    );
    expect(entries.every((e) => e.method === 0)).toBe(true);
    expect(await readWorkbookGrids(bounded.bytes)).toEqual(await readWorkbookGrids(bytes));
  });

  test('a workbook past the repacking size goes on as it came, one part inflated at a time', async () => {
    const bytes = await plan();
    const bounded = await boundXlsx(bytes, DEFAULT_XLSX_LIMITS, 1024);
    expect(bounded.bytes).toBe(bytes);
    expect(bounded.notes).toEqual([]);
  });

  test('a small merge past the data (a title over empty columns) is kept, so the grid is as before', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист');
    ws.getCell('A1').value = 'Заголовок';
    ws.mergeCells('A1:F1');
    ws.getCell('A2').value = 'x';
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const bounded = await boundXlsx(bytes);
    expect(bounded.notes).toEqual([]);
    expect(await readWorkbookGrids(bounded.bytes)).toEqual(await readWorkbookGrids(bytes));
  });

  test('each limit says what is too large', async () => {
    const bytes = await plan();
    const fails = async (limits: Partial<typeof DEFAULT_XLSX_LIMITS>) => {
      const error = await boundXlsx(bytes, { ...DEFAULT_XLSX_LIMITS, ...limits }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(XlsxTooLargeError);
      return (error as Error).message;
    };
    expect(await fails({ maxPartMb: 0.002 })).toMatch(/после распаковки больше 0\.002 МБ/);
    expect(await fails({ maxWorkbookMb: 0.01 })).toMatch(/книга после распаковки больше 0\.01 МБ/);
    expect(await fails({ maxCellsPerSheet: 20 })).toMatch(
      /^лист «План ММО» содержит \d+ ячеек — больше допустимых 20/,
    );
    expect(await fails({ maxSheets: 1 })).toMatch(/в книге 3 листов — больше допустимых 1/);
    expect(await fails({ maxSharedStrings: 3 })).toMatch(/разных текстовых значений — больше допустимых 3/);
  });

  test('what is not a zip is not called too large', async () => {
    await expect(boundXlsx(Buffer.from('это не xlsx'))).rejects.not.toBeInstanceOf(XlsxTooLargeError);
  });
});
