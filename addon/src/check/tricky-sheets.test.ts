/**
 * The shared table of tricky questionnaire sheets through «Проверить лист» (in-memory ports, cells as
 * Sheets' getValues gives them): the same classification the consolidator's test of the same table
 * asserts (sync-service/test/tricky-sheets.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '@mmo/templates';
import { TRICKY_SHEETS } from '@mmo/templates/testing';
import { createAddon } from '../app.js';
import { memoryEnv } from '../testing/memory-ports.js';

function check(sheet: (typeof TRICKY_SHEETS)[number]) {
  const env = memoryEnv();
  env.properties.set('mmo.districtNo', String(sheet.mmo));
  const addon = createAddon(
    TEMPLATES,
    () => env.ui,
    () => env,
  );
  const tab = env.spreadsheet.add(sheet.tab);
  tab.cols = Math.max(tab.cols, ...sheet.rows.map((r) => r.length));
  tab.fill(1, 1, sheet.rows);
  addon.checkSheet();
  const notes = [...tab.cells.values()].map((c) => c.note).join('\n');
  return { message: env.ui.alerts.at(-1)!.message, notes };
}

describe('«Проверить лист» on the shared table of tricky sheets', () => {
  it.each(TRICKY_SHEETS.map((s) => [s.what, s] as const))('%s', (_, sheet) => {
    const { message, notes } = check(sheet);
    const { templateId, questionnaires, warnings } = sheet.expected;
    if (templateId === null) {
      expect(message).toContain(`Не удалось понять, по какой форме заполнен лист «${sheet.tab}»`);
      return;
    }
    const template = TEMPLATES.find((t) => t.id === templateId)!;
    expect(message).toContain(`по форме «${template.menuLabel}»`);
    if (questionnaires > 1) expect(message).toMatch(new RegExp(`Ответы формы: ${questionnaires} анкет`));
    else expect(message).toContain('Пунктов формы:');
    expect(message).not.toMatch(/[1-9]\d* ошиб/);
    for (const w of warnings) expect(`${message}\n${notes}`).toContain(w);
    if (warnings.length === 0) expect(message).toContain('Ошибок и предупреждений нет');
  });
});
