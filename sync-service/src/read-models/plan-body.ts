/**
 * The body of GET /api/plan per scope: the events of the consolidated plans, an event with its
 * plan's columns as the definition lists them and the period parsed. РМЦ's scope (null) holds every
 * ММО; an ММО's scope its own events and the joint plan with РМЦ, which belongs to no single ММО.
 */
import { DISTRICTS, fieldVisibleTo, formatAcademicYear, type Audience, type FieldDef } from '@mmo/shared';
import { templateById } from '@mmo/templates';
import type { PlanEvent } from '../engine/aggregate.js';
import { allPlanEvents, eventScope } from '../engine/plans.js';
import type { Consolidation } from '../model.js';

/** Every scope the route answers: РМЦ's and each ММО's. */
export const PLAN_SCOPES: readonly (number | null)[] = [null, ...DISTRICTS.map((d) => d.no)];

function columnsOf(templateId: string): readonly FieldDef[] {
  const t = templateById(templateId);
  return t?.layout === 'table' ? t.columns : [];
}

/** The event as `audience` may read it: personal columns (no plan has one yet) only for РМЦ and the own ММО. */
function eventJson(e: PlanEvent, audience: Audience) {
  const v = e.record.values;
  const event: Record<string, unknown> = {
    mmo: e.mmo,
    plan: eventScope(e),
    source: e.sheet.sourceName,
    sheet: e.sheet.sheetName,
    row: e.record.row,
  };
  for (const f of columnsOf(e.sheet.templateId)) {
    if (!fieldVisibleTo(f, audience)) continue;
    event[f.key] =
      f.key === 'period'
        ? { text: e.period.text, kind: e.period.kind, months: e.period.months, day: e.period.day }
        : (v[f.key] ?? null);
  }
  return event;
}

/** The JSON of each of `scopes`, UTF-8 (encoded once, not per request), the events parsed once for all of them. */
export function planBodies(
  consolidation: Consolidation,
  scopes: readonly (number | null)[] = PLAN_SCOPES,
): Map<number | null, Uint8Array<ArrayBuffer>> {
  const all = allPlanEvents(consolidation);
  const academicYear = formatAcademicYear({ startYear: consolidation.academicYear });
  return new Map(
    scopes.map((scope) => {
      const events =
        scope === null
          ? all
          : all.filter((e) => e.mmo === scope || (e.mmo === null && eventScope(e) === 'joint'));
      const body = new TextEncoder().encode(
        JSON.stringify({
          academicYear,
          mmo: scope,
          count: events.length,
          events: events.map((e) =>
            eventJson(e, scope === null ? 'rmc' : e.mmo === scope ? 'mmo' : 'public'),
          ),
        }),
      );
      return [scope, body];
    }),
  );
}
