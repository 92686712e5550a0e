/** How values and looks go into exceljs cells: user text never turns into a formula, dates stay calendar days. */
import type ExcelJS from 'exceljs';
import type { CellValue, FieldDef, FieldType } from '@mmo/shared';

/** Excel refuses to open a file with a longer cell. */
const MAX_CELL_CHARS = 32767;
/** XML 1.0 cannot carry these at all; a pasted one would corrupt the file. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export const DATE_FORMAT = 'dd.mm.yyyy';
export const TEXT_FORMAT = '@';

export const FONT: Partial<ExcelJS.Font> = { name: 'Calibri', size: 11 };
export const BOLD: Partial<ExcelJS.Font> = { ...FONT, bold: true };

export const COLOURS = {
  /** Header of a column that must be filled. */
  required: 'FFFCE4D6',
  /** Header of an optional column. */
  optional: 'FFDDEBF7',
  /** A header-block cell waiting for the user's answer. */
  input: 'FFFFF2CC',
  /** A section heading among the items. */
  group: 'FFE2EFDA',
  /** An answer cell an item does not have. */
  notApplicable: 'FFEDEDED',
  border: 'FFA6A6A6',
} as const;

export function solidFill(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: COLOURS.border } };
export const BORDERS: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * Dates in CellValue are calendar days in local time (as Apps Script and the readers hand them
 * over); exceljs turns a Date into a serial by its UTC instant. Moving the wall-clock reading to
 * UTC keeps «20.12.2022» on the 20th in any time zone.
 */
export function dateToExcel(date: Date): Date {
  return new Date(
    Date.UTC(
      date.getFullYear(),
      date.getMonth(),
      date.getDate(),
      date.getHours(),
      date.getMinutes(),
      date.getSeconds(),
      date.getMilliseconds(),
    ),
  );
}

/** The inverse of {@link dateToExcel}: exceljs reads serials as UTC wall-clock. */
export function dateFromExcel(date: Date): Date {
  return new Date(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

/** Text as Excel can store it. */
export function safeText(text: string): string {
  const clean = text.replace(XML_INVALID, '');
  return clean.length > MAX_CELL_CHARS ? `${clean.slice(0, MAX_CELL_CHARS - 1)}…` : clean;
}

/**
 * A CellValue as exceljs should store it. Strings are plain string values — exceljs only writes a
 * formula for a `{ formula }` object — so «=1+2» or «+7 928» typed by a user stays text.
 */
export function excelValue(value: CellValue | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return safeText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dateToExcel(value);
  return null;
}

/** Writes a value with the number format its type needs. */
export function writeValue(cell: ExcelJS.Cell, value: CellValue | undefined): void {
  const v = excelValue(value);
  cell.value = v;
  if (v instanceof Date) cell.numFmt = DATE_FORMAT;
  else if (typeof v === 'string') cell.numFmt = TEXT_FORMAT;
}

/** Fields whose answers are text to Excel: «@» keeps «8928…» from becoming 8.9E+10 and «=…» from becoming a formula. */
const TEXT_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'text',
  'period',
  'phone',
  'email',
  'choice',
  'multiChoice',
  'yesNo',
  'mmo',
  'municipality',
  'academicYear',
]);

/** Number format of an empty answer cell of this field, so what users type lands as the right kind. */
export function fieldNumFmt(field: FieldDef): string | undefined {
  if (field.type === 'date') return DATE_FORMAT;
  return TEXT_TYPES.has(field.type) ? TEXT_FORMAT : undefined;
}

const DEFAULT_WIDTHS: Readonly<Record<FieldType, number>> = {
  text: 30,
  integer: 12,
  number: 12,
  percent: 12,
  date: 13,
  period: 22,
  phone: 20,
  email: 26,
  choice: 24,
  multiChoice: 36,
  yesNo: 10,
  mmo: 30,
  municipality: 26,
  academicYear: 14,
};

/**
 * Column width in characters: the definition's, else by type; never so narrow that a word of the
 * (wrapped) header is cut in the middle.
 */
export function columnWidth(field: FieldDef): number {
  const longestWord = Math.max(0, ...field.label.split(/\s+/).map((w) => w.length));
  const choices =
    field.type === 'choice' ? Math.max(0, ...(field.choices ?? []).map((c) => c.length)) + 3 : 0;
  const base = field.width ?? Math.min(Math.max(DEFAULT_WIDTHS[field.type], choices), 48);
  return Math.min(Math.max(base, Math.ceil(longestWord * 1.15) + 2), 100);
}

/** Points per line of an 11 pt font, with leading. */
const LINE_HEIGHT = 15;

/** Lines a text wraps to in a cell `width` characters wide (greedy word wrap, as Excel does). */
export function wrappedLines(text: string, width: number, bold = false): number {
  // Calibrated on LibreOffice's rendering with Carlito (Calibri's metrics): lower-case Cyrillic is
  // narrower than the «0» a column width is counted in, capitals and bold letters wider.
  const capacity = Math.max(1, Math.floor(width * (bold ? 0.98 : 1.08)) - 1);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const len = [...word].reduce((n, ch) => n + (ch !== ch.toLowerCase() ? 1.15 : 1), 0);
      if (line === 0) {
        lines += Math.max(0, Math.ceil(len / capacity) - 1);
        line = len > capacity ? len % capacity : len;
      } else if (line + 1 + len <= capacity) {
        line += 1 + len;
      } else {
        lines++;
        line = len;
      }
    }
  }
  return lines;
}

/** Row height in points for texts that must be seen whole; Excel does not re-fit rows on opening. */
export function rowHeight(
  cells: readonly {
    readonly text: string;
    readonly width: number;
    readonly bold?: boolean;
    readonly size?: number;
  }[],
): number {
  let height = LINE_HEIGHT;
  for (const c of cells) {
    const scale = (c.size ?? 11) / 11;
    const lines = wrappedLines(c.text, c.width / scale, c.bold);
    height = Math.max(height, lines * LINE_HEIGHT * scale + 3);
  }
  return Math.min(Math.ceil(height), 409);
}
