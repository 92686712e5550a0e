/**
 * A synthetic region at the real scale of Dagestan, written as the .xlsx files ММО send: the
 * project's own templates (addTemplateSheet / renderTemplateXlsx), filled with values drawn from
 * the real vocabularies. Everything comes from one seed, so two runs read identical content.
 *
 * Per ММО four files — plan, заявка, questionnaires (one sheet each), municipal indicators (one
 * sheet per municipality) — as РМЦ receives them by e-mail: a change to the plan touches one file.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DISTRICTS, type CellValue, type District, type ItemsTemplate, type Municipality } from '@mmo/shared';
import {
  APPLICATION,
  DIFFICULTY_ANSWERS,
  INDICATORS_MUNICIPAL,
  MMO_PLAN,
  PARTICIPANT_CATEGORIES,
  QUESTIONNAIRE_DOD,
  QUESTIONNAIRE_DOO,
  QUESTIONNAIRE_OO,
} from '@mmo/templates';
import { addTemplateSheet, renderTemplateXlsx, type TemplateFill } from '@mmo/templates/xlsx';
import { createRng, type Rng } from './rng.js';
import {
  COMMENTS,
  CONCLUSIONS,
  CONTACT_POSITIONS,
  EVENT_FORMS,
  EVENT_TOPICS,
  EVIDENCE,
  FEMALE_NAMES,
  MALE_NAMES,
  MONTHS_RU,
  PROGRAMMES,
  QUESTIONNAIRE_POSITIONS,
  SURNAMES,
  VENUES,
} from './vocabulary.js';

export type BenchScale = 'full' | 'tiny';

export interface RegionSpec {
  readonly planEvents: number;
  readonly applications: number;
  readonly questionnaires: number;
  readonly indicatorSheets: number;
}

/** The numbers: 2,000 events, 55,000 заявки rows, 600 questionnaires, 60 indicator sheets. */
export const REGION_SPECS: Readonly<Record<BenchScale, RegionSpec>> = {
  full: { planEvents: 2000, applications: 55_000, questionnaires: 600, indicatorSheets: 60 },
  tiny: { planEvents: 80, applications: 240, questionnaires: 16, indicatorSheets: 8 },
};

export const DEFAULT_SEED = 20_221_101;
/** The year of the handbook the templates come from; every period of the region falls in it. */
export const ACADEMIC_YEAR = '2022-2023';
const START_YEAR = 2022;

export type FileKind = 'plan' | 'applications' | 'questionnaires' | 'indicators';

export interface GeneratedFile {
  /** Relative to the region folder: the source id XlsxFolderSource gives it. */
  readonly name: string;
  readonly mmo: number;
  readonly kind: FileKind;
  readonly bytes: number;
}

export interface GeneratedRegion {
  readonly dir: string;
  readonly seed: number;
  readonly spec: RegionSpec;
  readonly files: readonly GeneratedFile[];
  /** What was written: the consolidation must find exactly these. */
  readonly counts: RegionSpec & { readonly sources: number; readonly sheets: number; readonly bytes: number };
}

const KIND_LABEL: Readonly<Record<FileKind, string>> = {
  plan: 'план',
  applications: 'заявка',
  questionnaires: 'анкеты',
  indicators: 'показатели',
};

/** «ММО-4 план.xlsx»: the number gives XlsxFolderSource its ММО hint, the word tells people what is inside. */
export function regionFileName(mmo: number, kind: FileKind): string {
  return `ММО-${mmo} ${KIND_LABEL[kind]}.xlsx`;
}

/** `total` over the ММО in proportion to `weights`, largest remainders first, so the parts add up exactly. */
export function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const missing = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) parts[order[k % order.length].i]++;
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Names, places, periods

const members = (d: District): Municipality[] => d.municipalities.filter((m) => m.isMunicipality);

/** «Гунибский» → «Гунибская» (school names agree with «школа»); a city has no adjective. */
function feminine(m: Municipality): string | null {
  if (m.isCity) return null;
  const word = m.displayName.split(' ')[0];
  return word.replace(/(ский|ской|цкий)$/, (end) => (end === 'цкий' ? 'цкая' : 'ская'));
}

/** «Гунибский район», «г. Дербент», «Бежтинский участок». */
function placeName(m: Municipality): string {
  if (m.isCity) return `г. ${m.displayName.replace(/^Город\s+/, '')}`;
  return /участок$/.test(m.displayName) ? m.displayName : `${m.displayName} район`;
}

/** «МКОУ «Гунибская СОШ №2», Гунибский район» — how the handbook names a workplace. */
function school(rng: Rng, m: Municipality): string {
  const adj = feminine(m);
  const n = rng.int(1, m.isCity ? 40 : 6);
  const kind = rng.next();
  let org: string;
  if (adj === null) {
    org =
      kind < 0.7
        ? `МБОУ «СОШ №${n}»`
        : kind < 0.85
          ? `МБОУ «Гимназия №${rng.int(1, 9)}»`
          : `МБДОУ «Детский сад №${n + 10}»`;
  } else {
    org =
      kind < 0.75
        ? `МКОУ «${adj} СОШ №${n}»`
        : kind < 0.9
          ? `МКОУ «${adj} ООШ»`
          : `МКДОУ «${adj} детский сад «Солнышко»»`;
  }
  return `${org}, ${placeName(m)}`;
}

function person(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  const father = rng.pick(MALE_NAMES);
  // Teachers are mostly women: the заявки of a season say so.
  if (rng.chance(0.72)) return `${surname}а ${rng.pick(FEMALE_NAMES)} ${father[2]}`;
  return `${surname} ${rng.pick(MALE_NAMES)[0]} ${father[1]}`;
}

function phone(rng: Rng): string {
  const code = rng.pick(['928', '988', '903', '965', '989', '960']);
  const d = (n: number) => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
  return rng.chance(0.6) ? `+7 ${code} ${d(3)}-${d(2)}-${d(2)}` : `8 (${code}) ${d(3)}-${d(2)}-${d(2)}`;
}

/** Academic-year months, September first: index 0 is «Сентябрь, 2022», 9 is «Июнь, 2023». */
function month(i: number): { name: string; year: number } {
  const m = (8 + i) % 12;
  return { name: MONTHS_RU[m], year: m >= 8 ? START_YEAR : START_YEAR + 1 };
}

/** «Ноябрь, 2022», «Март-апрель, 2023», «В течение года», «По отдельному плану». */
function period(rng: Rng): string {
  const x = rng.next();
  if (x < 0.08) return 'В течение года';
  if (x < 0.11) return 'По отдельному плану';
  const i = rng.int(0, 9);
  const first = month(i);
  if (x < 0.25 && i < 9) {
    const last = month(i + 1);
    if (last.year === first.year) return `${first.name}-${last.name.toLowerCase()}, ${first.year}`;
  }
  return `${first.name}, ${first.year}`;
}

function participants(rng: Rng): string {
  const first = rng.zipf(PARTICIPANT_CATEGORIES);
  if (!rng.chance(0.35)) return first;
  const second = rng.zipf(PARTICIPANT_CATEGORIES);
  return second === first ? first : `${first}, ${second.charAt(0).toLowerCase()}${second.slice(1)}`;
}

// ---------------------------------------------------------------------------------------------
// Fills

/** The plan of one ММО; `revision` > 0 is the same plan after an edit of its first event (the incremental sync). */
export function planFill(seed: number, district: District, events: number, revision = 0): TemplateFill {
  const rng = createRng(seed).fork(`plan-${district.no}`);
  const places = members(district);
  const rows: Record<string, CellValue>[] = [];
  for (let i = 0; i < events; i++) {
    const m = rng.pick(places);
    rows.push({
      no: String(i + 1),
      title: `${rng.pick(EVENT_FORMS)} «${rng.pick(EVENT_TOPICS)}»`,
      participants: participants(rng),
      period: period(rng),
      place: `${rng.chance(0.5) ? 'Руководитель ММС; ' : ''}${school(rng, m)}`,
    });
  }
  if (revision > 0 && rows.length > 0) {
    rows[0] = {
      ...rows[0],
      title: `${String(rows[0].title)} (перенесено, правка ${revision})`,
      period: 'Май, 2023',
    };
  }
  return { header: { mmo: district.label, academicYear: ACADEMIC_YEAR }, rows };
}

export function applicationFill(seed: number, district: District, count: number): TemplateFill {
  const rng = createRng(seed).fork(`applications-${district.no}`);
  const places = members(district);
  const rows: Record<string, CellValue>[] = [];
  for (let i = 0; i < count; i++) {
    const m = rng.pick(places);
    const when = month(rng.int(0, 9));
    rows.push({
      no: String(i + 1),
      programme: rng.zipf(PROGRAMMES),
      period: rng.chance(0.7) ? `${when.name}, ${when.year}` : null,
      venue: rng.pick(VENUES),
      traineeName: person(rng),
      traineeWorkplace: school(rng, m),
    });
  }
  return {
    header: {
      mmo: district.label,
      contactName: person(rng),
      contactPosition: rng.pick(CONTACT_POSITIONS),
      contactPhone: phone(rng),
      contactEmail: `mms.mmo${district.no}@mail.ru`,
      academicYear: ACADEMIC_YEAR,
    },
    rows,
  };
}

type Variant = keyof typeof QUESTIONNAIRE_POSITIONS;
const QUESTIONNAIRES: Readonly<Record<Variant, ItemsTemplate>> = {
  doo: QUESTIONNAIRE_DOO,
  oo: QUESTIONNAIRE_OO,
  dod: QUESTIONNAIRE_DOD,
};

function questionnaireFill(rng: Rng, district: District, variant: Variant): TemplateFill {
  const template = QUESTIONNAIRES[variant];
  const m = rng.pick(members(district));
  const answers: Record<string, Record<string, CellValue>> = {};
  // A teacher leans one way: most answers near their own level, some skipped.
  const level = rng.int(0, 3);
  for (const item of template.items) {
    if (item.isGroup) continue;
    if (item.id === 'conclusions') {
      answers[item.id] = { comment: rng.pick(CONCLUSIONS) };
      continue;
    }
    if (rng.chance(0.04)) continue;
    const score = Math.min(3, Math.max(0, level + rng.int(-1, 1)));
    answers[item.id] = rng.chance(0.12)
      ? { answer: DIFFICULTY_ANSWERS[score], comment: rng.pick(COMMENTS) }
      : { answer: DIFFICULTY_ANSWERS[score] };
  }
  const adj = feminine(m);
  const organisation =
    variant === 'doo'
      ? `МКДОУ «Детский сад №${rng.int(1, 30)}»`
      : variant === 'dod'
        ? `МКУ ДО «Дом детского творчества»`
        : adj
          ? `МКОУ «${adj} СОШ №${rng.int(1, 5)}»`
          : `МБОУ «СОШ №${rng.int(1, 40)}»`;
  return {
    header: {
      mmo: district.label,
      municipality: m.displayName,
      organisation,
      position: rng.pick(QUESTIONNAIRE_POSITIONS[variant]),
    },
    answers,
  };
}

function indicatorsFill(rng: Rng, district: District, m: Municipality): TemplateFill {
  const answers: Record<string, Record<string, CellValue>> = {};
  for (const item of INDICATORS_MUNICIPAL.items) {
    if (item.isGroup || !item.answers) continue;
    const field = item.answers[0];
    let value: CellValue;
    if (field.type === 'yesNo') value = rng.chance(0.7) ? 'Да' : 'Нет';
    else if (field.type === 'percent') value = rng.int(5, 95);
    else value = rng.int(0, 12);
    answers[item.id] = rng.chance(0.5) ? { value, evidence: rng.pick(EVIDENCE) } : { value };
  }
  return {
    header: { mmo: district.label, municipality: m.displayName, academicYear: ACADEMIC_YEAR },
    answers,
  };
}

// ---------------------------------------------------------------------------------------------
// Files

async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ММО Sync bench';
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The plan file of one ММО as .xlsx bytes (also what the incremental sync rewrites). */
export function planBytes(seed: number, district: District, events: number, revision = 0): Promise<Buffer> {
  return renderTemplateXlsx(MMO_PLAN, planFill(seed, district, events, revision));
}

export interface PlanEdit {
  readonly file: string;
  readonly mmo: number;
}

/** Rewrites one ММО's plan with its first event edited: a new revision of one source out of all. */
export async function editPlan(
  region: GeneratedRegion,
  mmo: number,
  revision: number,
  dir = region.dir,
): Promise<PlanEdit> {
  const district = DISTRICTS.find((d) => d.no === mmo)!;
  const events = split(
    region.spec.planEvents,
    DISTRICTS.map(() => 1),
  )[DISTRICTS.indexOf(district)];
  const file = regionFileName(mmo, 'plan');
  await writeWhole(join(dir, file), await planBytes(region.seed, district, events, revision));
  return { file, mmo };
}

/** Questionnaire variants in the proportions of a region: schools most, kindergartens, then ДОД. */
function variantOf(i: number): Variant {
  const k = i % 10;
  return k < 5 ? 'oo' : k < 8 ? 'doo' : 'dod';
}

/**
 * Municipalities with an indicator sheet: every member once (ЦОДОУ ЗОЖ is an organisation, not a
 * municipality), then a second sheet for the first member of each ММО until `total` — a corrected
 * resubmission, which the renderer names «Показатели (муниципалитет) (2)». 52 + 8 = 60.
 */
export function indicatorPlan(total: number): Municipality[][] {
  const lists = DISTRICTS.map(members);
  // Round-robin over the ММО, so a small run still gives every ММО a sheet.
  const order: { i: number; m: Municipality }[] = [];
  for (let k = 0; order.length < lists.reduce((n, l) => n + l.length, 0); k++) {
    lists.forEach((l, i) => {
      if (k < l.length) order.push({ i, m: l[k] });
    });
  }
  const perMmo = DISTRICTS.map(() => [] as Municipality[]);
  // Past one sheet each, the next round is resubmissions, going round the ММО the same way.
  for (let k = 0; k < total; k++) {
    const { i, m } = order[k % order.length];
    perMmo[i].push(m);
  }
  return perMmo;
}

export interface GenerateOptions {
  readonly dir: string;
  readonly scale?: BenchScale;
  readonly spec?: RegionSpec;
  readonly seed?: number;
  /** Progress lines (Russian) for the console. */
  readonly log?: (line: string) => void;
}

/** Writes the region into an emptied `dir`. */
export async function generateRegion(options: GenerateOptions): Promise<GeneratedRegion> {
  const spec = options.spec ?? REGION_SPECS[options.scale ?? 'full'];
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => {});
  const dir = options.dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  const even = DISTRICTS.map(() => 1);
  // Bigger ММО send more заявки: weight by the number of member municipalities.
  const sizes = DISTRICTS.map((d) => members(d).length);
  const events = split(spec.planEvents, even);
  const applications = split(spec.applications, sizes);
  const questionnaires = split(spec.questionnaires, even);
  const indicators = indicatorPlan(spec.indicatorSheets);

  const files: GeneratedFile[] = [];
  let sheets = 0;
  const put = async (mmo: number, kind: FileKind, bytes: Buffer, sheetCount: number) => {
    const name = regionFileName(mmo, kind);
    await writeWhole(join(dir, name), bytes);
    files.push({ name, mmo, kind, bytes: bytes.length });
    sheets += sheetCount;
  };

  for (const [i, d] of DISTRICTS.entries()) {
    await put(d.no, 'plan', await planBytes(seed, d, events[i]), 1);
    await put(
      d.no,
      'applications',
      await renderTemplateXlsx(APPLICATION, applicationFill(seed, d, applications[i])),
      1,
    );

    const qRng = createRng(seed).fork(`questionnaires-${d.no}`);
    if (questionnaires[i] > 0) {
      const bytes = await workbookBytes((wb) => {
        // One sheet per questionnaire; the renderer makes the tab names unique («Опросный лист ОО (2)»).
        for (let k = 0; k < questionnaires[i]; k++) {
          const variant = variantOf(k);
          addTemplateSheet(wb, QUESTIONNAIRES[variant], questionnaireFill(qRng, d, variant));
        }
      });
      await put(d.no, 'questionnaires', bytes, questionnaires[i]);
    }

    const iRng = createRng(seed).fork(`indicators-${d.no}`);
    if (indicators[i].length > 0) {
      const bytes = await workbookBytes((wb) => {
        for (const m of indicators[i]) addTemplateSheet(wb, INDICATORS_MUNICIPAL, indicatorsFill(iRng, d, m));
      });
      await put(d.no, 'indicators', bytes, indicators[i].length);
    }
    log(
      `  ММО №${d.no}: мероприятий ${events[i]}, строк заявки ${applications[i]}, анкет ${questionnaires[i]}, листов показателей ${indicators[i].length}`,
    );
  }

  return {
    dir,
    seed,
    spec,
    files,
    counts: { ...spec, sources: files.length, sheets, bytes: files.reduce((n, f) => n + f.bytes, 0) },
  };
}
