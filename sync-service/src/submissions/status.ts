/**
 * The status of every (ММО, form) that has a deadline: not received, received on time or late,
 * returned, accepted (and changed after acceptance), with the reporting and on-time rates per ММО
 * and for the region. Pure: the store's records, the latest consolidation and a clock in, a view out.
 */
import { DISTRICTS } from '@mmo/shared';
import { templateById } from '@mmo/templates';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { ru } from 'date-fns/locale/ru';
import { diffConsolidations, type RecordChange } from '../engine/changes.js';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import type { ReviewRecord, SubmissionRecord, SubmissionSeen } from '../store/index.js';
import { deadlineOf, formsWithDeadline, type SubmissionSettings } from './settings.js';

export type SubmissionState = 'missing' | 'on-time' | 'late' | 'returned' | 'accepted';

export const STATE_LABELS: Readonly<Record<SubmissionState, string>> = {
  missing: 'не получено',
  'on-time': 'получено в срок',
  late: 'получено с опозданием',
  returned: 'возвращено на доработку',
  accepted: 'принято',
};

export interface LastReview {
  readonly decision: 'accept' | 'return';
  readonly comment: string;
  readonly by: string;
  readonly at: string;
}

export interface SubmissionStatus {
  readonly mmo: number;
  readonly form: string;
  readonly formLabel: string;
  readonly state: SubmissionState;
  readonly stateLabel: string;
  /** «YYYY-MM-DD». */
  readonly deadline: string | null;
  /** «15 сентября 2024». */
  readonly deadlineText: string | null;
  /** Days from today to the deadline; negative once it has passed. */
  readonly daysLeft: number | null;
  readonly receivedAt: string | null;
  readonly receivedOnTime: boolean | null;
  readonly lastChangedAt: string | null;
  /** Sent again after it was returned (the state then says on time or late, as first received). */
  readonly resubmitted: boolean;
  readonly lastReview: LastReview | null;
  /** Accepted, and the sheet has changed since: «изменено после приёмки». */
  readonly changedAfterAccept: boolean;
  readonly changesSinceAccept: readonly RecordChange[];
}

export interface RateRow {
  readonly mmo: number | null;
  readonly expected: number;
  readonly received: number;
  readonly onTime: number;
  /** 0…1; null when nothing is expected. */
  readonly reportingRate: number | null;
  readonly onTimeRate: number | null;
}

export interface SubmissionsView {
  readonly academicYear: number;
  readonly forms: readonly {
    readonly id: string;
    readonly label: string;
    readonly deadline: string | null;
    readonly deadlineText: string | null;
    readonly daysLeft: number | null;
  }[];
  readonly statuses: readonly SubmissionStatus[];
  /** Per ММО, then the region (mmo null) last. */
  readonly rates: readonly RateRow[];
}

/** The calendar day of an instant in the region's zone, «YYYY-MM-DD». */
export function localDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

export function deadlineText(deadline: string): string {
  return format(parseISO(deadline), 'd MMMM yyyy', { locale: ru });
}

/** The sheets of one (ММО, form) in a consolidation. */
export function sheetsOf(c: Consolidation | null, mmo: number, form: string): ConsolidatedSheet[] {
  return (c?.sheets ?? []).filter((s) => s.mmo === mmo && s.templateId === form);
}

/** What a sync saw per (ММО, form): the revisions of the sources the form's sheets came from. */
export function seenIn(c: Consolidation): SubmissionSeen[] {
  const revisions = new Map(c.sources.map((s) => [s.sourceId, s.revision ?? '']));
  const byKey = new Map<string, { mmo: number; form: string; revs: Set<string> }>();
  for (const sheet of c.sheets) {
    if (sheet.mmo === null || sheet.records.length === 0) continue;
    const key = `${sheet.mmo}\u0000${sheet.templateId}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { mmo: sheet.mmo, form: sheet.templateId, revs: new Set() }));
    e.revs.add(`${sheet.sourceId}@${revisions.get(sheet.sourceId) ?? ''}`);
  }
  return [...byKey.values()].map((e) => ({
    mmo: e.mmo,
    form: e.form,
    revision: [...e.revs].sort().join('+'),
  }));
}

/** The accepted version against the current one, as «Изменения» lists them. */
export function changesSince(
  pinned: readonly ConsolidatedSheet[],
  current: readonly ConsolidatedSheet[],
): RecordChange[] {
  const wrap = (sheets: readonly ConsolidatedSheet[]): Consolidation => ({
    generatedAt: '',
    academicYear: 0,
    sources: [],
    sheets,
    issues: [],
  });
  return [...diffConsolidations(wrap(pinned), wrap(current)).changes];
}

/**
 * The dashboard asks on every page load; a big accepted заявка takes a while to compare, and
 * neither side changes until the next sync or review.
 */
const sinceAccept = new WeakMap<Consolidation, Map<number, RecordChange[]>>();

function changesSinceCached(
  review: ReviewRecord,
  c: Consolidation | null,
  mmo: number,
  form: string,
): RecordChange[] {
  if (!c) return changesSince(review.pinned ?? [], []);
  let byReview = sinceAccept.get(c);
  if (!byReview) sinceAccept.set(c, (byReview = new Map()));
  let changes = byReview.get(review.id);
  if (!changes)
    byReview.set(review.id, (changes = changesSince(review.pinned ?? [], sheetsOf(c, mmo, form))));
  return changes;
}

export function submissionsView(input: {
  readonly academicYear: number;
  readonly consolidation: Consolidation | null;
  readonly records: readonly SubmissionRecord[];
  readonly reviews: readonly ReviewRecord[];
  readonly settings: SubmissionSettings;
  readonly now: Date;
  readonly timeZone: string;
}): SubmissionsView {
  const { academicYear, settings } = input;
  const today = parseISO(localDay(input.now, input.timeZone));
  const forms = formsWithDeadline(settings, academicYear).map((id) => {
    const deadline = deadlineOf(settings, id, academicYear);
    return {
      id,
      label: templateById(id)?.sheetName ?? id,
      deadline,
      deadlineText: deadline ? deadlineText(deadline) : null,
      daysLeft: deadline ? differenceInCalendarDays(parseISO(deadline), today) : null,
    };
  });
  const records = new Map(input.records.map((r) => [`${r.mmo}\u0000${r.form}`, r]));
  const lastReviews = new Map<string, ReviewRecord>();
  for (const r of input.reviews) lastReviews.set(`${r.mmo}\u0000${r.form}`, r);

  const statuses: SubmissionStatus[] = [];
  for (const d of DISTRICTS) {
    for (const f of forms) {
      const key = `${d.no}\u0000${f.id}`;
      const record = records.get(key);
      const review = lastReviews.get(key) ?? null;
      const onTime =
        record && f.deadline
          ? localDay(new Date(record.firstSeenAt), input.timeZone) <= f.deadline
          : record
            ? true
            : null;
      let state: SubmissionState = !record ? 'missing' : onTime ? 'on-time' : 'late';
      let resubmitted = false;
      let changes: RecordChange[] = [];
      if (record && review?.decision === 'return') {
        if (record.lastChangedAt > review.at) resubmitted = true;
        else state = 'returned';
      }
      if (record && review?.decision === 'accept') {
        state = 'accepted';
        changes = changesSinceCached(review, input.consolidation, d.no, f.id);
      }
      statuses.push({
        mmo: d.no,
        form: f.id,
        formLabel: f.label,
        state,
        stateLabel: STATE_LABELS[state],
        deadline: f.deadline,
        deadlineText: f.deadlineText,
        daysLeft: f.daysLeft,
        receivedAt: record?.firstSeenAt ?? null,
        receivedOnTime: onTime ?? null,
        lastChangedAt: record?.lastChangedAt ?? null,
        resubmitted,
        lastReview: review
          ? { decision: review.decision, comment: review.comment, by: review.by, at: review.at }
          : null,
        changedAfterAccept: changes.length > 0,
        changesSinceAccept: changes,
      });
    }
  }
  const rate = (mmo: number | null, list: readonly SubmissionStatus[]): RateRow => {
    const expected = list.length;
    const received = list.filter((s) => s.receivedAt !== null).length;
    const onTime = list.filter((s) => s.receivedOnTime === true).length;
    return {
      mmo,
      expected,
      received,
      onTime,
      reportingRate: expected ? received / expected : null,
      onTimeRate: expected ? onTime / expected : null,
    };
  };
  const rates = [
    ...DISTRICTS.map((d) =>
      rate(
        d.no,
        statuses.filter((s) => s.mmo === d.no),
      ),
    ),
    rate(null, statuses),
  ];
  return { academicYear, forms, statuses, rates };
}

/** A change as the audit and the API show it, without personal values for those who may not see them. */
export function publicChange(change: RecordChange, canSeePersonal: boolean) {
  return {
    kind: change.kind,
    title: change.title,
    sheet: change.sheet,
    row: change.row,
    fields: change.fields.map((f) =>
      f.personal && !canSeePersonal
        ? { label: f.label, before: '…скрыто…', after: '…скрыто…' }
        : { label: f.label, before: f.before, after: f.after },
    ),
  };
}

/** What the publisher needs to show statuses as of the consolidation it writes (plain data). */
export interface SubmissionSnapshot {
  readonly settings: Omit<SubmissionSettings, 'smtp'>;
  readonly timeZone: string;
  readonly records: readonly SubmissionRecord[];
  readonly reviews: readonly ReviewRecord[];
}

/**
 * The view as of a consolidation not yet recorded: its new sightings count as received at its
 * time, so the workbook written by this run already shows what this run brought.
 */
export function viewOfConsolidation(c: Consolidation, snapshot: SubmissionSnapshot): SubmissionsView {
  const records = new Map(
    snapshot.records
      .filter((r) => r.academicYear === c.academicYear)
      .map((r) => [`${r.mmo}\u0000${r.form}`, r]),
  );
  for (const s of seenIn(c)) {
    const key = `${s.mmo}\u0000${s.form}`;
    const known = records.get(key);
    if (!known) {
      records.set(key, {
        academicYear: c.academicYear,
        mmo: s.mmo,
        form: s.form,
        firstSeenAt: c.generatedAt,
        firstRevision: s.revision,
        firstRunId: 0,
        lastRevision: s.revision,
        lastChangedAt: c.generatedAt,
      });
    } else if (known.lastRevision !== s.revision) {
      records.set(key, { ...known, lastRevision: s.revision, lastChangedAt: c.generatedAt });
    }
  }
  return submissionsView({
    academicYear: c.academicYear,
    consolidation: c,
    records: [...records.values()],
    reviews: snapshot.reviews.filter((r) => r.academicYear === c.academicYear),
    settings: { ...snapshot.settings, smtp: null },
    now: new Date(c.generatedAt),
    timeZone: snapshot.timeZone,
  });
}
