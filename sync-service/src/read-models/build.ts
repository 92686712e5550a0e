/** Every read model from a sync's outcome: what the sync thread builds when the main thread asks. */
import { dashboardModel, modelDay } from '../dashboard/model.js';
import type { SyncState } from '../sync/runner.js';
import { applicationsBody, applicationsKey, USUAL_ASKS } from './applications-body.js';
import { planBodies } from './plan-body.js';
import type { ReadModelKind, ReadModels } from './prebuilt.js';

export function buildReadModel<K extends ReadModelKind>(kind: K, state: SyncState, now: Date): ReadModels[K] {
  const c = state.consolidation;
  if (!c) throw new Error('нет сводки');
  const models: { [P in ReadModelKind]: () => ReadModels[P] } = {
    plan: () => planBodies(c),
    applications: () => new Map(USUAL_ASKS.map((ask) => [applicationsKey(ask), applicationsBody(c, ask)])),
    dashboard: () => ({
      day: modelDay(now),
      model: dashboardModel(state, { running: false, nextSyncAt: null, now }),
    }),
  };
  return models[kind]();
}

/** The buffers of a model, moved (not copied) to the thread that asked. */
export function transferablesOf(kind: ReadModelKind, value: unknown): ArrayBuffer[] {
  if (kind === 'dashboard') return [];
  return [...(value as ReadModels['plan' | 'applications']).values()].map((b) => b.buffer);
}
