import { describe, expect, it } from 'vitest';
import { formatIssue } from '@mmo/shared';
import { consolidate } from '../src/engine/consolidate.js';

describe('a sheet that is none of the forms', () => {
  it('is skipped with a warning that says where to find the forms, and the file is reported', () => {
    const c = consolidate({
      entries: [
        {
          workbook: {
            id: 'заметки.xlsx',
            name: 'заметки.xlsx',
            districtHint: 4,
            revision: 'r1',
            sheets: [{ name: 'Лист1', grid: [['Список покупок'], ['бумага', 'маркеры']] }],
          },
          status: {
            sourceId: 'заметки.xlsx',
            name: 'заметки.xlsx',
            mmo: 4,
            status: 'ok',
            fromSnapshot: false,
            stale: false,
          },
        },
      ],
      academicYear: 2022,
      now: new Date('2022-11-01T00:00:00Z'),
    });
    expect(c.sheets).toEqual([]);
    const texts = c.issues.map((i) => formatIssue(i));
    expect(texts).toContain(
      'Файл «заметки.xlsx», лист «Лист1»: лист «Лист1» не похож ни на одну форму: в нём нет строки заголовков ни одной из форм (их список — в меню «ММО → Создать лист»), лист пропущен',
    );
  });
});
