import { describe, expect, it } from 'vitest';
import type { ScoringRule } from './rules.js';
import {
  maxPoints,
  minForYear,
  parseGradeCounts,
  scoreAll,
  scoreCriterion,
  type CriterionAnswer,
} from './score.js';

const y2023 = { year: 2023 };
const score = (rule: ScoringRule, answer: CriterionAnswer, year = 2023): number =>
  scoreCriterion(rule, answer, { year });

// Worked examples: the rules of seed-structure.md §1.2–§1.4 (municipal, regional, ОО tables).
const municipal_1_1: ScoringRule = { kind: 'presence', points: 5 };
const municipal_1_4: ScoringRule = {
  kind: 'per_item',
  pointsPerItem: 2,
  capItems: 3,
  itemUnit: 'план работы',
};
const municipal_1_5: ScoringRule = {
  kind: 'per_item',
  pointsPerItem: 0.5,
  capItems: null,
  itemUnit: 'документ',
};
const municipal_2_3: ScoringRule = {
  kind: 'per_item',
  pointsPerItem: 0.1,
  capItems: null,
  itemUnit: 'соглашение с ОО',
};
const oo_5_1: ScoringRule = {
  kind: 'presence_components',
  components: { ВПР: 8, ОГЭ: 9, ЕГЭ: 10 },
  aggregation: 'sum',
};
const regional_4_7: ScoringRule = {
  kind: 'share_tiers',
  tiers: [
    { op: '==', value: 100, points: 10 },
    { op: '>', value: 70, points: 5 },
    { op: '>', value: 50, points: 3 },
    { op: '<', value: 50, points: 0 },
  ],
  elsePoints: 0,
};
const oo_2_2: ScoringRule = {
  kind: 'share_tiers',
  tiers: [
    { op: '>=', value: 100, points: 10 },
    { op: '>=', value: 50, points: 6 },
    { op: '>', value: 0, points: 2 },
    { op: '==', value: 0, points: 0 },
  ],
  elsePoints: 0,
};
const regional_8_8: ScoringRule = {
  kind: 'per_item_by_grade',
  grades: { 'высшего уровня': 2, 'продвинутого уровня': 1 },
};
const municipal_kpi_1: ScoringRule = {
  kind: 'kpi_target',
  points: 10,
  unit: 'percent',
  minByYear: { '2022': 10, '2023': 20, '2024': 30 },
};
const municipal_kpi_7: ScoringRule = {
  kind: 'kpi_target',
  points: 5,
  unit: 'count',
  minByYear: { '2022': 2, '2023': 4, '2024': 6 },
};
const oo_kpi_4: ScoringRule = {
  kind: 'kpi_target',
  points: 10,
  unit: 'bool',
  minByYear: { '2022': true, '2023': true, '2024': true },
};

describe('presence (municipal 1.1, 5 points)', () => {
  it('gives the points for «Да» and nothing for «Нет» or no answer', () => {
    expect(score(municipal_1_1, true)).toBe(5);
    expect(score(municipal_1_1, false)).toBe(0);
    expect(score(municipal_1_1, null)).toBe(0);
  });

  it('reads «Да»/«нет» typed as text', () => {
    expect(score(municipal_1_1, ' да ')).toBe(5);
    expect(score(municipal_1_1, 'Нет')).toBe(0);
  });

  it('max is the points', () => expect(maxPoints(municipal_1_1, y2023)).toBe(5));
});

describe('per_item', () => {
  it('municipal 1.4: 2 points per plan, at most 3 plans counted', () => {
    expect(score(municipal_1_4, 5)).toBe(6);
    expect(score(municipal_1_4, 2)).toBe(4);
    expect(score(municipal_1_4, 0)).toBe(0);
    expect(maxPoints(municipal_1_4, y2023)).toBe(6);
  });

  it('municipal 1.5: 0,5 per document without a cap', () => {
    expect(score(municipal_1_5, 7)).toBe(3.5);
    expect(score(municipal_1_5, 1000)).toBe(500);
    expect(maxPoints(municipal_1_5, y2023)).toBeNull();
  });

  it('municipal 2.3: 0,1 per agreement is reported without float noise', () => {
    expect(score(municipal_2_3, 7)).toBe(0.7);
    expect(score(municipal_2_3, 3)).toBe(0.3);
  });

  it('counts whole items only and ignores negative, non-finite and non-numeric answers', () => {
    expect(score(municipal_1_5, 2.9)).toBe(1);
    expect(score(municipal_1_5, -4)).toBe(0);
    expect(score(municipal_1_5, Number.NaN)).toBe(0);
    expect(score(municipal_1_5, Number.POSITIVE_INFINITY)).toBe(0);
    expect(score(municipal_1_5, true)).toBe(0);
    expect(score(municipal_1_5, ['ВПР'])).toBe(0);
    expect(score(municipal_1_5, 'много')).toBe(0);
    expect(score(municipal_1_5, '4')).toBe(2);
  });
});

describe('presence_components (ОО 5.1: ВПР 8, ОГЭ 9, ЕГЭ 10)', () => {
  it('adds the points of the present справки', () => {
    expect(score(oo_5_1, ['ВПР', 'ЕГЭ'])).toBe(18);
    expect(score(oo_5_1, ['ВПР', 'ОГЭ', 'ЕГЭ'])).toBe(27);
    expect(score(oo_5_1, [])).toBe(0);
    expect(maxPoints(oo_5_1, y2023)).toBe(27);
  });

  it('matches labels ignoring case and spaces, counts a repeated label once, ignores unknown ones', () => {
    expect(score(oo_5_1, [' впр ', 'Егэ', 'ЕГЭ', 'НИКО'])).toBe(18);
  });

  it('reads the multi-choice text form', () => {
    expect(score(oo_5_1, 'ВПР, ОГЭ')).toBe(17);
  });

  it('with aggregation max gives the best component only', () => {
    const best: ScoringRule = { ...oo_5_1, aggregation: 'max' };
    expect(score(best, ['ВПР', 'ОГЭ'])).toBe(9);
    expect(maxPoints(best, y2023)).toBe(10);
  });
});

describe('share_tiers', () => {
  it('regional 4.7: 100 % → 10, more than 70 % → 5, more than 50 % → 3, less → 0', () => {
    expect(score(regional_4_7, 100)).toBe(10);
    expect(score(regional_4_7, 75)).toBe(5);
    expect(score(regional_4_7, 60)).toBe(3);
    expect(score(regional_4_7, 50)).toBe(0);
    expect(score(regional_4_7, 40)).toBe(0);
    expect(maxPoints(regional_4_7, y2023)).toBe(10);
  });

  it('ОО 2.2: 100 % → 10, 50 % → 6, up to 50 % → 2, 0 % → 0', () => {
    expect(score(oo_2_2, 100)).toBe(10);
    expect(score(oo_2_2, 50)).toBe(6);
    expect(score(oo_2_2, 20)).toBe(2);
    expect(score(oo_2_2, 0)).toBe(0);
  });

  it('first matching tier wins, top-down', () => {
    const overlapping: ScoringRule = {
      kind: 'share_tiers',
      tiers: [
        { op: '>=', value: 10, points: 1 },
        { op: '>=', value: 90, points: 9 },
      ],
      elsePoints: 0,
    };
    expect(score(overlapping, 95)).toBe(1);
  });

  it('gives elsePoints when no tier matches', () => {
    const rule: ScoringRule = {
      kind: 'share_tiers',
      tiers: [{ op: '>', value: 50, points: 3 }],
      elsePoints: 1,
    };
    expect(score(rule, 10)).toBe(1);
  });

  it('counts a share above 100 % as 100 %, a negative share as no answer', () => {
    expect(score(regional_4_7, 100.4)).toBe(10);
    expect(score(regional_4_7, -75)).toBe(0);
  });
});

describe('per_item_by_grade (regional 8.8: высшего 2, продвинутого 1 per practice)', () => {
  it('multiplies the counts by the points of each grade', () => {
    expect(score(regional_8_8, { 'высшего уровня': 2, 'продвинутого уровня': 3 })).toBe(7);
    expect(maxPoints(regional_8_8, y2023)).toBeNull();
  });

  it('reads the text form the sheet asks for', () => {
    expect(score(regional_8_8, 'высшего – 2, продвинутого – 3')).toBe(7);
    expect(score(regional_8_8, 'Высшего уровня: 1\nпродвинутого уровня: 0')).toBe(2);
    expect(score(regional_8_8, '2 высшего; 3 продвинутого')).toBe(7);
    expect(score(regional_8_8, 'высший - 4')).toBe(8);
  });

  it('ignores counts without a recognisable grade and negative counts', () => {
    expect(score(regional_8_8, '5')).toBe(0);
    expect(score(regional_8_8, 'базового – 4')).toBe(0);
    expect(score(regional_8_8, { высшего: -3, продвинутого: 2 })).toBe(2);
    expect(score(regional_8_8, 'нет')).toBe(0);
  });

  it('parseGradeCounts returns the counts by grade key', () => {
    expect(
      parseGradeCounts('высшего – 2, продвинутого – 1', ['высшего уровня', 'продвинутого уровня']),
    ).toEqual({
      'высшего уровня': 2,
      'продвинутого уровня': 1,
    });
  });
});

describe('kpi_target', () => {
  it('municipal KPI-1 in 2023 (min 20 %): 25 → 10, 15 → 0, exactly 20 → 10', () => {
    expect(score(municipal_kpi_1, 25, 2023)).toBe(10);
    expect(score(municipal_kpi_1, 15, 2023)).toBe(0);
    expect(score(municipal_kpi_1, 20, 2023)).toBe(10);
  });

  it('uses the minimum of the given year', () => {
    expect(score(municipal_kpi_1, 15, 2022)).toBe(10);
    expect(score(municipal_kpi_1, 25, 2024)).toBe(0);
  });

  it('a year after the table uses the nearest earlier minimum; a year before it scores 0', () => {
    expect(score(municipal_kpi_1, 30, 2026)).toBe(10);
    expect(score(municipal_kpi_1, 29, 2026)).toBe(0);
    expect(score(municipal_kpi_1, 100, 2021)).toBe(0);
    expect(minForYear({ '2022': 1, '2024': 3 }, 2023)).toBe(1);
  });

  it('compares without float noise (0,2 × 100 read from a sheet)', () => {
    expect(score(municipal_kpi_1, 0.2 * 100, 2023)).toBe(10);
    const min57: ScoringRule = { kind: 'kpi_target', points: 1, unit: 'percent', minByYear: { '2023': 57 } };
    expect(score(min57, 0.57 * 100, 2023)).toBe(1);
  });

  it('municipal KPI-7 counts events (2023 min 4)', () => {
    expect(score(municipal_kpi_7, 4)).toBe(5);
    expect(score(municipal_kpi_7, 3)).toBe(0);
  });

  it('ОО KPI-4 (min «да»): met by «Да» only', () => {
    expect(score(oo_kpi_4, true)).toBe(10);
    expect(score(oo_kpi_4, 'да')).toBe(10);
    expect(score(oo_kpi_4, false)).toBe(0);
    expect(score(oo_kpi_4, null)).toBe(0);
  });

  it('max is the points', () => expect(maxPoints(municipal_kpi_1, y2023)).toBe(10));
});

describe('odd answers never throw', () => {
  const rules = [municipal_1_1, municipal_1_4, oo_5_1, regional_4_7, regional_8_8, municipal_kpi_1, oo_kpi_4];
  const odd: unknown[] = [
    null,
    undefined,
    '',
    '   ',
    {},
    [],
    [1, 2],
    { a: 'x' },
    Number.NaN,
    -1,
    1e308 * 10,
    Symbol('x'),
    () => 1,
    new Date(),
  ];
  it('scores every odd answer as a finite number ≥ 0', () => {
    for (const rule of rules)
      for (const answer of odd) {
        const points = scoreCriterion(rule, answer as CriterionAnswer, y2023);
        expect(Number.isFinite(points) && points >= 0, `${rule.kind} ${String(answer)}`).toBe(true);
      }
  });
});

describe('scoreAll', () => {
  const criteria = [
    { id: '1.1', rule: municipal_1_1 },
    { id: '1.4', rule: municipal_1_4 },
    { id: '1.5', rule: municipal_1_5 },
    { id: '2.3', rule: municipal_2_3 },
    { id: 'KPI-1', rule: municipal_kpi_1 },
  ];

  it('sums points, sums the bounded maxima, keeps the criteria order', () => {
    const result = scoreAll(criteria, { 'KPI-1': 25, '1.5': 7, '1.1': true, '2.3': 7, '1.4': 5 }, y2023);
    expect(result.total).toBe(5 + 6 + 3.5 + 0.7 + 10);
    expect(result.maxBounded).toBe(5 + 6 + 10);
    expect(result.breakdown.map((c) => c.id)).toEqual(['1.1', '1.4', '1.5', '2.3', 'KPI-1']);
    expect(result.breakdown[1]).toEqual({ id: '1.4', points: 6, max: 6 });
    expect(result.breakdown[2]).toEqual({ id: '1.5', points: 3.5, max: null });
  });

  it('missing answers score 0', () => {
    const result = scoreAll(criteria, { '1.1': true }, y2023);
    expect(result.total).toBe(5);
    expect(result.breakdown.filter((c) => c.points > 0).map((c) => c.id)).toEqual(['1.1']);
  });

  it('a total of many 0,1 steps is rounded to 2 decimals', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ id: `x${i}`, rule: municipal_2_3 }));
    const answers = Object.fromEntries(many.map((c) => [c.id, 1]));
    expect(scoreAll(many, answers, y2023).total).toBe(1);
  });
});
