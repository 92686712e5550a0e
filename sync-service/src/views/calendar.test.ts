/**
 * The `calendar` kind over the period column its view names: a form whose terms are not called
 * «period» gets its calendar from the declaration alone, beside the ММО plan's.
 */
import { describe, expect, it } from 'vitest';
import type { TableTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, parseRegistry, TEMPLATES } from '@mmo/templates';
import { okEntry, templateWorkbook } from '../../test/fixtures/workbooks.js';
import { consolidate } from '../engine/consolidate.js';
import { regionalSheets } from '../output/regional-sheets.js';

const VISITS = {
  id: 'test-visit-plan',
  layout: 'table',
  title: 'План выездов методистов в школы',
  sheetName: 'План выездов',
  menuLabel: 'План выездов (проба)',
  source: 'Форма для проверки, не из сборника',
  header: [MMO_FIELD, ACADEMIC_YEAR_FIELD],
  recordKey: { fields: ['school'] },
  columns: [
    { key: 'school', label: 'Школа', type: 'text', required: true },
    { key: 'when', label: 'Когда', type: 'period', required: true },
  ],
  instructions: [],
  regional: [{ kind: 'calendar', sheet: 'Выезды по месяцам', field: 'when' }],
} as const satisfies TableTemplate;

describe('calendar', () => {
  it('counts the declared period column per month and ММО, after the other summaries', async () => {
    const templates = parseRegistry([...TEMPLATES, VISITS]);
    const c = consolidate({
      entries: [
        okEntry(
          await templateWorkbook(
            VISITS,
            {
              header: { mmo: '№3', academicYear: '2022-2023' },
              rows: [
                { school: 'СОШ №1', when: 'Октябрь-ноябрь, 2022' },
                { school: 'СОШ №2', when: 'Ноябрь, 2022' },
                { school: 'СОШ №3', when: 'В течение года' },
              ],
            },
            'выезды-3.xlsx',
          ),
        ),
      ],
      templates,
      now: new Date('2023-01-15T10:00:00Z'),
    });
    const sheets = regionalSheets(c, null, { canSeePersonal: false, templates });
    const names = sheets.map((s) => s.name);
    expect(names.indexOf('Выезды по месяцам')).toBe(names.indexOf('Календарь') + 1);
    const s = sheets.find((x) => x.name === 'Выезды по месяцам')!;
    expect(s.columns[0].header).toBe('Месяц (2022-2023)');
    const at = (label: string) => s.rows.find((r) => r[0] === label)!;
    const mmo3 = s.columns.findIndex((col) => col.header === 'ММО №3');
    expect([at('Октябрь 2022')[mmo3], at('Ноябрь 2022')[mmo3], at('Декабрь 2022')[mmo3]]).toEqual([1, 2, 0]);
    expect(at('В течение года')[mmo3]).toBe(1);
    expect(at('Всего мероприятий').at(-1)).toBe(3);
  });
});
