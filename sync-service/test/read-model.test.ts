import { join } from 'node:path';
import { DISTRICTS } from '@mmo/shared';
import { prebuilt } from '../src/read-models/prebuilt.js';
import { districtFileName } from '../src/seed/seed-region.js';
import { afterEach, expect, test } from 'vitest';
import {
  APPLICANTS,
  bearer,
  editCell,
  testService,
  TOKENS,
  workbookText,
  type TestService,
} from './service-fixtures.js';

let s: TestService | null = null;
afterEach(async () => {
  await s?.close();
  s = null;
});

const get = async (path: string, token: string) => s!.app.request(path, { headers: bearer(token) });

test('answers built once per sync follow the next sync: applications and an ММО workbook show the edit', async () => {
  s = await testService();
  const trainee = APPLICANTS.find((a) => a.mmo === 3)!.trainees[0].name;
  const before = (await (await get('/api/applications', TOKENS.mmo3)).json()) as {
    count: number;
    applications: { traineeName: string }[];
  };
  expect(before.applications.some((a) => a.traineeName === trainee)).toBe(true);
  const again = (await (await get('/api/applications', TOKENS.mmo3)).json()) as unknown;
  expect(again).toEqual(before);
  const bookBefore = await workbookText(
    new Uint8Array(await (await get('/api/regional.xlsx', TOKENS.mmo3)).arrayBuffer()),
  );
  expect(bookBefore).toContain(trainee);
  expect(bookBefore).not.toContain('Петрова Вымышленная Тестовна');

  await editCell(
    join(s.region.sourcesDir, 'ММО-3 Заявка.xlsx'),
    (t) => t === trainee,
    'Петрова Вымышленная Тестовна',
  );
  await s.runner.sync({ mmo: null, trigger: 'api' });

  const after = (await (await get('/api/applications', TOKENS.mmo3)).json()) as {
    count: number;
    applications: { traineeName: string }[];
  };
  expect(after.count).toBe(before.count);
  expect(after.applications.some((a) => a.traineeName === trainee)).toBe(false);
  expect(after.applications.some((a) => a.traineeName === 'Петрова Вымышленная Тестовна')).toBe(true);
  const bookAfter = await workbookText(
    new Uint8Array(await (await get('/api/regional.xlsx', TOKENS.mmo3)).arrayBuffer()),
  );
  expect(bookAfter).toContain('Петрова Вымышленная Тестовна');
  // An ММО token still sees only its own rows in the answer kept for its scope.
  const other = (await (await get('/api/applications', TOKENS.mmo4)).json()) as {
    applications: { traineeName: string }[];
  };
  expect(other.applications.some((a) => a.traineeName === 'Петрова Вымышленная Тестовна')).toBe(false);
});

test('read models come built from the sync thread: the plan of each scope, the usual заявки, the dashboard, an ММО workbook; the next sync brings the edit', async () => {
  s = await testService();
  const consolidation = s.runner.latest().consolidation!;
  const plan = await prebuilt(consolidation, 'plan');
  expect(plan, 'the sync thread builds the plan bodies of its consolidation').not.toBeNull();
  const rmc = (await (await get('/api/plan', TOKENS.rmc)).json()) as {
    count: number;
    events: { mmo: number | null; title: string }[];
  };
  expect(rmc.count).toBeGreaterThan(0);
  expect(rmc).toEqual(JSON.parse(new TextDecoder().decode(plan!.get(null))));
  const mmo3 = (await (await get('/api/plan', TOKENS.mmo3)).json()) as typeof rmc;
  expect(mmo3).toEqual(JSON.parse(new TextDecoder().decode(plan!.get(3))));
  expect(mmo3.events.every((e) => e.mmo === 3 || e.mmo === null)).toBe(true);

  const applications = await prebuilt(consolidation, 'applications');
  const own = (await (await get('/api/applications', TOKENS.mmo3)).json()) as { count: number };
  expect(own.count).toBeGreaterThan(0);
  expect(own).toEqual(JSON.parse(new TextDecoder().decode(applications!.get('mmo3:3'))));
  const dashboard = await prebuilt(consolidation, 'dashboard');
  expect(dashboard?.model.events).toBe(rmc.count);
  expect((await get('/', TOKENS.rmc)).status).toBe(200);
  const book = await prebuilt(consolidation, 'workbook', 3);
  const download = new Uint8Array(await (await get('/api/regional.xlsx', TOKENS.mmo3)).arrayBuffer());
  expect(download).toEqual(book);
  expect(await workbookText(download)).toContain(mmo3.events.find((e) => e.mmo === 3)!.title);

  const title = mmo3.events.find((e) => e.mmo === 3)!.title;
  await editCell(
    join(s.region.sourcesDir, districtFileName(3, DISTRICTS[2].name)),
    (t) => t === title,
    'Вымышленный семинар для проверки',
  );
  await s.runner.sync({ mmo: null, trigger: 'api' });
  const after = (await (await get('/api/plan', TOKENS.mmo3)).json()) as typeof rmc;
  expect(after.events.map((e) => e.title)).toContain('Вымышленный семинар для проверки');
  expect(after.events.map((e) => e.title)).not.toContain(title);
  // The thread holds only its last run: an older consolidation's models are built here.
  expect(await prebuilt(consolidation, 'plan')).toBe(plan);
});
