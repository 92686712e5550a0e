/**
 * GET /api/regional.xlsx: the regional workbook. РМЦ gets the file the last sync wrote; an ММО (or
 * РМЦ with `?mmo=`) a workbook built from the same sheets with only that ММО's rows.
 */
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { scopeFor, type AppEnv } from '../middleware/auth/index.js';
import { validate } from '../middleware/validate/index.js';
import { prebuilt } from '../read-models/prebuilt.js';
import { mmoWorkbook } from '../sync/publish.js';
import type { SyncRunner } from '../sync/runner.js';
import { mmoQuery } from './params.js';
import { perConsolidation } from './read-model.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOT_YET = 'Сводная таблица ещё не сформирована: дождитесь окончания первой синхронизации.';

function attachment(body: Uint8Array, asciiName: string, russianName: string): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': XLSX,
      'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(russianName)}`,
      'Cache-Control': 'no-store',
    },
  });
}

export function regionalRoutes(deps: { runner: SyncRunner; outputPath: string }) {
  // An ММО's workbook is written once per sync, not on every download; the previous consolidation
  // («Изменения») belongs to the same state as the latest one.
  // Built by the sync thread, which holds both, when it can (read-models/prebuilt.ts).
  const workbookOf = perConsolidation(
    async (consolidation, scope: number) =>
      (await prebuilt(consolidation, 'workbook', scope)) ??
      mmoWorkbook(consolidation, deps.runner.latest().previous, scope),
  );
  return new Hono<AppEnv>().get('/', validate('query', mmoQuery), async (c) => {
    const scope = scopeFor(c.get('principal'), c.req.valid('query').mmo);
    const { consolidation } = deps.runner.latest();
    if (scope === null) {
      const bytes = await readFile(deps.outputPath).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') throw new HTTPException(503, { message: NOT_YET });
        throw e;
      });
      return attachment(bytes, 'regional.xlsx', 'Сводная таблица ММО.xlsx');
    }
    if (!consolidation) throw new HTTPException(503, { message: NOT_YET });
    const bytes = await workbookOf(consolidation, scope);
    return attachment(bytes, `regional-mmo-${scope}.xlsx`, `Сводная таблица ММО №${scope}.xlsx`);
  });
}
