/** Budgets in port calls, with the in-memory ports: what «one read, one write» means for the logic. */
import { describe, expect, it, vi } from 'vitest';
import { sheetLayout, validationRuns } from '@mmo/shared';
import { TEMPLATES, MMO_PLAN } from '@mmo/templates';
import { createAddon } from './app.js';
import { memoryEnv } from './testing/memory-ports.js';
import { planRow } from './testing/scenario.js';

function setup() {
  const env = memoryEnv();
  env.properties.set('mmo.districtNo', '4');
  const addon = createAddon(
    TEMPLATES,
    () => env.ui,
    () => env,
  );
  return { env, addon };
}

describe('port budgets', () => {
  it('checking reads the sheet once and writes notes and colours once, for any number of rows', () => {
    for (const rows of [10, 1000]) {
      const { env, addon } = setup();
      addon.createTemplate(0);
      const sheet = env.spreadsheet.byName(MMO_PLAN.sheetName)!;
      const layout = sheetLayout(MMO_PLAN);
      sheet.fill(
        layout.firstDataRow,
        1,
        Array.from({ length: rows }, (_, i) => planRow(i + 1)),
      );
      sheet.fill(layout.firstDataRow + rows - 1, 2, [['']]);
      env.counter.reset();
      addon.checkSheet();
      expect(Object.fromEntries(env.counter.counts)).toEqual({
        activeSheet: 1,
        name: 1,
        readValues: 1,
        getAll: 1,
        size: 1,
        readNotes: 1,
        readBackgrounds: 1,
        writeNotes: 1,
        writeBackgrounds: 1,
        alert: 1,
      });
    }
  });

  it('creating sets one validation per column run that has a dropdown', () => {
    const { env, addon } = setup();
    addon.createTemplate(0);
    const withDropdown = validationRuns(MMO_PLAN).filter((r) =>
      ['multiChoice', 'period', 'choice', 'yesNo', 'municipality', 'mmo', 'academicYear'].includes(
        r.field.type,
      ),
    );
    expect(env.counter.get('setListValidation')).toBe(withDropdown.length + MMO_PLAN.header.length);
    expect(env.counter.get('readValues')).toBe(0);
  });

  it('an unexpected failure ends in a Russian message, not a stack trace', () => {
    const { env, addon } = setup();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    env.spreadsheet.activeSheet = () => {
      throw new Error('Служба временно недоступна');
    };
    addon.checkSheet();
    expect(env.ui.alerts.at(-1)?.message).toContain(
      'Не удалось выполнить «Проверить лист»: Служба временно недоступна',
    );
  });
});
