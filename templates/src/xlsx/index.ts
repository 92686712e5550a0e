/** .xlsx face of the template model (exceljs): a sheet per definition, filled or blank, and the way back to grids. */
import ExcelJS from 'exceljs';
import type { TemplateDef } from '@mmo/shared';
import { writeTemplateSheet, type RenderOptions, type TemplateFill } from './template-sheet.js';

export type { RenderOptions, TemplateFill } from './template-sheet.js';
export { readWorkbookGrids, type WorkbookGrid } from './read-grid.js';
export { INSTRUCTIONS_SHEET } from './instructions.js';
export { LISTS_SHEET } from './lists.js';

/** Adds the template's sheet (plus the shared «Инструкция» and hidden «Списки» sheets once) to a workbook. */
export function addTemplateSheet(
  workbook: ExcelJS.Workbook,
  template: TemplateDef,
  fill?: TemplateFill,
  options: RenderOptions = {},
): ExcelJS.Worksheet {
  return writeTemplateSheet(workbook, template, fill, options);
}

/** A whole .xlsx file with one template. */
export async function renderTemplateXlsx(
  template: TemplateDef,
  fill?: TemplateFill,
  options: RenderOptions = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ММО Sync';
  workbook.title = template.title;
  workbook.created = new Date();
  addTemplateSheet(workbook, template, fill, options);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
