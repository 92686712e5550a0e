/**
 * E-mail of the submission cycle through the SMTP server in the settings (nodemailer). Every
 * letter is about one ММО and goes to that ММО only, or is the РМЦ digest of statuses (counts and
 * dates, no personal data). Without SMTP settings there is no mailer at all.
 */
import { districtByNo } from '@mmo/shared';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpSettings } from './settings.js';
import { STATE_LABELS, type SubmissionStatus, type SubmissionsView } from './status.js';

export interface Letter {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly smtp: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      // A local or internal relay often has no certificate for its name; the letter is not secret.
      tls: { rejectUnauthorized: false },
    });
  }

  get rmcEmail(): string {
    return this.smtp.rmcEmail;
  }

  /** The ММО's address from the settings, else the contact e-mail its own заявка gives. */
  mmoEmail(mmo: number, fromSheets: string | null): string | null {
    return this.smtp.mmoEmails[mmo] ?? fromSheets;
  }

  async send(letter: Letter): Promise<void> {
    await this.transport.sendMail({
      from: this.smtp.from,
      to: letter.to,
      subject: letter.subject,
      text: letter.text,
    });
  }

  close(): void {
    this.transport.close();
  }
}

function mmoTitle(mmo: number): string {
  const d = districtByNo(mmo);
  return d ? `ММО №${mmo} «${d.name}»` : `ММО №${mmo}`;
}

export function returnedLetter(to: string, status: SubmissionStatus, problems: readonly string[]): Letter {
  const lines = [
    `Здравствуйте!`,
    '',
    `РМЦ вернул на доработку форму «${status.formLabel}» (${mmoTitle(status.mmo)}).`,
    `Комментарий РМЦ: ${status.lastReview?.comment ?? ''}`,
    status.deadlineText ? `Срок: ${status.deadlineText}.` : '',
    '',
    problems.length ? 'Замечания проверки:' : 'Замечаний проверки нет.',
    ...problems.slice(0, 30).map((p) => `• ${p}`),
    problems.length > 30 ? `…и ещё ${problems.length - 30}.` : '',
    '',
    'Исправьте таблицу и отправьте снова («ММО → Отправить в РМЦ»). Статус — «ММО → Статус в РМЦ».',
  ];
  return {
    to,
    subject: `Возвращено на доработку: ${status.formLabel} — ${mmoTitle(status.mmo)}`,
    text: lines.filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n'),
  };
}

export function reminderLetter(to: string, status: SubmissionStatus): Letter {
  const days = status.daysLeft ?? 0;
  const when = days === 0 ? 'сегодня' : `через ${days} дн.`;
  return {
    to,
    subject: `Напоминание: ${status.formLabel} — срок ${status.deadlineText ?? ''}`,
    text: [
      'Здравствуйте!',
      '',
      `Срок сдачи формы «${status.formLabel}» для ${mmoTitle(status.mmo)} — ${status.deadlineText ?? ''} (${when}).`,
      'В РМЦ она пока не поступила. Заполните лист и отправьте его («ММО → Отправить в РМЦ»).',
    ].join('\n'),
  };
}

/** Counts and states per ММО and form: what РМЦ needs each morning, nothing personal. */
export function digestLetter(to: string, view: SubmissionsView, day: string): Letter {
  const lines = [`Сроки и приёмка на ${day}:`, ''];
  for (const f of view.forms) {
    lines.push(`${f.label} (срок ${f.deadlineText ?? '—'}):`);
    for (const s of view.statuses.filter((x) => x.form === f.id)) {
      lines.push(
        `  ${mmoTitle(s.mmo)} — ${STATE_LABELS[s.state]}${s.changedAfterAccept ? ', изменено после приёмки' : ''}`,
      );
    }
  }
  const region = view.rates.find((r) => r.mmo === null);
  if (region?.reportingRate !== null && region) {
    lines.push(
      '',
      `По региону: получено ${region.received} из ${region.expected}, в срок — ${region.onTime}.`,
    );
  }
  return { to, subject: `Сводка РМЦ: сроки и приёмка на ${day}`, text: lines.join('\n') };
}
