/**
 * What a template sheet looks like in Google Sheets, as data: cells, notes, dropdowns, widths,
 * protections. Positions come from `sheetLayout` (the .xlsx renderer uses the same one), dropdowns
 * from `validationRuns` + `dropdownFor`, texts from the definition: nothing here restates a header.
 *
 * Text written by the add-on goes into plain-text formatted cells (number format «@»), never with a
 * leading apostrophe: item texts such as «- ФГОС (НОО, ООО, СОО)» and phones such as «+7 928…» would
 * otherwise become formulas, and an apostrophe would end up in what the consolidator reads.
 */
import {
  dropdownFor,
  formatAcademicYear,
  itemPrintedCells,
  printedColumns,
  sheetLayout,
  validationRuns,
  type AcademicYear,
  type CellValue,
  type District,
  type FieldContext,
  type FieldDef,
  type FieldType,
  type SheetLayout,
  type TemplateDef,
} from '@mmo/shared';
import { rect, type CellStyle, type ListRule, type Rect } from '../ports.js';

export interface RenderContext {
  readonly academicYear: AcademicYear;
  /** The ММО from the settings, when set: fills the header and narrows the municipality list. */
  readonly district: District | null;
}

export interface HeaderCell {
  readonly field: FieldDef;
  readonly row: number;
  /** Default value for the value cell (column 2), '' when the user fills it. */
  readonly value: CellValue;
}

export interface SheetRender {
  readonly layout: SheetLayout;
  readonly size: { readonly rows: number; readonly cols: number };
  readonly title: string;
  readonly headerCells: readonly HeaderCell[];
  readonly tableLabels: readonly string[];
  /** Items layout: the printed cells of every item (number, text, info), from the first data row. */
  readonly itemCells: readonly (readonly string[])[];
  /** Notes on the header labels (column 1) and on the table header row. */
  readonly labelNotes: readonly string[];
  readonly tableNotes: readonly string[];
  readonly validations: readonly { readonly rect: Rect; readonly rule: ListRule }[];
  /** Cells where what users type must stay text. */
  readonly textFormats: readonly Rect[];
  readonly styles: readonly { readonly rect: Rect; readonly style: CellStyle }[];
  readonly frozenRows: number;
  readonly widths: readonly { readonly col: number; readonly pixels: number }[];
  readonly protections: readonly Rect[];
}

export const PROTECTION_DESCRIPTION = 'ММО: шапка листа из шаблона — меняйте только при необходимости';
const HEADER_BACKGROUND = '#d9e2f3';
const GROUP_BACKGROUND = '#eef2f7';
/** Sheets shows about 7 px per character of the default font. */
const PIXELS_PER_CHAR = 7;
const DEFAULT_WIDTH_CHARS = 16;
/** The header labels share column 1 with the table's narrow «№»: wide enough to read, wrapped beyond. */
const LABEL_COLUMN_MAX_CHARS = 32;

/** Types whose cells keep what is typed: a phone «+7 …» or a list «- педагоги» is not a formula. */
const TEXT_TYPES: ReadonlySet<FieldType> = new Set([
  'text',
  'phone',
  'email',
  'choice',
  'multiChoice',
  'mmo',
  'municipality',
  'academicYear',
]);

function defaultHeaderValue(field: FieldDef, ctx: RenderContext): CellValue {
  if (field.type === 'mmo') return ctx.district?.label ?? '';
  if (field.type === 'academicYear') return formatAcademicYear(ctx.academicYear);
  return '';
}

function helpNote(field: FieldDef): string {
  const lines = [field.help ?? '', field.required ? 'Обязательное поле.' : ''].filter(Boolean);
  return lines.join('\n');
}

function listRule(field: FieldDef, ctx: FieldContext): ListRule | null {
  const dropdown = dropdownFor(field, ctx);
  if (!dropdown || dropdown.values.length === 0) return null;
  return {
    values: dropdown.values,
    allowInvalid: dropdown.allowInvalid,
    helpText: dropdown.allowInvalid
      ? 'Выберите из списка или впишите своё значение.'
      : 'Выберите значение из списка.',
  };
}

export function renderTemplate(template: TemplateDef, ctx: RenderContext): SheetRender {
  const layout = sheetLayout(template);
  const fieldCtx: FieldContext = { academicYear: ctx.academicYear, districtNo: ctx.district?.no ?? null };
  const cols = layout.lastColumn;
  const headerCells = layout.headerRows.map(({ field, row }) => ({
    field,
    row,
    value: defaultHeaderValue(field, ctx),
  }));

  const validations: { rect: Rect; rule: ListRule }[] = [];
  const textFormats: Rect[] = [];
  for (const { field, row } of layout.headerRows) {
    const rule = listRule(field, fieldCtx);
    if (rule) validations.push({ rect: rect(row, 2, 1, 1), rule });
  }
  if (layout.headerRows.length)
    textFormats.push(rect(layout.headerRows[0].row, 2, layout.headerRows.length, 1));
  for (const run of validationRuns(template, layout)) {
    const runRect = rect(run.fromRow, run.col, run.toRow - run.fromRow + 1, 1);
    const rule = listRule(run.field, fieldCtx);
    if (rule) validations.push({ rect: runRect, rule });
    if (TEXT_TYPES.has(run.field.type)) textFormats.push(runRect);
  }

  const itemCells =
    template.layout === 'items' ? layout.items.map(({ item }) => itemPrintedCells(template, item)) : [];
  const printedWidth = template.layout === 'items' ? printedColumns(template).length : 0;
  const styles: { rect: Rect; style: CellStyle }[] = [
    { rect: rect(layout.titleRow, 1, 1, 1), style: { bold: true, fontSize: 12 } },
    {
      rect: rect(layout.tableHeaderRow, 1, 1, cols),
      style: { bold: true, wrap: true, background: HEADER_BACKGROUND, verticalAlignment: 'middle' },
    },
  ];
  if (layout.headerRows.length) {
    styles.push({
      rect: rect(layout.headerRows[0].row, 1, layout.headerRows.length, 1),
      style: { bold: true, wrap: true, verticalAlignment: 'top' },
    });
  }
  // Group headings are contiguous runs at most as many as the items: a handful of calls per template.
  for (const run of groupRuns(layout))
    styles.push({
      rect: rect(run.from, 1, run.to - run.from + 1, cols),
      style: { bold: true, background: GROUP_BACKGROUND },
    });
  if (layout.items.length)
    styles.push({
      rect: rect(layout.firstDataRow, 2, layout.items.length, printedWidth - 1),
      style: { wrap: true, verticalAlignment: 'top' },
    });

  const longestLabel = Math.max(0, ...template.header.map((f) => f.label.length));
  const widths = layout.columns.map(({ field, col }) => {
    let chars = field.width ?? DEFAULT_WIDTH_CHARS;
    if (col === 1) chars = Math.max(chars, Math.min(longestLabel, LABEL_COLUMN_MAX_CHARS));
    return { col, pixels: Math.round(chars * PIXELS_PER_CHAR + 12) };
  });

  const protections: Rect[] = [rect(layout.titleRow, 1, 1, cols)];
  if (layout.headerRows.length)
    protections.push(rect(layout.headerRows[0].row, 1, layout.headerRows.length, 1));
  protections.push(rect(layout.tableHeaderRow, 1, 1, cols));
  if (layout.items.length) protections.push(rect(layout.firstDataRow, 1, layout.items.length, printedWidth));

  return {
    layout,
    size: { rows: Math.max(layout.lastDataRow, layout.tableHeaderRow + 1), cols },
    title: template.title,
    headerCells,
    tableLabels: layout.columns.map(({ field }) => field.label),
    itemCells,
    labelNotes: layout.headerRows.map(({ field }) => helpNote(field)),
    tableNotes: layout.columns.map(({ field }) => helpNote(field)),
    validations,
    textFormats,
    styles,
    frozenRows: layout.tableHeaderRow,
    widths,
    protections,
  };
}

function groupRuns(layout: SheetLayout): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (const { item, row } of layout.items) {
    if (!item.isGroup) continue;
    const last = runs[runs.length - 1];
    if (last && last.to === row - 1) last.to = row;
    else runs.push({ from: row, to: row });
  }
  return runs;
}
