/**
 * Issue 6: the process is killed (SIGKILL) while it writes the regional workbook and the store.
 * For real: a child process runs the service's sync loop over the demo region plus a 5 000-row
 * заявка (fixtures/kill-target.ts) and is killed at several points. After each kill: the previous
 * workbook is still whole, no partial file is taken for a workbook or a source, the store opens
 * with its last completed sync intact, and a new sync completes with a readable workbook.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, watch } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cellText, type CellValue } from '@mmo/shared';
import { APPLICATION, MMO_PLAN } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import type { Consolidation } from '../src/model.js';
import { SHEET_NAMES } from '../src/output/regional-sheets.js';
import { districtFileName, SEED_ACADEMIC_YEAR, SEED_PLANS, seedRegion } from '../src/seed/seed-region.js';
import { XlsxFolderSource } from '../src/sources/xlsx-folder.js';
import { openSqliteStore } from '../src/store/index.js';
import { regionalXlsxPublisher } from '../src/sync/publish.js';
import { SyncRunner, type SyncResult } from '../src/sync/runner.js';
import { EDIT_VERSIONS, EDITED_SOURCE } from './fixtures/kill-target.js';

const SERVICE_DIR = join(import.meta.dirname, '..');
const KILL_TARGET = join(import.meta.dirname, 'fixtures', 'kill-target.ts');
const APPLICATIONS = 5_000;
const APPLICATION_FILE = 'ММО-3 Заявка.xlsx';
const EDITED = SEED_PLANS.districts[0];
const PLAN_EVENTS = SEED_PLANS.districts.reduce((n, d) => n + d.events.length, 0);

/**
 * Where the child is killed, in ms after it says a sync started («start»: reading and consolidating),
 * after the workbook's temporary file appears («tmp»: the workbook is being written) and after it
 * says the workbook is written («written»: the store's transaction of that run). Whatever the
 * machine's speed, each point falls at that step or a later one.
 */
const KILL_POINTS = [
  { after: 'start', ms: 100 },
  { after: 'tmp', ms: 50 },
  { after: 'written', ms: 0 },
  { after: 'tmp', ms: 1000 },
] as const;

let data: string;
const paths = () => ({
  sources: join(data, 'sources'),
  output: join(data, 'output', 'regional.xlsx'),
  store: join(data, 'store.sqlite'),
});
let expectedSheets: string[] = [];
let expectedSources: string[] = [];
const killed: number[] = [];
const live = new Set<ChildProcess>();

async function syncInProcess(): Promise<SyncResult> {
  const { sources, output, store: storePath } = paths();
  const store = openSqliteStore(storePath);
  try {
    const runner = new SyncRunner({
      source: new XlsxFolderSource(sources),
      store,
      publish: regionalXlsxPublisher(output),
      outputPath: output,
    });
    await runner.init();
    return await runner.sync({ mmo: null, trigger: 'start' });
  } finally {
    await store.close();
  }
}

/** The workbook as РМЦ opens it: sheet names, and the cell texts of the plan and the заявки. */
async function openWorkbook(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const texts = (name: string) => {
    const rows: string[][] = [];
    wb.getWorksheet(name)?.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => cellText((v ?? null) as CellValue))),
    );
    return rows;
  };
  return {
    names: wb.worksheets.map((w) => w.name),
    plan: texts('Сводный план'),
    applications: texts('Заявки'),
  };
}

function firstTitleOf(c: Consolidation): string {
  const sheet = c.sheets.find((s) => s.sourceName === EDITED_SOURCE && s.templateId === MMO_PLAN.id)!;
  return String(sheet.records[0].values.title);
}

/** Runs the child until the kill point, kills it with SIGKILL and waits for it to be gone. */
async function runAndKill(
  point: (typeof KILL_POINTS)[number],
): Promise<{ pid: number; lines: string[]; signal: NodeJS.Signals | null }> {
  const spawnedAt = performance.now();
  const lines: string[] = [];
  const note = (line: string) => lines.push(`${line} @${Math.round(performance.now() - spawnedAt)}ms`);
  let trigger!: () => void;
  const triggered = new Promise<void>((resolve) => (trigger = resolve));
  // The temporary workbook of this process appearing: the watch is on before the process starts.
  let pid = 0;
  let seenTmp = false;
  const watcher = watch(join(data, 'output'), (_event, name) => {
    if (!seenTmp && pid && name === `regional.xlsx.tmp-${pid}`) {
      seenTmp = true;
      note('tmp');
      if (point.after === 'tmp') trigger();
    }
  });
  const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', KILL_TARGET, data], {
    cwd: SERVICE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pid = child.pid!;
  live.add(child);
  killed.push(pid);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  let buffer = '';
  child.stdout!.on('data', (d) => {
    buffer += String(d);
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      note(line);
      if (line.split(' ')[0] === point.after) trigger();
    }
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  try {
    await Promise.race([
      triggered.then(() => new Promise((resolve) => setTimeout(resolve, point.ms))),
      exited.then(() => {
        throw new Error(
          `the sync process ended by itself before the kill point:\n${lines.join('\n')}\n${stderr}`,
        );
      }),
    ]);
  } finally {
    watcher.close();
  }
  child.kill('SIGKILL');
  const signal = await exited;
  live.delete(child);
  return { pid, lines, signal };
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'mmo-kill-'));
  const { sources, output } = paths();
  await seedRegion(sources);
  await mkdir(join(data, 'output'));
  const rows = Array.from({ length: APPLICATIONS }, (_, i) => ({
    programme: `Программа повышения квалификации №${(i % 40) + 1}`,
    traineeName: `Педагог ${i + 1}`,
    traineeWorkplace: `МКОУ «СОШ №${(i % 300) + 1}»`,
    period: 'Ноябрь, 2022',
  }));
  const header = {
    mmo: '№3',
    contactName: 'Магомедова Патимат Расуловна',
    contactPhone: '+7 928 111-22-33',
    contactEmail: 'strategia.mms@mail.ru',
    academicYear: SEED_ACADEMIC_YEAR,
  };
  await writeFile(join(sources, APPLICATION_FILE), await renderTemplateXlsx(APPLICATION, { header, rows }));
  expectedSources = (await new XlsxFolderSource(sources).list()).map((r) => r.id);
  expect(expectedSources).toHaveLength(10);
  // The two versions of ММО №1's plan the sync process saves in turn, a different first title each.
  expect(EDITED_SOURCE).toBe(districtFileName(EDITED.no, EDITED.name));
  await mkdir(join(data, 'edits'));
  for (const [i, version] of EDIT_VERSIONS.entries()) {
    const rows = EDITED.events.map((e, k) => ({
      no: e.no,
      title: k === 0 ? `${e.title} (редакция ${i + 1})` : e.title,
      participants: e.participants,
      period: e.period,
      place: e.place,
    }));
    await writeFile(
      join(data, 'edits', version),
      await renderTemplateXlsx(MMO_PLAN, {
        header: { mmo: `№${EDITED.no}`, academicYear: SEED_ACADEMIC_YEAR },
        rows,
      }),
    );
  }

  // The workbook and the store a kill may never lose.
  const first = await syncInProcess();
  expect(first.run.status).toBe('done');
  const wb = await openWorkbook(output);
  expectedSheets = wb.names;
  expect(expectedSheets).toEqual(expect.arrayContaining(['Сводный план', 'Заявки', SHEET_NAMES.issues]));
  expect(wb.applications).toHaveLength(APPLICATIONS + 1);
}, 120_000);

afterAll(() => {
  for (const child of live) child.kill('SIGKILL');
  if (data) rmSync(data, { recursive: true, force: true });
});

describe('SIGKILL while the regional workbook and the store are written', () => {
  test.each(KILL_POINTS)(
    'killed $ms ms after «$after»: the workbook stays readable, the store opens, the next sync completes',
    async (point) => {
      const { sources, output, store: storePath } = paths();
      const { lines, signal } = await runAndKill(point);
      // Really killed, not finished: the child loops until killed.
      expect(signal, lines.join('\n')).toBe('SIGKILL');

      // The workbook is the whole of some sync, never a half-written one.
      const before = await openWorkbook(output);
      expect(before.names).toEqual(expectedSheets);
      expect(before.plan).toHaveLength(PLAN_EVENTS + 1);
      expect(before.applications).toHaveLength(APPLICATIONS + 1);
      // A partial file is at most a leftover of a killed process, never an .xlsx: neither the
      // workbook's folder nor the sources folder offers one.
      const leftovers = (await readdir(join(data, 'output'))).filter((f) => f !== 'regional.xlsx');
      expect(leftovers.filter((f) => !killed.some((pid) => f === `regional.xlsx.tmp-${pid}`))).toEqual([]);
      expect((await new XlsxFolderSource(sources).list()).map((r) => r.id)).toEqual(expectedSources);

      // The store opens; its last completed sync is whole: run, sources, consolidation and snapshots agree.
      const check = new DatabaseSync(storePath);
      expect(check.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      check.close();
      const store = openSqliteStore(storePath);
      try {
        const last = (await store.lastFinishedRun())!;
        expect(last.status).toBe('done');
        expect(last.counts).toMatchObject({
          sources: 10,
          sourcesFailed: 0,
          events: PLAN_EVENTS + SEED_PLANS.joint.length,
          applications: APPLICATIONS,
        });
        expect(last.sources).toHaveLength(10);
        const [latest] = await store.latestConsolidations(1);
        expect(latest.runId).toBe(last.runId);
        const snapshot = (await store.snapshot(EDITED_SOURCE))!;
        expect(snapshot.workbook.revision).toBe(
          last.sources.find((s) => s.sourceId === EDITED_SOURCE)!.revision,
        );
        const title = firstTitleOf(latest.consolidation);
        expect(snapshot.workbook.sheets.some((s) => s.grid.some((row) => row.includes(title)))).toBe(true);
        // No run is left «running» by the dead process.
        expect((await store.recentRuns(1000)).filter((r) => r.status === 'running')).toEqual([]);
      } finally {
        await store.close();
      }

      // The next sync completes and writes a workbook that opens, with the plan as it is now on disk.
      const next = await syncInProcess();
      expect(next.run.status).toBe('done');
      expect(next.run.counts).toMatchObject({ sourcesFailed: 0, applications: APPLICATIONS });
      const after = await openWorkbook(output);
      expect(after.names).toEqual(expectedSheets);
      expect(after.applications).toHaveLength(APPLICATIONS + 1);
      const onDisk = await readFile(join(sources, EDITED_SOURCE));
      const version = (
        await Promise.all(EDIT_VERSIONS.map((v) => readFile(join(data, 'edits', v))))
      ).findIndex((bytes) => bytes.equals(onDisk));
      const title =
        version < 0 ? EDITED.events[0].title : `${EDITED.events[0].title} (редакция ${version + 1})`;
      expect(firstTitleOf(next.consolidation!)).toBe(title);
      expect(after.plan.some((row) => row.includes(title))).toBe(true);
      // The next write clears what killed processes left behind.
      expect(await readdir(join(data, 'output'))).toEqual(['regional.xlsx']);
    },
    90_000,
  );
});
