/**
 * «Статус в РМЦ»: what РМЦ says about this ММО's forms — status, deadline and РМЦ's comment — read
 * with the ММО's token from GET /api/submissions?mmo=n. Only the forms this spreadsheet has a
 * sheet for; all of the ММО's forms when it has none yet. Nothing in the sheet is touched.
 */
import type { TemplateDef } from '@mmo/shared';
import type { AddonEnv, HttpAnswer } from '../ports.js';
import { readSettings } from '../settings/settings.js';

const TITLE = 'Статус в РМЦ';

interface StatusItem {
  readonly form: string;
  readonly formLabel: string;
  readonly statusLabel: string;
  readonly deadlineText: string | null;
  readonly daysLeft: number | null;
  readonly lastReview: {
    readonly decision: string;
    readonly comment: string;
    readonly by: string;
    readonly at: string;
  } | null;
}

export function statusUrl(serviceUrl: string, districtNo: number): string {
  return `${serviceUrl.replace(/\/+$/, '')}/api/submissions?mmo=${districtNo}`;
}

function parse(body: string): { submissions?: StatusItem[]; error?: string } | null {
  try {
    const json = JSON.parse(body) as unknown;
    return json && typeof json === 'object' ? (json as { submissions?: StatusItem[]; error?: string }) : null;
  } catch {
    return null;
  }
}

function daysText(days: number | null): string {
  if (days === null) return '';
  if (days > 0) return ` (осталось ${days} дн.)`;
  if (days === 0) return ' (срок сегодня)';
  return ' (срок прошёл)';
}

export function describeStatus(
  answer: HttpAnswer,
  sheetNames: readonly string[],
  templates: readonly TemplateDef[],
): string {
  const json = parse(answer.body);
  if (answer.status === 401 || answer.status === 403) {
    return `Сервис РМЦ не принял токен доступа (код ${answer.status}).${json?.error ? `\nСервис ответил: «${json.error}»` : ''}\n\nПроверьте токен в «ММО → Настройки».`;
  }
  if (answer.status < 200 || answer.status >= 300 || !Array.isArray(json?.submissions)) {
    return `Сервис РМЦ не дал статус (код ${answer.status}).${json?.error ? `\nСервис ответил: «${json.error}»` : ''}\n\nПопробуйте позже.`;
  }
  const here = new Set(templates.filter((t) => sheetNames.includes(t.sheetName)).map((t) => t.id));
  const all = json.submissions;
  const mine = all.some((s) => here.has(s.form)) ? all.filter((s) => here.has(s.form)) : all;
  if (mine.length === 0) return 'У РМЦ нет сроков для форм этой таблицы.';
  const lines: string[] = [];
  for (const s of mine) {
    lines.push(`«${s.formLabel}»: ${s.statusLabel}.`);
    if (s.deadlineText) lines.push(`Срок: ${s.deadlineText}${daysText(s.daysLeft)}.`);
    if (s.lastReview?.comment) lines.push(`Комментарий РМЦ: ${s.lastReview.comment}`);
    lines.push('');
  }
  return lines.join('\n').trim();
}

export function showRmcStatus(env: AddonEnv, templates: readonly TemplateDef[]): void {
  const settings = readSettings(env.props);
  if (settings.districtNo === null || !settings.serviceUrl || !settings.token) {
    env.ui.alert(
      TITLE,
      'Не заданы ММО, адрес сервиса РМЦ или токен доступа. Укажите их в «ММО → Настройки».',
    );
    return;
  }
  let answer: HttpAnswer;
  try {
    answer = env.http.get(statusUrl(settings.serviceUrl, settings.districtNo), {
      Authorization: `Bearer ${settings.token}`,
    });
  } catch (e) {
    env.ui.alert(
      TITLE,
      `Не удалось связаться с сервисом РМЦ по адресу ${settings.serviceUrl}.\nПричина: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  env.ui.alert(TITLE, describeStatus(answer, env.spreadsheet.sheetNames(), templates));
}
