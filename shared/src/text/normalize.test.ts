import { describe, expect, it } from 'vitest';
import { cellText } from './normalize.js';

describe('cellText', () => {
  it('gives the text of every kind of cell value, spaces collapsed, empty for none', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText('  Школа\u00A0 современного\nучителя ')).toBe('Школа современного учителя');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('true');
    expect(cellText(new Date(Date.UTC(2022, 10, 5)))).toBe('2022-11-05');
  });

  it('gives an empty text for an invalid Date (a crafted cell) instead of throwing', () => {
    expect(() => new Date(Number.NaN).toISOString()).toThrow(RangeError);
    expect(cellText(new Date(Number.NaN))).toBe('');
    expect(cellText(new Date('не дата'))).toBe('');
  });
});
