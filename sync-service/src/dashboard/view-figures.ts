/**
 * The dashboard's part of the views forms declare: for a status checklist the share done per ММО,
 * for overdue items their count and the first few. Driven by `TemplateDef.regional`, so the next
 * checklist shows up here by its definition. Public: only ММО, municipality, the form's own item
 * texts and terms — header fields marked personal are never read.
 */
import { cellText, itemNumber, type TemplateDef } from '@mmo/shared';
import { html } from 'hono/html';
import type { Consolidation } from '../model.js';
import { declaredViews, overdueItems, statusShares } from '../engine/views.js';
import { mmoColour, mmoName, type Html } from './chart.js';
import { formatCount } from './format.js';

const TOP_OVERDUE = 10;

export type ViewFigure =
  | {
      readonly kind: 'statusShare';
      readonly title: string;
      readonly done: string;
      readonly districts: readonly {
        readonly mmo: number | null;
        readonly share: number;
        readonly done: number;
        readonly items: number;
        readonly sheets: number;
      }[];
    }
  | {
      readonly kind: 'overdue';
      readonly title: string;
      readonly total: number;
      readonly top: readonly {
        readonly mmo: number | null;
        readonly municipality: string;
        readonly number: string;
        readonly item: string;
        readonly term: string;
      }[];
    };

/** The municipality a sheet is about, when its form has a non-personal municipality field. */
function municipalityOf(template: TemplateDef, header: Readonly<Record<string, unknown>>): string {
  const field = template.header.find((f) => f.type === 'municipality' && !f.personal);
  return field ? cellText(header[field.key]) : '';
}

/** Figures of every status and overdue view whose form has arrived from someone. */
export function viewFigures(
  consolidation: Consolidation,
  templates: readonly TemplateDef[],
  now: Date,
): ViewFigure[] {
  const figures: ViewFigure[] = [];
  for (const { template, view } of declaredViews(templates)) {
    if (!consolidation.sheets.some((s) => s.templateId === template.id)) continue;
    if (view.kind === 'statusShare') {
      const { districts } = statusShares(consolidation, template, view);
      figures.push({
        kind: 'statusShare',
        title: view.sheet,
        done: view.done.join(', '),
        districts: districts.map(({ mmo, share, done, items, sheets }) => ({
          mmo,
          share,
          done,
          items,
          sheets,
        })),
      });
    } else if (view.kind === 'overdue') {
      const items = overdueItems(consolidation, template, view, now);
      figures.push({
        kind: 'overdue',
        title: view.sheet,
        total: items.length,
        top: items.slice(0, TOP_OVERDUE).map((o) => ({
          mmo: o.mmo,
          municipality: municipalityOf(template, o.sheet.header),
          number: itemNumber(o.item.item),
          item: o.item.item.text,
          term: o.term.text,
        })),
      });
    }
  }
  return figures;
}

function statusFigure(f: Extract<ViewFigure, { kind: 'statusShare' }>): Html {
  return html`<h3>${f.title}</h3>
    <div class="table-wrap"><table class="view-status">
      <thead><tr><th>ММО</th><th class="num">Листов</th><th class="num">«${f.done}»</th><th class="num">Доля</th><th class="bar-cell"></th></tr></thead>
      <tbody>${f.districts.map(
        (
          d,
        ) => html`<tr><td><span class="dot" style="background:${mmoColour(d.mmo)}"></span>${mmoName(d.mmo)}</td>
          <td class="num">${d.sheets}</td><td class="num">${formatCount(d.done)} из ${formatCount(d.items)}</td>
          <td class="num">${d.share.toLocaleString('ru-RU')} %</td>
          <td class="bar-cell"><div class="bar" style="width:${Math.min(100, Math.max(0, d.share)).toFixed(1)}%"></div></td></tr>`,
      )}</tbody>
    </table></div>`;
}

function overdueFigure(f: Extract<ViewFigure, { kind: 'overdue' }>): Html {
  if (f.total === 0) return html`<h3>${f.title}</h3><p class="muted">Просроченных пунктов нет.</p>`;
  return html`<h3>${f.title}: ${formatCount(f.total)}</h3>
    <div class="table-wrap"><table class="view-overdue">
      <thead><tr><th>ММО</th><th>Муниципалитет</th><th>Пункт</th><th>Срок</th></tr></thead>
      <tbody>${f.top.map(
        (
          o,
        ) => html`<tr><td><span class="dot" style="background:${mmoColour(o.mmo)}"></span>${mmoName(o.mmo)}</td><td>${o.municipality}</td>
          <td>${o.number ? `${o.number} ` : ''}${o.item}</td><td>${o.term}</td></tr>`,
      )}</tbody>
    </table></div>
    ${f.total > f.top.length ? html`<p class="muted">Показаны ${f.top.length} из ${formatCount(f.total)}; все — на листе «${f.title}» сводной таблицы.</p>` : ''}`;
}

/** The section, or nothing while no such form has arrived. */
export function viewFiguresSection(figures: readonly ViewFigure[]): Html | '' {
  if (figures.length === 0) return '';
  return html`<section class="card" aria-labelledby="views-title" id="views">
    <h2 id="views-title">Дорожные карты и чек-листы</h2>
    ${figures.map((f) => (f.kind === 'statusShare' ? statusFigure(f) : overdueFigure(f)))}
    <p class="muted">Доля — сколько пунктов всех присланных листов отмечены выполненными; пустая отметка считается невыполненной. Просрочен пункт, срок которого закончился, а отметки о выполнении нет.</p>
  </section>`;
}
