/** POST /api/sources/:mmo: what a coordinator's upload does, and what it must never do. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadStore, uploadSourceId } from '../../src/uploads/upload-store.js';
import { join } from 'node:path';
import {
  applicationXlsx,
  unrelatedXlsx,
  uploadForm,
  uploadService,
  type UploadService,
} from './upload-fixtures.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('uploading an ММО file', () => {
  let s: UploadService;
  const post = (
    mmo: number,
    token: string,
    body: RequestInit['body'],
    headers: Record<string, string> = {},
  ) =>
    s.service.app.request(`/api/sources/${mmo}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, ...headers },
      body,
    });
  const applications = async (mmo: number) =>
    (await (
      await s.service.app.request(`/api/applications?mmo=${mmo}`, {
        headers: { Authorization: `Bearer ${s.token('rmc')}` },
      })
    ).json()) as {
      applications: { traineeName: string; source: string }[];
    };
  const versions = async (mmo: number) =>
    (await (
      await s.service.app.request(`/api/sources/${mmo}/versions`, {
        headers: { Authorization: `Bearer ${s.token('rmc')}` },
      })
    ).json()) as {
      versions: { id: string; by: string; receivedAt: string; sha256: string; fileName: string }[];
    };

  beforeAll(async () => {
    s = await uploadService({ MAX_UPLOAD_KB: '200' });
  }, 60_000);
  afterAll(async () => s?.close());

  it('takes a good заявка: answers what was received, syncs the ММО, keeps who sent it', async () => {
    const bytes = await applicationXlsx(3, [
      { name: 'Примеров Пример Примерович', programme: 'Школа современного учителя' },
      { name: 'Условная Условия Тестовна', programme: 'Цифровая образовательная среда' },
    ]);
    const res = await post(3, s.token(3), uploadForm(bytes, 'Заявка ММО-3.xlsx'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.received).toMatchObject({
      mmo: 3,
      fileName: 'Заявка ММО-3.xlsx',
      bytes: bytes.length,
      sha256: sha(bytes),
      current: true,
    });
    expect(body.received.by).toMatch(/^ММО №3/);
    expect(body.received.forms).toEqual([
      { sheet: 'Заявка', form: 'Заявка на обучение (Приложение №3)', sheetName: 'Заявка' },
    ]);
    expect(body.counts.errors).toBe(0);
    expect(body.sync.mmo).toBe(3);
    expect(
      body.sync.sheets.some((sh: any) => sh.source === uploadSourceId(3, ['Заявка']) && sh.rows === 2),
    ).toBe(true);
    const names = (await applications(3)).applications.map((a) => a.traineeName);
    expect(names).toEqual(
      expect.arrayContaining(['Примеров Пример Примерович', 'Условная Условия Тестовна']),
    );
    const v = await versions(3);
    expect(v.versions).toHaveLength(1);
    expect(v.versions[0]).toMatchObject({ sha256: sha(bytes), by: body.received.by });
    // РМЦ downloads exactly the bytes that were sent.
    const dl = await s.service.app.request(`/api/sources/3/versions/${v.versions[0].id}`, {
      headers: { Authorization: `Bearer ${s.token('rmc')}` },
    });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('Content-Disposition')).toContain('attachment');
    expect(sha(new Uint8Array(await dl.arrayBuffer()))).toBe(sha(bytes));
    // The audit log says who sent which version.
    const audit = (await (
      await s.service.app.request('/api/audit?mmo=3', {
        headers: { Authorization: `Bearer ${s.token('rmc')}` },
      })
    ).json()) as any;
    const upload = audit.entries.find((e: any) => e.kind === 'upload');
    expect(upload).toMatchObject({
      actor: body.received.by,
      mmo: 3,
      what: `загружен файл «Заявка ММО-3.xlsx» (версия ${v.versions[0].id}, лист «Заявка»)`,
    });
  });

  it('a file with mistakes is taken: every problem named with sheet, row and column, the good rows consolidated', async () => {
    const bytes = await applicationXlsx(
      5,
      [
        { name: 'Образцова Проба Тестовна', programme: 'Школа современного учителя' },
        { name: '', programme: 'Цифровая образовательная среда' },
      ],
      {
        phone: '+7 900 000',
      },
    );
    const res = await post(5, s.token('rmc'), uploadForm(bytes));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.counts.errors).toBeGreaterThanOrEqual(2);
    const phone = body.problems.find((p: any) => p.severity === 'error' && /телефон/i.test(p.text));
    expect(phone).toMatchObject({ file: uploadSourceId(5, ['Заявка']), sheet: 'Заявка' });
    expect(phone.row).toBeGreaterThan(0);
    const missingName = body.problems.find(
      (p: any) => p.severity === 'error' && p.column !== null && p.row !== null && /Ф\.И\.О/.test(p.text),
    );
    expect(missingName).toBeDefined();
    expect(missingName.text).toMatch(
      /^Файл «Загрузки\/ММО-5 Заявка\.xlsx», лист «Заявка», строка \d+, столбец [A-Z]+/,
    );
    // РМЦ's token sent it: the history says so.
    expect((await versions(5)).versions[0].by).toBe('РМЦ ДИРО');
    expect((await applications(5)).applications.map((a) => a.traineeName)).toContain(
      'Образцова Проба Тестовна',
    );
  });

  it('refuses what is not a workbook, is too large or holds no form, and changes nothing', async () => {
    const current = join(s.dataDir, 'sources', uploadSourceId(3, ['Заявка']));
    const before = await readFile(current);
    const runBefore = s.service.runner.latest().run!.runId;

    const text = await post(
      3,
      s.token(3),
      uploadForm(new TextEncoder().encode('ФИО;телефон\nПримеров;+7 900 000-00-00\n'), 'заявка.csv'),
    );
    expect(text.status).toBe(415);
    expect(((await text.json()) as any).error).toMatch(/не книга Excel \(\.xlsx\)/);

    const big = new Uint8Array(1024 * 1024).fill(0x41);
    const tooBig = await post(3, s.token(3), uploadForm(big, 'огромный.xlsx'));
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as any).error).toMatch(/Файл слишком большой: можно не больше 200 КБ/);

    // Just over the limit inside the multipart slack: caught by the check, not the body limit.
    const slightly = await post(
      3,
      s.token(3),
      uploadForm(new Uint8Array(210 * 1024).fill(0x50), 'чуть больше.xlsx'),
    );
    expect(slightly.status).toBe(413);

    const noForm = await post(3, s.token(3), uploadForm(await unrelatedXlsx(), 'покупки.xlsx'));
    expect(noForm.status).toBe(422);
    expect(((await noForm.json()) as any).error).toMatch(
      /не найдено ни одной формы: листы «Лист1» не похожи ни на одну форму/,
    );

    const json = await post(3, s.token(3), JSON.stringify({ file: 'x' }), {
      'Content-Type': 'application/json',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as any).error).toMatch(/multipart\/form-data/);

    expect(await readFile(current)).toEqual(before);
    expect((await versions(3)).versions).toHaveLength(1);
    expect(s.service.runner.latest().run!.runId).toBe(runBefore);
  });

  it('an ММО token uploads only to its own ММО (403, nothing kept)', async () => {
    const bytes = await applicationXlsx(4, [
      { name: 'Чужой Файл Тестович', programme: 'Школа современного учителя' },
    ]);
    const res = await post(4, s.token(3), uploadForm(bytes));
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error).toBe('Этот токен даёт доступ только к ММО №3');
    expect(existsSync(join(s.dataDir, 'sources', uploadSourceId(4, ['Заявка'])))).toBe(false);
    const list = await s.service.app.request('/api/sources/4/versions', {
      headers: { Authorization: `Bearer ${s.token(3)}` },
    });
    expect(list.status).toBe(403);
  });

  it('two uploads at once for one ММО: both kept, the later arrival is current, one sync', async () => {
    const first = await applicationXlsx(6, [
      { name: 'Первый Вариант Тестович', programme: 'Школа современного учителя' },
    ]);
    const second = await applicationXlsx(6, [
      { name: 'Второй Вариант Тестович', programme: 'Школа современного учителя' },
    ]);
    const runBefore = s.service.runner.latest().run!.runId;
    const [a, b] = await Promise.all([
      post(6, s.token(6), uploadForm(first, 'первый.xlsx')),
      post(6, s.token(6), uploadForm(second, 'второй.xlsx')),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ja, jb] = [(await a.json()) as any, (await b.json()) as any];
    expect(jb.received.current).toBe(true);
    expect(ja.sync.runId).toBe(jb.sync.runId);
    expect(s.service.runner.latest().run!.runId).toBe(runBefore + 1);
    const v = await versions(6);
    expect(v.versions.map((x) => x.sha256).sort()).toEqual([sha(first), sha(second)].sort());
    expect(sha(await readFile(join(s.dataDir, 'sources', uploadSourceId(6, ['Заявка']))))).toBe(sha(second));
    const names = (await applications(6)).applications.map((x) => x.traineeName);
    expect(names).toContain('Второй Вариант Тестович');
    expect(names).not.toContain('Первый Вариант Тестович');
  });

  it('a plan sent after a заявка does not replace the заявка: each set of forms has its own current file', async () => {
    // The demo seed's plan of ММО 6, as the coordinator would send it again.
    const seeded = (await readdir(join(s.dataDir, 'sources'))).find((n) => n.startsWith('ММО-6 '))!;
    const plan = await readFile(join(s.dataDir, 'sources', seeded));
    const res = await post(6, s.token(6), uploadForm(new Uint8Array(plan), 'план.xlsx'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.received.sourceId).toBe(uploadSourceId(6, ['План ММО']));
    // The заявка uploaded before is still read.
    expect((await applications(6)).applications.map((x) => x.traineeName)).toContain(
      'Второй Вариант Тестович',
    );
    // The same plan in the folder and in the upload: flagged, not silently doubled.
    expect(body.problems.some((p: any) => /из двух источников/.test(p.text))).toBe(true);
  });

  it('the history of every ММО is for РМЦ; the records survive a new store over the same folder', async () => {
    const all = await s.service.app.request('/api/sources', {
      headers: { Authorization: `Bearer ${s.token('rmc')}` },
    });
    expect(all.status).toBe(200);
    const { versions: list } = (await all.json()) as any;
    expect(new Set(list.map((r: any) => r.mmo))).toEqual(new Set([3, 5, 6]));
    expect(
      (await s.service.app.request('/api/sources', { headers: { Authorization: `Bearer ${s.token(3)}` } }))
        .status,
    ).toBe(403);
    const again = new UploadStore(join(s.dataDir, 'sources'), join(s.dataDir, 'uploads'));
    expect((await again.list()).length).toBe(list.length);
  });
});
