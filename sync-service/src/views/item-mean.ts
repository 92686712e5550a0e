/** The `itemMean` kind: the mean of a numeric answer per item and ММО, with how many sheets answered it. */
import { type TemplateDef } from '@mmo/shared';
import type { Consolidation } from '../model.js';
import { col, mmoLabel } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type KindModule, type ViewOf } from './kind.js';
import {
  fieldLabel,
  hasMmo,
  itemCells,
  itemColumns,
  numberOf,
  perItemAndMmo,
  round,
  type ViewItem,
} from './items.js';

export interface ItemMean {
  readonly item: ViewItem;
  readonly mmo: number | null;
  /** Sheets that scored the item. */
  readonly answered: number;
  /** Rounded to 2 decimals. */
  readonly mean: number;
}

export function itemMeans(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'itemMean'>,
): ItemMean[] {
  return perItemAndMmo<{ n: number; sum: number }>(consolidation, template, view.field, (acc, value) => {
    const n = numberOf(value);
    if (n === null) return acc;
    return { n: (acc?.n ?? 0) + 1, sum: (acc?.sum ?? 0) + n };
  }).map(({ item, mmo, acc }) => ({ item, mmo, answered: acc.n, mean: round(acc.sum / acc.n, 2) }));
}

function itemMeanSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'itemMean'>,
): RegionalSheet {
  const label = fieldLabel(template, view.field);
  const mmo = hasMmo(template);
  return {
    name: view.sheet,
    columns: [
      ...itemColumns(template),
      ...(mmo ? [col('ММО', 28)] : []),
      col('Ответов (листов)', 12),
      col(`Среднее «${label}»`, 12),
      col('Максимум', 10),
    ],
    rows: itemMeans(consolidation, template, view).map((m) => [
      ...itemCells(m.item),
      ...(mmo ? [mmoLabel(m.mmo)] : []),
      m.answered,
      m.mean,
      m.item.field.max ?? null,
    ]),
  };
}

export const itemMean: KindModule<'itemMean'> = {
  place: PLACES.summary,
  sheet: (context, [{ template, view }]) => itemMeanSheet(context.consolidation, template, view),
};
