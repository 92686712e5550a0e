/**
 * The plans of a consolidation by the plans' declared scope (`plan: 'mmo' | 'joint'`), never by a
 * form's id: /api/plan and the dashboard's calendar take every plan form the registry has.
 */
import type { PlanScope, TemplateDef } from '@mmo/shared';
import { planForms, planScopeOf, TEMPLATES } from '@mmo/templates';
import type { Consolidation } from '../model.js';
import { planEvents, type PlanEvent } from './aggregate.js';

/** Every event of every plan form, the ММО's own plans first, then the joint plan with РМЦ. */
export function allPlanEvents(
  consolidation: Consolidation,
  templates: readonly TemplateDef[] = TEMPLATES,
): PlanEvent[] {
  return planForms(templates).flatMap((t) => planEvents(consolidation, t.id));
}

/** Whose plan an event is in: the ММО's own or the joint plan with РМЦ. */
export function eventScope(e: PlanEvent, templates: readonly TemplateDef[] = TEMPLATES): PlanScope {
  return planScopeOf(templates, e.sheet.templateId) ?? 'mmo';
}
