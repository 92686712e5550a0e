/** Audit entries of a sync's changes: one per changed field, one per record added or removed. */
import type { ChangeDigest } from '../engine/changes.js';
import type { AuditEntryInput } from '../store/submissions.js';

export function changeAudit(changes: ChangeDigest, at: string, actor: string): AuditEntryInput[] {
  const entries: AuditEntryInput[] = [];
  for (const c of changes.changes) {
    const base = { at, kind: 'change' as const, actor, mmo: c.mmo, form: c.templateId };
    if (c.kind === 'changed') {
      for (const f of c.fields) {
        entries.push({
          ...base,
          what: `изменена запись «${c.title}» (лист «${c.sheet}», строка ${c.row})`,
          field: f.label,
          before: f.before,
          after: f.after,
          personal: f.personal,
        });
      }
    } else {
      entries.push({
        ...base,
        what: `${c.kind === 'added' ? 'добавлена' : 'удалена'} запись «${c.title}» (лист «${c.sheet}», строка ${c.row})`,
      });
    }
  }
  return entries;
}
