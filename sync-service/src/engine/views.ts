/**
 * The regional views a form declares (`TemplateDef.regional`), computed from a consolidation: one
 * function per view kind, each working from the definition alone, so a new form gets its regional
 * sheets and dashboard figures without code here. The output layer turns these into sheets.
 */
import {
  cellText,
  itemAnswers,
  normalizeText,
  parsePeriod,
  type CellValue,
  type FieldDef,
  type ItemDef,
  type ParsedPeriod,
  type RegionalView,
  type TemplateDef,
} from '@mmo/shared';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { compareMmo } from './aggregate.js';

export type ViewOf<K extends RegionalView['kind']> = Extract<RegionalView, { kind: K }>;
type SheetRecord = ConsolidatedSheet['records'][number];

/** A template with the views it declares, in registry order. */
export function declaredViews(
  templates: readonly TemplateDef[],
): { readonly template: TemplateDef; readonly view: RegionalView }[] {
  return templates.flatMap((template) => (template.regional ?? []).map((view) => ({ template, view })));
}

/** The template's sheets in ММО order, keeping the order of the sources within one ММО. */
export function sheetsOf(consolidation: Consolidation, template: TemplateDef): ConsolidatedSheet[] {
  return consolidation.sheets
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.templateId === template.id)
    .sort((a, b) => compareMmo(a.s.mmo, b.s.mmo) || a.i - b.i)
    .map(({ s }) => s);
}

function yearOf(sheet: ConsolidatedSheet, consolidation: Consolidation): { startYear: number } {
  return { startYear: sheet.academicYear ?? consolidation.academicYear };
}

// ---------------------------------------------------------------------------------------------
// records

export interface ViewRecord {
  readonly sheet: ConsolidatedSheet;
  readonly record: SheetRecord;
  /** Parsed period of every period column, by key; absent when the cell is empty. */
  readonly periods: ReadonlyMap<string, ParsedPeriod>;
}

export function viewRecords(consolidation: Consolidation, template: TemplateDef): ViewRecord[] {
  const periodKeys =
    template.layout === 'table' ? template.columns.filter((f) => f.type === 'period').map((f) => f.key) : [];
  const out: ViewRecord[] = [];
  for (const sheet of sheetsOf(consolidation, template)) {
    const year = yearOf(sheet, consolidation);
    for (const record of sheet.records) {
      const periods = new Map<string, ParsedPeriod>();
      for (const key of periodKeys) {
        const raw = (record.raw[key] as CellValue | undefined) ?? null;
        if (cellText(raw) !== '') periods.set(key, parsePeriod(raw, year));
      }
      out.push({ sheet, record, periods });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// items: the rows a view counts

export interface ViewItem {
  readonly item: ItemDef;
  /** The nearest heading above the item («Раздел 1. Целеполагание»), if any. */
  readonly group: string | null;
  /** The item's own definition of the view's field (its scale may differ from the template's). */
  readonly field: FieldDef;
}

/** Items that have the field as an answer, in form order, with their headings. */
export function viewItems(template: TemplateDef, key: string): ViewItem[] {
  if (template.layout !== 'items') return [];
  const items: ViewItem[] = [];
  let group: string | null = null;
  for (const item of template.items) {
    if (item.isGroup) {
      group = item.text;
      continue;
    }
    const field = itemAnswers(template, item).find((f) => f.key === key);
    if (field) items.push({ item, group, field });
  }
  return items;
}

/** Item records of a sheet by item id (the first, when a pasted sheet repeats an item). */
function recordsByItem(sheet: ConsolidatedSheet): Map<string, SheetRecord> {
  const byItem = new Map<string, SheetRecord>();
  for (const r of sheet.records) if (r.itemId !== undefined && !byItem.has(r.itemId)) byItem.set(r.itemId, r);
  return byItem;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textOf(value: unknown): string {
  return Array.isArray(value) ? cellText(value[0] ?? null) : cellText(value);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Per item, the ММО in order: what per-item views group by. */
function perItemAndMmo<T>(
  consolidation: Consolidation,
  template: TemplateDef,
  field: string,
  add: (acc: T | undefined, value: unknown) => T | undefined,
): { item: ViewItem; mmo: number | null; acc: T }[] {
  const items = viewItems(template, field);
  const acc = new Map<string, { item: ViewItem; mmo: number | null; acc: T }>();
  for (const sheet of sheetsOf(consolidation, template)) {
    const byItem = recordsByItem(sheet);
    items.forEach((item, order) => {
      const record = byItem.get(item.item.id);
      const key = `${order}\u0000${sheet.mmo}`;
      const prev = acc.get(key);
      const next = add(prev?.acc, record?.values[field]);
      if (next !== undefined) acc.set(key, { item, mmo: sheet.mmo, acc: next });
    });
  }
  const order = new Map(items.map((i, n) => [i.item.id, n]));
  return [...acc.values()].sort(
    (a, b) => order.get(a.item.item.id)! - order.get(b.item.item.id)! || compareMmo(a.mmo, b.mmo),
  );
}

// ---------------------------------------------------------------------------------------------
// itemMean

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

// ---------------------------------------------------------------------------------------------
// itemShare

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

// ---------------------------------------------------------------------------------------------
// statusShare

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

// ---------------------------------------------------------------------------------------------
// overdue

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

// ---------------------------------------------------------------------------------------------
// sheetTotal

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
