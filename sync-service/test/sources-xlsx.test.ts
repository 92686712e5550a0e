import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MMO_PLAN } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import {
  districtHintFromFolder,
  districtHintFromName,
  sha256,
  XlsxFolderSource,
} from '../src/sources/xlsx-folder.js';
import { seedRegion, SEED_PLANS, JOINT_PLAN_FILE } from '../src/seed/seed-region.js';
import { consolidate } from '../src/engine/consolidate.js';
import { okEntry } from './fixtures/workbooks.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-src-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('districtHintFromName', () => {
  it.each([
    ['ММО-4.xlsx', 4],
    ['mmo4_plan.xlsx', 4],
    ['Горный.xlsx', 4],
    ['План Андийский ММО.xlsx', 1],
    ['ММО-1 Андийский межмуниципальный методический округ.xlsx', 1],
    ['ММО-3 Стратегия успеха.xlsx', 3],
    ['Заявка ММО №7.xlsx', 7],
    ['plan.xlsx', null],
    ['РМЦ План совместной деятельности.xlsx', null],
    // A number and a name that disagree name no ММО at all.
    ['ММО-4 Прорыв.xlsx', null],
    // In a name a slogan counts next to other words and years.
    ['Прорыв 2023-24.xlsx', 5],
    ['план_Горный_итог.xlsx', 4],
    ['Партнерство заявка.xlsx', 8],
    ['Заявка 2023.xlsx', null],
  ])('%s → %s', (name, no) => {
    expect(districtHintFromName(name)).toBe(no);
  });
});

describe('districtHintFromFolder', () => {
  it.each([
    ['Прорыв 2023-24', 5],
    ['Входящие/Горный_итог', 4],
    ['ММО-4.Горный', 4],
    ['Прорыв/черновики', 5],
    ['Входящие/2023', null],
    ['.', null],
  ])('%s → %s', (folder, no) => {
    expect(districtHintFromFolder(folder)).toBe(no);
  });
});

describe('XlsxFolderSource', () => {
  it('lists .xlsx files recursively in name order, without lock files and other files', async () => {
    const bytes = await renderTemplateXlsx(MMO_PLAN, {});
    await mkdir(join(dir, 'Горный'));
    await writeFile(join(dir, 'ММО-10 копия.xlsx'), bytes);
    await writeFile(join(dir, 'ММО-2.xlsx'), bytes);
    await writeFile(join(dir, '~$ММО-2.xlsx'), 'lock');
    await writeFile(join(dir, 'readme.txt'), 'x');
    await writeFile(join(dir, 'Горный', 'план.XLSX'), bytes);
    const refs = await new XlsxFolderSource(dir).list();
    expect(refs).toEqual([
      // The folder names the ММО when the file does not.
      { id: 'Горный/план.XLSX', name: 'Горный/план.XLSX', districtHint: 4 },
      { id: 'ММО-2.xlsx', name: 'ММО-2.xlsx', districtHint: 2 },
      // There is no ММО №10.
      { id: 'ММО-10 копия.xlsx', name: 'ММО-10 копия.xlsx', districtHint: null },
    ]);
  });

  it('lets the config assign the ММО and leaves out excluded files', async () => {
    const bytes = await renderTemplateXlsx(MMO_PLAN, {});
    await writeFile(join(dir, 'a.xlsx'), bytes);
    await writeFile(join(dir, 'свод.xlsx'), bytes);
    const refs = await new XlsxFolderSource(dir, {
      districtHints: { 'a.xlsx': 6 },
      exclude: [join(dir, 'свод.xlsx')],
    }).list();
    expect(refs).toEqual([{ id: 'a.xlsx', name: 'a.xlsx', districtHint: 6 }]);
  });

  it('reads a workbook with its sheets, revision = sha256 of the bytes, unchanged on the same revision', async () => {
    const bytes = await renderTemplateXlsx(MMO_PLAN, { header: { mmo: '№4' } });
    await writeFile(join(dir, 'ММО-4.xlsx'), bytes);
    const source = new XlsxFolderSource(dir);
    const [ref] = await source.list();
    const first = await source.read(ref, null);
    expect(first.status).toBe('ok');
    if (first.status !== 'ok') return;
    expect(first.workbook.revision).toBe(sha256(bytes));
    expect(first.workbook.districtHint).toBe(4);
    // The hidden «Списки» tab is not data.
    expect(first.workbook.sheets.map((s) => s.name)).toEqual(['План ММО', 'Инструкция']);
    expect(await source.read(ref, first.workbook.revision)).toEqual({
      status: 'unchanged',
      ref,
      revision: sha256(bytes),
    });
  });

  it('fails a damaged file with a Russian reason, and a vanished one', async () => {
    await writeFile(join(dir, 'ММО-5.xlsx'), 'это не xlsx, а текст');
    const source = new XlsxFolderSource(dir);
    const [ref] = await source.list();
    const result = await source.read(ref, null);
    expect(result.status).toBe('failed');
    if (result.status === 'failed')
      expect(result.reason).toBe(
        'Файл «ММО-5.xlsx» повреждён или это не книга Excel (.xlsx): откройте его в Excel или LibreOffice и сохраните заново как .xlsx',
      );
    await rm(join(dir, 'ММО-5.xlsx'));
    const gone = await source.read(ref, null);
    expect(gone.status === 'failed' && gone.reason).toContain('не найден');
  });

  it('reads an empty workbook as ok with no sheets; the engine says there is no data', async () => {
    const empty = new ExcelJS.Workbook();
    await writeFile(join(dir, 'пусто.xlsx'), Buffer.from(await empty.xlsx.writeBuffer()));
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet('Лист1');
    await writeFile(join(dir, 'пустой лист.xlsx'), Buffer.from(await blank.xlsx.writeBuffer()));
    const source = new XlsxFolderSource(dir);
    const results = await Promise.all((await source.list()).map((ref) => source.read(ref, null)));
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
    const workbooks = results.flatMap((r) => (r.status === 'ok' ? [r.workbook] : []));
    expect(workbooks.map((w) => [w.name, w.sheets.length])).toEqual([
      ['пусто.xlsx', 0],
      ['пустой лист.xlsx', 1],
    ]);
    const c = consolidate({ entries: workbooks.map(okEntry) });
    expect(c.issues.map((i) => [i.file, i.severity, i.message])).toEqual([
      ['пусто.xlsx', 'error', 'в файле нет листов с данными'],
      ['пустой лист.xlsx', 'error', 'в файле нет листов с данными'],
    ]);
  });
});

describe('seedRegion', () => {
  it('writes the eight plans and the joint plan into an empty folder, and leaves a filled one alone', async () => {
    const written = await seedRegion(dir);
    expect(written).toHaveLength(9);
    const names = (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }));
    expect(names).toEqual([
      ...SEED_PLANS.districts.map((d) => `ММО-${d.no} ${d.name}.xlsx`),
      JOINT_PLAN_FILE,
    ]);
    expect(await seedRegion(dir)).toEqual([]);
  });
});
