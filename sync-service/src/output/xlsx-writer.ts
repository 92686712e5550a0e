/**
 * Writes the regional workbook to .xlsx: each sheet a self-contained part (sheet-parts.ts), reused
 * from the last write when the sheet did not change, assembled into a zip with node:zlib. The file
 * appears whole or not at all: it is written beside the target and renamed over it, so a reader
 * never opens half a workbook.
 *
 * `exceljsRegionalXlsx` is the workbook as exceljs's streaming writer wrote it before: the
 * reference the parts are checked against (tests) and measured against (bench).
 */
import { type WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { uniqueSheetNames, type CellValue } from '@mmo/shared';
import type { RegionalSheet } from './regional-sheets.js';
import { OWNER_AND_GROUP } from '../file-modes.js';
import { cleanText, SheetPartCache, workbookEntries, zipBuffers, type PartsUse } from './sheet-parts.js';

const DATE_FORMAT = 'dd.mm.yyyy';

/**
 * A cell value exceljs writes as exactly what it is. Strings are always string cells — exceljs
 * only makes a formula from a `{ formula }` object — so «=СУММ(…)», «+7 928…», «-», «@home» stay text.
 */
function cellValue(value: CellValue): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  return value;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — not ours to judge.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process killed mid-write leaves «regional.xlsx.tmp-<pid>» behind; without this they pile up. */
async function removeOrphanedTemps(path: string): Promise<void> {
  const prefix = `${basename(path)}.tmp-`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid))
      await rm(join(dirname(path), name), { force: true });
  }
}

export interface XlsxWriteOptions {
  /** The workbook holds personal data — never world-readable (see file-modes.ts). */
  readonly mode?: number;
  /** Parts of the last write to reuse; without it every sheet is rendered. */
  readonly cache?: SheetPartCache;
}

const CREATOR = 'ММО Sync';

/** Tab names by Excel's rules; exceljs reserves «History», and the names stay as they were. */
function tabNames(sheets: readonly RegionalSheet[]): string[] {
  return uniqueSheetNames(
    sheets.map((s) => s.name),
    ['History'],
  );
}

/**
 * Writes the sheets to `path`, replacing an earlier file only once the new one is complete.
 * A number for `options` is the file mode (as before the cache).
 */
export async function writeRegionalXlsx(
  sheets: readonly RegionalSheet[],
  path: string,
  options: number | XlsxWriteOptions = {},
): Promise<PartsUse> {
  const { mode = OWNER_AND_GROUP, cache = new SheetPartCache() } =
    typeof options === 'number' ? { mode: options } : options;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await rm(tmp, { force: true });
  await removeOrphanedTemps(path);
  const parts = await cache.partsOf(sheets);
  const at = new Date();
  const buffers = zipBuffers(await workbookEntries(tabNames(sheets), parts, CREATOR, at), at);
  const file = await open(tmp, 'wx', mode);
  try {
    await file.writev(buffers);
    await file.close();
    await rename(tmp, path);
  } catch (error) {
    await file.close().catch(() => {});
    await rm(tmp, { force: true });
    throw error;
  }
  return cache.lastWrite;
}

/** The regional workbook as exceljs's streaming writer writes it, into `stream` (not closed on failure). */
export async function exceljsRegionalXlsx(
  sheets: readonly RegionalSheet[],
  stream: WriteStream,
  zip?: { readonly zlib: { readonly level: number } },
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useSharedStrings: false,
    useStyles: true,
    ...(zip ? { zip } : {}),
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  workbook.creator = CREATOR;
  const names = tabNames(sheets);
  for (const [i, sheet] of sheets.entries()) {
    // РМЦ prints these: landscape, all columns on one page width, the header row on every page.
    const ws = workbook.addWorksheet(names[i], {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:1',
      },
    });
    ws.columns = sheet.columns.map((c, i) => ({ key: `c${i}`, width: c.width }));
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for (const values of sheet.rows) {
      const row = ws.addRow(values.map(cellValue));
      values.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
      });
      row.commit();
    }
    if (sheet.columns.length)
      ws.autoFilter = {
        from: { row: 1, column: 1 },
        to: { row: sheet.rows.length + 1, column: sheet.columns.length },
      };
    ws.commit();
  }
  await workbook.commit();
}
