/**
 * The dashboard model only changes with a sync (and, for the default month and overdue items, with
 * the date), while anyone may request the page: building it per request let a flood of `GET /` hold
 * the event loop for seconds. One model per sync state, month asked for and day is built and kept
 * (a bounded number of them, least recently used dropped); the per-request parts — whether a sync
 * runs, when the next one is — are laid over it.
 */
import type { SyncState } from '../sync/runner.js';
import { dashboardModel, type DashboardModel } from './model.js';

/** Twelve months, the default page and room for a day change; a URL with any month cannot grow it. */
const DEFAULT_ENTRIES = 32;

export interface ModelRequest {
  readonly running: boolean;
  readonly nextSyncAt: string | null;
  readonly month?: string | undefined;
  readonly now: Date;
}

export function dashboardModelCache(maxEntries = DEFAULT_ENTRIES): (state: SyncState, request: ModelRequest) => DashboardModel {
  let of: SyncState | null = null;
  const models = new Map<string, DashboardModel>();
  return (state, request) => {
    if (state !== of) {
      of = state;
      models.clear();
    }
    const { now } = request;
    const key = `${request.month ?? ''}|${now.getFullYear()}-${now.getMonth()}-${now.getDate()}`;
    let model = models.get(key);
    if (model) models.delete(key);
    else model = dashboardModel(state, { running: false, nextSyncAt: null, month: request.month, now });
    models.set(key, model);
    while (models.size > maxEntries) models.delete(models.keys().next().value!);
    return { ...model, running: request.running, nextSyncAt: request.nextSyncAt };
  };
}
