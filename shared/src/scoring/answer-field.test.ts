import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../template/model.js';
import { answerFieldFor, pointsText } from './answer-field.js';
import type { ScoringRule } from './rules.js';
import { scoreCriterion } from './score.js';

describe('answerFieldFor', () => {
  it('presence: a «Да/Нет» column that names the points', () => {
    const field = answerFieldFor({ kind: 'presence', points: 5 });
    expect(field.type).toBe('yesNo');
    expect(field.help).toMatch(/^Да — есть/);
    expect(field.help).toContain('5 баллов');
  });

  it('per_item: a whole number ≥ 0, with the points per item and the cap', () => {
    const field = answerFieldFor({
      kind: 'per_item',
      pointsPerItem: 2,
      capItems: 3,
      itemUnit: 'план работы',
    });
    expect(field).toMatchObject({ type: 'integer', min: 0 });
    expect(field.help).toContain('план работы');
    expect(field.help).toContain('2 балла');
    expect(field.help).toContain('не более 3');
    expect(answerFieldFor({ kind: 'per_item', pointsPerItem: 0.5, capItems: null }).help).toBe(
      'Число документов, 0 — если нет. За единицу — 0,5 балла',
    );
  });

  it('presence_components: a multi-choice of the component labels', () => {
    const field = answerFieldFor({
      kind: 'presence_components',
      components: { ВПР: 8, ОГЭ: 9, ЕГЭ: 10 },
      aggregation: 'sum',
    });
    expect(field.type).toBe('multiChoice');
    expect(field.choices).toEqual(['ВПР', 'ОГЭ', 'ЕГЭ']);
    expect(field.help).toContain('ЕГЭ — 10 баллов');
    expect(field.help).toContain('складываются');
  });

  it('share_tiers: a percent 0–100', () => {
    const field = answerFieldFor({
      kind: 'share_tiers',
      tiers: [{ op: '>', value: 50, points: 3 }],
      elsePoints: 0,
    });
    expect(field).toEqual({ type: 'percent', min: 0, max: 100, help: 'Доля в процентах, 0–100' });
  });

  it('per_item_by_grade: text with an example the scorer reads back', () => {
    const rule: ScoringRule = {
      kind: 'per_item_by_grade',
      grades: { 'высшего уровня': 2, 'продвинутого уровня': 1 },
    };
    const field = answerFieldFor(rule);
    expect(field.type).toBe('text');
    expect(field.help).toBe('Укажите количество по уровням, например: высшего – 2, продвинутого – 1');
    const example = field.help.split('например: ')[1];
    expect(scoreCriterion(rule, example, { year: 2023 })).toBe(5);
  });

  it('kpi_target: yes/no, integer or percent by unit, with the minima by year', () => {
    const minByYear = { '2022': 10, '2023': 20, '2024': 30 };
    const percent = answerFieldFor({ kind: 'kpi_target', points: 10, unit: 'percent', minByYear });
    expect(percent.type).toBe('percent');
    expect(percent.help).toContain('2023 — 20 %');
    expect(answerFieldFor({ kind: 'kpi_target', points: 5, unit: 'count', minByYear }).type).toBe('integer');
    expect(
      answerFieldFor({ kind: 'kpi_target', points: 10, unit: 'bool', minByYear: { '2022': true } }).type,
    ).toBe('yesNo');
  });

  it('fits into a FieldDef', () => {
    const field: FieldDef = {
      key: 'answer',
      label: 'Значение',
      ...answerFieldFor({ kind: 'presence', points: 1 }),
    };
    expect(field.type).toBe('yesNo');
  });
});

describe('pointsText', () => {
  it('agrees the Russian noun with the number', () => {
    expect([1, 2, 5, 11, 21, 22, 0.5, 0.1].map(pointsText)).toEqual([
      '1 балл',
      '2 балла',
      '5 баллов',
      '11 баллов',
      '21 балл',
      '22 балла',
      '0,5 балла',
      '0,1 балла',
    ]);
  });
});
