/** The regional workbook of a consolidation: for РМЦ (every ММО) or for one ММО (only its rows). */
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffConsolidations, type ChangeSet } from '../engine/changes.js';
import type { ConsolidatedSheet, Consolidation } from '../model.js';
import type { AuditEntryInput } from '../store/submissions.js';
import { changeAudit } from '../submissions/audit-entries.js';
import { viewOfConsolidation, type SubmissionSnapshot } from '../submissions/status.js';
import type {
  GoogleRegionalWriter,
  GoogleWriteResult,
  GoogleWriterOptions,
} from '../output/google-writer.js';
import { regionalSheets } from '../output/regional-sheets.js';
import { writeRegionalXlsx } from '../output/xlsx-writer.js';
import { sheetPartCacheFor } from '../output/sheet-parts.js';
import { logSafe, type Logger } from './log.js';
import { consolidationOfMmo } from './scope.js';
import { OWNER_ONLY } from '../file-modes.js';

/**
 * A publisher as data, so the sync's worker thread can run it: building the sheets and writing a
 * 55 000-row workbook would take the main thread for seconds.
 */
export type PublishSpec = (
  | { readonly kind: 'xlsx'; readonly path: string }
  | { readonly kind: 'google'; readonly path: string; readonly writer: GoogleWriterOptions }
) & { readonly extras?: PublishExtras };

/** What the submission cycle adds to the regional workbook, as plain data (it crosses threads). */
export interface PublishExtras {
  /** The audit log so far, for «Журнал»; this run's changes are added where the sheets are built. */
  readonly journal: readonly AuditEntryInput[];
  /** Accepted versions shown instead of the latest (setting regionalShows = "accepted"). */
  readonly pinned: readonly {
    readonly mmo: number;
    readonly form: string;
    readonly sheets: readonly ConsolidatedSheet[];
  }[];
  /** Records and reviews so far, for «Сроки и приёмка» as of the consolidation written. */
  readonly submissions?: SubmissionSnapshot;
}

/** The consolidation with each pinned (ММО, form) as it was accepted. */
export function withPinned(consolidation: Consolidation, pinned: PublishExtras['pinned']): Consolidation {
  if (pinned.length === 0) return consolidation;
  const isPinned = (mmo: number | null, form: string) => pinned.some((p) => p.mmo === mmo && p.form === form);
  return {
    ...consolidation,
    sheets: [
      ...consolidation.sheets.filter((s) => !isPinned(s.mmo, s.templateId)),
      ...pinned.flatMap((p) => p.sheets),
    ],
  };
}

function journalOf(extras: PublishExtras, changes: ChangeSet, at: string): AuditEntryInput[] {
  // Additions of a form that arrives now are one «получено» entry in the store, not a line per record.
  const known = new Set(extras.journal.map((e) => `${e.mmo}\u0000${e.form}`));
  const now = changeAudit(changes, at, 'синхронизация').filter(
    (e) => !e.what.startsWith('добавлена') || known.has(`${e.mmo}\u0000${e.form}`),
  );
  return [...extras.journal, ...now];
}

/** What the publisher tells the log: how the Google spreadsheet went. */
export interface PublishReport {
  readonly google?:
    | { readonly status: 'ok'; readonly title: string }
    | { readonly status: 'failed'; readonly reason: string };
}

/** A publisher given as a function (tests, a Google writer with injected clocks): runs in-process. */
export type Publish = (consolidation: Consolidation, changes: ChangeSet) => Promise<void>;

/** One writer per options and thread: it keeps its OAuth token for the hour. */
const googleWriters = new Map<string, Promise<GoogleRegionalWriter>>();

function googleWriter(options: GoogleWriterOptions): Promise<GoogleRegionalWriter> {
  const key = JSON.stringify(options);
  let writer = googleWriters.get(key);
  if (!writer) {
    // Lazily: the Google client libraries are heavy and an .xlsx-only service never needs them.
    writer = import('../output/google-writer.js').then((m) => new m.GoogleRegionalWriter(options));
    googleWriters.set(key, writer);
  }
  return writer;
}

function googleReport(result: GoogleWriteResult): PublishReport {
  return {
    google:
      result.status === 'ok'
        ? { status: 'ok', title: result.title }
        : { status: 'failed', reason: result.reason },
  };
}

async function publishTo(
  path: string,
  consolidation: Consolidation,
  changes: ChangeSet,
  google: (() => Promise<GoogleRegionalWriter>) | null,
  extras?: PublishExtras,
): Promise<PublishReport> {
  const shown = extras ? withPinned(consolidation, extras.pinned) : consolidation;
  const sheets = regionalSheets(shown, changes, {
    canSeePersonal: true,
    ...(extras ? { journal: journalOf(extras, changes, consolidation.generatedAt) } : {}),
    ...(extras?.submissions ? { submissions: viewOfConsolidation(consolidation, extras.submissions) } : {}),
  });
  // The sheets that did not change since this thread's last write are not rendered again.
  await writeRegionalXlsx(sheets, path, { cache: sheetPartCacheFor(path) });
  return google ? googleReport(await (await google()).write(sheets)) : {};
}

/** Runs a publisher described as data: in the sync's worker thread, or in-process. */
export function publishBySpec(
  spec: PublishSpec,
  consolidation: Consolidation,
  changes: ChangeSet,
): Promise<PublishReport> {
  return publishTo(
    spec.path,
    consolidation,
    changes,
    spec.kind === 'google' ? () => googleWriter(spec.writer) : null,
    spec.extras,
  );
}

/** Writes the whole region's workbook (with personal data: the file is РМЦ's) to `path`. */
export function regionalXlsxPublisher(path: string): PublishSpec {
  return { kind: 'xlsx', path };
}

/**
 * Google mode: the .xlsx as always, then the output spreadsheet. A Google failure is logged
 * (progress-log.ts), not fatal: the consolidation and the local workbook are good, and the next
 * sync writes again. A writer whose options hold functions cannot cross threads: then a function.
 */
export function googlePublisher(
  path: string,
  writer: GoogleRegionalWriter,
  logger: Logger,
): PublishSpec | Publish {
  const options = writer.workerOptions;
  if (options) return { kind: 'google', path, writer: options };
  return async (consolidation, changes) => {
    const line = googleReportLine(await publishTo(path, consolidation, changes, async () => writer));
    if (line) logger[line.level](line.text);
  };
}

/** The log line of a Google write, if there was one. */
export function googleReportLine(
  report: PublishReport,
): { readonly level: 'info' | 'warn'; readonly text: string } | null {
  const { google } = report;
  if (!google) return null;
  return google.status === 'failed'
    ? { level: 'warn', text: `Сводка в Google Таблицу не записана: ${logSafe(google.reason)}` }
    : { level: 'info', text: `  Сводка записана в Google Таблицу «${logSafe(google.title)}»` };
}

/**
 * One ММО's workbook, built from the same sheets model with only its rows, so personal data of
 * other ММО never leaves; «Изменения» are that ММО's changes since the previous sync.
 */
export async function mmoWorkbook(
  latest: Consolidation,
  previous: Consolidation | null,
  mmo: number,
): Promise<Buffer> {
  const mine = consolidationOfMmo(latest, mmo);
  const changes = diffConsolidations(previous ? consolidationOfMmo(previous, mmo) : null, mine);
  const sheets = regionalSheets(mine, changes, { canSeePersonal: true });
  const path = join(tmpdir(), `mmo-sync-${mmo}-${randomUUID()}.xlsx`);
  try {
    // In the shared temp folder, for the moment it takes to read it back: owner only.
    await writeRegionalXlsx(sheets, path, OWNER_ONLY);
    return await readFile(path);
  } finally {
    await rm(path, { force: true });
  }
}
