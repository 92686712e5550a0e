/**
 * The messages between the main thread and the sync's worker threads. Structured clone carries
 * them: plain objects, arrays, Dates — nothing here is a class instance or a function.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SourcePart } from '../engine/consolidate.js';
import type { SourceRef, SourceStatus, SourceWorkbook, SourceWorkerSpec } from '../model.js';
import type { PublishReport } from './publish.js';
import type {
  CommitInput,
  PartSummary,
  PublishInput,
  ReadOutcome,
  RunSummary,
  SessionConfig,
  WorkbookRef,
} from './session.js';
import type { Packed } from './transfer.js';

export type Job =
  | {
      readonly type: 'read';
      readonly session: SessionConfig;
      readonly spec: SourceWorkerSpec;
      readonly ref: SourceRef;
      readonly knownRevision: string | null;
    }
  | {
      readonly type: 'consolidate';
      readonly session: SessionConfig;
      readonly index: number;
      readonly workbook: WorkbookRef | null;
      readonly status: SourceStatus;
    }
  /** Goes to the first worker, which every other one forwards its parts to. */
  | {
      readonly type: 'publish';
      readonly session: SessionConfig;
      readonly input: Omit<PublishInput, 'previous'> & { readonly previousRunId: number | null };
    }
  | { readonly type: 'commit'; readonly session: SessionConfig; readonly input: CommitInput }
  /** Forget the run: its workbooks and parts. */
  | { readonly type: 'end'; readonly sessionId: string };

export interface JobResults {
  readonly read: ReadOutcome;
  readonly consolidate: PartSummary;
  readonly publish: {
    readonly packed: Packed;
    readonly summary: RunSummary;
    readonly report: PublishReport | null;
  };
  readonly commit: null;
  readonly end: null;
}

export type JobType = Job['type'];

export type ToWorker =
  | { readonly type: 'job'; readonly id: number; readonly job: Job }
  /** To the first worker: the port another worker forwards its parts on. */
  | { readonly type: 'peer'; readonly port: MessagePort };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly result: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

/** From a helper worker to the first one. */
export type Forwarded =
  | {
      readonly type: 'part';
      readonly session: SessionConfig;
      readonly index: number;
      readonly part: SourcePart;
    }
  | { readonly type: 'fresh'; readonly session: SessionConfig; readonly workbook: SourceWorkbook };

/** workerData of a sync worker. */
export interface WorkerInit {
  readonly index: number;
  /** For helpers (index > 0): where to forward parts and fresh workbooks. */
  readonly home: MessagePort | null;
}
