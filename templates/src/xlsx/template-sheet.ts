/**
 * One template as an exceljs worksheet: title, header block, table header with notes and colours,
 * table rows or item rows, dropdowns, frozen panes and print setup — all placed by sheetLayout.
 */
import type ExcelJS from 'exceljs';
import {
  columnLetter,
  districtByNo,
  dropdownFor,
  formatAcademicYear,
  freeSheetName,
  itemAnswers,
  itemPrintedCells,
  matchDistrict,
  parseAcademicYear,
  printedColumns,
  sheetLayout,
  sheetNameKey,
  validationRuns,
  type AcademicYear,
  type CellValue,
  type FieldContext,
  type FieldDef,
  type ItemsTemplate,
  type SheetLayout,
  type TemplateDef,
} from '@mmo/shared';
import {
  BOLD,
  BORDERS,
  COLOURS,
  FONT,
  columnWidth,
  fieldNumFmt,
  rowHeight,
  safeText,
  solidFill,
  writeValue,
} from './cells.js';
import { listFormula, LISTS_SHEET } from './lists.js';
import { addInstructions, INSTRUCTIONS_SHEET } from './instructions.js';

/** Values to put into a rendered template: header block, table rows, or item answers. */
export interface TemplateFill {
  readonly header?: Readonly<Record<string, CellValue>>;
  /** Table layout: one record per row, by field key. */
  readonly rows?: readonly Readonly<Record<string, CellValue>>[];
  /** Items layout: answers by item id, then by answer field key. */
  readonly answers?: Readonly<Record<string, Readonly<Record<string, CellValue>>>>;
}

/** What the file is made for when the fill does not say it. */
export interface RenderOptions {
  /** The year of the «Сроки проведения» dropdown, also written into an empty header «Учебный год». */
  readonly academicYear?: AcademicYear | null;
  /** The ММО written into an empty header «ММО»; it also narrows the municipality dropdown. */
  readonly districtNo?: number | null;
}

/** Empty table rows drawn with borders, so a blank template looks like the printed form. */
const BORDERED_BLANK_ROWS = 20;
/** Width in characters a header-block answer cell spans at least. */
const HEADER_VALUE_WIDTH = 30;

interface DataValidationsApi {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

/** exceljs has `worksheet.dataValidations` but its typings do not declare it. */
function dataValidations(sheet: ExcelJS.Worksheet): DataValidationsApi {
  return (sheet as unknown as { dataValidations: DataValidationsApi }).dataValidations;
}

/** A tab name Excel accepts (see sheet-names.ts of shared), unique in the workbook; exceljs reserves «History». */
export function safeSheetName(workbook: ExcelJS.Workbook, wanted: string): string {
  const taken = new Set(['history', ...workbook.worksheets.map((ws) => sheetNameKey(ws.name))]);
  return freeSheetName(wanted, (name) => taken.has(sheetNameKey(name)));
}

function headerValue(
  template: TemplateDef,
  fill: TemplateFill | undefined,
  type: FieldDef['type'],
): CellValue | undefined {
  const field = template.header.find((f) => f.type === type);
  return field ? fill?.header?.[field.key] : undefined;
}

/** Year and ММО of the sheet: what the fill's header says, else the options. */
export function fieldContext(
  template: TemplateDef,
  fill: TemplateFill | undefined,
  options: RenderOptions,
): FieldContext {
  const year = headerValue(template, fill, 'academicYear');
  const mmo = headerValue(template, fill, 'mmo');
  const district = typeof mmo === 'number' ? districtByNo(mmo) : mmo ? matchDistrict(mmo) : null;
  return {
    academicYear:
      (year !== undefined && year !== null ? parseAcademicYear(year) : null) ?? options.academicYear ?? null,
    districtNo: district?.no ?? options.districtNo ?? null,
  };
}

/** A value as the sheet shows it: the dropdown's wording for ММО, years and yes/no. */
function shownValue(field: FieldDef, value: CellValue | undefined): CellValue | undefined {
  if (field.type === 'yesNo' && typeof value === 'boolean') return value ? 'Да' : 'Нет';
  if (field.type === 'mmo' && typeof value === 'number') return districtByNo(value)?.label ?? value;
  if (field.type === 'academicYear' && typeof value === 'number')
    return parseAcademicYear(value) ? formatAcademicYear({ startYear: value }) : value;
  return value;
}

function headerFieldValue(
  field: FieldDef,
  fill: TemplateFill | undefined,
  ctx: FieldContext,
): CellValue | undefined {
  const given = fill?.header?.[field.key];
  if (given !== undefined && given !== null) return shownValue(field, given);
  if (field.type === 'academicYear' && ctx.academicYear) return formatAcademicYear(ctx.academicYear);
  if (field.type === 'mmo' && ctx.districtNo) return districtByNo(ctx.districtNo)?.label;
  return undefined;
}

function noteText(field: FieldDef): string | null {
  const help = field.help ? safeText(field.help) : '';
  if (field.required) return help ? `Обязательное поле. ${help}` : 'Обязательное поле.';
  return help || null;
}

function addValidation(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  address: string,
  field: FieldDef,
  ctx: FieldContext,
): boolean {
  const dropdown = dropdownFor(field, ctx);
  const values = dropdown?.values.filter((v) => v.trim() !== '') ?? [];
  if (!dropdown || values.length === 0) return false;
  dataValidations(sheet).add(address, {
    type: 'list',
    allowBlank: true,
    formulae: [listFormula(workbook, values)],
    // Where the list is only a suggestion, any text must go in silently; «Проверить лист» explains.
    showErrorMessage: !dropdown.allowInvalid,
    errorStyle: dropdown.allowInvalid ? 'information' : 'stop',
    errorTitle: 'Значение не из списка',
    error: safeText(`Выберите значение из выпадающего списка «${field.label}».`).slice(0, 255),
  });
  return true;
}

function widths(layout: SheetLayout): number[] {
  const w = layout.columns.map(({ field }) => columnWidth(field));
  while (w.length < layout.lastColumn) w.push(14);
  return w;
}

function sum(values: readonly number[], from: number, to: number): number {
  return values.slice(from - 1, to).reduce((a, b) => a + b, 0);
}

function writeTitle(
  sheet: ExcelJS.Worksheet,
  template: TemplateDef,
  layout: SheetLayout,
  colWidths: readonly number[],
): void {
  const row = sheet.getRow(layout.titleRow);
  const cell = row.getCell(1);
  cell.value = safeText(template.title);
  cell.font = { ...BOLD, size: 14 };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.mergeCells(layout.titleRow, 1, layout.titleRow, layout.lastColumn);
  row.height =
    rowHeight([{ text: template.title, width: sum(colWidths, 1, layout.lastColumn), bold: true, size: 14 }]) +
    4;
}

/**
 * Header block: the label in column 1, overflowing into empty columns to its right; the answer in
 * the first column past the longest label, merged to a comfortable width. The label is never
 * merged: a reader copying merged values would take it for its own answer.
 */
function writeHeaderBlock(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  layout: SheetLayout,
  colWidths: readonly number[],
  fill: TemplateFill | undefined,
  ctx: FieldContext,
): void {
  if (layout.headerRows.length === 0) return;
  const labelWidth = Math.max(...layout.headerRows.map(({ field }) => field.label.length * 1.15 + 2));
  let valueCol = 2;
  while (valueCol < layout.lastColumn && sum(colWidths, 1, valueCol - 1) < labelWidth) valueCol++;
  let valueEnd = valueCol;
  while (valueEnd < layout.lastColumn && sum(colWidths, valueCol, valueEnd) < HEADER_VALUE_WIDTH) valueEnd++;
  for (const { field, row: r } of layout.headerRows) {
    const row = sheet.getRow(r);
    const label = row.getCell(1);
    label.value = safeText(field.label);
    label.font = BOLD;
    label.alignment = { horizontal: 'left', vertical: 'middle', wrapText: false };
    const note = noteText(field);
    if (note) label.note = note;
    const cell = row.getCell(valueCol);
    writeValue(cell, headerFieldValue(field, fill, ctx));
    const numFmt = fieldNumFmt(field);
    if (numFmt && cell.value === null) cell.numFmt = numFmt;
    cell.font = FONT;
    cell.alignment = { horizontal: 'left', vertical: 'middle' };
    if (valueEnd > valueCol) sheet.mergeCells(r, valueCol, r, valueEnd);
    for (let c = valueCol; c <= valueEnd; c++) {
      const part = row.getCell(c);
      part.fill = solidFill(COLOURS.input);
      part.border = BORDERS;
    }
    row.height = 18;
    addValidation(workbook, sheet, `${columnLetter(valueCol)}${r}`, field, ctx);
  }
}

function writeTableHeader(sheet: ExcelJS.Worksheet, layout: SheetLayout, colWidths: readonly number[]): void {
  const row = sheet.getRow(layout.tableHeaderRow);
  for (const { field, col } of layout.columns) {
    const cell = row.getCell(col);
    // Verbatim: the reader and people matching it against the printed form rely on the exact text.
    cell.value = safeText(field.label);
    cell.font = BOLD;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = solidFill(field.required ? COLOURS.required : COLOURS.optional);
    cell.border = BORDERS;
    const note = noteText(field);
    if (note) cell.note = note;
  }
  row.height = rowHeight(
    layout.columns.map(({ field, col }) => ({ text: field.label, width: colWidths[col - 1], bold: true })),
  );
}

function dataCell(cell: ExcelJS.Cell, field: FieldDef, value: CellValue | undefined): void {
  writeValue(cell, shownValue(field, value));
  const numFmt = fieldNumFmt(field);
  if (numFmt && cell.value === null) cell.numFmt = numFmt;
  cell.font = FONT;
  cell.alignment = { vertical: 'top', wrapText: true };
  cell.border = BORDERS;
}

/** Text whose length decides a row's height. */
function shownText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  return value instanceof Date ? 'дд.мм.гггг' : String(value);
}

/** Table rows; returns the last row written or bordered. */
function writeTableRows(
  sheet: ExcelJS.Worksheet,
  layout: SheetLayout,
  colWidths: readonly number[],
  fill: TemplateFill | undefined,
): number {
  const rows = fill?.rows ?? [];
  const lastRow = layout.firstDataRow + Math.max(rows.length, BORDERED_BLANK_ROWS) - 1;
  for (let r = layout.firstDataRow; r <= lastRow; r++) {
    const record = rows[r - layout.firstDataRow];
    const row = sheet.getRow(r);
    for (const { field, col } of layout.columns) dataCell(row.getCell(col), field, record?.[field.key]);
    if (record) {
      row.height = rowHeight(
        layout.columns.map(({ field, col }) => ({
          text: shownText(shownValue(field, record[field.key])),
          width: colWidths[col - 1],
        })),
      );
    }
  }
  return lastRow;
}

function writeItemRows(
  sheet: ExcelJS.Worksheet,
  template: ItemsTemplate,
  layout: SheetLayout,
  colWidths: readonly number[],
  fill: TemplateFill | undefined,
): void {
  const printedCount = printedColumns(template).length;
  for (const { item, row: r } of layout.items) {
    const row = sheet.getRow(r);
    const texts = itemPrintedCells(template, item);
    const printed = texts.map((text, i) => {
      const cell = row.getCell(i + 1);
      // № and text as always (a blank № included); an info cell the item leaves empty stays empty.
      writeValue(cell, i < 2 || text !== '' ? text : null);
      cell.alignment =
        i === 0 ? { vertical: 'top', horizontal: 'center' } : { vertical: 'top', wrapText: true };
      return cell;
    });
    if (item.isGroup) {
      for (let c = 1; c <= layout.lastColumn; c++) {
        const cell = row.getCell(c);
        cell.font = BOLD;
        cell.fill = solidFill(COLOURS.group);
        cell.border = BORDERS;
      }
      if (layout.lastColumn > 2) sheet.mergeCells(r, 2, r, layout.lastColumn);
      row.height = rowHeight([{ text: item.text, width: sum(colWidths, 2, layout.lastColumn), bold: true }]);
      continue;
    }
    for (const cell of printed) {
      cell.font = FONT;
      cell.border = BORDERS;
    }
    const answers = itemAnswers(template, item);
    const heights = texts.slice(1).map((text, i) => ({ text, width: colWidths[i + 1] }));
    for (const { field: column, col } of layout.columns.slice(printedCount)) {
      const field = answers.find((f) => f.key === column.key);
      const cell = row.getCell(col);
      if (!field) {
        cell.fill = solidFill(COLOURS.notApplicable);
        cell.border = BORDERS;
        continue;
      }
      const value = fill?.answers?.[item.id]?.[field.key];
      dataCell(cell, field, value);
      heights.push({ text: shownText(shownValue(field, value)), width: colWidths[col - 1] });
    }
    row.height = rowHeight(heights);
  }
}

/** Template sheets first, then «Инструкция», the hidden «Списки» last: the file opens on the form. */
function orderSheets(workbook: ExcelJS.Workbook): void {
  const rank = (ws: ExcelJS.Worksheet) =>
    ws.name === LISTS_SHEET ? 2 : ws.name === INSTRUCTIONS_SHEET ? 1 : 0;
  const sheets = [...workbook.worksheets].sort((a, b) => rank(a) - rank(b));
  sheets.forEach((ws, i) => ((ws as unknown as { orderNo: number }).orderNo = i + 1));
  workbook.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' },
  ];
}

export function writeTemplateSheet(
  workbook: ExcelJS.Workbook,
  template: TemplateDef,
  fill: TemplateFill | undefined,
  options: RenderOptions,
): ExcelJS.Worksheet {
  const layout = sheetLayout(template);
  const ctx = fieldContext(template, fill, options);
  const colWidths = widths(layout);
  const name = safeSheetName(workbook, template.sheetName);
  const sheet = workbook.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit: 0,
        ySplit: layout.tableHeaderRow,
        topLeftCell: `A${layout.firstDataRow}`,
        activeCell: `A${layout.firstDataRow}`,
      },
    ],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${layout.tableHeaderRow}:${layout.tableHeaderRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    properties: { defaultRowHeight: 15 },
  });
  colWidths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  if (template.layout === 'table') {
    // Column formats reach the rows below the drawn ones: what users type there lands as the right kind too.
    for (const { field, col } of layout.columns) {
      const numFmt = fieldNumFmt(field);
      const column = sheet.getColumn(col);
      column.style = {
        font: FONT,
        alignment: { vertical: 'top', wrapText: true },
        ...(numFmt ? { numFmt } : {}),
      };
      column.width = colWidths[col - 1];
    }
  }

  writeTitle(sheet, template, layout, colWidths);
  writeHeaderBlock(workbook, sheet, layout, colWidths, fill, ctx);
  writeTableHeader(sheet, layout, colWidths);

  // A filled table can outgrow the rows the layout validates; the dropdowns follow the data.
  const extraRows =
    template.layout === 'table'
      ? Math.max(0, layout.firstDataRow + (fill?.rows?.length ?? 0) - 1 - layout.lastDataRow)
      : 0;
  if (template.layout === 'table') writeTableRows(sheet, layout, colWidths, fill);
  else writeItemRows(sheet, template, layout, colWidths, fill);

  for (const run of validationRuns(template, layout)) {
    const letter = columnLetter(run.col);
    const toRow = template.layout === 'table' ? run.toRow + extraRows : run.toRow;
    addValidation(
      workbook,
      sheet,
      run.fromRow === toRow ? `${letter}${run.fromRow}` : `${letter}${run.fromRow}:${letter}${toRow}`,
      run.field,
      ctx,
    );
  }

  addInstructions(workbook, template, name, ctx);
  orderSheets(workbook);
  return sheet;
}
