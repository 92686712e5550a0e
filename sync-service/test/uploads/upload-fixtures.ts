/** Files a coordinator would upload: заявки from the real template, with obviously fictional people. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { districtByNo, type CellValue } from '@mmo/shared';
import { APPLICATION } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import ExcelJS from 'exceljs';
import { startService, type RunningService } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from '../../src/sync/log.js';

export interface Trainee {
  readonly name: string;
  readonly programme: string;
}

export async function applicationXlsx(
  mmo: number,
  trainees: readonly Trainee[],
  contact: { phone?: string; name?: string } = {},
): Promise<Uint8Array> {
  const rows: Record<string, CellValue>[] = trainees.map((t) => ({
    programme: t.programme,
    traineeName: t.name,
    traineeWorkplace: 'МКОУ «Условная СОШ №1»',
    period: 'Ноябрь, 2022',
  }));
  return renderTemplateXlsx(APPLICATION, {
    header: {
      mmo: districtByNo(mmo)!.label,
      contactName: contact.name ?? 'Тестова Условия Примеровна',
      contactPosition: 'Руководитель ММС',
      contactPhone: contact.phone ?? '+7 900 000-01-02',
      contactEmail: 'coordinator@example.invalid',
      academicYear: '2022-2023',
    },
    rows,
  });
}

/** A workbook with one sheet that is no form at all. */
export async function unrelatedXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Лист1');
  ws.addRow(['Список покупок']);
  ws.addRow(['хлеб', 'молоко', 'сыр']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export interface UploadService {
  readonly service: RunningService;
  readonly dataDir: string;
  token(role: 'rmc' | number): string;
  close(): Promise<void>;
}

/** The real service on a seeded temp data folder, listening on 127.0.0.1. */
/** `demo`: also the fictional demo of sources/Демо (seconds of writing .xlsx; only the demo test wants it). */
export async function uploadService(
  env: Record<string, string> = {},
  options: { demo?: boolean } = {},
): Promise<UploadService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mmo-upload-'));
  const config = {
    ...loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SYNC_INTERVAL_MIN: '0', ...env }),
    googleConfigPath: undefined,
  };
  const service = await startService(config, { logger: memoryLogger(), demo: options.demo ?? false });
  await service.startupSync();
  const tokens = service.issuedTokens!;
  return {
    service,
    dataDir,
    token: (role) =>
      tokens.find((t) =>
        role === 'rmc' ? t.role.kind === 'rmc' : t.role.kind === 'mmo' && t.role.mmo === role,
      )!.token,
    async close() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function uploadForm(bytes: Uint8Array, name = 'Заявка.xlsx'): FormData {
  const form = new FormData();
  form.append(
    'file',
    new File([bytes], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  return form;
}
