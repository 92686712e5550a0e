/**
 * The regional workbook of the demo region and of a small bench region, compared sheet by sheet
 * (names, headers, cells) with a committed golden file: a refactor of how forms declare their faces
 * must leave what РМЦ reads unchanged. Each sheet keeps its first rows verbatim and a digest of all
 * of them, so the file stays small and still notices any changed cell.
 *
 * A deliberate change of the workbook regenerates the file:
 *   UPDATE_GOLDEN=1 npx vitest run sync-service/test/golden-workbook.test.ts
 * and the diff of golden/regional-workbook.json is then reviewed with the change.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICTS } from '@mmo/shared';
import { APPLICATION } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import { applicationFill, editPlan, generateRegion, type GeneratedRegion } from '../bench/generate.js';
import { consolidate } from '../src/engine/consolidate.js';
import { diffConsolidations } from '../src/engine/changes.js';
import type { Consolidation } from '../src/model.js';
import { regionalSheets, type RegionalSheet } from '../src/output/regional-sheets.js';
import { seedRegion } from '../src/seed/seed-region.js';
import { okEntry, workbookOf } from './fixtures/workbooks.js';

const GOLDEN = join(import.meta.dirname, 'golden', 'regional-workbook.json');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NOW = new Date('2023-01-15T10:00:00Z');
const LATER = new Date('2023-01-16T10:00:00Z');
/** Rows kept verbatim per sheet; the rest is in the digest. */
const ROWS_KEPT = 12;
/** Small, but with every questionnaire variant (9 a ММО: 5 ОО, 3 ДОО, 1 ДОД) and every ММО's indicators. */
const BENCH_SPEC = { planEvents: 40, applications: 64, questionnaires: 72, indicatorSheets: 8 };
const BENCH_SEED = 20_221_101;

interface GoldenSheet {
  readonly name: string;
  readonly headers: readonly string[];
  readonly rowCount: number;
  readonly rows: readonly unknown[];
  readonly digest: string;
}

type Golden = Record<string, readonly GoldenSheet[]>;

/** JSON as the golden file stores it: a Date is its ISO string. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function goldenOf(sheets: readonly RegionalSheet[]): GoldenSheet[] {
  return sheets.map((s) => {
    const rows = plain(s.rows) as unknown[];
    return {
      name: s.name,
      headers: s.columns.map((c) => c.header),
      rowCount: rows.length,
      rows: rows.slice(0, ROWS_KEPT),
      digest: createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16),
    };
  });
}

async function consolidateFolder(dir: string, now: Date): Promise<Consolidation> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.xlsx')).sort();
  const entries = await Promise.all(
    names.map(async (n) => okEntry(await workbookOf(n, await readFile(join(dir, n))))),
  );
  return consolidate({ entries, now });
}

let root: string;
const actual: Golden = {};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmo-golden-'));
  const demoDir = join(root, 'demo');
  await seedRegion(demoDir);
  const demo = await consolidateFolder(demoDir, NOW);
  actual['demo'] = goldenOf(regionalSheets(demo, null, { canSeePersonal: true }));

  const region: GeneratedRegion = await generateRegion({
    dir: join(root, 'bench'),
    spec: BENCH_SPEC,
    seed: BENCH_SEED,
  });
  const before = await consolidateFolder(region.dir, NOW);
  actual['bench'] = goldenOf(regionalSheets(before, null, { canSeePersonal: true }));
  actual['bench, public'] = goldenOf(regionalSheets(before, null, { canSeePersonal: false }));

  // A second revision: one plan edited, one заявка with a row changed and a row gone, one ММО's
  // questionnaires withdrawn — «Изменения» then lists records of every keyed form.
  await editPlan(region, 1, 1);
  const d2 = DISTRICTS.find((d) => d.no === 2)!;
  const fill = applicationFill(BENCH_SEED, d2, 8);
  const rows = (fill.rows ?? []).slice(0, -1).map((r, i) => (i === 0 ? { ...r, venue: 'ДИРО, ауд. 1' } : r));
  await writeFile(
    join(region.dir, 'ММО-2 заявка.xlsx'),
    await renderTemplateXlsx(APPLICATION, { ...fill, rows }),
  );
  await rm(join(region.dir, 'ММО-3 анкеты.xlsx'));
  const after = await consolidateFolder(region.dir, LATER);
  actual['bench, second revision'] = goldenOf(
    regionalSheets(after, diffConsolidations(before, after), { canSeePersonal: true }),
  );

  if (UPDATE) await writeFile(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the regional workbook against its golden file', () => {
  it('has every region of the golden file', async () => {
    const golden = JSON.parse(await readFile(GOLDEN, 'utf8')) as Golden;
    expect(Object.keys(actual)).toEqual(Object.keys(golden));
  });

  for (const region of ['demo', 'bench', 'bench, public', 'bench, second revision']) {
    it(`«${region}»: the same sheets, headers and cells`, async () => {
      const golden = JSON.parse(await readFile(GOLDEN, 'utf8')) as Golden;
      const mine = actual[region];
      expect(mine.map((s) => s.name)).toEqual(golden[region].map((s) => s.name));
      for (const [i, sheet] of mine.entries())
        expect(sheet, `лист «${sheet.name}»`).toEqual(golden[region][i]);
    });
  }
});
