/**
 * «Сроки и приёмка» on the public dashboard: ММО × form with status, deadline and РМЦ's comment,
 * reporting and on-time rates, and for РМЦ accept / return forms that post with the token and work
 * without JavaScript. Computed from the submission view alone, so a cached dashboard model does not
 * hold it; comments pass through the same scrubbing as problems (no ФИО, phone or e-mail).
 */
import { html } from 'hono/html';
import type { SubmissionsView, SubmissionStatus } from '../submissions/status.js';
import { mmoName, type Html } from './chart.js';
import { formatDateTimeRu } from './format.js';

const STATE_CLASS: Readonly<Record<SubmissionStatus['state'], string>> = {
  missing: 'none',
  'on-time': 'ok',
  late: 'warn',
  returned: 'bad',
  accepted: 'ok',
};

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

function daysLeftText(days: number | null): string {
  if (days === null) return '';
  if (days > 0) return `осталось ${days} дн.`;
  if (days === 0) return 'срок сегодня';
  return `срок прошёл ${-days} дн. назад`;
}

function reviewForm(s: SubmissionStatus): Html {
  if (s.receivedAt === null) return html``;
  return html`<form method="post" action="/review" class="review-form">
    <input type="hidden" name="mmo" value="${s.mmo}"><input type="hidden" name="form" value="${s.form}">
    <input type="password" name="token" placeholder="Токен РМЦ" autocomplete="off" required aria-label="Токен РМЦ">
    <input type="text" name="comment" placeholder="Комментарий" aria-label="Комментарий">
    <button type="submit" name="decision" value="accept">Принять</button>
    <button type="submit" name="decision" value="return">Вернуть</button>
  </form>`;
}

export function submissionsSection(
  view: SubmissionsView,
  options: { timeZone: string; mailConfigured: boolean; redact: (text: string) => string },
): Html {
  const region = view.rates.find((r) => r.mmo === null);
  return html`<section class="card" id="deadlines" aria-labelledby="deadlines-title">
    <h2 id="deadlines-title">Сроки и приёмка</h2>
    <p>${view.forms.map((f) => html`<span class="badge form">${f.label}: до ${f.deadlineText} · ${daysLeftText(f.daysLeft)}</span> `)}</p>
    <p id="region-rates">По региону: получено ${region?.received ?? 0} из ${region?.expected ?? 0} (${percent(region?.reportingRate ?? null)}), в срок — ${percent(region?.onTimeRate ?? null)}.</p>
    <div class="table-wrap"><table id="submissions">
      <thead><tr><th>ММО</th><th>Форма</th><th>Статус</th><th>Срок</th><th>Получено</th><th>Комментарий РМЦ</th><th>Решение РМЦ</th></tr></thead>
      <tbody>${view.statuses.map(
        (s) => html`<tr data-mmo="${s.mmo}" data-form="${s.form}">
          <td>${mmoName(s.mmo)}</td>
          <td>${s.formLabel}</td>
          <td class="status"><span class="badge ${STATE_CLASS[s.state]}">${s.stateLabel}</span>${s.resubmitted ? html` <span class="badge form">отправлено повторно</span>` : ''}${
            s.changedAfterAccept
              ? html` <span class="badge warn changed-after">изменено после приёмки (${s.changesSinceAccept.length})</span>`
              : ''
          }</td>
          <td>${s.deadlineText ?? '—'}</td>
          <td class="when">${s.receivedAt ? formatDateTimeRu(s.receivedAt, options.timeZone) : '—'}</td>
          <td class="comment">${s.lastReview?.comment ? options.redact(s.lastReview.comment) : ''}</td>
          <td>${reviewForm(s)}</td>
        </tr>`,
      )}</tbody>
    </table></div>
    <div class="table-wrap"><table id="rates">
      <thead><tr><th>ММО</th><th class="num">Ожидается</th><th class="num">Получено</th><th class="num">Полнота</th><th class="num">В срок</th></tr></thead>
      <tbody>${view.rates.map(
        (r) =>
          html`<tr><td>${r.mmo === null ? 'Регион' : mmoName(r.mmo)}</td><td class="num">${r.expected}</td><td class="num">${r.received}</td><td class="num">${percent(r.reportingRate)}</td><td class="num">${percent(r.onTimeRate)}</td></tr>`,
      )}</tbody>
    </table></div>
    <p class="muted" id="mail-state">${
      options.mailConfigured
        ? 'Напоминания по e-mail включены: ММО получают письмо о возврате и за несколько дней до срока, РМЦ — ежедневную сводку.'
        : 'Напоминания по e-mail не отправляются: в настройках не задан SMTP-сервер (поле submissions.smtp).'
    }</p>
  </section>`;
}
