/**
 * Events per month per ММО as stacked bars in inline SVG, drawn on the server: it shows without
 * JavaScript, and each bar links to the list of that month's events.
 */
import { districtByNo, formatMonthRu, plural } from '@mmo/shared';
import { html } from 'hono/html';
import type { CalendarView } from '../engine/aggregate.js';

export type Html = ReturnType<typeof html>;

/** Eight ММО colours that stay distinct side by side, and grey for events of no ММО. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#9c755f'];
const NO_MMO_COLOUR = '#a0a4a8';

export function mmoColour(mmo: number | null): string {
  return mmo === null ? NO_MMO_COLOUR : (PALETTE[(mmo - 1) % PALETTE.length] ?? NO_MMO_COLOUR);
}

export function mmoName(mmo: number | null): string {
  if (mmo === null) return 'Без ММО (план с РМЦ и нераспознанные)';
  const d = districtByNo(mmo);
  return d ? `ММО №${mmo} «${d.name}»` : `ММО №${mmo}`;
}

/** A round step giving at most five gridlines above zero: 21 → step 5, axis to 25. */
function axis(maxValue: number): { max: number; ticks: number[] } {
  const top = Math.max(1, maxValue);
  const pow = 10 ** Math.floor(Math.log10(top));
  const step =
    [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10]
      .map((f) => f * pow)
      .find((st) => st >= 1 && Number.isInteger(st) && top / st <= 5) ?? pow;
  const max = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { max, ticks };
}

const W = 1000;
const H = 300;
const LEFT = 40;
const RIGHT = 8;
const TOP = 18;
const BOTTOM = 46;

export function eventsChart(calendar: CalendarView, selectedMonth: string | null): Html {
  const monthRows = calendar.rows.filter((r) => r.month);
  const { max, ticks } = axis(Math.max(0, ...monthRows.map((r) => r.total)));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const band = plotW / Math.max(1, monthRows.length);
  const barW = Math.min(56, band * 0.64);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;

  const grid = ticks.map(
    (t) =>
      html`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${LEFT - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="tick">${t}</text>`,
  );

  const bars = monthRows.map((row, i) => {
    const month = row.month!;
    const x = LEFT + i * band + (band - barW) / 2;
    const [name, year] = formatMonthRu(month).split(' ');
    let acc = 0;
    const segments = calendar.columns.map((mmo) => {
      const n = row.counts.get(mmo) ?? 0;
      if (n === 0) return '';
      const top = y(acc + n);
      const h = y(acc) - top;
      acc += n;
      return html`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${mmoColour(mmo)}"><title>${mmoName(mmo)}, ${formatMonthRu(month)}: ${plural(n, ['мероприятие', 'мероприятия', 'мероприятий'])}</title></rect>`;
    });
    const selected = month === selectedMonth;
    return html`<a href="/?month=${month}#events" aria-label="${formatMonthRu(month)}: ${plural(row.total, ['мероприятие', 'мероприятия', 'мероприятий'])}">
      <rect x="${(LEFT + i * band + 2).toFixed(1)}" y="${TOP - 14}" width="${(band - 4).toFixed(1)}" height="${plotH + 14 + BOTTOM - 4}" class="${selected ? 'band selected' : 'band'}"/>
      ${segments}
      ${row.total > 0 ? html`<text x="${(x + barW / 2).toFixed(1)}" y="${(y(row.total) - 5).toFixed(1)}" text-anchor="middle" class="total">${row.total}</text>` : ''}
      <text x="${(x + barW / 2).toFixed(1)}" y="${H - BOTTOM + 17}" text-anchor="middle" class="${selected ? 'month selected' : 'month'}">${name}<tspan x="${(x + barW / 2).toFixed(1)}" dy="14" class="year">${year}</tspan></text>
    </a>`;
  });

  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title" preserveAspectRatio="xMidYMid meet">
    <title id="chart-title">Мероприятия планов по месяцам учебного года, по ММО</title>
    ${grid}
    <line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(0)}" y2="${y(0)}" class="axis"/>
    ${bars}
  </svg>
  <ul class="legend">${calendar.columns.map(
    (mmo) => html`<li><span class="swatch" style="background:${mmoColour(mmo)}"></span>${mmoName(mmo)}</li>`,
  )}</ul>`;
}
