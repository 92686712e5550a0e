import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheet, sheetLayout } from '@mmo/shared';
import { TEMPLATES } from '../index.js';
import { generateTemplates, optionsFromArgs, templateFileName } from './generate.js';
import { readWorkbookGrids } from './index.js';
import { loadWorkbook, validationsOf } from './xlsx.test-helper.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('generateTemplates', () => {
  it('writes one readable file per definition and says so in Russian', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'mmo-templates-'));
    dirs.push(outDir);
    const lines: string[] = [];
    const written = await generateTemplates({
      outDir,
      academicYear: { startYear: 2022 },
      districtNo: 4,
      log: (l) => lines.push(l),
      relativeTo: outDir,
    });
    expect(written.map((w) => path.basename(w.file))).toEqual(TEMPLATES.map((t) => `${t.id}.xlsx`));
    expect((await readdir(outDir)).sort()).toEqual(TEMPLATES.map((t) => `${t.id}.xlsx`).sort());
    expect(lines).toEqual(TEMPLATES.map((t) => `Записан шаблон «${t.sheetName}»: ${t.id}.xlsx`));
    for (const { template, file } of written) {
      const buffer = await readFile(file);
      const [sheet] = await readWorkbookGrids(buffer);
      const read = readSheet(template, sheet.grid);
      expect(read.headerRow).toBe(sheetLayout(template).tableHeaderRow);
      const mmo = template.header.find((f) => f.type === 'mmo');
      if (mmo) expect(read.header[mmo.key]?.value).toBe('№4. Горный');
      const year = template.header.find((f) => f.type === 'academicYear');
      if (year) expect(read.header[year.key]?.value).toBe('2022-2023');
      // The period dropdown offers the months of the requested year.
      const workbook = await loadWorkbook(buffer);
      const lists = workbook.getWorksheet('Списки');
      const period = template.layout === 'table' && template.columns.some((f) => f.type === 'period');
      if (period) {
        const values: string[] = [];
        lists!.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value))));
        expect(values).toContain('Ноябрь, 2022');
        expect(Object.keys(validationsOf(workbook.worksheets[0])).length).toBeGreaterThan(0);
      }
    }
  });

  it('file names are ASCII', () => {
    for (const t of TEMPLATES) expect(templateFileName(t)).toMatch(/^[a-z0-9_-]+\.xlsx$/);
    expect(templateFileName({ ...TEMPLATES[0], id: 'План ММО/2' })).toBe('2.xlsx');
  });
});

describe('command line', () => {
  const cwd = '/work/somewhere';
  const today = new Date(2024, 9, 15);

  it('defaults: templates/out, the current academic year, no ММО', () => {
    const o = optionsFromArgs([], {}, cwd, today);
    expect(o.outDir.endsWith(path.join('templates', 'out'))).toBe(true);
    expect(o.academicYear).toEqual({ startYear: 2024 });
    expect(o.districtNo).toBeNull();
  });

  it('reads --out, --year and --mmo (number or name), also as npm keeps them', () => {
    expect(
      optionsFromArgs(['--out', 'x', '--year', '2022-2023', '--mmo', '4'], {}, cwd, today),
    ).toMatchObject({
      outDir: path.resolve(cwd, 'x'),
      academicYear: { startYear: 2022 },
      districtNo: 4,
    });
    expect(optionsFromArgs(['--mmo', 'Горный'], {}, cwd, today).districtNo).toBe(4);
    expect(
      optionsFromArgs([], { npm_config_year: '2021/22', npm_config_mmo: '2' }, cwd, today),
    ).toMatchObject({
      academicYear: { startYear: 2021 },
      districtNo: 2,
    });
    expect(optionsFromArgs([], { npm_config_year: 'true' }, cwd, today).academicYear).toEqual({
      startYear: 2024,
    });
  });

  it('explains bad options in Russian', () => {
    expect(() => optionsFromArgs(['--year', 'прошлый'], {}, cwd, today)).toThrow(
      /Учебный год «прошлый» не распознан/,
    );
    expect(() => optionsFromArgs(['--mmo', '9'], {}, cwd, today)).toThrow(/ММО «9» не найден/);
    expect(() => optionsFromArgs(['--colour', 'red'], {}, cwd, today)).toThrow(/Непонятный параметр/);
    expect(() => optionsFromArgs(['2022-2023'], {}, cwd, today)).toThrow(/Использование/);
  });
});
