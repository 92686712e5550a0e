/**
 * Which template the active sheet follows: the recogniser of @mmo/shared, the one the consolidator
 * asks too, so «Проверить лист» and the regional summary always agree on what a sheet is.
 */
import {
  detectTemplate as detectShared,
  type DetectedTemplate,
  type Grid,
  type TemplateDef,
} from '@mmo/shared';

export type Detected = DetectedTemplate;

export function detectTemplate(
  templates: readonly TemplateDef[],
  sheetName: string,
  grid: Grid,
): Detected | null {
  return detectShared({ name: sheetName, grid }, templates);
}
