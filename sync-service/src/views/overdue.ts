/**
 * The `overdue` kind: items whose term has ended and whose status is not done; on the dashboard,
 * their count and the first few.
 */
import { html } from 'hono/html';
import {
  cellText,
  itemNumber,
  normalizeText,
  parsePeriod,
  type CellValue,
  type ParsedPeriod,
  type TemplateDef,
} from '@mmo/shared';
import { monthLabel } from '../engine/aggregate.js';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { col } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { mmoColour, mmoName, type Html } from '../dashboard/chart.js';
import { formatCount } from '../dashboard/format.js';
import { PLACES, type KindModule, type ViewContext, type ViewOf } from './kind.js';
import {
  fieldLabel,
  itemColumnName,
  recordsByItem,
  sheetsOf,
  source,
  SOURCE_COLUMNS,
  textOf,
  viewItems,
  who,
  whoColumns,
  whoFields,
  yearOf,
  type ViewItem,
} from './items.js';

export interface OverdueItem {
  readonly sheet: ConsolidatedSheet;
  readonly mmo: number | null;
  readonly item: ViewItem;
  /** The sheet row of the item, when the sheet has it. */
  readonly row: number | null;
  readonly term: ParsedPeriod;
  /** The status as written, '' when none. */
  readonly status: string;
}

function localDay(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Whether a term is over by `today` ('YYYY-MM-DD'): a written day has passed, else its last month
 * has. Recurring, unscheduled and unreadable terms never end.
 */
export function termEnded(term: ParsedPeriod, today: string): boolean {
  if (term.day) return term.day < today;
  return term.last !== null && term.last < today.slice(0, 7);
}

/**
 * Items whose term ended before `now` and whose status is not done, in ММО and form order. A term in
 * an info column is the printed one, so an item the sheet lacks is still due; an answered term
 * needs the item's row.
 */
export function overdueItems(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'overdue'>,
  now: Date,
): OverdueItem[] {
  const today = localDay(now);
  const printed =
    template.layout === 'items' && (template.infoColumns ?? []).some((f) => f.key === view.termField);
  const done = new Set(view.done.map(normalizeText));
  const out: OverdueItem[] = [];
  for (const sheet of sheetsOf(consolidation, template)) {
    const year = yearOf(sheet, consolidation);
    const byItem = recordsByItem(sheet);
    for (const item of viewItems(template, view.field)) {
      const record = byItem.get(item.item.id);
      const raw = printed
        ? (item.item.info?.[view.termField] ?? null)
        : ((record?.raw[view.termField] as CellValue | undefined) ?? null);
      if (cellText(raw) === '') continue;
      const term = parsePeriod(raw, year);
      const status = textOf(record?.values[view.field]);
      if (termEnded(term, today) && !done.has(normalizeText(status)))
        out.push({ sheet, mmo: sheet.mmo, item, row: record?.row ?? null, term, status });
    }
  }
  return out;
}

function overdueSheet(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'overdue'>,
  options: ViewContext,
): RegionalSheet {
  const fields = whoFields(template, options.canSeePersonal);
  const term = fieldLabel(template, view.termField);
  const status = fieldLabel(template, view.field);
  return {
    name: view.sheet,
    columns: [
      ...whoColumns(template, fields),
      col('№', 8),
      col(itemColumnName(template), 60),
      col(`${term} (как написано)`, 22),
      col('Срок истёк', 16),
      col(status, 14),
      ...SOURCE_COLUMNS,
      col('Строка', 8),
    ],
    rows: overdueItems(consolidation, template, view, options.now).map((o) => [
      ...who(template, fields, o.sheet),
      itemNumber(o.item.item) || null,
      o.item.item.text,
      o.term.text,
      o.term.day ? dayLabel(o.term.day) : o.term.last ? monthLabel(o.term.last) : null,
      o.status || 'нет отметки',
      ...source(o.sheet),
      o.row,
    ]),
  };
}

function dayLabel(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

const TOP_OVERDUE = 10;

/** The dashboard's figure: how many items are overdue, and the first few. */
export interface OverdueFigure {
  readonly kind: 'overdue';
  readonly title: string;
  readonly total: number;
  readonly top: readonly {
    readonly mmo: number | null;
    readonly municipality: string;
    readonly number: string;
    readonly item: string;
    readonly term: string;
  }[];
}

/** The municipality a sheet is about, when its form has a non-personal municipality field. */
function municipalityOf(template: TemplateDef, header: Readonly<Record<string, unknown>>): string {
  const field = template.header.find((f) => f.type === 'municipality' && !f.personal);
  return field ? cellText(header[field.key]) : '';
}

export function overdueFigure(
  consolidation: Consolidation,
  template: TemplateDef,
  view: ViewOf<'overdue'>,
  now: Date,
): OverdueFigure {
  const items = overdueItems(consolidation, template, view, now);
  return {
    kind: 'overdue',
    title: view.sheet,
    total: items.length,
    top: items.slice(0, TOP_OVERDUE).map((o) => ({
      mmo: o.mmo,
      municipality: municipalityOf(template, o.sheet.header),
      number: itemNumber(o.item.item),
      item: o.item.item.text,
      term: o.term.text,
    })),
  };
}

/** The figure on the dashboard. */
export function renderOverdueFigure(f: OverdueFigure): Html {
  if (f.total === 0) return html`<h3>${f.title}</h3><p class="muted">Просроченных пунктов нет.</p>`;
  return html`<h3>${f.title}: ${formatCount(f.total)}</h3>
    <div class="table-wrap"><table class="view-overdue">
      <thead><tr><th>ММО</th><th>Муниципалитет</th><th>Пункт</th><th>Срок</th></tr></thead>
      <tbody>${f.top.map(
        (
          o,
        ) => html`<tr><td><span class="dot" style="background:${mmoColour(o.mmo)}"></span>${mmoName(o.mmo)}</td><td>${o.municipality}</td>
          <td>${o.number ? `${o.number} ` : ''}${o.item}</td><td>${o.term}</td></tr>`,
      )}</tbody>
    </table></div>
    ${f.total > f.top.length ? html`<p class="muted">Показаны ${f.top.length} из ${formatCount(f.total)}; все — на листе «${f.title}» сводной таблицы.</p>` : ''}`;
}

export const overdue: KindModule<'overdue'> = {
  place: PLACES.summary,
  sheet: (context, [{ template, view }]) => overdueSheet(context.consolidation, template, view, context),
};
