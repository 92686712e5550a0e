import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { toIsoDate } from '@mmo/shared';
import { readWorkbookGrids } from './index.js';
import { plainValue } from './read-grid.js';
import { renderTemplateXlsx } from './index.js';
import { ITEMS_FIXTURE } from './xlsx.test-helper.js';

async function bufferOf(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('readWorkbookGrids', () => {
  it('turns every kind of exceljs value into what a person sees', async () => {
    const buffer = await bufferOf((wb) => {
      const ws = wb.addWorksheet('Данные');
      ws.getCell('A1').value = 'текст';
      ws.getCell('B1').value = 42;
      ws.getCell('C1').value = true;
      ws.getCell('D1').value = { richText: [{ text: 'Семинар ' }, { font: { bold: true }, text: '«ФГОС»' }] };
      ws.getCell('E1').value = { formula: '1+2', result: 3 };
      ws.getCell('F1').value = { formula: 'A1&"!"', result: 'текст!' };
      ws.getCell('G1').value = { formula: '1/0', result: { error: '#DIV/0!' } };
      ws.getCell('H1').value = { text: 'сайт ДИРО', hyperlink: 'https://example.org' };
      ws.getCell('I1').value = { error: '#N/A' };
      ws.getCell('J1').value = { formula: 'NOW()' };
      ws.getCell('A2').value = { sharedFormula: 'E1', result: 5 } as unknown as ExcelJS.CellValue;
    });
    const [sheet] = await readWorkbookGrids(buffer);
    expect(sheet.name).toBe('Данные');
    expect(sheet.hidden).toBe(false);
    expect(sheet.grid[0]).toEqual(['текст', 42, true, 'Семинар «ФГОС»', 3, 'текст!', null, 'сайт ДИРО']);
  });

  it('copies a merged value into every cell of the range', async () => {
    const buffer = await bufferOf((wb) => {
      const ws = wb.addWorksheet('Лист1');
      ws.getCell('B2').value = 'Общепедагогические затруднения';
      ws.mergeCells('B2:D3');
      ws.getCell('A4').value = 'после';
    });
    const { grid } = (await readWorkbookGrids(buffer))[0];
    expect(grid).toEqual([
      [],
      [
        null,
        'Общепедагогические затруднения',
        'Общепедагогические затруднения',
        'Общепедагогические затруднения',
      ],
      [
        null,
        'Общепедагогические затруднения',
        'Общепедагогические затруднения',
        'Общепедагогические затруднения',
      ],
      ['после'],
    ]);
  });

  it('trims trailing empty rows and columns but keeps inner gaps in place', async () => {
    const buffer = await bufferOf((wb) => {
      const ws = wb.addWorksheet('Лист1');
      ws.getCell('B1').value = 'b1';
      ws.getCell('E1').value = '   ';
      ws.getCell('A3').value = 'a3';
      ws.getCell('C3').value = '';
      ws.getCell('A10').value = null;
      ws.getCell('Z20').value = ' ';
      ws.getRow(30).height = 40;
    });
    const { grid } = (await readWorkbookGrids(buffer))[0];
    expect(grid).toEqual([[null, 'b1'], [], ['a3']]);
  });

  it('reports hidden sheets and keeps the order of tabs', async () => {
    const buffer = await bufferOf((wb) => {
      wb.addWorksheet('Первый').getCell('A1').value = 1;
      wb.addWorksheet('Скрытый', { state: 'hidden' }).getCell('A1').value = 2;
      wb.addWorksheet('Совсем скрытый', { state: 'veryHidden' });
    });
    expect((await readWorkbookGrids(buffer)).map((g) => [g.name, g.hidden, g.grid.length])).toEqual([
      ['Первый', false, 1],
      ['Скрытый', true, 1],
      ['Совсем скрытый', true, 0],
    ]);
  });

  it('reads a sheet whose used range spans a million rows quickly, whole-column dropdowns included', async () => {
    const buffer = await bufferOf((wb) => {
      const ws = wb.addWorksheet('Огромный');
      ws.getCell('A1').value = 'начало';
      ws.getCell('B1048576').value = 'конец';
      const validations = (
        ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }
      ).dataValidations;
      validations.add('C1:C1048576', { type: 'list', allowBlank: true, formulae: ['"Да,Нет"'] });
      validations.add('D1:XFD1048576', {
        type: 'whole',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [0],
      });
      ws.addConditionalFormatting({
        ref: 'A1:XFD1048576',
        rules: [
          { type: 'expression', priority: 1, formulae: ['LEN(A1)>0'], style: { font: { bold: true } } },
        ],
      });
    });
    const started = Date.now();
    const before = process.memoryUsage().heapUsed;
    const [sheet] = await readWorkbookGrids(buffer);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200e6);
    expect(sheet.grid).toHaveLength(1048576);
    expect(sheet.grid[0]).toEqual(['начало']);
    expect(sheet.grid[1048575]).toEqual([null, 'конец']);
    expect(sheet.grid[500000]).toEqual([]);
  });

  it('throws on a file that is not an .xlsx', async () => {
    await expect(readWorkbookGrids(Buffer.from('Это не таблица, а просто текст'))).rejects.toThrow();
  });

  it('never throws on odd values', () => {
    expect(plainValue(undefined)).toBeNull();
    expect(plainValue(Number.NaN)).toBeNull();
    expect(plainValue(new Date(Number.NaN))).toBeNull();
    expect(plainValue({})).toBeNull();
    expect(plainValue({ richText: [null, { text: 'а' }, { text: 5 }] })).toBe('а');
    expect(plainValue({ text: { richText: [{ text: 'ссылка' }] }, hyperlink: 'x' })).toBe('ссылка');
    expect(plainValue({ formula: 'A1', result: { richText: [{ text: 'вложено' }] } })).toBe('вложено');
    expect(plainValue(Symbol('x'))).toBeNull();
  });
});

describe('dates survive the round trip in any time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it.each(['UTC', 'Europe/Moscow', 'America/New_York', 'Asia/Kamchatka'])('%s', async (tz) => {
    process.env.TZ = tz;
    const day = new Date(2022, 11, 20);
    const buffer = await renderTemplateXlsx(ITEMS_FIXTURE, { header: { filled: day } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    // What Excel shows: the serial of 20.12.2022, whatever the zone of the machine that wrote it.
    const raw = workbook.worksheets[0].getCell('C3').value as Date;
    expect(raw.toISOString().slice(0, 10)).toBe('2022-12-20');
    const grid = (await readWorkbookGrids(buffer))[0].grid;
    const read = grid[2].find((v) => v instanceof Date) as Date;
    expect(toIsoDate(read)).toBe('2022-12-20');
  });
});
