import { describe, expect, it } from 'vitest';
import {
  formatIssue,
  itemAnswers,
  readSheet,
  tableColumns,
  validateSheet,
  type CellValue,
  type ItemDef,
  type ItemsTemplate,
} from '@mmo/shared';
import { TEMPLATES, templateById } from '../index.js';
import {
  CONCLUSIONS_ITEM,
  DIFFICULTY_ANSWERS,
  DIFFICULTY_FIELD,
  DIFFICULTY_GROUPS,
  POSITION_FIELD,
  questionnaireItems,
} from './questionnaire-answers.js';
import { QUESTIONNAIRE_DOD } from './questionnaire-dod.js';
import { QUESTIONNAIRE_DOO } from './questionnaire-doo.js';
import { QUESTIONNAIRE_OO } from './questionnaire-oo.js';
import { MMO_FIELD, MUNICIPALITY_FIELD, ORGANISATION_FIELD } from './common-fields.js';
import {
  cellOf,
  nextCell,
  SAMPLE_DISTRICT,
  SAMPLE_MUNICIPALITY,
  seedLines,
  titleLine,
} from './seed-cells.test-helper.js';

const VARIANTS = [
  ['ДОО', QUESTIONNAIRE_DOO, [9, 16, 3, 9, 10], 47],
  ['ОО', QUESTIONNAIRE_OO, [11, 25, 3, 9, 10], 58],
  ['ДОД', QUESTIONNAIRE_DOD, [10, 18, 2, 9, 10], 49],
] as const;

/** Rows answered on the difficulty scale, per block, in block order. */
function scaleRowsPerGroup(t: ItemsTemplate): number[] {
  const counts: number[] = [];
  for (const item of t.items) {
    if (item.isGroup) counts.push(0);
    else if (itemAnswers(t, item).some((f) => f.key === DIFFICULTY_FIELD.key)) counts[counts.length - 1]++;
  }
  return counts;
}

describe('questionnaire answers', () => {
  it('are the four columns of the seed, verbatim and in order', () => {
    expect(DIFFICULTY_ANSWERS).toEqual([
      'Нет. Могу поделиться опытом',
      'Скорее нет, чем да',
      'Скорее да, чем нет',
      'Да. Хотелось бы получить помощь',
    ]);
    expect(DIFFICULTY_FIELD).toMatchObject({
      key: 'answer',
      label: 'Затруднения',
      type: 'choice',
      choices: DIFFICULTY_ANSWERS,
    });
    // A blank row is a skipped item, not a mistake; anything off the list is an error, not a warning.
    expect(DIFFICULTY_FIELD).not.toHaveProperty('required');
    expect(DIFFICULTY_FIELD).not.toHaveProperty('allowOther');
  });

  it('«Выводы:» is the last row, with free text only', () => {
    for (const [, t] of VARIANTS) {
      const last = t.items[t.items.length - 1];
      expect(last).toBe(CONCLUSIONS_ITEM);
      expect(itemAnswers(t, last).map((f) => f.type)).toEqual(['text']);
    }
  });

  it('a row that is neither numbered nor a «-» under a numbered one is a definition mistake', () => {
    expect(() => questionnaireItems([['Группа', ['- без номера сверху']]])).toThrow(/без номера/);
    expect(() => questionnaireItems([['Группа', ['Текст без номера']]])).toThrow();
  });
});

describe.each(VARIANTS)('questionnaire %s', (_, t, perGroup, total) => {
  it('has the reference number of answerable rows in each block', () => {
    expect(scaleRowsPerGroup(t)).toEqual(perGroup);
    expect(perGroup.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('has the five blocks g1…g5 with the seed headings', () => {
    const groups = t.items.filter((i) => i.isGroup);
    expect(groups.map((g) => g.id)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(groups.map((g) => g.text)).toEqual(Object.values(DIFFICULTY_GROUPS));
  });

  it('has unique ids that end with the printed number', () => {
    const ids = t.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    let block = 0;
    let num = '';
    for (const item of t.items) {
      if (item.isGroup) block++;
      else if (item === CONCLUSIONS_ITEM) continue;
      else if (/^\d+\. /.test(item.text)) {
        num = item.text.split('.')[0];
        expect(item.id).toBe(`${block}.${num}`);
      } else {
        expect(item.text.startsWith('- ')).toBe(true);
        expect(item.id).toMatch(new RegExp(`^${block}\\.${num}\\.\\d+$`));
      }
    }
  });

  it('copies the title, headers, answers and every row verbatim, in the seed order', () => {
    const start = titleLine(t.title);
    expect(start, t.title).toBeGreaterThan(0);
    const end = seedLines.findIndex((l, i) => i > start && l.trim() === CONCLUSIONS_ITEM.text);
    expect(end).toBeGreaterThan(start);
    let at = nextCell(t.itemLabel, start);
    expect(nextCell(DIFFICULTY_FIELD.label, at)).toBe(at + 1);
    for (const answer of DIFFICULTY_ANSWERS) {
      at = nextCell(answer, at + 1);
      expect(at, answer).toBeGreaterThan(0);
    }
    for (const item of t.items.filter((i) => i !== CONCLUSIONS_ITEM)) {
      at = nextCell(item.text, at + 1);
      expect(at, `${item.id} ${item.text}`).toBeGreaterThan(0);
      expect(at, `${item.id} is outside its questionnaire`).toBeLessThan(end);
      // The seed leaves four answer cells after every row, lead-ins «…:» included: all are answerable.
      if (!item.isGroup)
        expect(seedLines.slice(at + 1, at + 5).map(cellOf), item.id).toEqual(['', '', '', '']);
    }
  });

  it('is anonymous: position and organisation, never a name', () => {
    expect(t.header).toEqual([MMO_FIELD, MUNICIPALITY_FIELD, ORGANISATION_FIELD, POSITION_FIELD]);
    expect(POSITION_FIELD.label).toBe('Должность');
    expect(t.header.some((f) => 'personal' in f && f.personal)).toBe(false);
    expect(t.instructions.join(' ')).toMatch(/анонимн/);
  });

  it('is registered', () => {
    expect(templateById(t.id)).toBe(t);
    expect(t.sheetName.length).toBeLessThanOrEqual(31);
    expect(t.source).toBe('Программа «Возобновляемое образование», 2022');
    expect([t.numberLabel, t.itemLabel]).toEqual(['№', 'Показатели']);
  });
});

describe('registry', () => {
  it('lists the questionnaires and self-diagnostics after the plans and the заявка, ids and tabs unique', () => {
    const ids = TEMPLATES.map((t) => t.id);
    const ours = [
      'questionnaire-doo',
      'questionnaire-oo',
      'questionnaire-dod',
      'self-diagnostics-municipal',
      'self-diagnostics-oo',
    ];
    const at = ids.indexOf(ours[0]);
    expect(at).toBeGreaterThan(ids.indexOf('application'));
    expect(ids.slice(at, at + ours.length)).toEqual(ours);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(TEMPLATES.map((t) => t.sheetName)).size).toBe(TEMPLATES.length);
  });
});

type Answers = Readonly<Record<string, readonly [answer: CellValue, comment?: CellValue]>>;

/** A sheet as a teacher sends it back: title, header block, a blank row, the table. */
function filledGrid(
  t: ItemsTemplate,
  answers: Answers,
  opts: { numbers?: boolean; text?: (item: ItemDef) => string } = {},
): CellValue[][] {
  const numbers = opts.numbers ?? true;
  const columns = tableColumns(t).slice(numbers ? 0 : 1);
  const grid: CellValue[][] = [
    [t.title],
    [MMO_FIELD.label, SAMPLE_DISTRICT.label],
    [MUNICIPALITY_FIELD.label, SAMPLE_MUNICIPALITY.displayName],
    [ORGANISATION_FIELD.label, 'МКДОУ «Детский сад №1»'],
    [POSITION_FIELD.label, 'воспитатель'],
    [],
    columns.map((f) => f.label),
  ];
  for (const item of t.items) {
    const [answer = null, comment = null] = answers[item.id] ?? [];
    const cells = item === CONCLUSIONS_ITEM ? [null, answer] : [answer, comment];
    grid.push([
      ...(numbers ? [item.isGroup ? null : item.id] : []),
      opts.text ? opts.text(item) : item.text,
      ...cells,
    ]);
  }
  return grid;
}

const rowOf = (grid: CellValue[][], id: string, t: ItemsTemplate): number =>
  grid.findIndex((r) => r.includes(t.items.find((i) => i.id === id)!.text)) + 1;

describe('round trip through readSheet + validateSheet', () => {
  const t = QUESTIONNAIRE_DOO;
  const answers: Answers = {
    '1.1': [DIFFICULTY_ANSWERS[0], 'Готова провести семинар'],
    '1.1.2': [DIFFICULTY_ANSWERS[3]],
    '2.12': [DIFFICULTY_ANSWERS[2]],
    '4.1.5': [DIFFICULTY_ANSWERS[1]],
    '5.7': [DIFFICULTY_ANSWERS[3], 'Нужна помощь'],
    conclusions: ['Нужна помощь по АООП и ДОТ'],
  };

  it('gives every answer back under its item id, blanks as null, with no issues', () => {
    const grid = filledGrid(t, answers);
    const result = validateSheet(t, readSheet(t, grid));
    expect(result.issues).toEqual([]);
    expect(result.header).toMatchObject({
      mmo: SAMPLE_DISTRICT.no,
      position: 'воспитатель',
      organisation: 'МКДОУ «Детский сад №1»',
    });
    const byId = new Map(result.records.map((r) => [r.item!.id, r.values]));
    expect(byId.size).toBe(47 + 1);
    expect(byId.get('1.1')).toEqual({ answer: DIFFICULTY_ANSWERS[0], comment: 'Готова провести семинар' });
    expect(byId.get('1.1.2')).toEqual({ answer: DIFFICULTY_ANSWERS[3], comment: null });
    expect(byId.get('2.12')?.answer).toBe(DIFFICULTY_ANSWERS[2]);
    expect(byId.get('4.1.5')?.answer).toBe(DIFFICULTY_ANSWERS[1]);
    expect(byId.get('5.7')).toEqual({ answer: DIFFICULTY_ANSWERS[3], comment: 'Нужна помощь' });
    expect(byId.get('3.1')).toEqual({ answer: null, comment: null });
    expect(byId.get('conclusions')).toEqual({ comment: 'Нужна помощь по АООП и ДОТ' });
    expect(result.records.find((r) => r.item?.id === '2.12')?.row).toBe(rowOf(grid, '2.12', t));
  });

  it('rejects an answer off the scale, naming the row and the column', () => {
    const grid = filledGrid(t, { ...answers, '2.3': ['может быть'] });
    const result = validateSheet(t, readSheet(t, grid));
    const errors = result.issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      row: rowOf(grid, '2.3', t),
      column: 'C',
      columnLabel: 'Затруднения',
      field: 'answer',
    });
    expect(formatIssue(errors[0])).toMatch(
      new RegExp(`^Строка ${rowOf(grid, '2.3', t)}, столбец C «Затруднения»: `),
    );
    expect(errors[0].message).toContain('«может быть»');
    expect(result.rejectedRows).toBe(1);
    expect(result.records.some((r) => r.item?.id === '2.3')).toBe(false);
    expect(result.records.find((r) => r.item?.id === '5.7')?.values.answer).toBe(DIFFICULTY_ANSWERS[3]);
  });

  it('accepts answers typed in another letter case or spacing', () => {
    const grid = filledGrid(t, {
      '1.2': ['НЕТ. МОГУ ПОДЕЛИТЬСЯ ОПЫТОМ'],
      '1.3': ['скорее нет,  чем да'],
      '1.4': ['Скорее Да, Чем Нет '],
      '1.5': ['да. хотелось бы получить помощь'],
    });
    const result = validateSheet(t, readSheet(t, grid));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const answerOf = (id: string) => result.records.find((r) => r.item?.id === id)?.values.answer;
    expect(['1.2', '1.3', '1.4', '1.5'].map(answerOf)).toEqual([...DIFFICULTY_ANSWERS]);
  });

  it('finds the rows by text when the № column is gone and the numbering was retyped away', () => {
    const grid = filledGrid(
      QUESTIONNAIRE_DOD,
      { '2.2.5': [DIFFICULTY_ANSWERS[2]], '5.5.2': [DIFFICULTY_ANSWERS[1]] },
      {
        numbers: false,
        text: (i) => i.text.replace(/^(\d+\.|-)\s*/, ''),
      },
    );
    const result = validateSheet(QUESTIONNAIRE_DOD, readSheet(QUESTIONNAIRE_DOD, grid));
    expect(result.issues).toEqual([]);
    const answerOf = (id: string) => result.records.find((r) => r.item?.id === id)?.values.answer;
    expect(answerOf('2.2.5')).toBe(DIFFICULTY_ANSWERS[2]);
    expect(answerOf('5.5.2')).toBe(DIFFICULTY_ANSWERS[1]);
    expect(result.records).toHaveLength(49 + 1);
  });
});
