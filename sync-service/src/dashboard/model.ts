/**
 * What the public dashboard shows, computed from the latest sync: counts per ММО, events per month,
 * заявки per programme, problems with personal values cut out. Nothing here carries a ФИО, a phone
 * or an e-mail, which is why the page needs no token: every text of the model goes through
 * {@link redactText} on its way out, and a programme cell that names a person is not listed.
 */
import { academicYearMonths, DISTRICTS, formatAcademicYear, type TemplateDef } from '@mmo/shared';
import { TEMPLATES } from '@mmo/templates';
import {
  applicationRows,
  completeness,
  eventCalendar,
  programmeDemand,
  type CalendarView,
  type CompletenessRow,
  type PlanEvent,
  type ProgrammeDemand,
} from '../engine/aggregate.js';
import type { MmoChangeSummary } from '../engine/changes.js';
import { allPlanEvents, eventScope } from '../engine/plans.js';
import type { SyncRunRecord } from '../store/index.js';
import {
  isPersonalText,
  personalIndex,
  publicIssueText,
  redactText,
  type PersonalIndex,
} from '../engine/privacy.js';
import type { SyncState } from '../sync/runner.js';
import { viewFigures, type ViewFigure } from './view-figures.js';

export const DISTRICT_NOS = DISTRICTS.map((d) => d.no);
const MAX_PROBLEMS = 40;

export interface MonthEvent {
  readonly mmo: number | null;
  readonly title: string;
  readonly period: string;
  readonly joint: boolean;
}

export interface DashboardModel {
  readonly academicYear: string | null;
  readonly run: SyncRunRecord | null;
  readonly running: boolean;
  readonly nextSyncAt: string | null;
  /** Forms in display order; `expected` ones (as the forms declare) are flagged when an ММО has not sent them. */
  readonly templates: readonly { readonly id: string; readonly label: string; readonly expected: boolean }[];
  readonly completeness: readonly CompletenessRow[];
  readonly changes: ReadonlyMap<number | null, MmoChangeSummary>;
  readonly calendar: CalendarView | null;
  readonly months: readonly string[];
  readonly selectedMonth: string | null;
  readonly monthEvents: readonly MonthEvent[];
  readonly programmes: readonly ProgrammeDemand[];
  /** Rows of заявки whose «Программа» names a person or holds a contact: counted, not listed. */
  readonly programmesHidden: number;
  readonly applications: number;
  readonly events: number;
  readonly problems: readonly { readonly severity: 'error' | 'warning'; readonly text: string }[];
  readonly problemsTotal: number;
  /** Status checklists and their overdue items, as the forms declare them. */
  readonly views: readonly ViewFigure[];
}

function titleOf(e: PlanEvent): string {
  const v = e.record.values.title ?? e.record.raw.title;
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/** The day a model is for: it shows the current month and what is overdue, so a new day is a new model. */
export function modelDay(now: Date): string {
  return `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`;
}

export function dashboardModel(
  state: SyncState,
  options: {
    running: boolean;
    nextSyncAt: string | null;
    month?: string | undefined;
    now: Date;
    /** The registry; a test passes its own with a throw-away form. */
    templates?: readonly TemplateDef[];
  },
): DashboardModel {
  const c = state.consolidation;
  const templates = options.templates ?? TEMPLATES;
  const empty: DashboardModel = {
    academicYear: null,
    run: state.run,
    running: options.running,
    nextSyncAt: options.nextSyncAt,
    templates: templates.map((t) => ({ id: t.id, label: t.sheetName, expected: t.expected === true })),
    completeness: [],
    changes: new Map(),
    calendar: null,
    months: [],
    selectedMonth: null,
    monthEvents: [],
    programmes: [],
    programmesHidden: 0,
    applications: 0,
    events: 0,
    problems: [],
    problemsTotal: 0,
    views: [],
  };
  if (!c) return empty;

  const rows = completeness(c, DISTRICT_NOS);

  const events = allPlanEvents(c, templates);
  const calendar = eventCalendar(events, c.academicYear, DISTRICT_NOS);
  const months = academicYearMonths({ startYear: c.academicYear });
  const nowMonth = `${options.now.getFullYear()}-${String(options.now.getMonth() + 1).padStart(2, '0')}`;
  const firstBusy = calendar.rows.find((r) => r.month && r.total > 0)?.month ?? null;
  const selectedMonth =
    options.month && months.includes(options.month)
      ? options.month
      : months.includes(nowMonth)
        ? nowMonth
        : (firstBusy ?? months[0] ?? null);
  const monthEvents: MonthEvent[] = selectedMonth
    ? events
        .filter(
          (e) =>
            (e.period.kind === 'months' || e.period.kind === 'range') &&
            e.period.months.includes(selectedMonth),
        )
        .map((e) => ({
          mmo: e.mmo,
          title: titleOf(e),
          period: e.period.text,
          joint: eventScope(e, templates) === 'joint',
        }))
    : [];

  const index = personalIndex(c);
  const ordered = [
    ...c.issues.filter((i) => i.severity === 'error'),
    ...c.issues.filter((i) => i.severity !== 'error'),
  ];
  const problems = ordered
    .slice(0, MAX_PROBLEMS)
    .map((i) => ({ severity: i.severity, text: publicIssueText(i, index) }));

  const apps = applicationRows(c);
  const demand = programmeDemand(apps);
  const programmes = demand.filter((p) => !isPersonalText(p.programme, index));
  return redactModel(index, {
    ...empty,
    academicYear: formatAcademicYear({ startYear: c.academicYear }),
    completeness: rows,
    changes: new Map((state.changes?.summary ?? []).map((s) => [s.mmo, s])),
    calendar,
    months,
    selectedMonth,
    monthEvents,
    programmes,
    programmesHidden: demand.filter((p) => !programmes.includes(p)).reduce((n, p) => n + p.total, 0),
    applications: apps.length,
    events: events.length,
    problems,
    problemsTotal: c.issues.length,
    views: viewFigures(c, templates, options.now),
  });
}

/**
 * Every string of the model, however deep (Maps, arrays, records), through redactText: a text
 * the page prints tomorrow is covered without anyone remembering to call it.
 */
function redactModel(index: PersonalIndex, model: DashboardModel): DashboardModel {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, index);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [walk(k), walk(x)]));
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(model) as DashboardModel;
}
