/**
 * The submission cycle's part of the store: when each (ММО, form) first arrived, РМЦ's reviews,
 * the append-only audit log and which reminders went out. Kept apart from the sync's own tables so
 * a PostgreSQL store can implement it table by table (plain tables, ISO text times, no triggers).
 */
import type { ConsolidatedSheet } from '../model.js';

/** What a sync saw of one (ММО, form): the revision(s) of the sources its sheets came from. */
export interface SubmissionSeen {
  readonly mmo: number;
  readonly form: string;
  readonly revision: string;
}

export interface SubmissionRecord {
  readonly academicYear: number;
  readonly mmo: number;
  readonly form: string;
  /** The first sync that saw the form: «received». */
  readonly firstSeenAt: string;
  readonly firstRevision: string;
  readonly firstRunId: number;
  readonly lastRevision: string;
  /** When the revision last changed (= firstSeenAt until it does). */
  readonly lastChangedAt: string;
}

export type ReviewDecision = 'accept' | 'return';

export interface ReviewInput {
  readonly academicYear: number;
  readonly mmo: number;
  readonly form: string;
  readonly decision: ReviewDecision;
  readonly comment: string;
  /** The token's name (never the token). */
  readonly by: string;
  readonly at: string;
  /** The revision reviewed. */
  readonly revision: string | null;
  /** The accepted version's sheets, kept so later changes can be listed against it. */
  readonly pinned: readonly ConsolidatedSheet[] | null;
}

export interface ReviewRecord extends ReviewInput {
  readonly id: number;
}

export type AuditKind = 'received' | 'change' | 'review' | 'upload' | 'reminder';

export interface AuditEntryInput {
  readonly at: string;
  readonly kind: AuditKind;
  /** Who: a token's name, «синхронизация (по расписанию)», an ММО. */
  readonly actor: string;
  readonly mmo: number | null;
  readonly form: string | null;
  /** What, in Russian: the record's title, «возвращено на доработку», the file uploaded. */
  readonly what: string;
  readonly field?: string | null;
  readonly before?: string | null;
  readonly after?: string | null;
  /** The values are personal data (ФИО, телефон, e-mail): shown only to РМЦ and the own ММО. */
  readonly personal?: boolean;
}

export interface AuditRecord extends Required<AuditEntryInput> {
  readonly id: number;
}

export interface AuditFilter {
  readonly mmo?: number;
  readonly form?: string;
  /** ISO; inclusive. */
  readonly from?: string;
  /** ISO; exclusive. */
  readonly to?: string;
  /** The newest this many (default 100 000), still oldest first. */
  readonly limit?: number;
}

export interface SubmissionStore {
  /**
   * Records what a sync saw; the first sighting of a (ММО, form) becomes its «received» time.
   * Returns the keys seen for the first time and those whose revision changed.
   */
  recordSubmissions(input: {
    readonly academicYear: number;
    readonly at: string;
    readonly runId: number;
    readonly seen: readonly SubmissionSeen[];
  }): Promise<{ readonly first: readonly SubmissionSeen[]; readonly changed: readonly SubmissionSeen[] }>;
  submissionRecords(academicYear: number): Promise<SubmissionRecord[]>;
  addReview(review: ReviewInput): Promise<ReviewRecord>;
  /** Oldest first. */
  reviews(academicYear: number): Promise<ReviewRecord[]>;
  /** Append-only: there is no method to change or delete an entry. Other parts (uploads) call this too. */
  appendAudit(entry: AuditEntryInput | readonly AuditEntryInput[]): Promise<void>;
  /** Oldest first; with a limit, the newest entries. */
  audit(filter?: AuditFilter): Promise<AuditRecord[]>;
  /** Marks a reminder as sent; false when it already was (each reminder goes out once). */
  markReminderSent(key: string, at: string): Promise<boolean>;
}
