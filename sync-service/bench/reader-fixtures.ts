/**
 * The messy shapes a reader must keep for the consolidator, one small workbook per kind, each with
 * the grid a person sees written out by hand (not read back by any reader), so the product's own
 * reader is checked as well as the candidates: merged cells, typed dates in a 1900 and in a 1904
 * workbook, shared strings, rich text, formulas with their last result, a hidden tab.
 */
import ExcelJS from 'exceljs';
import type { CellValue, Grid } from '@mmo/shared';
import type { WorkbookGrid } from '@mmo/templates/xlsx';
import type { ReaderCandidate } from './readers.js';

export interface ReaderFixture {
  readonly kind: string;
  readonly bytes: Buffer;
  /** Every tab, hidden ones included, as readWorkbookGrids should return it. */
  readonly expected: readonly WorkbookGrid[];
}

const TITLE = 'Общепедагогические затруднения';

async function bytesOf(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  // The document writer keeps strings in xl/sharedStrings.xml, as Excel does.
  return Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: true } as ExcelJS.XlsxWriteOptions));
}

const sheet = (name: string, grid: Grid, hidden = false): WorkbookGrid => ({ name, grid, hidden });

/** Call it in the time zone the check runs in: the expected day is a local Date. */
export async function readerFixtures(): Promise<ReaderFixture[]> {
  const DAY = new Date(2022, 10, 17);
  const datedSheet = (wb: ExcelJS.Workbook) => {
    const ws = wb.addWorksheet('План');
    ws.getCell('A1').value = 'Сроки проведения';
    // exceljs stores a Date as the serial of its UTC day; the reader gives back the local day.
    ws.getCell('A2').value = new Date(Date.UTC(2022, 10, 17));
    ws.getCell('A2').numFmt = 'dd.mm.yyyy';
    ws.getCell('B2').value = 44882; // the same serial, but a number: it must stay a number
  };
  return [
    {
      kind: 'объединённые ячейки',
      bytes: await bytesOf((wb) => {
        const ws = wb.addWorksheet('Лист1');
        ws.getCell('B2').value = TITLE;
        ws.mergeCells('B2:D3');
        ws.getCell('A4').value = 'после';
      }),
      expected: [sheet('Лист1', [[], [null, TITLE, TITLE, TITLE], [null, TITLE, TITLE, TITLE], ['после']])],
    },
    {
      kind: 'даты (система 1900)',
      bytes: await bytesOf(datedSheet),
      expected: [sheet('План', [['Сроки проведения'], [DAY, 44882]])],
    },
    {
      kind: 'даты (книга 1904)',
      bytes: await bytesOf((wb) => {
        wb.properties.date1904 = true;
        datedSheet(wb);
      }),
      expected: [sheet('План', [['Сроки проведения'], [DAY, 44882]])],
    },
    {
      kind: 'общие строки',
      bytes: await bytesOf((wb) => {
        const ws = wb.addWorksheet('Заявки');
        ws.addRow(['ФИО', 'Должность', 'Школа']);
        ws.addRow(['Тестова Анна Ивановна', 'учитель', 'МКОУ «СОШ №1» & <филиал>']);
        ws.addRow(['Пробный Пётр Петрович', 'учитель', 'МКОУ «СОШ №1» & <филиал>']);
      }),
      expected: [
        sheet('Заявки', [
          ['ФИО', 'Должность', 'Школа'],
          ['Тестова Анна Ивановна', 'учитель', 'МКОУ «СОШ №1» & <филиал>'],
          ['Пробный Пётр Петрович', 'учитель', 'МКОУ «СОШ №1» & <филиал>'],
        ]),
      ],
    },
    {
      kind: 'форматированный текст',
      bytes: await bytesOf((wb) => {
        const ws = wb.addWorksheet('Лист1');
        ws.getCell('A1').value = {
          richText: [
            { text: 'Семинар ' },
            { font: { bold: true }, text: '«ФГОС»' },
            { text: ' для учителей' },
          ],
        };
      }),
      expected: [sheet('Лист1', [['Семинар «ФГОС» для учителей']])],
    },
    {
      kind: 'формулы (последний результат)',
      bytes: await bytesOf((wb) => {
        const ws = wb.addWorksheet('Показатели');
        ws.getCell('A1').value = 3;
        ws.getCell('B1').value = { formula: 'A1*2', result: 6 };
        ws.getCell('C1').value = { formula: 'A1&" чел."', result: '3 чел.' };
      }),
      expected: [sheet('Показатели', [[3, 6, '3 чел.']])],
    },
    {
      kind: 'скрытый лист',
      bytes: await bytesOf((wb) => {
        wb.addWorksheet('Данные').getCell('A1').value = 1;
        wb.addWorksheet('Списки', { state: 'hidden' }).getCell('A1').value = 'Да';
      }),
      expected: [sheet('Данные', [[1]]), sheet('Списки', [['Да']], true)],
    },
  ];
}

function sameValue(a: CellValue, b: CellValue): boolean {
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return a === b;
}

function sameGrid(a: Grid, b: Grid): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) return false;
    for (let c = 0; c < a[r].length; c++) if (!sameValue(a[r][c], b[r][c])) return false;
  }
  return true;
}

export function sameWorkbook(got: readonly WorkbookGrid[], expected: readonly WorkbookGrid[]): boolean {
  return (
    got.length === expected.length &&
    got.every(
      (g, i) =>
        g.name === expected[i].name && g.hidden === expected[i].hidden && sameGrid(g.grid, expected[i].grid),
    )
  );
}

export interface FixtureCheck {
  /** Kinds read exactly as a person sees them. */
  readonly kept: readonly string[];
  /** Kinds read otherwise, or that made the reader throw. */
  readonly lost: readonly string[];
  /** null: the candidate builds no cells (the floor), nothing to check. */
  readonly applicable: boolean;
}

/** Reads every fixture with the candidate and says which kinds it keeps. */
export async function checkReader(
  reader: ReaderCandidate,
  fixtures: readonly ReaderFixture[],
): Promise<FixtureCheck> {
  const kept: string[] = [];
  const lost: string[] = [];
  let applicable = true;
  for (const f of fixtures) {
    let grids: readonly WorkbookGrid[] | null;
    try {
      grids = await reader.read(f.bytes);
    } catch {
      lost.push(f.kind);
      continue;
    }
    if (grids === null) {
      applicable = false;
      continue;
    }
    (sameWorkbook(grids, f.expected) ? kept : lost).push(f.kind);
  }
  return { kept, lost, applicable };
}

/** «да» or «нет (теряет: …)», the column of the comparison table. */
export function keepsText(c: FixtureCheck): string {
  if (!c.applicable) return 'не применимо (ячеек не строит)';
  return c.lost.length === 0 ? 'да' : `нет (теряет: ${c.lost.join(', ')})`;
}
