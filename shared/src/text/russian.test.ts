import { describe, expect, it } from 'vitest';
import { formatDayMonthYear, plural } from './russian.js';

describe('Russian text', () => {
  it('counts nouns, 11–14 included', () => {
    const rows = ['строка', 'строки', 'строк'] as const;
    expect([0, 1, 2, 5, 11, 12, 21, 22, 25, 111, 104].map((n) => plural(n, rows))).toEqual([
      '0 строк',
      '1 строка',
      '2 строки',
      '5 строк',
      '11 строк',
      '12 строк',
      '21 строка',
      '22 строки',
      '25 строк',
      '111 строк',
      '104 строки',
    ]);
  });

  it('writes dates as dd.mm.yyyy and an invalid one blank', () => {
    expect(formatDayMonthYear(new Date(2022, 10, 5))).toBe('05.11.2022');
    expect(formatDayMonthYear(new Date(Number.NaN))).toBe('');
  });
});
