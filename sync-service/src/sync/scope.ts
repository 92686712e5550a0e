/** A consolidation cut down to one ММО: what an ММО's token may see of the region. */
import type { Consolidation } from '../model.js';

export function consolidationOfMmo(c: Consolidation, mmo: number): Consolidation {
  return {
    ...c,
    sources: c.sources.filter((s) => s.mmo === mmo),
    sheets: c.sheets.filter((s) => s.mmo === mmo),
    issues: c.issues.filter((i) => i.mmo === mmo),
  };
}
