/**
 * The dashboard only changes with a sync (and, for the default month and overdue items, with the
 * date), while anyone may request the page: building the model and the HTML per request let a
 * flood of `GET /` hold the event loop for seconds. One model per sync state, month asked for and
 * day is built and kept (a bounded number, least recently used dropped), and its page rendered once
 * per state of the parts that change between syncs (a sync running, the next one's time, a notice).
 * The script's CSP nonce is new on every answer: the page is kept with a placeholder in its place.
 */
import { randomBytes } from 'node:crypto';
import type { SyncState } from '../sync/runner.js';
import { prebuilt } from '../read-models/prebuilt.js';
import { dashboardModel, modelDay, type DashboardModel } from './model.js';
import { dashboardPage, type PageOptions } from './page.js';
import { DEMO_FOLDER } from '../seed/demo-region.js';

/** Twelve months, the default page and room for a day change; a URL with any month cannot grow it. */
const DEFAULT_ENTRIES = 32;
/** Pages kept per model: running or not × next sync time × the notice after a sync. */
const PAGES_PER_MODEL = 8;

export interface PageRequest {
  readonly running: boolean;
  readonly nextSyncAt: string | null;
  readonly month?: string | undefined;
  readonly now: Date;
  readonly nonce: string;
  /** Built from the model's run (the caller knows the query), so it is known once the model is. */
  readonly notice?: (model: DashboardModel) => PageOptions['notice'];
}

interface Entry {
  /** Shared by the requests that come while it is being built (or fetched from the sync thread). */
  readonly model: Promise<DashboardModel>;
  readonly pages: Map<string, string>;
}

/** The sync thread's model for the default page of the day if it can build it; else built here. */
async function modelFor(state: SyncState, request: PageRequest, day: string): Promise<DashboardModel> {
  if (request.month === undefined && state.consolidation) {
    const built = await prebuilt(state.consolidation, 'dashboard');
    if (built?.day === day) return built.model;
  }
  return dashboardModel(state, { running: false, nextSyncAt: null, month: request.month, now: request.now });
}

export function dashboardPageCache(
  timeZone: string,
  maxEntries = DEFAULT_ENTRIES,
): (state: SyncState, request: PageRequest) => Promise<string> {
  let of: SyncState | null = null;
  const entries = new Map<string, Entry>();
  const placeholder = `nonce-${randomBytes(12).toString('hex')}`;
  return async (state, request) => {
    if (state !== of) {
      of = state;
      entries.clear();
    }
    const day = modelDay(request.now);
    const key = `${request.month ?? ''}|${day}`;
    let entry = entries.get(key);
    if (entry) entries.delete(key);
    else {
      const built: Entry = { model: modelFor(state, request, day), pages: new Map() };
      // A model that failed to build is built again by the next request.
      built.model.catch(() => entries.get(key) === built && entries.delete(key));
      entry = built;
    }
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);

    const model: DashboardModel = {
      ...(await entry.model),
      running: request.running,
      nextSyncAt: request.nextSyncAt,
    };
    const notice = request.notice?.(model);
    const pageKey = JSON.stringify([request.running, request.nextSyncAt, notice ?? null]);
    let page = entry.pages.get(pageKey);
    if (page === undefined) {
      // The demo is marked while any of its files is read: deleting sources/Демо/ removes the mark.
      const demo = (state.consolidation?.sources ?? []).some((s) => s.sourceId.startsWith(`${DEMO_FOLDER}/`));
      page = String(
        await dashboardPage(model, { timeZone, nonce: placeholder, demo, ...(notice ? { notice } : {}) }),
      );
      if (entry.pages.size >= PAGES_PER_MODEL) entry.pages.clear();
      entry.pages.set(pageKey, page);
    }
    return page.replace(`nonce="${placeholder}"`, `nonce="${request.nonce}"`);
  };
}
