/**
 * «Отправить в РМЦ»: asks the sync service to take this ММО's spreadsheet now and shows its answer
 * (`syncAnswerSchema`, shared with the service). The service reads the spreadsheet itself, so the
 * request carries no sheet data and nothing in the sheet is touched, whatever the answer.
 */
import { districtByNo, errorAnswerSchema, syncAnswerSchema, type SyncAnswer } from '@mmo/shared';
import type { AddonEnv, HttpAnswer } from '../ports.js';
import { readSettings } from '../settings/settings.js';
import { countText } from '../check/summary.js';

const TITLE = 'Отправка в РМЦ';
/** The service's sync body (`syncBody` of sync-service): it records who started the run. */
const SYNC_BODY = { trigger: 'addon' } as const;
const UNCHANGED = 'Данные в таблице не изменены.';
/** Problems the dialog lists in full; the service sends up to 50. */
const LISTED = 10;

export function syncUrl(serviceUrl: string, districtNo: number): string {
  return `${serviceUrl.replace(/\/+$/, '')}/api/sync/${districtNo}`;
}

export function sendToRmc(env: AddonEnv): void {
  const settings = readSettings(env.props);
  const missing = [
    settings.districtNo === null ? 'ММО этой таблицы' : '',
    settings.serviceUrl ? '' : 'адрес сервиса РМЦ',
    settings.token ? '' : 'токен доступа',
  ].filter(Boolean);
  if (settings.districtNo === null || missing.length) {
    env.ui.alert(
      TITLE,
      `Не заданы: ${missing.join(', ')}.\n\nУкажите их в «ММО → Настройки» (адрес и токен выдаёт администратор РМЦ) и отправьте снова.`,
    );
    return;
  }
  const url = syncUrl(settings.serviceUrl, settings.districtNo);
  let answer: HttpAnswer;
  try {
    answer = env.http.post(url, { Authorization: `Bearer ${settings.token}` }, SYNC_BODY);
  } catch (e) {
    env.ui.alert(
      TITLE,
      `Не удалось связаться с сервисом РМЦ по адресу ${settings.serviceUrl}.\n` +
        `Причина: ${e instanceof Error ? e.message : String(e)}\n\n` +
        `Проверьте адрес в «ММО → Настройки» и попробуйте позже. ${UNCHANGED}`,
    );
    return;
  }
  env.ui.alert(TITLE, describeAnswer(answer, settings.districtNo));
}

/** What the user reads for any answer of the service. */
export function describeAnswer(answer: HttpAnswer, districtNo: number): string {
  const json = parseJson(answer.body);
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = syncAnswerSchema.safeParse(json);
    if (!parsed.success) {
      return `Сервис РМЦ ответил (код ${answer.status}), но ответ не удалось прочитать: возможно, в настройках указан не тот адрес.\n\n${UNCHANGED}`;
    }
    return describeSync(parsed.data, districtNo);
  }
  const error = errorAnswerSchema.safeParse(json);
  const said = error.success ? `\nСервис ответил: «${error.data.error}»` : '';
  if (answer.status === 401 || answer.status === 403) {
    return `Сервис РМЦ не принял токен доступа (код ${answer.status}).${said}\n\nПроверьте токен в «ММО → Настройки»; новый токен выдаёт администратор РМЦ. ${UNCHANGED}`;
  }
  if (answer.status === 404) {
    return `Сервис РМЦ не знает такого адреса (код 404).${said}\n\nПроверьте адрес сервиса и ММО в «ММО → Настройки». ${UNCHANGED}`;
  }
  if (answer.status >= 500) {
    return `На сервисе РМЦ произошёл сбой (код ${answer.status}), данные не приняты.${said}\n\nПопробуйте отправить позже; если сбой повторится, сообщите администратору РМЦ. ${UNCHANGED}`;
  }
  return `Сервис РМЦ отклонил отправку (код ${answer.status}).${said}\n\n${UNCHANGED}`;
}

function describeSync(answer: SyncAnswer, districtNo: number): string {
  const district = districtByNo(answer.mmo ?? districtNo);
  const accepted = answer.sheets.reduce((n, s) => n + s.rows, 0);
  const lines = [`РМЦ принял данные${district ? ` ММО ${district.label}` : ''}: строк — ${accepted}.`];
  const failed = answer.sources.filter((s) => s.status === 'failed');
  for (const s of failed) lines.push(`Не удалось прочитать «${s.name}»${s.reason ? `: ${s.reason}` : ''}.`);
  for (const s of answer.sources.filter((x) => x.stale && x.status === 'ok'))
    lines.push(`«${s.name}»: в РМЦ остаются прежние данные (таблица не менялась или не прочитана).`);
  if (answer.sheets.length) {
    lines.push('', 'По листам:');
    for (const s of answer.sheets)
      lines.push(
        `• «${s.sheet}» (${s.template}): принято строк — ${s.rows}; ${countText(s.errors, s.warnings)}`,
      );
  } else {
    lines.push('', 'Ни одного листа по формам не найдено: создайте листы через «ММО → Создать лист».');
  }
  if (answer.problems.length) {
    lines.push('', 'Замечания:');
    for (const p of answer.problems.slice(0, LISTED))
      lines.push(`• ${p.severity === 'error' ? 'Ошибка' : 'Предупреждение'}: ${p.text}`);
    if (answer.problems.length > LISTED)
      lines.push(
        `…и ещё ${answer.problems.length - LISTED}. Исправьте их (ММО → Проверить лист) и отправьте снова.`,
      );
  }
  return lines.join('\n');
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
