/**
 * The analytic views of a consolidation: events with their parsed periods, the calendar, заявки and
 * demand per programme, completeness per ММО. Which form is the plan, the заявка or a questionnaire
 * comes from the views the registry's definitions declare, not from form constants; the view kinds
 * (`src/views/`) and the dashboard share these computations. Each view is one pass over the records.
 */
import {
  capitalize,
  academicYearMonths,
  cellText,
  collapseSpaces,
  formatMonthRu,
  memoText,
  normalizeText,
  parsePeriod,
  tableColumns,
  type CellValue,
  type FieldDef,
  type ParsedPeriod,
  type RegionalView,
  type RegionalViewKind,
  type TemplateDef,
} from '@mmo/shared';
import { planForm, TEMPLATES } from '@mmo/templates';
import type { ConsolidatedSheet, Consolidation, FlaggedRecord, SourceStatus } from '../model.js';

type SheetRecord = ConsolidatedSheet['records'][number];

/** ММО numbers in display order; null (ММО not determined) last. */
export function compareMmo(a: number | null, b: number | null): number {
  return (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);
}

function sheetsOf(consolidation: Pick<Consolidation, 'sheets'>, templateId: string): ConsolidatedSheet[] {
  return consolidation.sheets.filter((s) => s.templateId === templateId);
}

/** Sheets in ММО order, keeping the order of the sources within one ММО. */
function byMmo(sheets: readonly ConsolidatedSheet[]): ConsolidatedSheet[] {
  return sheets
    .map((s, i) => ({ s, i }))
    .sort((a, b) => compareMmo(a.s.mmo, b.s.mmo) || a.i - b.i)
    .map(({ s }) => s);
}

/** The registry's first form that declares a view of `kind` (the ММО plan its calendar, the заявка its checked rows). */
function declaredView<K extends RegionalViewKind>(
  kind: K,
): { template: TemplateDef; view: Extract<RegionalView, { kind: K }> } | undefined {
  for (const template of TEMPLATES)
    for (const view of template.regional ?? [])
      if (view.kind === kind) return { template, view: view as Extract<RegionalView, { kind: K }> };
  return undefined;
}

/** Until plan kinds are declared in the definitions: the plan РМЦ keeps with the ММО. */

// ---------------------------------------------------------------------------------------------
// Plans and the calendar

export interface PlanEvent {
  readonly sheet: ConsolidatedSheet;
  readonly record: SheetRecord;
  readonly mmo: number | null;
  readonly period: ParsedPeriod;
}

/**
 * Every event of a plan template, its period parsed once against its sheet's year. By default the
 * plan whose calendar the registry declares, its period the calendar's column (else the first one).
 */
export function planEvents(
  consolidation: Consolidation,
  templateId: string = declaredView('calendar')?.template.id ?? '',
  periodKey: string = periodColumn(templateId),
): PlanEvent[] {
  const events: PlanEvent[] = [];
  for (const sheet of byMmo(sheetsOf(consolidation, templateId))) {
    const year = { startYear: sheet.academicYear ?? consolidation.academicYear };
    for (const record of sheet.records) {
      events.push({
        sheet,
        record,
        mmo: sheet.mmo,
        period: parsePeriod((record.raw[periodKey] as CellValue | undefined) ?? null, year),
      });
    }
  }
  return events;
}

function periodColumn(templateId: string): string {
  const template = TEMPLATES.find((t) => t.id === templateId);
  const calendar = template?.regional?.find((v) => v.kind === 'calendar');
  if (calendar) return calendar.field;
  return (template && tableColumns(template).find((f) => f.type === 'period')?.key) ?? 'period';
}

export function jointEvents(consolidation: Consolidation): PlanEvent[] {
  return planEvents(consolidation, planForm(TEMPLATES, 'joint').id);
}

export interface CalendarRow {
  readonly label: string;
  /** 'YYYY-MM' for month rows. */
  readonly month?: string;
  readonly counts: ReadonlyMap<number | null, number>;
  readonly total: number;
}

export interface CalendarView {
  /** ММО columns: 1…8, then null when some events have no ММО. */
  readonly columns: readonly (number | null)[];
  readonly rows: readonly CalendarRow[];
}

const KIND_ROWS: readonly { kind: ParsedPeriod['kind']; label: string }[] = [
  { kind: 'year', label: 'В течение года' },
  { kind: 'recurring', label: 'Регулярно, без указания месяцев' },
  { kind: 'unscheduled', label: 'По отдельному плану, без срока' },
  { kind: 'unknown', label: 'Срок не распознан' },
];
const OUTSIDE_YEAR = 'Вне учебного года';
const ALL_EVENTS = 'Всего мероприятий';

/**
 * Months × ММО: an event spanning months counts in each of them; whole-year, recurring and
 * undated events count in rows of their own, so the months show what is really scheduled.
 */
export function eventCalendar(
  events: readonly PlanEvent[],
  academicYear: number,
  districts: readonly number[],
): CalendarView {
  const months = academicYearMonths({ startYear: academicYear });
  const monthRow = new Map(months.map((m, i) => [m, i]));
  const counts = [...months, OUTSIDE_YEAR, ...KIND_ROWS.map((k) => k.kind), ALL_EVENTS].map(
    () => new Map<number | null, number>(),
  );
  const outside = months.length;
  const kindRow = new Map(KIND_ROWS.map((k, i) => [k.kind, months.length + 1 + i]));
  const all = counts.length - 1;
  const add = (row: number, mmo: number | null) => counts[row].set(mmo, (counts[row].get(mmo) ?? 0) + 1);
  let unassigned = false;
  for (const e of events) {
    if (e.mmo === null) unassigned = true;
    add(all, e.mmo);
    if (e.period.kind !== 'months' && e.period.kind !== 'range') {
      add(kindRow.get(e.period.kind)!, e.mmo);
      continue;
    }
    let isOutside = false;
    for (const m of e.period.months) {
      const row = monthRow.get(m);
      if (row === undefined) isOutside = true;
      else add(row, e.mmo);
    }
    if (isOutside) add(outside, e.mmo);
  }
  const labels = [
    ...months.map((m) => monthLabel(m)),
    OUTSIDE_YEAR,
    ...KIND_ROWS.map((k) => k.label),
    ALL_EVENTS,
  ];
  const rows: CalendarRow[] = labels.map((label, i) => {
    let total = 0;
    for (const n of counts[i].values()) total += n;
    return i < months.length
      ? { label, month: months[i], counts: counts[i], total }
      : { label, counts: counts[i], total };
  });
  return { columns: unassigned ? [...districts, null] : districts, rows };
}

const monthLabels = new Map<string, string>();

/** «Ноябрь 2022»; memoised, as every event asks for the same dozen months. */
export function monthLabel(month: string): string {
  let label = monthLabels.get(month);
  if (label === undefined) {
    const text = formatMonthRu(month);
    monthLabels.set(month, (label = capitalize(text)));
  }
  return label;
}

// ---------------------------------------------------------------------------------------------
// Заявки

export interface ApplicationRow {
  readonly sheet: ConsolidatedSheet;
  readonly record: SheetRecord;
  readonly mmo: number | null;
  /** Set for a row with errors, listed all the same (marked) so that nobody sent is lost. */
  readonly problems?: FlaggedRecord['problems'];
}

/**
 * Every row of a form, valid or marked with its errors, in ММО order and, within a sheet, in row
 * order. By default the form the registry lists with its checks («Заявки»).
 */
export function applicationRows(
  consolidation: Pick<Consolidation, 'sheets'>,
  templateId: string = declaredView('checkedRecords')?.template.id ?? '',
): ApplicationRow[] {
  const rows: ApplicationRow[] = [];
  for (const sheet of byMmo(sheetsOf(consolidation, templateId))) {
    const own: ApplicationRow[] = sheet.records.map((record) => ({ sheet, record, mmo: sheet.mmo }));
    for (const f of sheet.flagged ?? [])
      own.push({
        sheet,
        record: { row: f.row, values: f.values, raw: f.raw },
        mmo: sheet.mmo,
        problems: f.problems,
      });
    if (sheet.flagged?.length) own.sort((a, b) => a.record.row - b.record.row);
    for (const r of own) rows.push(r);
  }
  return rows;
}

/** Words only: case, ё, quotes, dashes, dots and spaces do not make another name. */
const wordsKey = memoText((text) =>
  normalizeText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim(),
);

/** «ДПП», «ДПП ПК», «Программа», «Дополнительная профессиональная программа повышения квалификации» before the name proper. */
const PROGRAMME_PREFIX =
  /^(?:(?:дпп|дпо|ппк|пк|программа|дополнительная профессиональная программа|повышения квалификации|по программе)\s+)+/;

/**
 * Key a programme is grouped by: case, ё, quotes, spaces and punctuation, and a «ДПП»/«Программа»
 * prefix do not make another programme.
 */
export const programmeKey: (name: string) => string = memoText((name) => {
  const words = wordsKey(name);
  return words.replace(PROGRAMME_PREFIX, '') || words;
});

/** Key of a trainee's ФИО; '' when none is written. */
export function traineeKey(name: unknown): string {
  return wordsKey(cellText(name));
}

/**
 * Two workplaces of one ФИО are one person unless both are written and neither holds the other's
 * words: «МКОУ «Гунибская СОШ», Гунибский район» and «Гунибская СОШ» are one school.
 */
export function sameWorkplace(a: unknown, b: unknown): boolean {
  const wa = wordsKey(cellText(a)).split(' ').filter(Boolean);
  const wb = wordsKey(cellText(b)).split(' ').filter(Boolean);
  if (wa.length === 0 || wb.length === 0) return true;
  const [short, long] = wa.length <= wb.length ? [wa, new Set(wb)] : [wb, new Set(wa)];
  return short.every((w) => long.has(w));
}

/** What rows are counted by and who they are about: a `countBy` view's settings. */
export type CountKeys = Pick<Extract<RegionalView, { kind: 'countBy' }>, 'field' | 'distinct'>;

/** The registry's «Заявки по программам»: programmes, a trainee sent twice counted once. */
function demandKeys(): CountKeys {
  const view = declaredView('countBy')?.view;
  return view ?? { field: 'programme' };
}

function valueOf(row: ApplicationRow, key: string): unknown {
  return row.record.values[key] ?? row.record.raw[key];
}

function groupText(row: ApplicationRow, keys: CountKeys): string {
  return collapseSpaces(cellText(valueOf(row, keys.field)));
}

/**
 * The same person on the same value (a trainee on a programme), in the order the rows come: later
 * rows point at the first. Without `distinct` no row repeats another.
 */
export function repeatedApplications(
  rows: readonly ApplicationRow[],
  keys: CountKeys = demandKeys(),
): Map<ApplicationRow, ApplicationRow> {
  const firsts = new Map<string, ApplicationRow[]>();
  const repeats = new Map<ApplicationRow, ApplicationRow>();
  const distinct = keys.distinct;
  if (!distinct) return repeats;
  const workplaceOf = (row: ApplicationRow) =>
    distinct.workplace === undefined ? undefined : valueOf(row, distinct.workplace);
  for (const row of rows) {
    const person = traineeKey(valueOf(row, distinct.person));
    const programme = groupText(row, keys);
    if (!person || !programme) continue;
    const key = `${programmeKey(programme)}\u0000${person}`;
    const seen = firsts.get(key) ?? [];
    const workplace = workplaceOf(row);
    const first = seen.find((s) => sameWorkplace(workplaceOf(s), workplace));
    if (first) repeats.set(row, first);
    else firsts.set(key, [...seen, row]);
  }
  return repeats;
}

export interface ProgrammeDemand {
  /** The spelling most заявки use. */
  readonly programme: string;
  /** People per ММО: a trainee sent twice counts once, in the ММО of the first заявка. */
  readonly byMmo: ReadonlyMap<number | null, number>;
  readonly total: number;
}

/** Rows per value of the `field` column and ММО, most first; by default people per programme. */
export function programmeDemand(
  rows: readonly ApplicationRow[],
  keys: CountKeys = demandKeys(),
): ProgrammeDemand[] {
  const repeats = repeatedApplications(rows, keys);
  const groups = new Map<
    string,
    { spellings: Map<string, number>; byMmo: Map<number | null, number>; total: number }
  >();
  for (const row of rows) {
    const text = groupText(row, keys);
    if (!text) continue;
    const key = programmeKey(text);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { spellings: new Map(), byMmo: new Map(), total: 0 }));
    g.spellings.set(text, (g.spellings.get(text) ?? 0) + 1);
    if (repeats.has(row)) continue;
    g.byMmo.set(row.mmo, (g.byMmo.get(row.mmo) ?? 0) + 1);
    g.total++;
  }
  const result: ProgrammeDemand[] = [];
  for (const g of groups.values()) {
    let programme = '';
    let best = 0;
    for (const [s, n] of g.spellings) if (n > best) [programme, best] = [s, n];
    result.push({ programme, byMmo: g.byMmo, total: g.total });
  }
  return result.sort((a, b) => b.total - a.total || a.programme.localeCompare(b.programme, 'ru'));
}

// ---------------------------------------------------------------------------------------------
// Questionnaires

/** The answer a questionnaire ranks its items by (its «Затруднения» view declares it), if it has one. */
export function difficultyField(template: TemplateDef): FieldDef | null {
  const view = template.regional?.find((v) => v.kind === 'rankedShare');
  return (view && tableColumns(template).find((f) => f.key === view.field)) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Completeness

export type Freshness = 'fresh' | 'stale' | 'failed' | 'missing';

export interface CompletenessRow {
  readonly mmo: number | null;
  readonly sources: readonly SourceStatus[];
  /** Per template id: sheets and rows that arrived. */
  readonly arrived: ReadonlyMap<string, { readonly sheets: number; readonly rows: number }>;
  readonly rows: number;
  readonly errors: number;
  readonly warnings: number;
  readonly lastSuccessAt: string | null;
  readonly state: Freshness;
}

/** One row per ММО (all eight, also those that sent nothing), plus one for sources of no ММО. */
export function completeness(consolidation: Consolidation, districts: readonly number[]): CompletenessRow[] {
  const keys: (number | null)[] = [...districts];
  const rows = new Map<
    number | null,
    {
      sources: SourceStatus[];
      arrived: Map<string, { sheets: number; rows: number }>;
      rows: number;
      errors: number;
      warnings: number;
    }
  >();
  const of = (mmo: number | null) => {
    let r = rows.get(mmo);
    if (!r) {
      rows.set(mmo, (r = { sources: [], arrived: new Map(), rows: 0, errors: 0, warnings: 0 }));
      if (!keys.includes(mmo)) keys.push(mmo);
    }
    return r;
  };
  for (const d of districts) of(d);
  for (const s of consolidation.sources) of(s.mmo).sources.push(s);
  for (const sheet of consolidation.sheets) {
    const r = of(sheet.mmo);
    const a = r.arrived.get(sheet.templateId) ?? { sheets: 0, rows: 0 };
    // Marked rows of a заявка arrived too: someone is sent, the row only needs fixing.
    const rowsIn = sheet.records.length + (sheet.flagged?.length ?? 0);
    r.arrived.set(sheet.templateId, { sheets: a.sheets + 1, rows: a.rows + rowsIn });
    r.rows += rowsIn;
  }
  for (const i of consolidation.issues) {
    const r = of(i.mmo);
    if (i.severity === 'error') r.errors++;
    else r.warnings++;
  }
  return keys.map((mmo) => {
    const r = rows.get(mmo)!;
    let last: string | null = null;
    for (const s of r.sources) {
      const at =
        s.lastSuccessAt ?? (s.status === 'ok' && !s.fromSnapshot ? consolidation.generatedAt : undefined);
      if (at && (!last || at > last)) last = at;
    }
    const state: Freshness =
      r.sources.length === 0 && r.arrived.size === 0
        ? 'missing'
        : r.sources.some((s) => s.status === 'failed' && !s.fromSnapshot)
          ? 'failed'
          : r.sources.some((s) => s.stale)
            ? 'stale'
            : 'fresh';
    return {
      mmo,
      sources: r.sources,
      arrived: r.arrived,
      rows: r.rows,
      errors: r.errors,
      warnings: r.warnings,
      lastSuccessAt: last,
      state,
    };
  });
}
