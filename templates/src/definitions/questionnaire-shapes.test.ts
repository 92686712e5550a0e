/** The seed's four-column layout and form exports, read by the shared recogniser: the edge cases. */
import { describe, expect, it } from 'vitest';
import { detectTemplate, formatIssue, validateSheet, type CellValue } from '@mmo/shared';
import { TEMPLATES } from '../index.js';
import { formExportSheet, seedLayoutSheet } from '../testing/tricky-sheets.js';
import { DIFFICULTY_ANSWERS } from './questionnaire-answers.js';
import { QUESTIONNAIRE_DOO } from './questionnaire-doo.js';
import { QUESTIONNAIRE_OO } from './questionnaire-oo.js';

const detect = (rows: readonly (readonly CellValue[])[]) =>
  detectTemplate({ name: 'Лист1', grid: rows }, TEMPLATES)!;

describe('the seed layout', () => {
  it('warns about a cell that is no mark and does not count it; «нет», «0» and «-» are blanks', () => {
    const { rows } = seedLayoutSheet(
      QUESTIONNAIRE_OO,
      new Map([
        [0, 2],
        [1, 1],
        [2, 0],
        [3, 3],
      ]),
      {
        organisation: 'МКОУ «Вымышленная СОШ»',
        mark: (n) => ['частично', 'нет', 0, '-'][n],
      },
    );
    const d = detect(rows);
    expect(d.template).toBe(QUESTIONNAIRE_OO);
    const v = validateSheet(d.template, d.read, { districtNo: 4 });
    expect(v.records.filter((r) => r.values.answer)).toEqual([]);
    expect(v.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^Строка \d+, столбец D «Скорее да, чем нет»: «частично» — не отметка/),
    ]);
    expect(v.header.organisation).toBe('МКОУ «Вымышленная СОШ»');
  });

  it('accepts the answer written out in any of the four columns', () => {
    const { rows } = seedLayoutSheet(QUESTIONNAIRE_DOO, new Map([[0, 0]]), {
      organisation: 'МКДОУ «Тест»',
      mark: () => DIFFICULTY_ANSWERS[2],
    });
    const v = validateSheet(QUESTIONNAIRE_DOO, detect(rows).read, { districtNo: 4 });
    expect(v.issues).toEqual([]);
    expect(v.records.find((r) => r.values.answer)?.values.answer).toBe(DIFFICULTY_ANSWERS[2]);
  });
});

describe('a form export', () => {
  const person = (municipality: string) => ({
    municipality,
    organisation: 'МКДОУ «Тест»',
    position: 'воспитатель',
    answers: new Map([[0, 3]]),
  });

  it('without a «Муниципалитет» column is no error; a respondent who left it blank is, in their row and column', () => {
    const rows = formExportSheet(QUESTIONNAIRE_DOO, [person('Гунибский район'), person('')], {
      style: 'google',
    });
    const d = detect(rows);
    expect(d.responses?.respondents.map((r) => r.row)).toEqual([2, 3]);
    const issues = d
      .responses!.respondents.flatMap((r) => validateSheet(d.template, r.read, { districtNo: 4 }).issues)
      .map(formatIssue);
    expect(issues).toEqual([
      'Строка 3, столбец B «Муниципалитет»: заполните «Муниципалитет» — это обязательное поле',
    ]);
    const without = rows.map((r) => [r[0], ...r.slice(2)]);
    const d2 = detect(without);
    expect(
      d2.responses!.respondents.flatMap((r) => validateSheet(d2.template, r.read, { districtNo: 4 }).issues),
    ).toEqual([]);
  });

  it('names the grid questions of no item once for the sheet, and still reads the rest', () => {
    const rows = formExportSheet(QUESTIONNAIRE_DOO, [person('Гунибский район')], { style: 'google' }).map(
      (r) => [...r],
    );
    rows[0].push('Методические затруднения [Работа с вымышленной платформой]');
    rows[1].push('Да. Хотелось бы получить помощь');
    const d = detect(rows);
    expect(d.template).toBe(QUESTIONNAIRE_DOO);
    expect(d.read.issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /^Строка 1: вопросы [A-Z]+ «Методические затруднения \[Работа с вымышленной платформой\]» не найдены среди пунктов/,
      ),
    ]);
    expect(d.responses!.respondents[0].read.records.filter((r) => r.values.answer)).toHaveLength(1);
  });
});
