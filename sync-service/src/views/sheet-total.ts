/** The `sheetTotal` kind: one row per sheet with the sum of a numeric answer, its maximum and its band. */
import { type TemplateDef } from '@mmo/shared';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { col } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type KindModule, type ViewContext, type ViewOf } from './kind.js';
import {
  fieldLabel,
  numberOf,
  recordsByItem,
  round,
  sheetsOf,
  source,
  SOURCE_COLUMNS,
  viewItems,
  who,
  whoColumns,
  whoFields,
} from './items.js';

export interface SheetTotal {
  readonly sheet: ConsolidatedSheet;
  readonly mmo: number | null;
  /** Items scored on this sheet. */
  readonly answered: number;
  readonly total: number;
  /** The stated maximum, else the sum of the answers' maxima. */
  readonly outOf: number;
  /** The band of the total; null when nothing was scored. */
  readonly band: string | null;
}

export function sheetTotals(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'sheetTotal'>,
): SheetTotal[] {
  const items = viewItems(template, view.field);
  const outOf = view.outOf ?? items.reduce((sum, i) => sum + (i.field.max ?? 0), 0);
  return sheetsOf(consolidation, template).map((sheet) => {
    const byItem = recordsByItem(sheet);
    let answered = 0;
    let total = 0;
    for (const { item } of items) {
      const n = numberOf(byItem.get(item.id)?.values[view.field]);
      if (n === null) continue;
      answered++;
      total += n;
    }
    const band = answered
      ? (view.bands.find((b) => b.upTo === undefined || total <= b.upTo)?.label ?? null)
      : null;
    return { sheet, mmo: sheet.mmo, answered, total: round(total, 2), outOf, band };
  });
}

function sheetTotalSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'sheetTotal'>,
  options: ViewContext,
): RegionalSheet {
  const fields = whoFields(template, options.canSeePersonal);
  const label = fieldLabel(template, view.field);
  return {
    name: view.sheet,
    columns: [
      ...whoColumns(template, fields),
      col('Оценено пунктов', 10),
      col(`Сумма «${label}»`, 10),
      col('Из', 8),
      col('Уровень', 12),
      ...SOURCE_COLUMNS,
    ],
    rows: sheetTotals(consolidation, template, view).map((t) => [
      ...who(template, fields, t.sheet),
      t.answered,
      t.total,
      t.outOf,
      t.band,
      ...source(t.sheet),
    ]),
  };
}

export const sheetTotal: KindModule<'sheetTotal'> = {
  place: PLACES.summary,
  sheet: (context, [{ template, view }]) => sheetTotalSheet(context.consolidation, template, view, context),
};
