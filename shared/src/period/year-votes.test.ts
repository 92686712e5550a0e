import { describe, expect, it } from 'vitest';
import { clearMajority, periodYearVote, plannedYearInText, titleAcademicYear } from './year-votes.js';

describe('periodYearVote', () => {
  it.each<[unknown, number]>([
    ['Сентябрь, 2022', 2022],
    ['Декабрь 2022', 2022],
    ['Апрель 2023', 2022],
    ['Август 2023', 2022],
    ['Сентябрь 2023', 2023],
    ['до 20.12.2023', 2023],
    ['20.12.2022', 2022],
    ['Октябрь-ноябрь, 2022', 2022],
    ['Ноябрь, 2022 / Апрель 2023', 2022],
    ['сентябрь 2023- май 2024', 2023],
    // August closes 2021-2022, September opens 2022-2023: a tie goes to the later year.
    ['Август-сентябрь 2022', 2022],
    ['с октября 2022', 2022],
    ['II полугодие 2023', 2022],
    ['В течение 2023-2024 учебного года', 2023],
    ['2022-2023', 2022],
    [new Date(2022, 10, 15), 2022],
    [new Date(2023, 2, 1), 2022],
    [44880, 2022], // 15.11.2022 as an Excel serial
  ])('%j votes for %i', (value, year) => {
    expect(periodYearVote(value as never)).toBe(year);
  });

  it.each<[unknown]>([
    ['Октябрь'],
    ['Август-сентябрь'],
    ['В течение года'],
    ['По отдельному плану'],
    ['2 раза в год'],
    ['II полугодие'],
    ['до 20.12'],
    [''],
    [null],
    [true],
    [12],
  ])('%j names no year', (value) => {
    expect(periodYearVote(value as never)).toBeNull();
  });
});

describe('titleAcademicYear', () => {
  it.each<[string, number]>([
    ['ПЛАН работы муниципалитетов в составе ММО на 2022-2023 учебный год', 2022],
    ['План на 2023/24 уч. год', 2023],
    ['План мероприятий (2022 – 2023 учебный год)', 2022],
    ['Анализ работы за 2021-2022 и план на 2022-2023 учебный год', 2022],
  ])('%s → %i', (text, year) => {
    expect(titleAcademicYear(text)?.startYear).toBe(year);
  });

  it.each([['Приказ №12 от 2022 года'], ['План 2022-2025'], ['ПЛАН работы ММО']])(
    '%s names no academic year',
    (text) => {
      expect(titleAcademicYear(text)).toBeNull();
    },
  );
});

describe('plannedYearInText', () => {
  it('reads «на … учебный год» inside an event title, not «за …»', () => {
    expect(plannedYearInText('Совещание «Планирование работы ММО на 2022-2023 учебный год»')).toBe(2022);
    expect(plannedYearInText('Анализ работы за 2021-2022 учебный год')).toBeNull();
    expect(plannedYearInText('Семинар для учителей')).toBeNull();
  });
});

describe('clearMajority', () => {
  it('needs more than half of the votes', () => {
    expect(
      clearMajority(
        new Map([
          [2022, 5],
          [2021, 2],
        ]),
      ),
    ).toBe(2022);
    expect(
      clearMajority(
        new Map([
          [2022, 2],
          [2023, 2],
        ]),
      ),
    ).toBeNull();
    expect(
      clearMajority(
        new Map([
          [2022, 2],
          [2023, 1],
          [2024, 1],
        ]),
      ),
    ).toBeNull();
    expect(clearMajority(new Map())).toBeNull();
  });
});
