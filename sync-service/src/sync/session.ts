/**
 * The CPU-heavy half of one sync, in whichever thread runs it: parsing .xlsx sources, consolidating
 * them, the cross-source checks, «Изменения», the regional workbook and the store's big rows. The
 * runner keeps the decisions (what to read, what is stale, single flight) on the main thread and
 * sends this only references and small records; workbooks, parts and the consolidation stay here
 * until the end of the run, so megabytes never cross threads twice.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { formatIssue } from '@mmo/shared';
import { applicationRows, jointEvents, planEvents } from '../engine/aggregate.js';
import { diffConsolidations, type ChangeSet } from '../engine/changes.js';
import {
  consolidateSource,
  finishConsolidation,
  partTotals,
  totalsBySource,
  type SourcePart,
  type SourceTotals,
} from '../engine/consolidate.js';
import { templateDetector } from '../engine/detect-template.js';
import type { Consolidation, SourceRef, SourceStatus, SourceWorkbook, SourceWorkerSpec } from '../model.js';
import { XlsxFolderSource, type ReadGuard } from '../sources/xlsx-folder.js';
import type { FinishRunInput, RunCounts, StoredProblem, StoredSnapshot } from '../store/index.js';
import { partCacheFor, partKey, withStatus, type PartCache } from './part-cache.js';
import { publishBySpec, type PublishReport, type PublishSpec } from './publish.js';

/** Problems kept with a run: the API and the dashboard show the first ones, errors first. */
const MAX_STORED_PROBLEMS = 500;
/** How long the thread that publishes waits for a part another worker thread consolidated. */
const FORWARD_WAIT_MS = 120_000;

export interface SessionConfig {
  /** Unique per run: worker threads are shared by every runner of the process. */
  readonly id: string;
  readonly runId: number;
  /** The store's file, opened by this thread itself; null when the store object is at hand (in-process). */
  readonly storePath: string | null;
  readonly academicYear: number | null;
}

/** Where the workbook of a source comes from, without carrying it when it is already here. */
export type WorkbookRef =
  /** Read by this session ({@link RunSession.read}). */
  | { readonly from: 'read'; readonly sourceId: string }
  /** The store's last good snapshot. */
  | { readonly from: 'snapshot'; readonly sourceId: string }
  /** Read by the main thread (Google, other adapters); `fresh` ones become the new snapshot. */
  | { readonly from: 'value'; readonly workbook: SourceWorkbook; readonly fresh: boolean };

export type WorkbookMeta = Omit<SourceWorkbook, 'sheets'>;

export type ReadOutcome =
  | { readonly status: 'ok'; readonly workbook: WorkbookMeta }
  | { readonly status: 'unchanged'; readonly revision: string }
  | { readonly status: 'failed'; readonly reason: string };

/** What the main thread learns of a consolidated source: enough for the progress line. */
export interface PartSummary {
  readonly status: SourceStatus;
  readonly totals: SourceTotals;
}

/** The figures of a run record that need the whole consolidation. */
export interface RunSummary {
  readonly totals: Readonly<Record<string, SourceTotals>>;
  readonly counts: Omit<RunCounts, 'sources' | 'sourcesOk' | 'sourcesFailed' | 'sourcesStale'>;
  readonly problems: readonly StoredProblem[];
}

export interface PublishInput {
  /** Parts 0…count-1, one per source in list order. */
  readonly count: number;
  readonly now: Date;
  /** The consolidation «Изменения» compare with: by the run that made it, or itself (in-process). */
  readonly previous: { readonly runId: number; readonly consolidation?: Consolidation } | null;
  /** null: the runner publishes itself with what this returns. */
  readonly spec: PublishSpec | null;
}

export interface Published {
  readonly consolidation: Consolidation;
  readonly changes: ChangeSet;
  readonly summary: RunSummary;
  /** null when nothing was published here (no spec). */
  readonly report: PublishReport | null;
}

/** A run's store write with the big rows by reference: they are in this session. */
export type CommitInput = Omit<FinishRunInput, 'snapshots' | 'consolidation'> & {
  readonly snapshots: readonly { readonly sourceId: string; readonly at: string }[];
  readonly withConsolidation: boolean;
};

/** What a session needs of the store. */
export interface SessionStore {
  snapshot(sourceId: string): Promise<StoredSnapshot | null>;
  consolidationOf?(runId: number): Promise<Consolidation | null>;
  part?(key: string): Promise<SourcePart | null>;
  finishRun(input: FinishRunInput): Promise<void>;
  beginRead?(sourceId: string, revision: string, at: string): Promise<boolean>;
  endRead?(sourceId: string): Promise<void>;
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

/** A helper worker thread hands what it made to the one that publishes. */
export interface Forward {
  part(index: number, part: SourcePart): void;
  fresh(workbook: SourceWorkbook): void;
}

class Slot<T> {
  value: T | undefined;
  private waiters: ((v: T) => void)[] = [];
  get filled(): boolean {
    return this.value !== undefined;
  }
  fill(v: T): void {
    this.value = v;
    for (const w of this.waiters.splice(0)) w(v);
  }
  wait(ms: number, missing: () => Error): Promise<T> {
    if (this.value !== undefined) return Promise.resolve(this.value);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(missing()), ms);
      this.waiters.push((v) => {
        clearTimeout(timer);
        resolve(v);
      });
    });
  }
}

/**
 * The consolidation last made or loaded here, by store and run: the next run compares with it.
 * One is enough — any other is loaded from the store — and each holds every row of the region.
 */
const kept = new Map<string, Consolidation>();
const KEPT = 1;

function keep(key: string, c: Consolidation): void {
  kept.delete(key);
  kept.set(key, c);
  while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
}

/** Counts, per-source totals and the problems to keep, from a whole consolidation. */
export function runSummary(consolidation: Consolidation): RunSummary {
  let errors = 0;
  for (const i of consolidation.issues) if (i.severity === 'error') errors++;
  // Errors first, so the cap never hides an error behind warnings.
  const ordered = [...consolidation.issues].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  return {
    totals: Object.fromEntries(totalsBySource(consolidation)),
    counts: {
      sheets: consolidation.sheets.length,
      rows: consolidation.sheets.reduce((n, s) => n + s.records.length, 0),
      rejectedRows: consolidation.sheets.reduce((n, s) => n + s.rejectedRows, 0),
      errors,
      warnings: consolidation.issues.length - errors,
      events: planEvents(consolidation).length + jointEvents(consolidation).length,
      applications: applicationRows(consolidation).length,
    },
    problems: ordered
      .slice(0, MAX_STORED_PROBLEMS)
      .map((i) => ({ severity: i.severity, text: formatIssue(i), mmo: i.mmo, sourceId: i.sourceId ?? null })),
  };
}

export class RunSession {
  private readonly fresh = new Map<string, Slot<SourceWorkbook>>();
  private readonly parts: Slot<SourcePart>[] = [];
  private readonly detector = templateDetector();
  private latest: Consolidation | null = null;
  private cache: PartCache | null = null;
  /** The store key of each part made here, by index (see part-cache.ts). */
  private readonly keys: (string | null)[] = [];

  /**
   * @param forwarded whether parts may come from other threads: then a missing one is waited for,
   *   otherwise it is a bug and fails at once.
   */
  constructor(
    readonly config: SessionConfig,
    private readonly store: () => SessionStore,
    private readonly forward: Forward | null = null,
    private readonly forwarded = false,
  ) {}

  private freshSlot(sourceId: string): Slot<SourceWorkbook> {
    let slot = this.fresh.get(sourceId);
    if (!slot) this.fresh.set(sourceId, (slot = new Slot()));
    return slot;
  }

  private partSlot(index: number): Slot<SourcePart> {
    return (this.parts[index] ??= new Slot());
  }

  private waitFor<T>(slot: Slot<T>, what: string): Promise<T> {
    const missing = () => new Error(`${what}: данные не дошли до потока сводки`);
    if (!slot.filled && !this.forwarded) return Promise.reject(missing());
    return slot.wait(FORWARD_WAIT_MS, missing);
  }

  /** Reads a source of a folder here, keeping the workbook for consolidation and the snapshot. */
  async read(spec: SourceWorkerSpec, ref: SourceRef, knownRevision: string | null): Promise<ReadOutcome> {
    const { dir, ...options } = spec;
    const store = this.store();
    // The crash memory: a revision whose read never ended (this thread died on it) is not read again.
    const guard: ReadGuard | undefined =
      store.beginRead && store.endRead
        ? {
            before: async (r, revision) =>
              (await store.beginRead!(r.id, revision, new Date().toISOString()))
                ? null
                : crashedReadReason(r.name),
            after: (r) => store.endRead!(r.id),
          }
        : undefined;
    const outcome = await new XlsxFolderSource(dir, options).read(ref, knownRevision, guard);
    if (outcome.status === 'unchanged') return { status: 'unchanged', revision: outcome.revision };
    if (outcome.status === 'failed') return { status: 'failed', reason: outcome.reason };
    this.acceptFresh(outcome.workbook);
    this.forward?.fresh(outcome.workbook);
    const { sheets, ...meta } = outcome.workbook;
    void sheets;
    return { status: 'ok', workbook: meta };
  }

  acceptFresh(workbook: SourceWorkbook): void {
    this.freshSlot(workbook.id).fill(workbook);
  }

  acceptPart(index: number, part: SourcePart): void {
    this.partSlot(index).fill(part);
  }

  private async workbook(ref: WorkbookRef | null): Promise<SourceWorkbook | null> {
    if (ref === null) return null;
    switch (ref.from) {
      case 'value':
        if (ref.fresh) {
          this.acceptFresh(ref.workbook);
          this.forward?.fresh(ref.workbook);
        }
        return ref.workbook;
      case 'read': {
        const slot = this.fresh.get(ref.sourceId);
        if (!slot?.value) throw new Error(`источник «${ref.sourceId}» не был прочитан в этой синхронизации`);
        return slot.value;
      }
      case 'snapshot':
        return (await this.store().snapshot(ref.sourceId))?.workbook ?? null;
    }
  }

  /** Parts by revision of this store, in this thread. */
  get partCache(): PartCache {
    return (this.cache ??= partCacheFor(this.config.storePath ?? this.store()));
  }

  /**
   * Recognises, reads and validates one source; the part stays here for {@link publish}. A source
   * taken from its snapshot whose part at that revision is kept costs only the lookup.
   */
  async consolidate(index: number, ref: WorkbookRef | null, status: SourceStatus): Promise<PartSummary> {
    const { academicYear } = this.config;
    const key = partKey(status, academicYear);
    let part = ref?.from === 'snapshot' ? this.partCache.get(status, academicYear) : null;
    if (!part && ref?.from === 'snapshot' && key !== null) {
      // After a restart: the part a kept run references, decoded instead of checking the snapshot.
      const stored = await this.store().part?.(key);
      if (stored) {
        this.partCache.set(status, academicYear, stored);
        part = withStatus(stored, status);
      }
    }
    if (!part) {
      const workbook = await this.workbook(ref);
      part = consolidateSource({ workbook, status }, { academicYear, detector: this.detector });
      if (workbook) this.partCache.set(status, academicYear, part);
    }
    this.keys[index] = key;
    this.acceptPart(index, part);
    this.forward?.part(index, part);
    return { status: part.status, totals: partTotals(part) };
  }

  private async previous(ref: PublishInput['previous']): Promise<Consolidation | null> {
    if (ref === null) return null;
    if (ref.consolidation) return ref.consolidation;
    const key = `${this.config.storePath}#${ref.runId}`;
    let c = kept.get(key) ?? null;
    if (!c) {
      c = (await this.store().consolidationOf?.(ref.runId)) ?? null;
      if (c) keep(key, c);
    }
    return c;
  }

  /** Cross-source checks, «Изменения» and, given a spec, the regional workbook. */
  async publish(input: PublishInput): Promise<Published> {
    const parts = await Promise.all(
      Array.from({ length: input.count }, (_, i) => this.waitFor(this.partSlot(i), `источник №${i + 1}`)),
    );
    // Yields matter only in-process, where requests wait for this thread.
    await yieldToLoop();
    const consolidation = finishConsolidation(parts, {
      academicYear: this.config.academicYear,
      now: input.now,
    });
    const previous = await this.previous(input.previous);
    await yieldToLoop();
    const changes = diffConsolidations(previous, consolidation);
    await yieldToLoop();
    const report = input.spec ? await publishBySpec(input.spec, consolidation, changes) : null;
    this.latest = consolidation;
    return { consolidation, changes, summary: runSummary(consolidation), report };
  }

  /** The run's store write, in one transaction, with the snapshots and consolidation held here. */
  async commit(input: CommitInput): Promise<void> {
    const { snapshots: refs, withConsolidation, ...run } = input;
    const snapshots = await Promise.all(
      refs.map(async (s) => ({
        workbook: await this.waitFor(this.freshSlot(s.sourceId), `«${s.sourceId}»`),
        at: s.at,
      })),
    );
    if (withConsolidation && !this.latest) throw new Error('сводка этой синхронизации не составлена');
    const consolidation = withConsolidation ? this.latest : null;
    // A part forwarded from another thread has no key here: it is kept in the run's frame itself.
    const parts = consolidation
      ? this.parts.map((slot, i) => ({ key: this.keys[i] ?? null, part: slot.value! }))
      : undefined;
    const withParts =
      parts && parts.length === consolidation?.sources.length
        ? { parts: { yearSetting: this.config.academicYear, parts } }
        : {};
    await this.store().finishRun({ ...run, snapshots, consolidation, ...withParts });
    if (consolidation && this.config.storePath !== null)
      keep(`${this.config.storePath}#${this.config.runId}`, consolidation);
  }
}
