/**
 * Hostile заявки against the public dashboard, in a real browser: names typed where a date goes,
 * a person's name as the programme, phones and e-mails in free-text columns and plan titles, rows
 * that are rejected. No personal value may be anywhere on any public page, while the counts and
 * the places of the problems stay.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { districtByNo, type CellValue } from '@mmo/shared';
import { APPLICATION } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startService, type RunningService } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { memoryLogger } from '../src/sync/log.js';
import { headlessChromium, skipWithoutChromium } from './chromium.js';
import { editCell, personalStrings, seededRegion, type RegionDir } from './service-fixtures.js';

const HOSTILE = {
  contactName: 'Тестова Мария Ивановна',
  contactPhone: '+7 900 000-99-99',
  contactEmail: 'mmo6.contact@example.invalid',
  /** Typed into «Сроки» of a row whose ФИО is empty: the row is rejected, the period quoted. */
  nameInPeriod: 'Сулейманова Хадижат Магомедовна',
  /** Typed as the programme of a valid row. */
  nameAsProgramme: 'Джамалова Асият Курбановна',
  trainee: 'Гасанов Ильяс Шамилевич',
  /** The ФИО of a rejected row (no workplace), whose surname is also typed into a programme. */
  rejectedTrainee: 'Фиктивов Пётр Сергеевич',
  phoneInProgramme: '+7 900 000-12-34',
  phoneInNumber: '+7 900 000-56-78',
  mailInTitle: 'seminar.zapis@example.invalid',
  phoneInTitle: '8 (900) 000-77-66',
};

const LEGIT = 'Школа современного учителя';

function hostileStrings(): string[] {
  const h = HOSTILE;
  const names = [h.contactName, h.nameInPeriod, h.nameAsProgramme, h.trainee, h.rejectedTrainee];
  return [
    ...names,
    ...names.map((n) => n.split(' ')[0]),
    h.contactEmail,
    h.mailInTitle,
    ...[h.contactPhone, h.phoneInProgramme, h.phoneInNumber, h.phoneInTitle].flatMap((p) => [
      p,
      p.replace(/\D/g, '').slice(-7),
      p.slice(-9),
    ]),
    ...personalStrings(),
  ];
}

async function hostileApplication(sourcesDir: string): Promise<void> {
  const h = HOSTILE;
  const row = (r: Record<string, CellValue>) => ({
    programme: LEGIT,
    traineeName: h.trainee,
    traineeWorkplace: 'МКОУ «СОШ №6»',
    period: 'Ноябрь, 2022',
    ...r,
  });
  const bytes = await renderTemplateXlsx(APPLICATION, {
    header: {
      mmo: districtByNo(6)!.label,
      contactName: h.contactName,
      contactPosition: 'Руководитель ММС',
      contactPhone: h.contactPhone,
      contactEmail: h.contactEmail,
      academicYear: '2022-2023',
    },
    rows: [
      row({ traineeName: null, period: h.nameInPeriod }),
      row({ programme: h.nameAsProgramme }),
      row({ programme: `${LEGIT}, запись по тел. ${h.phoneInProgramme}` }),
      row({ traineeName: h.rejectedTrainee, traineeWorkplace: null }),
      row({ programme: `Наставничество (куратор ${h.rejectedTrainee.split(' ')[0]})` }),
      row({ no: h.phoneInNumber, traineeName: null }),
    ],
  });
  await writeFile(join(sourcesDir, 'ММО-6 Заявка.xlsx'), bytes);
  // A plan is public; a contact typed into an event title of the month the page opens on is not.
  await editCell(
    join(sourcesDir, 'ММО-3 Стратегия успеха.xlsx'),
    (t) => t.startsWith('Круглый стол по вопросам планирования'),
    `Круглый стол, запись: ${h.mailInTitle}, ${h.phoneInTitle}`,
  );
}

describe.skipIf(skipWithoutChromium)('public dashboard with hostile заявки, in headless Chromium', () => {
  let region: RegionDir;
  let service: RunningService;
  let ctx: BrowserContext;
  const chromium = headlessChromium();

  beforeAll(async () => {
    region = await seededRegion();
    await hostileApplication(region.sourcesDir);
    const config = {
      ...loadConfig({ DATA_DIR: region.dir, PORT: '0', HOST: '127.0.0.1', SYNC_INTERVAL_MIN: '0' }),
      googleConfigPath: undefined,
    };
    service = await startService(config, { logger: memoryLogger() });
    await service.startupSync();
    ctx = await chromium.context();
  }, 90_000);

  afterAll(async () => {
    await chromium.close();
    await service?.close();
    region?.cleanup();
  });

  test('no ФИО, phone or e-mail on the page or on any month of it; the problems keep their places', async () => {
    const page = await ctx.newPage();
    await page.goto(`${service.url}/`);
    const months = await page.$$eval('svg.chart a', (links) =>
      links.map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? ''),
    );
    expect(months.length).toBeGreaterThanOrEqual(10);

    const first = await page.locator('body').innerText();
    // What the page is for is still there: the programmes, the hostile row's problems by place.
    const programmes = await page.locator('#programmes').innerText();
    expect(programmes).toContain('Формирование функциональной грамотности обучающихся');
    expect(programmes).toContain(`${LEGIT}, запись по тел. …скрыто…`);
    expect(await page.locator('#programmes-hidden').innerText()).toMatch(/^2 строки заявок не показаны/);
    const problems = await page.locator('#problems').innerText();
    expect(problems).toMatch(/ММО-6 Заявка\.xlsx.*строка \d+.*«Ф\.И\.О\. направляемого на обучение»/);
    expect(problems).toContain('«…скрыто…»');
    expect(first).toContain('Круглый стол, запись: …скрыто…, …скрыто…');

    const secrets = hostileStrings();
    for (const href of ['/', ...months]) {
      await page.goto(new URL(href, service.url).href);
      const text = await page.locator('body').innerText();
      const source = await page.content();
      for (const s of secrets) {
        expect(text, `${href}: ${s}`).not.toContain(s);
        expect(source, `${href} (HTML): ${s}`).not.toContain(s);
      }
    }
  });

  test('the same values stay in the API for РМЦ, who may see them', async () => {
    const rmc = service.issuedTokens!.find((t) => t.role.kind === 'rmc')!.token;
    const res = await fetch(`${service.url}/api/applications?mmo=6`, {
      headers: { Authorization: `Bearer ${rmc}` },
    });
    const body = JSON.stringify(await res.json());
    expect(body).toContain(HOSTILE.contactEmail);
    expect(body).toContain(HOSTILE.nameAsProgramme);
  });
});
