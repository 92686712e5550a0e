import { describe, expect, it } from 'vitest';
import { cellText, collapseSpaces, memoText, normalizeLabel, normalizeText } from './normalize.js';

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

describe('collapseSpaces', () => {
  it('leaves clean text as it is and cleans every shape of spacing Word and Excel leave', () => {
    expect(collapseSpaces('Гунибский район')).toBe('Гунибский район');
    expect(collapseSpaces(' Гунибский район')).toBe('Гунибский район');
    expect(collapseSpaces('Гунибский район ')).toBe('Гунибский район');
    expect(collapseSpaces('Гунибский  район')).toBe('Гунибский район');
    expect(collapseSpaces('Гунибский\nрайон')).toBe('Гунибский район');
    expect(collapseSpaces('Гунибский\u00A0район')).toBe('Гунибский район');
    expect(collapseSpaces('Гу\u00ADнибский\u202Fрайон')).toBe('Гунибский район');
    expect(collapseSpaces('\t')).toBe('');
    expect(collapseSpaces('')).toBe('');
  });
});

describe('memoText', () => {
  it('answers a repeated text from memory and stays correct after its bound resets it', () => {
    let calls = 0;
    const upper = memoText((t) => {
      calls++;
      return t.toUpperCase();
    }, 2);
    expect([upper('а'), upper('а'), upper('б')]).toEqual(['А', 'А', 'Б']);
    expect(calls).toBe(2);
    expect([upper('в'), upper('а'), upper('в')]).toEqual(['В', 'А', 'В']);
    expect(calls).toBe(4);
  });

  it('keeps normalizeLabel the same function of its text, first call or repeated', () => {
    const header = '  Тема  мероприятия: ';
    expect(normalizeLabel(header)).toBe('тема мероприятия');
    expect(normalizeLabel(header)).toBe('тема мероприятия');
    expect(normalizeText('Учёт — «итоги»')).toBe('учет - «итоги»');
  });
});
