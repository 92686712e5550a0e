/**
 * One sync, from the listing of the sources to the store's commit, in one function: {@link runSync}.
 * Read it top to bottom:
 *
 * 1. list the sources (a list that fails: every known source is shown from its snapshot, as stale);
 * 2. read each source the request covers with the revision the store has (a few at a time): an
 *    unchanged one costs that check and a part lookup (part-cache.ts), a changed one is parsed and
 *    checked (consolidateSource), a failed one falls back to its last good snapshot;
 * 3. consolidate the parts (cross-source checks, the year of pastes that name none);
 * 4. «Изменения» against the previous consolidation (groups whose sheets are the same objects are
 *    skipped without comparing records);
 * 5. publish: the regional workbook (.xlsx, and the Google spreadsheet in Google mode);
 * 6. commit to the store in one transaction: the run, the new snapshots, the run's frame with part
 *    references (only parts the store lacks are written).
 *
 * The same function runs in the sync's worker thread (sync-thread.ts, the default) or in-process
 * (runner.ts decides); what differs between the two is only its {@link SyncEnv}. The main thread
 * keeps single flight, the last run and the progress (runner.ts).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { formatIssue } from '@mmo/shared';
import { applicationRows, jointEvents, planEvents } from '../engine/aggregate.js';
import { diffConsolidations, type ChangeDigest } from '../engine/changes.js';
import {
  consolidateSource,
  finishConsolidation,
  partTotals,
  totalsBySource,
  type SourcePart,
} from '../engine/consolidate.js';
import { templateDetector } from '../engine/detect-template.js';
import type { Consolidation, SourceReadResult, SourceRef, SourceStatus, SourceWorkbook } from '../model.js';
import type {
  FinishRunInput,
  SnapshotHead,
  SourceRead,
  SourceRunRecord,
  StoredSnapshot,
  SyncRunRecord,
  SyncTrigger,
} from '../store/index.js';
import { partKey, withStatus, type PartCache } from './part-cache.js';
import { publishBySpec, type Publish, type PublishReport, type PublishSpec } from './publish.js';

/** Problems kept with a run: the API and the dashboard show the first ones, errors first. */
const MAX_STORED_PROBLEMS = 500;
/** Sources read at once: Drive quotas and a laptop's disk both prefer a few. */
const DEFAULT_CONCURRENCY = 4;

/** What one sync is asked to do: plain data, so it crosses to the worker thread as it is. */
export interface SyncSpec {
  readonly runId: number;
  /** null: the whole region; n: only the sources of ММО n are read, the others come from snapshots. */
  readonly mmo: number | null;
  readonly trigger: SyncTrigger;
  readonly startedAt: string;
  /** Start year; null: from the sheets. */
  readonly academicYear: number | null;
  readonly concurrency?: number;
  /** The run whose consolidation «Изменения» compare with. */
  readonly previousRunId: number | null;
  /** Each source's record in the last run: a source the request does not cover keeps its status. */
  readonly lastSources: readonly SourceRunRecord[];
  /** null: publish with the env's function (in-process), if any. */
  readonly publish: PublishSpec | null;
  /** Where the workbook is written, for the progress line. */
  readonly outputPath?: string;
  /** Sources that took an earlier attempt of this run down (worker thread died), with why. */
  readonly crashed?: Readonly<Record<string, string>>;
}

/** What one sync needs of the thread it runs in. */
export interface SyncEnv {
  readonly now: () => Date;
  list(): Promise<SourceRef[]>;
  read(ref: SourceRef, knownRevision: string | null): Promise<SourceReadResult>;
  readonly store: {
    snapshotHeads(): Promise<SnapshotHead[]>;
    snapshot(sourceId: string): Promise<StoredSnapshot | null>;
    part(key: string): Promise<SourcePart | null>;
    finishRun(input: FinishRunInput): Promise<void>;
  };
  /** The consolidation of a run (the previous one): kept in memory or loaded from the store. */
  consolidationOf(runId: number): Promise<Consolidation | null>;
  /** Parts by revision of this store, in this thread. */
  readonly parts: PartCache;
  /** The publisher when the spec has none (a function given to the runner). */
  readonly publish?: Publish;
}

export type SyncEvent =
  | {
      readonly type: 'start';
      readonly runId: number;
      readonly mmo: number | null;
      readonly trigger: SyncTrigger;
      /** Set when the run cannot use the worker thread (Russian): the service answers slower meanwhile. */
      readonly notice?: string;
    }
  | { readonly type: 'listed'; readonly runId: number; readonly total: number; readonly listError?: string }
  | {
      readonly type: 'source';
      readonly runId: number;
      readonly index: number;
      readonly total: number;
      readonly name: string;
      readonly mmo: number | null;
      readonly read: SourceRead;
      readonly fromSnapshot: boolean;
      readonly rows: number;
      readonly errors: number;
      readonly warnings: number;
      readonly reason?: string;
    }
  | {
      readonly type: 'written';
      readonly runId: number;
      readonly path: string;
      /** How writing the Google spreadsheet went (Google mode). */
      readonly google?: PublishReport['google'];
    }
  | { readonly type: 'finish'; readonly result: SyncResult; readonly ms: number };

/** Progress as the sync itself reports it; 'start' and 'finish' are the runner's. */
export type SyncStep = Exclude<SyncEvent, { type: 'start' } | { type: 'finish' }>;

export interface SyncResult {
  readonly run: SyncRunRecord;
  /** null when the run failed before consolidating. */
  readonly consolidation: Consolidation | null;
  /** In full from a sync in this thread; without the records' cells from the sync thread (transfer.ts). */
  readonly changes: ChangeDigest | null;
}

const SPLIT_IT = 'сохраните книгу заново без пустых строк и столбцов или разделите её на несколько файлов';

/** Why a revision is not read again (it took its reader down before). */
export function crashedReadReason(name: string): string {
  return `Файл «${name}» при прошлом чтении остановил поток сводки (не хватило памяти или чтение оборвалось): он не читается, пока его не изменят — ${SPLIT_IT}`;
}

/** Why a file failed in this run: its reader died on it. */
export function crashingReadReason(name: string, why: string): string {
  return `Файл «${name}» остановил поток сводки при чтении (${why}) и пропущен: он не будет читаться, пока его не изменят — ${SPLIT_IT}`;
}

/** Where the cells of a source come from for consolidateSource. */
type Cells =
  | { readonly from: 'read'; readonly workbook: SourceWorkbook }
  | { readonly from: 'snapshot' }
  | { readonly from: 'none' };

export async function runSync(
  spec: SyncSpec,
  onProgress: (step: SyncStep) => void,
  env: SyncEnv,
): Promise<SyncResult> {
  const { runId, academicYear } = spec;
  const at = () => env.now().toISOString();
  /** Sources read with a new revision (their snapshot is replaced) and sources confirmed unchanged. */
  const fresh: { workbook: SourceWorkbook; at: string }[] = [];
  const confirmed: { sourceId: string; at: string }[] = [];
  try {
    // 1. List. Heads only: a snapshot's cells are decoded only if its part is not kept.
    const snapshots = new Map((await env.store.snapshotHeads()).map((s) => [s.workbook.id, s]));
    let refs: SourceRef[];
    let listError: string | undefined;
    try {
      refs = await env.list();
    } catch (e) {
      listError = `список источников недоступен: ${e instanceof Error ? e.message : String(e)}`;
      refs = [...snapshots.values()].map((s) => ({
        id: s.workbook.id,
        name: s.workbook.name,
        districtHint: s.workbook.districtHint,
      }));
    }
    onProgress({ type: 'listed', runId, total: refs.length, ...(listError ? { listError } : {}) });

    // 2. Read and check each source: a part per source, in list order.
    const lastStatus = new Map(spec.lastSources.map((s) => [s.sourceId, s]));
    const parts: SourcePart[] = new Array<SourcePart>(refs.length);
    const keys: (string | null)[] = new Array<string | null>(refs.length).fill(null);
    const reads = new Map<string, SourceRead>();
    const detector = templateDetector();
    let done = 0;

    const settle = async (
      index: number,
      ref: SourceRef,
      read: SourceRead,
      cells: Cells,
      status: SourceStatus,
    ) => {
      reads.set(ref.id, read);
      const key = partKey(status, academicYear);
      let part: SourcePart | null = null;
      if (cells.from === 'snapshot') {
        // Unchanged (or not read now): the part checked at this revision, kept here or in the store.
        part = env.parts.get(status, academicYear);
        const stored = !part && key !== null ? await env.store.part(key) : null;
        if (stored) {
          env.parts.set(status, academicYear, stored);
          part = withStatus(stored, status);
        }
      }
      if (!part) {
        const workbook =
          cells.from === 'read'
            ? cells.workbook
            : cells.from === 'snapshot'
              ? ((await env.store.snapshot(ref.id))?.workbook ?? null)
              : null;
        part = consolidateSource({ workbook, status }, { academicYear, detector });
        if (workbook) env.parts.set(status, academicYear, part);
      }
      parts[index] = part;
      keys[index] = key;
      done++;
      onProgress({
        type: 'source',
        runId,
        index: done,
        total: refs.length,
        name: ref.name,
        mmo: part.status.mmo,
        read,
        fromSnapshot: status.fromSnapshot,
        ...partTotals(part),
        ...(status.reason ? { reason: status.reason } : {}),
      });
      // In-process, checking a big source is CPU work: let requests in before the next one.
      await yieldToLoop();
    };

    const readOne = async (index: number, ref: SourceRef) => {
      const snap = snapshots.get(ref.id) ?? null;
      const fromSnap: Cells = snap ? { from: 'snapshot' } : { from: 'none' };
      const base = { sourceId: ref.id, name: ref.name, mmo: ref.districtHint };
      const kept = snap ? { revision: snap.workbook.revision, lastSuccessAt: snap.lastSuccessAt } : {};
      if (listError || (spec.mmo !== null && ref.districtHint !== spec.mmo)) {
        // Not read now: its snapshot, with the status it had.
        const last = lastStatus.get(ref.id);
        const failed = listError !== undefined || last?.status === 'failed';
        const reason =
          listError ??
          last?.reason ??
          (snap ? 'источник не прочитан' : 'источник ещё ни разу не был прочитан');
        return settle(index, ref, listError ? 'failed' : 'skipped', fromSnap, {
          ...base,
          status: failed || !snap ? 'failed' : 'ok',
          fromSnapshot: snap !== null,
          stale: snap !== null && (failed || last?.stale === true),
          ...(failed || !snap ? { reason } : {}),
          ...kept,
        });
      }
      const crashed = spec.crashed?.[ref.id];
      const attempt = (known: string | null): Promise<SourceReadResult> =>
        crashed !== undefined
          ? Promise.resolve({ status: 'failed', ref, reason: crashingReadReason(ref.name, crashed) })
          : env.read(ref, known).catch((e: unknown) => ({
              status: 'failed' as const,
              ref,
              reason: e instanceof Error ? e.message : String(e),
            }));
      let outcome = await attempt(snap?.workbook.revision ?? null);
      // The adapter thinks we have it but the store does not (a deleted snapshot): read it for real.
      if (outcome.status === 'unchanged' && !snap) outcome = await attempt(null);
      if (outcome.status === 'ok') {
        const readAt = at();
        fresh.push({ workbook: outcome.workbook, at: readAt });
        return settle(
          index,
          ref,
          'ok',
          { from: 'read', workbook: outcome.workbook },
          {
            ...base,
            name: outcome.workbook.name,
            status: 'ok',
            fromSnapshot: false,
            stale: false,
            revision: outcome.workbook.revision,
            lastSuccessAt: readAt,
          },
        );
      }
      if (outcome.status === 'unchanged' && snap) {
        const readAt = at();
        confirmed.push({ sourceId: ref.id, at: readAt });
        return settle(index, ref, 'unchanged', fromSnap, {
          ...base,
          status: 'ok',
          fromSnapshot: true,
          stale: false,
          revision: snap.workbook.revision,
          lastSuccessAt: readAt,
        });
      }
      return settle(index, ref, 'failed', fromSnap, {
        ...base,
        status: 'failed',
        fromSnapshot: snap !== null,
        stale: snap !== null,
        reason: outcome.status === 'failed' ? outcome.reason : 'источник не прочитан',
        ...kept,
      });
    };

    let next = 0;
    const reader = async () => {
      while (next < refs.length) {
        const i = next++;
        await readOne(i, refs[i]);
      }
    };
    const concurrency = Math.max(1, spec.concurrency ?? DEFAULT_CONCURRENCY);
    await Promise.all(Array.from({ length: Math.min(concurrency, refs.length) }, reader));
    env.parts.retain(new Set(refs.map((r) => r.id)));

    // 3. Consolidate: the cross-source checks over every part.
    await yieldToLoop();
    const consolidation = finishConsolidation(parts, { academicYear, now: env.now() });

    // 4. «Изменения» since the previous consolidation.
    const previous = spec.previousRunId === null ? null : await env.consolidationOf(spec.previousRunId);
    await yieldToLoop();
    const changes = diffConsolidations(previous, consolidation);
    await yieldToLoop();

    // 5. Publish: the regional workbook, in this thread.
    let report: PublishReport = {};
    if (spec.publish) report = await publishBySpec(spec.publish, consolidation, changes);
    else if (env.publish) await env.publish(consolidation, changes);
    if (spec.outputPath)
      onProgress({
        type: 'written',
        runId,
        path: spec.outputPath,
        ...(report.google ? { google: report.google } : {}),
      });

    // 6. Commit: the run, the new snapshots and the frame with its part references, in one transaction.
    const run = doneRun(spec, at(), consolidation, reads);
    await env.store.finishRun({
      ...runInput(run),
      snapshots: fresh,
      confirmed,
      consolidation,
      parts: { yearSetting: academicYear, parts: parts.map((part, i) => ({ key: keys[i], part })) },
    });
    return { run, consolidation, changes };
  } catch (e) {
    // What was read is good data even if the workbook could not be written: keep the snapshots.
    const run = failedRun(
      spec,
      at(),
      `Синхронизация прервана: ${e instanceof Error ? e.message : String(e)}`,
    );
    await env.store
      .finishRun({ ...runInput(run), snapshots: fresh, confirmed, consolidation: null })
      .catch(() => env.store.finishRun({ ...runInput(run), snapshots: [], confirmed, consolidation: null }));
    return { run, consolidation: null, changes: null };
  }
}

/** A run that ended before it consolidated. */
export function failedRun(spec: SyncSpec, finishedAt: string, error: string): SyncRunRecord {
  return {
    runId: spec.runId,
    startedAt: spec.startedAt,
    finishedAt,
    mmo: spec.mmo,
    trigger: spec.trigger,
    status: 'failed',
    error,
    counts: null,
    sources: [],
    problems: [],
  };
}

/** The run record of a consolidation: per-source totals, counts, the problems to keep. */
function doneRun(
  spec: SyncSpec,
  finishedAt: string,
  consolidation: Consolidation,
  reads: ReadonlyMap<string, SourceRead>,
): SyncRunRecord {
  const totals = totalsBySource(consolidation);
  const sources: SourceRunRecord[] = consolidation.sources.map((s) => {
    const t = totals.get(s.sourceId) ?? { rows: 0, errors: 0, warnings: 0 };
    return {
      sourceId: s.sourceId,
      name: s.name,
      mmo: s.mmo,
      read: reads.get(s.sourceId) ?? 'skipped',
      status: s.status,
      fromSnapshot: s.fromSnapshot,
      stale: s.stale,
      revision: s.revision ?? null,
      ...(s.reason ? { reason: s.reason } : {}),
      rows: t.rows,
      errors: t.errors,
      warnings: t.warnings,
      lastSuccessAt: s.lastSuccessAt ?? null,
    };
  });
  let errors = 0;
  for (const i of consolidation.issues) if (i.severity === 'error') errors++;
  // Errors first, so the cap never hides an error behind warnings.
  const ordered = [...consolidation.issues].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  return {
    runId: spec.runId,
    startedAt: spec.startedAt,
    finishedAt,
    mmo: spec.mmo,
    trigger: spec.trigger,
    status: 'done',
    counts: {
      sources: sources.length,
      sourcesOk: sources.filter((s) => s.status === 'ok').length,
      sourcesFailed: sources.filter((s) => s.status === 'failed').length,
      sourcesStale: sources.filter((s) => s.stale).length,
      sheets: consolidation.sheets.length,
      rows: consolidation.sheets.reduce((n, s) => n + s.records.length, 0),
      rejectedRows: consolidation.sheets.reduce((n, s) => n + s.rejectedRows, 0),
      errors,
      warnings: consolidation.issues.length - errors,
      events: planEvents(consolidation).length + jointEvents(consolidation).length,
      applications: applicationRows(consolidation).length,
    },
    sources,
    problems: ordered
      .slice(0, MAX_STORED_PROBLEMS)
      .map((i) => ({ severity: i.severity, text: formatIssue(i), mmo: i.mmo, sourceId: i.sourceId ?? null })),
  };
}

export function runInput(run: SyncRunRecord) {
  return {
    runId: run.runId,
    finishedAt: run.finishedAt ?? new Date().toISOString(),
    status: run.status === 'failed' ? ('failed' as const) : ('done' as const),
    ...(run.error ? { error: run.error } : {}),
    counts: run.counts,
    sources: run.sources,
    problems: run.problems,
  };
}
