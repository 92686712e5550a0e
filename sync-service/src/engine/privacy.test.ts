import { describe, expect, it } from 'vitest';
import type { Consolidation } from '../model.js';
import { HIDDEN, personalIndex, redactText } from './privacy.js';

/** Just what the index reads: заявка rows with their personal columns. */
function withTrainees(rows: readonly Record<string, string>[]): Consolidation {
  return {
    sheets: [
      {
        templateId: 'application',
        sourceName: 'ММО-3 Заявка.xlsx',
        sheetName: 'Заявка',
        header: { contactPhone: '+7 900 000-00-07' },
        records: rows.map((values, i) => ({ row: i + 5, values, raw: values })),
      },
    ],
  } as unknown as Consolidation;
}

describe('redactText', () => {
  const c = withTrainees([
    { traineeName: 'Примерова Заира Условновна', traineeWorkplace: 'МКОУ «Вымышленная СОШ»' },
    { traineeName: 'Примерова Заира', traineeWorkplace: 'Тестовая гимназия №1' },
    { traineeName: 'Тестов Т.Т.', traineeWorkplace: 'Тестовая гимназия №1' },
  ]);
  const index = personalIndex(c);

  it('cuts every personal value in a text, the longest first, and each occurrence', () => {
    expect(redactText('Заявка: Примерова Заира Условновна, Тестовая гимназия №1', index)).toBe(
      `Заявка: ${HIDDEN}, Тестовая гимназия №1`,
    );
    expect(redactText('Примерова Заира (учитель)', index)).toBe(`${HIDDEN} (учитель)`);
    expect(redactText('Тестов Т.Т. и снова Тестов Т.Т.', index)).toBe(`${HIDDEN} и снова ${HIDDEN}`);
    expect(redactText('звонить +7 900 000-00-07', index)).toBe(`звонить ${HIDDEN}`);
  });

  it('leaves a text without personal data as it is', () => {
    expect(redactText('Школа современного учителя: 12 заявок', index)).toBe(
      'Школа современного учителя: 12 заявок',
    );
  });

  it('builds the index once per consolidation', () => {
    expect(personalIndex(c)).toBe(index);
    expect(personalIndex(withTrainees([]))).not.toBe(index);
  });
});
