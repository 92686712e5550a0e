/** «Создать форму ▸ …»: a Google Form from a questionnaire, its answers linked to this spreadsheet. */
import type { ItemsTemplate } from '@mmo/shared';
import type { AddonEnv } from '../ports.js';
import { readSettings, settingsDistrict } from '../settings/settings.js';
import { formPlan } from './form-plan.js';

export const FORM_TITLE = 'Создать форму';

export function formPropertyKey(template: ItemsTemplate): string {
  return `mmo.form.${template.id}`;
}

export function createLinkedForm(env: AddonEnv, template: ItemsTemplate): void {
  const district = settingsDistrict(readSettings(env.props));
  const plan = formPlan(template, district?.no ?? null);
  const form = env.forms.createLinkedForm(plan);
  env.props.setAll({ [formPropertyKey(template)]: form.id });
  const grids = plan.questions.filter((q) => q.kind === 'grid').length;
  const rows = plan.questions.reduce((n, q) => n + (q.kind === 'grid' ? q.rows.length : 0), 0);
  env.ui.alert(
    FORM_TITLE,
    [
      `Форма «${template.sheetName}» создана: ${grids} блоков, ${rows} пунктов, вопросы шапки — ${plan.questions.filter((q) => q.kind === 'text' || q.kind === 'list').length}.`,
      `Ссылка для педагогов: ${form.publishedUrl}`,
      `Редактировать форму: ${form.editUrl}`,
      'Ответы будут приходить на новый лист этой таблицы («Ответы на форму …»). Не переименовывайте его столбцы: сервис РМЦ читает этот лист при синхронизации.',
    ].join('\n\n'),
  );
}
