/**
 * The `rankedShare` kind: per item and ММО the share of answers that are one of the view's values,
 * most first, over every form that declares the sheet («Затруднения» of the three questionnaires:
 * what teachers need help with). Unanswered rows are not counted.
 */
import { cellText, itemAnswers, normalizeText, type ItemDef, type ItemsTemplate } from '@mmo/shared';
import { compareMmo } from '../engine/aggregate.js';
import type { Consolidation } from '../model.js';
import { col, mmoLabel } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type DeclaredView, type KindModule, type ViewContext } from './kind.js';

export interface RankedShareRow {
  readonly template: ItemsTemplate;
  /** The block heading the item is under («Методические затруднения»). */
  readonly group: string | null;
  readonly item: ItemDef;
  readonly mmo: number | null;
  readonly answered: number;
  /** Answers that are one of the view's values («Да…» or «Скорее да…»). */
  readonly matching: number;
  /** matching / answered, 0–100, one decimal. */
  readonly share: number;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** One form's rows, in item order and ММО order. */
function formRows(
  consolidation: Consolidation,
  { template, view }: DeclaredView<'rankedShare'>,
): RankedShareRow[] {
  if (template.layout !== 'items') return [];
  const wanted = new Set(view.values.map(normalizeText));
  const items = new Map<string, { item: ItemDef; group: string | null; order: number }>();
  let group: string | null = null;
  template.items.forEach((item, order) => {
    if (item.isGroup) group = item.text;
    else if (itemAnswers(template, item).some((f) => f.key === view.field))
      items.set(item.id, { item, group, order });
  });
  const counts = new Map<
    string,
    { answered: number; matching: number; itemId: string; mmo: number | null }
  >();
  for (const sheet of consolidation.sheets) {
    if (sheet.templateId !== template.id) continue;
    for (const record of sheet.records) {
      if (!record.itemId || !items.has(record.itemId)) continue;
      const answer = record.values[view.field];
      const text = Array.isArray(answer) ? String(answer[0] ?? '') : cellText(answer);
      if (!text) continue;
      const key = `${record.itemId}\u0000${sheet.mmo}`;
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { answered: 0, matching: 0, itemId: record.itemId, mmo: sheet.mmo }));
      c.answered++;
      if (wanted.has(normalizeText(text))) c.matching++;
    }
  }
  const ordered: { row: RankedShareRow; order: number }[] = [];
  for (const c of counts.values()) {
    const { item, group: g, order } = items.get(c.itemId)!;
    ordered.push({
      row: {
        template,
        group: g,
        item,
        mmo: c.mmo,
        answered: c.answered,
        matching: c.matching,
        share: round1((100 * c.matching) / c.answered),
      },
      order,
    });
  }
  ordered.sort((a, b) => a.order - b.order || compareMmo(a.row.mmo, b.row.mmo));
  return ordered.map((o) => o.row);
}

/** Every form's rows, highest share first; equal shares keep registry, item and ММО order. */
export function rankedShares(
  consolidation: Consolidation,
  views: readonly DeclaredView<'rankedShare'>[],
): RankedShareRow[] {
  return views
    .flatMap((v) => formRows(consolidation, v))
    .sort((a, b) => b.share - a.share || b.matching - a.matching);
}

export function rankedShareSheet(
  { consolidation }: ViewContext,
  views: readonly [DeclaredView<'rankedShare'>, ...DeclaredView<'rankedShare'>[]],
): RegionalSheet {
  const { view } = views[0];
  return {
    name: view.sheet,
    columns: [
      col('Форма', 34),
      col('Раздел', 30),
      col('№', 8),
      col(view.itemHeading, 60),
      col('ММО', 28),
      col('Ответили', 10),
      col(view.valuesHeading, 16),
      col('Доля, %', 10),
    ],
    rows: rankedShares(consolidation, views).map((d) => [
      d.template.sheetName,
      d.group,
      d.item.id,
      d.item.text,
      mmoLabel(d.mmo),
      d.answered,
      d.matching,
      d.share,
    ]),
  };
}

export const rankedShare: KindModule<'rankedShare'> = { place: PLACES.overview, sheet: rankedShareSheet };
