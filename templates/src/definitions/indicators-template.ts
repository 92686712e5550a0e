/**
 * Turns an indicator table («ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ …») into a fill-in sheet: one row per
 * criterion and KPI, the input each rule needs (answerFieldFor), and the rule itself on the item,
 * so the consolidator scores whatever a user enters. Any of the three tables becomes a template
 * with this one function.
 */
import { answerFieldFor, type FieldDef, type ItemDef, type ItemsTemplate } from '@mmo/shared';
import type { IndicatorTable } from './indicators-data.js';
import { EVIDENCE_FIELD } from './self-diagnostics-common.js';

/** The KPI sub-table has no title in the municipal and ОО tables; the regional one names it so. */
const KPI_GROUP_TITLE = 'Показатели эффективности функционирования системы НМР';

function valueField(item: Pick<ItemDef, 'rule'>): FieldDef {
  const input = answerFieldFor(item.rule!);
  return { key: 'value', label: 'Значение', width: 18, ...input };
}

export function indicatorItems(table: IndicatorTable): ItemDef[] {
  const items: ItemDef[] = [];
  for (const section of table.sections) {
    items.push({ id: `${section.num}.`, text: section.title, isGroup: true });
    for (const c of section.criteria) {
      items.push({ id: c.id, text: c.criterion, rule: c.rule, answers: [valueField(c), EVIDENCE_FIELD] });
    }
  }
  items.push({ id: 'KPI', text: table.kpi.title ?? KPI_GROUP_TITLE, isGroup: true });
  for (const k of table.kpi.rows)
    items.push({ id: k.id, text: k.name, rule: k.rule, answers: [valueField(k), EVIDENCE_FIELD] });
  return items;
}

export function indicatorTemplate(
  table: IndicatorTable,
  meta: Pick<ItemsTemplate, 'id' | 'sheetName' | 'menuLabel' | 'header'> & {
    readonly instructions?: readonly string[];
  },
): ItemsTemplate {
  return {
    ...meta,
    layout: 'items',
    title: table.title,
    source: 'Программа «Возобновляемое образование», 2022: показатели эффективности',
    numberLabel: '№',
    itemLabel: 'Критерии, индикаторы',
    answers: [{ key: 'value', label: 'Значение', type: 'text' }, EVIDENCE_FIELD],
    items: indicatorItems(table),
    // Every indicator form's sheets scored by its rules, side by side on one sheet.
    regional: [{ kind: 'scores', sheet: 'Показатели' }],
    instructions: meta.instructions ?? [
      'Заполните столбец «Значение» у каждого критерия: «Да»/«Нет», число или долю в процентах — подсказка у ячейки.',
      'Баллы считаются автоматически в сводке РМЦ по правилам «Формат исчисления и расчет индикатора».',
      'Ключевые показатели сравниваются с минимальным значением на год: учебный год 2022-2023 — отчёт за 2023 год.',
    ],
  };
}
