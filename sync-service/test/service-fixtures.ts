/**
 * A region on disk for the service tests: the real demo seed (eight ММО plans and the joint plan)
 * plus заявки of ММО 3, 4 and 5 rendered from the real template, with personal data we can look
 * for in logs and answers.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { districtByNo, type CellValue } from '@mmo/shared';
import { APPLICATION } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { createApp } from '../src/app.js';
import { TokenRegistry, type AppEnv } from '../src/middleware/auth/index.js';
import { seedRegion } from '../src/seed/seed-region.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore, type SyncStore } from '../src/store/index.js';
import { memoryLogger } from '../src/sync/log.js';
import { attachProgressLog } from '../src/sync/progress-log.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner } from '../src/sync/runner.js';

export interface Applicant {
  readonly mmo: number;
  readonly contactName: string;
  readonly contactPhone: string;
  readonly contactEmail: string;
  readonly trainees: readonly { readonly name: string; readonly programme: string }[];
}

export const APPLICANTS: readonly Applicant[] = [
  {
    mmo: 3,
    contactName: 'Магомедова Патимат Расуловна',
    contactPhone: '+7 928 111-22-33',
    contactEmail: 'strategia.mms@mail.ru',
    trainees: [
      { name: 'Алиев Руслан Магомедович', programme: 'Формирование функциональной грамотности обучающихся' },
      { name: 'Гаджиева Зарема Ахмедовна', programme: 'Школа современного учителя' },
    ],
  },
  {
    mmo: 4,
    contactName: 'Омаров Шамиль Гасанович',
    contactPhone: '8 (8722) 67-00-44',
    contactEmail: 'gorny.okrug@yandex.ru',
    trainees: [
      {
        name: 'Курбанова Мадина Султановна',
        programme: 'Формирование функциональной грамотности обучающихся',
      },
      { name: 'Исаев Арсен Камилович', programme: 'Формирование функциональной грамотности обучающихся' },
      { name: 'Рамазанова Аминат Юсуповна', programme: 'Цифровая образовательная среда' },
    ],
  },
];

/** ММО 5 sends a заявка whose phone is wrong: the problem message quotes it. */
export const BAD_PHONE = {
  mmo: 5,
  contactName: 'Абдуллаев Магомед Рашидович',
  contactPhone: '+7 928 555 44',
  contactEmail: 'proryv.mms@mail.ru',
  trainee: 'Мусаева Саида Руслановна',
};

export function applicationFile(mmo: number): string {
  return `ММО-${mmo} Заявка.xlsx`;
}

async function writeApplication(
  dir: string,
  mmo: number,
  header: Record<string, CellValue>,
  rows: Record<string, CellValue>[],
): Promise<void> {
  const label = districtByNo(mmo)!.label;
  const bytes = await renderTemplateXlsx(APPLICATION, {
    header: { mmo: label, contactPosition: 'Руководитель ММС', academicYear: '2022-2023', ...header },
    rows,
  });
  await writeFile(join(dir, applicationFile(mmo)), bytes);
}

export async function writeApplications(sourcesDir: string): Promise<void> {
  for (const a of APPLICANTS) {
    await writeApplication(
      sourcesDir,
      a.mmo,
      { contactName: a.contactName, contactPhone: a.contactPhone, contactEmail: a.contactEmail },
      a.trainees.map((t) => ({
        programme: t.programme,
        traineeName: t.name,
        traineeWorkplace: 'МКОУ «СОШ №1»',
        period: 'Ноябрь, 2022',
      })),
    );
  }
  await writeApplication(
    sourcesDir,
    BAD_PHONE.mmo,
    {
      contactName: BAD_PHONE.contactName,
      contactPhone: BAD_PHONE.contactPhone,
      contactEmail: BAD_PHONE.contactEmail,
    },
    [
      {
        programme: 'Школа современного учителя',
        traineeName: BAD_PHONE.trainee,
        traineeWorkplace: 'МКОУ «СОШ №2»',
        period: 'Ноябрь, 2022',
      },
    ],
  );
}

/** Every personal value of the fixtures, in the forms they may be printed in. */
export function personalStrings(): string[] {
  const out: string[] = [];
  for (const a of [...APPLICANTS, { ...BAD_PHONE, trainees: [{ name: BAD_PHONE.trainee, programme: '' }] }]) {
    out.push(a.contactName, a.contactPhone, a.contactEmail, ...a.trainees.map((t) => t.name));
    // A surname alone is personal enough.
    out.push(a.contactName.split(' ')[0], ...a.trainees.map((t) => t.name.split(' ')[0]));
    out.push(a.contactPhone.replace(/\D/g, '').slice(-7));
  }
  return out;
}

export interface RegionDir {
  readonly dir: string;
  readonly sourcesDir: string;
  cleanup(): void;
}

/** A temp data folder: sources/ with the real seed and, unless told otherwise, the заявки. */
export async function seededRegion(options: { applications?: boolean } = {}): Promise<RegionDir> {
  const dir = mkdtempSync(join(tmpdir(), 'mmo-service-'));
  const sourcesDir = join(dir, 'sources');
  await seedRegion(sourcesDir);
  if (options.applications !== false) await writeApplications(sourcesDir);
  return { dir, sourcesDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Replaces the first cell of a sheet whose text matches, as a user editing the file would. */
export async function editCell(file: string, match: (text: string) => boolean, value: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  for (const ws of wb.worksheets) {
    let done = false;
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        if (!done && typeof cell.value === 'string' && match(cell.value)) {
          cell.value = value;
          done = true;
        }
      });
    });
    if (done) {
      await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
      return;
    }
  }
  throw new Error(`no cell matched in ${file}`);
}

/** Every cell text of an .xlsx, for «is this value anywhere in the file». */
export async function workbookText(bytes: Uint8Array): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const parts: string[] = [];
  for (const ws of wb.worksheets) {
    parts.push(`#${ws.name}`);
    ws.eachRow((row) => row.eachCell((cell) => parts.push(cell.text)));
  }
  return parts.join('\n');
}

export const TOKENS = {
  rmc: 'rmc-test-token-0123456789abcdef',
  mmo3: 'mmo3-test-token-0123456789abcdef',
  mmo4: 'mmo4-test-token-0123456789abcdef',
} as const;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export interface TestService {
  readonly app: Hono<AppEnv>;
  readonly runner: SyncRunner;
  readonly store: SyncStore;
  readonly logger: ReturnType<typeof memoryLogger>;
  readonly region: RegionDir;
  readonly outputPath: string;
  close(): Promise<void>;
}

/** The app over the real runner, store and folder adapter, with a plaintext, a hashed and another plaintext token. */
export async function testService(
  options: { maxBodyBytes?: number; firstSync?: boolean } = {},
): Promise<TestService> {
  const region = await seededRegion();
  const store = openSqliteStore(join(region.dir, 'store.sqlite'));
  const outputPath = join(region.dir, 'output', 'regional.xlsx');
  const runner = new SyncRunner({
    source: new XlsxFolderSource(region.sourcesDir),
    store,
    publish: regionalXlsxPublisher(outputPath),
    outputPath,
  });
  await runner.init();
  const logger = memoryLogger();
  attachProgressLog(runner, logger, ['start', 'api', 'timer', 'addon', 'dashboard']);
  const tokens = TokenRegistry.parse({
    tokens: [
      { token: TOKENS.rmc, role: 'rmc', name: 'РМЦ' },
      { sha256: sha256Hex(TOKENS.mmo3), role: 'mmo:3' },
      { token: TOKENS.mmo4, role: 'mmo:4' },
    ],
  });
  const app = createApp({
    runner,
    tokens,
    logger,
    outputPath,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    timeZone: 'Europe/Moscow',
  });
  if (options.firstSync !== false) await runner.sync({ mmo: null, trigger: 'start' });
  return {
    app,
    runner,
    store,
    logger,
    region,
    outputPath,
    async close() {
      await runner.idle();
      await store.close();
      region.cleanup();
    },
  };
}
