/** «Создать форму ▸»: the questionnaires as Google Forms, through the real gas adapter against the fake FormApp. */
import { describe, expect, it } from 'vitest';
import { districtByNo } from '@mmo/shared';
import {
  DIFFICULTY_ANSWERS,
  QUESTIONNAIRE_DOD,
  QUESTIONNAIRE_DOO,
  QUESTIONNAIRE_OO,
  TEMPLATES,
} from '@mmo/templates';
import { menuEntries } from '../app.js';

import { formAnswersHeader } from '../testing/fake-gas.js';
import { runCreateForm, widened } from '../testing/form-calls.js';
import { isFormTemplate } from './form-plan.js';

const QUESTIONNAIRES = [QUESTIONNAIRE_DOO, QUESTIONNAIRE_OO, QUESTIONNAIRE_DOD];

describe('«Создать форму»', () => {
  it('is offered for exactly the three questionnaires', () => {
    expect(
      TEMPLATES.filter(isFormTemplate)
        .map((t) => t.id)
        .sort(),
    ).toEqual(QUESTIONNAIRES.map((t) => t.id).sort());
    const entry = menuEntries(TEMPLATES).find((e) => e !== 'separator' && e.label === 'Создать форму');
    const labels =
      entry && entry !== 'separator' && 'submenu' in entry
        ? entry.submenu.map((s) => (s !== 'separator' ? s.label : ''))
        : [];
    expect(labels).toEqual(TEMPLATES.filter(isFormTemplate).map((t) => t.menuLabel));
  });

  it.each(QUESTIONNAIRES.map((t) => [t.sheetName, t] as const))(
    '%s: one grid per block, the four answers as columns, texts verbatim, answers linked to this spreadsheet',
    (_, template) => {
      const { form, gas } = runCreateForm(template);
      expect(form.title).toBe(template.title);
      const header = form.items.slice(0, template.header.length);
      expect(header.map((i) => i.title)).toEqual(template.header.map((f) => f.label));
      // The ММО of the settings (№4): its municipalities in the dropdown, no others.
      const municipality = header.find((i) => i.title === 'Муниципалитет')!;
      expect(municipality.kind).toBe('list');
      expect('choices' in municipality ? municipality.choices : []).toEqual(
        districtByNo(4)!.municipalities.map((m) => m.displayName),
      );

      const grids = form.items.filter((i) => i.kind === 'grid');
      const groups = template.items.filter((i) => i.isGroup);
      expect(grids.map((g) => g.title)).toEqual(groups.map((g) => g.text));
      for (const g of grids) if (g.kind === 'grid') expect(g.columns).toEqual([...DIFFICULTY_ANSWERS]);
      const rows = grids.flatMap((g) => (g.kind === 'grid' ? g.rows : []));
      expect(rows).toEqual(template.items.filter((i) => !i.isGroup && !i.answers).map((i) => i.text));
      expect(form.items.at(-1)).toMatchObject({ kind: 'paragraph', title: 'Выводы:' });

      expect(form.destination).toEqual({ type: 'SPREADSHEET', id: 'fake-spreadsheet-id' });
      const answers = gas.sheets.find((s) => s.name === 'Ответы на форму (1)')!;
      expect(answers.valueAt(1, 1)).toBe('Отметка времени');
      expect(answers.valueAt(1, formAnswersHeader(form).length)).toBe('Выводы:');
      expect(gas.properties.get(`mmo.form.${template.id}`)).toBe(form.id);
      expect(gas.alerts.at(-1)!.message).toContain(`https://docs.google.com/forms/d/e/${form.id}/viewform`);
    },
  );

  it('costs the same number of Apps Script calls for ten times the items', () => {
    const base = runCreateForm(QUESTIONNAIRE_OO);
    const wide = runCreateForm(widened(QUESTIONNAIRE_OO, 10));
    const rows = (r: typeof base) =>
      r.form.items.reduce((n, i) => n + (i.kind === 'grid' ? i.rows.length : 0), 0);
    expect(rows(wide)).toBeGreaterThan(rows(base) * 9);
    expect(wide.calls).toBe(base.calls);
    // FormApp calls only for the form itself: a handful per question, never one per row.
    const formCalls = base.gas.calls.filter((c) => /^(FormApp|Form|[A-Za-z]+Item)\./.test(c));
    expect(formCalls.length).toBeLessThan(5 * base.form.items.length + 10);
  });
});
