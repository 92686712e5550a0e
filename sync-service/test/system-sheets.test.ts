import { describe, expect, it } from 'vitest';
import { SYSTEM_SHEET_NAMES } from '@mmo/shared';
import { SHEET_NAMES } from '../src/output/regional-sheets.js';

describe('system sheets of the regional workbook', () => {
  it('are all reserved in shared, so the registry refuses a form view of the same name', () => {
    for (const name of Object.values(SHEET_NAMES)) expect(SYSTEM_SHEET_NAMES, name).toContain(name);
  });
});
