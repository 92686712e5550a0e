/**
 * Which template a sheet follows: by its tab name when it is a template's («План ММО», «План ММО (2)»),
 * else by how well each template's header row matches what the sheet has — a pasted or renamed sheet
 * is still recognised.
 */
import { cellText, normalizeLabel, readSheet, tableColumns, type Grid, type SheetRead, type TemplateDef } from '@mmo/shared';

export interface Detected {
  readonly template: TemplateDef;
  readonly read: SheetRead;
}

/** Copies made by «Создать лист» and by Sheets' «Создать копию» keep the name with a suffix. */
function baseSheetName(name: string): string {
  return normalizeLabel(name.replace(/\s*\(\d+\)\s*$/, '').replace(/^копия\s+/i, ''));
}

export function detectTemplate(templates: readonly TemplateDef[], sheetName: string, grid: Grid): Detected | null {
  const byName = templates.find((t) => normalizeLabel(t.sheetName) === baseSheetName(sheetName));
  if (byName) return { template: byName, read: readSheet(byName, grid) };
  let best: { detected: Detected; score: readonly number[] } | null = null;
  for (const template of templates) {
    const read = readSheet(template, grid);
    if (read.headerRow === null) continue;
    const score = matchScore(template, read, grid);
    if (!best || compareScores(score, best.score) > 0) best = { detected: { template, read }, score };
  }
  return best?.detected ?? null;
}

/**
 * Share of the template's columns found first; then the document title above the table (the two plans
 * share their columns); then how many rows are the template's items (questionnaires share columns
 * too); then headers written exactly as the template writes them rather than as an alias.
 */
function matchScore(template: TemplateDef, read: SheetRead, grid: Grid): number[] {
  const fields = tableColumns(template);
  const found = Object.keys(read.columns).length / fields.length;
  const headerCells = (grid[(read.headerRow ?? 1) - 1] ?? []).map((c) => normalizeLabel(cellText(c)));
  const exact = fields.filter((f) => headerCells.includes(normalizeLabel(f.label))).length;
  const items = template.layout === 'items' ? read.records.length : 0;
  return [found, hasTitle(template, grid, (read.headerRow ?? 1) - 1) ? 1 : 0, items, exact];
}

function hasTitle(template: TemplateDef, grid: Grid, upTo: number): boolean {
  const titles = [template.title, ...(template.titleAliases ?? [])].map(normalizeLabel);
  for (let r = 0; r < upTo && r < grid.length; r++) {
    for (const cell of grid[r] ?? []) {
      const key = normalizeLabel(cellText(cell));
      if (key.length >= 15 && titles.some((t) => key.includes(t) || t.startsWith(key))) return true;
    }
  }
  return false;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
