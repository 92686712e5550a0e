/**
 * Google mode: an ММО's spreadsheet holds the responses tab a Google Form fills and a questionnaire
 * retyped in the seed's layout (merged block rows). Read with the real googleapis clients from the
 * fake Google, consolidated, the regional workbook written and read back: every respondent is a
 * questionnaire in «Полнота», every answer is in «Затруднения», the ММО is the source's setting.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIssue, type CellValue } from '@mmo/shared';
import { QUESTIONNAIRE_DOD, QUESTIONNAIRE_DOO } from '@mmo/templates';
import { TRICKY_SHEETS } from '@mmo/templates/testing';
import { readWorkbookGrids } from '@mmo/templates/xlsx';
import { GoogleSheetsSource } from '../../src/sources/google-source.js';
import { consolidate } from '../../src/engine/consolidate.js';
import { regionalSheets } from '../../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../../src/output/xlsx-writer.js';
import { okEntry } from '../fixtures/workbooks.js';
import { SA_EMAIL, startHarness, type Harness } from './harness.js';

const ID = '1Answers_Mmo1_abcdefghijklmnopqrstuvwxyz0123';
const exported = TRICKY_SHEETS.find(
  (s) => s.expected.templateId === QUESTIONNAIRE_DOD.id && s.expected.questionnaires > 1,
)!;
const seed = TRICKY_SHEETS.find(
  (s) => s.expected.templateId === QUESTIONNAIRE_DOO.id && s.merges.length > 0,
)!;

let h: Harness;
let dir: string;
beforeEach(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'mmo-google-forms-'));
});
afterEach(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Google mode: form responses and the seed layout in an ММО spreadsheet', () => {
  it('counts every respondent and every marked answer, under the ММО of the source settings', async () => {
    // Google keeps the timestamp as a date cell; FORMATTED_STRING reads it as the text it shows.
    const rows = exported.rows.map((r, i) =>
      i === 0 ? r : [new Date(2026, 11, i, 10, 0, 0), ...r.slice(1)],
    );
    h.fake.addSpreadsheet({
      id: ID,
      title: 'Анкетирование педагогов',
      sharedWith: [SA_EMAIL],
      sheets: [
        { title: exported.tab, values: rows as CellValue[][] },
        {
          title: 'Бланк',
          values: seed.rows as CellValue[][],
          merges: seed.merges.map(([r0, c0, r1, c1]) => ({
            startRowIndex: r0 - 1,
            endRowIndex: r1,
            startColumnIndex: c0 - 1,
            endColumnIndex: c1,
          })),
        },
      ],
    });
    const source = new GoogleSheetsSource({
      serviceAccountKeyFile: h.keyFile,
      sources: [{ mmo: 1, spreadsheetId: ID, name: 'Анкеты педагогов' }],
      rootUrl: h.fake.url,
      backoff: h.backoff,
    });
    const [ref] = await source.list();
    const read = await source.read(ref, null);
    if (read.status !== 'ok') throw new Error(JSON.stringify(read));
    const c = consolidate({ entries: [okEntry(read.workbook)], now: new Date('2026-12-02T10:00:00Z') });

    expect(c.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
    const answers = c.sheets.filter((s) => s.templateId === QUESTIONNAIRE_DOD.id);
    expect(answers).toHaveLength(exported.expected.questionnaires);
    expect(answers.every((s) => s.mmo === 1)).toBe(true);

    const path = join(dir, 'regional.xlsx');
    await writeRegionalXlsx(regionalSheets(c, null, { canSeePersonal: false }), path);
    const grids = await readWorkbookGrids(await readFile(path));
    const table = (name: string) => {
      const [head, ...body] = grids.find((g) => g.name === name)!.grid;
      return body.map((r) => Object.fromEntries(head.map((k, i) => [String(k), r[i] ?? null])));
    };
    const difficulties = table('Затруднения');
    const sum = (form: string, key: string) =>
      difficulties.filter((r) => r['Форма'] === form).reduce((n, r) => n + Number(r[key]), 0);
    expect(sum(QUESTIONNAIRE_DOD.sheetName, 'Ответили')).toBe(exported.expected.answers);
    expect(sum(QUESTIONNAIRE_DOD.sheetName, 'Нужна помощь («Да» и «Скорее да»)')).toBe(
      exported.expected.needHelp,
    );
    expect(sum(QUESTIONNAIRE_DOO.sheetName, 'Ответили')).toBe(seed.expected.answers);
    const line = table('Полнота').find((r) => String(r['ММО']).startsWith('№1.'))!;
    expect(line[`${QUESTIONNAIRE_DOD.sheetName} (листов)`]).toBe(exported.expected.questionnaires);
    expect(line[`${QUESTIONNAIRE_DOO.sheetName} (листов)`]).toBe(1);
  });
});
