/**
 * Settings of the submission cycle: deadlines per form and academic year, what the regional
 * workbook shows for an accepted submission, and the optional SMTP server for reminders. Parsed
 * by config.ts from the settings file (field «submissions»); zod gives the Russian messages.
 */
import type { TemplateDef } from '@mmo/shared';
import { defaultDeadlines, templateById, TEMPLATES } from '@mmo/templates';
import { z } from 'zod';

/**
 * Month-day of each form's deadline inside an academic year (September … August), used when the
 * settings say nothing for that year: the forms' own `deadline`. Why these dates: see README «Сроки и приёмка».
 */
export const DEFAULT_DEADLINES: Readonly<Record<string, string>> = defaultDeadlines(TEMPLATES);

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const YEAR_KEY = /^\d{4}-\d{4}$/;

const formId = z.string().refine((id) => templateById(id) !== undefined, {
  error: `неизвестная форма; формы: ${TEMPLATES.map((t) => t.id).join(', ')}`,
});

const deadlineMap = (pattern: RegExp, example: string) =>
  z.record(
    formId,
    z
      .string()
      .regex(pattern, { error: `срок — дата вида «${example}»` })
      .nullable(),
  );

export const submissionSettingsSchema = z.strictObject({
  /** Month-day per form for every year; null removes a default deadline. */
  deadlines: deadlineMap(MONTH_DAY, '09-15').optional(),
  /** Exact dates per academic year «2024-2025», over the month-day ones. */
  deadlinesByYear: z
    .record(
      z.string().regex(YEAR_KEY, { error: 'учебный год — вида «2024-2025»' }),
      deadlineMap(ISO_DAY, '2024-09-15'),
    )
    .optional(),
  /** What the regional workbook shows for an accepted submission changed later. */
  regionalShows: z
    .enum(['latest', 'accepted'], {
      error: 'regionalShows — "latest" (последняя версия) или "accepted" (принятая)',
    })
    .optional(),
  /** Days before a deadline an ММО that has not sent the form is reminded. */
  remindDaysBefore: z.number({ error: 'remindDaysBefore — число дней' }).int().min(0).max(60).optional(),
  smtp: z
    .strictObject({
      host: z.string({ error: 'smtp.host — адрес SMTP-сервера' }).trim().min(1),
      port: z.number({ error: 'smtp.port — число' }).int().min(1).max(65535),
      secure: z.boolean().optional(),
      user: z.string().optional(),
      password: z.string().optional(),
      from: z.string({ error: 'smtp.from — адрес отправителя' }).trim().min(3),
      /** Where the digest for РМЦ goes. */
      rmcEmail: z.string({ error: 'smtp.rmcEmail — адрес РМЦ для сводки' }).trim().min(3),
      /** E-mail of each ММО's contact, when the sheet does not give one. */
      mmoEmails: z.record(z.string().regex(/^[1-9]\d*$/), z.string()).optional(),
    })
    .optional(),
});

export type SubmissionSettingsInput = z.infer<typeof submissionSettingsSchema>;

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
  readonly from: string;
  readonly rmcEmail: string;
  readonly mmoEmails: Readonly<Record<number, string>>;
}

export interface SubmissionSettings {
  readonly deadlines: Readonly<Record<string, string | null>>;
  readonly deadlinesByYear: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
  readonly regionalShows: 'latest' | 'accepted';
  readonly remindDaysBefore: number;
  readonly smtp: SmtpSettings | null;
}

export function submissionSettings(
  input: SubmissionSettingsInput = {},
  templates: readonly TemplateDef[] = TEMPLATES,
): SubmissionSettings {
  const s = input.smtp;
  return {
    deadlines: {
      ...(templates === TEMPLATES ? DEFAULT_DEADLINES : defaultDeadlines(templates)),
      ...(input.deadlines ?? {}),
    },
    deadlinesByYear: input.deadlinesByYear ?? {},
    regionalShows: input.regionalShows ?? 'latest',
    remindDaysBefore: input.remindDaysBefore ?? 3,
    smtp: s
      ? {
          host: s.host,
          port: s.port,
          secure: s.secure ?? false,
          ...(s.user ? { user: s.user } : {}),
          ...(s.password ? { password: s.password } : {}),
          from: s.from,
          rmcEmail: s.rmcEmail,
          mmoEmails: Object.fromEntries(Object.entries(s.mmoEmails ?? {}).map(([k, v]) => [Number(k), v])),
        }
      : null,
  };
}

/** The deadline of a form in an academic year as «YYYY-MM-DD», or null when it has none. */
export function deadlineOf(settings: SubmissionSettings, form: string, startYear: number): string | null {
  const exact = settings.deadlinesByYear[`${startYear}-${startYear + 1}`]?.[form];
  if (exact !== undefined) return exact;
  const md = settings.deadlines[form];
  if (!md) return null;
  const month = Number(md.slice(0, 2));
  // September … December belong to the start year, January … August to the next.
  return `${month >= 9 ? startYear : startYear + 1}-${md}`;
}

/** Forms with a deadline this year, in the registry's order. */
export function formsWithDeadline(
  settings: SubmissionSettings,
  startYear: number,
  templates: readonly TemplateDef[] = TEMPLATES,
): string[] {
  return templates.map((t) => t.id).filter((id) => deadlineOf(settings, id, startYear) !== null);
}
