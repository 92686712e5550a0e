/**
 * The analytic views of a consolidation: events with their parsed periods, the calendar, заявки and
 * demand per programme, what teachers need help with, indicator scores, completeness per ММО. The
 * questionnaire, indicator and completeness views work from the template definitions alone, so a new
 * form of the same kind shows up without code. Each view is one pass over the records.
 */
import {
  academicYearMonths,
  answerFieldFor,
  cellText,
  collapseSpaces,
  formatMonthRu,
  itemAnswers,
  normalizeText,
  parsePeriod,
  scoreAll,
  type CellValue,
  type FieldDef,
  type ItemDef,
  type ItemsTemplate,
  type ParsedPeriod,
  type ScoreResult,
  type ScoringRule,
  type TemplateDef,
} from '@mmo/shared';
import { APPLICATION, DIFFICULTY_ANSWERS, JOINT_PLAN, MMO_PLAN, TEMPLATES } from '@mmo/templates';
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

// ---------------------------------------------------------------------------------------------
// Plans and the calendar

export interface PlanEvent {
  readonly sheet: ConsolidatedSheet;
  readonly record: SheetRecord;
  readonly mmo: number | null;
  readonly period: ParsedPeriod;
}

/** Every event of a plan template, its period parsed once against its sheet's year. */
export function planEvents(consolidation: Consolidation, templateId: string = MMO_PLAN.id): PlanEvent[] {
  const events: PlanEvent[] = [];
  for (const sheet of byMmo(sheetsOf(consolidation, templateId))) {
    const year = { startYear: sheet.academicYear ?? consolidation.academicYear };
    for (const record of sheet.records) {
      events.push({
        sheet,
        record,
        mmo: sheet.mmo,
        period: parsePeriod((record.raw.period as CellValue | undefined) ?? null, year),
      });
    }
  }
  return events;
}

export function jointEvents(consolidation: Consolidation): PlanEvent[] {
  return planEvents(consolidation, JOINT_PLAN.id);
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
    monthLabels.set(month, (label = text.charAt(0).toUpperCase() + text.slice(1)));
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

/** Every заявка row, valid or marked with its errors, in ММО order and, within a sheet, in row order. */
export function applicationRows(consolidation: Pick<Consolidation, 'sheets'>): ApplicationRow[] {
  const rows: ApplicationRow[] = [];
  for (const sheet of byMmo(sheetsOf(consolidation, APPLICATION.id))) {
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
function wordsKey(text: string): string {
  return normalizeText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** «ДПП», «ДПП ПК», «Программа», «Дополнительная профессиональная программа повышения квалификации» before the name proper. */
const PROGRAMME_PREFIX =
  /^(?:(?:дпп|дпо|ппк|пк|программа|дополнительная профессиональная программа|повышения квалификации|по программе)\s+)+/;

/**
 * Key a programme is grouped by: case, ё, quotes, spaces and punctuation, and a «ДПП»/«Программа»
 * prefix do not make another programme.
 */
export function programmeKey(name: string): string {
  const words = wordsKey(name);
  return words.replace(PROGRAMME_PREFIX, '') || words;
}

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

function programmeText(row: ApplicationRow): string {
  return collapseSpaces(cellText(row.record.values.programme ?? row.record.raw.programme));
}

/** The same trainee on the same programme, in the order the rows come: later rows point at the first. */
export function repeatedApplications(rows: readonly ApplicationRow[]): Map<ApplicationRow, ApplicationRow> {
  const firsts = new Map<string, ApplicationRow[]>();
  const repeats = new Map<ApplicationRow, ApplicationRow>();
  for (const row of rows) {
    const person = traineeKey(row.record.values.traineeName ?? row.record.raw.traineeName);
    const programme = programmeText(row);
    if (!person || !programme) continue;
    const key = `${programmeKey(programme)}\u0000${person}`;
    const seen = firsts.get(key) ?? [];
    const workplace = row.record.values.traineeWorkplace ?? row.record.raw.traineeWorkplace;
    const first = seen.find((s) =>
      sameWorkplace(s.record.values.traineeWorkplace ?? s.record.raw.traineeWorkplace, workplace),
    );
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

export function programmeDemand(rows: readonly ApplicationRow[]): ProgrammeDemand[] {
  const repeats = repeatedApplications(rows);
  const groups = new Map<
    string,
    { spellings: Map<string, number>; byMmo: Map<number | null, number>; total: number }
  >();
  for (const row of rows) {
    const text = programmeText(row);
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
// Questionnaires: what teachers need help with

const NEED_HELP = new Set(DIFFICULTY_ANSWERS.slice(2).map(normalizeText));
const SCALE = DIFFICULTY_ANSWERS.map(normalizeText);

/** The four-answer field of a questionnaire («Нет. Могу поделиться опытом» … «Да. Хотелось бы получить помощь»), if it has one. */
export function difficultyField(template: TemplateDef): FieldDef | null {
  if (template.layout !== 'items') return null;
  const fields = [...template.answers, ...template.items.flatMap((i) => i.answers ?? [])];
  return (
    fields.find((f) => {
      if (f.type !== 'choice' && f.type !== 'multiChoice') return false;
      const choices = new Set((f.choices ?? []).map(normalizeText));
      return SCALE.every((c) => choices.has(c));
    }) ?? null
  );
}

export interface DifficultyRow {
  readonly template: ItemsTemplate;
  /** The block heading the item is under («Методические затруднения»). */
  readonly group: string | null;
  readonly item: ItemDef;
  readonly mmo: number | null;
  readonly answered: number;
  /** «Да. Хотелось бы получить помощь» or «Скорее да, чем нет». */
  readonly needHelp: number;
  /** needHelp / answered, 0–100. */
  readonly share: number;
}

/** Per questionnaire item per ММО, most needed first. Unanswered rows are not counted. */
export function difficulties(
  consolidation: Consolidation,
  templates: readonly TemplateDef[] = TEMPLATES,
): DifficultyRow[] {
  const rows: DifficultyRow[] = [];
  for (const template of templates) {
    const field = difficultyField(template);
    if (!field || template.layout !== 'items') continue;
    const items = new Map<string, { item: ItemDef; group: string | null; order: number }>();
    let group: string | null = null;
    template.items.forEach((item, order) => {
      if (item.isGroup) group = item.text;
      else if (itemAnswers(template, item).some((f) => f.key === field.key))
        items.set(item.id, { item, group, order });
    });
    const counts = new Map<
      string,
      { answered: number; needHelp: number; itemId: string; mmo: number | null }
    >();
    for (const sheet of sheetsOf(consolidation, template.id)) {
      for (const record of sheet.records) {
        if (!record.itemId || !items.has(record.itemId)) continue;
        const answer = record.values[field.key];
        const text = Array.isArray(answer) ? String(answer[0] ?? '') : cellText(answer);
        if (!text) continue;
        const key = `${record.itemId}\u0000${sheet.mmo}`;
        let c = counts.get(key);
        if (!c) counts.set(key, (c = { answered: 0, needHelp: 0, itemId: record.itemId, mmo: sheet.mmo }));
        c.answered++;
        if (NEED_HELP.has(normalizeText(text))) c.needHelp++;
      }
    }
    const order: { row: DifficultyRow; order: number }[] = [];
    for (const c of counts.values()) {
      const { item, group: g, order: o } = items.get(c.itemId)!;
      order.push({
        row: {
          template,
          group: g,
          item,
          mmo: c.mmo,
          answered: c.answered,
          needHelp: c.needHelp,
          share: round1((100 * c.needHelp) / c.answered),
        },
        order: o,
      });
    }
    order.sort((a, b) => a.order - b.order || compareMmo(a.row.mmo, b.row.mmo));
    for (const o of order) rows.push(o.row);
  }
  // Stable sort: equal needs keep the form's item order.
  return rows.sort((a, b) => b.share - a.share || b.needHelp - a.needHelp);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Indicators

export interface IndicatorScore {
  readonly sheet: ConsolidatedSheet;
  readonly template: ItemsTemplate;
  readonly mmo: number | null;
  readonly municipality: string | null;
  readonly organisation: string | null;
  /** Calendar year the KPI minima are taken for. */
  readonly year: number;
  readonly result: ScoreResult;
}

/** The answer column a rule scores: the one whose input type the rule asks for, else the first. */
function scoredField(template: ItemsTemplate, item: ItemDef, rule: ScoringRule): FieldDef | undefined {
  const fields = itemAnswers(template, item);
  const type = answerFieldFor(rule).type;
  return fields.find((f) => f.type === type) ?? fields[0];
}

/** A calendar year the sheet names itself («Год», «Отчётный год»), else the end year of the academic year. */
function calendarYear(template: TemplateDef, sheet: ConsolidatedSheet, academicYear: number): number {
  for (const f of template.header) {
    if (f.type !== 'integer' && f.type !== 'number' && f.type !== 'text') continue;
    if (!/year/i.test(f.key) && !/(^|\s)год/i.test(f.label)) continue;
    const v = Number(sheet.header[f.key]);
    if (Number.isInteger(v) && v >= 2000 && v <= 2100) return v;
  }
  return (sheet.academicYear ?? academicYear) + 1;
}

function headerText(
  template: TemplateDef,
  sheet: ConsolidatedSheet,
  type: FieldDef['type'],
  key?: string,
): string | null {
  const f = template.header.find((h) => (key ? h.key === key : h.type === type));
  const text = f ? cellText(sheet.header[f.key]) : '';
  return text || null;
}

/** Scores of every sheet of every template whose items carry scoring rules. */
export function indicatorScores(
  consolidation: Consolidation,
  templates: readonly TemplateDef[] = TEMPLATES,
): IndicatorScore[] {
  const scores: IndicatorScore[] = [];
  for (const template of templates) {
    if (template.layout !== 'items') continue;
    const criteria = template.items.filter(
      (i): i is ItemDef & { rule: ScoringRule } => !i.isGroup && i.rule !== undefined,
    );
    if (criteria.length === 0) continue;
    const fields = new Map(criteria.map((c) => [c.id, scoredField(template, c, c.rule)]));
    for (const sheet of byMmo(sheetsOf(consolidation, template.id))) {
      const answers: Record<string, never> = {};
      for (const r of sheet.records) {
        const f = r.itemId ? fields.get(r.itemId) : undefined;
        if (f && r.itemId) (answers as Record<string, unknown>)[r.itemId] = r.values[f.key] ?? null;
      }
      const year = calendarYear(template, sheet, consolidation.academicYear);
      scores.push({
        sheet,
        template,
        mmo: sheet.mmo,
        municipality: headerText(template, sheet, 'municipality'),
        organisation: headerText(template, sheet, 'text', 'organisation'),
        year,
        result: scoreAll(
          criteria.map((c) => ({ id: c.id, rule: c.rule })),
          answers,
          { year },
        ),
      });
    }
  }
  return scores;
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
