/**
 * What the template model gained so that a form is data: printed info cells per item, table
 * sections, blanks to fill in item texts, and the regional views a form declares.
 */
import { describe, expect, it } from 'vitest';
import {
  answerColumns,
  itemPrintedCells,
  printedColumns,
  tableColumns,
  type Grid,
  type ItemsTemplate,
  type TableTemplate,
} from './model.js';
import { sheetLayout, validationRuns } from './layout.js';
import { readSheet, sameItemText } from './read-sheet.js';
import { regionalViewSchema } from './regional-view.js';
import { validateSheet } from '../validation/validate-sheet.js';

const CHECKLIST: ItemsTemplate = {
  id: 'checklist',
  layout: 'items',
  title: 'ДОРОЖНАЯ КАРТА (тест)',
  sheetName: 'Карта',
  menuLabel: 'Карта',
  source: 'test',
  instructions: [],
  header: [],
  numberLabel: 'N',
  itemLabel: 'Содержание деятельности',
  infoColumns: [
    { key: 'term', label: 'Сроки', type: 'text' },
    { key: 'expected', label: 'Ожидаемые результаты', type: 'text' },
  ],
  answers: [
    {
      key: 'status',
      label: 'Статус',
      type: 'choice',
      choices: ['выполнено', 'в работе', 'не начато'],
      required: true,
    },
    { key: 'comment', label: 'Комментарий', type: 'text' },
  ],
  items: [
    { id: '1.', number: '1.', text: 'Подготовка условий', isGroup: true },
    {
      id: '1.1.',
      text: 'Положение о наставничестве в образовательном пространстве ________',
      info: { term: 'Май, 2022', expected: 'Положение' },
    },
    { id: '1.2.', text: 'Семинар-совещание', info: { expected: 'Согласование действий' } },
  ],
};

describe('info columns of an items form', () => {
  it('are printed after the item text, never answered', () => {
    expect(tableColumns(CHECKLIST).map((f) => f.key)).toEqual([
      'no',
      'item',
      'term',
      'expected',
      'status',
      'comment',
    ]);
    expect(printedColumns(CHECKLIST).map((f) => f.label)).toEqual([
      'N',
      'Содержание деятельности',
      'Сроки',
      'Ожидаемые результаты',
    ]);
    expect(answerColumns(CHECKLIST).map((f) => f.key)).toEqual(['status', 'comment']);
    expect(CHECKLIST.items.map((i) => itemPrintedCells(CHECKLIST, i))).toEqual([
      ['1.', 'Подготовка условий', '', ''],
      [
        '1.1.',
        'Положение о наставничестве в образовательном пространстве ________',
        'Май, 2022',
        'Положение',
      ],
      ['1.2.', 'Семинар-совещание', '', 'Согласование действий'],
    ]);
    // Dropdowns only where answers go.
    expect(validationRuns(CHECKLIST).map((r) => r.field.key)).toEqual(['status', 'comment']);
    expect(sheetLayout(CHECKLIST).lastColumn).toBe(6);
  });

  it('are read back but not validated: a changed info cell is no error, a bad status is', () => {
    const grid: Grid = [
      ['N', 'Содержание деятельности', 'Сроки', 'Ожидаемые результаты', 'Статус', 'Комментарий'],
      ['1.', 'Подготовка условий'],
      [
        '1.1.',
        'Положение о наставничестве в образовательном пространстве ________',
        'переписано',
        'Положение',
        'выполнено',
      ],
      ['1.2.', 'Семинар-совещание', '', 'Согласование действий', 'сделано'],
    ];
    const read = readSheet(CHECKLIST, grid);
    expect(read.records.map((r) => r.values.term)).toEqual(['переписано', '']);
    const result = validateSheet(CHECKLIST, read);
    expect(result.records.map((r) => [r.item?.id, r.values])).toEqual([
      ['1.1.', { status: 'выполнено', comment: null }],
    ]);
    expect(result.issues).toEqual([
      expect.objectContaining({ severity: 'error', row: 4, column: 'E', columnLabel: 'Статус' }),
    ]);
  });
});

describe('an item text with a blank', () => {
  it('matches the text with the blank filled in, and nothing else', () => {
    const text = 'Положение о наставничестве в образовательном пространстве ________';
    expect(sameItemText(text, text)).toBe(true);
    expect(
      sameItemText(text, '1.1. Положение о наставничестве в образовательном пространстве Гунибского района'),
    ).toBe(true);
    expect(sameItemText(text, 'Положение о наставниках')).toBe(false);
    expect(
      sameItemText(
        'Приказ «О модели ____ в формате «педагог-педагог»',
        'Приказ «О модели в Гунибском районе в формате «педагог-педагог»',
      ),
    ).toBe(true);
    expect(sameItemText('Семинар-совещание', 'Семинар-совещание в Гунибском районе')).toBe(false);
  });

  it('is found by readSheet when people fill the blank in', () => {
    const grid: Grid = [
      ['N', 'Содержание деятельности', 'Статус'],
      ['1.1.', 'Положение о наставничестве в образовательном пространстве Хунзахского района', 'в работе'],
    ];
    const read = readSheet(CHECKLIST, grid);
    expect(read.records.map((r) => r.item?.id)).toEqual(['1.1.']);
    expect(read.issues.filter((i) => i.message.includes('не относится'))).toEqual([]);
  });
});

const METHODIST: TableTemplate = {
  id: 'methodist',
  layout: 'table',
  title: 'ИНДИВИДУАЛЬНЫЙ ПЛАН (тест)',
  sheetName: 'План',
  menuLabel: 'План',
  source: 'test',
  instructions: [],
  header: [],
  columns: [
    { key: 'no', label: '№ п/п', type: 'text' },
    { key: 'title', label: 'Наименование мероприятия', type: 'text', required: true },
    { key: 'period', label: 'Дата выполнения', type: 'period', required: true },
    { key: 'mark', label: 'Отметка о выполнении', type: 'text' },
  ],
  sectionField: 'title',
};

describe('section headings of a table', () => {
  const grid: Grid = [
    ['№ п/п', 'Наименование мероприятия', 'Дата выполнения', 'Отметка о выполнении'],
    ['I', 'I. Организационно-планируемая деятельность'],
    ['1.1', 'Разработка плана работы', 'Август'],
    [null, 'II. Взаимодействие с ДИРО РД'],
    ['Раздел 3', 'III. Повышение качества образования'],
    ['2.1', 'Участие в мероприятиях ДИРО'],
    ['3.1', null, 'Сентябрь', 'Выполнено'],
  ];

  it('keep their place without the required term; an activity without one is an error', () => {
    const result = validateSheet(METHODIST, readSheet(METHODIST, grid));
    expect(result.records.map((r) => [r.row, r.values.no, r.values.period])).toEqual([
      [2, 'I', null],
      [3, '1.1', 'Август'],
      [4, null, null],
      [5, 'Раздел 3', null],
    ]);
    expect(result.issues.map((i) => [i.row, i.columnLabel, i.message])).toEqual([
      [6, 'Дата выполнения', 'заполните «Дата выполнения» — это обязательное поле'],
      [7, 'Наименование мероприятия', 'заполните «Наименование мероприятия» — это обязательное поле'],
    ]);
  });

  it('exist only where the form declares them', () => {
    const result = validateSheet({ ...METHODIST, sectionField: undefined }, readSheet(METHODIST, grid));
    expect(result.records.map((r) => r.row)).toEqual([3]);
  });
});

describe('regionalViewSchema', () => {
  it('takes every kind the forms use', () => {
    for (const view of [
      { kind: 'records', sheet: 'Предложения' },
      { kind: 'itemMean', sheet: 'Наблюдение уроков', field: 'score' },
      { kind: 'itemShare', sheet: 'Самодиагностика ОО', field: 'presence', values: ['Да'] },
      { kind: 'statusShare', sheet: 'Дорожная карта — выполнение', field: 'status', done: ['выполнено'] },
      {
        kind: 'overdue',
        sheet: 'Дорожная карта — просрочено',
        field: 'status',
        done: ['выполнено'],
        termField: 'period',
      },
      {
        kind: 'sheetTotal',
        sheet: 'Наблюдение уроков — уровни',
        field: 'score',
        outOf: 43,
        bands: [{ label: 'низкий', upTo: 23 }, { label: 'высокий' }],
      },
    ]) {
      expect(regionalViewSchema.safeParse(view).success, view.kind).toBe(true);
    }
  });

  it('refuses sheet names Excel refuses, and views that count nothing', () => {
    expect(
      regionalViewSchema.safeParse({ kind: 'records', sheet: 'Дорожная карта: выполнение' }).success,
    ).toBe(false);
    expect(
      regionalViewSchema.safeParse({ kind: 'records', sheet: 'Очень длинное имя листа сводной таблицы РМЦ' })
        .success,
    ).toBe(false);
    expect(
      regionalViewSchema.safeParse({ kind: 'itemShare', sheet: 'Доли', field: 'presence', values: [] })
        .success,
    ).toBe(false);
    expect(regionalViewSchema.safeParse({ kind: 'average', sheet: 'Средние', field: 'score' }).success).toBe(
      false,
    );
  });
});
