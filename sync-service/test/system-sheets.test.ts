import { describe, expect, it } from 'vitest';
import { SYSTEM_SHEET_NAMES } from '@mmo/shared';
import { JOURNAL_SHEET } from '../src/output/journal-sheet.js';
import { SHEET_NAMES } from '../src/output/regional-sheets.js';
import { SUBMISSIONS_SHEET } from '../src/output/submissions-sheet.js';

describe('system sheets of the regional workbook', () => {
  it('are all reserved in shared, so the registry refuses a form view of the same name', () => {
    for (const name of [...Object.values(SHEET_NAMES), JOURNAL_SHEET, SUBMISSIONS_SHEET])
      expect(SYSTEM_SHEET_NAMES, name).toContain(name);
  });
});
