/**
 * The demo beside the real plans: every other form filled for every ММО with obviously fictional
 * people (names like «Примерова Тестина Условновна», `@example.invalid`, +7 900 000-xx-xx), so
 * every section of the dashboard and every sheet of the regional workbook has something on the
 * first start. One ММО's заявка carries mistakes on purpose, so «Проблемы» is not empty either.
 *
 * Deterministic: one seeded PRNG (mulberry32), so two fresh starts show the same demo. Values are
 * made from each field's type, so a new form in the registry is in the demo with no code here.
 * Files go to `sources/Демо/`: the dashboard marks the demo while any of them is read.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  DISTRICTS,
  itemAnswers,
  parseAcademicYear,
  type CellValue,
  type District,
  type FieldDef,
  type TemplateDef,
} from '@mmo/shared';
import { planForms, repeatedPeopleForms, TEMPLATES } from '@mmo/templates';
import { demoFormAnswers } from '@mmo/templates/testing';
import { addTemplateSheet, type TemplateFill } from '@mmo/templates/xlsx';

export const DEMO_FOLDER = 'Демо';
export const DEMO_SEED = 20_221_101;
/** The ММО whose заявка has mistakes in it. */
export const DEMO_MISTAKES_MMO = 7;
const APPLICATIONS_PER_MMO = 40;
const ROWS_PER_TABLE = 4;
const SHEETS_PER_ITEMS_FORM = 2;
/** The ММО whose school questionnaires arrive as a Google Forms answers tab, one teacher a row. */
export const DEMO_FORM_EXPORT_MMO = 3;
const FORM_RESPONDENTS = 24;

interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
}

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: (list) => list[int(0, list.length - 1)] };
}

// Made-up on purpose: nobody is called this, and the words say «example», «test», «sample».
const SURNAMES = [
  'Примеров',
  'Тестов',
  'Образцов',
  'Условнов',
  'Пробнов',
  'Макетов',
  'Шаблонов',
  'Демонстров',
];
const WOMEN = ['Тестина', 'Примера', 'Образцина', 'Демона', 'Пробина'];
const MEN = ['Тест', 'Пример', 'Образец', 'Макет', 'Шаблон'];
const FATHERS = ['Условн', 'Пробн', 'Тестов', 'Примерн'];
const MONTHS = [
  'Сентябрь, 2022',
  'Октябрь, 2022',
  'Ноябрь, 2022',
  'Декабрь, 2022',
  'Январь, 2023',
  'Февраль, 2023',
  'Март, 2023',
  'Апрель, 2023',
  'Май, 2023',
];

function person(rng: Rng): string {
  const woman = rng.next() < 0.7;
  const surname = rng.pick(SURNAMES);
  const father = rng.pick(FATHERS);
  return woman ? `${surname}а ${rng.pick(WOMEN)} ${father}овна` : `${surname} ${rng.pick(MEN)} ${father}ович`;
}

const two = (n: number) => String(n % 100).padStart(2, '0');

interface Ctx {
  readonly rng: Rng;
  readonly district: District;
  readonly n: number;
}

function valueFor(field: FieldDef, ctx: Ctx): CellValue {
  const { rng, district, n } = ctx;
  const places = district.municipalities;
  switch (field.type) {
    case 'text':
      return field.personal
        ? person(rng)
        : `Демо: ${field.label.replace(/\s+/g, ' ').slice(0, 48).trim()} ${n}`;
    case 'integer':
    case 'number':
      // Within the field's own bounds: a score out of 2 gets 0–2, only the mistakes file errs.
      return rng.int(field.min ?? 0, field.max ?? 12);
    case 'percent':
      return rng.int(5, 95);
    case 'date':
      return new Date(Date.UTC(2022, 10, 1 + (n % 28)));
    case 'period':
      return rng.pick(MONTHS);
    case 'phone':
      return `+7 900 000-${two(district.no * 10 + (n % 10))}-${two(n)}`;
    case 'email':
      return `demo.mmo${district.no}.${n}@example.invalid`;
    case 'choice':
      return field.choices?.length ? rng.pick(field.choices) : null;
    case 'multiChoice':
      return field.choices?.length ? rng.pick(field.choices) : null;
    case 'yesNo':
      return rng.next() < 0.7 ? 'Да' : 'Нет';
    case 'mmo':
      return district.label;
    case 'municipality':
      return places.length ? rng.pick(places).displayName : null;
    case 'academicYear':
      return '2022-2023';
  }
}

function fillFor(template: TemplateDef, ctx: Ctx, rows: number): TemplateFill {
  const header = Object.fromEntries(template.header.map((f) => [f.key, valueFor(f, ctx)]));
  if (template.layout === 'table') {
    const out: Record<string, CellValue>[] = [];
    for (let i = 0; i < rows; i++) {
      const row = { ...ctx, n: ctx.n * 100 + i + 1 };
      out.push(
        Object.fromEntries(
          template.columns.map((f) => [f.key, f.key === 'no' ? String(i + 1) : valueFor(f, row)]),
        ),
      );
    }
    return { header, rows: out };
  }
  const answers: Record<string, Record<string, CellValue>> = {};
  for (const item of template.items) {
    const fields = itemAnswers(template, item);
    if (fields.length) answers[item.id] = Object.fromEntries(fields.map((f) => [f.key, valueFor(f, ctx)]));
  }
  return { header, answers };
}

/**
 * A заявка as people really get it wrong: a short phone, no e-mail, a missing name, an impossible
 * period, a missing programme — the fields found by the form's declared roles and types.
 */
function withMistakes(template: TemplateDef, fill: TemplateFill): TemplateFill {
  const repeats = template.layout === 'table' ? template.repeats : undefined;
  const period = template.layout === 'table' ? template.columns.find((f) => f.type === 'period') : undefined;
  const rows = (fill.rows ?? []).map((r, i) =>
    i === 1 && repeats
      ? { ...r, [repeats.person]: null }
      : i === 2 && period
        ? { ...r, [period.key]: 'Тридцатое февраля' }
        : i === 3 && repeats
          ? { ...r, [repeats.programme]: null }
          : r,
  );
  const header = { ...fill.header };
  for (const f of template.header) {
    if (f.type === 'phone') header[f.key] = '+7 900 000';
    if (f.type === 'email') header[f.key] = 'нет почты';
  }
  return { header, rows };
}

/** «Ответы на форму (1)» as Google Forms fills it: the tab the service reads like any export. */
function addFormAnswers(wb: ExcelJS.Workbook, rng: Rng, district: District): void {
  const ws = wb.addWorksheet('Ответы на форму (1)');
  for (const row of demoFormAnswers(rng, district, FORM_RESPONDENTS)) ws.addRow(row);
}

export function demoFileName(no: number): string {
  return `ММО-${no} демо-данные.xlsx`;
}

async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/**
 * Writes one workbook per ММО with every form but the plans (the real ones are beside them); the
 * forms whose rows are people sent to programmes (the заявка) get many rows, one ММО's with mistakes.
 */
export async function seedDemo(
  sourcesDir: string,
  options: { seed?: number; districts?: readonly number[] } = {},
): Promise<string[]> {
  const seed = options.seed ?? DEMO_SEED;
  const dir = join(sourcesDir, DEMO_FOLDER);
  await mkdir(dir, { recursive: true });
  const plans = new Set<TemplateDef>(planForms(TEMPLATES));
  const people = new Set<TemplateDef>(repeatedPeopleForms(TEMPLATES));
  const forms = TEMPLATES.filter((t) => !plans.has(t));
  const written: string[] = [];
  for (const district of DISTRICTS.filter((d) => !options.districts || options.districts.includes(d.no))) {
    const rng = mulberry32(seed + district.no);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'ММО Sync — демонстрационные данные';
    for (const template of forms) {
      const sheets = template.layout === 'items' ? SHEETS_PER_ITEMS_FORM : 1;
      for (let k = 0; k < sheets; k++) {
        const ctx = { rng, district, n: k + 1 };
        const rows = people.has(template) ? APPLICATIONS_PER_MMO : ROWS_PER_TABLE;
        const fill = fillFor(template, ctx, rows);
        addTemplateSheet(
          wb,
          template,
          people.has(template) && district.no === DEMO_MISTAKES_MMO ? withMistakes(template, fill) : fill,
          { academicYear: parseAcademicYear('2022-2023'), districtNo: district.no },
        );
      }
    }
    if (district.no === DEMO_FORM_EXPORT_MMO) addFormAnswers(wb, rng, district);
    const path = join(dir, demoFileName(district.no));
    await writeWhole(path, new Uint8Array(await wb.xlsx.writeBuffer()));
    written.push(path);
  }
  return written;
}
