/**
 * «Настройки»: an HtmlService dialog with the ММО as a dropdown of the eight, the service address and
 * the token. The page never receives the stored token — only its mask — and sends back an empty
 * token field to keep it.
 */
import { DISTRICTS } from '@mmo/shared';
import type { AddonEnv } from '../ports.js';
import {
  maskToken,
  readSettings,
  saveSettings,
  settingsDistrict,
  type Settings,
  type SettingsForm,
} from './settings.js';

/** The global the page calls through google.script.run (see entry-points.ts). */
const SAVE_HANDLER = 'saveSettings';

export function showSettings(env: AddonEnv): void {
  env.ui.showDialog(settingsDialogHtml(readSettings(env.props)), 'Настройки ММО', {
    width: 480,
    height: 440,
  });
}

/** Stores what the dialog sent and says so; a SettingsError's message is shown in the dialog. */
export function saveSettingsFromDialog(env: AddonEnv, form: SettingsForm): string {
  const saved = saveSettings(env.props, form);
  const district = settingsDistrict(saved);
  return `Сохранено: ММО ${district?.label ?? ''}${saved.serviceUrl ? `, сервис ${saved.serviceUrl}` : ''}${saved.token ? `, токен ${maskToken(saved.token)}` : ', токен не задан'}.`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function settingsDialogHtml(settings: Settings): string {
  const options = DISTRICTS.map(
    (d) =>
      `<option value="${d.no}"${d.no === settings.districtNo ? ' selected' : ''}>${escapeHtml(d.label)}</option>`,
  ).join('');
  const tokenHint = settings.token
    ? `Сохранён токен ${escapeHtml(maskToken(settings.token))}. Оставьте поле пустым, чтобы его не менять.`
    : 'Токен ещё не задан: его выдаёт администратор РМЦ.';
  return `<!DOCTYPE html>
<html><head><base target="_top"><meta charset="utf-8">
<style>
body{font-family:Arial,sans-serif;font-size:14px;margin:0;padding:8px 4px}
label{display:block;margin:0 0 14px;font-weight:bold}
select,input{display:block;width:100%;box-sizing:border-box;margin-top:4px;padding:6px;font-size:14px}
.hint{font-weight:normal;color:#5f6368;font-size:12px;margin-top:4px}
#message{min-height:20px;margin:8px 0}
#message.error{color:#c5221f}
button{padding:8px 16px;margin-right:8px}
</style></head><body>
<form id="settings">
<label>ММО этой таблицы
<select name="mmoNo" required><option value="">— выберите округ —</option>${options}</select></label>
<label>Адрес сервиса РМЦ
<input name="serviceUrl" type="text" value="${escapeHtml(settings.serviceUrl)}" placeholder="https://…" autocomplete="off">
<span class="hint">Выдаёт администратор РМЦ, например https://mmo.diro.ru</span></label>
<label>Токен доступа
<input name="token" type="password" value="" autocomplete="off" placeholder="${escapeHtml(maskToken(settings.token))}">
<span class="hint">${tokenHint}</span></label>
<div id="message"></div>
<button type="submit">Сохранить</button><button type="button" onclick="google.script.host.close()">Отмена</button>
</form>
<script>
var form = document.getElementById('settings');
var message = document.getElementById('message');
form.addEventListener('submit', function (event) {
  event.preventDefault();
  message.className = '';
  message.textContent = 'Сохраняю…';
  google.script.run
    .withSuccessHandler(function (text) {
      message.textContent = text;
      setTimeout(function () { google.script.host.close(); }, 1500);
    })
    .withFailureHandler(function (error) {
      message.className = 'error';
      message.textContent = String(error && error.message || error).replace(/^(\\w*Error|Exception):\\s*/, '');
    })
    .${SAVE_HANDLER}({ mmoNo: form.mmoNo.value, serviceUrl: form.serviceUrl.value, token: form.token.value });
});
</script>
</body></html>`;
}
