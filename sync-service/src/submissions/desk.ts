/**
 * The submission cycle at run time: after each sync it records what arrived and writes the audit of
 * the sync's changes; it reviews (accept / return with a comment), and sends the letters. Routes
 * and the dashboard ask it for the view; everything it keeps is in the store.
 */
import { districtByNo } from '@mmo/shared';
import { templateById } from '@mmo/templates';
import type { Consolidation } from '../model.js';
import { JOURNAL_MAX_ROWS } from '../output/journal-sheet.js';
import type { AuditEntryInput, ReviewRecord, SyncStore, SyncTrigger } from '../store/index.js';
import type { PublishExtras } from '../sync/publish.js';
import type { Logger } from '../sync/log.js';
import type { SyncResult, SyncRunner } from '../sync/runner.js';
import { changeAudit } from './audit-entries.js';
import { digestLetter, Mailer, reminderLetter, returnedLetter } from './mailer.js';
import type { SubmissionSettings } from './settings.js';
import {
  localDay,
  seenIn,
  sheetsOf,
  submissionsView,
  type SubmissionStatus,
  type SubmissionsView,
} from './status.js';

const TRIGGER_ACTOR: Readonly<Record<SyncTrigger, string>> = {
  start: 'синхронизация при запуске',
  timer: 'синхронизация по расписанию',
  api: 'синхронизация через API',
  addon: 'отправка из дополнения',
  dashboard: 'синхронизация с панели',
  upload: 'загрузка файла',
};

export class ReviewRefused extends Error {
  override name = 'ReviewRefused';
}

export interface DeskOptions {
  readonly store: SyncStore;
  readonly settings: SubmissionSettings;
  readonly timeZone: string;
  readonly logger: Logger;
  readonly now?: () => Date;
}

function formLabel(form: string | null): string {
  return form ? (templateById(form)?.sheetName ?? form) : '';
}

export class SubmissionDesk {
  private readonly now: () => Date;
  readonly mailer: Mailer | null;
  private runner: SyncRunner | null = null;
  private cachedExtras: PublishExtras = { journal: [], pinned: [] };

  constructor(private readonly options: DeskOptions) {
    this.now = options.now ?? (() => new Date());
    this.mailer = options.settings.smtp ? new Mailer(options.settings.smtp) : null;
  }

  get store(): SyncStore {
    return this.options.store;
  }

  get settings(): SubmissionSettings {
    return this.options.settings;
  }

  attach(runner: SyncRunner): void {
    this.runner = runner;
  }

  /** What the next regional workbook adds («Журнал», accepted versions): kept ready, as publishers ask synchronously. */
  extras(): PublishExtras {
    return this.cachedExtras;
  }

  async refresh(): Promise<void> {
    const { store, settings } = this.options;
    const journal = await store.audit({ limit: JOURNAL_MAX_ROWS });
    const academicYear = this.academicYear();
    const [records, reviews] = await Promise.all([
      store.submissionRecords(academicYear),
      store.reviews(academicYear),
    ]);
    const pinned: PublishExtras['pinned'][number][] = [];
    if (settings.regionalShows === 'accepted') {
      const last = new Map<string, ReviewRecord>();
      for (const r of reviews) last.set(`${r.mmo}\u0000${r.form}`, r);
      for (const r of last.values())
        if (r.decision === 'accept' && r.pinned) pinned.push({ mmo: r.mmo, form: r.form, sheets: r.pinned });
    }
    // The SMTP password stays on the main thread.
    const { smtp, ...plain } = settings;
    void smtp;
    this.cachedExtras = {
      journal,
      pinned,
      submissions: { settings: plain, timeZone: this.options.timeZone, records, reviews },
    };
  }

  private consolidation(): Consolidation | null {
    return this.runner?.latest().consolidation ?? null;
  }

  academicYear(): number {
    const c = this.consolidation();
    if (c) return c.academicYear;
    const now = this.now();
    return now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  }

  async view(): Promise<SubmissionsView> {
    const { store } = this.options;
    const academicYear = this.academicYear();
    const [records, reviews] = await Promise.all([
      store.submissionRecords(academicYear),
      store.reviews(academicYear),
    ]);
    return submissionsView({
      academicYear,
      consolidation: this.consolidation(),
      records,
      reviews,
      settings: this.options.settings,
      now: this.now(),
      timeZone: this.options.timeZone,
    });
  }

  /** The runner's afterRun: never throws, a failure here must not fail the sync. */
  readonly afterRun = async (result: SyncResult): Promise<void> => {
    try {
      await this.record(result);
      await this.remind();
      await this.refresh();
    } catch (e) {
      this.options.logger.error(
        `Сроки и приёмка: не удалось записать итоги синхронизации: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };

  private async record(result: SyncResult): Promise<void> {
    const c = result.consolidation;
    if (!c) return;
    const at = result.run.finishedAt ?? this.now().toISOString();
    const actor = TRIGGER_ACTOR[result.run.trigger];
    const { first, changed } = await this.options.store.recordSubmissions({
      academicYear: c.academicYear,
      at,
      runId: result.run.runId,
      seen: seenIn(c),
    });
    const entries: AuditEntryInput[] = [
      ...first.map((s) => ({
        at,
        kind: 'received' as const,
        actor,
        mmo: s.mmo,
        form: s.form,
        what: `получена форма «${formLabel(s.form)}»`,
      })),
      ...changed.map((s) => ({
        at,
        kind: 'received' as const,
        actor,
        mmo: s.mmo,
        form: s.form,
        what: `получена новая версия формы «${formLabel(s.form)}»`,
      })),
      // A form arriving for the first time is one «received» entry, not a line per record added.
      ...(result.changes
        ? changeAudit(result.changes, at, actor).filter(
            (e) =>
              !(e.what.startsWith('добавлена') && first.some((f) => f.mmo === e.mmo && f.form === e.form)),
          )
        : []),
    ];
    await this.options.store.appendAudit(entries);
  }

  async review(input: {
    mmo: number;
    form: string;
    decision: 'accept' | 'return';
    comment: string;
    by: string;
  }): Promise<SubmissionStatus> {
    const { store } = this.options;
    const before = (await this.view()).statuses.find((s) => s.mmo === input.mmo && s.form === input.form);
    const label = formLabel(input.form);
    if (!before)
      throw new ReviewRefused(
        `У формы «${label}» нет срока сдачи в настройках: её не принимают и не возвращают.`,
      );
    if (before.receivedAt === null)
      throw new ReviewRefused(
        `ММО №${input.mmo} ещё не прислал форму «${label}»: принимать и возвращать нечего.`,
      );
    const at = this.now().toISOString();
    const academicYear = this.academicYear();
    const record = (await store.submissionRecords(academicYear)).find(
      (r) => r.mmo === input.mmo && r.form === input.form,
    );
    await store.addReview({
      academicYear,
      mmo: input.mmo,
      form: input.form,
      decision: input.decision,
      comment: input.comment,
      by: input.by,
      at,
      revision: record?.lastRevision ?? null,
      pinned: input.decision === 'accept' ? sheetsOf(this.consolidation(), input.mmo, input.form) : null,
    });
    await store.appendAudit({
      at,
      kind: 'review',
      actor: input.by,
      mmo: input.mmo,
      form: input.form,
      what:
        input.decision === 'accept' ? `принята форма «${label}»` : `возвращена на доработку форма «${label}»`,
      after: input.comment || null,
    });
    await this.refresh();
    const after = (await this.view()).statuses.find((s) => s.mmo === input.mmo && s.form === input.form)!;
    if (input.decision === 'return') await this.mailReturned(after);
    return after;
  }

  /** The contact e-mail the ММО's own заявка gives (its own personal data, to itself). */
  private contactOf(mmo: number): string | null {
    for (const s of this.consolidation()?.sheets ?? []) {
      const email = s.mmo === mmo ? s.header.contactEmail : undefined;
      if (typeof email === 'string' && email.includes('@')) return email.trim();
    }
    return null;
  }

  private async deliver(
    letter: Parameters<Mailer['send']>[0],
    mmo: number | null,
    form: string | null,
  ): Promise<void> {
    try {
      await this.mailer!.send(letter);
      await this.options.store.appendAudit({
        at: this.now().toISOString(),
        kind: 'reminder',
        actor: 'сервис',
        mmo,
        form,
        what: `отправлено письмо «${letter.subject}»`,
      });
    } catch (e) {
      this.options.logger.warn(
        `Письмо «${letter.subject}» не отправлено: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private async mailReturned(status: SubmissionStatus): Promise<void> {
    if (!this.mailer) return;
    const to = this.mailer.mmoEmail(status.mmo, this.contactOf(status.mmo));
    if (!to) {
      this.options.logger.warn(`Письмо о возврате не отправлено: у ММО №${status.mmo} нет адреса e-mail`);
      return;
    }
    const problems = (this.runner?.latest().run?.problems ?? [])
      .filter((p) => p.mmo === status.mmo)
      .map((p) => p.text);
    await this.deliver(returnedLetter(to, status, problems), status.mmo, status.form);
  }

  /** Reminders before unmet deadlines and the day's digest for РМЦ, each sent once. */
  async remind(): Promise<void> {
    if (!this.mailer) return;
    const { store, settings } = this.options;
    const view = await this.view();
    const at = this.now().toISOString();
    for (const s of view.statuses) {
      if (
        s.state !== 'missing' ||
        s.daysLeft === null ||
        s.daysLeft < 0 ||
        s.daysLeft > settings.remindDaysBefore
      )
        continue;
      const to = this.mailer.mmoEmail(s.mmo, this.contactOf(s.mmo));
      if (!to) continue;
      if (await store.markReminderSent(`remind:${view.academicYear}:${s.mmo}:${s.form}`, at))
        await this.deliver(reminderLetter(to, s), s.mmo, s.form);
    }
    const day = localDay(this.now(), this.options.timeZone);
    if (await store.markReminderSent(`digest:${day}`, at))
      await this.deliver(digestLetter(this.mailer.rmcEmail, view, day), null, null);
  }

  close(): void {
    this.mailer?.close();
  }
}

export function mmoTitle(mmo: number): string {
  const d = districtByNo(mmo);
  return d ? `ММО №${mmo} «${d.name}»` : `ММО №${mmo}`;
}
