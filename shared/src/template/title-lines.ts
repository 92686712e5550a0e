/**
 * Where a form's title and header sit in what people paste: one search depth and one title-line
 * test for every reader (readSheet, the form detector, the year finder), so they never disagree
 * about whether a sheet names its ММО.
 */
import { matchDistrict } from '../reference/municipality-matcher.js';
import type { District } from '../reference/districts.js';
import { cellText } from '../text/normalize.js';
import type { CellValue, Grid } from './model.js';

/** How far down a header row or a title is searched for: a pasted document can have a long preamble. */
export const SHEET_SEARCH_ROWS = 60;

/** A title line is short; longer text is a paragraph that may mention a district in passing. */
const TITLE_MAX_LENGTH = 160;
const TITLE_LINE = /(^№\s*\d)|ммо|округ/i;

/** «№4. «Горный».», «ММО «Горный»», «…методический округ…»: the district such a line names, if any. */
export function districtOfTitleLine(value: CellValue | undefined): District | null {
  const text = cellText(value).trim();
  if (!text || text.length >= TITLE_MAX_LENGTH || !TITLE_LINE.test(text)) return null;
  return matchDistrict(text);
}

/** The first district named by a title line in the first `upTo` rows. */
export function findTitleDistrict(grid: Grid, upTo: number): District | null {
  for (let r = 0; r < upTo && r < grid.length; r++) {
    for (const cell of grid[r] ?? []) {
      const d = districtOfTitleLine(cell);
      if (d) return d;
    }
  }
  return null;
}
