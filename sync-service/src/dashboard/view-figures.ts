/**
 * The dashboard's part of the views forms declare: the figure of each kind that has one (a status
 * checklist's share done per ММО, overdue items' count and the first few), each written by its kind's
 * module in src/views/. Driven by `TemplateDef.regional`, so the next checklist shows up here by its
 * definition. Public: only ММО, municipality, the form's own item texts and terms — header fields
 * marked personal are never read.
 */
import type { TemplateDef } from '@mmo/shared';
import { html } from 'hono/html';
import type { Consolidation } from '../model.js';
import { declaredViews } from '../views/index.js';
import { overdueFigure, renderOverdueFigure, type OverdueFigure } from '../views/overdue.js';
import { renderStatusShareFigure, statusShareFigure, type StatusShareFigure } from '../views/status-share.js';
import type { Html } from './chart.js';

export type ViewFigure = StatusShareFigure | OverdueFigure;

/** Figures of every view of a kind that has one, whose form has arrived from someone. */
export function viewFigures(
  consolidation: Consolidation,
  templates: readonly TemplateDef[],
  now: Date,
): ViewFigure[] {
  const figures: ViewFigure[] = [];
  for (const { template, view } of declaredViews(templates)) {
    if (!consolidation.sheets.some((s) => s.templateId === template.id)) continue;
    if (view.kind === 'statusShare') figures.push(statusShareFigure(consolidation, template, view));
    else if (view.kind === 'overdue') figures.push(overdueFigure(consolidation, template, view, now));
  }
  return figures;
}

/** The section, or nothing while no such form has arrived. */
export function viewFiguresSection(figures: readonly ViewFigure[]): Html | '' {
  if (figures.length === 0) return '';
  return html`<section class="card" aria-labelledby="views-title" id="views">
    <h2 id="views-title">Дорожные карты и чек-листы</h2>
    ${figures.map((f) => (f.kind === 'statusShare' ? renderStatusShareFigure(f) : renderOverdueFigure(f)))}
    <p class="muted">Доля — сколько пунктов всех присланных листов отмечены выполненными; пустая отметка считается невыполненной. Просрочен пункт, срок которого закончился, а отметки о выполнении нет.</p>
  </section>`;
}
