/**
 * The recogniser of @mmo/shared (the add-on's «Проверить лист» asks the same one) with the
 * registry's templates as the default, and the tabs the .xlsx renderer adds beside every form.
 */
import {
  cellText,
  detectTemplate as detectWith,
  normalizeLabel,
  templateDetector as detectorFor,
  type DetectedTemplate,
  type Grid,
  type NamedGrid,
  type TemplateDef,
  type TemplateDetector,
} from '@mmo/shared';
import { TEMPLATES } from '@mmo/templates';

export type { DetectedBy, DetectedTemplate, TemplateDetector } from '@mmo/shared';

/** Tabs the .xlsx renderer adds beside every form: help text and dropdown lists, never data. */
const HELPER_SHEETS = new Set(['инструкция', 'списки']);

/** A tab the renderer adds, not a form. */
export function isHelperSheet(name: string): boolean {
  return HELPER_SHEETS.has(normalizeLabel(name));
}

/** True when no cell of the grid has anything in it. */
export function isEmptyGrid(grid: Grid): boolean {
  for (const row of grid) for (const cell of row ?? []) if (cellText(cell) !== '') return false;
  return true;
}

export function templateDetector(templates: readonly TemplateDef[] = TEMPLATES): TemplateDetector {
  return detectorFor(templates);
}

export function detectTemplate(
  sheet: NamedGrid,
  templates: readonly TemplateDef[] = TEMPLATES,
): DetectedTemplate | null {
  return detectWith(sheet, templates);
}
