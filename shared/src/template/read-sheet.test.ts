import { describe, expect, it } from 'vitest';
import { readSheet } from './read-sheet.js';
import type { TableTemplate, ItemsTemplate, Grid } from './model.js';

const PLAN: TableTemplate = {
  id: 'plan',
  layout: 'table',
  title: 'ПЛАН работы',
  sheetName: 'План',
  menuLabel: 'План',
  source: 'test',
  instructions: [],
  header: [
    { key: 'mmo', label: 'Межмуниципальный методический округ', type: 'mmo', required: true },
    { key: 'contact', label: 'Ответственный за взаимодействие с ММО', type: 'text' },
  ],
  columns: [
    { key: 'no', label: '№', type: 'text' },
    { key: 'title', label: 'Название мероприятия', type: 'text', required: true },
    { key: 'period', label: 'Сроки проведения', type: 'period', required: true },
    {
      key: 'place',
      label: 'Ответственный. Место проведения (район, ОО)',
      type: 'text',
      aliases: ['Ответственный. Место проведения'],
    },
  ],
};

describe('readSheet on a table', () => {
  it('finds the header row below a pasted title and municipality list, whatever case and line breaks', () => {
    const grid: Grid = [
      ['№4. «Горный».'],
      ['Муниципалитеты:'],
      ['1. Бежтинский участок'],
      ['2. Гергебильский'],
      [],
      [
        'Лишний столбец',
        'СРОКИ\nПРОВЕДЕНИЯ',
        'название  мероприятия',
        '№',
        'ответственный. место проведения',
      ],
      ['1', '2', '3', '4', '5'],
      ['x', 'Ноябрь, 2022', 'Семинар', '1.', 'Гунибский'],
      [null, '', null, null, null],
      ['y', 'Март, 2023', 'Конкурс', '2.', 'Левашинский'],
    ];
    const read = readSheet(PLAN, grid);
    expect(read.headerRow).toBe(6);
    expect(read.columns).toEqual({ period: 2, title: 3, no: 4, place: 5 });
    expect(read.titleDistrict?.no).toBe(4);
    expect(read.records.map((r) => [r.row, r.values.title])).toEqual([
      [8, 'Семинар'],
      [10, 'Конкурс'],
    ]);
  });

  it('skips a repeated header row with a warning that names the row', () => {
    const grid: Grid = [
      ['№', 'Название мероприятия', 'Сроки проведения'],
      ['1', 'Семинар', 'Ноябрь, 2022'],
      ['№', 'Название мероприятия', 'Сроки проведения'],
      ['2', 'Конкурс', 'Март, 2023'],
    ];
    const read = readSheet(PLAN, grid);
    expect(read.records).toHaveLength(2);
    expect(read.issues).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        row: 3,
        message: 'повторная строка заголовков пропущена',
      }),
    );
  });

  it('reads the header block from «label | value» cells and from «1. Label____value» lines of a document', () => {
    const grid: Grid = [
      ['Заявка'],
      ['1. Межмуниципальный методический округ____Прорыв_______'],
      ['Ответственный за взаимодействие с ММО', null, 'Алиева П. М.'],
      ['№', 'Название мероприятия', 'Сроки проведения'],
    ];
    const read = readSheet(PLAN, grid);
    expect(read.header.mmo?.value).toBe('Прорыв');
    expect(read.header.contact).toEqual({ value: 'Алиева П. М.', row: 3, col: 3 });
  });

  it('says which columns it expected when there is no header row at all', () => {
    const read = readSheet(PLAN, [['просто текст'], ['ещё текст']]);
    expect(read.headerRow).toBeNull();
    expect(read.issues[0]).toMatchObject({ severity: 'error' });
    expect(read.issues[0].message).toContain('«Название мероприятия»');
  });

  it('reports a missing required column against the header row', () => {
    const read = readSheet(PLAN, [['№', 'Название мероприятия', 'Место']]);
    expect(read.issues).toContainEqual(
      expect.objectContaining({ severity: 'error', row: 1, field: 'period' }),
    );
  });
});

const CHECKLIST: ItemsTemplate = {
  id: 'check',
  layout: 'items',
  title: 'Опросный лист',
  sheetName: 'Опрос',
  menuLabel: 'Опрос',
  source: 'test',
  instructions: [],
  header: [],
  numberLabel: '№',
  itemLabel: 'Показатели',
  answers: [{ key: 'answer', label: 'Затруднения', type: 'choice', choices: ['Да', 'Нет'] }],
  items: [
    { id: 'g1', text: 'Общепедагогические затруднения', isGroup: true },
    { id: '1.1', text: '1. Знание нормативных документов:' },
    { id: '1.2', text: '- обмена опытом' },
    { id: 'g2', text: 'Коммуникативные затруднения', isGroup: true },
    { id: '2.1', text: '- обмена опытом' },
  ],
};

describe('readSheet on items', () => {
  it('matches items by text without their printed numbering, and repeated texts by their number', () => {
    const grid: Grid = [
      ['№', 'Показатели', 'Затруднения'],
      ['', 'Общепедагогические затруднения', ''],
      ['1', 'Знание нормативных документов:', 'Да'],
      ['1.2', '- обмена опытом', 'Нет'],
      ['2.1', 'обмена опытом', 'Да'],
      ['', 'Строка не из формы', 'Да'],
    ];
    const read = readSheet(CHECKLIST, grid);
    expect(read.records.map((r) => [r.item?.id, r.values.answer])).toEqual([
      ['1.1', 'Да'],
      ['1.2', 'Нет'],
      ['2.1', 'Да'],
    ]);
    expect(read.issues).toContainEqual(expect.objectContaining({ severity: 'warning', row: 6 }));
  });

  it('lists the items the sheet lacks', () => {
    const read = readSheet(CHECKLIST, [
      ['№', 'Показатели', 'Затруднения'],
      ['1.1', 'Знание нормативных документов:', 'Да'],
    ]);
    expect(read.issues.at(-1)?.message).toMatch(/в листе нет пунктов: «1\.2/);
  });
});
