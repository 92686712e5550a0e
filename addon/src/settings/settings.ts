/**
 * Settings of one ММО spreadsheet: which ММО it belongs to, where the РМЦ service is and the token
 * to reach it. Kept in document properties so every editor of the spreadsheet sends under the same
 * ММО, and read only after a menu click (never in onOpen, which may run unauthorised).
 */
import { districtByNo, type District } from '@mmo/shared';
import type { PropsPort } from '../ports.js';

export interface Settings {
  readonly districtNo: number | null;
  readonly serviceUrl: string;
  readonly token: string;
}

const KEYS = { districtNo: 'mmo.districtNo', serviceUrl: 'mmo.serviceUrl', token: 'mmo.token' } as const;

export function readSettings(props: PropsPort): Settings {
  const all = props.getAll();
  const no = Number(all[KEYS.districtNo]);
  return {
    districtNo: districtByNo(no) ? no : null,
    serviceUrl: all[KEYS.serviceUrl] ?? '',
    token: all[KEYS.token] ?? '',
  };
}

export function settingsDistrict(settings: Settings): District | null {
  return settings.districtNo === null ? null : (districtByNo(settings.districtNo) ?? null);
}

/** What the settings dialog sends back; the token is empty when the user left it unchanged. */
export interface SettingsForm {
  readonly mmoNo?: unknown;
  readonly serviceUrl?: unknown;
  readonly token?: unknown;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/**
 * Checks the dialog's values and stores them. Throws SettingsError with a Russian message, which
 * the dialog shows next to the form, so nothing half-valid is stored.
 */
export function saveSettings(props: PropsPort, form: SettingsForm): Settings {
  const no = Number(String(form.mmoNo ?? '').trim());
  const district = Number.isInteger(no) ? districtByNo(no) : undefined;
  if (!district) throw new SettingsError('Выберите ММО из списка.');
  const serviceUrl = normalizeServiceUrl(String(form.serviceUrl ?? ''));
  if (serviceUrl === null) {
    throw new SettingsError(
      'Адрес сервиса РМЦ должен начинаться с https:// (например, https://mmo.diro.ru).',
    );
  }
  const token = String(form.token ?? '').trim();
  if (/\s/.test(token))
    throw new SettingsError('Токен не может содержать пробелы: скопируйте его целиком, без лишних символов.');
  const values: Record<string, string> = {
    [KEYS.districtNo]: String(district.no),
    [KEYS.serviceUrl]: serviceUrl,
  };
  // An empty token field means «keep the one stored»: the dialog never receives the token itself.
  if (token) values[KEYS.token] = token;
  props.setAll(values);
  return readSettings(props);
}

/** '' stays '' (not configured yet); otherwise an http(s) address without trailing slashes, or null. */
export function normalizeServiceUrl(raw: string): string | null {
  const url = raw.trim().replace(/\/+$/, '');
  if (url === '') return '';
  return /^https?:\/\/[^\s/?#]+[^\s?#]*$/i.test(url) ? url : null;
}

/**
 * «••••••c3f9»: enough for a user to tell which token is stored, never enough to copy it.
 * Tokens of 8 characters or fewer are masked whole, since their last four are half the secret.
 */
export function maskToken(token: string): string {
  if (!token) return '';
  if (token.length <= 8) return '•'.repeat(8);
  return `${'•'.repeat(8)}${token.slice(-4)}`;
}
