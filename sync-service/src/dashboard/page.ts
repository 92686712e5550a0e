/**
 * The dashboard page, rendered on the server with hono/html: every value from a sheet goes
 * through its escaping (HTML typed into a cell shows as text), and the page works without
 * JavaScript — the small script only lets the sync button post with a token kept in the tab.
 */
import { formatMonthRu, plural } from '@mmo/shared';
import { html, raw } from 'hono/html';
import type { Freshness } from '../engine/aggregate.js';
import type { SyncTrigger } from '../store/index.js';
import { eventsChart, mmoColour, mmoName, type Html } from './chart.js';
import { formatCount, formatDateTimeRu, formatTimeRu } from './format.js';
import type { DashboardModel } from './model.js';
import { viewFiguresSection } from './view-figures.js';

export interface PageOptions {
  readonly timeZone: string;
  /** CSP nonce of the inline script. */
  readonly nonce: string;
  /** The fictional demo region is among the sources. */
  readonly demo?: boolean;
  /** Shown once after a sync started from the page. */
  readonly notice?: { readonly kind: 'ok' | 'error'; readonly text: string };
  /** «Сроки и приёмка» (dashboard/submissions-section.ts), rendered apart from the model. */
  readonly deadlines?: Html;
}

const STATE: Readonly<Record<Freshness, { label: string; cls: string; hint: string }>> = {
  fresh: { label: 'актуальные', cls: 'ok', hint: 'все источники прочитаны при последней синхронизации' },
  stale: {
    label: 'устаревшие',
    cls: 'warn',
    hint: 'источник не прочитан, показаны данные последней удачной синхронизации',
  },
  failed: { label: 'ошибка чтения', cls: 'bad', hint: 'источник не прочитан, и прежних данных нет' },
  missing: { label: 'нет данных', cls: 'none', hint: 'от ММО ещё ничего не пришло' },
};

const TRIGGER: Readonly<Record<SyncTrigger, string>> = {
  start: 'при запуске сервиса',
  timer: 'по расписанию',
  api: 'по запросу API',
  addon: 'из Google Таблиц',
  dashboard: 'с этой страницы',
  upload: 'после загрузки файла',
};

export const STYLE = `
:root { --fg:#1d2430; --muted:#5c6673; --line:#dde2e8; --bg:#f5f7fa; --card:#fff; --accent:#2f5f98;
  --ok:#2e7d32; --ok-bg:#e6f4e7; --warn:#8a5a00; --warn-bg:#fff3d6; --bad:#b3261e; --bad-bg:#fde7e5; --none:#5c6673; --none-bg:#eceff3; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color:var(--fg); background:var(--bg); }
header.top { background:#1f3b5c; color:#fff; padding:18px 28px; }
header.top h1 { margin:0; font-size:22px; font-weight:650; }
header.top p { margin:4px 0 0; color:#c9d6e6; }
header.top a { color:#fff; }
main { max-width:1240px; margin:0 auto; padding:20px 24px 40px; }
section.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:18px 20px; margin:0 0 18px; }
h2 { font-size:18px; margin:0 0 12px; }
h3 { font-size:15px; margin:16px 0 8px; }
.muted { color:var(--muted); }
.summary { display:grid; grid-template-columns: minmax(0,1fr) 320px; gap:18px; align-items:start; }
.stats { display:flex; flex-wrap:wrap; gap:10px; margin:12px 0 0; padding:0; list-style:none; }
.stats li { flex:1 1 0; background:var(--bg); border:1px solid var(--line); border-radius:8px; padding:8px 12px; min-width:104px; }
.stats b { display:block; font-size:22px; font-weight:650; }
.stats span { color:var(--muted); font-size:13px; }
.notice { border-radius:8px; padding:10px 14px; margin:0 0 18px; }
.notice.ok { background:var(--ok-bg); color:var(--ok); }
.notice.error { background:var(--bad-bg); color:var(--bad); }
.notice.demo { background:var(--warn-bg); color:var(--warn); }
.running { color:var(--warn); font-weight:600; }
form.sync label { display:block; font-size:13px; color:var(--muted); margin:0 0 4px; }
form.sync input[type=password] { width:100%; padding:8px 10px; border:1px solid #b8c1cc; border-radius:6px; font:inherit; }
form.sync button { margin-top:10px; width:100%; padding:10px 14px; border:0; border-radius:6px; background:var(--accent); color:#fff; font:inherit; font-weight:600; cursor:pointer; }
form.sync button:hover { background:#244b79; }
form.sync button[disabled] { opacity:.6; cursor:progress; }
form.sync .hint { font-size:12px; color:var(--muted); margin:8px 0 0; }
#sync-message { min-height:1.2em; margin:8px 0 0; font-size:13px; }
#sync-message.error { color:var(--bad); }
.table-wrap { overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { text-align:left; padding:7px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12.5px; color:var(--muted); font-weight:600; background:#fafbfc; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
tbody tr:hover { background:#f8fafc; }
#completeness td:first-child { min-width:200px; }
td.when { white-space:nowrap; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12.5px; white-space:nowrap; }
.badge.ok { background:var(--ok-bg); color:var(--ok); }
.badge.warn { background:var(--warn-bg); color:var(--warn); }
.badge.bad { background:var(--bad-bg); color:var(--bad); }
.badge.none { background:var(--none-bg); color:var(--none); }
.badge.form { background:#e8eff8; color:#1f3b5c; margin:1px 0; }
td.forms { min-width:190px; }
.dot { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:6px; vertical-align:baseline; }
.errors { color:var(--bad); font-weight:600; }
.warnings { color:var(--warn); }
.zero { color:#a3abb5; }
svg.chart { width:100%; height:auto; display:block; }
svg.chart .grid { stroke:#e8ecf1; }
svg.chart .axis { stroke:#9aa4b1; }
svg.chart text { font:12px system-ui, sans-serif; fill:#4a5563; }
svg.chart text.total { font-weight:600; fill:#1d2430; }
svg.chart text.month.selected { font-weight:700; fill:#1f3b5c; }
svg.chart .year { fill:#8a94a1; font-size:11px; }
svg.chart rect.band { fill:transparent; }
svg.chart a:hover rect.band { fill:#f1f4f8; }
svg.chart rect.band.selected { fill:#e8eff8; }
ul.legend { display:flex; flex-wrap:wrap; gap:6px 16px; list-style:none; padding:0; margin:10px 0 0; font-size:13px; }
.swatch { display:inline-block; width:12px; height:12px; border-radius:3px; margin-right:6px; vertical-align:-1px; }
.bar { height:14px; border-radius:3px; background:var(--accent); min-width:2px; }
.bar-cell { width:38%; }
ol.problems { margin:0; padding:0 0 0 22px; }
ol.problems li { margin:0 0 6px; }
.two { display:grid; grid-template-columns: minmax(0,1fr) minmax(0,1fr); gap:18px; }
footer { color:var(--muted); font-size:13px; text-align:center; padding:0 24px 30px; }
code { background:#eef1f5; padding:0 4px; border-radius:4px; font-size:13px; }
@media (max-width: 980px) { .summary, .two { grid-template-columns: 1fr; } }
`;

/** Posts to the API with the token kept in this tab; without JavaScript the form posts to /sync. */
const SCRIPT = `
(function () {
  var form = document.getElementById('sync-form');
  if (!form || !window.fetch) return;
  var input = form.querySelector('input[name=token]');
  var message = document.getElementById('sync-message');
  var button = form.querySelector('button');
  var KEY = 'mmoSyncToken';
  try { var saved = sessionStorage.getItem(KEY); if (saved && !input.value) input.value = saved; } catch (e) {}
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var token = input.value.trim();
    if (!token) { message.textContent = 'Вставьте токен РМЦ.'; message.className = 'error'; return; }
    if (!/^[A-Za-z0-9._~+/-]+=*$/.test(token)) {
      message.textContent = 'Токен состоит из латинских букв, цифр и знаков . _ ~ + / -: проверьте, что вставлен именно токен.';
      message.className = 'error';
      return;
    }
    button.disabled = true;
    message.className = '';
    message.textContent = 'Идёт синхронизация…';
    fetch('/api/sync', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ trigger: 'dashboard' })
    }).catch(function () {
      throw new Error('Не удалось связаться с сервисом: проверьте подключение и повторите.');
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (res.status === 401 || res.status === 403) { try { sessionStorage.removeItem(KEY); } catch (e) {} }
        if (!res.ok) throw new Error(body && body.error ? body.error : 'Ошибка ' + res.status);
        try { sessionStorage.setItem(KEY, token); } catch (e) {}
        location.href = '/?synced=' + encodeURIComponent(body.runId) + '#top';
      });
    }).catch(function (err) {
      message.className = 'error';
      message.textContent = err.message;
      button.disabled = false;
    });
  });
})();
`;

function count(n: number, cls: string): Html {
  return n === 0 ? html`<span class="zero">0</span>` : html`<span class="${cls}">${formatCount(n)}</span>`;
}

function timeTag(iso: string | null, timeZone: string, id?: string): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time ${id ? raw(`id="${id}" `) : ''}datetime="${iso}">${formatDateTimeRu(iso, timeZone)}</time>`;
}

function summary(m: DashboardModel, o: PageOptions): Html {
  const run = m.run;
  const c = run?.counts;
  const lastLine = run
    ? html`Последняя синхронизация: <b>${timeTag(run.finishedAt ?? run.startedAt, o.timeZone, 'last-sync')}</b>
        <span class="muted">(№<span id="last-run">${run.runId}</span>, ${TRIGGER[run.trigger]}${run.mmo !== null ? `, только ${mmoName(run.mmo)}` : ''})</span>`
    : html`Синхронизаций ещё не было.`;
  return html`<section class="card summary" aria-labelledby="summary-title">
    <div>
      <h2 id="summary-title">Сводка${m.academicYear ? ` на ${m.academicYear} учебный год` : ''}</h2>
      <p>${lastLine}</p>
      ${run?.status === 'failed' ? html`<p class="notice error">${run.error ?? 'Синхронизация не удалась.'}</p>` : ''}
      ${m.running ? html`<p class="running">Сейчас идёт синхронизация…</p>` : ''}
      ${m.nextSyncAt ? html`<p class="muted">Следующая по расписанию — в ${formatTimeRu(m.nextSyncAt, o.timeZone)}.</p>` : ''}
      <ul class="stats">
        <li><b>${formatCount(c?.sources ?? 0)}</b><span>источников${c && c.sourcesFailed ? `, не прочитано ${c.sourcesFailed}` : ''}</span></li>
        <li><b>${formatCount(m.events)}</b><span>мероприятий в планах</span></li>
        <li><b>${formatCount(m.applications)}</b><span>строк в заявках</span></li>
        <li><b>${formatCount(c?.errors ?? 0)}</b><span>ошибок</span></li>
        <li><b>${formatCount(c?.warnings ?? 0)}</b><span>предупреждений</span></li>
      </ul>
    </div>
    <form class="sync" id="sync-form" method="post" action="/sync">
      <label for="token">Токен РМЦ</label>
      <input type="password" id="token" name="token" autocomplete="current-password" required placeholder="вставьте токен rmc">
      <button type="submit">Синхронизировать сейчас</button>
      <p id="sync-message" role="status" aria-live="polite"></p>
      <p class="hint">Токен хранится только в этой вкладке браузера и не сохраняется на сервере.</p>
    </form>
  </section>`;
}

function completenessTable(m: DashboardModel, o: PageOptions): Html {
  if (m.completeness.length === 0)
    return html`<p class="muted">Данных ещё нет: дождитесь первой синхронизации.</p>`;
  return html`<div class="table-wrap"><table id="completeness">
    <thead><tr>
      <th>ММО</th>
      <th>Пришли формы (строк)</th>
      <th class="num">Источники</th><th class="num">Строк</th><th class="num">Ошибки</th><th class="num">Предупр.</th>
      <th class="num">Изменения</th><th>Прочитаны</th><th>Данные</th>
    </tr></thead>
    <tbody>${m.completeness.map((r) => {
      const s = STATE[r.state];
      const ch = m.changes.get(r.mmo);
      const changes =
        ch && ch.added + ch.removed + ch.changed > 0 ? `+${ch.added} −${ch.removed} ~${ch.changed}` : '—';
      const failed = r.sources.filter((x) => x.status === 'failed').length;
      return html`<tr>
        <td><span class="dot" style="background:${mmoColour(r.mmo)}"></span>${mmoName(r.mmo)}</td>
        <td class="forms">${m.templates.map((t) => {
          const a = r.arrived.get(t.id);
          if (a)
            return html`<span class="badge form" title="${plural(a.sheets, ['лист', 'листа', 'листов'])}">${t.label} · ${formatCount(a.rows)}</span> `;
          return t.expected && r.mmo !== null ? html`<span class="badge none">нет: ${t.label}</span> ` : '';
        })}</td>
        <td class="num">${r.sources.length}${failed ? html` <span class="errors" title="не прочитано">(${failed} ✗)</span>` : ''}</td>
        <td class="num">${formatCount(r.rows)}</td>
        <td class="num">${count(r.errors, 'errors')}</td>
        <td class="num">${count(r.warnings, 'warnings')}</td>
        <td class="num">${changes}</td>
        <td class="when">${timeTag(r.lastSuccessAt, o.timeZone)}</td>
        <td><span class="badge ${s.cls}" title="${s.hint}">${s.label}</span></td>
      </tr>`;
    })}</tbody>
  </table></div>
  <p class="muted">«Пришли формы» — какие формы прислал ММО и сколько в них строк; «нет: …» — обязательной формы нет. «Изменения» — добавлено, удалено и изменено записей с прошлой синхронизации. «Прочитаны» — последняя удачная синхронизация источников ММО.</p>`;
}

function calendarSection(m: DashboardModel): Html {
  if (!m.calendar) return html`<p class="muted">Данных ещё нет.</p>`;
  const other = m.calendar.rows.filter((r) => !r.month && r.total > 0);
  const selected = m.selectedMonth;
  return html`${eventsChart(m.calendar, selected)}
    <p class="muted">Мероприятие на несколько месяцев считается в каждом из них. Нажмите на столбец, чтобы увидеть мероприятия месяца.</p>
    ${
      other.length
        ? html`<div class="table-wrap"><table id="calendar-other"><thead><tr><th>Без точного месяца</th>${m.calendar.columns.map((c) => html`<th class="num">${c === null ? 'Без ММО' : `№${c}`}</th>`)}</tr></thead>
        <tbody>${other.map((r) => html`<tr><td>${r.label}</td>${m.calendar!.columns.map((c) => html`<td class="num">${count(r.counts.get(c) ?? 0, '')}</td>`)}</tr>`)}</tbody></table></div>`
        : ''
    }
    <h3 id="events">Мероприятия: ${selected ? formatMonthRu(selected) : '—'}</h3>
    ${
      m.monthEvents.length
        ? html`<div class="table-wrap"><table id="month-events"><thead><tr><th>ММО</th><th>Мероприятие</th><th>Сроки (как написано)</th></tr></thead>
        <tbody>${m.monthEvents.map(
          (e) =>
            html`<tr><td><span class="dot" style="background:${mmoColour(e.mmo)}"></span>${e.joint ? 'Совместный план с РМЦ' : mmoName(e.mmo)}</td><td class="event-title">${e.title}</td><td>${e.period}</td></tr>`,
        )}</tbody></table></div>`
        : html`<p class="muted">В этом месяце мероприятий нет.</p>`
    }`;
}

function programmesSection(m: DashboardModel): Html {
  const hidden = m.programmesHidden
    ? html`<p class="muted" id="programmes-hidden">${plural(m.programmesHidden, ['строка', 'строки', 'строк'])} заявок не показаны: в «Программе» записано похожее на ФИО или контакт — проверьте столбцы в сводной таблице.</p>`
    : '';
  if (m.programmes.length === 0)
    return m.programmesHidden ? html`${hidden}` : html`<p class="muted">Заявок пока нет.</p>`;
  const max = Math.max(...m.programmes.map((p) => p.total));
  return html`<div class="table-wrap"><table id="programmes">
    <thead><tr><th>Программа</th><th class="num">Заявок</th><th class="num">Округов</th><th class="bar-cell"></th></tr></thead>
    <tbody>${m.programmes.map(
      (
        p,
      ) => html`<tr><td>${p.programme}</td><td class="num">${formatCount(p.total)}</td><td class="num">${p.byMmo.size}</td>
        <td class="bar-cell"><div class="bar" style="width:${((100 * p.total) / max).toFixed(1)}%" title="${plural(p.total, ['заявка', 'заявки', 'заявок'])}"></div></td></tr>`,
    )}</tbody>
  </table></div>
  ${hidden}
  <p class="muted">Число строк заявок (педагог × программа) по всем ММО; ФИО и контакты здесь не показываются.</p>`;
}

function problemsSection(m: DashboardModel): Html {
  if (m.problems.length === 0) return html`<p class="muted">Проблем не найдено.</p>`;
  return html`<ol class="problems" id="problems">${m.problems.map(
    (p) =>
      html`<li><span class="badge ${p.severity === 'error' ? 'bad' : 'warn'}">${p.severity === 'error' ? 'ошибка' : 'предупреждение'}</span> ${p.text}</li>`,
  )}</ol>
  ${m.problemsTotal > m.problems.length ? html`<p class="muted">Показаны ${m.problems.length} из ${formatCount(m.problemsTotal)}; все — на листе «Ошибки» сводной таблицы.</p>` : ''}`;
}

/**
 * Where «Сроки и приёмка» goes in a cached page: the section is rendered per request (it changes
 * with every review), the rest of the page once per sync.
 */
export const DEADLINES_SLOT = '<!--deadlines-->';

export function dashboardPage(m: DashboardModel, o: PageOptions): Html {
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ММО Sync — сводка РМЦ</title>
<link rel="icon" href="data:,">
<style>${raw(STYLE)}</style>
</head>
<body id="top">
<header class="top">
  <h1>ММО Sync — сводка межмуниципальных методических округов</h1>
  <p>РМЦ ЦНППМ ДИРО, Республика Дагестан${m.academicYear ? ` · ${m.academicYear} учебный год` : ''}</p>
  <p><a class="upload-link" href="/upload">Отправить файл в РМЦ</a></p>
</header>
<main>
  ${
    o.demo
      ? html`<p class="notice demo" id="demo-notice" role="note"><b>Демонстрация.</b> Заявки, анкеты, показатели и дорожные карты здесь вымышлены (папка sources/Демо); планы ММО — настоящие, из сборника РМЦ. Удалите папку «Демо», чтобы видеть только данные ММО.</p>`
      : ''
  }
  ${o.notice ? html`<p class="notice ${o.notice.kind}" role="status">${o.notice.text}</p>` : ''}
  ${summary(m, o)}
  <section class="card" aria-labelledby="completeness-title">
    <h2 id="completeness-title">Полнота по ММО</h2>
    ${completenessTable(m, o)}
  </section>
  ${o.deadlines ?? raw(DEADLINES_SLOT)}
  <section class="card" aria-labelledby="calendar-title">
    <h2 id="calendar-title">Мероприятия по месяцам</h2>
    ${calendarSection(m)}
  </section>
  ${viewFiguresSection(m.views)}
  <div class="two">
    <section class="card" aria-labelledby="programmes-title">
      <h2 id="programmes-title">Заявки по программам</h2>
      ${programmesSection(m)}
    </section>
    <section class="card" aria-labelledby="problems-title">
      <h2 id="problems-title">Последние проблемы</h2>
      ${problemsSection(m)}
    </section>
  </div>
</main>
<footer>Страница показывает только количества, без персональных данных. Данные с ФИО и контактами — в API и сводной таблице, по токену.</footer>
<script nonce="${o.nonce}">${raw(SCRIPT)}</script>
</body>
</html>`;
}

/** A short page for the no-JavaScript form when the token is wrong or the sync failed. */
export function messagePage(title: string, text: string): Html {
  return html`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ММО Sync</title><style>${raw(STYLE)}</style></head>
<body><header class="top"><h1>ММО Sync</h1></header>
<main><section class="card"><h2>${title}</h2><p>${text}</p><p><a href="/">Вернуться к сводке</a></p></section></main></body></html>`;
}
