/**
 * The dispatcher: the forms' sheets stand in their kind's part of the workbook, in registry order,
 * and a form that declares a view of a shared kind under a taken name joins that sheet.
 */
import { describe, expect, it } from 'vitest';
import type { ItemsTemplate } from '@mmo/shared';
import {
  DIFFICULTIES_VIEW,
  DIFFICULTY_FIELD,
  MMO_FIELD,
  parseRegistry,
  QUESTIONNAIRE_DOO,
  TEMPLATES,
} from '@mmo/templates';
import { okEntry, templateWorkbook } from '../../test/fixtures/workbooks.js';
import { consolidate } from '../engine/consolidate.js';
import { regionalSheets } from '../output/regional-sheets.js';
import { declaredSheetGroups, declaredSheets } from './index.js';

/** A questionnaire of one item that declares the same «Затруднения» as the three of the registry. */
const EXTRA = {
  id: 'questionnaire-extra',
  layout: 'items',
  title: 'ОПРОСНЫЙ ЛИСТ ДЛЯ ПРОВЕРКИ ОБЩЕГО ЛИСТА СВОДКИ',
  sheetName: 'Опрос теста',
  menuLabel: 'Опрос теста',
  source: 'тест',
  header: [MMO_FIELD],
  instructions: [],
  numberLabel: '№',
  itemLabel: 'Показатели',
  answers: [DIFFICULTY_FIELD],
  items: [{ id: '1', text: 'Работа с родителями' }],
  regional: [DIFFICULTIES_VIEW],
} as const satisfies ItemsTemplate;

describe('declared regional sheets', () => {
  it('come in parts — listings, registers, overviews, item summaries, the calendar — each in registry order', () => {
    const names = declaredSheetGroups(TEMPLATES).map((group) => group[0].view.sheet);
    expect(names).toEqual([
      'Сводный план',
      'План с РМЦ',
      'Предложения',
      'Планы методистов',
      'Заявки',
      'Заявки по программам',
      'Затруднения',
      'Показатели',
      'Самодиагностика муниципалитетов',
      'Самодиагностика ОО',
      'Наблюдение уроков',
      'Наблюдение уроков — уровни',
      'Самодиагностика региона',
      'Дорожная карта — выполнение',
      'Дорожная карта — просрочено',
      'Календарь',
    ]);
    const difficulties = declaredSheetGroups(TEMPLATES).find((g) => g[0].view.sheet === 'Затруднения')!;
    expect(difficulties.map((d) => d.template.id)).toEqual([
      'questionnaire-doo',
      'questionnaire-oo',
      'questionnaire-dod',
    ]);
  });

  it('give a new questionnaire declaring «Затруднения» rows on that one sheet, ranked with the others', async () => {
    const templates = parseRegistry([...TEMPLATES, EXTRA]);
    const firstItem = QUESTIONNAIRE_DOO.items.find((i) => !('isGroup' in i && i.isGroup))!;
    const c = consolidate({
      entries: [
        okEntry(
          await templateWorkbook(
            QUESTIONNAIRE_DOO,
            { header: { mmo: '№4' }, answers: { [firstItem.id]: { answer: 'Нет. Могу поделиться опытом' } } },
            'доо.xlsx',
          ),
        ),
        okEntry(
          await templateWorkbook(
            EXTRA,
            { header: { mmo: '№4' }, answers: { '1': { answer: 'Да. Хотелось бы получить помощь' } } },
            'опрос.xlsx',
          ),
        ),
      ],
      templates,
      now: new Date('2023-01-15T10:00:00Z'),
    });
    const sheets = regionalSheets(c, null, { canSeePersonal: false, templates });
    expect(sheets.filter((s) => s.name.startsWith('Затруднения')).map((s) => s.name)).toEqual([
      'Затруднения',
    ]);
    const s = sheets.find((x) => x.name === 'Затруднения')!;
    expect(s.rows.map((r) => [r[0], r[3], r[5], r[6], r[7]])).toEqual([
      ['Опрос теста', 'Работа с родителями', 1, 1, 100],
      ['Опросный лист ДОО', firstItem.text, 1, 0, 0],
    ]);
  });

  it('are the last ones when a sync hands over the same sheets, and are computed again when a sheet changed', async () => {
    const templates = parseRegistry([...TEMPLATES, EXTRA]);
    const answered = (answer: string) =>
      templateWorkbook(EXTRA, { header: { mmo: '№4' }, answers: { '1': { answer } } }, 'опрос.xlsx');
    const now = new Date('2023-01-15T10:00:00Z');
    const first = consolidate({
      entries: [okEntry(await answered('Да. Хотелось бы получить помощь'))],
      templates,
      now,
    });
    const context = { consolidation: first, canSeePersonal: false, now };
    const shown = declaredSheets(templates, context);
    // No source changed: the same sheet objects in a new consolidation — nothing is computed again.
    expect(
      declaredSheets(templates, { ...context, consolidation: { ...first, generatedAt: now.toISOString() } }),
    ).toBe(shown);
    const share = (sheets: readonly { name: string; rows: readonly (readonly unknown[])[] }[]) =>
      sheets.find((x) => x.name === 'Затруднения')!.rows[0][7];
    expect(share(shown)).toBe(100);
    // The teacher changed the answer: the sheet says so.
    const second = consolidate({
      entries: [okEntry(await answered('Нет. Могу поделиться опытом'))],
      templates,
      now,
    });
    expect(share(declaredSheets(templates, { ...context, consolidation: second }))).toBe(0);
  });
});
