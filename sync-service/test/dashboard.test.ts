import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startService, type RunningService } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { memoryLogger } from '../src/sync/log.js';
import { CHROMIUM, headlessChromium, skipWithoutChromium } from './chromium.js';
import {
  editCell,
  personalStrings,
  seededRegion,
  testService,
  TOKENS,
  type RegionDir,
  type TestService,
} from './service-fixtures.js';

const XSS = '<script>alert(1)</script><b>x</b>';
const XSS_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;';
const EVIL_FILE = '<img src=x onerror=alert(2)>.xlsx';
/** An event of ММО 3's plan in «Август-сентябрь» 2022, the month the dashboard opens on for 2022-2023. */
const ROUND_TABLE = (text: string) => text.startsWith('Круглый стол по вопросам планирования');

async function hostileRegion(region: RegionDir): Promise<void> {
  await editCell(join(region.sourcesDir, 'ММО-3 Стратегия успеха.xlsx'), ROUND_TABLE, XSS);
  await writeFile(join(region.sourcesDir, EVIL_FILE), 'не xlsx');
}

describe('dashboard page (server-rendered)', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService({ firstSync: false });
    await hostileRegion(s.region);
    await s.runner.sync({ mmo: null, trigger: 'start' });
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  test('anyone may read it: counts, chart and tables, in Russian, with a strict CSP', async () => {
    const res = await s.app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const csp = res.headers.get('Content-Security-Policy')!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    const page = await res.text();
    expect(page).toContain(`<script nonce="${nonce}">`);
    expect(page).toContain('<html lang="ru">');
    expect(page).toMatch(
      /Последняя синхронизация: <b><time id="last-sync" datetime="[^"]+">\d{1,2} [а-я]+ \d{4}, \d{2}:\d{2}<\/time>/,
    );
    expect(page).toContain('id="completeness"');
    expect(page).toContain('<svg class="chart"');
    expect(page).toContain('август<tspan');
    expect(page).toContain('id="programmes"');
    expect(page).toContain('Формирование функциональной грамотности обучающихся');
  });

  test('HTML typed into a cell or a file name is shown as text', async () => {
    const page = await (await s.app.request('/')).text();
    expect(page).toContain(XSS_ESCAPED);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;.xlsx');
    expect(page).not.toContain('<img');
    // Exactly one script element: ours.
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  test('no personal data on the public page, not even quoted in a problem', async () => {
    const page = await (await s.app.request('/')).text();
    for (const value of personalStrings()) expect(page, value).not.toContain(value);
    expect(page).toMatch(
      /столбец [A-Z]+ «Контактный телефон»: телефон «…скрыто…» не похож на российский номер/,
    );
  });

  test('a month chosen on the chart lists its events; a bad month is a Russian 400 page', async () => {
    const page = await (await s.app.request('/?month=2023-03')).text();
    expect(page).toContain('Мероприятия: март 2023');
    const bad = await s.app.request('/?month=../../etc');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Месяц — в виде 2022-11');
  });

  test('the no-JavaScript form: wrong token 401, an ММО token 403, the РМЦ token syncs and comes back', async () => {
    const wrong = await s.app.request('/sync', {
      method: 'POST',
      body: new URLSearchParams({ token: 'nope-nope-nope-nope' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Токен не подошёл');
    const mmo = await s.app.request('/sync', {
      method: 'POST',
      body: new URLSearchParams({ token: TOKENS.mmo3 }),
    });
    expect(mmo.status).toBe(403);
    expect(await mmo.text()).toContain('Этот токен даёт доступ только к ММО №3');
    const empty = await s.app.request('/sync', { method: 'POST', body: new URLSearchParams({ token: ' ' }) });
    expect(empty.status).toBe(400);
    const before = s.runner.latest().run!.runId;
    const ok = await s.app.request('/sync', {
      method: 'POST',
      body: new URLSearchParams({ token: TOKENS.rmc }),
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe(`/?synced=${before + 1}#top`);
    expect(s.runner.latest().run).toMatchObject({ runId: before + 1, trigger: 'dashboard' });
  });
});

if (skipWithoutChromium) {
  console.warn(
    `Браузерный тест панели пропущен: нет ${CHROMIUM}. Установите: apt-get update -qq && apt-get install -y -qq chromium`,
  );
}

describe.skipIf(skipWithoutChromium)('dashboard in headless Chromium', () => {
  let region: RegionDir;
  let service: RunningService;
  let rmcToken: string;
  const chromium = headlessChromium();

  beforeAll(async () => {
    region = await seededRegion();
    await hostileRegion(region);
    const config = {
      ...loadConfig({ DATA_DIR: region.dir, PORT: '0', HOST: '127.0.0.1', SYNC_INTERVAL_MIN: '0' }),
      googleConfigPath: undefined,
    };
    service = await startService(config, { logger: memoryLogger() });
    rmcToken = service.issuedTokens!.find((t) => t.role.kind === 'rmc')!.token;
    await service.startupSync();
  }, 60_000);

  afterAll(async () => {
    await chromium.close();
    await service?.close();
    region?.cleanup();
  });

  test('without JavaScript: tables and chart show, HTML stays text, the fallback form syncs', async () => {
    const ctx = await chromium.context({ javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto(service.url);
      await expect.poll(() => page.locator('#completeness').isVisible()).toBe(true);
      expect(await page.locator('#completeness tbody tr').count()).toBe(9);
      expect(await page.locator('svg.chart').isVisible()).toBe(true);
      expect(await page.locator('svg.chart rect[fill]').count()).toBeGreaterThan(20);
      expect(await page.locator('#programmes').isVisible()).toBe(true);
      expect(await page.locator('#problems').isVisible()).toBe(true);

      const title = page.locator('td.event-title', { hasText: XSS });
      expect(await title.count()).toBe(1);
      expect(await title.textContent()).toBe(XSS);
      expect(await page.locator('td.event-title b').count()).toBe(0);
      expect(await page.getByText(EVIL_FILE).first().isVisible()).toBe(true);

      // A bar is a link to its month's events.
      await page.locator('svg.chart a').nth(7).click();
      await page.waitForURL(/month=2023-03/);
      expect(await page.locator('#events').textContent()).toBe('Мероприятия: март 2023');

      const before = Number(await page.locator('#last-run').textContent());
      await page.fill('#token', rmcToken);
      await Promise.all([page.waitForURL(/synced=/), page.click('#sync-form button')]);
      expect(Number(await page.locator('#last-run').textContent())).toBe(before + 1);
      expect(await page.locator('.notice.ok').textContent()).toBe(`Синхронизация №${before + 1} выполнена.`);
      expect(dialogs).toBe(0);
    } finally {
      await ctx.close();
    }
  }, 60_000);

  test('with JavaScript: the button posts with the РМЦ token kept in the tab and shows the new sync time', async () => {
    const ctx = await chromium.context();
    try {
      const page = await ctx.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto(service.url);
      const runBefore = Number(await page.locator('#last-run').textContent());
      const timeBefore = (await page.locator('#last-sync').getAttribute('datetime'))!;

      await page.fill('#token', 'неверный-токен');
      await page.click('#sync-form button');
      await expect
        .poll(() => page.locator('#sync-message').textContent())
        .toMatch(/^Токен состоит из латинских букв/);
      await page.fill('#token', 'wrong-token-0123456789abcdef');
      await page.click('#sync-form button');
      await expect.poll(() => page.locator('#sync-message').textContent()).toMatch(/^Токен не подошёл/);

      await page.fill('#token', rmcToken);
      await Promise.all([page.waitForURL(/synced=/), page.click('#sync-form button')]);
      const runAfter = Number(await page.locator('#last-run').textContent());
      const timeAfter = (await page.locator('#last-sync').getAttribute('datetime'))!;
      expect(runAfter).toBe(runBefore + 1);
      expect(timeAfter > timeBefore).toBe(true);
      expect(await page.locator('#last-sync').textContent()).toMatch(/^\d{1,2} [а-я]+ \d{4}, \d{2}:\d{2}$/);
      expect(await page.evaluate(() => sessionStorage.getItem('mmoSyncToken'))).toBe(rmcToken);
      // The token is offered again in this tab, so the next click needs no paste.
      expect(await page.locator('#token').inputValue()).toBe(rmcToken);
      expect(await page.locator('td.event-title', { hasText: XSS }).count()).toBe(1);
      expect(dialogs).toBe(0);
      expect(problems.filter((p) => !/401|400/.test(p))).toEqual([]);

      await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
