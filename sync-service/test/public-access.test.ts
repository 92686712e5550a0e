/**
 * The service as `npm start` runs it, over a real socket: the public page's per-client limit, the
 * 405 with Allow, security headers on every HTML answer, and a page that follows each sync even
 * though its model is built once per sync.
 */
import { errorAnswerSchema } from '@mmo/shared';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startService, type RunningService } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { memoryLogger } from '../src/sync/log.js';
import { editCell, seededRegion, type RegionDir } from './service-fixtures.js';

const LIMIT = 4;

describe('public access over a real socket', () => {
  let region: RegionDir;
  let service: RunningService;
  let rmc: string;

  beforeAll(async () => {
    region = await seededRegion({ applications: false });
    const config = {
      ...loadConfig({
        DATA_DIR: region.dir,
        PORT: '0',
        HOST: '127.0.0.1',
        SYNC_INTERVAL_MIN: '0',
        PUBLIC_REQUESTS_PER_MIN: String(LIMIT),
      }),
      googleConfigPath: undefined,
    };
    service = await startService(config, { logger: memoryLogger() });
    rmc = service.issuedTokens!.find((t) => t.role.kind === 'rmc')!.token;
    await service.startupSync();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    region?.cleanup();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${service.url}${path}`, init);

  test('the page follows every sync: an edited event title shows after the next sync, not before', async () => {
    const before = await (
      await get('/?month=2022-09', { headers: { Authorization: `Bearer ${rmc}` } })
    ).text();
    expect(before).toContain('Круглый стол по вопросам планирования');
    await editCell(
      join(region.sourcesDir, 'ММО-3 Стратегия успеха.xlsx'),
      (t) => t.startsWith('Круглый стол по вопросам планирования'),
      'Круглый стол: новая тема после правки',
    );
    const cached = await (
      await get('/?month=2022-09', { headers: { Authorization: `Bearer ${rmc}` } })
    ).text();
    expect(cached).not.toContain('новая тема после правки');
    await service.runner.sync({ mmo: null, trigger: 'api' });
    const after = await (
      await get('/?month=2022-09', { headers: { Authorization: `Bearer ${rmc}` } })
    ).text();
    expect(after).toContain('Круглый стол: новая тема после правки');
  }, 60_000);

  test('a client without a token gets a Russian 429 with Retry-After; a valid token is never held back', async () => {
    const answers: Response[] = [];
    for (let i = 0; i < LIMIT + 2; i++) answers.push(await get('/'));
    expect(answers.slice(0, LIMIT).map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    const limited = answers[LIMIT];
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(await limited.text()).toMatch(
      /Слишком много запросов с вашего адреса: не больше 4 в минуту без токена\. Повторите через \d+ с\./,
    );

    // Wrong tokens are anonymous too: guessing tokens is limited the same way.
    const guess = await get('/api/status', { headers: { Authorization: 'Bearer guess-guess-guess-guess' } });
    expect(guess.status).toBe(429);
    expect(errorAnswerSchema.parse(await guess.json()).error).toMatch(/^Слишком много запросов/);

    const status = await get('/api/status', { headers: { Authorization: `Bearer ${rmc}` } });
    expect(status.status).toBe(200);
    const page = await get('/', { headers: { Authorization: `Bearer ${rmc}` } });
    expect(page.status).toBe(200);
  });

  test('a wrong method is a 405 in Russian with Allow', async () => {
    const auth = { Authorization: `Bearer ${rmc}` };
    const put = await get('/api/status', { method: 'PUT', headers: auth });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('GET, HEAD');
    expect(errorAnswerSchema.parse(await put.json()).error).toBe(
      'Метод PUT здесь не поддерживается: по адресу /api/status можно GET, HEAD.',
    );
    const getSync = await get('/api/sync', { headers: auth });
    expect(getSync.status).toBe(405);
    expect(getSync.headers.get('Allow')).toBe('POST');
    const del = await get('/', { method: 'DELETE', headers: auth });
    expect(del.status).toBe(405);
    expect(del.headers.get('Allow')).toContain('GET');
    expect(await del.text()).toContain('Метод DELETE здесь не поддерживается');
  });

  test('every HTML answer carries CSP, nosniff and no framing; the dashboard keeps its nonce', async () => {
    const auth = { Authorization: `Bearer ${rmc}` };
    const pages = [
      await get('/', { headers: auth }),
      await get('/?month=bad', { headers: auth }),
      await get('/', { method: 'DELETE', headers: auth }),
      await get('/sync', {
        method: 'POST',
        headers: auth,
        body: new URLSearchParams({ token: 'nope-nope-nope-nope' }),
      }),
    ];
    expect(pages.map((r) => r.status)).toEqual([200, 400, 405, 401]);
    for (const r of pages) {
      expect(r.headers.get('Content-Type')).toMatch(/^text\/html/);
      expect(r.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
      expect(r.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(r.headers.get('X-Frame-Options')).toBe('DENY');
      expect(r.headers.get('Referrer-Policy')).toBe('no-referrer');
    }
    expect(pages[0].headers.get('Content-Security-Policy')).toMatch(/script-src 'nonce-/);
    expect(pages[1].headers.get('Content-Security-Policy')).not.toMatch(/script-src/);
    const api = await get('/api/status', { headers: auth });
    expect(api.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });
});
