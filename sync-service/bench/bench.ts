/**
 * `runBench`: generates the synthetic region and measures the six targets of the performance
 * issue in one run, returning one row per measurement. A part whose code has not landed, or that
 * fails, becomes a «не измерено: …» row instead of stopping the others.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { measureAddon, type AddonResult } from './addon.js';
import { BENCH_DIR, runJsonChild, type ChildLoader } from './child.js';
import {
  DEFAULT_SEED,
  generateRegion,
  REGION_SPECS,
  type BenchScale,
  type GeneratedRegion,
  type RegionSpec,
} from './generate.js';
import { measureGoogle, type GoogleResult, type SpreadsheetCalls } from './google.js';
import { sharedThread } from '../src/sync/thread.js';
import { EDITED_MMO, measureIncremental, type IncrementalResult } from './incremental.js';
import {
  exceljsBaseline,
  fullConsolidation,
  type BaselineRun,
  type ConsolidatedCounts,
  type FullRun,
} from './pipeline.js';
import { measureReaders, READER_ROW_IDS, WRITER_ROW_IDS, type ReaderBenchResult } from './reader-bench.js';
import {
  startBenchService,
  type FloodOptions,
  type PageFloodResult,
  type RunningBenchService,
  type ServiceLoadResult,
} from './service.js';

export type RowStatus = 'PASS' | 'MISS' | 'INFO' | 'NOT_MEASURED';

export interface BenchRow {
  readonly id: RowId;
  /** Target number in the issue (1–6). */
  readonly target: number;
  /** What is measured, in Russian. */
  readonly name: string;
  /** The target as people read it («≤ 1,5»), or «—» for a measurement shown for context. */
  readonly threshold: string;
  /** The measured number in `unit`; null when not measured. */
  readonly value: number | null;
  readonly unit: string;
  /** The value as shown, with the numbers it comes from. */
  readonly measured: string;
  readonly status: RowStatus;
}

/** Every row the table always has, in order. */
export const ROW_IDS = [
  'consolidation.ratio',
  'consolidation.full',
  'consolidation.baseline',
  ...READER_ROW_IDS,
  ...WRITER_ROW_IDS,
  'incremental.ratio',
  'incremental.sync',
  'incremental.noChangeRatio',
  'memory.peak',
  'google.changed',
  'google.unchanged',
  'google.writes',
  'google.readWait',
  'google.inFlight',
  'service.errors',
  'service.statusP99',
  'service.planP99',
  'service.idleP99',
  'service.quietBlock',
  'service.floodStatusP99',
  'service.floodPage',
  'addon.create',
  'addon.check',
  'addon.form',
] as const;
export type RowId = (typeof ROW_IDS)[number];

export type BenchPart =
  'consolidation' | 'readers' | 'memory' | 'incremental' | 'google' | 'service' | 'addon';
export const BENCH_PARTS: readonly BenchPart[] = [
  'consolidation',
  'readers',
  'memory',
  'incremental',
  'google',
  'service',
  'addon',
];

export interface Machine {
  readonly os: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  /** 1/5/15-minute load averages when the run started: a shared machine is noisy. */
  readonly loadAverage: readonly number[];
}

export interface BenchResult {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly scale: BenchScale;
  readonly seed: number;
  readonly machine: Machine;
  readonly generated: RegionSpec & {
    readonly sources: number;
    readonly sheets: number;
    readonly bytes: number;
    readonly ms: number;
  };
  /** What the first full consolidation found; equals `generated` when the generator and the engine agree. */
  readonly consolidated: ConsolidatedCounts | null;
  readonly rows: readonly BenchRow[];
  /** Raw measurements behind the rows. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface BenchOptions {
  readonly scale?: BenchScale;
  readonly seed?: number;
  /** Where the region and outputs go; default sync-service/bench/.data/<scale>. */
  readonly dataDir?: string;
  /** Full and baseline consolidations, alternated; the median of each is compared. */
  readonly runs?: number;
  readonly parts?: readonly BenchPart[];
  /** Progress lines in Russian. */
  readonly log?: (line: string) => void;
}

interface ScaleSettings {
  readonly runs: number;
  /** Rounds of the reader comparison and of the writer options, alternated. */
  readonly readerRuns: number;
  readonly incrementalEdits: number;
  readonly googleLatencyMs: number;
  readonly serviceMinSeconds: number;
  readonly serviceMaxSeconds: number;
  /**
   * Connections and requests per second on /api/status and /api/plan: 10 connections, a steady
   * stream of status polls and an occasional full plan, as a busy РМЦ morning would send.
   */
  readonly serviceLoad: {
    readonly statusConnections: number;
    readonly planConnections: number;
    readonly statusRate: number;
    readonly planRate: number;
  };
  readonly addonRows: readonly [number, number];
  /** The public page flooded after the sync load, /api/status polled beside it. */
  readonly pageFlood: FloodOptions;
  readonly childTimeoutMs: number;
  /**
   * Start the memory child and the service (with a store of its own) while the other parts run.
   * Only for the tiny run inside `npm test`: a child spends seconds loading the module graph
   * through tsx, and tiny numbers are not compared with anything.
   */
  readonly overlapChildren: boolean;
  /** How child processes load the code (see child.ts): as production does, or bundled for speed. */
  readonly childLoader: ChildLoader;
}

const SETTINGS: Readonly<Record<BenchScale, ScaleSettings>> = {
  full: {
    runs: 3,
    readerRuns: 3,
    incrementalEdits: 2,
    googleLatencyMs: 100,
    serviceMinSeconds: 5,
    serviceMaxSeconds: 600,
    serviceLoad: { statusConnections: 8, planConnections: 2, statusRate: 20, planRate: 2 },
    pageFlood: { seconds: 10, pageConnections: 16, statusRate: 20 },
    addonRows: [50, 5000],
    childTimeoutMs: 20 * 60_000,
    overlapChildren: false,
    childLoader: 'tsx',
  },
  tiny: {
    runs: 1,
    readerRuns: 1,
    incrementalEdits: 1,
    googleLatencyMs: 100,
    serviceMinSeconds: 0.5,
    serviceMaxSeconds: 60,
    serviceLoad: { statusConnections: 1, planConnections: 1, statusRate: 20, planRate: 2 },
    pageFlood: { seconds: 1, pageConnections: 4, statusRate: 20 },
    addonRows: [50, 500],
    childTimeoutMs: 2 * 60_000,
    overlapChildren: true,
    childLoader: 'bundle',
  },
};

// ---------------------------------------------------------------------------------------------
// Formatting (Russian: decimal comma, spaces between thousands)

const nf = (digits: number) =>
  new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const fmt = (n: number, digits = 0): string =>
  nf(digits)
    .format(n)
    .replace(/\u00a0/g, ' ');
const sec = (ms: number) => `${fmt(ms / 1000, ms < 10_000 ? 2 : 1)} с`;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].slice(0, 200);
}

function notMeasured(
  id: RowId,
  target: number,
  name: string,
  threshold: string,
  unit: string,
  reason: string,
): BenchRow {
  return {
    id,
    target,
    name,
    threshold,
    value: null,
    unit,
    measured: `не измерено: ${reason}`,
    status: 'NOT_MEASURED',
  };
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'неизвестен',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// ---------------------------------------------------------------------------------------------
// Rows per target

interface RowSpec {
  readonly id: RowId;
  readonly target: number;
  readonly name: string;
  readonly threshold: string;
  readonly unit: string;
}

const SPECS: Readonly<Record<RowId, RowSpec>> = {
  'consolidation.ratio': {
    id: 'consolidation.ratio',
    target: 1,
    name: 'Полная сводка / только exceljs (медианы)',
    threshold: '≤ 1,5',
    unit: '×',
  },
  'consolidation.full': {
    id: 'consolidation.full',
    target: 1,
    name: 'Полная сводка: чтение, проверка, запись сводной книги',
    threshold: '—',
    unit: 'мс',
  },
  'reader.exceljs': {
    id: 'reader.exceljs',
    target: 1,
    name: 'Чтение файлов региона: exceljs, документ (читатель сводки сейчас)',
    threshold: '—',
    unit: 'мс',
  },
  'reader.exceljsStream': {
    id: 'reader.exceljsStream',
    target: 1,
    name: 'Чтение файлов региона: exceljs, потоковый WorkbookReader',
    threshold: '—',
    unit: 'мс',
  },
  'reader.sheetjs': {
    id: 'reader.sheetjs',
    target: 1,
    name: 'Чтение файлов региона: SheetJS (npm «xlsx»)',
    threshold: '—',
    unit: 'мс',
  },
  'reader.hucre': {
    id: 'reader.hucre',
    target: 1,
    name: 'Чтение файлов региона: hucre (TypeScript, без зависимостей)',
    threshold: '—',
    unit: 'мс',
  },
  'reader.sheetkit': {
    id: 'reader.sheetkit',
    target: 1,
    name: 'Чтение файлов региона: SheetKit (Rust, готовый модуль N-API)',
    threshold: '—',
    unit: 'мс',
  },
  'reader.floor': {
    id: 'reader.floor',
    target: 1,
    name: 'Чтение файлов региона: пол — node:zlib + SAX, без объектов ячеек',
    threshold: '—',
    unit: 'мс',
  },
  'writer.current': {
    id: 'writer.current',
    target: 1,
    name: 'Запись сводной книги: части листов (XML как у exceljs), node:zlib уровень 1, все листы',
    threshold: '—',
    unit: 'мс',
  },
  'writer.exceljsStream': {
    id: 'writer.exceljsStream',
    target: 1,
    name: 'Запись сводной книги: прежняя (потоковый WorkbookWriter exceljs, zlib уровень 1)',
    threshold: '—',
    unit: 'мс',
  },
  'writer.partsLevel6': {
    id: 'writer.partsLevel6',
    target: 1,
    name: 'Запись сводной книги: части листов, node:zlib уровень 6',
    threshold: '—',
    unit: 'мс',
  },
  'writer.reuseAll': {
    id: 'writer.reuseAll',
    target: 2,
    name: 'Запись сводной книги без изменений: все части из кэша',
    threshold: '—',
    unit: 'мс',
  },
  'writer.reuseOne': {
    id: 'writer.reuseOne',
    target: 2,
    name: 'Запись сводной книги, изменён один лист: он отрисован, остальные из кэша',
    threshold: '—',
    unit: 'мс',
  },
  'writer.level6': {
    id: 'writer.level6',
    target: 1,
    name: 'Запись сводной книги: exceljs, zlib уровень 6',
    threshold: '—',
    unit: 'мс',
  },
  'writer.level9': {
    id: 'writer.level9',
    target: 1,
    name: 'Запись сводной книги: exceljs, zlib уровень 9',
    threshold: '—',
    unit: 'мс',
  },
  'writer.sharedStrings': {
    id: 'writer.sharedStrings',
    target: 1,
    name: 'Запись сводной книги: exceljs с общими строками',
    threshold: '—',
    unit: 'мс',
  },
  'writer.noStyles': {
    id: 'writer.noStyles',
    target: 1,
    name: 'Запись сводной книги: exceljs без стилей',
    threshold: '—',
    unit: 'мс',
  },
  'writer.document': {
    id: 'writer.document',
    target: 1,
    name: 'Запись сводной книги: документный API exceljs (JSZip)',
    threshold: '—',
    unit: 'мс',
  },
  'consolidation.baseline': {
    id: 'consolidation.baseline',
    target: 1,
    name: 'Только exceljs: чтение тех же файлов и запись того же числа ячеек',
    threshold: '—',
    unit: 'мс',
  },
  'incremental.ratio': {
    id: 'incremental.ratio',
    target: 2,
    name: 'Синхронизация после правки одного плана / полная сводка',
    threshold: '≤ 25 %',
    unit: '%',
  },
  'incremental.sync': {
    id: 'incremental.sync',
    target: 2,
    name: 'Синхронизация после правки одного плана',
    threshold: '—',
    unit: 'мс',
  },
  'incremental.noChangeRatio': {
    id: 'incremental.noChangeRatio',
    target: 2,
    name: 'Синхронизация без изменений / полная сводка',
    threshold: '≤ 5 %',
    unit: '%',
  },
  'memory.peak': {
    id: 'memory.peak',
    target: 3,
    name: 'Пиковая резидентная память полной сводки (отдельный процесс)',
    threshold: '≤ 512 МиБ',
    unit: 'МиБ',
  },
  'google.changed': {
    id: 'google.changed',
    target: 4,
    name: 'Google: вызовов API на изменённый источник',
    threshold: '≤ 3 (ревизия Drive + метаданные + batchGet)',
    unit: 'вызовов',
  },
  'google.unchanged': {
    id: 'google.unchanged',
    target: 4,
    name: 'Google: вызовов API на неизменённый источник',
    threshold: '≤ 1 (только ревизия Drive)',
    unit: 'вызовов',
  },
  'google.writes': {
    id: 'google.writes',
    target: 4,
    name: 'Google: вызовов записи сводной таблицы за синхронизацию',
    threshold: '≤ 2',
    unit: 'вызовов',
  },
  'google.readWait': {
    id: 'google.readWait',
    target: 4,
    name: 'Google: ожидание API при чтении 8 источников (задержка 100 мс на вызов)',
    threshold: '< 1 с',
    unit: 'мс',
  },
  'google.inFlight': {
    id: 'google.inFlight',
    target: 4,
    name: 'Google: вызовов одновременно (пик)',
    threshold: '—',
    unit: 'вызовов',
  },
  'service.errors': {
    id: 'service.errors',
    target: 5,
    name: 'API во время полной синхронизации: ошибки (не 2xx, сокеты)',
    threshold: '= 0',
    unit: 'ошибок',
  },
  'service.statusP99': {
    id: 'service.statusP99',
    target: 5,
    name: 'API во время полной синхронизации: p99 GET /api/status',
    threshold: '< 50 мс',
    unit: 'мс',
  },
  'service.planP99': {
    id: 'service.planP99',
    target: 5,
    name: 'API во время полной синхронизации: p99 GET /api/plan',
    threshold: '—',
    unit: 'мс',
  },
  'service.idleP99': {
    id: 'service.idleP99',
    target: 5,
    name: 'API без синхронизации, та же нагрузка (контроль): p99 GET /api/status',
    threshold: '—',
    unit: 'мс',
  },
  'service.quietBlock': {
    id: 'service.quietBlock',
    target: 5,
    name: 'Та же синхронизация без запросов (контроль): самая долгая остановка цикла событий',
    threshold: '—',
    unit: 'мс',
  },
  'service.floodStatusP99': {
    id: 'service.floodStatusP99',
    target: 5,
    name: 'Публичная страница GET / под потоком запросов без токена: p99 GET /api/status с токеном',
    threshold: '< 50 мс',
    unit: 'мс',
  },
  'service.floodPage': {
    id: 'service.floodPage',
    target: 5,
    name: 'Публичная страница под потоком: страниц в секунду (без предела на клиента)',
    threshold: '—',
    unit: 'страниц/с',
  },
  'addon.create': {
    id: 'addon.create',
    target: 6,
    name: 'Дополнение: вызовов Apps Script на «Создать лист» (наибольшее по формам)',
    threshold: '—',
    unit: 'вызовов',
  },
  'addon.check': {
    id: 'addon.check',
    target: 6,
    name: 'Дополнение: вызовов Apps Script на «Проверить лист»',
    threshold: 'не растёт с числом строк',
    unit: 'вызовов',
  },
  'addon.form': {
    id: 'addon.form',
    target: 6,
    name: 'Дополнение: вызовов Apps Script на «Создать форму» (наибольшее по анкетам)',
    threshold: 'не растёт с числом пунктов',
    unit: 'вызовов',
  },
};

function row(id: RowId, value: number, measured: string, pass: boolean | null): BenchRow {
  const spec = SPECS[id];
  return { ...spec, value, measured, status: pass === null ? 'INFO' : pass ? 'PASS' : 'MISS' };
}

function missing(ids: readonly RowId[], reason: string): BenchRow[] {
  return ids.map((id) => {
    const s = SPECS[id];
    return notMeasured(id, s.target, s.name, s.threshold, s.unit, reason);
  });
}

function consolidationRows(full: readonly FullRun[], base: readonly BaselineRun[]): BenchRow[] {
  const f = median(full.map((r) => r.ms));
  const b = median(base.map((r) => r.ms));
  const ratio = f / b;
  const fr = full[0];
  const runs = (xs: readonly { ms: number }[]) => xs.map((x) => sec(x.ms)).join(', ');
  // The run whose time is the median (with 2 runs, the first), for its breakdown.
  const midFull = full.find((r) => r.ms === f) ?? fr;
  const midBase = base.find((r) => r.ms === b) ?? base[0];
  return [
    row(
      'consolidation.ratio',
      Math.round(ratio * 100) / 100,
      `${fmt(ratio, 2)}× (${sec(f)} / ${sec(b)})`,
      ratio <= 1.5,
    ),
    row(
      'consolidation.full',
      Math.round(f),
      `${sec(f)} (чтение ${sec(midFull.readMs)}, проверка ${sec(midFull.validateMs)}, запись ${sec(midFull.writeMs)}; ${fmt(fr.cells)} ячеек; запуски: ${runs(full)})`,
      null,
    ),
    row(
      'consolidation.baseline',
      Math.round(b),
      `${sec(b)} (чтение ${sec(midBase.readMs)}, запись ${sec(midBase.writeMs)}; ${fmt(midBase.cells)} ячеек; запуски: ${runs(base)})`,
      null,
    ),
  ];
}

function readerRows(r: ReaderBenchResult, fullMs: number | null): BenchRow[] {
  const ref = r.readers[0];
  const readers = r.readers.map((m, i) => {
    const id = READER_ROW_IDS[i];
    if (m.error)
      return notMeasured(id, 1, SPECS[id].name, SPECS[id].threshold, SPECS[id].unit, `${m.pkg}: ${m.error}`);
    const rss =
      m.maxRssMiB === null
        ? r.rssMeasured
          ? 'пик RSS не измерен'
          : 'пик RSS — только в полном запуске'
        : `пик RSS ${fmt(m.maxRssMiB)} МиБ`;
    const floor =
      m.id === 'floor' && fullMs !== null ? `; полная сводка / пол: ${fmt(fullMs / m.ms, 1)}×` : '';
    const cells = m.id === 'floor' ? `элементов <c> ${fmt(m.cells)}` : `непустых ячеек ${fmt(m.cells)}`;
    return row(
      id,
      Math.round(m.ms),
      `${sec(m.ms)} = ${fmt(m.ms / ref.ms, 2)}× exceljs-документа (${m.pkg}; ${cells}; ${rss}${floor}; сохраняет нужное: ${m.keeps})`,
      null,
    );
  });
  const cur = r.writers.find((w) => w.id === 'current')!;
  const writers = r.writers.map((w, i) =>
    row(
      WRITER_ROW_IDS[i],
      Math.round(w.ms),
      `${sec(w.ms)}, ${fmt(w.bytes / 2 ** 20, 2)} МиБ (${fmt(w.ms / cur.ms, 2)}× времени и ${fmt(w.bytes / cur.bytes, 2)}× размера текущей записи)`,
      null,
    ),
  );
  return [...readers, ...writers];
}

/** How a source was obtained in a sync (SyncRunner's SourceRead, or the adapter's answer). */
const READ_LABELS: Readonly<Record<string, string>> = {
  ok: 'прочитано заново',
  unchanged: 'не изменилось (из снимка)',
  failed: 'не прочитано',
  skipped: 'пропущено',
};

function incrementalRows(inc: IncrementalResult, fullMs: number | null): BenchRow[] {
  const ms = median(inc.incrementalMs);
  const how = `SyncRunner + SQLite, неизменённые — из частей по ревизии, ${inc.engineNotice ? `в основном потоке: ${inc.engineNotice}` : 'работа в потоке сводки'}`;
  const reads = Object.entries(inc.reads)
    .map(([k, v]) => `${READ_LABELS[k] ?? k} ${v}`)
    .join(', ');
  const phases = inc.phases
    ? `; время последней: ${Object.entries(inc.phases)
        .map(([p, t]) => `${p} — ${sec(t)}`)
        .join(', ')}`
    : '';
  const syncRow = row(
    'incremental.sync',
    Math.round(ms),
    `${sec(ms)} (${how}; изменён «${inc.changedFile}»; источников: ${reads}; первая синхронизация ${sec(inc.firstSyncMs)}${phases})`,
    null,
  );
  if (fullMs === null)
    return [
      ...missing(['incremental.ratio', 'incremental.noChangeRatio'], 'нет замера полной сводки'),
      syncRow,
    ];
  const share = (ms / fullMs) * 100;
  const still = median(inc.noChangeMs);
  const stillShare = (still / fullMs) * 100;
  return [
    row(
      'incremental.ratio',
      Math.round(share * 10) / 10,
      `${fmt(share, 1)} % (${sec(ms)} / ${sec(fullMs)})`,
      share <= 25,
    ),
    syncRow,
    row(
      'incremental.noChangeRatio',
      Math.round(stillShare * 10) / 10,
      `${fmt(stillShare, 1)} % (${sec(still)} / ${sec(fullMs)}; повторная синхронизация сразу после последней правки)`,
      stillShare <= 5,
    ),
  ];
}

function googleRows(g: GoogleResult): BenchRow[] {
  const changedIn = (s: GoogleResult['full'], ids: readonly string[]) =>
    s.sources.filter((c) => ids.includes(c.id));
  const allIds = g.full.sources.map((s) => s.id);
  const changed: SpreadsheetCalls[] = [
    ...changedIn(g.full, allIds),
    ...changedIn(g.incremental, [g.incremental.changedId]),
  ];
  const unchanged = g.incremental.sources.filter((s) => s.id !== g.incremental.changedId);
  const total = (c: SpreadsheetCalls) => c.drive + c.metadata + c.batchGet + c.writes + c.other;
  const changedMax = Math.max(...changed.map(total));
  const changedOk = changed.every(
    (c) => c.drive <= 1 && c.metadata <= 1 && c.batchGet <= 1 && c.writes === 0 && c.other === 0,
  );
  const unchangedMax = Math.max(0, ...unchanged.map(total));
  const unchangedOk = unchanged.every((c) => total(c) === c.drive && c.drive <= 1);
  const writes = Math.max(g.full.output.writes, g.incremental.output.writes);
  const example = changed[changed.length - 1];
  return [
    row(
      'google.changed',
      changedMax,
      `${changedMax} (Drive ${example.drive} + метаданные ${example.metadata} + batchGet ${example.batchGet}${example.other ? ` + прочие ${example.other}` : ''}; ${changed.length} чтений в двух синхронизациях)`,
      changedOk,
    ),
    row(
      'google.unchanged',
      unchangedMax,
      `${unchangedMax} (${unchanged.length} неизменённых источников во второй синхронизации)`,
      unchangedOk,
    ),
    row(
      'google.writes',
      writes,
      `${writes} (первая: чтение ${g.full.output.metadata} + запись ${g.full.output.writes}; вторая: чтение ${g.incremental.output.metadata} + запись ${g.incremental.output.writes})`,
      writes <= 2,
    ),
    row(
      'google.readWait',
      Math.round(g.full.readWaitMs),
      `${sec(g.full.readWaitMs)} (сумма длительностей тех же вызовов ${sec(g.full.readCallsMs)} — столько ждали бы по очереди; чтение с проверкой ${sec(g.full.readPhaseMs)}; вся синхронизация с записью ${sec(g.full.ms)}, вторая ${sec(g.incremental.ms)}; вызовов ${g.full.totalCalls} и ${g.incremental.totalCalls})`,
      g.full.readWaitMs < 1000,
    ),
    row(
      'google.inFlight',
      g.full.maxInFlight,
      `${g.full.maxInFlight} (ограничено параллелизмом SyncRunner)`,
      null,
    ),
  ];
}

/** The three sync phases that held the event loop longest, «фаза — время» each. */
const longestPhases = (blockedByPhase: Readonly<Record<string, number>>): string =>
  Object.entries(blockedByPhase)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([p, ms]) => `${p} — ${sec(ms)}`)
    .join('; ');

function serviceRows(s: ServiceLoadResult): BenchRow[] {
  const errors = s.status.errors + s.plan.errors;
  const phases = longestPhases(s.blockedByPhase);
  const quietPhases = longestPhases(s.quiet.blockedByPhase);
  const longest = s.blocks[0] ? `${fmt(s.blocks[0].ms)} мс (${s.blocks[0].phase})` : 'короче 20 мс';
  const context = `синхронизация ${sec(s.syncMs)} ${s.engineNotice ? `в основном потоке (${s.engineNotice})` : 'в потоке сводки'}, нагрузка ${fmt(s.loadSeconds, 1)} с, ${s.connections.status + s.connections.plan} соединений, ${s.rates.status} + ${s.rates.plan} запросов/с; цикл событий: p99 ${fmt(s.loop.p99)} мс, макс. ${fmt(s.loop.max)} мс; самая долгая остановка ${longest}${phases ? `; остановки по фазам синхронизации (с обработкой запросов): ${phases}` : ''}`;
  return [
    row(
      'service.errors',
      errors,
      `${errors} (запросов: /api/status ${fmt(s.status.requests)}, /api/plan ${fmt(s.plan.requests)}; не 2xx: ${s.status.non2xx + s.plan.non2xx}, без ответа за 10 с: ${s.status.timeouts + s.plan.timeouts})`,
      errors === 0,
    ),
    row(
      'service.statusP99',
      s.status.p99,
      `${fmt(s.status.p99)} мс (p50 ${fmt(s.status.p50)} мс, макс. ${fmt(s.status.max)} мс; ${context})`,
      s.status.p99 < 50,
    ),
    row(
      'service.planP99',
      s.plan.p99,
      `${fmt(s.plan.p99)} мс (p50 ${fmt(s.plan.p50)} мс, макс. ${fmt(s.plan.max)} мс; ${fmt(s.events)} мероприятий в ответе)`,
      null,
    ),
    row(
      'service.idleP99',
      s.idle.status.p99,
      `${fmt(s.idle.status.p99)} мс (p50 ${fmt(s.idle.status.p50)} мс; /api/plan p99 ${fmt(s.idle.plan.p99)} мс; ${fmt(s.idle.seconds, 1)} с до синхронизации, ошибок ${s.idle.status.errors + s.idle.plan.errors})`,
      null,
    ),
    row(
      'service.quietBlock',
      s.quiet.blocks[0]?.ms ?? 0,
      `${fmt(s.quiet.blocks[0]?.ms ?? 0)} мс${s.quiet.blocks[0] ? ` (${s.quiet.blocks[0].phase})` : ''}; цикл событий p99 ${fmt(s.quiet.loop.p99)} мс; синхронизация ${sec(s.quiet.ms)}${quietPhases ? `; остановки по фазам: ${quietPhases}` : ''}`,
      null,
    ),
  ];
}

function floodRows(f: PageFloodResult): BenchRow[] {
  const errors = f.status.errors + f.page.errors;
  return [
    row(
      'service.floodStatusP99',
      f.status.p99,
      `${fmt(f.status.p99)} мс (p50 ${fmt(f.status.p50)} мс, макс. ${fmt(f.status.max)} мс; ${fmt(f.status.requests)} запросов /api/status по ${f.statusRate}/с, ${fmt(f.seconds, 1)} с; ошибок ${errors})`,
      f.status.p99 < 50 && errors === 0,
    ),
    row(
      'service.floodPage',
      Math.round(f.pagesPerSecond),
      `${fmt(Math.round(f.pagesPerSecond))} страниц/с (${fmt(f.page.requests)} за ${fmt(f.seconds, 1)} с, ${f.pageConnections} соединений; p99 ${fmt(f.page.p99)} мс; модель строится раз на синхронизацию и месяц; предел на клиента выключен — поток с одного адреса изображает многих)`,
      null,
    ),
  ];
}

function addonRows(a: AddonResult): BenchRow[] {
  const [most, id] = Object.entries(a.create).reduce<[number, string]>(
    (best, [k, v]) => (v > best[0] ? [v, k] : best),
    [0, ''],
  );
  const small = a.check[0];
  const large = a.check[a.check.length - 1];
  return [
    row('addon.create', most, `${most} (${id}; по формам: ${Object.values(a.create).join(', ')})`, null),
    row(
      'addon.check',
      large.calls,
      `${large.calls} при ${fmt(large.rows)} строках, ${small.calls} при ${fmt(small.rows)} (ошибок отмечено: ${large.errors} и ${small.errors})`,
      large.calls <= small.calls,
    ),
    row(
      'addon.form',
      a.form.most.calls,
      `${a.form.most.calls} (${a.form.most.id}, ${fmt(a.form.most.items)} пунктов; та же анкета ×${a.form.wide.times}: ${fmt(a.form.wide.items)} пунктов, ${a.form.wide.calls} вызовов; по анкетам: ${a.form.byTemplate.join(', ')})`,
      a.form.wide.calls <= a.form.most.calls,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------

export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const scale = options.scale ?? 'full';
  const seed = options.seed ?? DEFAULT_SEED;
  const settings = SETTINGS[scale];
  const runs = options.runs ?? settings.runs;
  const parts = new Set(options.parts ?? BENCH_PARTS);
  const log = options.log ?? (() => {});
  const dataDir = options.dataDir ?? join(BENCH_DIR, '.data', scale);
  const startedAt = new Date().toISOString();
  const mach = machine();
  const details: Record<string, unknown> = {};
  const rows = new Map<RowId, BenchRow>();
  const put = (list: readonly BenchRow[]) => list.forEach((r) => rows.set(r.id, r));

  /** Runs a part; a missing module or a failure becomes «не измерено» rows with the reason. */
  const part = async <T>(
    name: BenchPart,
    ids: readonly RowId[],
    run: () => Promise<T>,
    toRows: (v: T) => BenchRow[],
  ): Promise<T | null> => {
    if (!parts.has(name)) {
      put(missing(ids, 'часть пропущена в этом запуске'));
      return null;
    }
    const t = performance.now();
    try {
      const value = await run();
      put(toRows(value));
      log(`  … готово за ${sec(performance.now() - t)}`);
      return value;
    } catch (e) {
      const reason = `ошибка: ${errorText(e)}`;
      log(`  … не измерено: ${reason}`);
      put(missing(ids, reason));
      details[`${name}Error`] = e instanceof Error ? (e.stack ?? e.message) : String(e);
      return null;
    }
  };

  await mkdir(dataDir, { recursive: true });
  log(
    `Генерация региона (${scale === 'full' ? 'полный масштаб' : 'малый масштаб'}, зерно ${seed}) в ${join(dataDir, 'region')}…`,
  );
  const g0 = performance.now();
  const region: GeneratedRegion = await generateRegion({
    dir: join(dataDir, 'region'),
    spec: REGION_SPECS[scale],
    seed,
    log,
  });
  const generated = { ...region.counts, ms: Math.round(performance.now() - g0) };
  log(
    `  … ${fmt(region.counts.sources)} файлов, ${fmt(region.counts.sheets)} листов, ${fmt(region.counts.bytes / 2 ** 20, 1)} МиБ за ${sec(generated.ms)}`,
  );
  const outDir = join(dataDir, 'out');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  let consolidated: ConsolidatedCounts | null = null;
  let fullMedian: number | null = null;

  type MemoryRun = { maxRssKiB: number; ms: number; counts: ConsolidatedCounts };
  const memoryChild = () =>
    runJsonChild<MemoryRun>(
      'memory-child.ts',
      [region.dir, join(outDir, 'memory.xlsx')],
      settings.childLoader,
      settings.childTimeoutMs,
    );
  // Started now only when overlapping is allowed; otherwise each runs alone below.
  const early = parts.has('memory') && settings.overlapChildren ? memoryChild() : null;
  early?.catch(() => undefined);
  if (settings.overlapChildren && (parts.has('incremental') || parts.has('google'))) {
    // The runner's worker thread loads the engine through tsx for seconds; start it now so that
    // happens while the consolidation part runs.
    sharedThread().warm();
  }
  const serviceTimeoutMs = settings.childTimeoutMs;
  let service: RunningBenchService | null = null;
  if (parts.has('service') && settings.overlapChildren) {
    const dir = join(dataDir, 'service');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    // A copy: the service moves its files around, and the other parts read the region meanwhile.
    await cp(region.dir, join(dir, 'sources'), { recursive: true });
    service = await startBenchService(
      {
        sourcesDir: join(dir, 'sources'),
        storePath: join(dir, 'store.sqlite'),
        outputPath: join(dir, 'Сводка РМЦ.xlsx'),
      },
      settings.childLoader,
      serviceTimeoutMs,
    );
    service.ready.catch(() => undefined);
  }
  try {
    const memoryPart = () =>
      part(
        'memory',
        ['memory.peak'],
        async () => {
          const r = await (early ?? memoryChild());
          details.memory = r;
          consolidated ??= r.counts;
          return r;
        },
        (r) => {
          const mib = r.maxRssKiB / 1024;
          return [
            row(
              'memory.peak',
              Math.round(mib),
              `${fmt(mib)} МиБ (maxRSS процесса: загрузчик, модули, сводка за ${sec(r.ms)})`,
              mib <= 512,
            ),
          ];
        },
      );

    log(`1. Полная сводка и базовый замер exceljs, по ${runs} раз(а) поочерёдно…`);
    await part(
      'consolidation',
      ['consolidation.ratio', 'consolidation.full', 'consolidation.baseline'],
      async () => {
        const full: FullRun[] = [];
        const base: BaselineRun[] = [];
        for (let i = 0; i < runs; i++) {
          // Alternating, so drift in a shared machine's load hits both sides alike.
          full.push(await fullConsolidation(region.dir, join(outDir, 'Сводка РМЦ.xlsx')));
          log(`  полная сводка №${i + 1}: ${sec(full[i].ms)}`);
          base.push(await exceljsBaseline(region.dir, join(outDir, 'exceljs-baseline.xlsx'), full[0].shape));
          log(`  только exceljs №${i + 1}: ${sec(base[i].ms)}`);
        }
        consolidated = full[0].counts;
        fullMedian = median(full.map((r) => r.ms));
        details.consolidation = {
          full: full.map(({ shape: _shape, ...r }) => r),
          baseline: base,
          shape: full[0].shape,
        };
        return { full, base };
      },
      ({ full, base }) => consolidationRows(full, base),
    );

    log('1а. Читатели .xlsx и варианты записи сводной книги…');
    await part(
      'readers',
      [...READER_ROW_IDS, ...WRITER_ROW_IDS],
      async () => {
        const r = await measureReaders({
          regionDir: region.dir,
          outDir: join(outDir, 'writers'),
          runs: settings.readerRuns,
          // A child per candidate costs seconds of module loading: only in the full run.
          measureRss: scale === 'full',
          childLoader: settings.childLoader,
          childTimeoutMs: settings.childTimeoutMs,
          log,
        });
        details.readers = r;
        return r;
      },
      (r) => readerRows(r, fullMedian),
    );

    if (!early) {
      log('3. Пиковая память полной сводки в отдельном процессе…');
      await memoryPart();
    }

    log(`2. Синхронизация после правки плана ММО №${EDITED_MMO}…`);
    const inc = await part(
      'incremental',
      ['incremental.ratio', 'incremental.sync', 'incremental.noChangeRatio'],
      async () => {
        const r = await measureIncremental(region, join(dataDir, 'sync'), settings.incrementalEdits);
        details.incremental = r;
        return r;
      },
      (r) => incrementalRows(r, fullMedian),
    );

    log('5. Сервис под нагрузкой во время полной синхронизации…');
    await part(
      'service',
      [
        'service.errors',
        'service.statusP99',
        'service.planP99',
        'service.idleP99',
        'service.quietBlock',
        'service.floodStatusP99',
        'service.floodPage',
      ],
      async () => {
        if (!service) {
          if (!inc) throw new Error('нужен замер 2 (хранилище с прошлой синхронизацией)');
          if (!inc.storePath) throw new Error('нужен замер 2 с хранилищем SQLite');
          service = await startBenchService(
            { sourcesDir: inc.sourcesDir, storePath: inc.storePath, outputPath: inc.outputPath },
            settings.childLoader,
            serviceTimeoutMs,
          );
        }
        try {
          const r = await service.loadDuringSync({
            minSeconds: settings.serviceMinSeconds,
            maxSeconds: settings.serviceMaxSeconds,
            ...settings.serviceLoad,
          });
          const flood = await service.floodPage(settings.pageFlood);
          details.service = r;
          details.pageFlood = flood;
          return { r, flood };
        } finally {
          await service.stop();
        }
      },
      ({ r, flood }) => [...serviceRows(r), ...floodRows(flood)],
    );

    log(`4. Google-режим на локальном API с задержкой ${settings.googleLatencyMs} мс…`);
    await part(
      'google',
      ['google.changed', 'google.unchanged', 'google.writes', 'google.readWait', 'google.inFlight'],
      async () => {
        const r = await measureGoogle(region, settings.googleLatencyMs);
        details.google = r;
        return r;
      },
      googleRows,
    );

    if (early) {
      log('3. Пиковая память полной сводки (отдельный процесс, запущен параллельно)…');
      await memoryPart();
    }

    log('6. Дополнение: вызовы Apps Script…');
    await part(
      'addon',
      ['addon.create', 'addon.check', 'addon.form'],
      async () => {
        const r = await measureAddon(seed, settings.addonRows);
        details.addon = r;
        return r;
      },
      addonRows,
    );
  } finally {
    // A failure above must not leave the service child running.
    await (service as RunningBenchService | null)?.stop();
  }

  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    scale,
    seed,
    machine: mach,
    generated,
    consolidated,
    rows: ROW_IDS.map((id) => rows.get(id) ?? missing([id], 'не запускалось')[0]),
    details,
  };
}
