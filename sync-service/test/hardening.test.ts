/**
 * Small things an attacker or a careless admin would notice: who may read the files the service
 * writes, weak and shared tokens refused at start, zod's English never shown, links and odd
 * entries in the sources folder named instead of skipped.
 */
import { errorAnswerSchema } from '@mmo/shared';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startService, type RunningService } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { TokenFileError, TokenRegistry } from '../src/middleware/auth/index.js';
import { memoryLogger } from '../src/sync/log.js';
import { bearer, seededRegion, testService, TOKENS, type RegionDir } from './service-fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(region: RegionDir, env: Record<string, string> = {}): Promise<RunningService> {
  const config = {
    ...loadConfig({ DATA_DIR: region.dir, PORT: '0', HOST: '127.0.0.1', SYNC_INTERVAL_MIN: '0', ...env }),
    googleConfigPath: undefined,
  };
  const service = await startService(config, { logger: memoryLogger() });
  cleanups.push(() => service.close());
  return service;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('files the service writes', () => {
  test('the store, its journal and the token file are owner-only; the regional workbook is not world-readable', async () => {
    const region = await seededRegion();
    cleanups.push(region.cleanup);
    // A store left by an older version with everyone's rights gets them taken back.
    writeFileSync(join(region.dir, 'store.sqlite'), '', { mode: 0o666 });
    const service = await start(region);
    await service.startupSync();
    expect(mode(join(region.dir, 'store.sqlite'))).toBe(0o600);
    expect(mode(join(region.dir, 'store.sqlite-wal'))).toBe(0o600);
    expect(mode(join(region.dir, 'tokens.json'))).toBe(0o600);
    expect(mode(join(region.dir, 'output', 'regional.xlsx')) & 0o007).toBe(0);
    expect(mode(join(region.dir, 'output', 'regional.xlsx')) & 0o020).toBe(0);
  }, 60_000);
});

describe('tokens', () => {
  const parseError = (tokens: unknown[]) => {
    try {
      TokenRegistry.parse({ tokens });
    } catch (e) {
      expect(e).toBeInstanceOf(TokenFileError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  test('a plain token without real entropy is refused, a random one of the same length is taken', () => {
    expect(parseError([{ token: 'aaaaaaaaaaaaaaaa', role: 'rmc' }])).toMatch(
      /запись №1: токен слишком простой/,
    );
    expect(parseError([{ token: 'abababababababababab', role: 'rmc' }])).toMatch(/токен слишком простой/);
    expect(TokenRegistry.parse({ tokens: [{ token: 'Xk3_9fQz-L2pW8vR', role: 'rmc' }] }).size).toBe(1);
  });

  test('the same token twice, or for two roles, is refused with both entries named', () => {
    const token = 'Xk3_9fQz-L2pW8vR-hand-written';
    expect(
      parseError([
        { token, role: 'rmc' },
        { token, role: 'mmo:3' },
      ]),
    ).toMatch(/записи №1 и №2: один и тот же токен для ролей rmc и mmo:3/);
    expect(
      parseError([
        { token, role: 'mmo:4' },
        { token: 'another-Token-9f8e7d6c', role: 'rmc' },
        { token, role: 'mmo:4' },
      ]),
    ).toMatch(/записи №1 и №3: один и тот же токен записан дважды \(роль mmo:4\)/);
  });

  test('the service does not start with a shared token, and says why in Russian', async () => {
    const region = await seededRegion({ applications: false });
    cleanups.push(region.cleanup);
    const token = 'Xk3_9fQz-L2pW8vR-hand-written';
    writeFileSync(
      join(region.dir, 'tokens.json'),
      JSON.stringify({
        tokens: [
          { token, role: 'rmc' },
          { token, role: 'mmo:1' },
        ],
      }),
    );
    await expect(start(region)).rejects.toThrow(
      /Ошибки в файле токенов .*tokens\.json:\n— записи №1 и №2: один и тот же токен для ролей rmc и mmo:1/,
    );
  });
});

describe('zod speaks Russian', () => {
  test('an unknown query parameter of the page, a wrong type in the token or settings file', async () => {
    const s = await testService({ firstSync: false });
    cleanups.push(() => s.close());
    const page = await s.app.request('/?foo=1');
    expect(page.status).toBe(400);
    const text = await page.text();
    expect(text).toContain('Неизвестный параметр «foo».');
    expect(text).not.toMatch(/Unrecognized|Invalid|Expected/i);
    const api = await s.app.request('/api/plan?mmo=3&x=1', { headers: bearer(TOKENS.rmc) });
    expect(errorAnswerSchema.parse(await api.json()).error).toBe('Неизвестный параметр «x».');

    const tokenText = parseNameError();
    expect(tokenText).toMatch(/запись №1/);
    expect(tokenText).not.toMatch(/Invalid|expected|received/i);

    const region = await seededRegion({ applications: false });
    cleanups.push(region.cleanup);
    const file = join(region.dir, 'config.json');
    writeFileSync(file, JSON.stringify({ host: 5, academicYear: { year: 1 } }));
    try {
      loadConfig({ CONFIG: file }, region.dir);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(/поле «host»/);
      expect((e as Error).message).not.toMatch(/Invalid|expected|received/i);
    }
  });

  function parseNameError(): string {
    try {
      TokenRegistry.parse({ tokens: [{ token: 'Xk3_9fQz-L2pW8vR', role: 'rmc', name: 42 }] });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('accepted');
  }
});

describe('the sources folder', () => {
  test('a symbolic link, a dangling one, a pipe and a linked folder are each named in Russian; the rest is read', async () => {
    const region = await seededRegion({ applications: false });
    cleanups.push(region.cleanup);
    const outside = join(region.dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.xlsx'), 'не для сервиса');
    symlinkSync(join(outside, 'secret.xlsx'), join(region.sourcesDir, 'ММО-5 ссылка.xlsx'));
    symlinkSync(join(region.dir, 'нет такого.xlsx'), join(region.sourcesDir, 'битая ссылка.xlsx'));
    symlinkSync(outside, join(region.sourcesDir, 'Папка-ссылка'));
    execFileSync('mkfifo', [join(region.sourcesDir, 'канал.xlsx')]);
    const service = await start(region);
    const result = await service.startupSync();
    expect(result.run.status).toBe('done');
    const failed = new Map(
      result.run.sources.filter((s) => s.status === 'failed').map((s) => [s.name, s.reason]),
    );
    expect(failed.get('ММО-5 ссылка.xlsx')).toMatch(
      /^«ММО-5 ссылка\.xlsx» в папке источников — символическая ссылка, а не файл/,
    );
    expect(failed.get('битая ссылка.xlsx')).toMatch(/символическая ссылка/);
    expect(failed.get('Папка-ссылка')).toMatch(/символическая ссылка/);
    expect(failed.get('канал.xlsx')).toMatch(/не обычный файл/);
    // The eight plans and the joint plan are consolidated as always.
    expect(result.run.sources.filter((s) => s.status === 'ok')).toHaveLength(9);
  }, 60_000);
});
