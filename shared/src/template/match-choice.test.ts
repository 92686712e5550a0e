import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchChoice } from './match-choice.js';

const SCALE = [
  'Нет. Могу поделиться опытом',
  'Скорее нет, чем да',
  'Скорее да, чем нет',
  'Да. Хотелось бы получить помощь',
] as const;
const PRESENCE = ['Да', 'Частично', 'Нет'] as const;
const STATUSES = ['выполнено', 'в работе', 'не начато'] as const;

describe('matchChoice', () => {
  it.each<[string, string]>([
    ['Скорее да, чем нет', 'Скорее да, чем нет'],
    ['СКОРЕЕ ДА, ЧЕМ НЕТ', 'Скорее да, чем нет'],
    ['скорее да чем нет.', 'Скорее да, чем нет'],
    ['  Скорее   да ,чем нет ', 'Скорее да, чем нет'],
    ['скорее да', 'Скорее да, чем нет'],
    ['Скорее нет', 'Скорее нет, чем да'],
    ['да', 'Да. Хотелось бы получить помощь'],
    ['ДА', 'Да. Хотелось бы получить помощь'],
    ['Да.', 'Да. Хотелось бы получить помощь'],
    ['Да, хотелось бы', 'Да. Хотелось бы получить помощь'],
    ['нет', 'Нет. Могу поделиться опытом'],
    ['Нет, могу поделиться опытом', 'Нет. Могу поделиться опытом'],
  ])('%j → %j', (typed, meant) => {
    expect(matchChoice(typed, SCALE)).toEqual({ value: meant });
  });

  it('reads ё as е and cut-short last words of at least three letters', () => {
    expect(matchChoice('Частичн.', PRESENCE)).toEqual({ value: 'Частично' });
    expect(matchChoice('выполн', STATUSES)).toEqual({ value: 'выполнено' });
    expect(matchChoice('ч', PRESENCE)).toEqual({ none: true });
    expect(matchChoice('Не начато', ['Не начато', 'Ещё не начато'])).toEqual({ value: 'Не начато' });
    expect(matchChoice('еще не начато', ['Не начато', 'Ещё не начато'])).toEqual({ value: 'Ещё не начато' });
  });

  it('names the choices an ambiguous answer could be, in definition order', () => {
    expect(matchChoice('скорее', SCALE)).toEqual({ ambiguous: ['Скорее нет, чем да', 'Скорее да, чем нет'] });
    expect(matchChoice('Скор.', SCALE)).toEqual({ ambiguous: ['Скорее нет, чем да', 'Скорее да, чем нет'] });
  });

  it('takes synonyms, also of signs only', () => {
    const synonyms = { Да: ['есть', '+'], Частично: ['+/-'], Нет: ['отсутствует', '-'] };
    expect(matchChoice('Отсутствует', PRESENCE, synonyms)).toEqual({ value: 'Нет' });
    expect(matchChoice('+', PRESENCE, synonyms)).toEqual({ value: 'Да' });
    expect(matchChoice(' + / - ', PRESENCE, synonyms)).toEqual({ value: 'Частично' });
    expect(matchChoice('-', PRESENCE, synonyms)).toEqual({ value: 'Нет' });
    expect(matchChoice('+', PRESENCE)).toEqual({ none: true });
  });

  it('does not read more into an answer than it says', () => {
    // A longer text is not a choice: «Да, частично» is neither «Да» nor «Частично».
    expect(matchChoice('Да, частично', PRESENCE)).toEqual({ none: true });
    expect(matchChoice('Затрудняюсь ответить', SCALE)).toEqual({ none: true });
    expect(matchChoice('', SCALE)).toEqual({ none: true });
    expect(matchChoice(' . ', SCALE)).toEqual({ none: true });
    expect(matchChoice(null, SCALE)).toEqual({ none: true });
  });

  it('reads every choice as itself, in any case and with any punctuation around it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCALE, ...PRESENCE, ...STATUSES),
        fc.boolean(),
        fc.constantFrom('', '.', ' !', '…'),
        (choice, upper, tail) => {
          const list = (SCALE as readonly string[]).includes(choice)
            ? SCALE
            : (PRESENCE as readonly string[]).includes(choice)
              ? PRESENCE
              : STATUSES;
          const typed = `${upper ? choice.toUpperCase() : choice.toLowerCase()}${tail}`;
          expect(matchChoice(typed, list)).toEqual({ value: choice });
        },
      ),
    );
  });
});
