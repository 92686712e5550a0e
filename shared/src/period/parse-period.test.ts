import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parsePeriod, type PeriodKind } from './parse-period.js';
import { academicYearMonths } from './academic-year.js';

const Y2022 = { startYear: 2022 };
const Y2023 = { startYear: 2023 };
const WINDOW_2022 = academicYearMonths(Y2022);

describe('parsePeriod: every value found in the seeds', () => {
  it.each<[string, PeriodKind, string[]]>([
    ['Август-сентябрь', 'range', ['2022-08', '2022-09']],
    ['В течение года', 'year', WINDOW_2022],
    ['Сентябрь, 2022', 'months', ['2022-09']],
    ['По отдельному плану', 'unscheduled', []],
    ['2 раза в год', 'recurring', []],
    ['Ноябрь, 2022 ', 'months', ['2022-11']],
    ['Декабрь, 2022', 'months', ['2022-12']],
    ['Август, 2022', 'months', ['2022-08']],
    ['Март, 2023', 'months', ['2023-03']],
    ['Апрель, 2023', 'months', ['2023-04']],
    ['Апрель 2023', 'months', ['2023-04']],
    ['Октябрь, 2022', 'months', ['2022-10']],
    ['Май, 2023', 'months', ['2023-05']],
    ['Июнь, 2023', 'months', ['2023-06']],
    ['Январь, 2023', 'months', ['2023-01']],
    ['Ноябрь, 2022\nАпрель 2023', 'months', ['2022-11', '2023-04']],
    ['Февраль, 2023', 'months', ['2023-02']],
    ['Октябрь-ноябрь, 2022 ', 'range', ['2022-10', '2022-11']],
    ['Январь-февраль, 2023', 'range', ['2023-01', '2023-02']],
    ['Март-апрель, 2023', 'range', ['2023-03', '2023-04']],
    ['Июнь-июль, 2023', 'range', ['2023-06', '2023-07']],
    ['По отдельному плану в течение учебного года', 'unscheduled', []],
    ['Ежегодно', 'recurring', []],
  ])('%j (2022-2023) → %s %j', (input, kind, months) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe(kind);
    expect(parsed.months).toEqual(months);
    expect(parsed.warnings).toEqual([]);
  });

  it.each<[string, PeriodKind, string[], string | null]>([
    [
      'сентябрь 2023- май 2024',
      'range',
      ['2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05'],
      null,
    ],
    ['до 20.12.2023', 'range', ['2023-08', '2023-09', '2023-10', '2023-11', '2023-12'], '2023-12-20'],
  ])('%j (2023-2024) → %s %j', (input, kind, months, day) => {
    const parsed = parsePeriod(input, Y2023);
    expect(parsed.kind).toBe(kind);
    expect(parsed.months).toEqual(months);
    expect(parsed.day).toBe(day);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('parsePeriod: the same value typed differently', () => {
  it.each<[string, string[]]>([
    ['АВГУСТ-СЕНТЯБРЬ', ['2022-08', '2022-09']],
    ['август – сентябрь', ['2022-08', '2022-09']],
    ['Август—сентябрь', ['2022-08', '2022-09']],
    ['Август ‑ сентябрь', ['2022-08', '2022-09']],
    ['Октябрь-ноябрь 2022', ['2022-10', '2022-11']],
    ['Октябрь -\nноябрь,  2022', ['2022-10', '2022-11']],
  ])('%j is the span %j', (input, months) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('range');
    expect(parsed.months).toEqual(months);
  });

  it.each<[string, string[]]>([
    ['  Ноябрь,2022  ', ['2022-11']],
    ['ноябрь 2022', ['2022-11']],
    ['НОЯБРЬ, 2022', ['2022-11']],
    ['Ноябрь,\n2022', ['2022-11']],
    ['Ноябрь - 2022', ['2022-11']],
    ['Ноябрь 2022 г.', ['2022-11']],
    ['ноябрь 2022 года', ['2022-11']],
    ['в ноябре', ['2022-11']],
    ['ноября', ['2022-11']],
    ['в декабре 2022 г.', ['2022-12']],
    ['Мая 2023', ['2023-05']],
    ['сент.', ['2022-09']],
    ['нояб. 2022', ['2022-11']],
    ['Февраль, 2023 (перенесён)', ['2023-02']],
    ['Апрель 2023, Ноябрь 2022, ноябрь 2022', ['2022-11', '2023-04']],
    ['Ноябрь, 2022; апрель, 2023', ['2022-11', '2023-04']],
  ])('%j is the month(s) %j', (input, months) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('months');
    expect(parsed.months).toEqual(months);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    'в течение года',
    'В  течение\nгода ',
    'в течение учебного года',
    'В течение уч. года',
    'в течении года',
    'Постоянно',
  ])('%j is the whole year', (input) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('year');
    expect(parsed.months).toEqual(WINDOW_2022);
  });

  it('keeps the text as written, spaces and line breaks collapsed', () => {
    expect(parsePeriod('  Ноябрь, 2022\nАпрель   2023 ', Y2022).text).toBe('Ноябрь, 2022 Апрель 2023');
  });
});

describe('parsePeriod: months without a year', () => {
  it.each<[string, string]>([
    ['август', '2022-08'],
    ['сентябрь', '2022-09'],
    ['декабрь', '2022-12'],
    ['январь', '2023-01'],
    ['май', '2023-05'],
    ['июль', '2023-07'],
  ])('%j in 2022-2023 is %s', (input, month) => {
    expect(parsePeriod(input, Y2022).months).toEqual([month]);
  });

  it('follows the plan year', () => {
    expect(parsePeriod('декабрь', Y2023).months).toEqual(['2023-12']);
    expect(parsePeriod('март', Y2023).months).toEqual(['2024-03']);
  });
});

describe('parsePeriod: spans across the new year', () => {
  it.each<[string, string[]]>([
    ['Декабрь-январь', ['2022-12', '2023-01']],
    ['Декабрь 2022 - январь 2023', ['2022-12', '2023-01']],
    ['Декабрь-январь, 2023', ['2022-12', '2023-01']],
    ['Ноябрь-февраль', ['2022-11', '2022-12', '2023-01', '2023-02']],
    [
      'с сентября по май',
      ['2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03', '2023-04', '2023-05'],
    ],
    ['Июль-август', ['2023-07', '2023-08']],
  ])('%j → %j', (input, months) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('range');
    expect(parsed.months).toEqual(months);
    expect(parsed.first).toBe(months[0]);
    expect(parsed.last).toBe(months.at(-1));
    expect(parsed.warnings).toEqual([]);
  });

  it('accepts a span written backwards', () => {
    expect(parsePeriod('Май 2023 - март 2023', Y2022).months).toEqual(['2023-03', '2023-04', '2023-05']);
  });
});

describe('parsePeriod: halves and quarters of the school year', () => {
  it.each<[string, string[]]>([
    ['I полугодие', ['2022-09', '2022-10', '2022-11', '2022-12']],
    ['1 полугодие', ['2022-09', '2022-10', '2022-11', '2022-12']],
    ['II полугодие', ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05']],
    ['2-е полугодие', ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05']],
    ['в течение второго полугодия', ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05']],
    ['I четверть', ['2022-09', '2022-10']],
    ['третья четверть', ['2023-01', '2023-02', '2023-03']],
    ['IV четверть', ['2023-04', '2023-05']],
    ['II полугодие 2022-2023 уч. г.', ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05']],
  ])('%j → %j', (input, months) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('range');
    expect(parsed.months).toEqual(months);
  });
});

describe('parsePeriod: dates', () => {
  it('reads a date typed into the cell', () => {
    const parsed = parsePeriod(new Date(2022, 11, 20), Y2022);
    expect(parsed).toMatchObject({
      kind: 'months',
      months: ['2022-12'],
      day: '2022-12-20',
      text: '20.12.2022',
      warnings: [],
    });
  });

  it.each<[number, string, string]>([
    [44896, '2022-12', '2022-12-01'],
    [44896.75, '2022-12', '2022-12-01'],
    [44805, '2022-09', '2022-09-01'],
    [45291, '2023-12', '2023-12-31'],
  ])('reads the Excel serial %d as %s (%s)', (serial, month, day) => {
    const parsed = parsePeriod(serial, Y2023);
    expect(parsed.kind).toBe('months');
    expect(parsed.months).toEqual([month]);
    expect(parsed.day).toBe(day);
  });

  it.each<[string, string, string]>([
    ['20.12.2022', '2022-12', '2022-12-20'],
    ['20/12/2022', '2022-12', '2022-12-20'],
    ['20.12.22', '2022-12', '2022-12-20'],
    ['2022-12-20', '2022-12', '2022-12-20'],
    ['20.12', '2022-12', '2022-12-20'],
    ['20 декабря 2022 г.', '2022-12', '2022-12-20'],
    ['15 марта', '2023-03', '2023-03-15'],
  ])('reads the written date %j', (input, month, day) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('months');
    expect(parsed.months).toEqual([month]);
    expect(parsed.day).toBe(day);
  });

  it('reads a deadline as the plan up to that month', () => {
    const parsed = parsePeriod('до 20.12.2023', Y2022);
    expect(parsed.kind).toBe('range');
    expect(parsed.first).toBe('2022-08');
    expect(parsed.last).toBe('2023-12');
    expect(parsed.months).toHaveLength(17);
    expect(parsed.day).toBe('2023-12-20');
    expect(parsed.warnings).toEqual(['Срок «до 20.12.2023» выходит за пределы 2022-2023 учебного года']);
  });

  it.each<[string, string, string | null]>([
    ['не позднее 15.05.2023', '2023-05', '2023-05-15'],
    ['до конца декабря', '2022-12', null],
  ])('reads %j as a deadline', (input, last, day) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('range');
    expect(parsed.first).toBe('2022-08');
    expect(parsed.last).toBe(last);
    expect(parsed.day).toBe(day);
  });

  it('gives no single day for a span between two dates', () => {
    const parsed = parsePeriod('с 01.11.2022 по 20.12.2022', Y2022);
    expect(parsed.months).toEqual(['2022-11', '2022-12']);
    expect(parsed.day).toBeNull();
  });

  it('keeps the month of an impossible day', () => {
    const parsed = parsePeriod('31.02.2023', Y2022);
    expect(parsed.months).toEqual(['2023-02']);
    expect(parsed.day).toBeNull();
  });
});

describe('parsePeriod: frequencies and unscheduled values', () => {
  it.each<[string, number | null]>([
    ['2 раза в год', 2],
    ['Ежегодно', 1],
    ['ежемесячно', 12],
    ['ежеквартально', 4],
    ['1 раз в четверть', 4],
    ['раз в полугодие', 2],
    ['дважды в год', 2],
    ['три раза в год', 3],
    ['еженедельно', null],
  ])('%j happens %s times a year', (input, times) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('recurring');
    expect(parsed.months).toEqual([]);
    expect(parsed.timesPerYear).toBe(times);
    expect(parsed.warnings).toEqual([]);
  });

  it('schedules a frequency that names its months', () => {
    const parsed = parsePeriod('2 раза в год: ноябрь, апрель', Y2022);
    expect(parsed.kind).toBe('months');
    expect(parsed.months).toEqual(['2022-11', '2023-04']);
    expect(parsed.timesPerYear).toBe(2);
  });

  it.each([
    'По отдельному плану',
    'по согласованию',
    'по мере необходимости',
    'По отдельному плану в течение учебного года',
    'Сроки уточняются',
  ])('%j has no date yet', (input) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed.kind).toBe('unscheduled');
    expect(parsed.months).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('parsePeriod: the whole year', () => {
  it('covers August to August', () => {
    const parsed = parsePeriod('В течение года', Y2022);
    expect(parsed.first).toBe('2022-08');
    expect(parsed.last).toBe('2023-08');
    expect(parsed.months).toHaveLength(13);
  });

  it('reads a bare academic year as the whole year', () => {
    expect(parsePeriod('2022-2023', Y2022)).toMatchObject({
      kind: 'year',
      months: WINDOW_2022,
      warnings: [],
    });
  });

  it('warns when the year named is not the plan year', () => {
    const parsed = parsePeriod('в течение 2023-2024 учебного года', Y2022);
    expect(parsed.kind).toBe('year');
    expect(parsed.first).toBe('2023-08');
    expect(parsed.warnings).toEqual([
      'Срок «в течение 2023-2024 учебного года» выходит за пределы 2022-2023 учебного года',
    ]);
  });
});

describe('parsePeriod: warnings', () => {
  it('warns about a month outside the plan year but keeps it', () => {
    const parsed = parsePeriod('Май, 2024', Y2022);
    expect(parsed.kind).toBe('months');
    expect(parsed.months).toEqual(['2024-05']);
    expect(parsed.warnings).toEqual(['Срок «Май, 2024» выходит за пределы 2022-2023 учебного года']);
  });

  it('warns about a month before the planning August', () => {
    expect(parsePeriod('Июль, 2022', Y2022).warnings).toEqual([
      'Срок «Июль, 2022» выходит за пределы 2022-2023 учебного года',
    ]);
  });

  it('warns once about a span leaving the year', () => {
    const parsed = parsePeriod('сентябрь 2023- май 2024', Y2022);
    expect(parsed.kind).toBe('range');
    expect(parsed.warnings).toEqual([
      'Срок «сентябрь 2023- май 2024» выходит за пределы 2022-2023 учебного года',
    ]);
  });

  it.each<[string | number | boolean, string]>([
    ['абракадабра', 'абракадабра'],
    ['2022', '2022'],
    ['45.13.2022', '45.13.2022'],
    ['13 полугодие', '13 полугодие'],
    [5, '5'],
    [true, 'true'],
  ])('cannot read %j', (input, text) => {
    const parsed = parsePeriod(input, Y2022);
    expect(parsed).toMatchObject({ kind: 'unknown', months: [], first: null, last: null, text });
    expect(parsed.warnings).toEqual([
      `Не удалось распознать срок «${text}»: напишите месяц и год, например «Ноябрь, 2022», или «В течение года»`,
    ]);
  });

  it('suggests a month of the plan year', () => {
    expect(parsePeriod('скоро', Y2023).warnings[0]).toContain('например «Ноябрь, 2023»');
  });

  it('cannot read an invalid date or a time-only cell', () => {
    expect(parsePeriod(new Date(Number.NaN), Y2022).kind).toBe('unknown');
    expect(parsePeriod(new Date(1899, 11, 30, 10, 30), Y2022).kind).toBe('unknown');
  });

  it.each<[string | null]>([[''], ['   \n '], [null]])(
    'leaves an empty cell %j to the required-field check',
    (input) => {
      expect(parsePeriod(input, Y2022)).toEqual({
        text: '',
        kind: 'unknown',
        months: [],
        first: null,
        last: null,
        day: null,
        timesPerYear: null,
        warnings: [],
      });
    },
  );
});

describe('parsePeriod: properties', () => {
  const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
  const NO_MONTHS: readonly PeriodKind[] = ['unknown', 'recurring', 'unscheduled'];

  /** Pieces of real periods, so that random inputs reach deep into the grammar, not just the fallback. */
  const periodish = fc
    .array(
      fc.constantFrom(
        'Ноябрь',
        'декабря',
        'январь',
        'Май',
        'сент.',
        'июль',
        'август',
        '2022',
        '2023',
        '2024',
        '1899',
        '22',
        '20.12.2023',
        '31.02.2023',
        '12.2022',
        '20.12',
        '2022-12-20',
        '-',
        '–',
        ',',
        ';',
        '/',
        '\n',
        ' ',
        '.',
        'до',
        'с',
        'по',
        'не позднее',
        'конца',
        'в течение',
        'года',
        'г.',
        'I',
        'II',
        'IV',
        '2-е',
        'третья',
        'полугодие',
        'четверть',
        'раз',
        'раза',
        'в',
        'год',
        'ежегодно',
        'по отдельному плану',
        '2022-2023',
        '0',
        '31',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(' '));

  const anyCell = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    periodish,
    fc.integer(),
    fc.double(),
    fc.integer({ min: 20000, max: 80000 }),
    fc.date(),
  );
  const anyYear = fc.integer({ min: 1950, max: 2090 }).map((startYear) => ({ startYear }));

  it('returns a well-formed period for any cell', () => {
    fc.assert(
      fc.property(anyCell, anyYear, (cell, year) => {
        const parsed = parsePeriod(cell, year);
        for (const m of parsed.months) expect(m).toMatch(MONTH);
        for (let i = 1; i < parsed.months.length; i++)
          expect(parsed.months[i - 1] < parsed.months[i]).toBe(true);
        expect(parsed.first).toBe(parsed.months[0] ?? null);
        expect(parsed.last).toBe(parsed.months.at(-1) ?? null);
        expect(parsed.months.length === 0).toBe(NO_MONTHS.includes(parsed.kind));
        if (parsed.day !== null) expect(parsed.months).toContain(parsed.day.slice(0, 7));
        const window = new Set(academicYearMonths(year));
        const outside = parsed.months.some((m) => !window.has(m));
        expect(parsed.warnings.some((w) => w.includes('выходит за пределы'))).toBe(outside);
      }),
      { numRuns: 3000 },
    );
  });

  it('ignores letter case and the kind of dash', () => {
    fc.assert(
      fc.property(periodish, (text) => {
        const plain = parsePeriod(text, Y2022);
        for (const variant of [text.toUpperCase(), text.replaceAll('-', '–'), text.replaceAll('-', '—')]) {
          const other = parsePeriod(variant, Y2022);
          expect([other.kind, other.months, other.day, other.timesPerYear]).toEqual([
            plain.kind,
            plain.months,
            plain.day,
            plain.timesPerYear,
          ]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
