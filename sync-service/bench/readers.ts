/**
 * Candidate .xlsx readers for the reader comparison (issue 13, «A faster reader, chosen by
 * measurement»). Each turns the bytes of a workbook into what `readWorkbookGrids` gives the
 * consolidator — visible and hidden tabs as grids of CellValue, merged values copied into every
 * cell of the range, dates as the calendar day Excel shows (1900 or 1904 system), formulas as their
 * last result, rich text as its plain text — using only what the library itself offers, so a
 * wrong date or a lost merge is the library's, not ours. The floor builds no cells at all: it
 * inflates the parts with node:zlib and runs a SAX tokenizer over their XML.
 */
import { constants } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import type { CellValue, Grid } from '@mmo/shared';
import { readWorkbookGrids, type WorkbookGrid } from '@mmo/templates/xlsx';
// Not exported by the package: the same exceljs-value mapping the product's reader uses.
import { plainValue } from '../../templates/src/xlsx/read-grid.js';
import { inflateEntry, zipEntries, type ZipEntry } from '../src/sources/zip-entries.js';

export type ReaderId = 'exceljs' | 'exceljsStream' | 'sheetjs' | 'hucre' | 'sheetkit' | 'floor';

export interface ReaderCandidate {
  readonly id: ReaderId;
  /** As the table names it. */
  readonly label: string;
  /** npm package and version actually loaded, for the table. */
  readonly pkg: string;
  /** Grids as readWorkbookGrids returns them; the floor returns none (it builds no cells). */
  readonly read: (bytes: Buffer) => Promise<readonly WorkbookGrid[] | null>;
}

const require = createRequire(import.meta.url);

/** The installed version; packages whose exports hide package.json are found from their entry. */
function versionOf(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    try {
      let dir = dirname(require.resolve(name));
      for (let i = 0; i < 5; i++, dir = dirname(dir)) {
        const path = join(dir, 'package.json');
        if (!existsSync(path)) continue;
        const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? '?';
      }
    } catch {
      // Not installed: the row says so when reading fails.
    }
    return '?';
  }
}

// ---------------------------------------------------------------------------------------------
// A grid as readWorkbookGrids shapes it, from cells in any order

const EMPTY_ROW: readonly CellValue[] = Object.freeze([]);

function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Zero-based cells in, the product's grid out: blanks dropped, trailing rows/columns trimmed, merged values copied. */
class GridBuilder {
  readonly #rows: CellValue[][] = [];

  set(row: number, col: number, value: CellValue): void {
    if (isBlank(value)) return;
    (this.#rows[row] ??= [])[col] = value;
  }

  get(row: number, col: number): CellValue {
    return this.#rows[row]?.[col] ?? null;
  }

  /** A merged range shows its top-left cell's value everywhere, as exceljs's document reader gives it. */
  merge(top: number, left: number, bottom: number, right: number): void {
    const master = this.get(top, left);
    if (isBlank(master)) return;
    for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) this.set(r, c, master);
  }

  build(): Grid {
    const rows = this.#rows;
    const grid: (readonly CellValue[])[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i];
      if (!cells) {
        grid[i] = EMPTY_ROW;
        continue;
      }
      for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
      grid[i] = cells;
    }
    return grid;
  }
}

function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** «B2» → [1, 1]; «B2:D3» → [1, 1, 2, 3] (top, left, bottom, right), zero-based. */
function rangeOf(ref: string): [number, number, number, number] | null {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  const top = Number(m[2]) - 1;
  const left = columnIndex(m[1]);
  return m[3] ? [top, left, Number(m[4]) - 1, columnIndex(m[3])] : [top, left, top, left];
}

/** A calendar day (and time) as a local Date, the way readWorkbookGrids returns dates. */
function localDate(year: number, month: number, day: number, h = 0, min = 0, s = 0): Date {
  return new Date(year, month, day, h, min, s);
}

// ---------------------------------------------------------------------------------------------
// exceljs, document API: the product's own reader

const exceljsDocument: ReaderCandidate = {
  id: 'exceljs',
  label: 'exceljs, документ (как сейчас)',
  pkg: `exceljs ${versionOf('exceljs')}`,
  read: async (bytes) => readWorkbookGrids(bytes),
};

// ---------------------------------------------------------------------------------------------
// exceljs, streaming WorkbookReader

const exceljsStream: ReaderCandidate = {
  id: 'exceljsStream',
  label: 'exceljs, потоковый WorkbookReader',
  pkg: `exceljs ${versionOf('exceljs')}`,
  read: async (bytes) => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const out: WorkbookGrid[] = [];
    try {
      await readStreamSheets(reader, out);
    } catch (e) {
      // exceljs 4.4 looks sheets up in workbook.xml; when the zip holds it after the sheets, the
      // lookup throws. What was read stays: the row then shows the loss instead of not being measured.
      if (!(e instanceof TypeError && /reading 'sheets'/.test(e.message))) throw e;
    }
    return out;
  },
};

async function readStreamSheets(
  reader: ExcelJS.stream.xlsx.WorkbookReader,
  out: WorkbookGrid[],
): Promise<void> {
  for await (const sheet of reader) {
    const grid = new GridBuilder();
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        let value: CellValue;
        try {
          value = plainValue(cell.value);
        } catch {
          value = null;
        }
        grid.set(row.number - 1, col - 1, value);
      });
    }
    // The streaming reader skips <mergeCells>: there is nothing to copy from.
    const ws = sheet as unknown as { name?: string; state?: string };
    out.push({
      name: ws.name ?? '',
      grid: grid.build(),
      hidden: ws.state === 'hidden' || ws.state === 'veryHidden',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// SheetJS community build, as the npm registry serves it

interface SheetJsCell {
  readonly t: 'b' | 'n' | 'e' | 's' | 'd' | 'z';
  readonly v?: unknown;
}
interface SheetJsWorkbook {
  readonly SheetNames: string[];
  readonly Sheets: Record<string, Record<string, SheetJsCell | unknown>>;
  readonly Workbook?: { readonly Sheets?: readonly { readonly Hidden?: number }[] };
}
interface SheetJs {
  read(data: Buffer, options: Record<string, unknown>): SheetJsWorkbook;
  readonly utils: { decode_cell(ref: string): { r: number; c: number } };
}

let sheetJs: SheetJs | null = null;
const loadSheetJs = (): SheetJs => (sheetJs ??= require('xlsx') as SheetJs);

function sheetJsValue(cell: SheetJsCell): CellValue {
  switch (cell.t) {
    case 's':
      return typeof cell.v === 'string' ? cell.v : null;
    case 'n':
      return typeof cell.v === 'number' && Number.isFinite(cell.v) ? cell.v : null;
    case 'b':
      return typeof cell.v === 'boolean' ? cell.v : null;
    case 'd': {
      // cellDates: SheetJS gives a Date whose local fields are the day Excel shows.
      const d = cell.v;
      return d instanceof Date && !Number.isNaN(d.getTime())
        ? localDate(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds())
        : null;
    }
    default:
      return null;
  }
}

const sheetjs: ReaderCandidate = {
  id: 'sheetjs',
  label: 'SheetJS (npm «xlsx»)',
  pkg: `xlsx ${versionOf('xlsx')}`,
  read: async (bytes) => {
    const X = loadSheetJs();
    const wb = X.read(bytes, {
      type: 'buffer',
      cellDates: true,
      cellHTML: false,
      cellText: false,
      cellStyles: false,
    });
    return wb.SheetNames.map((name, i) => {
      const ws = wb.Sheets[name];
      const grid = new GridBuilder();
      for (const key of Object.keys(ws)) {
        if (key.charCodeAt(0) === 33 /* «!» */) continue;
        const { r, c } = X.utils.decode_cell(key);
        grid.set(r, c, sheetJsValue(ws[key] as SheetJsCell));
      }
      const merges =
        (ws['!merges'] as { s: { r: number; c: number }; e: { r: number; c: number } }[] | undefined) ?? [];
      for (const m of merges) grid.merge(m.s.r, m.s.c, m.e.r, m.e.c);
      const hidden = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0;
      return { name, grid: grid.build(), hidden: hidden !== 0 };
    });
  },
};

// ---------------------------------------------------------------------------------------------
// hucre: a pure-TypeScript reader without dependencies

type HucreValue = string | number | boolean | Date | null;
interface HucreWorkbook {
  readonly sheets: readonly {
    readonly name: string;
    readonly rows: readonly (readonly HucreValue[])[];
    readonly merges?: readonly { startRow: number; startCol: number; endRow: number; endCol: number }[];
    readonly hidden?: boolean;
    readonly veryHidden?: boolean;
  }[];
}
let hucre: Promise<{
  readXlsx(input: Uint8Array, options?: Record<string, unknown>): Promise<HucreWorkbook>;
}> | null = null;
const loadHucre = () => (hucre ??= import('hucre/xlsx') as unknown as NonNullable<typeof hucre>);

function hucreValue(v: HucreValue): CellValue {
  if (v instanceof Date) {
    // A UTC instant of the day Excel shows, as exceljs gives; the product reads its UTC fields.
    return Number.isNaN(v.getTime())
      ? null
      : localDate(
          v.getUTCFullYear(),
          v.getUTCMonth(),
          v.getUTCDate(),
          v.getUTCHours(),
          v.getUTCMinutes(),
          v.getUTCSeconds(),
        );
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v ?? null;
}

const hucreReader: ReaderCandidate = {
  id: 'hucre',
  label: 'hucre (TypeScript, без зависимостей)',
  pkg: `hucre ${versionOf('hucre')}`,
  read: async (bytes) => {
    const wb = await (await loadHucre()).readXlsx(bytes, { readStyles: false, dateSystem: 'auto' });
    return wb.sheets.map((sheet) => {
      const grid = new GridBuilder();
      sheet.rows.forEach((row, r) => row.forEach((v, c) => grid.set(r, c, hucreValue(v))));
      for (const m of sheet.merges ?? []) grid.merge(m.startRow, m.startCol, m.endRow, m.endCol);
      return { name: sheet.name, grid: grid.build(), hidden: Boolean(sheet.hidden || sheet.veryHidden) };
    });
  },
};

// ---------------------------------------------------------------------------------------------
// SheetKit: a Rust reader with a prebuilt N-API binary in its npm package

interface SheetKitCell {
  readonly column: string;
  readonly valueType: string;
  readonly value?: string;
  readonly numberValue?: number;
  readonly boolValue?: boolean;
}
interface SheetKitWorkbook {
  readonly sheetNames: string[];
  getRows(sheet: string): { row: number; cells: SheetKitCell[] }[];
  getMergeCells(sheet: string): string[];
  getSheetVisibility(sheet: string): string;
}
interface SheetKit {
  readonly Workbook: { openBufferSync(bytes: Buffer): SheetKitWorkbook };
}

/** The registry has the platform package only (the «@sheetkit/node» wrapper is not served), so its binary is loaded directly. */
const SHEETKIT_PACKAGE = '@sheetkit/node-linux-x64-gnu';
let sheetKit: SheetKit | null = null;
const loadSheetKit = (): SheetKit =>
  (sheetKit ??= require(`${SHEETKIT_PACKAGE}/sheetkit.linux-x64-gnu.node`) as SheetKit);

function sheetKitValue(cell: SheetKitCell): CellValue {
  switch (cell.valueType) {
    case 'string':
      return cell.value ?? null;
    case 'number':
      return typeof cell.numberValue === 'number' && Number.isFinite(cell.numberValue)
        ? cell.numberValue
        : null;
    case 'boolean':
      return typeof cell.boolValue === 'boolean'
        ? cell.boolValue
        : cell.value === 'true'
          ? true
          : cell.value === 'false'
            ? false
            : null;
    case 'date': {
      // The library's own reading of the day, «2022-11-17» or «2022-11-17T10:30:00».
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(cell.value ?? '');
      return m
        ? localDate(
            Number(m[1]),
            Number(m[2]) - 1,
            Number(m[3]),
            Number(m[4] ?? 0),
            Number(m[5] ?? 0),
            Number(m[6] ?? 0),
          )
        : null;
    }
    default:
      // 'formula' carries the formula's text, not its last result; 'error', 'empty': nothing to show.
      return null;
  }
}

const sheetkit: ReaderCandidate = {
  id: 'sheetkit',
  label: 'SheetKit (Rust, N-API)',
  pkg: `${SHEETKIT_PACKAGE} ${versionOf(SHEETKIT_PACKAGE)}`,
  read: async (bytes) => {
    const wb = loadSheetKit().Workbook.openBufferSync(bytes);
    return wb.sheetNames.map((name) => {
      const grid = new GridBuilder();
      for (const row of wb.getRows(name))
        for (const cell of row.cells) grid.set(row.row - 1, columnIndex(cell.column), sheetKitValue(cell));
      for (const ref of wb.getMergeCells(name)) {
        const r = rangeOf(ref);
        if (r) grid.merge(...r);
      }
      const state = wb.getSheetVisibility(name);
      return { name, grid: grid.build(), hidden: state === 'hidden' || state === 'veryHidden' };
    });
  },
};

// ---------------------------------------------------------------------------------------------
// The floor: node:zlib inflate + a SAX pass over the same XML, no cell objects

/** Every entry whole: the floor reads the bench's own files, so no cap but Node's largest buffer. */
const entryBytes = (bytes: Buffer, e: ZipEntry): Buffer => inflateEntry(bytes, e, constants.MAX_LENGTH);

/** Inflates the shared strings and every worksheet and tokenizes their XML; counts <c> elements with a value. */
export function floorPass(bytes: Buffer): number {
  let cells = 0;
  for (const e of zipEntries(bytes)) {
    if (e.name !== 'xl/sharedStrings.xml' && !/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const parser = new SaxesParser();
    // Handlers for tags and text make the parser build names, attributes and decoded text, as any
    // reader's must; nothing is kept beyond a count.
    let chars = 0;
    parser.on('opentag', (tag) => void tag.attributes);
    parser.on('closetag', (tag) => {
      if (tag.name === 'c') cells++;
    });
    parser.on('text', (text) => (chars += text.length));
    parser.write(entryBytes(bytes, e).toString('utf8')).close();
    void chars;
  }
  return cells;
}

const floor: ReaderCandidate = {
  id: 'floor',
  label: 'Пол: node:zlib + SAX (saxes), без ячеек',
  pkg: `saxes ${versionOf('saxes')}`,
  read: async (bytes) => {
    floorPass(bytes);
    return null;
  },
};

/** In table order; the first is the reference every ratio is taken against. */
export const READERS: readonly ReaderCandidate[] = [
  exceljsDocument,
  exceljsStream,
  sheetjs,
  hucreReader,
  sheetkit,
  floor,
];

/** Non-empty cells over every grid: the same file read by two candidates should give the same count. */
export function cellCount(grids: readonly WorkbookGrid[]): number {
  let n = 0;
  for (const g of grids) for (const row of g.grid) for (const v of row) if (v !== null) n++;
  return n;
}
