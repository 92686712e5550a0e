import { describe, expect, it } from 'vitest';
import {
  scoreAll,
  scoreCriterion,
  scoringRuleSchema,
  type CriterionAnswer,
  type ScoringRule,
} from '@mmo/shared';
import {
  INDICATOR_TABLES,
  MUNICIPAL_INDICATORS,
  OO_INDICATORS,
  REGIONAL_INDICATORS,
  scoredRows,
  type IndicatorTable,
} from './indicators-data.js';

const criteriaOf = (t: IndicatorTable) => t.sections.flatMap((s) => s.criteria);
const find = (t: IndicatorTable, id: string): ScoringRule => {
  const row = scoredRows(t).find((r) => r.id === id);
  if (!row) throw new Error(`no ${id}`);
  return row.rule;
};
const y2023 = { year: 2023 };

describe('the three indicator tables', () => {
  it.each([
    ['regional', REGIONAL_INDICATORS, 8, 33, 9],
    ['municipal', MUNICIPAL_INDICATORS, 7, 26, 8],
    ['ОО', OO_INDICATORS, 6, 15, 7],
  ] as const)(
    '%s: sections, criteria and KPI rows as in the reference',
    (_, table, sections, criteria, kpi) => {
      expect(table.sections).toHaveLength(sections);
      expect(criteriaOf(table)).toHaveLength(criteria);
      expect(table.kpi.rows).toHaveLength(kpi);
    },
  );

  it('every rule passes the scoring rule schema unchanged', () => {
    for (const table of Object.values(INDICATOR_TABLES))
      for (const row of scoredRows(table)) {
        const parsed = scoringRuleSchema.safeParse(row.rule);
        expect(parsed.success, `${table.title} ${row.id}`).toBe(true);
        expect(parsed.data, `${table.title} ${row.id}`).toEqual(row.rule);
      }
  });

  it('ids are unique and numbered under their section', () => {
    for (const table of Object.values(INDICATOR_TABLES)) {
      const ids = scoredRows(table).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const s of table.sections)
        for (const c of s.criteria) expect(c.id.startsWith(`${s.num}.`)).toBe(true);
      expect(table.kpi.rows.map((r) => r.id)).toEqual(table.kpi.rows.map((_, i) => `KPI-${i + 1}`));
    }
  });

  it('keeps the texts verbatim, typos and line breaks included', () => {
    expect(MUNICIPAL_INDICATORS.title).toBe(
      'ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ (МУНИЦИПАЛЬНЫЙ УРОВЕНЬ)',
    );
    expect(MUNICIPAL_INDICATORS.sections[0].title).toBe(
      'Наличие нормативной базы, регламентирующей методическую работу',
    );
    expect(criteriaOf(REGIONAL_INDICATORS).find((c) => c.id === '3.3')?.criterion).toContain(
      'разграничений полномочий',
    );
    expect(criteriaOf(OO_INDICATORS).find((c) => c.id === '2.1')?.formatText).toBe(
      'Наличие работ – 5 баллов/\nотсутствие – 0 балл',
    );
    expect(MUNICIPAL_INDICATORS.kpi.rows[5].name).toContain('педаг. работников');
    expect(REGIONAL_INDICATORS.kpi).toMatchObject({
      num: '9',
      title: 'Показатели эффективности функционирования системы НМР',
    });
    expect(REGIONAL_INDICATORS.kpi.minLabel).toBe('Min. значение в год');
    expect(OO_INDICATORS.kpi.minLabel).toBe('Min значение в год');
    expect(OO_INDICATORS.kpi.rows[4].minText).toEqual({ '2022': '40%', '2023': '60%', '2024': '100%' });
  });
});

describe('scoring the municipal table', () => {
  it('bounded maximum is 122 as in the reference (57 criteria + 65 KPI)', () => {
    const result = scoreAll(scoredRows(MUNICIPAL_INDICATORS), {}, y2023);
    expect(result.maxBounded).toBe(122);
    expect(scoreAll(criteriaOf(MUNICIPAL_INDICATORS), {}, y2023).maxBounded).toBe(57);
    expect(scoreAll(MUNICIPAL_INDICATORS.kpi.rows, {}, y2023).maxBounded).toBe(65);
    expect(result.total).toBe(0);
  });

  it('lists the unbounded criteria of the reference', () => {
    const unbounded = scoreAll(scoredRows(MUNICIPAL_INDICATORS), {}, y2023)
      .breakdown.filter((c) => c.max === null)
      .map((c) => c.id);
    expect(unbounded).toEqual([
      '1.5',
      '2.3',
      '3.1',
      '3.4',
      '3.6',
      '4.1',
      '4.2',
      '5.2',
      '6.1',
      '6.2',
      '7.1',
      '7.2',
      '7.3',
    ]);
  });

  it('scores a filled answer set for 2023', () => {
    const answers: Record<string, CriterionAnswer> = {
      '1.1': true, // 5
      '1.2': true, // 3
      '1.3': false, // 0
      '1.4': 5, // 2 × min(5, 3) = 6
      '1.5': 7, // 0,5 × 7 = 3,5
      '2.1': true, // 5
      '2.2': null, // 0
      '2.3': 7, // 0,1 × 7 = 0,7
      '2.4': true, // 5
      '3.1': 4, // 4
      '3.2': true, // 5
      '3.4': 3, // 1,5
      '4.1': 2, // 1
      '6.1': 2, // 2
      '7.2': 1, // 3
      'KPI-1': 25, // ≥ 20 → 10
      'KPI-2': 15, // < 20 → 0
      'KPI-4': 75, // ≥ 75 → 5
      'KPI-7': 4, // ≥ 4 → 5
      'KPI-8': 1, // < 2 → 0
    };
    const result = scoreAll(scoredRows(MUNICIPAL_INDICATORS), answers, y2023);
    expect(result.total).toBe(5 + 3 + 6 + 3.5 + 5 + 0.7 + 5 + 4 + 5 + 1.5 + 1 + 2 + 3 + 10 + 5 + 5);
    expect(result.maxBounded).toBe(122);
    expect(result.breakdown.map((c) => c.id).slice(0, 5)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5']);
    expect(result.breakdown.at(-1)).toEqual({ id: 'KPI-8', points: 0, max: 5 });
  });
});

describe('bounded maxima of the other tables match the reference', () => {
  it('regional 221 (146 + 75), ОО 137 (82 + 55)', () => {
    expect(scoreAll(scoredRows(REGIONAL_INDICATORS), {}, y2023).maxBounded).toBe(221);
    expect(scoreAll(scoredRows(OO_INDICATORS), {}, y2023).maxBounded).toBe(137);
    expect(scoreAll(criteriaOf(OO_INDICATORS), {}, y2023).maxBounded).toBe(82);
  });
});

describe('worked examples on the table data', () => {
  const s = (t: IndicatorTable, id: string, answer: CriterionAnswer, year = 2023) =>
    scoreCriterion(find(t, id), answer, { year });

  it('regional 4.7 share tiers and 8.8 practices by grade', () => {
    expect([100, 75, 60, 40].map((p) => s(REGIONAL_INDICATORS, '4.7', p))).toEqual([10, 5, 3, 0]);
    expect(s(REGIONAL_INDICATORS, '8.8', 'высшего – 2, продвинутого – 3')).toBe(7);
    expect(s(REGIONAL_INDICATORS, '4.1', 7)).toBe(0.7);
  });

  it('ОО 5.1 справки add up, 2.2 share tiers, 1.2 capped at two documents, KPI-4 yes/no', () => {
    expect(s(OO_INDICATORS, '5.1', ['ВПР', 'ЕГЭ'])).toBe(18);
    expect([50, 20, 0].map((p) => s(OO_INDICATORS, '2.2', p))).toEqual([6, 2, 0]);
    expect(s(OO_INDICATORS, '1.2', 3)).toBe(6);
    expect(s(OO_INDICATORS, 'KPI-4', true)).toBe(10);
    expect(s(OO_INDICATORS, 'KPI-4', false)).toBe(0);
    expect(s(OO_INDICATORS, 'KPI-5', 60, 2023)).toBe(10);
  });

  it('municipal KPI-1 for 2023 (min 20 %)', () => {
    expect(s(MUNICIPAL_INDICATORS, 'KPI-1', 25)).toBe(10);
    expect(s(MUNICIPAL_INDICATORS, 'KPI-1', 15)).toBe(0);
  });
});
