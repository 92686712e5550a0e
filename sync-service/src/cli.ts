/**
 * `npm run consolidate -- --input DIR --output FILE.xlsx --report FILE.json`: one consolidation of a
 * folder of workbooks with the same engine as the service, for РМЦ without a server. Progress per
 * source on stderr; exit 0 unless nothing could be read at all.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  capitalize,
  districtByNo,
  formatAcademicYear,
  parseAcademicYear,
  plural,
  type TemplateDef,
} from '@mmo/shared';
import { countedTotals, TEMPLATES } from '@mmo/templates';
import { diffConsolidations, type ChangeSet } from './engine/changes.js';
import {
  consolidateSource,
  finishConsolidation,
  freshStatus,
  partTotals,
  totalsBySource,
  type SourcePart,
} from './engine/consolidate.js';
import { templateDetector } from './engine/detect-template.js';
import type { Consolidation, SourceStatus } from './model.js';
import { regionalSheets } from './output/regional-sheets.js';
import { writeRegionalXlsx } from './output/xlsx-writer.js';
import { OWNER_AND_GROUP } from './file-modes.js';
import { XlsxFolderSource } from './sources/xlsx-folder.js';

export const HELP = `Сводка планов, заявок и анкет ММО из папки с файлами .xlsx.

Запуск:
  npm run consolidate -- --input ПАПКА --output СВОДКА.xlsx [--report ОТЧЁТ.json] [--year 2022-2023]

Параметры:
  -i, --input ПАПКА     папка с файлами .xlsx от ММО (вложенные папки тоже просматриваются)
  -o, --output ФАЙЛ     куда записать сводную книгу .xlsx (листы «Сводный план», «Заявки», «Ошибки»…)
  -r, --report ФАЙЛ     куда записать отчёт в формате JSON: источники, итоги, все ошибки
      --year ГОД        учебный год, например 2022-2023; по умолчанию — из шапок листов, иначе текущий
      --previous ФАЙЛ   снимок прошлой сводки для листа «Изменения»
                        (по умолчанию — скрытый файл рядом со сводкой; обновляется после каждого запуска)
      --no-personal     не выводить персональные данные (ФИО, телефоны, e-mail)
  -h, --help            эта справка

Нужно указать --output или --report (или оба). Повреждённый файл не останавливает сводку:
он попадает в отчёт с причиной. Код выхода 1 — только если не удалось прочитать ни одного файла.
`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Folder relative paths are taken from: npm runs workspace scripts in the workspace, INIT_CWD is where the user typed. */
  readonly cwd: string;
  readonly now?: () => Date;
}

/** The JSON report: what automation and the service's tests read. */
export interface ConsolidationReport {
  readonly generatedAt: string;
  readonly academicYear: string;
  readonly input: string;
  readonly output: string | null;
  readonly sources: readonly {
    readonly file: string;
    /** The ММО's name as in Приложение №1 («Горный»), or null. */
    readonly mmo: string | null;
    readonly mmoNo: number | null;
    readonly status: 'ok' | 'failed';
    readonly rows: number;
    /** Number of problems of this source. */
    readonly issues: number;
    readonly errors: number;
    readonly warnings: number;
    readonly reason?: string;
  }[];
  /**
   * One total per `counted` key the forms declare, in the registry's order (planEvents, jointEvents,
   * applications, questionnaires), then sheets of every other form, errors and warnings.
   */
  readonly totals: {
    readonly [counted: string]: number;
    readonly otherForms: number;
    readonly errors: number;
    readonly warnings: number;
  };
  readonly changes: {
    readonly since: string;
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
  } | null;
  readonly issues: readonly {
    readonly file: string;
    readonly sheet: string | null;
    readonly row: number | null;
    readonly column: string | null;
    readonly severity: 'error' | 'warning';
    readonly message: string;
    readonly mmo: number | null;
  }[];
}

class UsageError extends Error {}

function summaryLine(t: { rows: number; errors: number; warnings: number }): string {
  const parts = [
    plural(t.rows, ['строка', 'строки', 'строк']),
    plural(t.errors, ['ошибка', 'ошибки', 'ошибок']),
  ];
  if (t.warnings) parts.push(plural(t.warnings, ['предупреждение', 'предупреждения', 'предупреждений']));
  return parts.join(', ');
}

interface Args {
  readonly input: string;
  readonly output: string | null;
  readonly report: string | null;
  readonly previous: string | null;
  readonly year: number | null;
  readonly personal: boolean;
}

function parse(argv: readonly string[], cwd: string): Args | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string', short: 'i' },
        output: { type: 'string', short: 'o' },
        report: { type: 'string', short: 'r' },
        year: { type: 'string' },
        previous: { type: 'string' },
        'no-personal': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const option = /'([^']+)'/.exec(text)?.[1];
    throw new UsageError(
      option ? `Неизвестный или неполный параметр «${option}»` : `Неверные параметры: ${text}`,
    );
  }
  if (values.help) return 'help';
  if (!values.input) throw new UsageError('Укажите папку с файлами: --input ПАПКА');
  if (!values.output && !values.report)
    throw new UsageError('Укажите, куда записать результат: --output СВОДКА.xlsx и/или --report ОТЧЁТ.json');
  let year: number | null = null;
  if (values.year !== undefined) {
    const parsed = parseAcademicYear(values.year);
    if (!parsed)
      throw new UsageError(`Учебный год «${values.year}» не распознан: укажите, например, --year 2022-2023`);
    year = parsed.startYear;
  }
  const at = (p: string | undefined) => (p ? resolve(cwd, p) : null);
  return {
    input: resolve(cwd, values.input),
    output: at(values.output),
    report: at(values.report),
    previous: at(values.previous),
    year,
    personal: !values['no-personal'],
  };
}

/** Beside the workbook, hidden: the last consolidation, to tell what changed next time. */
function defaultSnapshotPath(args: Args): string {
  const anchor = (args.output ?? args.report)!;
  return join(dirname(anchor), `.${basename(anchor)}.snapshot.json`);
}

async function writeWhole(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, { mode: OWNER_AND_GROUP });
  await rename(tmp, path);
}

async function loadSnapshot(path: string): Promise<Consolidation | null> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Consolidation;
    return Array.isArray(data?.sheets) && typeof data.generatedAt === 'string' ? data : null;
  } catch {
    return null;
  }
}

/** The forms' declared totals: records or sheets per `counted` key; sheets of the rest as `otherForms`. */
function formTotals(
  c: Consolidation,
  templates: readonly TemplateDef[],
): { [counted: string]: number; otherForms: number } {
  const totals = countedTotals(templates);
  const of = new Map(totals.flatMap((t) => t.ids.map((id) => [id, t.count] as const)));
  const sums: Record<string, number> = Object.fromEntries(totals.map((t) => [t.count.key, 0]));
  let otherForms = 0;
  for (const s of c.sheets) {
    const count = of.get(s.templateId);
    if (!count) otherForms++;
    else sums[count.key] += count.unit === 'records' ? s.records.length : 1;
  }
  return { ...sums, otherForms };
}

/** «мероприятий ММО — 12, совместных с РМЦ — 5, заявок — 40, анкет — 6»: the forms' own labels. */
export function totalsLine(
  totals: ConsolidationReport['totals'],
  templates: readonly TemplateDef[] = TEMPLATES,
): string {
  return countedTotals(templates)
    .map((t) => `${t.count.label} — ${totals[t.count.key] ?? 0}`)
    .join(', ');
}

export function buildReport(
  c: Consolidation,
  changes: ChangeSet | null,
  paths: { input: string; output: string | null },
  templates: readonly TemplateDef[] = TEMPLATES,
): ConsolidationReport {
  const totals = totalsBySource(c);
  let errors = 0;
  for (const i of c.issues) if (i.severity === 'error') errors++;
  const summary = changes?.since
    ? changes.summary.reduce(
        (a, s) => ({
          ...a,
          added: a.added + s.added,
          removed: a.removed + s.removed,
          changed: a.changed + s.changed,
        }),
        { since: changes.since, added: 0, removed: 0, changed: 0 },
      )
    : null;
  return {
    generatedAt: c.generatedAt,
    academicYear: formatAcademicYear({ startYear: c.academicYear }),
    input: paths.input,
    output: paths.output,
    sources: c.sources.map((s: SourceStatus) => {
      const t = totals.get(s.sourceId) ?? { rows: 0, errors: 0, warnings: 0 };
      return {
        file: s.name,
        mmo: s.mmo === null ? null : (districtByNo(s.mmo)?.name ?? null),
        mmoNo: s.mmo,
        status: s.status,
        rows: t.rows,
        issues: t.errors + t.warnings,
        errors: t.errors,
        warnings: t.warnings,
        ...(s.reason ? { reason: s.reason } : {}),
      };
    }),
    totals: {
      ...formTotals(c, templates),
      errors,
      warnings: c.issues.length - errors,
    },
    changes: summary,
    issues: c.issues.map((i) => ({
      file: i.file,
      sheet: i.sheet ?? null,
      row: i.row || null,
      column: i.column ?? null,
      severity: i.severity,
      message: capitalize(i.message),
      mmo: i.mmo,
    })),
  };
}

async function run(args: Args, io: CliIo): Promise<number> {
  const now = io.now?.() ?? new Date();
  const folder = await stat(args.input).catch(() => null);
  if (!folder?.isDirectory()) {
    io.stderr(`Папка «${args.input}» не найдена.\n`);
    return 1;
  }
  const exclude = [args.output, args.report].filter((p): p is string => p !== null);
  const source = new XlsxFolderSource(args.input, { exclude });
  const refs = await source.list();
  if (refs.length === 0) {
    io.stderr(`В папке «${args.input}» нет файлов .xlsx: сводить нечего.\n`);
    return 1;
  }

  const detector = templateDetector(TEMPLATES);
  const parts: SourcePart[] = [];
  for (const [i, ref] of refs.entries()) {
    const result = await source.read(ref, null);
    const status: SourceStatus =
      result.status === 'ok'
        ? freshStatus(ref, result.workbook, now)
        : {
            sourceId: ref.id,
            name: ref.name,
            mmo: ref.districtHint,
            status: 'failed',
            fromSnapshot: false,
            stale: false,
            reason: result.status === 'failed' ? result.reason : 'файл не изменился',
          };
    const part = consolidateSource(
      { workbook: result.status === 'ok' ? result.workbook : null, status },
      { academicYear: args.year, detector },
    );
    parts.push(part);
    const line = status.status === 'ok' ? summaryLine(partTotals(part)) : `не прочитан: ${status.reason}`;
    io.stderr(`[${i + 1}/${refs.length}] ${ref.name} … ${line}\n`);
  }

  const consolidation = finishConsolidation(parts, { academicYear: args.year, now });
  const readable = consolidation.sources.some((s) => s.status === 'ok');
  const snapshotPath = args.previous ?? defaultSnapshotPath(args);
  const previous = readable ? await loadSnapshot(snapshotPath) : null;
  const changes = diffConsolidations(previous, consolidation);
  const report = buildReport(consolidation, changes, {
    input: args.input,
    output: readable ? args.output : null,
  });

  if (args.report) await writeWhole(args.report, `${JSON.stringify(report, null, 2)}\n`);
  if (!readable) {
    io.stderr('Не удалось прочитать ни одного файла: сводка не составлена. Причины — выше и в отчёте.\n');
    return 1;
  }
  if (args.output)
    await writeRegionalXlsx(
      regionalSheets(consolidation, changes, { canSeePersonal: args.personal }),
      args.output,
    );
  await writeWhole(snapshotPath, JSON.stringify(consolidation));

  const t = report.totals;
  io.stderr(
    `Готово за ${formatAcademicYear({ startYear: consolidation.academicYear })} учебный год: ` +
      `${totalsLine(t)}; ` +
      `${plural(t.errors, ['ошибка', 'ошибки', 'ошибок'])}, ${plural(t.warnings, ['предупреждение', 'предупреждения', 'предупреждений'])}.\n`,
  );
  if (args.output) io.stderr(`Сводка: ${args.output}\n`);
  if (args.report) io.stderr(`Отчёт: ${args.report}\n`);
  return 0;
}

/** The whole command; returns the exit code instead of exiting, so tests call it in-process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args | 'help';
  try {
    args = parse(argv, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\nСправка: npm run consolidate -- --help\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(HELP);
    return 0;
  }
  try {
    return await run(args, io);
  } catch (error) {
    io.stderr(`Сводка не составлена: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const code = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.env.INIT_CWD ?? process.cwd(),
  });
  process.exitCode = code;
}
