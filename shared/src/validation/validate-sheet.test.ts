import { describe, expect, it } from 'vitest';
import { readSheet } from '../template/read-sheet.js';
import { validateSheet } from './validate-sheet.js';
import { formatIssue } from './issue.js';
import { normalizePhone } from '../template/fields.js';
import type { Grid, TableTemplate } from '../template/model.js';

const FORM: TableTemplate = {
  id: 'form',
  layout: 'table',
  title: 'Заявка',
  sheetName: 'Заявка',
  menuLabel: 'Заявка',
  source: 'test',
  instructions: [],
  header: [
    { key: 'mmo', label: 'Межмуниципальный методический округ', type: 'mmo', required: true },
    { key: 'year', label: 'Учебный год', type: 'academicYear', required: true },
    { key: 'phone', label: 'Контактный телефон', type: 'phone', required: true },
    { key: 'email', label: 'Электронный адрес', type: 'email' },
  ],
  columns: [
    { key: 'title', label: 'Название мероприятия', type: 'text', required: true },
    {
      key: 'who',
      label: 'Участники',
      type: 'multiChoice',
      allowOther: true,
      choices: ['Методисты', 'Педагоги 1-х, 5-х классов', 'Руководители ОО'],
    },
    { key: 'period', label: 'Сроки проведения', type: 'period', required: true },
    { key: 'count', label: 'Количество', type: 'integer' },
    { key: 'place', label: 'Место', type: 'municipality' },
  ],
};

function sheet(rows: Grid): Grid {
  return [
    ['Межмуниципальный методический округ', 'ММО «Горный»'],
    ['Учебный год', '2022/2023'],
    ['Контактный телефон', '8 (8722) 67-00-00'],
    ['Электронный адрес', 'mms@mail.ru'],
    [],
    ['Название мероприятия', 'Участники', 'Сроки проведения', 'Количество', 'Место'],
    ...rows,
  ];
}

function run(rows: Grid) {
  const grid = sheet(rows);
  return validateSheet(FORM, readSheet(FORM, grid));
}

describe('validateSheet', () => {
  it('parses the header block: ММО, year, phone in a Russian format', () => {
    const v = run([['Семинар', 'Методисты', 'Ноябрь, 2022', '3', 'Гунибский район']]);
    expect(v.header).toMatchObject({ mmo: 4, year: 2022, phone: '+7 (872) 267-00-00', email: 'mms@mail.ru' });
    expect(v.districtNo).toBe(4);
    expect(v.academicYear).toEqual({ startYear: 2022 });
    expect(v.issues).toEqual([]);
    expect(v.records[0].values).toMatchObject({
      title: 'Семинар',
      who: ['Методисты'],
      count: 3,
      place: 'Гунибский',
    });
  });

  it('reports every problem of every row at once and keeps the valid rows', () => {
    const v = run([
      ['', 'Методисты', '', 'много', ''],
      ['Конкурс', 'Руководители ОО, педагоги 1-х, 5-х классов', 'Март, 2023', '', ''],
    ]);
    expect(v.records.map((r) => r.values.title)).toEqual(['Конкурс']);
    expect(v.rejectedRows).toBe(1);
    const errors = v.issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.row, e.column, e.columnLabel])).toEqual([
      [7, 'A', 'Название мероприятия'],
      [7, 'C', 'Сроки проведения'],
      [7, 'D', 'Количество'],
    ]);
    expect(formatIssue({ ...errors[2], file: 'ММО-4.xlsx', sheet: 'План ММО' })).toBe(
      'Файл «ММО-4.xlsx», лист «План ММО», строка 7, столбец D «Количество»: нужно целое число, а здесь «много»',
    );
    // «Педагоги 1-х, 5-х классов» contains a comma and is still one category.
    expect(v.records[0].values.who).toEqual(['Педагоги 1-х, 5-х классов', 'Руководители ОО']);
  });

  it('warns, without rejecting, about unknown categories, periods outside the year and members of another ММО', () => {
    const v = run([['Слёт', 'Библиотекари', 'Май, 2024', '', 'Город Махачкала']]);
    expect(v.records).toHaveLength(1);
    const warnings = v.issues.filter((i) => i.severity === 'warning').map((i) => i.columnLabel);
    expect(warnings).toEqual(['Участники', 'Сроки проведения', 'Место']);
    expect(v.issues.find((i) => i.columnLabel === 'Место')?.message).toBe(
      '«Город Махачкала» входит в ММО №7, а лист — ММО №4',
    );
  });

  it('rejects a header phone that is not a Russian number and names where it is', () => {
    const grid = sheet([['Семинар', '', 'Ноябрь, 2022', '', '']]);
    const bad = grid.map((r) => (r[0] === 'Контактный телефон' ? ['Контактный телефон', '12-34'] : r));
    const v = validateSheet(FORM, readSheet(FORM, bad));
    expect(v.issues).toContainEqual(
      expect.objectContaining({ severity: 'error', row: 3, column: 'B', field: 'phone' }),
    );
  });

  it('uses the caller’s ММО when the sheet names none, and asks for it when nobody knows', () => {
    const grid = sheet([['Семинар', '', 'Ноябрь, 2022', '', '']]).filter(
      (r) => r[0] !== 'Межмуниципальный методический округ',
    );
    expect(validateSheet(FORM, readSheet(FORM, grid), { districtNo: 2 }).header.mmo).toBe(2);
    const unknown = validateSheet(FORM, readSheet(FORM, grid));
    expect(unknown.issues[0]).toMatchObject({ severity: 'error', field: 'mmo' });
  });
});

describe('normalizePhone', () => {
  it.each([
    ['+7 928 123-45-67', '+7 (928) 123-45-67'],
    ['8 (928) 123 45 67', '+7 (928) 123-45-67'],
    ['89281234567', '+7 (928) 123-45-67'],
    ['9281234567', '+7 (928) 123-45-67'],
    ['8(8722)67-00-00', '+7 (872) 267-00-00'],
    ['123-45', null],
    ['+1 202 555 0100', null],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});
