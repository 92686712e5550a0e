/** GET /api/status: the last sync (time, per-source status, counts, stale flags) and whether one runs now. */
import { formatAcademicYear } from '@mmo/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../middleware/auth/index.js';
import type { SyncRunner } from '../sync/runner.js';

export function statusRoutes(deps: { runner: SyncRunner; nextSyncAt: () => string | null }) {
  return new Hono<AppEnv>().get('/', (c) => {
    const { run, consolidation } = deps.runner.latest();
    const running = deps.runner.running();
    return c.json({
      running,
      nextSyncAt: deps.nextSyncAt(),
      academicYear: consolidation ? formatAcademicYear({ startYear: consolidation.academicYear }) : null,
      lastSync: run
        ? {
            runId: run.runId,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            mmo: run.mmo,
            trigger: run.trigger,
            status: run.status,
            ...(run.error ? { error: run.error } : {}),
            counts: run.counts,
            sources: run.sources.map((s) => ({
              id: s.sourceId,
              name: s.name,
              mmo: s.mmo,
              read: s.read,
              status: s.status,
              stale: s.stale,
              fromSnapshot: s.fromSnapshot,
              revision: s.revision,
              lastSuccessAt: s.lastSuccessAt,
              rows: s.rows,
              errors: s.errors,
              warnings: s.warnings,
              ...(s.reason ? { reason: s.reason } : {}),
            })),
          }
        : null,
    });
  });
}
