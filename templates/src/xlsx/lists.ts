/**
 * The hidden «Списки» sheet: every dropdown's values in a column of their own, referenced by range.
 * Excel caps an inline list at 255 characters, and the participant categories alone are longer, so
 * every list goes here — one way for all of them.
 */
import type ExcelJS from 'exceljs';
import { columnLetter } from '@mmo/shared';
import { FONT, safeText, TEXT_FORMAT } from './cells.js';

export const LISTS_SHEET = 'Списки';

function listsSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const existing = workbook.getWorksheet(LISTS_SHEET);
  if (existing) return existing;
  // 'hidden', not 'veryHidden': someone who wants to edit a list can still unhide it.
  return workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
}

function columnValues(sheet: ExcelJS.Worksheet, col: number): string[] {
  const values: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const v = sheet.getRow(r).getCell(col).value;
    if (v === null || v === undefined) break;
    values.push(String(v));
  }
  return values;
}

/**
 * The validation formula for a list of values: `'Списки'!$A$1:$A$53`. Lists already on the sheet
 * (another column, another template of the same workbook) are reused.
 */
export function listFormula(workbook: ExcelJS.Workbook, values: readonly string[]): string {
  const sheet = listsSheet(workbook);
  const wanted = values.map(safeText);
  const key = wanted.join('\n');
  let col = 1;
  for (; col <= sheet.columnCount; col++) {
    const existing = columnValues(sheet, col);
    if (existing.length === 0) break;
    if (existing.join('\n') === key) return rangeFormula(col, wanted.length);
  }
  wanted.forEach((value, i) => {
    const cell = sheet.getRow(i + 1).getCell(col);
    cell.value = value;
    cell.numFmt = TEXT_FORMAT;
    cell.font = FONT;
  });
  sheet.getColumn(col).width = Math.min(Math.max(12, ...wanted.map((v) => v.length + 2)), 80);
  return rangeFormula(col, wanted.length);
}

function rangeFormula(col: number, length: number): string {
  const letter = columnLetter(col);
  return `'${LISTS_SHEET}'!$${letter}$1:$${letter}$${Math.max(1, length)}`;
}
