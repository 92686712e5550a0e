/**
 * Target 6: the add-on's cost in Apps Script service calls, counted by the add-on's own in-memory
 * fake of SpreadsheetApp (every method call on a fake service object is recorded). Apps Script
 * charges per call, not per cell, so a check must cost the same for 50 rows and for 5,000.
 */
import { academicYearOf, DISTRICTS, sheetLayout, type CellValue, type ItemsTemplate } from '@mmo/shared';
import { MMO_PLAN, TEMPLATES } from '@mmo/templates';
import { ACADEMIC_YEAR, planFill } from './generate.js';

export interface AddonResult {
  /** Service calls of «Создать лист» per template, by template id. */
  readonly create: Readonly<Record<string, number>>;
  /** Service calls of «Проверить лист» by number of filled rows. */
  readonly check: readonly { readonly rows: number; readonly calls: number; readonly errors: number }[];
  /** «Создать форму»: the costliest questionnaire, and the same one with ten times the items. */
  readonly form: {
    readonly most: { readonly id: string; readonly calls: number; readonly items: number };
    readonly wide: { readonly times: number; readonly calls: number; readonly items: number };
    readonly byTemplate: readonly number[];
  };
}

const WIDEN = 10;

/**
 * Plan rows for the add-on's current academic year (the header it writes is the year of today),
 * so that the check finds only the errors put in on purpose: the last row and every 100th without
 * a title (so both sizes have marks to write).
 */
function planRows(seed: number, count: number): CellValue[][] {
  const district = DISTRICTS.find((d) => d.no === 4)!;
  const year = academicYearOf(new Date()).startYear;
  const [from] = ACADEMIC_YEAR.split('-').map(Number);
  const shift = (text: CellValue) =>
    typeof text === 'string' ? text.replace(/\b20(\d\d)\b/g, (y) => String(Number(y) - from + year)) : text;
  const fill = planFill(seed, district, count);
  const columns = sheetLayout(MMO_PLAN).columns;
  return (fill.rows ?? []).map((row, i) =>
    columns.map(({ field }) =>
      field.key === 'title' && (i % 100 === 99 || i === count - 1) ? '' : shift(row[field.key] ?? null),
    ),
  );
}

export async function measureAddon(seed: number, rowCounts: readonly number[]): Promise<AddonResult> {
  const main = await import('../../addon/src/main.js');
  const { configuredGas } = await import('../../addon/src/testing/scenario.js');

  const fresh = () => {
    const gas = configuredGas();
    const uninstall = gas.install();
    return { gas, uninstall };
  };

  const create: Record<string, number> = {};
  for (const [index, template] of TEMPLATES.entries()) {
    const { gas, uninstall } = fresh();
    try {
      main.createTemplate(index);
      create[template.id] = gas.calls.length;
    } finally {
      uninstall();
    }
  }

  const layout = sheetLayout(MMO_PLAN);
  const check: { rows: number; calls: number; errors: number }[] = [];
  for (const rows of rowCounts) {
    const { gas, uninstall } = fresh();
    try {
      main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
      const sheet = gas.sheet(MMO_PLAN.sheetName);
      if (!sheet) throw new Error('дополнение не создало лист «План ММО»');
      const values = planRows(seed, rows);
      sheet.fill(layout.firstDataRow, 1, values);
      gas.activeSheet = sheet;
      gas.resetCalls();
      main.checkSheet();
      check.push({ rows, calls: gas.calls.length, errors: values.filter((r) => r[1] === '').length });
    } finally {
      uninstall();
    }
  }
  const { runCreateForm, widened } = await import('../../addon/src/testing/form-calls.js');
  const { isFormTemplate } = await import('../../addon/src/form/form-plan.js');
  const answered = (t: ItemsTemplate) => t.items.filter((i) => !i.isGroup && !i.answers).length;
  const forms = TEMPLATES.filter(isFormTemplate).map((t) => ({ template: t, calls: runCreateForm(t).calls }));
  const top = forms.reduce((a, b) => (b.calls > a.calls ? b : a));
  const wide = widened(top.template, WIDEN);
  const form = {
    most: { id: top.template.id, calls: top.calls, items: answered(top.template) },
    wide: { times: WIDEN, calls: runCreateForm(wide).calls, items: answered(wide) },
    byTemplate: forms.map((f) => f.calls),
  };
  return { create, check, form };
}
