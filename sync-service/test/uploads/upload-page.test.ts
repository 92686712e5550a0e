/** The «Отправить файл в РМЦ» page in headless Chromium: the same file sent with and without JavaScript. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlessChromium, skipWithoutChromium } from '../chromium.js';
import { applicationXlsx, uploadService, type UploadService } from './upload-fixtures.js';

describe.skipIf(skipWithoutChromium)('upload page in headless Chromium', () => {
  let s: UploadService;
  let dir: string;
  let badFile: string;
  const chromium = headlessChromium();

  beforeAll(async () => {
    s = await uploadService();
    dir = mkdtempSync(join(tmpdir(), 'mmo-upload-files-'));
    badFile = join(dir, 'Заявка ММО-2.xlsx');
    // One good row and one with a wrong phone in the header: the page must list the problem.
    writeFileSync(
      badFile,
      await applicationXlsx(
        2,
        [{ name: 'Страницева Проба Тестовна', programme: 'Школа современного учителя' }],
        { phone: '+7 900 000' },
      ),
    );
  }, 60_000);

  afterAll(async () => {
    await chromium.close();
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(javaScript: boolean, token: string) {
    const ctx = await chromium.context({ javaScriptEnabled: javaScript });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${s.service.url}/`);
    await page.click('a[href="/upload"]');
    await page.waitForURL(/\/upload$/);
    await page.fill('#token', token);
    await page.selectOption('#mmo', '2');
    await page.setInputFiles('#file', badFile);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations.push(f.url());
    });
    await page.click('button[type=submit]');
    await page.waitForSelector('#upload-result h2:not(:text("Файл отправляется…"))', { timeout: 60_000 });
    const heading = await page.textContent('#upload-result h2');
    const problems = await page.$$eval('#problems li', (lis) => lis.map((li) => li.textContent ?? ''));
    const notice = await page.textContent('#upload-result .notice');
    await ctx.close();
    return { heading, problems, notice, navigations, errors };
  }

  it('without JavaScript: the form posts, the answer page lists the problems', async () => {
    const r = await send(false, s.token(2));
    expect(r.heading).toBe('Файл принят, есть замечания');
    expect(r.navigations.length).toBeGreaterThan(0);
    expect(r.problems.some((p) => /лист «Заявка», строка \d+/.test(p) && /телефон/i.test(p))).toBe(true);
  }, 90_000);

  it('with JavaScript: the problems appear without a reload, and a wrong ММО token is refused in Russian', async () => {
    const r = await send(true, s.token(2));
    expect(r.heading).toBe('Файл принят, есть замечания');
    expect(r.navigations).toEqual([]);
    expect(r.problems.some((p) => /лист «Заявка», строка \d+/.test(p) && /телефон/i.test(p))).toBe(true);
    expect(r.errors).toEqual([]);

    const refused = await send(true, s.token(5));
    expect(refused.heading).toBe('Файл не принят');
    expect(refused.notice).toBe('Этот токен даёт доступ только к ММО №5');
  }, 90_000);
});
