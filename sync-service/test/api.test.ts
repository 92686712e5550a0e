import { readFile } from 'node:fs/promises';
import { errorAnswerSchema, syncAnswerSchema } from '@mmo/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  APPLICANTS,
  BAD_PHONE,
  bearer,
  personalStrings,
  testService,
  TOKENS,
  workbookText,
  type TestService,
} from './service-fixtures.js';

const postJson = (token: string, body: unknown) => ({
  method: 'POST',
  headers: { ...bearer(token), 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('API', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService({ maxBodyBytes: 1024 });
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  test('GET /api/status: last sync with per-source status, counts and stale flags', async () => {
    const res = await s.app.request('/api/status', { headers: bearer(TOKENS.mmo4) });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = (await res.json()) as {
      running: unknown;
      academicYear: unknown;
      lastSync: { counts: unknown; sources: unknown[] };
    };
    expect(body.running).toBeNull();
    expect(body.academicYear).toBe('2022-2023');
    expect(body.lastSync).toMatchObject({ status: 'done', trigger: 'start', mmo: null });
    expect(body.lastSync.counts).toMatchObject({ sources: 12, sourcesFailed: 0, sourcesStale: 0 });
    expect(body.lastSync.sources[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        read: 'ok',
        status: 'ok',
        stale: false,
        revision: expect.any(String),
        rows: expect.any(Number),
      }),
    );
  });

  test('POST /api/sync/:mmo answers the SyncAnswer of the shared contract, only that ММО', async () => {
    const res = await s.app.request('/api/sync/3', {
      method: 'POST',
      headers: { ...bearer(TOKENS.mmo3), 'Content-Type': 'application/json' },
      body: '{"trigger":"addon"}',
    });
    expect(res.status).toBe(200);
    const answer = syncAnswerSchema.strict().parse(await res.json());
    expect(answer.mmo).toBe(3);
    expect(answer.sources.map((x) => x.name).sort()).toEqual([
      'ММО-3 Заявка.xlsx',
      'ММО-3 Стратегия успеха.xlsx',
    ]);
    expect(answer.sheets.map((x) => x.template).sort()).toEqual([
      'Заявка на обучение (Приложение №3)',
      'План ММО (Приложение №1)',
    ]);
    expect(answer.sheets.every((x) => x.rows > 0)).toBe(true);
    expect(Date.parse(answer.finishedAt)).toBeGreaterThanOrEqual(Date.parse(answer.startedAt));
    expect((await s.store.run(answer.runId))?.trigger).toBe('addon');
  });

  test('POST /api/sync for ММО 5 lists its problems formatted in Russian', async () => {
    const res = await s.app.request('/api/sync/5', { method: 'POST', headers: bearer(TOKENS.rmc) });
    const answer = syncAnswerSchema.parse(await res.json());
    const phone = answer.problems.find((p) => p.text.includes('Контактный телефон'));
    expect(phone).toMatchObject({ severity: 'error' });
    expect(phone!.text).toMatch(/^Файл «ММО-5 Заявка\.xlsx», лист «Заявка», строка \d+/);
    expect(answer.problems.length).toBeLessThanOrEqual(50);
  });

  test('single flight: two POSTs at once make one run and get the same runId', async () => {
    const before = (await s.store.recentRuns(100)).length;
    const [a, b, c] = await Promise.all([
      s.app.request('/api/sync', { method: 'POST', headers: bearer(TOKENS.rmc) }),
      s.app.request('/api/sync', { method: 'POST', headers: bearer(TOKENS.rmc) }),
      s.app.request('/api/sync/4', { method: 'POST', headers: bearer(TOKENS.mmo4) }),
    ]);
    const [ra, rb, rc] = [await a.json(), await b.json(), await c.json()].map((answer) =>
      syncAnswerSchema.parse(answer),
    );
    expect(ra.runId).toBe(rb.runId);
    expect(rc.runId).toBe(ra.runId);
    expect(ra.mmo).toBeNull();
    // The ММО 4 caller joined the region's run but sees only its own sources.
    expect(rc.mmo).toBe(4);
    expect(rc.sources.every((x) => x.mmo === 4)).toBe(true);
    expect((await s.store.recentRuns(100)).length).toBe(before + 1);
  });

  test.each([
    ['/api/sync/9', 'POST'],
    ['/api/sync/0', 'POST'],
    ['/api/sync/03', 'POST'],
    ['/api/sync/3.0', 'POST'],
    ['/api/sync/abc', 'POST'],
    ['/api/sync/..%2F..%2Fetc', 'POST'],
    ['/api/plan?mmo=../../etc', 'GET'],
    ['/api/plan?mmo=%2E%2E%2F', 'GET'],
    ['/api/applications?mmo=3%00', 'GET'],
    ['/api/applications?mmo=3&mmo=4', 'GET'],
    ['/api/regional.xlsx?mmo=/etc/passwd', 'GET'],
  ])('%s is rejected with 400 «Номер ММО должен быть от 1 до 8»', async (path, method) => {
    const res = await s.app.request(path, { method, headers: bearer(TOKENS.rmc) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Номер ММО должен быть от 1 до 8' });
  });

  test('an unknown query parameter is rejected, not ignored', async () => {
    const res = await s.app.request('/api/plan?file=../../etc/passwd', { headers: bearer(TOKENS.rmc) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Неизвестный параметр «file».' });
  });

  test('a body over the limit → 413 in Russian, with or without Content-Length', async () => {
    const big = JSON.stringify({ trigger: 'api', pad: 'я'.repeat(2000) });
    const res = await s.app.request('/api/sync', {
      method: 'POST',
      headers: {
        ...bearer(TOKENS.rmc),
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(big)),
      },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'Слишком большой запрос: не больше 1 КБ.' });
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(400)));
        controller.close();
      },
    });
    const chunked = await s.app.request('/api/sync', {
      method: 'POST',
      headers: { ...bearer(TOKENS.rmc), 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  test('invalid JSON → 400 in Russian; a JSON body of the wrong shape → 400 in Russian', async () => {
    const bad = await s.app.request('/api/sync/3', {
      method: 'POST',
      headers: { ...bearer(TOKENS.mmo3), 'Content-Type': 'application/json' },
      body: '{"trigger":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'Тело запроса — не корректный JSON: проверьте кавычки и запятые.',
    });
    const wrong = await s.app.request('/api/sync/3', postJson(TOKENS.mmo3, { trigger: 'всё' }));
    expect(wrong.status).toBe(400);
    expect(errorAnswerSchema.parse(await wrong.json()).error).toMatch(/^trigger — одно из/);
    const extra = await s.app.request('/api/sync/3', postJson(TOKENS.mmo3, { sheets: [] }));
    expect(await extra.json()).toEqual({ error: 'Неизвестный параметр «sheets».' });
  });

  test('an unknown route → 404 in Russian', async () => {
    const api = await s.app.request('/api/nothing', { headers: bearer(TOKENS.rmc) });
    expect(api.status).toBe(404);
    expect(errorAnswerSchema.parse(await api.json()).error).toMatch(/^Такого адреса нет: GET \/api\/nothing/);
    const anon = await s.app.request('/favicon.ico');
    expect(anon.status).toBe(404);
  });

  test('an unexpected error → 500 in Russian, no stack trace, the message only in the log', async () => {
    const original = s.runner.latest.bind(s.runner);
    s.runner.latest = () => {
      throw new TypeError('cannot read property x of undefined');
    };
    try {
      const res = await s.app.request('/api/plan', { headers: bearer(TOKENS.rmc) });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        error: 'Внутренняя ошибка сервиса. Подробности — в журнале сервиса.',
      });
      expect(text).not.toMatch(/TypeError|at |\.ts/);
      expect(
        s.logger.lines.some(
          (l) => l.includes('TypeError: cannot read property x of undefined') && !l.includes('    at '),
        ),
      ).toBe(true);
    } finally {
      s.runner.latest = original;
    }
  });

  test('GET /api/regional.xlsx: РМЦ gets the whole workbook, an ММО only its own rows', async () => {
    const rmc = await s.app.request('/api/regional.xlsx', { headers: bearer(TOKENS.rmc) });
    expect(rmc.status).toBe(200);
    expect(rmc.headers.get('Content-Type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const whole = Buffer.from(await rmc.arrayBuffer());
    expect(whole.equals(await readFile(s.outputPath))).toBe(true);
    const wholeText = await workbookText(whole);
    for (const a of APPLICANTS) for (const t of a.trainees) expect(wholeText).toContain(t.name);

    const mine = await s.app.request('/api/regional.xlsx', { headers: bearer(TOKENS.mmo3) });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('Content-Disposition')).toContain('regional-mmo-3.xlsx');
    const text = await workbookText(new Uint8Array(await mine.arrayBuffer()));
    for (const t of APPLICANTS[0].trainees) expect(text).toContain(t.name);
    expect(text).toContain(APPLICANTS[0].contactEmail);
    for (const a of [...APPLICANTS.slice(1)]) {
      expect(text).not.toContain(a.contactName);
      expect(text).not.toContain(a.contactEmail);
      for (const t of a.trainees) expect(text).not.toContain(t.name);
    }
    expect(text).not.toContain(BAD_PHONE.trainee);
    expect((await s.app.request('/api/regional.xlsx?mmo=4', { headers: bearer(TOKENS.mmo3) })).status).toBe(
      403,
    );
  });

  test('a sync whose workbook cannot be written answers 503 in Russian', async () => {
    const original = s.runner.sync.bind(s.runner);
    s.runner.sync = async () => ({
      run: {
        runId: 999,
        startedAt: '',
        finishedAt: '',
        mmo: null,
        trigger: 'api',
        status: 'failed',
        error: 'Синхронизация прервана: диск переполнен',
        counts: null,
        sources: [],
        problems: [],
      },
      consolidation: null,
      changes: null,
    });
    try {
      const res = await s.app.request('/api/sync', { method: 'POST', headers: bearer(TOKENS.rmc) });
      expect(res.status).toBe(503);
      expect(errorAnswerSchema.parse(await res.json()).error).toMatch(
        /^Синхронизация прервана: диск переполнен\. Повторите позже/,
      );
    } finally {
      s.runner.sync = original;
    }
  });

  test('personal data never reaches the log, whatever was synced and asked for', async () => {
    s.logger.lines.length = 0;
    await s.app.request('/api/sync', { method: 'POST', headers: bearer(TOKENS.rmc) });
    await s.app.request('/api/sync/5', { method: 'POST', headers: bearer(TOKENS.rmc) });
    await s.app.request('/api/applications', { headers: bearer(TOKENS.rmc) });
    await s.app.request('/api/regional.xlsx?mmo=3', { headers: bearer(TOKENS.rmc) });
    await s.app.request('/sync', { method: 'POST', body: new URLSearchParams({ token: TOKENS.rmc }) });
    const lines = s.logger.lines;
    expect(lines.length).toBeGreaterThan(20);
    // The log did see the заявки: as counts.
    expect(lines.some((l) => /«ММО-3 Заявка\.xlsx»: (прочитан|без изменений) — 2 строки/.test(l))).toBe(true);
    const log = lines.join('\n');
    for (const value of personalStrings()) expect(log, value).not.toContain(value);
    expect(log).not.toContain(TOKENS.rmc);
  });
});
