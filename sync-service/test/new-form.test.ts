/**
 * The README's promise, kept by a test: a new form is only a new definition. A throw-away form — a
 * definition with a records view and a record key, written here and nowhere else — is offered in
 * the add-on's menu and creates its sheet, gets its .xlsx template, its sheet in the regional
 * workbook and its rows in «Изменения», with no other file of the project touched. Declared as
 * expected from each ММО and counted, it is missed on the dashboard where an ММО has not sent it
 * and totalled in the consolidation report; its declared deadline is due without a setting.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableTemplate, TemplateDef } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, NUMBER_FIELD, parseRegistry, TEMPLATES } from '@mmo/templates';
import { readWorkbookGrids, renderTemplateXlsx } from '@mmo/templates/xlsx';
import { generateTemplates } from '../../templates/src/xlsx/generate.js';
import { createAddon, menuEntries } from '../../addon/src/app.js';
import { memoryEnv } from '../../addon/src/testing/memory-ports.js';
import { buildReport, totalsLine } from '../src/cli.js';
import { dashboardModel } from '../src/dashboard/model.js';
import { dashboardPage } from '../src/dashboard/page.js';
import { diffConsolidations } from '../src/engine/changes.js';
import { deadlineOf, formsWithDeadline, submissionSettings } from '../src/submissions/settings.js';
import { consolidate } from '../src/engine/consolidate.js';
import { regionalSheets, type RegionalSheet } from '../src/output/regional-sheets.js';
import { writeRegionalXlsx } from '../src/output/xlsx-writer.js';
import { okEntry, workbookOf } from './fixtures/workbooks.js';

const VISITS = {
  id: 'test-visits',
  layout: 'table',
  title: 'Журнал выездов методистов в школы',
  sheetName: 'Выезды',
  menuLabel: 'Журнал выездов (проба)',
  source: 'Форма для проверки, не из сборника',
  header: [MMO_FIELD, ACADEMIC_YEAR_FIELD],
  recordKey: { fields: ['school', 'visitedOn'] },
  columns: [
    NUMBER_FIELD,
    { key: 'school', label: 'Школа', type: 'text', required: true, width: 40 },
    { key: 'visitedOn', label: 'Дата выезда', type: 'date', required: true },
    { key: 'note', label: 'Что сделано', type: 'text', width: 40 },
  ],
  instructions: ['Одна строка — один выезд.'],
  regional: [{ kind: 'records', sheet: 'Выезды методистов' }],
  expected: true,
  counted: { key: 'visits', unit: 'records', label: 'выездов' },
  deadline: '11-20',
} as const satisfies TableTemplate;

const templates: readonly TemplateDef[] = parseRegistry([...TEMPLATES, VISITS]);
const NOW = new Date('2023-01-15T10:00:00Z');
const HEADER = { mmo: '№3', academicYear: '2022-2023' };
const ROWS = [
  { no: 1, school: 'МКОУ «Тестовая СОШ №1»', visitedOn: '12.10.2022', note: 'Открытый урок' },
  { no: 2, school: 'МКОУ «Тестовая СОШ №2»', visitedOn: '19.10.2022', note: 'Семинар' },
  { no: 3, school: 'МКОУ «Тестовая СОШ №3»', visitedOn: '26.10.2022', note: 'Консультация' },
];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmo-new-form-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sheetOf(sheets: readonly RegionalSheet[], name: string): RegionalSheet {
  const s = sheets.find((x) => x.name === name);
  if (!s) throw new Error(`нет листа «${name}»`);
  return s;
}

describe('a form added as a definition only', () => {
  it('is offered in the add-on menu and creates its sheet there', () => {
    const create = menuEntries(templates)[0];
    const labels =
      typeof create === 'object' && 'submenu' in create
        ? create.submenu.map((e) => (typeof e === 'object' ? e.label : e))
        : [];
    expect(labels).toContain(VISITS.menuLabel);
    const env = memoryEnv();
    createAddon(
      templates,
      () => env.ui,
      () => env,
    ).createTemplate(templates.indexOf(VISITS));
    expect(env.spreadsheet.sheetNames()).toContain(VISITS.sheetName);
  });

  it('gets its .xlsx template with its title and columns', async () => {
    const files = await generateTemplates({
      outDir: join(dir, 'templates'),
      academicYear: { startYear: 2022 },
      templates,
    });
    const file = files.find((f) => f.template.id === VISITS.id);
    expect(file).toBeDefined();
    const grids = await readWorkbookGrids(await readFile(file!.file));
    const tab = grids.find((g) => g.name === VISITS.sheetName)!;
    const cells = tab.grid.flat();
    expect(cells).toContain(VISITS.title);
    for (const label of ['Школа', 'Дата выезда', 'Что сделано']) expect(cells).toContain(label);
  });

  it('has its sheet in the regional workbook and its changes in «Изменения»', async () => {
    const entry = async (rows: readonly Record<string, string | number>[]) =>
      okEntry(
        await workbookOf('ММО-3 выезды.xlsx', await renderTemplateXlsx(VISITS, { header: HEADER, rows })),
      );
    const before = consolidate({ entries: [await entry(ROWS)], now: NOW, templates });
    const listing = sheetOf(
      regionalSheets(before, null, { canSeePersonal: true, templates }),
      'Выезды методистов',
    );
    expect(listing.columns.map((c) => c.header)).toEqual([
      'ММО',
      '№',
      'Школа',
      'Дата выезда',
      'Что сделано',
      'Источник',
      'Лист',
      'Строка',
    ]);
    expect(listing.rows.map((r) => r[2])).toEqual(ROWS.map((r) => r.school));

    // The rows sorted the other way, one note rewritten, one visit gone: matched by the declared key.
    const edited = [{ ...ROWS[2] }, { ...ROWS[0], note: 'Открытый урок и разбор' }];
    const after = consolidate({
      entries: [await entry(edited)],
      now: new Date('2023-01-16T10:00:00Z'),
      templates,
    });
    const changes = diffConsolidations(before, after, templates);
    const sheets = regionalSheets(after, changes, { canSeePersonal: true, templates });
    const log = sheetOf(sheets, 'Изменения');
    const rows = log.rows.filter((r) => r[1] === VISITS.sheetName).map((r) => r.slice(2, 7));
    expect(rows).toEqual([
      [
        'изменено',
        'МКОУ «Тестовая СОШ №1» (12.10.2022)',
        'Что сделано',
        'Открытый урок',
        'Открытый урок и разбор',
      ],
      ['удалено', 'МКОУ «Тестовая СОШ №2» (19.10.2022)', null, null, null],
    ]);

    // And the workbook written for РМЦ carries the sheet.
    const path = join(dir, 'Сводка.xlsx');
    await writeRegionalXlsx(sheets, path);
    expect((await readWorkbookGrids(await readFile(path))).map((g) => g.name)).toContain('Выезды методистов');
  });

  it('is expected from every ММО on the dashboard and totalled in the report, as it declares', async () => {
    const c = consolidate({
      entries: [
        okEntry(
          await workbookOf(
            'ММО-3 выезды.xlsx',
            await renderTemplateXlsx(VISITS, { header: HEADER, rows: ROWS }),
          ),
        ),
      ],
      now: NOW,
      templates,
    });
    const model = dashboardModel(
      { run: null, consolidation: c, previous: null, changes: null },
      { running: false, nextSyncAt: null, now: NOW, templates },
    );
    expect(model.templates.find((t) => t.id === VISITS.id)).toEqual({
      id: VISITS.id,
      label: VISITS.sheetName,
      expected: true,
    });
    const page = String(await dashboardPage(model, { timeZone: 'Europe/Moscow', nonce: 'n' }));
    const table = page.slice(
      page.indexOf('id="completeness"'),
      page.indexOf('</table>', page.indexOf('id="completeness"')),
    );
    const rowOf = (mmo: number) => table.split('<tr>').find((r) => r.includes(`ММО №${mmo} `)) ?? '';
    expect(rowOf(3)).toContain(`${VISITS.sheetName} · 3`);
    expect(rowOf(3)).not.toContain(`нет: ${VISITS.sheetName}`);
    expect(rowOf(4)).toContain(`нет: ${VISITS.sheetName}`);

    const report = buildReport(c, null, { input: 'формы', output: null }, templates);
    expect(report.totals).toMatchObject({ visits: ROWS.length, otherForms: 0, planEvents: 0 });
    expect(Object.keys(report.totals)).toEqual([
      'planEvents',
      'jointEvents',
      'applications',
      'questionnaires',
      'visits',
      'otherForms',
      'errors',
      'warnings',
    ]);
    expect(totalsLine(report.totals, templates)).toBe(
      'мероприятий ММО — 0, совместных с РМЦ — 0, заявок — 0, анкет — 0, выездов — 3',
    );
    // Without the declaration the same sheet is one of «other forms».
    expect(buildReport(c, null, { input: 'формы', output: null }).totals.otherForms).toBe(1);
  });

  it('is due by its declared deadline when the settings name none', () => {
    const settings = submissionSettings({}, templates);
    expect(formsWithDeadline(settings, 2022, templates)).toEqual([
      'mmo-plan',
      'application',
      'methodist-plan',
      VISITS.id,
    ]);
    expect(deadlineOf(settings, VISITS.id, 2022)).toBe('2022-11-20');
    expect(
      deadlineOf(submissionSettings({ deadlines: { [VISITS.id]: null } }, templates), VISITS.id, 2022),
    ).toBeNull();
  });
});
