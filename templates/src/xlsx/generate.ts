/**
 * `npm run templates`: one blank .xlsx per definition in TEMPLATES, for people who fill forms in
 * Excel rather than through the add-on. Options: `--out DIR`, `--year 2022-2023`, `--mmo 4`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  academicYearOf,
  districtByNo,
  formatAcademicYear,
  matchDistrict,
  parseAcademicYear,
  type AcademicYear,
  type TemplateDef,
} from '@mmo/shared';
import { TEMPLATES } from '../index.js';
import { renderTemplateXlsx } from './index.js';

export interface GenerateOptions {
  readonly outDir: string;
  /** The year of the «Сроки проведения» dropdown and of the header «Учебный год». */
  readonly academicYear: AcademicYear;
  /** Pre-fills the header «ММО». */
  readonly districtNo?: number | null;
  /** Defaults to TEMPLATES. */
  readonly templates?: readonly TemplateDef[];
  /** Where the Russian progress lines go; defaults to nowhere. */
  readonly log?: (line: string) => void;
  /** Paths in log lines are shown relative to this directory. */
  readonly relativeTo?: string;
}

export interface GeneratedFile {
  readonly template: TemplateDef;
  readonly file: string;
}

/** `mmo-plan.xlsx`: the template id, which is ASCII kebab-case already; anything else is replaced. */
export function templateFileName(template: TemplateDef): string {
  const base =
    template.id
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'template';
  return `${base}.xlsx`;
}

export async function generateTemplates(options: GenerateOptions): Promise<GeneratedFile[]> {
  const templates = options.templates ?? TEMPLATES;
  await mkdir(options.outDir, { recursive: true });
  const written: GeneratedFile[] = [];
  const taken = new Set<string>();
  for (const template of templates) {
    let name = templateFileName(template);
    for (let n = 2; taken.has(name); n++) name = templateFileName(template).replace(/\.xlsx$/, `-${n}.xlsx`);
    taken.add(name);
    const file = path.join(options.outDir, name);
    const buffer = await renderTemplateXlsx(template, undefined, {
      academicYear: options.academicYear,
      districtNo: options.districtNo ?? null,
    });
    await writeFile(file, buffer);
    written.push({ template, file });
    const relative = options.relativeTo ? path.relative(options.relativeTo, file) : '';
    const shown =
      relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
    options.log?.(`Записан шаблон «${template.sheetName}»: ${shown}`);
  }
  return written;
}

class UsageError extends Error {}

const USAGE = 'Использование: npm run templates -- [--out=ПАПКА] [--year=2022-2023] [--mmo=4]';

/**
 * Options from the command line. Through `npm run templates -- --year=2022-2023` npm keeps unknown
 * options for itself (npm_config_year), so those count too; a bare `--year 2022-2023` reaches npm
 * as the flag «true» plus a stray argument, which is reported rather than guessed at.
 */
export function optionsFromArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  today = new Date(),
): GenerateOptions {
  let values: { out?: string; year?: string; mmo?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        year: { type: 'string' },
        mmo: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(`Непонятный параметр (${(e as Error).message}). ${USAGE}`);
  }
  if (values.help) throw new UsageError(USAGE);
  const fromNpm = (name: string) => {
    const v = env[`npm_config_${name}`];
    return v && v !== 'true' ? v : undefined;
  };
  const outArg = values.out ?? fromNpm('out');
  const yearArg = values.year ?? fromNpm('year');
  const mmoArg = values.mmo ?? fromNpm('mmo');

  const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const outDir = outArg ? path.resolve(cwd, outArg) : path.join(packageDir, 'out');

  let academicYear = academicYearOf(today);
  if (yearArg) {
    const parsed = parseAcademicYear(yearArg);
    if (!parsed)
      throw new UsageError(
        `Учебный год «${yearArg}» не распознан: укажите, например, --year ${formatAcademicYear(academicYear)}.`,
      );
    academicYear = parsed;
  }

  let districtNo: number | null = null;
  if (mmoArg) {
    const district = /^\d+$/.test(mmoArg.trim()) ? districtByNo(Number(mmoArg)) : matchDistrict(mmoArg);
    if (!district)
      throw new UsageError(`ММО «${mmoArg}» не найден: укажите номер от 1 до 8, например --mmo 4.`);
    districtNo = district.no;
  }
  return { outDir, academicYear, districtNo, relativeTo: cwd, log: (line) => console.log(line) };
}

async function main(): Promise<void> {
  // npm runs workspace scripts inside the package; paths are shown from where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  try {
    await generateTemplates(optionsFromArgs(process.argv.slice(2), process.env, cwd));
  } catch (e) {
    console.error(
      e instanceof UsageError ? e.message : `Не удалось записать шаблоны: ${(e as Error).message}`,
    );
    process.exitCode = 1;
  }
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
