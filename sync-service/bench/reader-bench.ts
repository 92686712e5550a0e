/**
 * The reader comparison and the writer options (issue 13): the generated region's files read by
 * every candidate of readers.ts, and the regional workbook written with the current writer and
 * with the other options exceljs has. Every figure is shown for context (INFO): what is adopted is
 * decided in README «Сравнение читателей .xlsx» from these numbers and the fixture check.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { TEMPLATES } from '@mmo/templates';
import { diffConsolidations } from '../src/engine/changes.js';
import {
  consolidateSource,
  finishConsolidation,
  freshStatus,
  type SourcePart,
} from '../src/engine/consolidate.js';
import { templateDetector } from '../src/engine/detect-template.js';
import { regionalSheets, type RegionalSheet } from '../src/output/regional-sheets.js';
import { SheetPartCache } from '../src/output/sheet-parts.js';
import { exceljsRegionalXlsx, writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { runJsonChild, type ChildLoader } from './child.js';
import { xlsxFiles } from './pipeline.js';
import { keepsText, type FixtureCheck } from './reader-fixtures.js';
import { cellCount, floorPass, READERS, type ReaderId } from './readers.js';

export const READER_ROW_IDS = [
  'reader.exceljs',
  'reader.exceljsStream',
  'reader.sheetjs',
  'reader.hucre',
  'reader.sheetkit',
  'reader.floor',
] as const;
export const WRITER_ROW_IDS = [
  'writer.current',
  'writer.exceljsStream',
  'writer.partsLevel6',
  'writer.reuseAll',
  'writer.reuseOne',
  'writer.level6',
  'writer.level9',
  'writer.sharedStrings',
  'writer.noStyles',
  'writer.document',
] as const;

export interface ReaderMeasure {
  readonly id: ReaderId;
  readonly label: string;
  readonly pkg: string;
  /** Median of the rounds, all files read one after another. */
  readonly ms: number;
  readonly runsMs: readonly number[];
  /** Non-empty cells seen (the floor: <c> elements). */
  readonly cells: number;
  /** Peak RSS of a fresh process reading the same files with this candidate alone; null when not measured. */
  readonly maxRssMiB: number | null;
  readonly check: FixtureCheck;
  readonly keeps: string;
  /** When the candidate could not be loaded or failed on the region. */
  readonly error?: string;
}

export type WriterId =
  | 'current'
  | 'exceljsStream'
  | 'partsLevel6'
  | 'reuseAll'
  | 'reuseOne'
  | 'level6'
  | 'level9'
  | 'sharedStrings'
  | 'noStyles'
  | 'document';

/** The exceljs variants of writeVariant. */
type ExceljsVariant = 'level6' | 'level9' | 'sharedStrings' | 'noStyles' | 'document';

export interface WriterMeasure {
  readonly id: WriterId;
  readonly label: string;
  readonly ms: number;
  readonly bytes: number;
}

export interface ReaderBenchResult {
  readonly files: number;
  readonly bytes: number;
  readonly readers: readonly ReaderMeasure[];
  readonly writers: readonly WriterMeasure[];
  readonly rssMeasured: boolean;
  /** Where timings and the fixture check ran (dates depend on it). */
  readonly timeZones: readonly string[];
}

/** Reads every file with one candidate; the time of the reading alone, files already in memory. */
export async function readAll(
  id: ReaderId,
  files: readonly Buffer[],
): Promise<{ ms: number; cells: number }> {
  const reader = READERS.find((r) => r.id === id)!;
  const t0 = performance.now();
  let cells = 0;
  for (const bytes of files) {
    if (id === 'floor') cells += floorPass(bytes);
    else cells += cellCount((await reader.read(bytes)) ?? []);
  }
  return { ms: performance.now() - t0, cells };
}

/**
 * The fixture check in UTC and in the region's own zone, each in a fresh process started in that
 * zone: a reader that shifts dates by the zone's offset shows it only away from UTC, and some
 * (SheetJS) fix their date arithmetic to the zone they were loaded in. A kind counts as kept only
 * if kept in every zone.
 */
async function checkInZones(
  zones: readonly string[],
  loader: ChildLoader,
  timeoutMs: number,
): Promise<Map<ReaderId, FixtureCheck>> {
  const perZone: Record<string, FixtureCheck>[] = [];
  for (const zone of zones)
    perZone.push(
      await runJsonChild<Record<string, FixtureCheck>>('reader-check-child.ts', [], loader, timeoutMs, {
        TZ: zone,
      }),
    );
  const out = new Map<ReaderId, FixtureCheck>();
  for (const r of READERS) {
    const checks = perZone.map((z) => z[r.id]);
    const kinds = [...new Set(checks.flatMap((c) => [...c.kept, ...c.lost]))];
    const lost: string[] = [];
    const kept: string[] = [];
    for (const k of kinds) {
      const where = zones.filter((_, i) => checks[i].lost.includes(k));
      if (where.length === 0) kept.push(k);
      else lost.push(where.length === zones.length ? k : `${k} в ${where.join(', ')}`);
    }
    out.set(r.id, { kept, lost, applicable: checks.every((c) => c.applicable) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writers

/** The same sheets the current writer gets, through exceljs with other options. */
async function writeVariant(
  sheets: readonly RegionalSheet[],
  path: string,
  id: ExceljsVariant,
): Promise<void> {
  const layout = (wb: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter, commit: boolean) => {
    for (const sheet of sheets) {
      const ws = wb.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = sheet.columns.map((c, i) => ({ key: `c${i}`, width: c.width }));
      const header = ws.addRow(sheet.columns.map((c) => c.header));
      header.font = { bold: true };
      if (commit) header.commit();
      for (const values of sheet.rows) {
        const row = ws.addRow([...values]);
        values.forEach((v, i) => {
          if (v instanceof Date) row.getCell(i + 1).numFmt = 'dd.mm.yyyy';
        });
        if (commit) row.commit();
      }
      if (commit) (ws as unknown as { commit(): void }).commit();
    }
  };
  if (id === 'document') {
    // The document API: every cell an object in memory, zipped by JSZip (pure JS) at the end.
    const wb = new ExcelJS.Workbook();
    layout(wb, false);
    await wb.xlsx.writeFile(path);
    return;
  }
  const zlibLevel = id === 'level6' ? 6 : id === 'level9' ? 9 : undefined;
  const stream = createWriteStream(path);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useSharedStrings: id === 'sharedStrings',
    useStyles: id !== 'noStyles',
    ...(zlibLevel === undefined ? {} : { zip: { zlib: { level: zlibLevel } } }),
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  layout(wb, true);
  await wb.commit();
}

const WRITER_LABELS: Readonly<Record<WriterId, string>> = {
  current:
    'сейчас, первая запись: части листов (тот же XML, что у exceljs), node:zlib уровень 1, без кэша — все листы',
  // archiver's compress-commons deflates at level 1 (best speed) unless told otherwise.
  exceljsStream:
    'прежняя: потоковый WorkbookWriter exceljs, стили, без общих строк, zlib уровень 1 (по умолчанию compress-commons)',
  partsLevel6: 'части листов, node:zlib уровень 6 (файл меньше, запись дольше)',
  reuseAll: 'части листов, повторная запись без изменений: хеши листов, все части из кэша',
  reuseOne: 'части листов, изменён один лист («Сводный план»): он отрисован, остальные из кэша',
  level6: 'потоковый WorkbookWriter exceljs, zlib уровень 6 (по умолчанию самого zlib)',
  level9: 'то же, zlib уровень 9',
  sharedStrings: 'то же, с общими строками (useSharedStrings)',
  noStyles: 'то же, без стилей (useStyles: false; даты без формата — числа)',
  document: 'документный API (Workbook.xlsx.writeFile, JSZip)',
};

async function regionalSheetsOf(dir: string): Promise<RegionalSheet[]> {
  const source = new XlsxFolderSource(dir);
  const detector = templateDetector(TEMPLATES);
  const parts: SourcePart[] = [];
  for (const ref of await source.list()) {
    const r = await source.read(ref, null);
    if (r.status !== 'ok') continue;
    parts.push(
      consolidateSource({ workbook: r.workbook, status: freshStatus(ref, r.workbook) }, { detector }),
    );
  }
  const c = finishConsolidation(parts, {});
  return regionalSheets(c, diffConsolidations(null, c), { canSeePersonal: true });
}

async function measureWriters(regionDir: string, outDir: string, runs: number): Promise<WriterMeasure[]> {
  const sheets = await regionalSheetsOf(regionDir);
  const ids: WriterId[] = [
    'current',
    'exceljsStream',
    'partsLevel6',
    'reuseAll',
    'reuseOne',
    'level6',
    'level9',
    'sharedStrings',
    'noStyles',
    'document',
  ];
  const times = new Map<WriterId, number[]>(ids.map((id) => [id, []]));
  const sizes = new Map<WriterId, number>();
  await mkdir(outDir, { recursive: true });
  // Caches as a sync leaves them: the whole workbook written once.
  const warmAll = new SheetPartCache();
  const warmOne = new SheetPartCache();
  await warmAll.partsOf(sheets);
  await warmOne.partsOf(sheets);
  const changedAt = Math.max(
    0,
    sheets.findIndex((s) => s.name === 'Сводный план'),
  );
  for (let i = 0; i < runs; i++) {
    // New sheet objects, as the next sync builds them: their hashes are computed in the timing.
    const same = sheets.map((s) => ({ ...s }));
    // A different cell each round, so the cache never holds the changed sheet already.
    const one = sheets.map((s, k) =>
      k === changedAt
        ? { ...s, rows: [[`изменено ${i}`, ...(s.rows[0] ?? []).slice(1)], ...s.rows.slice(1)] }
        : { ...s },
    );
    // Rounds alternate the variants, so a shared machine's drift hits them alike.
    for (const id of ids) {
      const path = join(outDir, `writer-${id}.xlsx`);
      await rm(path, { force: true });
      const t0 = performance.now();
      if (id === 'current') await writeRegionalXlsx(sheets, path);
      else if (id === 'exceljsStream') {
        const stream = createWriteStream(path);
        await exceljsRegionalXlsx(sheets, stream);
        await finished(stream);
      } else if (id === 'partsLevel6')
        await writeRegionalXlsx(sheets, path, { cache: new SheetPartCache({ level: 6 }) });
      else if (id === 'reuseAll') await writeRegionalXlsx(same, path, { cache: warmAll });
      else if (id === 'reuseOne') await writeRegionalXlsx(one, path, { cache: warmOne });
      else await writeVariant(sheets, path, id);
      times.get(id)!.push(performance.now() - t0);
      sizes.set(id, (await stat(path)).size);
    }
  }
  return ids.map((id) => ({
    id,
    label: WRITER_LABELS[id],
    ms: median(times.get(id)!),
    bytes: sizes.get(id)!,
  }));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 160);
}

export interface ReaderBenchOptions {
  readonly regionDir: string;
  readonly outDir: string;
  readonly runs: number;
  /** Peak RSS per candidate in a child process each (seconds of module loading per child). */
  readonly measureRss: boolean;
  readonly childLoader: ChildLoader;
  readonly childTimeoutMs: number;
  readonly log?: (line: string) => void;
}

export async function measureReaders(o: ReaderBenchOptions): Promise<ReaderBenchResult> {
  const log = o.log ?? (() => {});
  const paths = await xlsxFiles(o.regionDir);
  const files = await Promise.all(paths.map((p) => readFile(p)));
  const zones = ['UTC', 'Europe/Moscow'];
  const checks = await checkInZones(zones, o.childLoader, o.childTimeoutMs);
  const times = new Map<ReaderId, number[]>(READERS.map((r) => [r.id, []]));
  const cells = new Map<ReaderId, number>();
  const errors = new Map<ReaderId, string>();
  for (let i = 0; i < o.runs; i++) {
    for (const r of READERS) {
      if (errors.has(r.id)) continue;
      try {
        const m = await readAll(r.id, files);
        times.get(r.id)!.push(m.ms);
        cells.set(r.id, m.cells);
      } catch (e) {
        errors.set(r.id, errorText(e));
      }
    }
  }
  const rss = new Map<ReaderId, number>();
  if (o.measureRss) {
    for (const r of READERS) {
      if (errors.has(r.id)) continue;
      try {
        const m = await runJsonChild<{ maxRssKiB: number }>(
          'reader-child.ts',
          [r.id, o.regionDir],
          o.childLoader,
          o.childTimeoutMs,
        );
        rss.set(r.id, m.maxRssKiB / 1024);
      } catch (e) {
        log(`  RSS «${r.label}» не измерен: ${errorText(e)}`);
      }
    }
  }
  const readers = READERS.map((r): ReaderMeasure => {
    const check = checks.get(r.id)!;
    const runsMs = times.get(r.id)!;
    return {
      id: r.id,
      label: r.label,
      pkg: r.pkg,
      ms: runsMs.length ? median(runsMs) : Number.NaN,
      runsMs,
      cells: cells.get(r.id) ?? 0,
      maxRssMiB: rss.get(r.id) ?? null,
      check,
      keeps: keepsText(check),
      ...(errors.has(r.id) ? { error: errors.get(r.id)! } : {}),
    };
  });
  log(`  читатели: ${readers.map((r) => `${r.id} ${Math.round(r.ms)} мс`).join(', ')}`);
  const writers = await measureWriters(o.regionDir, o.outDir, o.runs);
  log(`  запись: ${writers.map((w) => `${w.id} ${Math.round(w.ms)} мс`).join(', ')}`);
  return {
    files: files.length,
    bytes: files.reduce((n, b) => n + b.length, 0),
    readers,
    writers,
    rssMeasured: o.measureRss,
    timeZones: zones,
  };
}

// ---------------------------------------------------------------------------------------------
// The comparison as README «Сравнение читателей .xlsx» shows it

const nf = (digits: number) =>
  new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const num = (n: number, digits = 0) =>
  nf(digits)
    .format(n)
    .replace(/\u00a0/g, ' ');
const secs = (ms: number) => `${num(ms / 1000, 2)} с`;
const cellText = (t: string) => t.replace(/\|/g, '\\|');

export function readerTables(r: ReaderBenchResult): string {
  const ref = r.readers[0];
  const cur = r.writers.find((w) => w.id === 'current');
  return [
    `Чтение ${r.files} файлов региона (${num(r.bytes / 2 ** 20, 1)} МиБ), медиана ${ref.runsMs.length} прох.; проверка на образцах — в ${r.timeZones.join(' и ')}:`,
    '',
    '| Читатель | Пакет | Время | × exceljs (документ) | Пик RSS | Непустых ячеек | Сохраняет нужное |',
    '|---|---|---|---|---|---|---|',
    ...r.readers.map((m) => {
      const time = m.error ? `ошибка: ${m.error}` : secs(m.ms);
      const ratio = m.error ? '—' : `${num(m.ms / ref.ms, 2)}×`;
      const rss =
        m.maxRssMiB === null ? (r.rssMeasured ? '—' : 'в полном запуске') : `${num(m.maxRssMiB)} МиБ`;
      const cells = m.id === 'floor' ? `${num(m.cells)} (элементов <c>)` : num(m.cells);
      return `| ${cellText(m.label)} | ${cellText(m.pkg)} | ${time} | ${ratio} | ${rss} | ${cells} | ${cellText(m.keeps)} |`;
    }),
    '',
    '| Запись сводной книги | Время | × текущей | Размер | × текущей |',
    '|---|---|---|---|---|',
    ...r.writers.map(
      (w) =>
        `| ${cellText(w.label)} | ${secs(w.ms)} | ${cur ? num(w.ms / cur.ms, 2) : '—'}× | ${num(w.bytes / 2 ** 20, 2)} МиБ | ${cur ? num(w.bytes / cur.bytes, 2) : '—'}× |`,
    ),
  ].join('\n');
}
