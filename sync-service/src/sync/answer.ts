/**
 * The SyncAnswer (shared/src/api/sync-answer.ts) a caller gets for a run: the whole region for РМЦ,
 * only its own ММО for an ММО token, even when it joined a run of the whole region.
 */
import { formatIssue, type SyncAnswer } from '@mmo/shared';
import { templateById } from '@mmo/templates';
import type { PlacedIssue } from '../model.js';
import type { SyncResult } from './runner.js';

const MAX_PROBLEMS = 50;

export function toSyncAnswer(result: SyncResult, mmo: number | null): SyncAnswer {
  const { run, consolidation } = result;
  const mine = <T extends { readonly mmo: number | null }>(x: T) => mmo === null || x.mmo === mmo;
  const issues = (consolidation?.issues ?? []).filter(mine);
  const bySheet = new Map<string, { errors: number; warnings: number }>();
  for (const i of issues) {
    const key = `${i.sourceId ?? i.file}\u0000${i.sheet ?? ''}`;
    const t = bySheet.get(key) ?? { errors: 0, warnings: 0 };
    if (i.severity === 'error') t.errors++;
    else t.warnings++;
    bySheet.set(key, t);
  }
  const ordered: PlacedIssue[] = [
    ...issues.filter((i) => i.severity === 'error'),
    ...issues.filter((i) => i.severity !== 'error'),
  ];
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt ?? run.startedAt,
    mmo,
    sources: run.sources.filter(mine).map((s) => ({
      name: s.name,
      mmo: s.mmo,
      status: s.status,
      stale: s.stale,
      rows: s.rows,
      errors: s.errors,
      warnings: s.warnings,
      ...(s.reason ? { reason: s.reason } : {}),
    })),
    sheets: (consolidation?.sheets ?? []).filter(mine).map((s) => {
      const t = bySheet.get(`${s.sourceId}\u0000${s.sheetName}`) ?? { errors: 0, warnings: 0 };
      const template = templateById(s.templateId);
      return {
        source: s.sourceName,
        sheet: s.sheetName,
        template: template?.menuLabel ?? s.templateId,
        rows: s.records.length,
        errors: t.errors,
        warnings: t.warnings,
      };
    }),
    problems: ordered.slice(0, MAX_PROBLEMS).map((i) => ({ severity: i.severity, text: formatIssue(i) })),
  };
}
