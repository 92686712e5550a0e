/**
 * The `statusShare` kind: how many items carry each status and the share done, per sheet (a
 * municipality's checklist) and per ММО; on the dashboard, the share done per ММО.
 */
import { html } from 'hono/html';
import { normalizeText, type CellValue, type FieldDef, type TemplateDef } from '@mmo/shared';
import { compareMmo } from '../engine/aggregate.js';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { col, mmoLabel } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { mmoColour, mmoName, type Html } from '../dashboard/chart.js';
import { formatCount } from '../dashboard/format.js';
import { PLACES, type KindModule, type ViewContext, type ViewOf } from './kind.js';
import {
  fieldOf,
  hasMmo,
  quoted,
  recordsByItem,
  round,
  sheetsOf,
  source,
  SOURCE_COLUMNS,
  textOf,
  viewItems,
  who,
  whoColumns,
  whoFields,
} from './items.js';

export interface StatusCount {
  /** Items of the form that carry the status field (all of them count: a blank status is not done). */
  readonly items: number;
  /** Items per status as the definition spells it. */
  readonly counts: ReadonlyMap<string, number>;
  /** Items with a status the definition does not list, or none. */
  readonly other: number;
  readonly blank: number;
  readonly done: number;
  /** done / items, 0–100, one decimal. */
  readonly share: number;
}

export interface SheetStatus extends StatusCount {
  readonly sheet: ConsolidatedSheet;
  readonly mmo: number | null;
}

export interface MmoStatus extends StatusCount {
  readonly mmo: number | null;
  readonly sheets: number;
}

function statusField(template: TemplateDef, key: string): FieldDef | undefined {
  return viewItems(template, key)[0]?.field;
}

function emptyCount(choices: readonly string[]): {
  items: number;
  counts: Map<string, number>;
  other: number;
  blank: number;
  done: number;
} {
  return { items: 0, counts: new Map(choices.map((c) => [c, 0])), other: 0, blank: 0, done: 0 };
}

function finish<T extends { items: number; done: number }>(c: T): T & { share: number } {
  return { ...c, share: c.items ? round((100 * c.done) / c.items, 1) : 0 };
}

/** Per sheet (a municipality's checklist) and per ММО: how many items are done. */
export function statusShares(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'statusShare'>,
): { readonly sheets: readonly SheetStatus[]; readonly districts: readonly MmoStatus[] } {
  const items = viewItems(template, view.field);
  const choices = statusField(template, view.field)?.choices ?? [];
  const canonical = new Map(choices.map((c) => [normalizeText(c), c]));
  const done = new Set(view.done.map(normalizeText));
  const sheets: SheetStatus[] = [];
  const districts = new Map<number | null, ReturnType<typeof emptyCount> & { sheets: number }>();
  for (const sheet of sheetsOf(consolidation, template)) {
    const byItem = recordsByItem(sheet);
    const c = emptyCount(choices);
    const d = districts.get(sheet.mmo) ?? { ...emptyCount(choices), sheets: 0 };
    d.sheets++;
    for (const { item } of items) {
      const text = textOf(byItem.get(item.id)?.values[view.field]);
      const status = canonical.get(normalizeText(text));
      for (const acc of [c, d]) {
        acc.items++;
        if (!text) acc.blank++;
        else if (status) acc.counts.set(status, (acc.counts.get(status) ?? 0) + 1);
        else acc.other++;
        if (text && done.has(normalizeText(text))) acc.done++;
      }
    }
    districts.set(sheet.mmo, d);
    sheets.push({ ...finish(c), sheet, mmo: sheet.mmo });
  }
  return {
    sheets,
    districts: [...districts.entries()]
      .sort((a, b) => compareMmo(a[0], b[0]))
      .map(([mmo, d]) => ({ ...finish(d), mmo })),
  };
}

function statusShareSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'statusShare'>,
  options: ViewContext,
): RegionalSheet {
  const fields = whoFields(template, options.canSeePersonal);
  const choices = fieldOf(template, view.field)?.choices ?? [];
  const { sheets, districts } = statusShares(consolidation, template, view);
  const anyOther = sheets.some((s) => s.other > 0);
  const counts = (c: StatusCount): CellValue[] => [
    c.items,
    ...choices.map((ch) => c.counts.get(ch) ?? 0),
    c.blank,
    ...(anyOther ? [c.other] : []),
    c.share,
  ];
  const mmo = hasMmo(template);
  const lead = whoColumns(template, fields);
  const n = Math.max(1, lead.length);
  // Total rows name themselves in the lead columns: the ММО, then «Итого по ММО».
  const leadCells = (cells: readonly CellValue[]): CellValue[] =>
    [...cells, ...Array.from({ length: n }, () => null)].slice(0, n);
  const rows: CellValue[][] = [];
  for (const d of districts) {
    for (const s of sheets.filter((x) => x.mmo === d.mmo))
      rows.push([...leadCells(who(template, fields, s.sheet)), ...counts(s), ...source(s.sheet)]);
    if (mmo)
      rows.push([...leadCells([mmoLabel(d.mmo), 'Итого по ММО']), ...counts(d), `листов: ${d.sheets}`, null]);
  }
  if (districts.length > 1 || (!mmo && districts.length > 0)) {
    const all = sumCounts(districts, choices);
    rows.push([
      ...leadCells(mmo ? ['Все ММО', 'Всего по региону'] : ['Всего по региону']),
      ...counts(all),
      `листов: ${all.sheets}`,
      null,
    ]);
  }
  return {
    name: view.sheet,
    columns: [
      ...(lead.length ? lead : [col('Итог', 20)]),
      col('Пунктов', 10),
      ...choices.map((c) => col(c, 12)),
      col('Без отметки', 12),
      ...(anyOther ? [col('Другая отметка', 12)] : []),
      col(`Доля ${quoted(view.done)}, %`, 14),
      ...SOURCE_COLUMNS,
    ],
    rows,
  };
}

function sumCounts(
  districts: readonly (StatusCount & { readonly sheets: number })[],
  choices: readonly string[],
): StatusCount & { sheets: number } {
  let items = 0;
  let done = 0;
  let blank = 0;
  let other = 0;
  let sheets = 0;
  const counts = new Map(choices.map((c) => [c, 0]));
  for (const d of districts) {
    items += d.items;
    done += d.done;
    blank += d.blank;
    other += d.other;
    sheets += d.sheets;
    for (const c of choices) counts.set(c, (counts.get(c) ?? 0) + (d.counts.get(c) ?? 0));
  }
  return {
    items,
    done,
    blank,
    other,
    sheets,
    counts,
    share: items ? Math.round((1000 * done) / items) / 10 : 0,
  };
}

/** The dashboard's figure: the share done per ММО. */
export interface StatusShareFigure {
  readonly kind: 'statusShare';
  readonly title: string;
  readonly done: string;
  readonly districts: readonly {
    readonly mmo: number | null;
    readonly share: number;
    readonly done: number;
    readonly items: number;
    readonly sheets: number;
  }[];
}

export function statusShareFigure(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'statusShare'>,
): StatusShareFigure {
  const { districts } = statusShares(consolidation, template, view);
  return {
    kind: 'statusShare',
    title: view.sheet,
    done: view.done.join(', '),
    districts: districts.map(({ mmo, share, done, items, sheets }) => ({ mmo, share, done, items, sheets })),
  };
}

/** The figure on the dashboard. */
export function renderStatusShareFigure(f: StatusShareFigure): Html {
  return html`<h3>${f.title}</h3>
    <div class="table-wrap"><table class="view-status">
      <thead><tr><th>ММО</th><th class="num">Листов</th><th class="num">«${f.done}»</th><th class="num">Доля</th><th class="bar-cell"></th></tr></thead>
      <tbody>${f.districts.map(
        (
          d,
        ) => html`<tr><td><span class="dot" style="background:${mmoColour(d.mmo)}"></span>${mmoName(d.mmo)}</td>
          <td class="num">${d.sheets}</td><td class="num">${formatCount(d.done)} из ${formatCount(d.items)}</td>
          <td class="num">${d.share.toLocaleString('ru-RU')} %</td>
          <td class="bar-cell"><div class="bar" style="width:${Math.min(100, Math.max(0, d.share)).toFixed(1)}%"></div></td></tr>`,
      )}</tbody>
    </table></div>`;
}

export const statusShare: KindModule<'statusShare'> = {
  place: PLACES.summary,
  sheet: (context, [{ template, view }]) => statusShareSheet(context.consolidation, template, view, context),
};
