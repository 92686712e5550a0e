import { describe, expect, it } from 'vitest';
import { readSheet, scoreAll, sheetLayout, validateSheet, validationRuns, type CellValue } from '@mmo/shared';
import { INDICATORS_MUNICIPAL } from './indicators-municipal.js';

/** A sheet as a coordinator fills it: header block, the printed rows, answers in «Значение». */
function filledGrid(answers: Record<string, CellValue>): CellValue[][] {
  const layout = sheetLayout(INDICATORS_MUNICIPAL);
  const grid: CellValue[][] = [[INDICATORS_MUNICIPAL.title]];
  const header: Record<string, CellValue> = {
    mmo: '№4. Горный',
    municipality: 'Гунибский район',
    academicYear: '2022-2023',
  };
  for (const { field, row } of layout.headerRows) grid[row - 1] = [field.label, header[field.key]];
  grid[layout.tableHeaderRow - 1] = layout.columns.map((c) => c.field.label);
  for (const { item, row } of layout.items) grid[row - 1] = [item.id, item.text, answers[item.id] ?? null];
  return grid;
}

describe('the municipal indicators sheet', () => {
  it('has one row per criterion and KPI of the municipal table, each answered in «Значение»', () => {
    const answerable = INDICATORS_MUNICIPAL.items.filter((i) => !i.isGroup);
    expect(answerable).toHaveLength(26 + 8);
    expect(answerable.every((i) => i.rule && i.answers?.[0].key === 'value')).toBe(true);
  });

  it('asks Да/Нет for presence rules and a number for per-item rules, one validation per run of rows', () => {
    const byId = new Map(INDICATORS_MUNICIPAL.items.map((i) => [i.id, i]));
    expect(byId.get('1.1')?.answers?.[0].type).toBe('yesNo');
    expect(byId.get('1.5')?.answers?.[0].type).toBe('integer');
    expect(byId.get('KPI-1')?.answers?.[0].type).toBe('percent');
    const runs = validationRuns(INDICATORS_MUNICIPAL).filter((r) => r.field.key === 'value');
    // 1.1–1.3 are presence rules in a row: one range, not three.
    expect(runs[0]).toMatchObject({
      fromRow: sheetLayout(INDICATORS_MUNICIPAL).items[1].row,
      toRow: sheetLayout(INDICATORS_MUNICIPAL).items[3].row,
    });
  });

  it('reads a filled sheet back and scores it by the seed’s rules', () => {
    const grid = filledGrid({ '1.1': 'Да', '1.2': 'нет', '1.4': 5, '1.5': '7', 'KPI-1': '25%', 'KPI-7': 3 });
    const v = validateSheet(INDICATORS_MUNICIPAL, readSheet(INDICATORS_MUNICIPAL, grid));
    expect(v.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const answers = Object.fromEntries(v.records.map((r) => [r.item!.id, r.values.value as never]));
    const criteria = INDICATORS_MUNICIPAL.items
      .filter((i) => i.rule)
      .map((i) => ({ id: i.id, rule: i.rule! }));
    const result = scoreAll(criteria, answers, { year: (v.academicYear?.startYear ?? 0) + 1 });
    // 1.1: 5; 1.4: 3 plans max → 6; 1.5: 7 × 0,5 = 3,5; KPI-1 25 % ≥ 20 % (2023) → 10; KPI-7 3 < 4 → 0.
    expect(result.total).toBe(5 + 6 + 3.5 + 10);
    expect(result.maxBounded).toBe(122);
  });

  it('rejects a word where a number of documents is expected, naming the row', () => {
    const grid = filledGrid({ '1.5': 'несколько' });
    const v = validateSheet(INDICATORS_MUNICIPAL, readSheet(INDICATORS_MUNICIPAL, grid));
    const row = sheetLayout(INDICATORS_MUNICIPAL).items.find((i) => i.item.id === '1.5')!.row;
    expect(v.issues).toContainEqual(
      expect.objectContaining({ severity: 'error', row, column: 'C', columnLabel: 'Значение' }),
    );
  });
});
