/**
 * Which form a sheet is — the one recogniser of the project: the consolidator and the add-on's
 * «Проверить лист» both ask it, so they never disagree. People rename tabs, paste plans from the
 * handbook without the template's header block, send the wrong form, print the seed's own layout
 * or export a Google/Яндекс form, so no single clue is trusted: the tab name, a title line in the
 * first rows, how well a row matches the table header and a form export's question columns all add
 * up, and the best template wins. The wrong form is recognised for what it is, not forced into the
 * expected one.
 */
import { normalizeLabel } from '../text/normalize.js';
import { tableColumns, type FieldDef, type Grid, type TemplateDef } from './model.js';
import { itemTextKey, readSheet, type SheetRead } from './read-sheet.js';
import { printedChoiceLabels } from './read-marks.js';
import { findTitleDistrict, SHEET_SEARCH_ROWS } from './title-lines.js';
import { hasResponsesHeader, readResponses, responsesShare, type FormResponses } from './read-responses.js';

/** A tab as every adapter hands it over: its name and its cells. */
export interface NamedGrid {
  readonly name: string;
  readonly grid: Grid;
}

/** Titles sit above the table; deeper text is data that may quote a title. */
const TITLE_ROWS = 15;
/** Forms have at most a few hundred item rows. */
const ITEM_ROWS = 400;
/** Longer cells are paragraphs, not headers or titles: skip them before normalising. */
const MAX_LABEL_LENGTH = 400;

export type DetectedBy = 'sheetName' | 'title' | 'header' | 'items' | 'responses';

export interface DetectedTemplate {
  readonly template: TemplateDef;
  readonly read: SheetRead;
  /** The clues that recognised the sheet, strongest first. */
  readonly by: readonly DetectedBy[];
  /** The form the tab's name names when the content is another form («План ММО» holding a заявка). */
  readonly namedAs?: TemplateDef;
  /**
   * A form export (Google Forms, Яндекс Формы): one questionnaire per respondent row. `read` then
   * carries only what concerns the sheet as a whole (its header row, its issues).
   */
  readonly responses?: FormResponses;
}

export interface TemplateDetector {
  /** The template of a sheet, or null when nothing recognises it. */
  detect(sheet: NamedGrid): DetectedTemplate | null;
}

interface LabelHit {
  readonly template: number;
  readonly field: string;
  /** The verbatim label rather than an alias: tells apart forms that share aliases (the two plans). */
  readonly exact: boolean;
}

interface Prepared {
  readonly template: TemplateDef;
  readonly fields: readonly FieldDef[];
  readonly sheetName: string;
  readonly titles: readonly string[];
  readonly hasMmoHeader: boolean;
  /** Items layout: the keys of the answerable items' texts. */
  readonly itemTexts: ReadonlySet<string>;
}

function labelOf(cell: unknown): string {
  if (typeof cell !== 'string' || cell.length > MAX_LABEL_LENGTH) return '';
  return normalizeLabel(cell);
}

/** «План ММО», «План ММО (2)», «План ММО 2023», «Копия План ММО» are the tab «План ММО». */
function sameSheetName(written: string, expected: string): boolean {
  const name = written.replace(/^копия\s+/, '');
  if (name === expected) return true;
  return name.startsWith(expected) && !/^\p{L}/u.test(name.slice(expected.length).trim());
}

/** Keys of every text cell that could be an item, in the rows a form's items fit in. */
function itemTextsOf(grid: Grid): Set<string> {
  const keys = new Set<string>();
  for (let r = 0; r < Math.min(grid.length, ITEM_ROWS); r++) {
    for (const cell of grid[r] ?? []) {
      if (typeof cell === 'string' && cell.length > 3 && cell.length <= MAX_LABEL_LENGTH)
        keys.add(itemTextKey(cell));
    }
  }
  return keys;
}

/** A line such as «№4. «Горный».» or «ММО «Горный»» above the table (the test readSheet applies). */
function hasDistrictLine(grid: Grid, upTo: number): boolean {
  return findTitleDistrict(grid, upTo) !== null;
}

/** Builds the lookup tables once: detection then costs a few map lookups per cell of the first rows. */
export function templateDetector(templates: readonly TemplateDef[]): TemplateDetector {
  const prepared: Prepared[] = templates.map((template) => ({
    template,
    fields: tableColumns(template),
    sheetName: normalizeLabel(template.sheetName),
    // Longest first: a title that contains a shorter one («ПЛАНЫ…» vs «ПЛАН…») is the better match.
    titles: [template.title, ...(template.titleAliases ?? [])]
      .map(normalizeLabel)
      .sort((a, b) => b.length - a.length),
    hasMmoHeader: template.header.some((f) => f.type === 'mmo'),
    itemTexts: new Set(
      template.layout === 'items'
        ? template.items.filter((i) => !i.isGroup).map((i) => itemTextKey(i.text))
        : [],
    ),
  }));
  const labels = new Map<string, LabelHit[]>();
  prepared.forEach((p, t) => {
    for (const f of p.fields) {
      // The seed's own layout heads its answer columns with the choices («Нет. Могу поделиться опытом» …).
      [f.label, ...(f.aliases ?? []), ...printedChoiceLabels(p.template, f.key)].forEach((label, i) => {
        const key = normalizeLabel(label);
        const hits = labels.get(key) ?? [];
        if (!hits.some((h) => h.template === t && h.field === f.key))
          hits.push({ template: t, field: f.key, exact: i === 0 });
        labels.set(key, hits);
      });
    }
  });

  /** Per template: the best header row's weighted match (2 per verbatim label, 1 per alias) and its field count. */
  function headerScores(grid: Grid): { points: number; fields: number; row: number }[] {
    const best = prepared.map(() => ({ points: 0, fields: 0, row: 0 }));
    const rows = Math.min(grid.length, SHEET_SEARCH_ROWS);
    for (let r = 0; r < rows; r++) {
      const found = new Map<number, Map<string, boolean>>();
      for (const cell of grid[r] ?? []) {
        const key = labelOf(cell);
        if (!key) continue;
        for (const hit of labels.get(key) ?? []) {
          let fields = found.get(hit.template);
          if (!fields) found.set(hit.template, (fields = new Map()));
          fields.set(hit.field, (fields.get(hit.field) ?? false) || hit.exact);
        }
      }
      for (const [t, fields] of found) {
        let points = 0;
        for (const exact of fields.values()) points += exact ? 2 : 1;
        if (points > best[t].points) best[t] = { points, fields: fields.size, row: r + 1 };
      }
    }
    return best;
  }

  function titleLines(grid: Grid): string[] {
    const lines: string[] = [];
    for (let r = 0; r < Math.min(grid.length, TITLE_ROWS); r++) {
      for (const cell of grid[r] ?? []) {
        const key = labelOf(cell);
        if (key) lines.push(key);
      }
    }
    return lines;
  }

  function detect(sheet: NamedGrid): DetectedTemplate | null {
    const grid = sheet.grid;
    const name = normalizeLabel(sheet.name);
    const headers = headerScores(grid);
    const lines = titleLines(grid);
    const exported = hasResponsesHeader(grid);
    const exports = new Set<number>();
    const candidates: { t: number; score: number; by: DetectedBy[] }[] = [];
    prepared.forEach((p, t) => {
      const by: DetectedBy[] = [];
      let score = 0;
      if (exported && p.template.layout === 'items') {
        // A form export names the items in its question columns: the share found outweighs any header.
        const share = responsesShare(p.template, grid);
        if (share > 0) {
          exports.add(t);
          by.push('responses');
          score += 20 + 10 * share;
        }
      }
      if (lines.some((line) => p.titles.some((title) => line.includes(title)))) {
        by.push('title');
        score += 8;
      }
      if (sameSheetName(name, p.sheetName)) {
        by.push('sheetName');
        score += 4;
      }
      const h = headers[t];
      if (h.fields >= 2) {
        by.push('header');
        score += (10 * h.points) / (2 * p.fields.length);
      }
      if (by.length) candidates.push({ t, score, by });
    });
    if (candidates.length === 0) return null;

    // Forms that share a header row (the three questionnaires, the two plans) differ in their items
    // and in whether a line names the ММО: count those only when there is a choice to make, and
    // without reading the sheet (a 55 000-row заявка must be read once, by its winner).
    // A form export wins on its question columns: its hundreds of answer rows need no item count.
    if (candidates.length > 1 && exports.size === 0) {
      const items = candidates.some((c) => prepared[c.t].itemTexts.size > 0) ? itemTextsOf(grid) : null;
      const districtLine = new Map<number, boolean>();
      for (const c of candidates) {
        const p = prepared[c.t];
        if (items && p.itemTexts.size > 0 && c.by.includes('header') && !c.by.includes('responses')) {
          let found = 0;
          for (const key of p.itemTexts) if (items.has(key)) found++;
          const share = found / p.itemTexts.size;
          if (share > 0) c.by.push('items');
          c.score += 6 * share;
        }
        if (p.hasMmoHeader) {
          // Above the table only: an event may quote an ММО.
          const upTo = headers[c.t].fields >= 2 ? headers[c.t].row - 1 : SHEET_SEARCH_ROWS;
          if (!districtLine.has(upTo)) districtLine.set(upTo, hasDistrictLine(grid, upTo));
          if (districtLine.get(upTo)) c.score += 1;
        }
      }
    }
    // Stable: on a tie the earlier template of the registry wins.
    let best = candidates[0];
    for (const c of candidates) if (c.score > best.score) best = c;
    const template = prepared[best.t].template;
    const named = candidates.find((c) => c !== best && c.by.includes('sheetName'));
    const exportedAs =
      exports.has(best.t) && template.layout === 'items' ? readResponses(template, grid) : null;
    const read: SheetRead = exportedAs
      ? {
          headerRow: exportedAs.headerRow,
          columns: {},
          header: {},
          titleDistrict: null,
          records: [],
          issues: exportedAs.issues,
        }
      : readSheet(template, grid);
    return {
      template,
      read,
      by: best.by,
      ...(named ? { namedAs: prepared[named.t].template } : {}),
      ...(exportedAs ? { responses: exportedAs } : {}),
    };
  }

  return { detect };
}

const defaultDetector = new WeakMap<readonly TemplateDef[], TemplateDetector>();

/** {@link templateDetector} for one sheet; the lookup tables are built once per template list. */
export function detectTemplate(sheet: NamedGrid, templates: readonly TemplateDef[]): DetectedTemplate | null {
  let detector = defaultDetector.get(templates);
  if (!detector) defaultDetector.set(templates, (detector = templateDetector(templates)));
  return detector.detect(sheet);
}
