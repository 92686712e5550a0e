/**
 * The regional workbook written from cached sheet parts: the first write is the workbook exceljs's
 * streaming writer wrote (sheet XML byte for byte, and the same read back), and a write after one
 * sheet changed renders that sheet only and still reads back as a fresh full write.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '@mmo/shared';
import { consolidate } from '../src/engine/consolidate.js';
import { diffConsolidations } from '../src/engine/changes.js';
import type { Consolidation } from '../src/model.js';
import { regionalSheets, type RegionalSheet } from '../src/output/regional-sheets.js';
import { SheetPartCache } from '../src/output/sheet-parts.js';
import { exceljsRegionalXlsx, writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { seedRegion } from '../src/seed/seed-region.js';
import { inflateEntry, zipEntries } from '../src/sources/zip-entries.js';
import { okEntry, workbookOf } from './fixtures/workbooks.js';

const NOW = new Date('2023-01-15T10:00:00Z');
const CAP = 256 * 2 ** 20;

let dir: string;
let demo: Consolidation;
let sheets: RegionalSheet[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-parts-'));
  const src = join(dir, 'demo');
  await seedRegion(src);
  const names = (await readdir(src)).filter((n) => n.endsWith('.xlsx')).sort();
  const entries = await Promise.all(
    names.map(async (n) => okEntry(await workbookOf(n, await readFile(join(src, n))))),
  );
  demo = consolidate({ entries, now: NOW });
  sheets = regionalSheets(demo, diffConsolidations(null, demo), { canSeePersonal: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every cell value a regional sheet can hold, and the odd ones a paste brings. */
const TRICKY: RegionalSheet[] = [
  {
    name: 'Ячейки',
    columns: [
      { header: 'Текст', width: 30 },
      { header: 'Дата', width: 12 },
      { header: 'Число', width: 12 },
      { header: 'Да/нет', width: 9 },
      { header: 'Ещё', width: 9 },
    ],
    rows: [
      ['=СУММ(A1:A3)', new Date('2023-01-05T00:00:00Z'), 3.5, true, null],
      ['a&<b>"\'\u0001\u007f\uFFFE', new Date('2022-09-01T12:34:56Z'), -0, false, ''],
      ['  два\nабзаца\r\n\tс табом  ', new Date(Number.NaN), Number.NaN, null, Infinity],
      ['я'.repeat(40_000), null, 1e21, null, 1e-7],
      [null, null, null],
      [],
      ['длиннее заголовка', 1, 2, 3, 4, 5, 6],
    ] satisfies CellValue[][],
  },
  { name: 'Пустой', columns: [], rows: [] },
  { name: 'Только заголовок', columns: [{ header: '', width: 5 }], rows: [] },
  {
    name: 'Ширины',
    columns: [7, 7, 9, 9, 11, 11, 11, 9, 7].map((width, i) => ({ header: `к${i}`, width })),
    rows: [['x']],
  },
];

async function exceljsFile(s: readonly RegionalSheet[], path: string): Promise<void> {
  const stream = createWriteStream(path);
  await exceljsRegionalXlsx(s, stream);
  await finished(stream);
}

/** The zip's entries inflated, by name. */
async function entriesOf(path: string): Promise<Map<string, string>> {
  const zip = await readFile(path);
  return new Map(zipEntries(zip).map((e) => [e.name, inflateEntry(zip, e, CAP).toString('utf8')]));
}

/** The sheets' deflated bytes as stored, by sheet entry name. */
async function storedSheets(path: string): Promise<Map<string, Buffer>> {
  const zip = await readFile(path);
  return new Map(
    zipEntries(zip)
      .filter((e) => e.name.startsWith('xl/worksheets/'))
      .map((e) => [e.name, zip.subarray(e.dataOffset, e.dataOffset + e.compressedSize)]),
  );
}

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** What РМЦ sees of a workbook, as exceljs reads it: every cell with its type and style, and the layout. */
function seen(wb: ExcelJS.Workbook) {
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) =>
      row.eachCell({ includeEmpty: true }, (cell, c) =>
        cells.push([r, c, cell.type, cell.value, cell.numFmt ?? null, cell.font?.bold ?? false]),
      ),
    );
    return {
      name: ws.name,
      cells,
      widths: ws.columns?.map((c) => c.width) ?? [],
      views: ws.views,
      autoFilter: ws.autoFilter ?? null,
      pageSetup: ws.pageSetup,
      rows: ws.rowCount,
    };
  });
}

describe('the regional workbook from sheet parts', () => {
  it('writes the sheet XML exceljs wrote, byte for byte, and the same workbook read back', async () => {
    for (const [label, set] of [
      ['demo', sheets],
      ['tricky', TRICKY],
    ] as const) {
      const ours = join(dir, `${label}-parts.xlsx`);
      const theirs = join(dir, `${label}-exceljs.xlsx`);
      await writeRegionalXlsx(set, ours);
      await exceljsFile(set, theirs);
      const a = await entriesOf(ours);
      const b = await entriesOf(theirs);
      expect([...a.keys()].sort(), label).toEqual([...b.keys()].sort());
      for (const [name, xml] of b) {
        // Only the write time and who last wrote the file differ.
        if (name === 'docProps/core.xml') continue;
        const got = a.get(name) ?? '';
        let at = 0;
        while (at < xml.length && got[at] === xml[at]) at++;
        // The first difference with some context: a whole sheet would drown the report.
        expect(got.slice(at - 80, at + 80), `${label}: ${name}`).toBe(xml.slice(at - 80, at + 80));
        expect(got.length, `${label}: ${name}`).toBe(xml.length);
      }
      expect(seen(await readBack(ours)), label).toEqual(seen(await readBack(theirs)));
    }
  });

  it('after one sheet changed, renders that sheet only and reads back as a fresh full write', async () => {
    const cache = new SheetPartCache();
    const path = join(dir, 'свод.xlsx');
    const first = await writeRegionalXlsx(sheets, path, { cache });
    expect(first.rendered).toEqual(sheets.map((s) => s.name));
    expect(first.reused).toEqual([]);
    const before = await storedSheets(path);

    const at = sheets.findIndex((s) => s.name === 'Сводный план');
    const plan = sheets[at];
    const changed = sheets.map((s, i) =>
      i === at ? { ...plan, rows: [['изменено', ...plan.rows[0].slice(1)], ...plan.rows.slice(1)] } : s,
    );
    const second = await writeRegionalXlsx(changed, path, { cache });
    expect(second.rendered).toEqual(['Сводный план']);
    expect(second.reused).toEqual(sheets.filter((_, i) => i !== at).map((s) => s.name));
    const after = await storedSheets(path);
    for (const [name, bytes] of after) {
      if (name === `xl/worksheets/sheet${at + 1}.xml`) expect(bytes.equals(before.get(name)!)).toBe(false);
      else expect(bytes.equals(before.get(name)!), name).toBe(true);
    }

    const fresh = join(dir, 'заново.xlsx');
    await writeRegionalXlsx(changed, fresh);
    const got = seen(await readBack(path));
    expect(got).toEqual(seen(await readBack(fresh)));
    expect(got[at].cells).toContainEqual([2, 1, ExcelJS.ValueType.String, 'изменено', null, false]);

    // Nothing changed: nothing is rendered.
    const third = await writeRegionalXlsx(changed, path, { cache });
    expect(third.rendered).toEqual([]);
  });

  it('a sync after one plan changed reuses the sheets that do not depend on it', async () => {
    const cache = new SheetPartCache();
    const path = join(dir, 'синхронизация.xlsx');
    await writeRegionalXlsx(sheets, path, { cache });
    const edited: Consolidation = {
      ...demo,
      sheets: demo.sheets.map((s, i) =>
        i === demo.sheets.findIndex((x) => x.templateId === 'mmo-plan')
          ? {
              ...s,
              records: s.records.map((r, j) =>
                j === 0
                  ? {
                      ...r,
                      values: { ...r.values, title: `${String(r.values.title)} (перенесено)` },
                      raw: { ...r.raw, title: `${String(r.raw.title)} (перенесено)` },
                    }
                  : r,
              ),
            }
          : s,
      ),
    };
    const next = regionalSheets(edited, diffConsolidations(demo, edited), { canSeePersonal: true });
    const use = await writeRegionalXlsx(next, path, { cache });
    expect(use.rendered).toContain('Сводный план');
    expect(use.reused.length).toBeGreaterThan(0);
    const fresh = join(dir, 'синхронизация-заново.xlsx');
    await writeRegionalXlsx(next, fresh);
    expect(seen(await readBack(path))).toEqual(seen(await readBack(fresh)));
  });
});
