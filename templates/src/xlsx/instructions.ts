/**
 * The «Инструкция» sheet: for each template of the workbook its title, source, how to fill it, and
 * every field with whether it is required and what it accepts — so a printed file explains itself.
 */
import type ExcelJS from 'exceljs';
import { answerColumns, dropdownFor, type FieldContext, type FieldDef, type TemplateDef } from '@mmo/shared';
import { BOLD, BORDERS, COLOURS, FONT, rowHeight, safeText, solidFill } from './cells.js';

export const INSTRUCTIONS_SHEET = 'Инструкция';

const WIDTHS = [42, 14, 52, 52] as const;
const TOTAL_WIDTH = WIDTHS.reduce((a, b) => a + b, 0);
/** A list quoted in full up to this length; longer ones are only counted. */
const MAX_QUOTED_LIST = 160;

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `«${v}»`).join(', ');
  return quoted.length <= MAX_QUOTED_LIST ? quoted : `${values.length} вариантов в выпадающем списке`;
}

/** «Что можно вписать» for a field, in the words users know. */
export function allowedValues(field: FieldDef, ctx: FieldContext): string {
  const dropdown = dropdownFor(field, ctx);
  const range =
    field.min !== undefined && field.max !== undefined
      ? ` от ${field.min} до ${field.max}`
      : field.min !== undefined
        ? ` не меньше ${field.min}`
        : field.max !== undefined
          ? ` не больше ${field.max}`
          : '';
  switch (field.type) {
    case 'text':
      return 'Текст';
    case 'integer':
      return `Целое число${range}`;
    case 'number':
      return `Число${range}`;
    case 'percent':
      return 'Доля в процентах от 0 до 100, например 45 или 45 %';
    case 'date':
      return 'Дата, например 20.12.2022';
    case 'period':
      return 'Месяц и год («Ноябрь, 2022»), несколько месяцев («Март-апрель, 2023»), «В течение года», «По отдельному плану» или дата; месяцы учебного года — в выпадающем списке';
    case 'phone':
      return 'Телефон, например +7 928 123-45-67 или 8 (8722) 67-00-00';
    case 'email':
      return 'Электронная почта, например mms@mail.ru';
    case 'choice':
      return `Одно значение из списка: ${quoteList(field.choices ?? [])}${field.allowOther ? '; можно вписать своё' : ''}`;
    case 'multiChoice':
      return `Одно или несколько значений через запятую: ${quoteList(field.choices ?? [])}${field.allowOther ? '; можно вписать своё' : ''}`;
    case 'yesNo':
      return '«Да» или «Нет»';
    case 'mmo':
      return `Один из восьми округов: ${(dropdown?.values ?? []).map((v) => `«${v}»`).join(', ')}`;
    case 'municipality':
      return 'Район или город из состава ММО (выпадающий список)';
    case 'academicYear':
      return 'Учебный год, например 2022-2023';
  }
}

function instructionsSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const existing = workbook.getWorksheet(INSTRUCTIONS_SHEET);
  if (existing) return existing;
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  WIDTHS.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return sheet;
}

/** A line across the whole sheet width. */
function line(sheet: ExcelJS.Worksheet, text: string, font: Partial<ExcelJS.Font> = FONT): void {
  const row = sheet.addRow([safeText(text)]);
  sheet.mergeCells(row.number, 1, row.number, WIDTHS.length);
  const cell = row.getCell(1);
  cell.font = font;
  cell.alignment = { wrapText: true, vertical: 'top' };
  row.height = rowHeight([{ text, width: TOTAL_WIDTH, bold: !!font.bold, size: font.size }]);
}

function fieldTable(
  sheet: ExcelJS.Worksheet,
  caption: string,
  fields: readonly FieldDef[],
  ctx: FieldContext,
): void {
  if (fields.length === 0) return;
  line(sheet, caption, BOLD);
  const head = sheet.addRow(['Поле', 'Обязательное', 'Что можно вписать', 'Пояснение']);
  head.eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = solidFill(COLOURS.optional);
    cell.border = BORDERS;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  for (const field of fields) {
    const texts = [
      field.label,
      field.required ? 'да' : 'нет',
      allowedValues(field, ctx),
      field.help ?? '',
    ].map(safeText);
    const row = sheet.addRow(texts);
    for (let c = 1; c <= WIDTHS.length; c++) {
      const cell = row.getCell(c);
      cell.font = c === 1 && field.required ? BOLD : FONT;
      cell.border = BORDERS;
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
    if (field.required) row.getCell(1).fill = solidFill(COLOURS.required);
    row.height = rowHeight(
      texts.map((text, i) => ({ text, width: WIDTHS[i], bold: i === 0 && field.required })),
    );
  }
}

/** Appends the template's section to «Инструкция» (creating the sheet for the first template of a workbook). */
export function addInstructions(
  workbook: ExcelJS.Workbook,
  template: TemplateDef,
  sheetName: string,
  ctx: FieldContext,
): void {
  const sheet = instructionsSheet(workbook);
  if (sheet.rowCount > 0) sheet.addRow([]);
  line(sheet, template.title, { ...BOLD, size: 13 });
  line(sheet, `Лист: «${sheetName}». Источник формы: ${template.source}.`);
  if (template.instructions.length) {
    sheet.addRow([]);
    line(sheet, 'Как заполнять', BOLD);
    template.instructions.forEach((text, i) => line(sheet, `${i + 1}. ${text}`));
  }
  line(
    sheet,
    'Заголовки обязательных столбцов выделены оранжевым, необязательных — голубым. Наведите курсор на заголовок, чтобы увидеть подсказку. ' +
      'Где есть выпадающий список, выберите значение из него; где список допускает своё значение, Excel примет и его.',
  );
  sheet.addRow([]);
  fieldTable(sheet, 'Шапка листа (над таблицей)', template.header, ctx);
  if (template.header.length) sheet.addRow([]);
  fieldTable(
    sheet,
    template.layout === 'items' ? 'Столбцы ответов' : 'Столбцы таблицы',
    answerColumns(template),
    ctx,
  );
}
