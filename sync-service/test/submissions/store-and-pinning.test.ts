/**
 * The submission part of the store (append-only audit with filters, first sighting kept, one
 * reminder per key) and the accepted version shown in the regional workbook when the setting says so.
 */
import { describe, expect, test } from 'vitest';
import type { ConsolidatedSheet, Consolidation } from '../../src/model.js';
import { openSqliteStore, openStore, type SyncStore } from '../../src/store/index.js';
import { pgDatabase, skipPg } from '../pg/provided.js';
import { deadlineOf, submissionSettings } from '../../src/submissions/settings.js';
import { changesSince } from '../../src/submissions/status.js';
import { withPinned } from '../../src/sync/publish.js';

function sheet(mmo: number, participants: string): ConsolidatedSheet {
  return {
    sourceId: `mmo${mmo}.xlsx`,
    sourceName: `ММО-${mmo}.xlsx`,
    sheetName: 'План ММО',
    templateId: 'mmo-plan',
    mmo,
    header: {},
    records: [
      {
        row: 6,
        values: { title: 'Семинар', period: 'Ноябрь, 2022', participants },
        raw: { title: 'Семинар', period: 'Ноябрь, 2022', participants },
      },
    ],
    rejectedRows: 0,
    academicYear: 2022,
  };
}

const DIALECTS: { name: string; skip: boolean; open: () => Promise<SyncStore> }[] = [
  { name: 'SQLite', skip: false, open: async () => openSqliteStore(':memory:') },
  { name: 'PostgreSQL', skip: skipPg, open: async () => openStore(await pgDatabase('submissions')) },
];

describe.each(DIALECTS)('submission store on $name', (dialect) => {
  if (dialect.skip) test.skip('MMO_SKIP_PG=1: PostgreSQL tests skipped', () => undefined);
  if (dialect.skip) return;

  test('the first sighting stays; a new revision only moves the last change', async () => {
    const store = await dialect.open();
    const first = await store.recordSubmissions({
      academicYear: 2022,
      at: '2022-09-10T08:00:00.000Z',
      runId: 1,
      seen: [{ mmo: 1, form: 'mmo-plan', revision: 'a' }],
    });
    expect(first.first).toHaveLength(1);
    const again = await store.recordSubmissions({
      academicYear: 2022,
      at: '2022-09-20T08:00:00.000Z',
      runId: 2,
      seen: [{ mmo: 1, form: 'mmo-plan', revision: 'b' }],
    });
    expect(again).toEqual({ first: [], changed: [{ mmo: 1, form: 'mmo-plan', revision: 'b' }] });
    expect(await store.submissionRecords(2022)).toEqual([
      expect.objectContaining({
        firstSeenAt: '2022-09-10T08:00:00.000Z',
        firstRevision: 'a',
        lastRevision: 'b',
        lastChangedAt: '2022-09-20T08:00:00.000Z',
      }),
    ]);
    await store.close();
  });

  test('the audit filters by ММО, form and dates, oldest first; reminders go once', async () => {
    const store = await dialect.open();
    await store.appendAudit([
      {
        at: '2022-09-10T08:00:00.000Z',
        kind: 'received',
        actor: 'синхронизация',
        mmo: 1,
        form: 'mmo-plan',
        what: 'получена форма',
      },
      {
        at: '2022-09-11T08:00:00.000Z',
        kind: 'upload',
        actor: 'ММО №2',
        mmo: 2,
        form: 'application',
        what: 'загружен файл',
      },
    ]);
    await store.appendAudit({
      at: '2022-09-12T08:00:00.000Z',
      kind: 'review',
      actor: 'РМЦ ДИРО',
      mmo: 1,
      form: 'mmo-plan',
      what: 'принята',
    });
    expect((await store.audit()).map((e) => e.kind)).toEqual(['received', 'upload', 'review']);
    expect((await store.audit({ mmo: 1 })).map((e) => e.kind)).toEqual(['received', 'review']);
    expect((await store.audit({ form: 'application' })).map((e) => e.actor)).toEqual(['ММО №2']);
    expect((await store.audit({ from: '2022-09-11', to: '2022-09-12' })).map((e) => e.kind)).toEqual([
      'upload',
    ]);
    expect((await store.audit({ limit: 1 })).map((e) => e.kind)).toEqual(['review']);
    expect(await store.markReminderSent('remind:2022:3:mmo-plan', '2022-09-12T08:00:00.000Z')).toBe(true);
    expect(await store.markReminderSent('remind:2022:3:mmo-plan', '2022-09-13T08:00:00.000Z')).toBe(false);
    await store.close();
  });
});

describe('accepted version', () => {
  test('the changes since acceptance list the changed field; the pinned workbook shows what was accepted', () => {
    const accepted = sheet(2, 'Методисты');
    const latest = sheet(2, 'Методисты и руководители ОО');
    const changes = changesSince([accepted], [latest]);
    expect(changes).toHaveLength(1);
    expect(changes[0].fields).toMatchObject([
      { field: 'participants', before: 'Методисты', after: 'Методисты и руководители ОО' },
    ]);

    const c: Consolidation = {
      generatedAt: '2022-09-22T08:00:00.000Z',
      academicYear: 2022,
      sources: [],
      sheets: [latest, sheet(1, 'Все')],
      issues: [],
    };
    const shown = withPinned(c, [{ mmo: 2, form: 'mmo-plan', sheets: [accepted] }]);
    expect(shown.sheets.map((s) => `${s.mmo}: ${String(s.records[0].values.participants)}`).sort()).toEqual([
      '1: Все',
      '2: Методисты',
    ]);
  });

  test('deadlines: month-day defaults fall in the academic year, a year may set its own, null removes one', () => {
    const s = submissionSettings({
      deadlines: { 'methodist-plan': null },
      deadlinesByYear: { '2023-2024': { 'mmo-plan': '2023-09-20' } },
    });
    expect(deadlineOf(s, 'mmo-plan', 2022)).toBe('2022-09-15');
    expect(deadlineOf(s, 'application', 2022)).toBe('2022-10-01');
    expect(deadlineOf(s, 'mmo-plan', 2023)).toBe('2023-09-20');
    expect(deadlineOf(s, 'methodist-plan', 2022)).toBeNull();
  });
});
