/**
 * The API's fields come from the definitions. GET /api/applications serves what the заявка declares
 * (`api`): its columns and its header fields, each row to its audience — personal fields (ФИО,
 * телефон, e-mail) to РМЦ and the row's own ММО, never to anyone without that right. GET /api/plan
 * gives each event its plan's columns.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fieldVisibleTo } from '@mmo/shared';
import { APPLICATION, formServedAt, JOINT_PLAN, MMO_PLAN, TEMPLATES } from '@mmo/templates';
import { applicationRows } from '../src/engine/aggregate.js';
import { audienceOf, recordJson } from '../src/read-models/applications-body.js';
import {
  APPLICANTS,
  bearer,
  personalStrings,
  testService,
  TOKENS,
  type TestService,
} from './service-fixtures.js';

const FOUR = APPLICANTS.find((a) => a.mmo === 4)!;
const api = APPLICATION.api;
const PERSONAL_COLUMNS = APPLICATION.columns.filter((f) => 'personal' in f && f.personal).map((f) => f.key);
const CONTACT_KEYS = Object.keys(api.header.fields);

interface Row {
  readonly mmo: number;
  readonly traineeName?: string;
  readonly contact: Record<string, string | null>;
  readonly [key: string]: unknown;
}

describe('/api/applications by role', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService();
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  const rowsFor = async (token: string, query = '') => {
    const res = await s.app.request(`/api/applications${query}`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { applications: Row[] }).applications;
  };

  test('the form serving the path is the one that declares it', () => {
    expect(formServedAt(TEMPLATES, 'applications')).toBe(APPLICATION);
  });

  test('РМЦ and the own ММО get the declared fields, personal ones included', async () => {
    for (const rows of [await rowsFor(TOKENS.rmc, '?mmo=4'), await rowsFor(TOKENS.mmo4)]) {
      expect(rows).toHaveLength(FOUR.trainees.length);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual([
          'mmo',
          'source',
          'sheet',
          'row',
          ...api.columns,
          'problems',
          'contact',
        ]);
        expect(Object.keys(row.contact)).toEqual(CONTACT_KEYS);
        expect(row.contact).toMatchObject({ name: FOUR.contactName, email: FOUR.contactEmail });
      }
      expect(rows.map((r) => r.traineeName).sort()).toEqual(FOUR.trainees.map((t) => t.name).sort());
    }
  });

  test('without the right to a row (the public, another ММО) no personal field is there', () => {
    expect(audienceOf({ kind: 'rmc' }, 4)).toBe('rmc');
    expect(audienceOf({ kind: 'mmo', mmo: 4 }, 4)).toBe('mmo');
    expect(audienceOf({ kind: 'mmo', mmo: 3 }, 4)).toBe('public');
    expect(audienceOf(null, 4)).toBe('public');

    const rows = applicationRows(s.runner.latest().consolidation!).filter((r) => r.mmo === 4);
    const json = rows.map(recordJson(APPLICATION, audienceOf({ kind: 'mmo', mmo: 3 }, 4)));
    expect(json).toHaveLength(FOUR.trainees.length);
    const visibleColumns = api.columns.filter((key) => !PERSONAL_COLUMNS.includes(key));
    const visibleContact = CONTACT_KEYS.filter((name) => {
      const field = APPLICATION.header.find(
        (f) => f.key === (api.header.fields as Record<string, string>)[name],
      )!;
      return fieldVisibleTo(field, 'public');
    });
    expect(visibleContact).toEqual(['position']);
    for (const row of json) {
      expect(Object.keys(row)).toEqual([
        'mmo',
        'source',
        'sheet',
        'row',
        ...visibleColumns,
        'problems',
        'contact',
      ]);
      expect(Object.keys(row.contact as object)).toEqual(visibleContact);
      expect(row.programme).toBeTruthy();
    }
    const text = JSON.stringify(json);
    for (const value of personalStrings()) expect(text, value).not.toContain(value);
  });

  test('/api/plan: each event has its plan’s columns, in order, the period parsed', async () => {
    const res = await s.app.request('/api/plan', { headers: bearer(TOKENS.mmo3) });
    const { events } = (await res.json()) as { events: Record<string, unknown>[] };
    for (const [plan, template] of [
      ['mmo', MMO_PLAN],
      ['joint', JOINT_PLAN],
    ] as const) {
      const mine = events.filter((e) => e.plan === plan);
      expect(mine.length).toBeGreaterThan(0);
      for (const e of mine)
        expect(Object.keys(e)).toEqual([
          'mmo',
          'plan',
          'source',
          'sheet',
          'row',
          ...template.columns.map((f) => f.key),
        ]);
      expect(mine[0].period).toMatchObject({ text: expect.any(String), kind: expect.any(String) });
    }
  });
});
