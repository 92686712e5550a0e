import { describe, expect, it } from 'vitest';
import { sheetLayout, validationRuns } from '@mmo/shared';
import { TEMPLATES, APPLICATION } from '@mmo/templates';
import { currentAcademicYear, renderTemplate } from './render.js';

describe('currentAcademicYear', () => {
  it.each([
    [new Date(2024, 7, 31), 2023],
    [new Date(2024, 8, 1), 2024],
    [new Date(2025, 0, 10), 2024],
    [new Date(2025, 5, 30), 2024],
  ])('%s → %i', (now, startYear) => expect(currentAcademicYear(now)).toEqual({ startYear }));
});

describe('renderTemplate', () => {
  const ctx = { academicYear: { startYear: 2024 }, district: null };

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: never more validations than column runs', (_id, template) => {
    const render = renderTemplate(template, ctx);
    expect(render.validations.length).toBeLessThanOrEqual(validationRuns(template).length + template.header.length);
    expect(render.size.rows).toBeGreaterThanOrEqual(sheetLayout(template).lastDataRow);
  });

  it('keeps what is typed in phone and text columns as text, not in number columns', () => {
    const render = renderTemplate(APPLICATION, ctx);
    const layout = sheetLayout(APPLICATION);
    const textCols = render.textFormats.filter((r) => r.row === layout.firstDataRow).map((r) => r.col);
    expect(textCols).toContain(layout.columns.find((c) => c.field.key === 'traineeName')!.col);
    expect(textCols).not.toContain(layout.columns.find((c) => c.field.key === 'period')!.col);
  });
});
