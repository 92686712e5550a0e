/** GET /api/status: the last sync (time, per-source status, counts, stale flags) and whether one runs now. */
import { DISTRICTS, formatAcademicYear } from '@mmo/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../middleware/auth/index.js';
import type { SyncRunner } from '../sync/runner.js';

export interface StatusDeps {
  readonly runner: SyncRunner;
  readonly nextSyncAt: () => string | null;
  /** 'google' | 'upload' | 'folder' per listed source (mixed sources). */
  readonly originOf?: (sourceId: string) => string;
  /** What the settings say per ММО. */
  readonly sourceKind?: (mmo: number) => string;
}

export function statusRoutes(deps: StatusDeps) {
  return new Hono<AppEnv>().get('/', (c) => {
    const { run, consolidation } = deps.runner.latest();
    const running = deps.runner.running();
    return c.json({
      running,
      nextSyncAt: deps.nextSyncAt(),
      ...(deps.sourceKind
        ? { mmoSources: DISTRICTS.map((d) => ({ mmo: d.no, source: deps.sourceKind!(d.no) })) }
        : {}),
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
              ...(deps.originOf ? { origin: deps.originOf(s.sourceId) } : {}),
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
