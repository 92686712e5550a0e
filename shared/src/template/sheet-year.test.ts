import { describe, expect, it } from 'vitest';
import type { Grid, TableTemplate } from './model.js';
import { readSheet } from './read-sheet.js';
import { assumedYearMessage, ownSheetYear } from './sheet-year.js';

const PLAN: TableTemplate = {
  id: 'plan',
  layout: 'table',
  title: 'План',
  sheetName: 'План',
  menuLabel: 'План',
  source: 'тест',
  header: [{ key: 'academicYear', label: 'Учебный год', type: 'academicYear', required: true }],
  columns: [
    { key: 'title', label: 'Название мероприятия', type: 'text', required: true },
    { key: 'period', label: 'Сроки проведения', type: 'period' },
  ],
  instructions: [],
};

const own = (grid: Grid) => ownSheetYear(PLAN, readSheet(PLAN, grid), grid);
const table = (periods: readonly (string | Date)[]) => [
  ['Название мероприятия', 'Сроки проведения'],
  ...periods.map((p, i) => [`Событие ${i}`, p]),
];

describe('ownSheetYear: header → title → dated periods', () => {
  it('takes the header first, then the title, then a clear majority of the periods', () => {
    expect(
      own([['Учебный год', '2021-2022'], ['План на 2023-2024 учебный год'], ...table(['Сентябрь, 2022'])]),
    ).toMatchObject({ year: { startYear: 2021 }, basis: { kind: 'header' } });
    expect(own([['План на 2023-2024 учебный год'], ...table(['Сентябрь, 2022'])])).toMatchObject({
      year: { startYear: 2023 },
      basis: { kind: 'title', row: 1, col: 1 },
    });
    expect(own(table(['Сентябрь, 2022', 'Апрель 2023', 'Октябрь', 'Май 2024']))).toMatchObject({
      year: { startYear: 2022 },
      basis: { kind: 'periods', votes: 2, total: 3 },
    });
  });

  it('names no year for a split or an undated sheet, but keeps the votes for the warning', () => {
    const split = own(table(['Сентябрь, 2022', 'Сентябрь, 2023']));
    expect(split.year).toBeNull();
    expect([...split.tally]).toEqual([
      [2022, 1],
      [2023, 1],
    ]);
    expect(assumedYearMessage({ startYear: 2023 }, { kind: 'run' }, split.tally, 'Учебный год')).toBe(
      'учебный год в листе не указан — принят 2023-2024, как у большинства листов сводки; сроки с годом в листе не дают явного большинства (2022-2023 — 1, 2023-2024 — 1). Если год другой, впишите «Учебный год» в шапку листа',
    );
    expect(own(table(['Октябрь', 'В течение года'])).year).toBeNull();
  });

  it('decides a 20 000-row sheet from its first few hundred periods', () => {
    const periods = Array.from({ length: 20000 }, (_, i) =>
      i % 2 ? 'до 20.12.2022' : new Date(2023, i % 8, 1),
    );
    expect(own(table(periods))).toMatchObject({
      year: { startYear: 2022 },
      basis: { kind: 'periods', votes: 400, total: 400 },
    });
  });

  it('says nothing about a year the sheet stated', () => {
    expect(assumedYearMessage({ startYear: 2022 }, { kind: 'header' }, new Map(), 'Учебный год')).toBeNull();
    expect(
      assumedYearMessage({ startYear: 2022 }, { kind: 'title', row: 1, col: 1 }, new Map(), 'Учебный год'),
    ).toBeNull();
  });
});
