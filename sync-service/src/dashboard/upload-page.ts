/**
 * «Отправить файл в РМЦ»: a plain multipart form (token, ММО, file) that works without
 * JavaScript — it posts to /upload and the answer is a page — and, with JavaScript, sends the same
 * form to the API and shows the problems below it without a reload. Every value from a file goes
 * through hono/html escaping.
 */
import { DISTRICTS } from '@mmo/shared';
import { html, raw } from 'hono/html';
import type { Html } from './chart.js';
import { STYLE } from './page.js';
import type { UploadAnswer } from '../uploads/receive-upload.js';
import { sizeLabel } from '../uploads/check-upload.js';

const EXTRA_STYLE = `
form.upload label { display:block; font-size:13px; color:var(--muted); margin:12px 0 4px; }
form.upload input, form.upload select { width:100%; max-width:520px; padding:8px 10px; border:1px solid #b8c1cc; border-radius:6px; font:inherit; }
form.upload button { margin-top:14px; padding:10px 18px; border:0; border-radius:6px; background:var(--accent); color:#fff; font:inherit; font-weight:600; cursor:pointer; }
form.upload button[disabled] { opacity:.6; cursor:progress; }
ol.problems li { margin:4px 0; }
`;

/** Sends the form to the API with the token as a bearer header and draws the answer. */
const SCRIPT = `
(function () {
  var form = document.getElementById('upload-form');
  var out = document.getElementById('upload-result');
  if (!form || !out || !window.fetch || !window.FormData) return;
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function show(title, cls, items, note) {
    out.textContent = '';
    var card = el('section', 'card');
    card.appendChild(el('h2', null, title));
    if (note) card.appendChild(el('p', cls, note));
    if (items && items.length) {
      var ol = el('ol', 'problems'); ol.id = 'problems';
      items.forEach(function (p) {
        var li = el('li');
        li.appendChild(el('span', 'badge ' + (p.severity === 'error' ? 'bad' : 'warn'), p.severity === 'error' ? 'ошибка' : 'предупреждение'));
        li.appendChild(document.createTextNode(' ' + p.text));
        ol.appendChild(li);
      });
      card.appendChild(ol);
    }
    out.appendChild(card);
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    var token = String(data.get('token') || '').trim();
    var mmo = String(data.get('mmo') || '');
    data.delete('token'); data.delete('mmo');
    var button = form.querySelector('button');
    button.disabled = true;
    show('Файл отправляется…', 'muted', null, 'Проверка и сводка занимают до минуты.');
    fetch('/api/sources/' + encodeURIComponent(mmo), { method: 'POST', headers: { Authorization: 'Bearer ' + token }, body: data })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (r) {
        if (!r.ok) { show('Файл не принят', 'notice error', null, r.body.error || 'Ошибка'); return; }
        var a = r.body;
        var note = 'Файл «' + a.received.fileName + '» принят: ' + a.received.forms.map(function (f) { return '«' + f.sheet + '» — ' + f.form; }).join(', ') + '. ';
        note += a.counts.errors + ' ошибок, ' + a.counts.warnings + ' предупреждений.';
        if (a.sync && a.sync.status === 'failed') note += ' Сводка не выполнена: ' + a.sync.error;
        show(a.problems.length ? 'Файл принят, есть замечания' : 'Файл принят без замечаний', 'notice ok', a.problems, note);
      })
      .catch(function () { show('Файл не отправлен', 'notice error', null, 'Нет связи с сервисом. Повторите позже.'); })
      .then(function () { button.disabled = false; });
  });
})();
`;

export interface UploadPageOptions {
  readonly nonce: string;
  readonly maxUploadBytes: number;
  /** The answer of a no-JavaScript post, shown under the form. */
  readonly result?: { readonly error: string } | { readonly answer: UploadAnswer };
  readonly mmo?: number;
}

function resultSection(result: UploadPageOptions['result']): Html | string {
  if (!result) return '';
  if ('error' in result) {
    return html`<section class="card"><h2>Файл не принят</h2><p class="notice error" role="alert">${result.error}</p></section>`;
  }
  const a = result.answer;
  const forms = a.received.forms.map((f) => `«${f.sheet}» — ${f.form}`).join(', ');
  const failed =
    'status' in a.sync && a.sync.status === 'failed' ? ` Сводка не выполнена: ${a.sync.error}` : '';
  return html`<section class="card"><h2>${a.problems.length ? 'Файл принят, есть замечания' : 'Файл принят без замечаний'}</h2>
  <p class="notice ok" role="status">Файл «${a.received.fileName}» принят: ${forms}. ${a.counts.errors} ошибок, ${a.counts.warnings} предупреждений.${failed}</p>
  ${
    a.problems.length
      ? html`<ol class="problems" id="problems">${a.problems.map(
          (p) =>
            html`<li><span class="badge ${p.severity === 'error' ? 'bad' : 'warn'}">${p.severity === 'error' ? 'ошибка' : 'предупреждение'}</span> ${p.text}</li>`,
        )}</ol>`
      : ''
  }</section>`;
}

export function uploadPage(o: UploadPageOptions): Html {
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Отправить файл в РМЦ — ММО Sync</title>
<link rel="icon" href="data:,">
<style>${raw(STYLE)}${raw(EXTRA_STYLE)}</style>
</head>
<body>
<header class="top"><h1>Отправить файл в РМЦ</h1><p><a href="/">Вернуться к сводке</a></p></header>
<main>
  <section class="card">
    <p>Заполните форму в Excel, LibreOffice, Р7-Офис или МойОфис и сохраните как «Книга Excel (.xlsx)». Файл проверяется сразу: ниже будет список замечаний с листом, строкой и столбцом. Прежние версии файла сохраняются в РМЦ. Размер файла — не больше ${sizeLabel(o.maxUploadBytes)}.</p>
    <form class="upload" id="upload-form" method="post" action="/upload" enctype="multipart/form-data">
      <label for="token">Токен ММО (выдаёт РМЦ)</label>
      <input id="token" name="token" type="password" autocomplete="off" required>
      <label for="mmo">ММО</label>
      <select id="mmo" name="mmo" required>
        ${DISTRICTS.map((d) => html`<option value="${String(d.no)}"${o.mmo === d.no ? raw(' selected') : ''}>${d.label}</option>`)}
      </select>
      <label for="file">Файл .xlsx</label>
      <input id="file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
      <button type="submit">Отправить</button>
    </form>
  </section>
  <div id="upload-result" aria-live="polite">${resultSection(o.result)}</div>
</main>
<script nonce="${o.nonce}">${raw(SCRIPT)}</script>
</body>
</html>`;
}
