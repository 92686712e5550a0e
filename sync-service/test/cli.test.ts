import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MMO_PLAN } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import { runCli, type ConsolidationReport } from '../src/cli.js';
import { seedRegion, SEED_PLANS } from '../src/seed/seed-region.js';
import { seedRows } from './fixtures/workbooks.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    now: () => new Date('2023-01-15T10:00:00Z'),
  });
  return { code, stdout, stderr };
}

async function report(path = join(dir, 'out', 'отчёт.json')): Promise<ConsolidationReport> {
  return JSON.parse(await readFile(path, 'utf8')) as ConsolidationReport;
}

async function sheetRows(path: string, name: string): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.getWorksheet(name)!.actualRowCount - 1;
}

describe('consolidate CLI', () => {
  it('prints Russian help', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Запуск:');
    expect(stdout).toContain('--input ПАПКА');
    expect(stdout).toContain('--year');
  });

  it('explains wrong arguments in Russian with exit code 2', async () => {
    expect(await cli('--output', 'x.xlsx')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Укажите папку с файлами'),
    });
    expect(await cli('--input', '.')).toMatchObject({ code: 2, stderr: expect.stringContaining('--output') });
    expect(await cli('--input', '.', '--report', 'r.json', '--year', 'двадцатый')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Учебный год «двадцатый» не распознан'),
    });
    expect(await cli('--input', '.', '--report', 'r.json', '--bogus')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('«--bogus»'),
    });
  });

  it('consolidates the seeded region: 80 events of the eight ММО and 10 joint events', async () => {
    await seedRegion(join(dir, 'region'));
    const { code, stderr } = await cli(
      '--input',
      'region',
      '--output',
      'out/свод.xlsx',
      '--report',
      'out/отчёт.json',
    );
    expect(code).toBe(0);
    expect(stderr).toContain('[3/9] ММО-3 Стратегия успеха.xlsx … 15 строк, 0 ошибок');
    expect(stderr).toContain('[9/9] РМЦ План совместной деятельности.xlsx … 10 строк, 0 ошибок');
    const r = await report();
    expect(r.totals).toMatchObject({
      planEvents: 80,
      jointEvents: 10,
      applications: 0,
      questionnaires: 0,
      errors: 0,
    });
    expect(r.academicYear).toBe('2022-2023');
    expect(r.sources.map((s) => [s.mmo, s.status, s.rows, s.issues])).toEqual([
      ...SEED_PLANS.districts.map((d) => [d.name, 'ok', d.events.length, 0]),
      [null, 'ok', 10, 0],
    ]);
    expect(r.sources[0].mmo).toBe('Андийский межмуниципальный методический округ');
    expect(r.issues).toEqual([]);
    expect(await sheetRows(join(dir, 'out', 'свод.xlsx'), 'Сводный план')).toBe(80);
    expect(await sheetRows(join(dir, 'out', 'свод.xlsx'), 'План с РМЦ')).toBe(10);
  });

  it('goes on past a corrupt file and an empty workbook, and reports them', async () => {
    await seedRegion(join(dir, 'region'));
    await writeFile(join(dir, 'region', 'ММО-9 сломан.xlsx'), 'PK\u0003\u0004 обрывок');
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Лист1');
    await writeFile(join(dir, 'region', 'Пустой.xlsx'), Buffer.from(await empty.xlsx.writeBuffer()));
    const { code, stderr } = await cli(
      '--input',
      'region',
      '--output',
      'out/свод.xlsx',
      '--report',
      'out/отчёт.json',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /ММО-9 сломан\.xlsx … не прочитан: Файл «ММО-9 сломан\.xlsx» повреждён или это не книга Excel/,
    );
    const r = await report();
    expect(r.totals.planEvents).toBe(80);
    const broken = r.sources.find((s) => s.file === 'ММО-9 сломан.xlsx')!;
    expect(broken).toMatchObject({ status: 'failed', rows: 0, issues: 1, mmo: null });
    expect(broken.reason).toMatch(
      /^Файл «ММО-9 сломан\.xlsx» повреждён или это не книга Excel \(\.xlsx\): откройте его/,
    );
    expect(r.sources.find((s) => s.file === 'Пустой.xlsx')).toMatchObject({
      status: 'ok',
      rows: 0,
      issues: 1,
    });
    expect(r.issues.map((i) => [i.file, i.severity, i.message.slice(0, 30)])).toEqual([
      ['ММО-9 сломан.xlsx', 'error', 'Файл «ММО-9 сломан.xlsx» повре'],
      ['Пустой.xlsx', 'error', 'В файле нет листов с данными'],
    ]);
    expect(r.issues[0]).toMatchObject({ sheet: null, row: null, column: null });
  });

  it('exits 1 with a Russian message when nothing can be read', async () => {
    await mkdir(join(dir, 'region'));
    expect(await cli('--input', 'region', '--report', 'r.json')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('нет файлов .xlsx'),
    });
    expect(await cli('--input', 'нет-такой', '--report', 'r.json')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('не найдена'),
    });
    await writeFile(join(dir, 'region', 'a.xlsx'), 'мусор');
    const { code, stderr } = await cli('--input', 'region', '--output', 'свод.xlsx', '--report', 'r.json');
    expect(code).toBe(1);
    expect(stderr).toContain('Не удалось прочитать ни одного файла');
    expect((await report(join(dir, 'r.json'))).sources[0].status).toBe('failed');
    expect(await readdir(dir)).not.toContain('свод.xlsx');
  });

  it('shows what changed since the previous run, and never reads its own output as a source', async () => {
    const region = join(dir, 'region');
    await seedRegion(region);
    const args = ['--input', 'region', '--output', 'region/свод.xlsx', '--report', 'out/отчёт.json'];
    expect((await cli(...args)).code).toBe(0);
    expect((await report()).changes).toBeNull();

    const rows = seedRows(4).slice(0, 7);
    rows[2] = { ...rows[2], place: 'Гунибский район' };
    await writeFile(
      join(region, 'ММО-4 Горный.xlsx'),
      await renderTemplateXlsx(MMO_PLAN, { header: { mmo: '№4. Горный', academicYear: '2022-2023' }, rows }),
    );
    expect((await cli(...args)).code).toBe(0);
    const r = await report();
    expect(r.sources).toHaveLength(9);
    expect(r.totals.planEvents).toBe(79);
    expect(r.changes).toMatchObject({ added: 0, removed: 1, changed: 1 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(region, 'свод.xlsx'));
    const changes = wb.getWorksheet('Изменения')!;
    const lines = changes
      .getSheetValues()
      .slice(2)
      .map((row) => (row as unknown[]).slice(1, 8));
    expect(lines).toEqual([
      [
        '№4. Горный',
        'План ММО',
        'изменено',
        'Методический семинар-практикум по обновленным ФГОС (Декабрь, 2022)',
        'Ответственный. Место проведения (район, ОО)',
        'Гергебильский район',
        'Гунибский район',
      ],
      [
        '№4. Горный',
        'План ММО',
        'удалено',
        'Установочное совещание по совместной деятельности в составе ММО (Сентябрь, 2022)',
        undefined,
        undefined,
        undefined,
      ],
    ]);
  });

  it('runs as a command, resolving relative paths against INIT_CWD (npm runs it inside sync-service/)', async () => {
    await seedRegion(join(dir, 'region'));
    const run = promisify(execFile);
    const { stderr } = await run(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['src/cli.ts', '--input', 'region', '--report', 'отчёт.json', '--year', '2022-2023'],
      {
        cwd: join(ROOT, 'sync-service'),
        env: { ...process.env, INIT_CWD: dir },
        timeout: 60_000,
      },
    );
    expect(stderr).toContain('[1/9]');
    expect((await report(join(dir, 'отчёт.json'))).totals.planEvents).toBe(80);
  }, 90_000);
});
