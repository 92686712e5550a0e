/**
 * The submission cycle end to end, as РМЦ and the ММО live it: a real service on 127.0.0.1 over a
 * folder of .xlsx, a clock the test moves, a local SMTP server (smtp-server) receiving the letters,
 * headless Chromium for the dashboard's no-JavaScript review form, and the add-on's real «Статус в
 * РМЦ» over the fake Apps Script globals.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { districtByNo } from '@mmo/shared';
import * as addonMain from '../../../addon/src/main.js';
import { FakeGas } from '../../../addon/src/testing/fake-gas.js';
import { startService, type RunningService } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { districtFileName, seedRegion, SEED_PLANS } from '../../src/seed/seed-region.js';
import { submissionSettings } from '../../src/submissions/settings.js';
import { memoryLogger } from '../../src/sync/log.js';
import { headlessChromium, skipWithoutChromium } from '../chromium.js';
import { applicationFile, editCell, personalStrings, writeApplications } from '../service-fixtures.js';

interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

const ADDON_URL = 'https://rmc.example.invalid';
const COMMENT = 'Нет мероприятий на апрель, добавьте и отправьте снова';

let clock = new Date('2022-09-12T07:00:00Z');
let service: RunningService;
let smtp: SMTPServer;
const mails: Mail[] = [];
let dir: string;
let staging: string;
let sources: string;
let tokens: { rmc: string; mmo: (n: number) => string };

function planFile(no: number): string {
  return districtFileName(no, SEED_PLANS.districts.find((d) => d.no === no)!.name);
}

async function api(path: string, token: string | null, init: RequestInit = {}): Promise<Response> {
  return fetch(`${service.url}${path}`, {
    ...init,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      'Content-Type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
}

async function sync(token: string, mmo?: number): Promise<void> {
  const res = await api(mmo ? `/api/sync/${mmo}` : '/api/sync', token, {
    method: 'POST',
    body: JSON.stringify({ trigger: mmo ? 'addon' : 'api' }),
  });
  expect(res.status).toBe(200);
}

async function statuses(token: string, mmo?: number) {
  const res = await api(`/api/submissions${mmo ? `?mmo=${mmo}` : ''}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    rates: { mmo: number | null; expected: number; received: number; onTime: number }[];
    submissions: {
      mmo: number;
      form: string;
      status: string;
      statusLabel: string;
      receivedAt: string | null;
      resubmitted: boolean;
      lastReview: { decision: string; comment: string; by: string } | null;
      changedAfterAccept: boolean;
      changesSinceAccept: { kind: string; fields: { label: string; before: string; after: string }[] }[];
    }[];
  };
}

function planOf(list: Awaited<ReturnType<typeof statuses>>, mmo: number) {
  return list.submissions.find((s) => s.mmo === mmo && s.form === 'mmo-plan')!;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((m) => {
          const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? '');
          mails.push({ to, subject: m.subject ?? '', text: m.text ?? '' });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  dir = mkdtempSync(join(tmpdir(), 'mmo-cycle-'));
  staging = join(dir, 'staging');
  sources = join(dir, 'sources');
  await seedRegion(staging);
  await mkdir(sources, { recursive: true });
  // ММО 4's заявка carries personal data that no other ММО's letter may show.
  await writeApplications(staging);
  await copyFile(join(staging, applicationFile(4)), join(sources, applicationFile(4)));
  await copyFile(join(staging, planFile(1)), join(sources, planFile(1)));

  const config = {
    ...loadConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SYNC_INTERVAL_MIN: '0' }),
    googleConfigPath: undefined,
    submissions: submissionSettings({
      deadlines: { 'mmo-plan': '09-15', application: null, 'methodist-plan': null },
      remindDaysBefore: 3,
      smtp: {
        host: '127.0.0.1',
        port: smtpPort,
        from: 'rmc@example.invalid',
        rmcEmail: 'rmc@example.invalid',
        mmoEmails: Object.fromEntries(
          Array.from({ length: 8 }, (_, i) => [String(i + 1), `mmo${i + 1}@example.invalid`]),
        ),
      },
    }),
  };
  service = await startService(config, { logger: memoryLogger(), seed: false, now: () => clock });
  const issued = service.issuedTokens!;
  tokens = {
    rmc: issued.find((t) => t.role.kind === 'rmc')!.token,
    mmo: (n) => issued.find((t) => t.role.kind === 'mmo' && t.role.mmo === n)!.token,
  };
  // 12 September: ММО 1 has sent its plan, three days before the deadline.
  await service.startupSync();
}, 90_000);

afterAll(async () => {
  await service?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('deadlines, review, audit and letters', () => {
  test('№1 on time, №2 late, №3 nothing; reminders went to those who had not sent', async () => {
    clock = new Date('2022-09-17T09:00:00Z');
    await copyFile(join(staging, planFile(2)), join(sources, planFile(2)));
    await sync(tokens.rmc);

    const all = await statuses(tokens.rmc);
    expect(planOf(all, 1)).toMatchObject({ status: 'on-time', statusLabel: 'получено в срок' });
    expect(planOf(all, 2)).toMatchObject({ status: 'late', statusLabel: 'получено с опозданием' });
    expect(planOf(all, 3)).toMatchObject({ status: 'missing', statusLabel: 'не получено', receivedAt: null });
    expect(all.rates.find((r) => r.mmo === null)).toMatchObject({ expected: 8, received: 2, onTime: 1 });
    expect(all.rates.find((r) => r.mmo === 2)).toMatchObject({ expected: 1, received: 1, onTime: 0 });

    const reminders = mails.filter((m) => m.subject.startsWith('Напоминание'));
    expect(reminders.map((m) => m.to).sort()).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((n) => `mmo${n}@example.invalid`),
    );
    const toThree = reminders.find((m) => m.to === 'mmo3@example.invalid')!;
    expect(toThree.text).toContain('15 сентября 2022');
    expect(toThree.text).toContain(districtByNo(3)!.name);
    expect(mails.some((m) => m.to === 'rmc@example.invalid' && m.subject.startsWith('Сводка РМЦ'))).toBe(
      true,
    );

    // An ММО sees only its own row.
    const own = await statuses(tokens.mmo(2));
    expect(new Set(own.submissions.map((s) => s.mmo))).toEqual(new Set([2]));
  });

  test.skipIf(skipWithoutChromium)(
    'РМЦ returns №2 with a comment from the dashboard, without JavaScript',
    async () => {
      const chromium = headlessChromium();
      const ctx = await chromium.context({ javaScriptEnabled: false });
      try {
        const page = await ctx.newPage();
        await page.goto(service.url);
        const row = (mmo: number) => page.locator(`#submissions tr[data-mmo="${mmo}"][data-form="mmo-plan"]`);
        expect(await row(1).locator('td.status').textContent()).toContain('получено в срок');
        expect(await row(2).locator('td.status').textContent()).toContain('получено с опозданием');
        expect(await row(3).locator('td.status').textContent()).toContain('не получено');
        expect(await row(3).locator('form').count()).toBe(0);
        expect(await page.locator('#region-rates').textContent()).toContain(
          'получено 2 из 8 (25%), в срок — 13%',
        );
        expect(await page.locator('#mail-state').textContent()).toContain('включены');

        await row(2).locator('input[name="token"]').fill(tokens.rmc);
        await row(2).locator('input[name="comment"]').fill(COMMENT);
        await Promise.all([page.waitForURL(/#deadlines$/), row(2).locator('button[value="return"]').click()]);
        expect(await row(2).locator('td.status').textContent()).toContain('возвращено на доработку');
        expect(await row(2).locator('td.comment').textContent()).toBe(COMMENT);
        const html = await page.content();
        for (const value of personalStrings()) expect(html, value).not.toContain(value);
      } finally {
        await chromium.close();
      }
      const returned = mails.find((m) => m.subject.startsWith('Возвращено на доработку'))!;
      expect(returned.to).toBe('mmo2@example.invalid');
      expect(returned.text).toContain(COMMENT);
      expect(returned.text).toMatch(/Замечани/);
    },
    60_000,
  );

  test('the add-on of №2 shows РМЦ’s comment; №2 sends again; РМЦ accepts; a later change is «изменено после приёмки»', async () => {
    if (skipWithoutChromium) {
      const res = await api('/api/submissions/2/mmo-plan/review', tokens.rmc, {
        method: 'POST',
        body: JSON.stringify({ decision: 'return', comment: COMMENT }),
      });
      expect(res.status).toBe(200);
    }
    // The add-on, through the fake UrlFetchApp: the service's own answer to the ММО 2 token.
    const real = await api('/api/submissions?mmo=2', tokens.mmo(2));
    const body = await real.text();
    const gas = new FakeGas('План ММО');
    gas.properties.set('mmo.districtNo', '2');
    gas.properties.set('mmo.serviceUrl', ADDON_URL);
    gas.properties.set('mmo.token', tokens.mmo(2));
    gas.fetchHandler = (url, params) =>
      url === `${ADDON_URL}/api/submissions?mmo=2` &&
      (params.headers as Record<string, string>).Authorization === `Bearer ${tokens.mmo(2)}`
        ? { status: 200, body }
        : { status: 404, body: '{"error":"не тот адрес"}' };
    const uninstall = gas.install();
    try {
      addonMain.showRmcStatus();
    } finally {
      uninstall();
    }
    expect(gas.fetches).toHaveLength(1);
    expect(gas.fetches[0].params).toMatchObject({ method: 'get' });
    const alert = gas.alerts.at(-1)!;
    expect(alert.title).toBe('Статус в РМЦ');
    expect(alert.message).toContain('возвращено на доработку');
    expect(alert.message).toContain(`Комментарий РМЦ: ${COMMENT}`);
    expect(alert.message).toContain('Срок: 15 сентября 2022 (срок прошёл)');

    // №2 fixes the sheet and sends again from its add-on.
    clock = new Date('2022-09-19T10:00:00Z');
    await editCell(
      join(sources, planFile(2)),
      (t) => t === 'Очно/дистанционно\nРМЦ ДИРО',
      'Дистанционно\nРМЦ ДИРО',
    );
    await sync(tokens.mmo(2), 2);
    expect(planOf(await statuses(tokens.rmc), 2)).toMatchObject({
      status: 'late',
      resubmitted: true,
      lastReview: { decision: 'return', comment: COMMENT, by: 'РМЦ ДИРО' },
    });

    clock = new Date('2022-09-20T08:00:00Z');
    const accept = await api('/api/submissions/2/mmo-plan/review', tokens.rmc, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    });
    expect(accept.status).toBe(200);
    expect(await accept.json()).toMatchObject({ status: 'accepted', changedAfterAccept: false });

    clock = new Date('2022-09-22T08:00:00Z');
    const participants = SEED_PLANS.districts.find((d) => d.no === 2)!.events[0].participants;
    await editCell(join(sources, planFile(2)), (t) => t === participants, 'Руководители ММС и методисты');
    await sync(tokens.mmo(2), 2);
    const after = planOf(await statuses(tokens.mmo(2), 2), 2);
    expect(after).toMatchObject({
      status: 'accepted',
      changedAfterAccept: true,
      statusLabel: 'принято, изменено после приёмки',
    });
    expect(after.changesSinceAccept).toHaveLength(1);
    expect(after.changesSinceAccept[0]).toMatchObject({
      kind: 'changed',
      fields: [{ before: participants, after: 'Руководители ММС и методисты' }],
    });
    const page = await (await fetch(service.url)).text();
    expect(page).toContain('изменено после приёмки (1)');

    // The regional workbook: the latest version (the default setting) and «Журнал» with the review.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'output', 'regional.xlsx'));
    const text = (name: string) => {
      const parts: string[] = [];
      wb.getWorksheet(name)?.eachRow((row) => row.eachCell((cell) => parts.push(cell.text)));
      return parts.join('\n');
    };
    expect(text('Сводный план')).toContain('Руководители ММС и методисты');
    const journal = text('Журнал');
    expect(journal).toContain(COMMENT);
    expect(journal).toContain('принята форма «План ММО»');
    expect(journal).toContain('Руководители ММС и методисты');
    const deadlines = text('Сроки и приёмка');
    expect(deadlines).toContain('принято, изменено после приёмки');
    // The last review is the acceptance (by whom it is on the sheet); the return's comment is in «Журнал».
    expect(deadlines).toContain('РМЦ ДИРО');
    expect(deadlines).toContain('получено в срок');
    expect(text('Полнота')).toContain('Сдано в срок');
  });

  test('the audit lists it all in order; letters carry no other ММО’s personal data', async () => {
    const res = await api('/api/audit', tokens.rmc);
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as {
      entries: {
        kind: string;
        mmo: number | null;
        what: string;
        actor: string;
        field: string | null;
        before: string | null;
        after: string | null;
        at: string;
      }[];
    };
    const ofTwo = entries.filter((e) => e.mmo === 2 && e.kind !== 'reminder');
    expect(ofTwo.map((e) => `${e.kind}: ${e.what}${e.field ? ` [${e.field}]` : ''}`)).toEqual([
      'received: получена форма «План ММО»',
      'review: возвращена на доработку форма «План ММО»',
      'received: получена новая версия формы «План ММО»',
      expect.stringMatching(
        /^change: изменена запись «Вебинар .*\[Ответственный\. Место проведения \(район, ОО\)\]$/,
      ),
      'review: принята форма «План ММО»',
      'received: получена новая версия формы «План ММО»',
      expect.stringMatching(/^change: изменена запись «Круглый стол .* \[Участники\]$/),
    ]);
    expect(ofTwo[1]).toMatchObject({ actor: 'РМЦ ДИРО', after: COMMENT });
    expect(ofTwo.at(-1)).toMatchObject({
      before: SEED_PLANS.districts.find((d) => d.no === 2)!.events[0].participants,
      after: 'Руководители ММС и методисты',
      actor: 'отправка из дополнения',
    });
    // Oldest first, by the injected clock.
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    expect(entries[0]).toMatchObject({ kind: 'received', mmo: 1 });

    const filtered = (await (
      await api('/api/audit?mmo=1&from=2022-09-01&to=2022-09-12', tokens.rmc)
    ).json()) as { entries: { mmo: number }[] };
    expect(filtered.entries.length).toBeGreaterThan(0);
    expect(filtered.entries.every((e) => e.mmo === 1)).toBe(true);

    expect(mails.length).toBeGreaterThan(3);
    for (const m of mails.filter((x) => x.to !== 'mmo4@example.invalid')) {
      for (const value of personalStrings())
        expect(`${m.subject}\n${m.text}`, `${m.to}: ${value}`).not.toContain(value);
    }
  });

  test('401 and 403 on every new route; a return without a comment is a Russian 400', async () => {
    expect((await api('/api/submissions', null)).status).toBe(401);
    expect((await api('/api/audit', null)).status).toBe(401);
    expect(
      (await api('/api/submissions/2/mmo-plan/review', null, { method: 'POST', body: '{}' })).status,
    ).toBe(401);
    expect((await api('/api/submissions', 'wrong-token-0123456789abcdef')).status).toBe(401);

    const other = await api('/api/submissions?mmo=2', tokens.mmo(3));
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: string }).error).toContain('только к ММО №3');
    const review = await api('/api/submissions/2/mmo-plan/review', tokens.mmo(2), {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    });
    expect(review.status).toBe(403);
    expect(((await review.json()) as { error: string }).error).toContain('только РМЦ');
    expect((await api('/api/audit', tokens.mmo(2))).status).toBe(403);

    const bare = await api('/api/submissions/2/mmo-plan/review', tokens.rmc, {
      method: 'POST',
      body: JSON.stringify({ decision: 'return', comment: '  ' }),
    });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: string }).error).toBe(
      'Чтобы вернуть форму на доработку, напишите комментарий: что исправить',
    );
    const nothing = await api('/api/submissions/3/mmo-plan/review', tokens.rmc, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    });
    expect(nothing.status).toBe(409);
    expect(((await nothing.json()) as { error: string }).error).toContain('ещё не прислал');
    expect(
      (
        await api('/api/submissions/2/nope/review', tokens.rmc, {
          method: 'POST',
          body: JSON.stringify({ decision: 'accept' }),
        })
      ).status,
    ).toBe(400);

    const form = (token: string) =>
      fetch(`${service.url}/review`, {
        method: 'POST',
        body: new URLSearchParams({ token, mmo: '2', form: 'mmo-plan', decision: 'accept' }),
        redirect: 'manual',
      });
    expect((await form('wrong-token-0123456789abcdef')).status).toBe(401);
    const mmoForm = await form(tokens.mmo(2));
    expect(mmoForm.status).toBe(403);
    expect(await mmoForm.text()).toContain('Принимает и возвращает формы только РМЦ');
  });
});
