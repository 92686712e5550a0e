/** Every form users fill, as data. Adding a form means adding a definition to TEMPLATES. */
import type { TemplateDef } from '@mmo/shared';
import { MMO_PLAN } from './definitions/mmo-plan.js';
import { JOINT_PLAN } from './definitions/joint-plan.js';
import { APPLICATION } from './definitions/application.js';
import { QUESTIONNAIRE_DOO } from './definitions/questionnaire-doo.js';
import { QUESTIONNAIRE_OO } from './definitions/questionnaire-oo.js';
import { QUESTIONNAIRE_DOD } from './definitions/questionnaire-dod.js';
import { SELF_DIAGNOSTICS_MUNICIPAL } from './definitions/self-diagnostics-municipal.js';
import { SELF_DIAGNOSTICS_OO } from './definitions/self-diagnostics-oo.js';
import { INDICATORS_MUNICIPAL } from './definitions/indicators-municipal.js';
import { PROPOSALS } from './definitions/proposals.js';
import { METHODIST_PLAN } from './definitions/methodist-plan.js';
import { LESSON_OBSERVATION } from './definitions/lesson-observation.js';
import { SELF_DIAGNOSTICS_REGIONAL } from './definitions/self-diagnostics-regional.js';
import { ROADMAP } from './definitions/roadmap.js';
import { parseRegistry } from './registry.js';

export * from './definitions/mmo-plan.js';
export * from './definitions/joint-plan.js';
export * from './definitions/application.js';
export * from './definitions/questionnaire-doo.js';
export * from './definitions/questionnaire-oo.js';
export * from './definitions/questionnaire-dod.js';
export * from './definitions/self-diagnostics-municipal.js';
export * from './definitions/self-diagnostics-oo.js';
export * from './definitions/indicators-municipal.js';
export * from './definitions/proposals.js';
export * from './definitions/methodist-plan.js';
export * from './definitions/lesson-observation.js';
export * from './definitions/self-diagnostics-regional.js';
export * from './definitions/roadmap.js';
export * from './definitions/indicators-data.js';
export * from './definitions/indicators-template.js';
export * from './definitions/common-fields.js';
export * from './definitions/plan-columns.js';
export * from './definitions/vocabulary.js';
export * from './definitions/questionnaire-answers.js';
export * from './definitions/self-diagnostics-common.js';
export {
  countedTotals,
  defaultDeadlines,
  expectedForms,
  formServedAt,
  parseRegistry,
  planForm,
  planForms,
  planScopeOf,
  repeatedPeopleForms,
  templateDefSchema,
} from './registry.js';

/** Checked when it loads (registry.ts): a bad definition stops every program and test with a named slip. */
export const TEMPLATES: readonly TemplateDef[] = parseRegistry([
  MMO_PLAN,
  JOINT_PLAN,
  APPLICATION,
  QUESTIONNAIRE_DOO,
  QUESTIONNAIRE_OO,
  QUESTIONNAIRE_DOD,
  SELF_DIAGNOSTICS_MUNICIPAL,
  SELF_DIAGNOSTICS_OO,
  INDICATORS_MUNICIPAL,
  PROPOSALS,
  METHODIST_PLAN,
  LESSON_OBSERVATION,
  SELF_DIAGNOSTICS_REGIONAL,
  ROADMAP,
]);

export function templateById(id: string): TemplateDef | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
