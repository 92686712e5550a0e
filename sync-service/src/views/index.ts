/**
 * The regional sheets the forms declare (`TemplateDef.regional`), in workbook order: one module per
 * view kind writes its sheets, this dispatcher only orders them. A sheet stands in its kind's part
 * of the workbook (listings, registers, overviews, summaries, calendar), parts in that order and
 * sheets within a part in registry order; views of a kind that shares its sheet (the three
 * questionnaires' «Затруднения») are written as one sheet where the first of them stands.
 */
import { SHARED_SHEET_KINDS, sheetNameKey, type RegionalViewKind, type TemplateDef } from '@mmo/shared';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { calendar } from './calendar.js';
import { checkedRecords } from './checked-records.js';
import { countByKind } from './count-by.js';
import { type DeclaredView, type KindModule, type ViewContext } from './kind.js';
import { itemMean } from './item-mean.js';
import { itemShare } from './item-share.js';
import { overdue } from './overdue.js';
import { rankedShare } from './ranked-share.js';
import { records } from './records.js';
import { scores } from './scores.js';
import { sheetTotal } from './sheet-total.js';
import { statusShare } from './status-share.js';

export type { DeclaredView, ViewContext } from './kind.js';

/** Every view the templates declare, in registry order. */
export function declaredViews(templates: readonly TemplateDef[]): DeclaredView[] {
  return templates.flatMap((template) => (template.regional ?? []).map((view) => ({ template, view })));
}

const KINDS: { readonly [K in RegionalViewKind]: KindModule<K> } = {
  records,
  checkedRecords,
  countBy: countByKind,
  rankedShare,
  scores,
  itemMean,
  itemShare,
  statusShare,
  overdue,
  sheetTotal,
  calendar,
};

/** The declared views grouped by the sheet they write, in workbook order. */
export function declaredSheetGroups(templates: readonly TemplateDef[]): DeclaredView[][] {
  const groups: DeclaredView[][] = [];
  const shared = new Map<string, DeclaredView[]>();
  for (const declared of declaredViews(templates)) {
    if (!SHARED_SHEET_KINDS.includes(declared.view.kind)) {
      groups.push([declared]);
      continue;
    }
    const key = `${declared.view.kind}\u0000${sheetNameKey(declared.view.sheet)}`;
    const group = shared.get(key);
    if (group) group.push(declared);
    else {
      shared.set(key, [declared]);
      groups.push(shared.get(key)!);
    }
  }
  // A stable sort: registry order within a part.
  return groups.sort((a, b) => KINDS[a[0].view.kind].place - KINDS[b[0].view.kind].place);
}

function sheetOf(context: ViewContext, group: readonly DeclaredView[]): RegionalSheet {
  const kind = KINDS[group[0].view.kind] as KindModule<RegionalViewKind>;
  return kind.sheet(context, group as [DeclaredView, ...DeclaredView[]]);
}

/** The forms' own sheets of the regional workbook, in the order РМЦ reads them. */
export function declaredSheets(templates: readonly TemplateDef[], context: ViewContext): RegionalSheet[] {
  const key = memoKey(context);
  const last = lastSheets.get(templates)?.get(context.canSeePersonal);
  if (last && sameInputs(last.key, key)) return last.sheets;
  const sheets = declaredSheetGroups(templates).map((group) => sheetOf(context, group));
  let byRight = lastSheets.get(templates);
  if (!byRight) lastSheets.set(templates, (byRight = new Map()));
  byRight.set(context.canSeePersonal, { key, sheets });
  return sheets;
}

/**
 * What the declared views read: the consolidated sheets, the run's year and the day (overdue
 * items). A sync in which no source changed hands over the very same sheet objects, so its views
 * are the last ones — the no-change sync then costs a comparison, not a pass over every record.
 */
interface MemoKey {
  readonly sheets: readonly unknown[];
  readonly year: string;
  readonly day: string;
}

const lastSheets = new WeakMap<
  readonly TemplateDef[],
  Map<boolean, { key: MemoKey; sheets: RegionalSheet[] }>
>();

function memoKey({ consolidation, now }: ViewContext): MemoKey {
  return {
    sheets: consolidation.sheets,
    year: JSON.stringify(consolidation.academicYear ?? null),
    day: now.toDateString(),
  };
}

function sameInputs(a: MemoKey, b: MemoKey): boolean {
  return (
    a.year === b.year &&
    a.day === b.day &&
    a.sheets.length === b.sheets.length &&
    a.sheets.every((s, i) => s === b.sheets[i])
  );
}
