/**
 * An .xlsx file as plain grids of CellValue, the shape readSheet reads: what a person sees in each
 * cell, whatever exceljs made of it. Sources come from anyone, so odd cells become null rather than
 * errors; only a file that is not an .xlsx at all throws.
 */
import ExcelJS from 'exceljs';
import type { CellValue, Grid } from '@mmo/shared';
import { dateFromExcel } from './cells.js';

export interface WorkbookGrid {
  readonly name: string;
  readonly grid: Grid;
  /** Hidden or very hidden tabs (our «Списки», someone's scratch sheet): callers usually skip them. */
  readonly hidden: boolean;
}

/**
 * Worksheet parts that carry no values. exceljs expands every range of a data validation into one
 * entry per cell, so a single «whole column» dropdown costs a million objects and half a minute;
 * conditional formats and extensions can be as large. Hyperlinks are dropped too: the text is
 * what we read.
 */
const IGNORED_NODES = [
  'dataValidations',
  'conditionalFormatting',
  'extLst',
  'hyperlinks',
  'drawing',
  'picture',
  'tableParts',
  'rowBreaks',
];

const EMPTY_ROW: readonly CellValue[] = Object.freeze([]);

/** The value a person sees, from any exceljs cell value. */
export function plainValue(value: unknown, depth = 0): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dateFromExcel(value);
  if (typeof value !== 'object' || depth > 3) return null;
  const v = value as Record<string, unknown>;
  if ('error' in v) return null;
  if (Array.isArray(v.richText)) {
    return v.richText
      .map((run: unknown) =>
        run && typeof (run as { text?: unknown }).text === 'string' ? (run as { text: string }).text : '',
      )
      .join('');
  }
  // A formula is read as what it last showed; without a cached result there is nothing to show.
  if ('formula' in v || 'sharedFormula' in v) return plainValue(v.result, depth + 1);
  if ('text' in v) return plainValue(v.text, depth + 1);
  return null;
}

function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function sheetGrid(sheet: ExcelJS.Worksheet): Grid {
  const rows: CellValue[][] = [];
  // Only rows present in the file: a used range of a million blank rows costs nothing.
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      let value: CellValue;
      try {
        // A merged cell's value is its master's, so every cell of the range carries it.
        value = plainValue(cell.value);
      } catch {
        value = null;
      }
      if (!isBlank(value)) cells[col - 1] = value;
    });
    if (cells.length === 0) return;
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    rows[rowNumber - 1] = cells;
  });
  const grid: (readonly CellValue[])[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) grid[i] = rows[i] ?? EMPTY_ROW;
  return grid;
}

/** Every worksheet of an .xlsx as a grid: trailing empty rows and columns trimmed, merged values copied, formulas as their results. */
export async function readWorkbookGrids(buffer: Buffer | ArrayBuffer | Uint8Array): Promise<WorkbookGrid[]> {
  const workbook = new ExcelJS.Workbook();
  const data = Buffer.isBuffer(buffer)
    ? buffer
    : Buffer.from(buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : buffer);
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer, { ignoreNodes: IGNORED_NODES });
  return workbook.worksheets.map((sheet) => ({
    name: sheet.name,
    grid: sheetGrid(sheet),
    hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden',
  }));
}
