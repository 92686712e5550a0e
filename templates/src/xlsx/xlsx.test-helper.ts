/** Shared by the .xlsx tests: loading files back, values for every field type, an items fixture. */
import ExcelJS from 'exceljs';
import {
  itemAnswers,
  type CellValue,
  type FieldDef,
  type ItemsTemplate,
  type TemplateDef,
} from '@mmo/shared';
import type { TemplateFill } from './index.js';

export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

/** exceljs reads a validation range into one entry per cell, all sharing the range's object. */
export function validationsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.DataValidation> {
  return (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
    .dataValidations.model;
}

export function noteOf(cell: ExcelJS.Cell): string {
  const note = cell.note as unknown;
  if (!note) return '';
  if (typeof note === 'string') return note;
  return ((note as { texts?: { text: string }[] }).texts ?? []).map((t) => t.text).join('');
}

/** A value of the field's type that its reader accepts as is. */
export function sampleValue(field: FieldDef, i: number): CellValue {
  switch (field.type) {
    case 'text':
      return `Текст ${i + 1} для «${field.label.slice(0, 20)}»`;
    case 'integer':
      return Math.max(field.min ?? 0, Math.min(field.max ?? 1000, i + 1));
    case 'number':
      return Math.max(field.min ?? 0, Math.min(field.max ?? 1000, i + 1.5));
    case 'percent':
      return 45;
    case 'date':
      return new Date(2022, 11, 20 + i);
    case 'period':
      return 'Ноябрь, 2022';
    case 'phone':
      return `+7 928 123-45-6${i % 10}`;
    case 'email':
      return `mms${i}@mail.ru`;
    case 'choice':
      return field.choices?.[i % field.choices.length] ?? 'Вариант';
    case 'multiChoice':
      return (field.choices ?? ['Вариант']).slice(0, 2).join(', ');
    case 'yesNo':
      return i % 2 ? 'Нет' : 'Да';
    case 'mmo':
      return '№4. Горный';
    case 'municipality':
      return 'Гунибский';
    case 'academicYear':
      return '2022-2023';
  }
}

/** A fill with a value in every cell a user can fill. */
export function sampleFill(template: TemplateDef, rows = 3): TemplateFill {
  const header = Object.fromEntries(template.header.map((f, i) => [f.key, sampleValue(f, i)]));
  if (template.layout === 'table') {
    return {
      header,
      rows: Array.from({ length: rows }, (_, i) =>
        Object.fromEntries(template.columns.map((f) => [f.key, sampleValue(f, i)])),
      ),
    };
  }
  const answers: Record<string, Record<string, CellValue>> = {};
  template.items.forEach((item, i) => {
    if (!item.isGroup)
      answers[item.id] = Object.fromEntries(
        itemAnswers(template, item).map((f) => [f.key, sampleValue(f, i)]),
      );
  });
  return { header, answers };
}

/** An items form with what the registry may not have yet: per-item answers, a column some items lack, repeated texts. */
export const ITEMS_FIXTURE = {
  id: 'fixture-indicators',
  layout: 'items',
  title: 'ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ (тестовая форма)',
  sheetName: 'Показатели: тест [1]/2?',
  menuLabel: 'Показатели (тест)',
  source: 'Тестовая форма',
  header: [
    {
      key: 'mmo',
      label: 'Межмуниципальный методический округ',
      type: 'mmo',
      required: true,
      help: 'Выберите свой округ.',
    },
    { key: 'filled', label: 'Дата заполнения', type: 'date' },
  ],
  instructions: ['Ответьте на каждый пункт.'],
  numberLabel: '№',
  itemLabel: 'Показатели',
  answers: [
    { key: 'value', label: 'Наличие', type: 'yesNo', required: true, help: 'Да или Нет.' },
    { key: 'comment', label: 'Комментарий', type: 'text' },
  ],
  items: [
    { id: '1.', text: 'Нормативное обеспечение', isGroup: true },
    { id: '1.1', text: 'Положение о методической службе' },
    { id: '1.2', text: 'Программа развития' },
    {
      id: '1.3',
      text: 'Количество программ ПДО, вошедших в федеральный реестр, с очень длинным текстом пункта, который обязательно переносится на несколько строк в ячейке',
      answers: [{ key: 'value', label: 'Наличие', type: 'integer', min: 0, help: 'Число программ.' }],
    },
    { id: '2.', text: 'Взаимодействие', isGroup: true },
    { id: '2.1', text: '- обмена опытом' },
    {
      id: '2.2',
      text: 'Доля педагогов',
      answers: [
        { key: 'value', label: 'Наличие', type: 'percent' },
        { key: 'level', label: 'Уровень', type: 'choice', choices: ['Высокий', 'Средний', 'Низкий'] },
      ],
    },
    { id: '2.3', text: 'Проект' },
  ],
} as const satisfies ItemsTemplate;
