import { describe, expect, it } from 'vitest';
import {
  formatIssue,
  itemAnswers,
  readSheet,
  tableColumns,
  validateSheet,
  type CellValue,
  type ItemsTemplate,
} from '@mmo/shared';
import { templateById } from '../index.js';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, MUNICIPALITY_FIELD, ORGANISATION_FIELD } from './common-fields.js';
import { COMMENT_FIELD } from './questionnaire-answers.js';
import {
  EVIDENCE_FIELD,
  PRESENCE_CHOICES,
  PRESENCE_FIELD,
  SELF_DIAGNOSTICS_TITLE,
} from './self-diagnostics-common.js';
import { SELF_DIAGNOSTICS_MUNICIPAL } from './self-diagnostics-municipal.js';
import { SELF_DIAGNOSTICS_OO } from './self-diagnostics-oo.js';
import {
  cellOf,
  nextCell,
  SAMPLE_DISTRICT,
  SAMPLE_MUNICIPALITY,
  seedLines,
  titleLine,
} from './seed-cells.test-helper.js';

/** Template, its level row in the seed and the next one, rows, components, the component with sub-rows. */
const LEVELS = [
  ['municipal', SELF_DIAGNOSTICS_MUNICIPAL, 'На муниципальном уровне:', 'Региональный уровень', 11, 9, '4'],
  [
    'ОО',
    SELF_DIAGNOSTICS_OO,
    'На уровне образовательной организации',
    'На муниципальном уровне:',
    15,
    13,
    '7',
  ],
] as const;

describe('self-diagnostics answers', () => {
  it('are «Наличие», «Подтверждающий документ», «Комментарий»', () => {
    for (const [, t] of LEVELS) expect(t.answers).toEqual([PRESENCE_FIELD, EVIDENCE_FIELD, COMMENT_FIELD]);
    expect(PRESENCE_CHOICES).toEqual(['Да', 'Частично', 'Нет']);
    expect(PRESENCE_FIELD).toMatchObject({ label: 'Наличие', type: 'choice' });
    expect(PRESENCE_FIELD).not.toHaveProperty('allowOther');
    expect([EVIDENCE_FIELD.label, EVIDENCE_FIELD.type]).toEqual(['Подтверждающий документ', 'text']);
    expect([COMMENT_FIELD.label, COMMENT_FIELD.type]).toEqual(['Комментарий', 'text']);
  });

  it('take their preamble verbatim from the seed', () => {
    const preamble = SELF_DIAGNOSTICS_MUNICIPAL.instructions.slice(0, 2);
    const at = titleLine(SELF_DIAGNOSTICS_TITLE);
    expect(at).toBeGreaterThan(0);
    expect(seedLines.slice(at, at + 10).map((l) => l.trim())).toEqual(expect.arrayContaining([...preamble]));
  });
});

describe.each(LEVELS)(
  'self-diagnostics %s',
  (_, t, levelRow, nextLevelRow, rows, components, withSubRows) => {
    it('has every component and sub-row of the reference, each answerable', () => {
      expect(t.items).toHaveLength(rows);
      expect(t.items.filter((i) => /^\d+$/.test(i.id)).map((i) => i.id)).toEqual(
        Array.from({ length: components }, (_, i) => String(i + 1)),
      );
      expect(t.items.filter((i) => i.id.startsWith(`${withSubRows}.`)).map((i) => i.id)).toEqual([
        `${withSubRows}.1`,
        `${withSubRows}.2`,
      ]);
      // The lead-in «…:» is assessed as a whole, like any other component.
      const leadIn = t.items.find((i) => i.id === withSubRows)!;
      expect(leadIn.text.endsWith(':')).toBe(true);
      for (const item of t.items as ItemsTemplate['items']) {
        expect(item.isGroup).toBeUndefined();
        expect(itemAnswers(t, item)).toBe(t.answers);
      }
      const ids = t.items.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('copies the title, the header and every row verbatim, numbers as printed, in the seed order', () => {
      expect(t.title.startsWith(`${SELF_DIAGNOSTICS_TITLE} — `)).toBe(true);
      const start = titleLine(SELF_DIAGNOSTICS_TITLE);
      expect(nextCell(t.itemLabel, start)).toBeGreaterThan(start);
      let at = nextCell(levelRow, start);
      expect(at, levelRow).toBeGreaterThan(0);
      for (const item of t.items) {
        at = nextCell(item.text, at + 1);
        expect(at, `${item.id} ${item.text}`).toBeGreaterThan(0);
        // The number sits in the cell before the text; the seed leaves it empty for sub-rows.
        expect(cellOf(seedLines[at - 1]), item.id).toBe(item.id.includes('.') ? '' : item.id);
      }
      // No row was taken from the next level, whose texts partly repeat this one.
      expect(nextCell(nextLevelRow, start)).toBeGreaterThan(at);
    });

    it('is registered with a year and a place', () => {
      expect(templateById(t.id)).toBe(t);
      expect(t.sheetName.length).toBeLessThanOrEqual(31);
      expect([t.numberLabel, t.itemLabel]).toEqual(['№', 'Компоненты самодиагностики']);
      expect(t.header.map((f) => f.key)).toEqual(
        t === SELF_DIAGNOSTICS_OO
          ? ['mmo', 'municipality', 'organisation', 'academicYear']
          : ['mmo', 'municipality', 'academicYear'],
      );
      expect(t.header[0]).toBe(MMO_FIELD);
      expect(t.header[1]).toBe(MUNICIPALITY_FIELD);
      expect(t.header[t.header.length - 1]).toBe(ACADEMIC_YEAR_FIELD);
    });
  },
);

it('keeps the seed slip «краевых» in municipal component 3', () => {
  expect(SELF_DIAGNOSTICS_MUNICIPAL.items.find((i) => i.id === '3')?.text).toContain('краевых');
});

type Answers = Readonly<Record<string, readonly CellValue[]>>;

function filledGrid(
  t: ItemsTemplate,
  answers: Answers,
  organisation: CellValue = 'МКОУ «Ботлихская СОШ №1»',
): CellValue[][] {
  const header: [string, CellValue][] = [
    [MMO_FIELD.label, SAMPLE_DISTRICT.label],
    [MUNICIPALITY_FIELD.label, SAMPLE_MUNICIPALITY.displayName],
    ...(t.header.some((f) => f.key === ORGANISATION_FIELD.key)
      ? [[ORGANISATION_FIELD.label, organisation] as [string, CellValue]]
      : []),
    [ACADEMIC_YEAR_FIELD.label, '2022-2023'],
  ];
  return [
    [t.title],
    ...header,
    [],
    tableColumns(t).map((f) => f.label),
    ...t.items.map((item) => [item.id, item.text, ...(answers[item.id] ?? [])]),
  ];
}

const rowOf = (grid: CellValue[][], id: string): number => grid.findIndex((r) => r[0] === id) + 1;

describe('round trip through readSheet + validateSheet', () => {
  it('gives the checklist back per component, the year and the ММО from the header', () => {
    const t = SELF_DIAGNOSTICS_MUNICIPAL;
    const grid = filledGrid(t, {
      '1': ['Да', 'Приказ УО №12 от 01.09.2022'],
      '4': ['Частично'],
      '4.2': ['Нет', null, 'Планируется в 2023 году'],
    });
    const result = validateSheet(t, readSheet(t, grid));
    expect(result.issues).toEqual([]);
    expect(result.header).toMatchObject({ mmo: SAMPLE_DISTRICT.no, academicYear: 2022 });
    expect(result.academicYear).toEqual({ startYear: 2022 });
    const byId = new Map(result.records.map((r) => [r.item!.id, r.values]));
    expect(byId.size).toBe(11);
    expect(byId.get('1')).toEqual({ presence: 'Да', evidence: 'Приказ УО №12 от 01.09.2022', comment: null });
    expect(byId.get('4')).toEqual({ presence: 'Частично', evidence: null, comment: null });
    expect(byId.get('4.2')).toEqual({ presence: 'Нет', evidence: null, comment: 'Планируется в 2023 году' });
    expect(byId.get('9')).toEqual({ presence: null, evidence: null, comment: null });
  });

  it('rejects «может быть», naming the row, and accepts any letter case', () => {
    const t = SELF_DIAGNOSTICS_OO;
    const grid = filledGrid(t, { '7.1': ['может быть'], '2': ['ДА'], '3': ['частично'], '13': ['нЕт'] });
    const result = validateSheet(t, readSheet(t, grid));
    const errors = result.issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: rowOf(grid, '7.1'), columnLabel: 'Наличие', field: 'presence' });
    expect(formatIssue(errors[0])).toMatch(
      new RegExp(`^Строка ${rowOf(grid, '7.1')}, столбец C «Наличие»: «может быть»`),
    );
    const presence = (id: string) => result.records.find((r) => r.item?.id === id)?.values.presence;
    expect(['2', '3', '13'].map(presence)).toEqual(['Да', 'Частично', 'Нет']);
    expect(result.records.some((r) => r.item?.id === '7.1')).toBe(false);
  });

  it('wants the organisation on the ОО checklist', () => {
    const t = SELF_DIAGNOSTICS_OO;
    const result = validateSheet(t, readSheet(t, filledGrid(t, { '1': ['Да'] }, null)));
    expect(result.issues.filter((i) => i.severity === 'error').map((i) => i.field)).toEqual(['organisation']);
  });
});
