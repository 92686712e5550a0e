/** .xlsx face of the template model (exceljs): a sheet per definition, filled or blank. */
import type ExcelJS from 'exceljs';
import type { CellValue, TemplateDef } from '@mmo/shared';

/** Values to put into a rendered template: header block, table rows, or item answers. */
export interface TemplateFill {
  readonly header?: Readonly<Record<string, CellValue>>;
  /** Table layout: one record per row, by field key. */
  readonly rows?: readonly Readonly<Record<string, CellValue>>[];
  /** Items layout: answers by item id, then by answer field key. */
  readonly answers?: Readonly<Record<string, Readonly<Record<string, CellValue>>>>;
}

/** Adds the template's sheet (plus the shared «Инструкция» and hidden «Списки» sheets once) to a workbook. */
export function addTemplateSheet(workbook: ExcelJS.Workbook, template: TemplateDef, fill?: TemplateFill): ExcelJS.Worksheet {
  void workbook;
  void template;
  void fill;
  throw new Error('not implemented');
}

/** A whole .xlsx file with one template. */
export async function renderTemplateXlsx(template: TemplateDef, fill?: TemplateFill): Promise<Buffer> {
  void template;
  void fill;
  throw new Error('not implemented');
}
