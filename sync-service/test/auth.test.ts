import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorAnswerSchema } from '@mmo/shared';
import { ensureTokenFile, TokenFileError, TokenRegistry } from '../src/middleware/auth/index.js';
import { APPLICANTS, bearer, sha256Hex, testService, TOKENS, type TestService } from './service-fixtures.js';

describe('token file', () => {
  test('generated on first start: one rmc and one per ММО, only hashes on disk, owner-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmo-tokens-'));
    try {
      const path = join(dir, 'tokens.json');
      const issued = ensureTokenFile(path)!;
      expect(issued.map((t) => (t.role.kind === 'rmc' ? 'rmc' : `mmo:${t.role.mmo}`))).toEqual([
        'rmc',
        'mmo:1',
        'mmo:2',
        'mmo:3',
        'mmo:4',
        'mmo:5',
        'mmo:6',
        'mmo:7',
        'mmo:8',
      ]);
      const text = readFileSync(path, 'utf8');
      for (const t of issued) {
        expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(text).not.toContain(t.token);
        expect(text).toContain(sha256Hex(t.token));
      }
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const registry = TokenRegistry.load(path);
      expect(registry.verify(issued[3].token)).toMatchObject({ role: { kind: 'mmo', mmo: 3 } });
      expect(registry.verify(issued[0].token)?.role).toEqual({ kind: 'rmc' });
      // Not regenerated: the admin's file (and the tokens handed out) stay valid.
      expect(ensureTokenFile(path)).toBeNull();
      expect(readFileSync(path, 'utf8')).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('accepts plaintext entries written by hand and hashed ones with names', () => {
    const r = TokenRegistry.parse({
      tokens: [
        { token: 'hand-written-token-1234', role: 'rmc' },
        { sha256: sha256Hex('hashed-token-for-mmo-3'), role: 'mmo:3', name: 'ММО №3' },
      ],
    });
    expect(r.verify('hand-written-token-1234')).toEqual({ role: { kind: 'rmc' }, name: null });
    expect(r.verify('hashed-token-for-mmo-3')).toEqual({ role: { kind: 'mmo', mmo: 3 }, name: 'ММО №3' });
    expect(r.verify('hand-written-token-123')).toBeNull();
    expect(r.verify('')).toBeNull();
  });

  test('mistakes in the file are reported in Russian, entry by entry', () => {
    const parse = () =>
      TokenRegistry.parse({
        tokens: [
          { token: 'short', role: 'rmc' },
          { sha256: 'abc', role: 'mmo:3' },
          { token: 'long-enough-token-0123', role: 'mmo:9' },
          { token: 'long-enough-token-0456', role: 'admin' },
        ],
      });
    expect(parse).toThrow(TokenFileError);
    try {
      parse();
    } catch (e) {
      const text = (e as Error).message;
      expect(text).toMatch(/запись №1: токен короче 16 символов/);
      expect(text).toMatch(/запись №2: sha256 — 64 шестнадцатеричных символа/);
      expect(text).toMatch(/запись №3: роль — "rmc" или "mmo:1" … "mmo:8"/);
      expect(text).toMatch(/запись №4:/);
    }
    expect(() => TokenRegistry.parse([])).toThrow(/файл токенов — объект \{ "tokens": \[ … \] \}/);
  });
});

describe('access to the API', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService();
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  test('no token → 401 in Russian with WWW-Authenticate: Bearer', async () => {
    const res = await s.app.request('/api/status');
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="mmo-sync"/);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^Нужен токен доступа/) });
  });

  test('unknown token → 401 in Russian with WWW-Authenticate: Bearer error="invalid_token"', async () => {
    const res = await s.app.request('/api/applications', { headers: bearer('no-such-token-0123456789') });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer error="invalid_token"');
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^Токен не подошёл/) });
  });

  test('a header that is not «Bearer <token>» → 400 in Russian', async () => {
    const res = await s.app.request('/api/status', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(400);
    expect(errorAnswerSchema.parse(await res.json()).error).toMatch(
      /^Заголовок Authorization должен иметь вид/,
    );
  });

  test('mmo:3 may not trigger ММО 4 or the whole region', async () => {
    const other = await s.app.request('/api/sync/4', { method: 'POST', headers: bearer(TOKENS.mmo3) });
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'Этот токен даёт доступ только к ММО №3' });
    const region = await s.app.request('/api/sync', { method: 'POST', headers: bearer(TOKENS.mmo3) });
    expect(region.status).toBe(403);
    expect(errorAnswerSchema.parse(await region.json()).error).toMatch(
      /только РМЦ.*только к ММО №3.*\/api\/sync\/3/,
    );
  });

  test('mmo:3 sees only ММО 3 заявки; asking for ММО 4 is refused', async () => {
    const res = await s.app.request('/api/applications', { headers: bearer(TOKENS.mmo3) });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as {
      mmo: number;
      count: number;
      applications: { mmo: number; traineeName: string; contact: { name: string } }[];
    };
    expect(body.mmo).toBe(3);
    expect(body.count).toBe(2);
    expect(body.applications.every((a) => a.mmo === 3)).toBe(true);
    expect(body.applications.map((a) => a.traineeName).sort()).toEqual(
      APPLICANTS[0].trainees.map((t) => t.name).sort(),
    );
    expect(body.applications[0].contact.name).toBe(APPLICANTS[0].contactName);
    for (const a of APPLICANTS.slice(1)) {
      expect(text).not.toContain(a.contactName);
      expect(text).not.toContain(a.contactEmail);
      for (const t of a.trainees) expect(text).not.toContain(t.name);
    }
    const other = await s.app.request('/api/applications?mmo=4', { headers: bearer(TOKENS.mmo3) });
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'Этот токен даёт доступ только к ММО №3' });
  });

  test('rmc sees every ММО’s заявки, or one with ?mmo=', async () => {
    const all = (await (
      await s.app.request('/api/applications', { headers: bearer(TOKENS.rmc) })
    ).json()) as { mmo: null; applications: { mmo: number; traineeName: string }[] };
    expect(all.mmo).toBeNull();
    const names = all.applications.map((a) => a.traineeName);
    for (const a of APPLICANTS) for (const t of a.trainees) expect(names).toContain(t.name);
    expect(new Set(all.applications.map((a) => a.mmo))).toEqual(new Set([3, 4, 5]));
    const four = (await (
      await s.app.request('/api/applications?mmo=4', { headers: bearer(TOKENS.rmc) })
    ).json()) as { count: number };
    expect(four.count).toBe(3);
  });

  test('the plan: an ММО sees its own events and the joint plan, РМЦ all', async () => {
    const mine = (await (await s.app.request('/api/plan', { headers: bearer(TOKENS.mmo3) })).json()) as {
      events: { mmo: number | null; plan: string }[];
    };
    expect(mine.events.length).toBeGreaterThan(0);
    expect(mine.events.every((e) => e.mmo === 3 || (e.mmo === null && e.plan === 'joint'))).toBe(true);
    const all = (await (await s.app.request('/api/plan', { headers: bearer(TOKENS.rmc) })).json()) as {
      events: { mmo: number | null }[];
    };
    expect(new Set(all.events.map((e) => e.mmo)).size).toBe(9);
  });

  test('tokens never reach the log', async () => {
    await s.app.request('/api/status', { headers: bearer(TOKENS.rmc) });
    await s.app.request('/api/status', { headers: bearer('wrong-token-abcdefghijklmnop') });
    const log = s.logger.lines.join('\n');
    expect(log).toContain('GET /api/status → 200 (rmc');
    expect(log).toContain('GET /api/status → 401 (без токена');
    for (const t of [...Object.values(TOKENS), 'wrong-token-abcdefghijklmnop']) expect(log).not.toContain(t);
  });
});
