/**
 * The view engine on what the five forms do not exercise: a term printed in an info column (a
 * roadmap like §4.1, whose «Сроки» are the form's own), written days, and terms that never end.
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod, type ItemsTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, MUNICIPALITY_FIELD } from '@mmo/templates';
import { consolidate } from '../src/engine/consolidate.js';
import type { ViewOf } from '../src/views/kind.js';
import { overdueItems, termEnded } from '../src/views/overdue.js';
import { statusShares } from '../src/views/status-share.js';
import { okEntry, templateWorkbook } from './fixtures/workbooks.js';

const PRINTED_TERMS = {
  id: 'printed-terms',
  layout: 'items',
  title: 'ДОРОЖНАЯ КАРТА ПОСТРОЕНИЯ (тестовая форма)',
  sheetName: 'Карта со сроками',
  menuLabel: 'Карта со сроками',
  source: 'test',
  header: [MMO_FIELD, MUNICIPALITY_FIELD, ACADEMIC_YEAR_FIELD],
  instructions: [],
  numberLabel: '№',
  itemLabel: 'Содержание деятельности',
  infoColumns: [{ key: 'term', label: 'Сроки', type: 'text' }],
  answers: [{ key: 'status', label: 'Статус', type: 'choice', choices: ['выполнено', 'в работе'] }],
  items: [
    { id: '1', text: 'Нормативные правовые документы', info: { term: 'Май, 2022' } },
    { id: '2', text: 'Форум методистов РД', info: { term: 'Сентябрь, 2022' } },
    { id: '3', text: 'Анализ результатов', info: { term: 'Июнь, 2023' } },
    { id: '4', text: 'Проектировочные сессии', info: { term: 'Ежегодно' } },
  ],
  regional: [
    { kind: 'statusShare', sheet: 'Карта — выполнение', field: 'status', done: ['выполнено'] },
    { kind: 'overdue', sheet: 'Карта — просрочено', field: 'status', done: ['выполнено'], termField: 'term' },
  ],
} as const satisfies ItemsTemplate;

const OVERDUE = PRINTED_TERMS.regional[1] as ViewOf<'overdue'>;
const SHARE = PRINTED_TERMS.regional[0] as ViewOf<'statusShare'>;

describe('views of a checklist with printed terms', () => {
  it('lists items past their printed term, also when the sheet lacks the row; done ones and future ones are not', async () => {
    const wb = await templateWorkbook(
      PRINTED_TERMS,
      {
        header: { mmo: '№4', municipality: 'Гунибский', academicYear: '2022-2023' },
        answers: { '1': { status: 'выполнено' }, '2': { status: 'в работе' } },
      },
      'ММО-4 карта.xlsx',
    );
    const c = consolidate({
      entries: [okEntry(wb)],
      now: new Date('2023-01-15T10:00:00Z'),
      templates: [PRINTED_TERMS],
    });
    const overdue = overdueItems(c, PRINTED_TERMS, OVERDUE, new Date(2023, 0, 15));
    expect(overdue.map((o) => [o.item.item.id, o.term.text, o.status])).toEqual([
      ['2', 'Сентябрь, 2022', 'в работе'],
    ]);
    // Item 2's row gone: its printed term is still due.
    const without = {
      ...c,
      sheets: c.sheets.map((s) => ({ ...s, records: s.records.filter((r) => r.itemId !== '2') })),
    };
    expect(
      overdueItems(without, PRINTED_TERMS, OVERDUE, new Date(2023, 0, 15)).map((o) => [
        o.item.item.id,
        o.row,
        o.status,
      ]),
    ).toEqual([['2', null, '']]);
    expect(statusShares(c, PRINTED_TERMS, SHARE).districts).toEqual([
      expect.objectContaining({ mmo: 4, items: 4, done: 1, blank: 2, share: 25 }),
    ]);
  });
});

describe('termEnded', () => {
  const year = { startYear: 2022 };
  it.each([
    ['Ноябрь, 2022', '2022-11-30', false],
    ['Ноябрь, 2022', '2022-12-01', true],
    ['Март-апрель, 2023', '2023-04-15', false],
    ['до 20.12.2022', '2022-12-20', false],
    ['до 20.12.2022', '2022-12-21', true],
    ['В течение года', '2023-08-31', false],
    ['В течение года', '2023-09-01', true],
    ['Ежегодно', '2030-01-01', false],
    ['По отдельному плану', '2030-01-01', false],
    ['когда-нибудь', '2030-01-01', false],
  ])('«%s» on %s → %s', (text, today, ended) => {
    expect(termEnded(parsePeriod(text, year), today)).toBe(ended);
  });
});
