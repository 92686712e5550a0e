/** The `itemShare` kind: the share of answers that are one of the view's values, per item and ММО. */
import { normalizeText, type TemplateDef } from '@mmo/shared';
import type { Consolidation } from '../model.js';
import { col, mmoLabel } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type KindModule, type ViewOf } from './kind.js';
import {
  fieldOf,
  hasMmo,
  itemCells,
  itemColumns,
  perItemAndMmo,
  quoted,
  round,
  textOf,
  type ViewItem,
} from './items.js';

export interface ItemShare {
  readonly item: ViewItem;
  readonly mmo: number | null;
  readonly answered: number;
  /** Answers that are one of the view's values. */
  readonly matching: number;
  /** matching / answered, 0–100, one decimal. */
  readonly share: number;
  /** Answers per choice of the field (as the definition spells it); other text is not counted here. */
  readonly counts: ReadonlyMap<string, number>;
}

export function itemShares(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'itemShare'>,
): ItemShare[] {
  const wanted = new Set(view.values.map(normalizeText));
  return perItemAndMmo<{ answered: number; matching: number; counts: Map<string, number> }>(
    consolidation,
    template,
    view.field,
    (acc, value) => {
      const text = textOf(value);
      if (!text) return acc;
      const next = acc ?? { answered: 0, matching: 0, counts: new Map<string, number>() };
      next.answered++;
      if (wanted.has(normalizeText(text))) next.matching++;
      next.counts.set(text, (next.counts.get(text) ?? 0) + 1);
      return next;
    },
  ).map(({ item, mmo, acc }) => ({
    item,
    mmo,
    answered: acc.answered,
    matching: acc.matching,
    share: round((100 * acc.matching) / acc.answered, 1),
    counts: acc.counts,
  }));
}

function itemShareSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'itemShare'>,
): RegionalSheet {
  const field = fieldOf(template, view.field);
  const choices = field?.choices ?? [];
  const mmo = hasMmo(template);
  return {
    name: view.sheet,
    columns: [
      ...itemColumns(template),
      ...(mmo ? [col('ММО', 28)] : []),
      col('Ответов', 10),
      ...choices.map((c) => col(c, 10)),
      col(`Доля ${quoted(view.values)}, %`, 12),
    ],
    rows: itemShares(consolidation, template, view).map((s) => [
      ...itemCells(s.item),
      ...(mmo ? [mmoLabel(s.mmo)] : []),
      s.answered,
      ...choices.map((c) => countOf(s.counts, c)),
      s.share,
    ]),
  };
}

/** Answers spelled any way the reader accepts count for the choice they name. */
function countOf(counts: ReadonlyMap<string, number>, choice: string): number {
  let n = 0;
  for (const [text, k] of counts) if (normalizeText(text) === normalizeText(choice)) n += k;
  return n;
}

export const itemShare: KindModule<'itemShare'> = {
  place: PLACES.summary,
  sheet: (context, [{ template, view }]) => itemShareSheet(context.consolidation, template, view),
};
