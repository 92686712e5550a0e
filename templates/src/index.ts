/** Every form users fill, as data. Adding a form means adding a definition to TEMPLATES. */
import type { TemplateDef } from '@mmo/shared';
import { MMO_PLAN } from './definitions/mmo-plan.js';
import { JOINT_PLAN } from './definitions/joint-plan.js';
import { APPLICATION } from './definitions/application.js';

export { MMO_PLAN, JOINT_PLAN, APPLICATION };
export * from './definitions/common-fields.js';
export * from './definitions/plan-columns.js';
export * from './definitions/vocabulary.js';

export const TEMPLATES: readonly TemplateDef[] = [MMO_PLAN, JOINT_PLAN, APPLICATION];

export function templateById(id: string): TemplateDef | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
