/**
 * The `checkedRecords` kind: rejected rows listed beside the valid ones, marked; what an error about
 * a personal cell says only for those who may see personal data; omitted columns not listed.
 */
import { describe, expect, it } from 'vitest';
import { APPLICATION } from '@mmo/templates';
import { okEntry, templateWorkbook } from '../../test/fixtures/workbooks.js';
import { consolidate } from '../engine/consolidate.js';
import type { ViewOf } from './kind.js';
import { checkedRecordsSheet, ROW_ACCEPTED } from './checked-records.js';

const VIEW = APPLICATION.regional.find((v) => v.kind === 'checkedRecords') as ViewOf<'checkedRecords'>;

describe('checkedRecords', () => {
  it('marks a row with errors, naming a personal column only without the right to personal data', async () => {
    const c = consolidate({
      entries: [
        okEntry(
          await templateWorkbook(
            APPLICATION,
            {
              header: {
                mmo: '№4',
                contactName: 'Магомедова Патимат Расуловна',
                contactPhone: '8 928 123-45-67',
                contactEmail: 'mms@mail.ru',
                academicYear: '2022-2023',
              },
              rows: [
                { programme: 'ФГОС ООО', traineeName: 'Алиев Али', traineeWorkplace: 'Гунибская СОШ' },
                { programme: 'ФГОС ООО', traineeName: '', traineeWorkplace: 'Гунибская СОШ' },
              ],
            },
            'заявка-4.xlsx',
          ),
        ),
      ],
      now: new Date('2023-01-15T10:00:00Z'),
    });
    const sheetFor = (canSeePersonal: boolean) =>
      checkedRecordsSheet({ consolidation: c, canSeePersonal, now: new Date() }, [
        { template: APPLICATION, view: VIEW },
      ]);
    const check = (canSeePersonal: boolean) => {
      const s = sheetFor(canSeePersonal);
      const at = s.columns.findIndex((col) => col.header === 'Проверка');
      return s.rows.map((r) => r[at]);
    };
    expect(check(true)).toEqual([
      ROW_ACCEPTED,
      'ошибка: заполните «Ф.И.О. направляемого на обучение» — это обязательное поле',
    ]);
    expect(check(false)).toEqual([
      ROW_ACCEPTED,
      'ошибка: «Ф.И.О. направляемого на обучение» заполнен неверно',
    ]);
    const headers = sheetFor(false).columns.map((col) => col.header);
    expect(headers).not.toContain('№');
    expect(headers).not.toContain('Ф.И.О. направляемого на обучение');
    expect(headers.slice(-3)).toEqual(['Проверка', 'Источник', 'Строка']);
  });
});
