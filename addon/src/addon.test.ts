/**
 * The add-on as a user meets it: the real menu functions of main.ts, through the real gas/* adapters,
 * against fake Apps Script globals that record every service call.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DISTRICTS,
  dropdownFor,
  itemNumber,
  itemPrintedCells,
  sheetLayout,
  tableColumns,
  validationRuns,
  type SyncAnswer,
} from '@mmo/shared';
import { TEMPLATES, MMO_PLAN, JOINT_PLAN, ROADMAP } from '@mmo/templates';
import * as main from './main.js';
import { createFormHandlerName, createHandlerName } from './entry-points.js';
import { PROTECTION_DESCRIPTION } from './create/render.js';
import { MARK_COLORS, MARK_HEADING } from './check/marks.js';
import { FakeGas, type FakeMenuEntry } from './testing/fake-gas.js';
import { configuredGas, planRow, SERVICE_URL, snapshot, TOKEN } from './testing/scenario.js';

let gas: FakeGas;
let uninstall: () => void;

function use(next: FakeGas): FakeGas {
  uninstall?.();
  gas = next;
  uninstall = gas.install();
  return gas;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2024, 9, 15, 12, 0));
  use(configuredGas());
});

afterEach(() => {
  uninstall();
  vi.useRealTimers();
});

const PLAN_LAYOUT = sheetLayout(MMO_PLAN);

function createPlanWithRows(rows: number) {
  main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
  const sheet = gas.sheet(MMO_PLAN.sheetName)!;
  sheet.fill(
    PLAN_LAYOUT.firstDataRow,
    1,
    Array.from({ length: rows }, (_, i) => planRow(i + 1)),
  );
  return sheet;
}

describe('onOpen', () => {
  it('builds the «ММО» add-on menu with one «Создать лист» item per template', () => {
    main.onOpen();
    const entries = gas.menu!.entries;
    expect(entries).toEqual<FakeMenuEntry[]>([
      {
        label: 'Создать лист',
        submenu: TEMPLATES.map((t, i) => ({ label: t.menuLabel, handler: createHandlerName(i) })),
      },
      { label: 'Проверить лист', handler: 'checkSheet' },
      {
        label: 'Создать форму',
        submenu: TEMPLATES.flatMap((t, i) =>
          t.id.startsWith('questionnaire-')
            ? [{ label: t.menuLabel, handler: createFormHandlerName(i) }]
            : [],
        ),
      },
      'separator',
      { label: 'Отправить в РМЦ', handler: 'sendToRmc' },
      { label: 'Статус в РМЦ', handler: 'showRmcStatus' },
      { label: 'Настройки', handler: 'showSettings' },
    ]);
  });

  it('offers the forms that are definitions only, with no add-on code of their own', () => {
    main.onOpen();
    const submenu = (gas.menu!.entries[0] as { submenu: { label: string }[] }).submenu.map((e) => e.label);
    expect(submenu.slice(-5)).toEqual([
      'Предложения к плану ММО (Приложение №4)',
      'Индивидуальный план методиста',
      'Лист наблюдения урока (функциональная грамотность)',
      'Самодиагностика: региональный уровень',
      'Дорожная карта наставничества (Управление образования)',
    ]);
  });

  it('touches nothing but the menu, as AuthMode.NONE requires', () => {
    main.onOpen();
    main.onInstall();
    expect(
      gas.calls.filter((c) => !/^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Ui\.createMenu|Menu\.)/.test(c)),
    ).toEqual([]);
  });
});

describe('«Создать лист»', () => {
  it('prints a roadmap item’s expected results beside its text, protected with it', () => {
    main.createTemplate(TEMPLATES.indexOf(ROADMAP));
    const sheet = gas.sheet(ROADMAP.sheetName)!;
    const layout = sheetLayout(ROADMAP);
    for (const { item, row } of layout.items)
      expect([1, 2, 3].map((c) => sheet.valueAt(row, c))).toEqual(itemPrintedCells(ROADMAP, item));
    const items = sheet.protections.find((p) => !p.removed && p.row === layout.firstDataRow);
    expect(items).toMatchObject({ cols: 3, rows: layout.items.length });
    // Dropdowns start at «Сроки», after the printed columns.
    expect(sheet.validationAt(layout.firstDataRow + 1, 3)).toBeNull();
    expect(sheet.validationAt(layout.firstDataRow + 1, 6)?.values).toEqual([
      'выполнено',
      'в работе',
      'не начато',
    ]);
  });

  it.each(TEMPLATES.map((t, i) => [t.id, t, i] as const))(
    '%s: renders the definition',
    (_id, template, index) => {
      main.createTemplate(index);
      const sheet = gas.sheet(template.sheetName)!;
      expect(sheet, 'sheet created').toBeDefined();
      expect(gas.activeSheet).toBe(sheet);
      const layout = sheetLayout(template);

      expect(sheet.valueAt(1, 1)).toBe(template.title);
      for (const { field, row } of layout.headerRows) {
        expect(sheet.valueAt(row, 1)).toBe(field.label);
        if (field.type === 'mmo') expect(sheet.valueAt(row, 2)).toBe('№4. Горный');
        if (field.type === 'academicYear') expect(sheet.valueAt(row, 2)).toBe('2024-2025');
      }
      expect(tableColumns(template).map((_, i) => sheet.valueAt(layout.tableHeaderRow, i + 1))).toEqual(
        tableColumns(template).map((f) => f.label),
      );
      for (const { item, row } of layout.items) {
        // «- ФГОС (НОО, ООО, СОО)» must stay text, not become a broken formula.
        expect(sheet.valueAt(row, 1)).toBe(itemNumber(item));
        expect(sheet.valueAt(row, 2)).toBe(item.text);
      }

      expect(sheet.frozenRows).toBe(layout.tableHeaderRow);
      for (const { col } of layout.columns) expect(sheet.widths.get(col)).toBeGreaterThan(20);
      const protections = sheet.protections.filter((p) => !p.removed);
      expect(protections.length).toBeGreaterThan(0);
      expect(protections.every((p) => p.warningOnly && p.description === PROTECTION_DESCRIPTION)).toBe(true);
      expect(protections.some((p) => p.row === layout.tableHeaderRow && p.cols === layout.lastColumn)).toBe(
        true,
      );

      for (const { field, col } of layout.columns) {
        if (field.help) expect(sheet.noteAt(layout.tableHeaderRow, col)).toContain(field.help);
      }

      // One rule per column run, with the values and strictness of dropdownFor.
      const ctx = { academicYear: { startYear: 2024 }, districtNo: 4 };
      const expected = validationRuns(template, layout)
        .map((run) => ({ run, dropdown: dropdownFor(run.field, ctx) }))
        .filter((x) => x.dropdown && x.dropdown.values.length);
      const headerDropdowns = layout.headerRows.filter(({ field }) => dropdownFor(field, ctx)).length;
      expect(gas.calls.filter((c) => c === 'Range.setDataValidation')).toHaveLength(
        expected.length + headerDropdowns,
      );
      for (const { run, dropdown } of expected) {
        for (const row of [run.fromRow, run.toRow]) {
          const rule = sheet.validationAt(row, run.col);
          expect(rule?.values).toEqual(dropdown!.values);
          expect(rule?.allowInvalid).toBe(dropdown!.allowInvalid);
        }
      }
      // Calls follow the form's structure (columns, column runs, groups), never its rows.
      const groups = layout.items.filter(({ item }) => item.isGroup).length;
      const structure =
        layout.columns.length + validationRuns(template, layout).length + groups + template.header.length;
      expect(gas.calls.length).toBeLessThanOrEqual(40 + 10 * structure);
    },
  );

  it('names the ММО in the header only when the settings say which', () => {
    use(new FakeGas());
    main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
    const sheet = gas.sheet(MMO_PLAN.sheetName)!;
    expect(sheet.valueAt(PLAN_LAYOUT.headerRows[0].row, 2)).toBe('');
    expect(gas.toasts.at(-1)?.message).toContain('ММО не выбран');
  });

  it('writes header values as text: «2024-2025» is not turned into a number or a date', () => {
    main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
    const sheet = gas.sheet(MMO_PLAN.sheetName)!;
    const yearRow = PLAN_LAYOUT.headerRows.find((h) => h.field.type === 'academicYear')!.row;
    expect(sheet.formatAt(yearRow, 2)).toBe('@');
    expect(sheet.formatAt(PLAN_LAYOUT.firstDataRow + 10, 2)).toBe('@');
  });

  it('asks before touching an existing sheet; «Отмена» changes nothing', () => {
    const sheet = createPlanWithRows(3);
    const before = snapshot(gas);
    gas.answers.push('CANCEL');
    main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
    expect(gas.alerts.at(-1)?.title).toBe('Лист «План ММО» уже есть');
    expect(gas.alerts.at(-1)?.message).toContain('Данные в нём не будут удалены');
    expect(snapshot(gas)).toBe(before);
    expect(sheet.valueAt(PLAN_LAYOUT.firstDataRow, 2)).toBe(planRow(1)[1]);
  });

  it('«Нет» creates «План ММО (2)» beside it', () => {
    createPlanWithRows(3);
    gas.answers.push('NO');
    main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
    expect(gas.sheets.map((s) => s.name)).toContain('План ММО (2)');
    expect(gas.sheet('План ММО (2)')!.valueAt(PLAN_LAYOUT.tableHeaderRow, 2)).toBe('Название мероприятия');
    expect(gas.sheet('План ММО')!.valueAt(PLAN_LAYOUT.firstDataRow + 2, 2)).toBe(planRow(3)[1]);
  });

  it('«Да» refreshes formatting only: data and filled header cells stay, protections are not stacked', () => {
    const sheet = createPlanWithRows(3);
    const yearRow = PLAN_LAYOUT.headerRows.find((h) => h.field.type === 'academicYear')!.row;
    sheet.cell(yearRow, 2).value = '2023-2024';
    sheet.cell(PLAN_LAYOUT.firstDataRow, 2).note = 'Заметка методиста';
    const data = JSON.stringify(sheet.grid().slice(PLAN_LAYOUT.firstDataRow - 1));
    const protections = sheet.protections.filter((p) => !p.removed).length;
    gas.answers.push('YES');
    main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
    expect(JSON.stringify(sheet.grid().slice(PLAN_LAYOUT.firstDataRow - 1))).toBe(data);
    expect(sheet.valueAt(yearRow, 2)).toBe('2023-2024');
    expect(sheet.noteAt(PLAN_LAYOUT.firstDataRow, 2)).toBe('Заметка методиста');
    expect(sheet.protections.filter((p) => !p.removed)).toHaveLength(protections);
    // The sheet's own year drives the months offered: 2023-2024, not the current year.
    expect(sheet.validationAt(PLAN_LAYOUT.firstDataRow, 4)?.values).toContain('Ноябрь, 2023');
    expect(gas.toasts.at(-1)?.message).toContain('данные не тронуты');
  });

  it('refuses to lay the template over a sheet whose table has moved, and offers a new sheet', () => {
    const sheet = gas.addSheet(MMO_PLAN.sheetName, [
      [MMO_PLAN.title],
      [],
      ['Межмуниципальный методический округ', '№4. Горный'],
      ['Учебный год', '2024-2025'],
      [],
      [],
      MMO_PLAN.columns.map((c) => c.label),
      planRow(1),
    ]);
    const before = snapshot(gas);
    gas.answers.push('YES', 'NO');
    main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
    expect(gas.alerts.at(-1)?.message).toContain('Строка заголовков таблицы стоит в строке 7');
    expect(snapshot(gas)).toBe(before);
    expect(sheet.name).toBe('План ММО');
  });

  it('refreshing costs the same number of service calls for 10 and for 1,000 rows', () => {
    const counts = [10, 1000].map((rows) => {
      use(configuredGas());
      createPlanWithRows(rows);
      gas.resetCalls();
      gas.answers.push('YES');
      main.createTemplate(TEMPLATES.indexOf(MMO_PLAN));
      return gas.calls.length;
    });
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThan(150);
  });
});

describe('«Проверить лист»', () => {
  function planWithMistakes() {
    const sheet = createPlanWithRows(4);
    const row = PLAN_LAYOUT.firstDataRow + 1;
    sheet.cell(row, 2).value = ''; // title is required
    sheet.cell(row + 1, 4).value = 'когда-нибудь'; // unreadable period: a warning
    return { sheet, row };
  }

  it('colours and notes every bad cell and summarises by column', () => {
    const { sheet, row } = planWithMistakes();
    gas.activeSheet = sheet;
    main.checkSheet();
    expect(sheet.backgroundAt(row, 2)).toBe(MARK_COLORS.error);
    expect(sheet.noteAt(row, 2)).toContain('Заполните «Название мероприятия» — это обязательное поле');
    expect(sheet.backgroundAt(row + 1, 4)).toBe(MARK_COLORS.warning);
    expect(sheet.noteAt(row + 1, 4)).toContain('когда-нибудь');
    expect(sheet.backgroundAt(row + 2, 2)).toBeNull();
    const summary = gas.alerts.at(-1)!;
    expect(summary.title).toBe('Проверка листа');
    expect(summary.message).toContain('Найдено: 1 ошибка, 1 предупреждение');
    expect(summary.message).toContain('• Столбец B «Название мероприятия»: 1 ошибка');
    expect(summary.message).toContain('• Столбец D «Сроки проведения»: 1 предупреждение');
    expect(summary.message).toContain(`Строка ${row}, столбец B «Название мероприятия»`);
  });

  it('a fixed sheet checks clean and the old marks are gone; notes and colours people set stay', () => {
    const { sheet, row } = planWithMistakes();
    sheet.cell(row + 2, 5).note = 'Уточнить у Гунибского района';
    sheet.cell(row + 2, 5).background = '#c9daf8';
    gas.activeSheet = sheet;
    main.checkSheet();
    sheet.cell(row, 2).value = 'Круглый стол «Наставничество»';
    sheet.cell(row + 1, 4).value = 'Март, 2025';
    main.checkSheet();
    expect(gas.alerts.at(-1)!.message).toContain('Ошибок и предупреждений нет');
    for (let r = 1; r <= PLAN_LAYOUT.lastDataRow; r++) {
      for (let c = 1; c <= PLAN_LAYOUT.lastColumn; c++) {
        expect(sheet.noteAt(r, c).startsWith(MARK_HEADING), `note at ${r}:${c}`).toBe(false);
        expect([MARK_COLORS.error, MARK_COLORS.warning]).not.toContain(sheet.backgroundAt(r, c));
      }
    }
    expect(sheet.noteAt(row + 2, 5)).toBe('Уточнить у Гунибского района');
    expect(sheet.backgroundAt(row + 2, 5)).toBe('#c9daf8');
    expect(sheet.noteAt(PLAN_LAYOUT.tableHeaderRow, 4)).toContain(MMO_PLAN.columns[3].help);
  });

  it('keeps a note people wrote on a cell it marks, and gives it back when the cell is fixed', () => {
    const { sheet, row } = planWithMistakes();
    sheet.cell(row, 2).note = 'Название уточняется';
    gas.activeSheet = sheet;
    main.checkSheet();
    expect(sheet.noteAt(row, 2)).toContain('Название уточняется');
    expect(sheet.noteAt(row, 2).startsWith(MARK_HEADING)).toBe(true);
    sheet.cell(row, 2).value = 'Семинар';
    main.checkSheet();
    expect(sheet.noteAt(row, 2)).toBe('Название уточняется');
  });

  it('recognises a renamed sheet by its header row, telling the two plans apart by the title', () => {
    const grid = (title: string, place: string) => [
      [title],
      [],
      ['Учебный год', '2024-2025'],
      [],
      ['№', 'Название мероприятия', 'Участники', 'Сроки проведения', place],
      planRow(1),
    ];
    gas.addSheet('Лист от Гуниба', grid(JOINT_PLAN.title, 'Ответственный. Место проведения'));
    main.checkSheet();
    expect(gas.alerts.at(-1)!.message).toContain(`по форме «${JOINT_PLAN.menuLabel}»`);
    gas.addSheet('Другой', grid(MMO_PLAN.title, 'Ответственный. Место проведения (район, ОО)'));
    main.checkSheet();
    expect(gas.alerts.at(-1)!.message).toContain(`по форме «${MMO_PLAN.menuLabel}»`);
  });

  it('warns when the sheet names another ММО than the settings', () => {
    const sheet = createPlanWithRows(2);
    sheet.cell(PLAN_LAYOUT.headerRows[0].row, 2).value = '№3. Стратегия успеха';
    gas.activeSheet = sheet;
    main.checkSheet();
    expect(sheet.backgroundAt(PLAN_LAYOUT.headerRows[0].row, 2)).toBe(MARK_COLORS.warning);
    expect(gas.alerts.at(-1)!.message).toContain('в листе указан ММО №3, а в настройках таблицы — ММО №4');
  });

  it('checks a pasted plan without «Учебный год» against the year its dated periods name, as the consolidator does', () => {
    gas.addSheet('План 2022', [
      [
        '№',
        'Название мероприятия',
        'Участники',
        'Сроки проведения',
        'Ответственный. Место проведения (район, ОО)',
      ],
      ['1', 'Августовское совещание', 'Методисты', 'Август-сентябрь', 'Гуниб'],
      ['2', 'Семинар', 'Методисты', 'Ноябрь, 2022', 'Гуниб'],
      ['3', 'Конкурс', 'Педагоги', 'Апрель 2023', 'Гуниб'],
      ['4', 'Слёт', 'Педагоги', 'Май 2024', 'Гуниб'],
    ]);
    main.checkSheet();
    const message = gas.alerts.at(-1)!.message;
    // Only the one period outside 2022-2023 is warned, not the 2022-2023 ones against today's year;
    // the other warning says which year was taken, as the consolidator's does.
    expect(message).toMatch(/Найдено: 0 ошибок, 2 предупреждения\./);
    expect(message).toContain('• Столбец D «Сроки проведения»: 1 предупреждение');
    expect(message).toContain('Учебный год в листе не указан — принят 2022-2023, по срокам проведения');
    expect(gas.sheets.find((sh) => sh.name === 'План 2022')!.noteAt(5, 4)).toContain(
      'Срок «Май 2024» выходит за пределы 2022-2023 учебного года',
    );
  });

  it('takes an emptied «Учебный год» for a warning naming the year taken, not an error', () => {
    const sheet = createPlanWithRows(2);
    const yearRow = PLAN_LAYOUT.headerRows.find((h) => h.field.type === 'academicYear')!.row;
    sheet.cell(yearRow, 2).value = '';
    gas.activeSheet = sheet;
    main.checkSheet();
    const message = gas.alerts.at(-1)!.message;
    expect(message).toMatch(/Найдено: 0 ошибок, 1 предупреждение\./);
    expect(message).toContain(
      `Строка ${yearRow}, столбец B «Учебный год»: учебный год в листе не указан — принят`,
    );
    expect(sheet.backgroundAt(yearRow, 2)).toBe(MARK_COLORS.warning);
  });

  it('says in Russian when a sheet follows no form', () => {
    gas.addSheet('Черновик', [['Список дел'], ['позвонить']]);
    main.checkSheet();
    expect(gas.alerts.at(-1)!.message).toContain(
      'Не удалось понять, по какой форме заполнен лист «Черновик»',
    );
  });

  it('checking costs the same number of service calls for 10 and for 1,000 filled rows', () => {
    const counts = [10, 1000].map((rows) => {
      use(configuredGas());
      const sheet = createPlanWithRows(rows);
      sheet.cell(PLAN_LAYOUT.firstDataRow + rows - 1, 2).value = '';
      gas.activeSheet = sheet;
      gas.resetCalls();
      main.checkSheet();
      expect(gas.alerts.at(-1)!.message).toContain(`Строк с данными: ${rows}`);
      return gas.calls.length;
    });
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(20);
  });
});

describe('«Отправить в РМЦ»', () => {
  const answer: SyncAnswer = {
    runId: 17,
    startedAt: '2024-10-15T09:00:00Z',
    finishedAt: '2024-10-15T09:00:04Z',
    mmo: 4,
    sources: [
      { name: 'Таблица ММО №4', mmo: 4, status: 'ok', stale: false, rows: 14, errors: 1, warnings: 2 },
    ],
    sheets: [
      {
        source: 'Таблица ММО №4',
        sheet: 'План ММО',
        template: 'План ММО (Приложение №1)',
        rows: 12,
        errors: 1,
        warnings: 2,
      },
      {
        source: 'Таблица ММО №4',
        sheet: 'Заявка',
        template: 'Заявка на обучение (Приложение №3)',
        rows: 2,
        errors: 0,
        warnings: 0,
      },
    ],
    problems: [
      {
        severity: 'error',
        text: 'Лист «План ММО», строка 9, столбец B «Название мероприятия»: заполните «Название мероприятия» — это обязательное поле',
      },
    ],
  };

  function send(handler: FakeGas['fetchHandler']) {
    createPlanWithRows(3);
    const before = snapshot(gas);
    gas.fetchHandler = handler;
    main.sendToRmc();
    expect(snapshot(gas), 'the sheet is unchanged').toBe(before);
    return gas.alerts.at(-1)!;
  }

  it('POSTs to /api/sync/{ММО} with the token and shows what was accepted', () => {
    const shown = send(() => ({ status: 200, body: JSON.stringify(answer) }));
    expect(gas.fetches).toHaveLength(1);
    expect(gas.fetches[0].url).toBe(`${SERVICE_URL}/api/sync/4`);
    expect(gas.fetches[0].params).toMatchObject({
      method: 'post',
      muteHttpExceptions: true,
      headers: { Authorization: `Bearer ${TOKEN}` },
      contentType: 'application/json',
      payload: '{"trigger":"addon"}',
    });
    expect(shown.title).toBe('Отправка в РМЦ');
    expect(shown.message).toContain('РМЦ принял данные ММО №4. Горный: строк — 14.');
    expect(shown.message).toContain(
      '• «План ММО» (План ММО (Приложение №1)): принято строк — 12; 1 ошибка, 2 предупреждения',
    );
    expect(shown.message).toContain('заполните «Название мероприятия»');
  });

  it.each([401, 403])('%i: says the token was not accepted', (status) => {
    const shown = send(() => ({ status, body: JSON.stringify({ error: 'Неверный токен доступа' }) }));
    expect(shown.message).toContain(`не принял токен доступа (код ${status})`);
    expect(shown.message).toContain('«Неверный токен доступа»');
    expect(shown.message).toContain('Данные в таблице не изменены');
  });

  it('500: says the service failed and nothing was lost', () => {
    const shown = send(() => ({ status: 500, body: '<html>Internal Server Error</html>' }));
    expect(shown.message).toContain('произошёл сбой (код 500)');
    expect(shown.message).toContain('Данные в таблице не изменены');
  });

  it('unreachable: says the service cannot be reached', () => {
    const shown = send(() => {
      throw new Error('Адрес недоступен: https://mmo.example.ru');
    });
    expect(shown.message).toContain('Не удалось связаться с сервисом РМЦ');
    expect(shown.message).toContain('Данные в таблице не изменены');
  });

  it('a 200 that is not the sync answer is not taken for success', () => {
    const shown = send(() => ({ status: 200, body: '<html>Вход в Wi-Fi</html>' }));
    expect(shown.message).toContain('ответ не удалось прочитать');
  });

  it('asks for the settings first when they are missing', () => {
    use(new FakeGas());
    main.sendToRmc();
    expect(gas.fetches).toHaveLength(0);
    expect(gas.alerts.at(-1)!.message).toContain(
      'Не заданы: ММО этой таблицы, адрес сервиса РМЦ, токен доступа',
    );
  });
});

describe('«Настройки»', () => {
  it('offers the eight ММО, shows the address and never the token', () => {
    main.showSettings();
    const dialog = gas.dialogs.at(-1)!;
    expect(dialog.title).toBe('Настройки ММО');
    for (const d of DISTRICTS) expect(dialog.html).toContain(`>${d.label.replace(/"/g, '&#34;')}</option>`);
    expect(dialog.html).toContain('<option value="4" selected>');
    expect(dialog.html).toContain(SERVICE_URL);
    expect(dialog.html).not.toContain(TOKEN);
    expect(dialog.html).toContain(`••••••••${TOKEN.slice(-4)}`);
    expect(dialog.html).toContain('.saveSettings(');
  });

  it("stores the dialog's values; an empty token keeps the stored one", () => {
    const message = main.saveSettings({ mmoNo: '2', serviceUrl: ' https://rmc.example.ru/ ', token: '' });
    expect(gas.properties.get('mmo.districtNo')).toBe('2');
    expect(gas.properties.get('mmo.serviceUrl')).toBe('https://rmc.example.ru');
    expect(gas.properties.get('mmo.token')).toBe(TOKEN);
    expect(message).toContain(`ММО ${DISTRICTS[1].label}`);
    expect(message).not.toContain(TOKEN);
  });

  it('rejects what it cannot use, in Russian, and stores nothing', () => {
    expect(() => main.saveSettings({ mmoNo: '9', serviceUrl: SERVICE_URL, token: '' })).toThrow(
      'Выберите ММО из списка.',
    );
    expect(() => main.saveSettings({ mmoNo: '1', serviceUrl: 'mmo.example.ru', token: '' })).toThrow(
      'должен начинаться с https://',
    );
    expect(gas.properties.get('mmo.districtNo')).toBe('4');
  });

  it('escapes what it puts into the page', () => {
    gas.properties.set('mmo.serviceUrl', 'https://x.ru/"><script>alert(1)</script>');
    main.showSettings();
    expect(gas.dialogs.at(-1)!.html).not.toContain('<script>alert(1)');
  });
});
