/** The regional workbook of a consolidation: for РМЦ (every ММО) or for one ММО (only its rows). */
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffConsolidations, type ChangeSet } from '../engine/changes.js';
import type { Consolidation } from '../model.js';
import type { GoogleRegionalWriter } from '../output/google-writer.js';
import { regionalSheets } from '../output/regional-sheets.js';
import { writeRegionalXlsx } from '../output/xlsx-writer.js';
import type { Logger } from './log.js';
import type { Publish } from './runner.js';
import { consolidationOfMmo } from './scope.js';

/** Writes the whole region's workbook (with personal data: the file is РМЦ's) to `path`. */
export function regionalXlsxPublisher(path: string): Publish {
  return async (consolidation: Consolidation, changes: ChangeSet) => {
    await writeRegionalXlsx(regionalSheets(consolidation, changes, { canSeePersonal: true }), path);
  };
}

/**
 * Google mode: the .xlsx as always, then the output spreadsheet. A Google failure is logged, not
 * fatal: the consolidation and the local workbook are good, and the next sync writes again.
 */
export function googlePublisher(path: string, writer: GoogleRegionalWriter, logger: Logger): Publish {
  return async (consolidation, changes) => {
    const sheets = regionalSheets(consolidation, changes, { canSeePersonal: true });
    await writeRegionalXlsx(sheets, path);
    const result = await writer.write(sheets);
    if (result.status === 'failed') logger.warn(`Сводка в Google Таблицу не записана: ${result.reason}`);
    else logger.info(`  Сводка записана в Google Таблицу «${result.title}»`);
  };
}

/**
 * One ММО's workbook, built from the same sheets model with only its rows, so personal data of
 * other ММО never leaves; «Изменения» are that ММО's changes since the previous sync.
 */
export async function mmoWorkbook(latest: Consolidation, previous: Consolidation | null, mmo: number): Promise<Buffer> {
  const mine = consolidationOfMmo(latest, mmo);
  const changes = diffConsolidations(previous ? consolidationOfMmo(previous, mmo) : null, mine);
  const sheets = regionalSheets(mine, changes, { canSeePersonal: true });
  const path = join(tmpdir(), `mmo-sync-${mmo}-${randomUUID()}.xlsx`);
  try {
    await writeRegionalXlsx(sheets, path);
    return await readFile(path);
  } finally {
    await rm(path, { force: true });
  }
}
