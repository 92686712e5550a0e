/** `npm start` on an empty data folder: the real plans plus a fictional demo that fills every sheet and section. */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_FOLDER,
  DEMO_FORM_EXPORT_MMO,
  DEMO_MISTAKES_MMO,
  demoFileName,
  seedDemo,
} from '../src/seed/demo-region.js';
import { workbookText } from './service-fixtures.js';
import { uploadService, type UploadService } from './uploads/upload-fixtures.js';

describe('the demo on first start', () => {
  let s: UploadService;
  beforeAll(async () => {
    s = await uploadService({}, { demo: true });
  }, 120_000);
  afterAll(async () => s?.close());

  it('every sheet of the regional workbook has data rows', async () => {
    expect(s.service.seeded.filter((p) => p.includes(`/${DEMO_FOLDER}/`))).toHaveLength(8);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await readFile(join(s.dataDir, 'output', 'regional.xlsx'))) as unknown as ArrayBuffer,
    );
    const filled = wb.worksheets.map((ws) => {
      let rows = 0;
      ws.eachRow((row) => {
        if ((row.values as unknown[]).filter((v) => v !== null && v !== undefined && v !== '').length >= 2)
          rows++;
      });
      return [ws.name, rows] as const;
    });
    // A title or header row and at least one row of data under it. «Изменения» compares with the
    // sync before, and the first one has none: its one row says so. «Журнал» is written with the
    // workbook, before the first sync's arrivals are logged: it fills from the second sync on.
    const firstSyncOnly = new Set(['Изменения', 'Журнал']);
    expect(filled.filter(([name, rows]) => rows < (firstSyncOnly.has(name) ? 1 : 2))).toEqual([]);
    expect(filled.length).toBeGreaterThan(10);
  });

  it('a few hundred заявки of obviously fictional people, and the file with mistakes listed as problems', async () => {
    const res = await s.service.app.request('/api/applications', {
      headers: { Authorization: `Bearer ${s.token('rmc')}` },
    });
    const body = (await res.json()) as { count: number; applications: Record<string, unknown>[] };
    expect(body.count).toBeGreaterThanOrEqual(300);
    const text = JSON.stringify(body.applications);
    for (const email of text.match(/[\w.+-]+@[\w.-]+/g) ?? []) expect(email).toMatch(/@example\.invalid$/);
    for (const phone of text.match(/\+7[\d\s()-]{6,}/g) ?? []) expect(phone).toMatch(/^\+7 \(?900\)? 000/);
    const problems = s.service.runner
      .latest()
      .consolidation!.issues.filter(
        (i) => i.file === `${DEMO_FOLDER}/${demoFileName(DEMO_MISTAKES_MMO)}` && i.severity === 'error',
      );
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });

  it('one ММО sends its questionnaires as a Google Forms answers tab: every teacher is a questionnaire, and only the mistakes file errs', async () => {
    const c = s.service.runner.latest().consolidation!;
    const file = `${DEMO_FOLDER}/${demoFileName(DEMO_FORM_EXPORT_MMO)}`;
    const respondents = c.sheets.filter(
      (sh) => sh.sourceId === file && sh.sheetName.startsWith('Ответы на форму (1), строка '),
    );
    expect(respondents).toHaveLength(24);
    expect(new Set(respondents.map((r) => r.mmo))).toEqual(new Set([DEMO_FORM_EXPORT_MMO]));
    expect(respondents.every((r) => r.records.length > 0)).toBe(true);
    const demoErrors = c.issues.filter(
      (i) => i.severity === 'error' && i.file?.startsWith(`${DEMO_FOLDER}/`),
    );
    expect(new Set(demoErrors.map((i) => i.file))).toEqual(
      new Set([`${DEMO_FOLDER}/${demoFileName(DEMO_MISTAKES_MMO)}`]),
    );
  });

  it('the dashboard says it is a demo and every section has content', async () => {
    const page = await (await s.service.app.request('/')).text();
    expect(page).toContain('id="demo-notice"');
    expect(page).not.toContain('Проблем не найдено');
    expect(page).toMatch(/id="problems"/);
    expect(page).not.toMatch(/нет данных<\/span>/);
  });

  it('is the same on every fresh start (seeded generator)', async () => {
    const again = mkdtempSync(join(tmpdir(), 'mmo-demo-'));
    try {
      const [file] = await seedDemo(again, { districts: [3] });
      const first = join(s.dataDir, 'sources', DEMO_FOLDER, demoFileName(3));
      expect(await workbookText(await readFile(file))).toBe(await workbookText(await readFile(first)));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
