/**
 * The demo region: the eight real plans of Приложение №1 and the joint plan of Приложение №2,
 * written as the generated templates an ММО would fill and send, into an empty folder.
 */
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { districtByNo, type CellValue } from '@mmo/shared';
import { planForm, TEMPLATES } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import { OWNER_AND_GROUP } from '../file-modes.js';
import seed from '../../../docs/sources/seed000-plans.json' with { type: 'json' };

export interface SeedEvent {
  readonly no: number;
  readonly title: string;
  readonly participants: string;
  readonly period: string;
  readonly place: string;
}

export interface SeedPlans {
  readonly districts: readonly {
    readonly no: number;
    readonly name: string;
    readonly title: string;
    readonly events: readonly SeedEvent[];
  }[];
  readonly joint: readonly SeedEvent[];
}

/** Приложение №1 and №2 of seed 000, verbatim. */
export const SEED_PLANS: SeedPlans = seed;

/** The year the handbook plans. */
export const SEED_ACADEMIC_YEAR = '2022-2023';
export const JOINT_PLAN_FILE = 'РМЦ План совместной деятельности.xlsx';

/** «ММО-4 Горный.xlsx»: the number for the file-name hint, the name for people. */
export function districtFileName(no: number, name: string): string {
  return `ММО-${no} ${name
    .replace(/[\\/:*?"<>|«»]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()}.xlsx`;
}

function rows(events: readonly SeedEvent[]): Record<string, CellValue>[] {
  return events.map((e) => ({
    no: e.no,
    title: e.title,
    participants: e.participants,
    period: e.period,
    place: e.place,
  }));
}

/** A file appears whole: a service watching the folder never reads half of it. */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, bytes, { mode: OWNER_AND_GROUP });
  await rename(tmp, path);
}

/**
 * Writes the demo region into `dir` unless it already holds .xlsx files (a real region, or an
 * earlier seed the user may have edited). Returns the files written, none when it left the folder alone.
 */
export async function seedRegion(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir, { recursive: true });
  if (existing.some((name) => extname(name).toLowerCase() === '.xlsx')) return [];
  const written: string[] = [];
  for (const d of SEED_PLANS.districts) {
    const label = districtByNo(d.no)?.label ?? `№${d.no}. ${d.name}`;
    const bytes = await renderTemplateXlsx(planForm(TEMPLATES, 'mmo'), {
      header: { mmo: label, academicYear: SEED_ACADEMIC_YEAR },
      rows: rows(d.events),
    });
    const path = join(dir, districtFileName(d.no, d.name));
    await writeWhole(path, bytes);
    written.push(path);
  }
  const joint = await renderTemplateXlsx(planForm(TEMPLATES, 'joint'), {
    header: { academicYear: SEED_ACADEMIC_YEAR },
    rows: rows(SEED_PLANS.joint),
  });
  const path = join(dir, JOINT_PLAN_FILE);
  await writeWhole(path, joint);
  written.push(path);
  return written;
}
