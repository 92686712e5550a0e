/** Which store the settings choose: SQLite in the data folder, or PostgreSQL by DATABASE_URL / store.url. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'mmo-config-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(json: unknown): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

test('without a URL the store is the SQLite file of the data folder', () => {
  const config = loadConfig({ DATA_DIR: dir }, dir);
  expect(config.databaseUrl).toBeUndefined();
  expect(config.storePath).toBe(join(dir, 'store.sqlite'));
});

test('store.url in the settings file or DATABASE_URL (which wins) selects PostgreSQL', () => {
  const file = configFile({ store: { url: 'postgres://mmo@db.example.invalid:5432/mmo' } });
  expect(loadConfig({ CONFIG: file }, dir).databaseUrl).toBe('postgres://mmo@db.example.invalid:5432/mmo');
  expect(loadConfig({ CONFIG: file, DATABASE_URL: 'postgresql://other@127.0.0.1/x' }, dir).databaseUrl).toBe(
    'postgresql://other@127.0.0.1/x',
  );
});

test('a value that is not a PostgreSQL URL is refused in Russian, naming where it came from', () => {
  expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' }, dir)).toThrow(
    /Переменная DATABASE_URL: нужен адрес PostgreSQL вида postgres:\/\//,
  );
  const file = configFile({ store: { url: 'store.sqlite' } });
  expect(() => loadConfig({ CONFIG: file }, dir)).toThrow(/поле «store\.url»: нужен адрес PostgreSQL/);
  expect(() => loadConfig({ CONFIG: configFile({ store: { path: 'x' } }) }, dir)).toThrow(
    /неизвестные поля «path»/,
  );
});
