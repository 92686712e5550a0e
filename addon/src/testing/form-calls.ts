/** Apps Script calls of «Создать форму» for one template, counted by the fake (for the tests and `npm run bench`). */
import type { ItemDef, ItemsTemplate } from '@mmo/shared';
import { createAddon } from '../app.js';
import { gasEnv, gasUi } from '../gas/env.js';
import { configuredGas } from './scenario.js';
import type { FakeForm, FakeGas } from './fake-gas.js';

export interface FormRun {
  readonly calls: number;
  readonly form: FakeForm;
  readonly gas: FakeGas;
}

export function runCreateForm(template: ItemsTemplate): FormRun {
  const gas = configuredGas();
  const uninstall = gas.install();
  try {
    createAddon([template], gasUi, gasEnv).createForm(0);
  } finally {
    uninstall();
  }
  const form = gas.forms[0];
  if (!form) throw new Error(`форма не создана: ${gas.alerts.map((a) => a.message).join(' / ')}`);
  return { calls: gas.calls.length, form, gas };
}

/** The same questionnaire with every answered row repeated `times` (texts made unique): more items, same blocks. */
export function widened(template: ItemsTemplate, times: number): ItemsTemplate {
  const items: ItemDef[] = [];
  for (const item of template.items) {
    if (item.isGroup || item.answers) {
      items.push(item);
      continue;
    }
    for (let k = 0; k < times; k++)
      items.push(k === 0 ? item : { ...item, id: `${item.id}.x${k}`, text: `${item.text} (${k + 1})` });
  }
  return { ...template, items };
}
