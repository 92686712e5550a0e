/**
 * The `scores` kind: one row per sheet scored by its form's rules (`ItemDef.rule`), over every form
 * that declares the sheet («Показатели»): the total, the maximum of the bounded criteria, the share
 * and the points per criterion. KPI minima are taken for the calendar year the sheet reports on.
 */
import {
  answerFieldFor,
  cellText,
  itemAnswers,
  scoreAll,
  type FieldDef,
  type ItemDef,
  type ItemsTemplate,
  type ScoreResult,
  type ScoringRule,
  type TemplateDef,
} from '@mmo/shared';
import { compareMmo } from '../engine/aggregate.js';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import { col, mmoLabel } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import { PLACES, type DeclaredView, type KindModule, type ViewContext } from './kind.js';

export interface SheetScore {
  readonly sheet: ConsolidatedSheet;
  readonly template: ItemsTemplate;
  readonly mmo: number | null;
  readonly municipality: string | null;
  readonly organisation: string | null;
  /** Calendar year the KPI minima are taken for. */
  readonly year: number;
  readonly result: ScoreResult;
}

/** The answer column a rule scores: the one whose input type the rule asks for, else the first. */
function scoredField(template: ItemsTemplate, item: ItemDef, rule: ScoringRule): FieldDef | undefined {
  const fields = itemAnswers(template, item);
  const type = answerFieldFor(rule).type;
  return fields.find((f) => f.type === type) ?? fields[0];
}

/** A calendar year the sheet names itself («Год», «Отчётный год»), else the end year of the academic year. */
function calendarYear(template: TemplateDef, sheet: ConsolidatedSheet, academicYear: number): number {
  for (const f of template.header) {
    if (f.type !== 'integer' && f.type !== 'number' && f.type !== 'text') continue;
    if (!/year/i.test(f.key) && !/(^|\s)год/i.test(f.label)) continue;
    const v = Number(sheet.header[f.key]);
    if (Number.isInteger(v) && v >= 2000 && v <= 2100) return v;
  }
  return (sheet.academicYear ?? academicYear) + 1;
}

function headerText(
  template: TemplateDef,
  sheet: ConsolidatedSheet,
  type: FieldDef['type'],
  key?: string,
): string | null {
  const f = template.header.find((h) => (key ? h.key === key : h.type === type));
  const text = f ? cellText(sheet.header[f.key]) : '';
  return text || null;
}

/** The sheets of the template in ММО order, keeping the order of the sources within one ММО. */
function sheetsOf(consolidation: Consolidation, template: TemplateDef): ConsolidatedSheet[] {
  return consolidation.sheets
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.templateId === template.id)
    .sort((a, b) => compareMmo(a.s.mmo, b.s.mmo) || a.i - b.i)
    .map(({ s }) => s);
}

/** Scores of every sheet of every form that declares the view, in registry order. */
export function sheetScores(
  consolidation: Consolidation,
  views: readonly DeclaredView<'scores'>[],
): SheetScore[] {
  const scores: SheetScore[] = [];
  for (const { template } of views) {
    if (template.layout !== 'items') continue;
    const criteria = template.items.filter(
      (i): i is ItemDef & { rule: ScoringRule } => !i.isGroup && i.rule !== undefined,
    );
    if (criteria.length === 0) continue;
    const fields = new Map(criteria.map((c) => [c.id, scoredField(template, c, c.rule)]));
    for (const sheet of sheetsOf(consolidation, template)) {
      const answers: Record<string, never> = {};
      for (const r of sheet.records) {
        const f = r.itemId ? fields.get(r.itemId) : undefined;
        if (f && r.itemId) (answers as Record<string, unknown>)[r.itemId] = r.values[f.key] ?? null;
      }
      const year = calendarYear(template, sheet, consolidation.academicYear);
      scores.push({
        sheet,
        template,
        mmo: sheet.mmo,
        municipality: headerText(template, sheet, 'municipality'),
        organisation: headerText(template, sheet, 'text', 'organisation'),
        year,
        result: scoreAll(
          criteria.map((c) => ({ id: c.id, rule: c.rule })),
          answers,
          { year },
        ),
      });
    }
  }
  return scores;
}

function pointsText(n: number): string {
  return String(n).replace('.', ',');
}

export function scoresSheet(
  { consolidation }: ViewContext,
  views: readonly [DeclaredView<'scores'>, ...DeclaredView<'scores'>[]],
): RegionalSheet {
  return {
    name: views[0].view.sheet,
    columns: [
      col('ММО', 28),
      col('Муниципалитет', 24),
      col('Организация', 30),
      col('Форма', 30),
      col('Год (для ключевых показателей)', 12),
      col('Баллы', 10),
      col('Максимум (ограниченных критериев)', 14),
      col('Доля от максимума, %', 12),
      col('Баллы по критериям', 80),
      col('Источник', 30),
      col('Лист', 18),
    ],
    rows: sheetScores(consolidation, views).map((s) => [
      mmoLabel(s.mmo),
      s.municipality,
      s.organisation,
      s.template.sheetName,
      s.year,
      s.result.total,
      s.result.maxBounded,
      s.result.maxBounded ? Math.round((1000 * s.result.total) / s.result.maxBounded) / 10 : null,
      s.result.breakdown
        .map((b) => `${b.id}: ${pointsText(b.points)}${b.max !== null ? ` из ${pointsText(b.max)}` : ''}`)
        .join('; '),
      s.sheet.sourceName,
      s.sheet.sheetName,
    ]),
  };
}

export const scores: KindModule<'scores'> = { place: PLACES.overview, sheet: scoresSheet };
