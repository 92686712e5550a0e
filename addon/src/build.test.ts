/**
 * The built Code.js as Apps Script loads it: a plain script in a fresh global context (no Node, no
 * module system) whose globals are the fake services. Every trigger and menu item must exist and run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '@mmo/templates';
import { buildAddon, MANIFEST } from '../scripts/build.js';
import { FIXED_GLOBALS, createHandlerName } from './entry-points.js';
import type { FakeMenuEntry } from './testing/fake-gas.js';
import { configuredGas, SERVICE_URL } from './testing/scenario.js';

let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'mmo-addon-'));
  const result = await buildAddon({ outDir });
  code = await readFile(result.codePath, 'utf8');
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function load() {
  const gas = configuredGas();
  const context = vm.createContext({ ...gas.globals(), console });
  vm.runInContext(code, context, { filename: 'Code.js' });
  return { gas, context: context as Record<string, unknown> };
}

function handlers(entries: readonly FakeMenuEntry[]): string[] {
  return entries.flatMap((e) =>
    e === 'separator' ? [] : 'submenu' in e ? handlers(e.submenu) : [e.handler],
  );
}

describe('dist/Code.js', () => {
  it('is a plain script: no module syntax for clasp to choke on', () => {
    expect(code).not.toMatch(/^\s*export\s/m);
    expect(code).not.toMatch(/^\s*import\s[^(]/m);
  });

  it('ships the manifest with the narrowest scopes', async () => {
    const manifest = JSON.parse(await readFile(path.join(outDir, 'appsscript.json'), 'utf8'));
    expect(manifest).toEqual(MANIFEST);
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/forms',
    ]);
    expect(manifest).toMatchObject({
      runtimeVersion: 'V8',
      timeZone: 'Europe/Moscow',
      exceptionLogging: 'STACKDRIVER',
    });
  });

  it('declares every trigger, menu item and callback as a global function', () => {
    const { context } = load();
    const expected = [...FIXED_GLOBALS, ...TEMPLATES.map((_, i) => createHandlerName(i))];
    for (const name of expected) expect(typeof context[name], name).toBe('function');
  });

  it('runs onOpen and every menu function against the fake services', () => {
    const { gas, context } = load();
    const call = (name: string, ...args: unknown[]) =>
      (context[name] as (...a: unknown[]) => unknown)(...args);

    call('onOpen', { authMode: 'NONE' });
    call('onInstall', { authMode: 'FULL' });
    const menuHandlers = handlers(gas.menu!.entries);
    for (const name of menuHandlers) expect(typeof context[name], name).toBe('function');

    for (let i = 0; i < TEMPLATES.length; i++) call(createHandlerName(i));
    expect(gas.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(TEMPLATES.map((t) => t.sheetName)));
    // Nothing reached the guard: an unexpected failure would have shown «Не удалось выполнить».
    expect(gas.alerts.filter((a) => a.message.startsWith('Не удалось выполнить'))).toEqual([]);

    gas.activeSheet = gas.sheet(TEMPLATES[0].sheetName)!;
    call('checkSheet');
    expect(gas.alerts.at(-1)!.title).toBe('Проверка листа');
    expect(gas.alerts.at(-1)!.message).toContain(`Лист «${TEMPLATES[0].sheetName}» проверен`);

    gas.fetchHandler = () => ({ status: 401, body: '{"error":"Неверный токен"}' });
    call('sendToRmc');
    expect(gas.fetches.at(-1)!.url).toBe(`${SERVICE_URL}/api/sync/4`);
    expect(gas.alerts.at(-1)!.message).toContain('не принял токен');

    call('showSettings');
    expect(gas.dialogs.at(-1)!.html).toContain('<select name="mmoNo"');
    expect(
      call('saveSettings', { mmoNo: '5', serviceUrl: SERVICE_URL, token: 'new-token-123456' }),
    ).toContain('Сохранено');
    expect(gas.properties.get('mmo.districtNo')).toBe('5');
    expect(gas.alerts.filter((a) => a.message.startsWith('Не удалось выполнить'))).toEqual([]);
  });
});
