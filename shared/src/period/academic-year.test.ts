import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  academicYearMonths,
  academicYearOf,
  academicYearOfMonth,
  formatAcademicYear,
  formatMonthRu,
  parseAcademicYear,
  periodSuggestions,
} from './academic-year.js';
import { parsePeriod } from './parse-period.js';

describe('parseAcademicYear', () => {
  it.each<[unknown]>([
    ['2022-2023'],
    ['2022/2023'],
    ['2022–2023 уч. год'],
    ['2022 — 2023'],
    ['на 2022-2023 учебный год'],
    ['НА 2022-2023 УЧЕБНЫЙ ГОД '],
    ['2022-23'],
    ['2022/23 уч.г.'],
    [2022],
    ['2022'],
  ])('reads %j as 2022-2023', (input) => {
    expect(parseAcademicYear(input)).toEqual({ startYear: 2022 });
  });

  it.each<[unknown]>([
    ['2022-2025'],
    ['2023-2022'],
    ['2022-24'],
    ['2022-2023, 2024'],
    ['2 полугодие 2022-2023'],
    ['учебный год'],
    [''],
    [2022.5],
    [Number.NaN],
    [99],
    [null],
    [undefined],
    [new Date(2022, 8, 1)],
    [true],
  ])('rejects %j', (input) => {
    expect(parseAcademicYear(input)).toBeNull();
  });

  it('reads back what formatAcademicYear writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2098 }), (startYear) => {
        expect(parseAcademicYear(formatAcademicYear({ startYear }))).toEqual({ startYear });
      }),
    );
  });
});

describe('formatAcademicYear', () => {
  it('writes the two calendar years', () => {
    expect(formatAcademicYear({ startYear: 2022 })).toBe('2022-2023');
  });
});

describe('academicYearMonths', () => {
  it('runs from the planning August to the next August', () => {
    expect(academicYearMonths({ startYear: 2022 })).toEqual([
      '2022-08',
      '2022-09',
      '2022-10',
      '2022-11',
      '2022-12',
      '2023-01',
      '2023-02',
      '2023-03',
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
      '2023-08',
    ]);
  });

  it('moves with the year', () => {
    const months = academicYearMonths({ startYear: 2023 });
    expect(months).toHaveLength(13);
    expect(months[0]).toBe('2023-08');
    expect(months.at(-1)).toBe('2024-08');
  });
});

describe('formatMonthRu', () => {
  it.each<[string, string]>([
    ['2022-11', 'ноябрь 2022'],
    ['2023-01', 'январь 2023'],
    ['2023-05', 'май 2023'],
    ['2022-08', 'август 2022'],
  ])('%s → %s', (month, text) => {
    expect(formatMonthRu(month)).toBe(text);
  });

  it('returns what is not a month unchanged', () => {
    expect(formatMonthRu('2022-13')).toBe('2022-13');
    expect(formatMonthRu('ноябрь')).toBe('ноябрь');
  });
});

describe('periodSuggestions', () => {
  const suggestions = periodSuggestions({ startYear: 2022 });

  it('offers the months as the seeds write them, then the recurring values', () => {
    expect(suggestions).toEqual([
      'Август, 2022',
      'Сентябрь, 2022',
      'Октябрь, 2022',
      'Ноябрь, 2022',
      'Декабрь, 2022',
      'Январь, 2023',
      'Февраль, 2023',
      'Март, 2023',
      'Апрель, 2023',
      'Май, 2023',
      'Июнь, 2023',
      'Июль, 2023',
      'Август, 2023',
      'В течение года',
      'По отдельному плану',
      '2 раза в год',
      'Ежегодно',
    ]);
  });

  it('offers only values the parser accepts without a warning', () => {
    const months = academicYearMonths({ startYear: 2022 });
    suggestions.forEach((value, i) => {
      const parsed = parsePeriod(value, { startYear: 2022 });
      expect(parsed.kind).not.toBe('unknown');
      expect(parsed.warnings).toEqual([]);
      if (i < months.length) expect(parsed.months).toEqual([months[i]]);
    });
  });
});

describe('academicYearOf: the one rule for «this year» (add-on, .xlsx templates, consolidator)', () => {
  it.each<[Date, number]>([
    [new Date(2026, 7, 31, 23, 59), 2025],
    [new Date(2026, 8, 1, 0, 0), 2026],
    [new Date(2026, 11, 31, 23, 59), 2026],
    [new Date(2027, 0, 1, 0, 0), 2026],
    [new Date(2027, 5, 30), 2026],
    [new Date(2024, 1, 29), 2023],
  ])('%s → %i', (date, startYear) => {
    expect(academicYearOf(date)).toEqual({ startYear });
  });

  it('agrees with the month rule for every month of a year', () => {
    for (let month = 1; month <= 12; month++) {
      expect(academicYearOf(new Date(2030, month - 1, 15))).toEqual(academicYearOfMonth(2030, month));
    }
    expect(academicYearOfMonth(2023, 8)).toEqual({ startYear: 2022 });
    expect(academicYearOfMonth(2023, 9)).toEqual({ startYear: 2023 });
  });
});
