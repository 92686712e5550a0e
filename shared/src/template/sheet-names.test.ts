import { describe, expect, it } from 'vitest';
import { cleanSheetName, uniqueSheetNames } from './sheet-names.js';

describe('sheet names', () => {
  it('cleans what Excel refuses and keeps 31 characters', () => {
    expect(cleanSheetName('План: 2022/2023')).toBe('План 2022 2023');
    expect(cleanSheetName("'Заявки'")).toBe('Заявки');
    expect(cleanSheetName('???')).toBe('Лист');
    expect(cleanSheetName('Самодиагностика муниципалитетов Дагестана')).toHaveLength(31);
  });

  it('numbers a later duplicate, ignoring case, and never takes a reserved name', () => {
    expect(uniqueSheetNames(['Заявки', 'заявки', 'Заявки'])).toEqual(['Заявки', 'заявки (2)', 'Заявки (3)']);
    expect(uniqueSheetNames(['History'], ['history'])).toEqual(['History (2)']);
    const long = 'Самодиагностика муниципалитетов Дагестана';
    const [a, b] = uniqueSheetNames([long, long]);
    expect(b).toMatch(/ \(2\)$/);
    expect(b).toHaveLength(31);
    expect(a).not.toBe(b);
  });
});
