/**
 * The two things target 1 compares, on the same files:
 * - the full consolidation as `npm run consolidate` does it (read every source with
 *   XlsxFolderSource, recognise and validate every sheet, build and write the regional workbook),
 *   without the CLI's JSON report and snapshot, which are not part of «read, validate, write»;
 * - the floor under it: exceljs alone loading every source and streaming out as many cells as the
 *   regional workbook has, with no recognition, no validation, no styles.
 * Both run in whatever process calls them; the memory target runs the first in a child of its own.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { APPLICATION, INDICATORS_MUNICIPAL, MMO_PLAN, TEMPLATES } from '@mmo/templates';
import { difficultyField } from '../src/engine/aggregate.js';
import { diffConsolidations } from '../src/engine/changes.js';
import {
  consolidateSource,
  finishConsolidation,
  freshStatus,
  type SourcePart,
} from '../src/engine/consolidate.js';
import { templateDetector } from '../src/engine/detect-template.js';
import type { Consolidation } from '../src/model.js';
import { regionalSheets, type RegionalSheet } from '../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';

/** What the regional workbook holds per tab: the baseline writes exactly this many cells. */
export interface SheetShape {
  readonly name: string;
  /** Header row included. */
  readonly rows: number;
  readonly cols: number;
}

/** What the consolidation found, to compare with what the generator wrote. */
export interface ConsolidatedCounts {
  readonly planEvents: number;
  readonly applications: number;
  readonly questionnaires: number;
  readonly indicatorSheets: number;
  readonly rejectedRows: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface FullRun {
  readonly ms: number;
  readonly readMs: number;
  readonly validateMs: number;
  readonly writeMs: number;
  readonly cells: number;
  readonly shape: readonly SheetShape[];
  readonly counts: ConsolidatedCounts;
}

export function countsOf(c: Consolidation): ConsolidatedCounts {
  const byId = new Map(TEMPLATES.map((t) => [t.id, t]));
  let planEvents = 0;
  let applications = 0;
  let questionnaires = 0;
  let indicatorSheets = 0;
  let rejectedRows = 0;
  for (const s of c.sheets) {
    rejectedRows += s.rejectedRows;
    if (s.templateId === MMO_PLAN.id) planEvents += s.records.length;
    else if (s.templateId === APPLICATION.id) applications += s.records.length;
    else if (s.templateId === INDICATORS_MUNICIPAL.id) indicatorSheets++;
    else {
      const t = byId.get(s.templateId);
      if (t && difficultyField(t) !== null) questionnaires++;
    }
  }
  let errors = 0;
  for (const i of c.issues) if (i.severity === 'error') errors++;
  return {
    planEvents,
    applications,
    questionnaires,
    indicatorSheets,
    rejectedRows,
    errors,
    warnings: c.issues.length - errors,
  };
}

export function shapeOf(sheets: readonly RegionalSheet[]): SheetShape[] {
  return sheets.map((s) => ({
    name: s.name,
    rows: s.rows.length + 1,
    cols: Math.max(s.columns.length, ...s.rows.map((r) => r.length)),
  }));
}

export function cellsOf(shape: readonly SheetShape[]): number {
  return shape.reduce((n, s) => n + s.rows * s.cols, 0);
}

/** Read, validate, write: the CLI's path through the engine, sources one after another as it reads them. */
export async function fullConsolidation(dir: string, outPath: string): Promise<FullRun> {
  const t0 = performance.now();
  const source = new XlsxFolderSource(dir, { exclude: [outPath] });
  const detector = templateDetector(TEMPLATES);
  const parts: SourcePart[] = [];
  let readMs = 0;
  for (const ref of await source.list()) {
    const r0 = performance.now();
    const result = await source.read(ref, null);
    readMs += performance.now() - r0;
    if (result.status !== 'ok')
      throw new Error(
        `источник «${ref.name}» не прочитан: ${result.status === 'failed' ? result.reason : result.status}`,
      );
    parts.push(
      consolidateSource(
        { workbook: result.workbook, status: freshStatus(ref, result.workbook) },
        { detector },
      ),
    );
  }
  const consolidation = finishConsolidation(parts, {});
  const t1 = performance.now();
  const sheets = regionalSheets(consolidation, diffConsolidations(null, consolidation), {
    canSeePersonal: true,
  });
  await writeRegionalXlsx(sheets, outPath);
  const t2 = performance.now();
  const shape = shapeOf(sheets);
  return {
    ms: t2 - t0,
    readMs,
    validateMs: t1 - t0 - readMs,
    writeMs: t2 - t1,
    cells: cellsOf(shape),
    shape,
    counts: countsOf(consolidation),
  };
}

/**
 * The parts of a worksheet readWorkbookGrids tells exceljs to skip; the baseline skips the same,
 * so both sides parse the same XML and the ratio is about our work, not exceljs's options.
 */
const SKIPPED_NODES = [
  'dataValidations',
  'conditionalFormatting',
  'extLst',
  'hyperlinks',
  'drawing',
  'picture',
  'tableParts',
  'rowBreaks',
];

type Plain = string | number | boolean | Date;

export interface BaselineRun {
  readonly ms: number;
  readonly readMs: number;
  readonly writeMs: number;
  readonly cells: number;
}

/** Every .xlsx under `dir`, sorted by path. */
export async function xlsxFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && extname(e.name).toLowerCase() === '.xlsx')
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** exceljs alone: load every source, take its cell values, stream out `shape` worth of cells. */
export async function exceljsBaseline(
  dir: string,
  outPath: string,
  shape: readonly SheetShape[],
): Promise<BaselineRun> {
  const t0 = performance.now();
  const pool: Plain[] = [];
  for (const file of await xlsxFiles(dir)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer, { ignoreNodes: SKIPPED_NODES });
    for (const ws of wb.worksheets) {
      ws.eachRow({ includeEmpty: false }, (row) => {
        row.eachCell({ includeEmpty: false }, (cell) => {
          const v = cell.value;
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date)
            pool.push(v);
        });
      });
    }
  }
  const t1 = performance.now();
  await mkdir(dirname(outPath), { recursive: true });
  await rm(outPath, { force: true });
  const stream = createWriteStream(outPath);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useSharedStrings: false,
    useStyles: false,
  });
  let k = 0;
  let cells = 0;
  for (const s of shape) {
    const ws = writer.addWorksheet(s.name);
    for (let r = 0; r < s.rows; r++) {
      const values: Plain[] = new Array(s.cols);
      for (let c = 0; c < s.cols; c++) values[c] = pool.length ? pool[k++ % pool.length] : '';
      ws.addRow(values).commit();
      cells += s.cols;
    }
    ws.commit();
  }
  await writer.commit();
  const t2 = performance.now();
  return { ms: t2 - t0, readMs: t1 - t0, writeMs: t2 - t1, cells };
}
