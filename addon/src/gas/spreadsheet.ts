/// <reference types="google-apps-script" />
/**
 * SheetPort and SpreadsheetPort over SpreadsheetApp. Each port method is a fixed handful of service
 * calls on one range, whatever its size: the add-on's call budget is decided here.
 */
import type { CellValue } from '@mmo/shared';
import type { CellStyle, ListRule, Rect, SheetPort, SpreadsheetPort } from '../ports.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Plain text: what is written stays a string even when it starts with = + - @ or looks like a number. */
const TEXT_FORMAT = '@';

function rangeOf(sheet: Sheet, r: Rect): GoogleAppsScript.Spreadsheet.Range {
  return sheet.getRange(r.row, r.col, r.rows, r.cols);
}

/** setValues wants a rectangle; a short row is padded with empty strings rather than failing. */
function rectangular(values: readonly (readonly CellValue[])[]): (string | number | boolean | Date)[][] {
  const width = values.reduce((w, row) => Math.max(w, row.length), 0);
  return values.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
}

export function gasSheet(sheet: Sheet): SheetPort {
  return {
    name: () => sheet.getName(),
    readValues: () => sheet.getDataRange().getValues() as CellValue[][],
    size: () => ({ rows: sheet.getMaxRows(), cols: sheet.getMaxColumns() }),
    ensureSize(rows, cols) {
      const maxRows = sheet.getMaxRows();
      if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
      const maxCols = sheet.getMaxColumns();
      if (maxCols < cols) sheet.insertColumnsAfter(maxCols, cols - maxCols);
    },
    writeValues(row, col, values, options) {
      const block = rectangular(values);
      if (!block.length || !block[0].length) return;
      const range = sheet.getRange(row, col, block.length, block[0].length);
      if (options?.asText) range.setNumberFormat(TEXT_FORMAT);
      range.setValues(block);
    },
    setTextFormat: (r) => void rangeOf(sheet, r).setNumberFormat(TEXT_FORMAT),
    readNotes: (r) => rangeOf(sheet, r).getNotes(),
    writeNotes: (r, notes) => void rangeOf(sheet, r).setNotes(notes.map((row) => [...row])),
    readBackgrounds: (r) => rangeOf(sheet, r).getBackgrounds(),
    writeBackgrounds: (r, colors) => void rangeOf(sheet, r).setBackgrounds(colors.map((row) => [...row])),
    setListValidation(r, rule: ListRule) {
      let builder = SpreadsheetApp.newDataValidation()
        .requireValueInList([...rule.values], true)
        .setAllowInvalid(rule.allowInvalid);
      if (rule.helpText) builder = builder.setHelpText(rule.helpText);
      rangeOf(sheet, r).setDataValidation(builder.build());
    },
    style(r, style: CellStyle) {
      const range = rangeOf(sheet, r);
      if (style.bold !== undefined) range.setFontWeight(style.bold ? 'bold' : 'normal');
      if (style.wrap !== undefined) range.setWrap(style.wrap);
      if (style.background !== undefined) range.setBackground(style.background);
      if (style.fontSize !== undefined) range.setFontSize(style.fontSize);
      if (style.verticalAlignment !== undefined) range.setVerticalAlignment(style.verticalAlignment);
    },
    freezeRows: (rows) => sheet.setFrozenRows(rows),
    setColumnWidth: (col, pixels) => void sheet.setColumnWidth(col, pixels),
    protect(rects, description) {
      // Ours are found by description, so a refresh replaces them instead of stacking duplicates.
      for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE)) {
        if (p.getDescription() === description) p.remove();
      }
      for (const r of rects) rangeOf(sheet, r).protect().setDescription(description).setWarningOnly(true);
    },
    activate: () => void sheet.activate(),
  };
}

export function gasSpreadsheet(
  open: () => Spreadsheet = () => SpreadsheetApp.getActiveSpreadsheet(),
): SpreadsheetPort {
  let cached: Spreadsheet | null = null;
  const ss = () => (cached ??= open());
  return {
    activeSheet: () => gasSheet(ss().getActiveSheet()),
    sheet(name) {
      const sheet = ss().getSheetByName(name);
      return sheet ? gasSheet(sheet) : null;
    },
    sheetNames: () =>
      ss()
        .getSheets()
        .map((s) => s.getName()),
    insertSheet: (name) => gasSheet(ss().insertSheet(name, ss().getNumSheets())),
    toast: (message, title) => ss().toast(message, title),
  };
}
