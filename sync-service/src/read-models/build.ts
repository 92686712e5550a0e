/** Every read model from a sync's outcome: what the sync thread builds when the main thread asks. */
import { dashboardModel, modelDay } from '../dashboard/model.js';
import { mmoWorkbook } from '../sync/publish.js';
import type { SyncState } from '../sync/runner.js';
import { applicationsBody, applicationsKey, USUAL_ASKS } from './applications-body.js';
import { planBodies } from './plan-body.js';
import type { ReadModelKind, ReadModels } from './prebuilt.js';

export async function buildReadModel<K extends ReadModelKind>(
  kind: K,
  arg: number,
  state: SyncState,
  now: Date,
): Promise<ReadModels[K]> {
  const c = state.consolidation;
  if (!c) throw new Error('нет сводки');
  const models: { [P in ReadModelKind]: () => ReadModels[P] | Promise<ReadModels[P]> } = {
    plan: () => planBodies(c),
    applications: () => new Map(USUAL_ASKS.map((ask) => [applicationsKey(ask), applicationsBody(c, ask)])),
    dashboard: () => ({
      day: modelDay(now),
      model: dashboardModel(state, { running: false, nextSyncAt: null, now }),
    }),
    // A copy with a buffer of its own: it is moved to the main thread, not copied again.
    workbook: async () => new Uint8Array(await mmoWorkbook(c, state.previous, arg)),
  };
  return models[kind]();
}

/** The buffers of a model, moved (not copied) to the thread that asked. */
export function transferablesOf(kind: ReadModelKind, value: unknown): ArrayBuffer[] {
  if (kind === 'dashboard') return [];
  if (kind === 'workbook') return [(value as ReadModels['workbook']).buffer];
  return [...(value as ReadModels['plan' | 'applications']).values()].map((b) => b.buffer);
}
