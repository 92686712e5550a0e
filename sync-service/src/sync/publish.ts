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
import { logSafe, type Logger } from './log.js';
import type { Publish } from './runner.js';
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

/** What a publisher run elsewhere tells the main thread, for its log. */
export interface PublishReport {
  readonly google?:
    | { readonly status: 'ok'; readonly title: string }
    | { readonly status: 'failed'; readonly reason: string };
}

export interface PublishOffload {
  readonly spec: PublishSpec;
  /** Back on the main thread, with what the worker's run of `spec` reported. */
  readonly report?: (report: PublishReport) => void;
}

const OFFLOAD = Symbol('publish offload');

function withOffload(publish: Publish, offload: PublishOffload): Publish {
  return Object.assign(publish, { [OFFLOAD]: offload });
}

/** How a worker thread can run this publisher instead of calling it; null for a custom one. */
export function publishOffload(publish: Publish): PublishOffload | null {
  return (publish as Publish & { [OFFLOAD]?: PublishOffload })[OFFLOAD] ?? null;
}

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
  await writeRegionalXlsx(sheets, path);
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
export function regionalXlsxPublisher(path: string): Publish {
  const spec: PublishSpec = { kind: 'xlsx', path };
  return withOffload(
    async (consolidation, changes) => void (await publishBySpec(spec, consolidation, changes)),
    { spec },
  );
}

/**
 * Google mode: the .xlsx as always, then the output spreadsheet. A Google failure is logged, not
 * fatal: the consolidation and the local workbook are good, and the next sync writes again.
 */
export function googlePublisher(path: string, writer: GoogleRegionalWriter, logger: Logger): Publish {
  const report = ({ google }: PublishReport) => {
    if (google?.status === 'failed')
      logger.warn(`Сводка в Google Таблицу не записана: ${logSafe(google.reason)}`);
    else if (google) logger.info(`  Сводка записана в Google Таблицу «${logSafe(google.title)}»`);
  };
  const options = writer.workerOptions;
  const publish: Publish = async (consolidation, changes) =>
    report(await publishTo(path, consolidation, changes, async () => writer));
  return options
    ? withOffload(publish, { spec: { kind: 'google', path, writer: options }, report })
    : publish;
}

/**
 * A publisher that adds the submission cycle's part (the «Журнал» sheet, accepted versions) from
 * `extras()`, asked at each run. Offloaded publishers carry it in their spec to the worker; one that
 * cannot be offloaded gets at least the accepted versions.
 */
export function withExtras(publish: Publish, extras: () => PublishExtras): Publish {
  const inner = publishOffload(publish);
  const wrapped: Publish = inner
    ? async (consolidation, changes) => {
        const report = await publishBySpec({ ...inner.spec, extras: extras() }, consolidation, changes);
        inner.report?.(report);
      }
    : (consolidation, changes) => publish(withPinned(consolidation, extras().pinned), changes);
  if (inner) {
    Object.defineProperty(wrapped, OFFLOAD, {
      get: (): PublishOffload => ({ ...inner, spec: { ...inner.spec, extras: extras() } }),
    });
  }
  return wrapped;
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
