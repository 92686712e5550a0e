import { describe, expect, it } from 'vitest';
import { sheetLayout, validationRuns } from '@mmo/shared';
import { TEMPLATES, APPLICATION } from '@mmo/templates';
import { renderTemplate } from './render.js';

describe('renderTemplate', () => {
  const ctx = { academicYear: { startYear: 2024 }, district: null };

  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    '%s: never more validations than column runs',
    (_id, template) => {
      const render = renderTemplate(template, ctx);
      expect(render.validations.length).toBeLessThanOrEqual(
        validationRuns(template).length + template.header.length,
      );
      expect(render.size.rows).toBeGreaterThanOrEqual(sheetLayout(template).lastDataRow);
    },
  );

  it('keeps what is typed in phone and text columns as text, not in number columns', () => {
    const render = renderTemplate(APPLICATION, ctx);
    const layout = sheetLayout(APPLICATION);
    const textCols = render.textFormats.filter((r) => r.row === layout.firstDataRow).map((r) => r.col);
    expect(textCols).toContain(layout.columns.find((c) => c.field.key === 'traineeName')!.col);
    expect(textCols).not.toContain(layout.columns.find((c) => c.field.key === 'period')!.col);
  });
});
