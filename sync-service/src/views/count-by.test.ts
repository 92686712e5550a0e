/** The `countBy` kind: spellings of one value are one group; `distinct` counts a person once. */
import { describe, expect, it } from 'vitest';
import { APPLICATION, ACADEMIC_YEAR_FIELD } from '@mmo/templates';
import { okEntry, templateWorkbook } from '../../test/fixtures/workbooks.js';
import { consolidate } from '../engine/consolidate.js';
import type { ViewOf } from './kind.js';
import { countBy } from './count-by.js';

const VIEW = APPLICATION.regional.find((v) => v.kind === 'countBy') as ViewOf<'countBy'>;

describe('countBy', () => {
  it('counts a trainee sent twice on one programme once with `distinct`, every row without it', async () => {
    const header = {
      mmo: '№4',
      contactName: 'Магомедова Патимат Расуловна',
      contactPhone: '8 928 123-45-67',
      contactEmail: 'mms@mail.ru',
      [ACADEMIC_YEAR_FIELD.key]: '2022-2023',
    };
    const row = (programme: string, traineeName: string) => ({
      programme,
      traineeName,
      traineeWorkplace: 'МКОУ «Гунибская СОШ»',
    });
    const c = consolidate({
      entries: [
        okEntry(
          await templateWorkbook(
            APPLICATION,
            {
              header,
              rows: [
                row('ДПП «Функциональная грамотность»', 'Алиев Али'),
                row('функциональная  грамотность', 'Алиев Али'),
                row('Функциональная грамотность', 'Омаров Омар'),
              ],
            },
            'заявка-4.xlsx',
          ),
        ),
      ],
      now: new Date('2023-01-15T10:00:00Z'),
    });
    const once = countBy(c, { template: APPLICATION, view: VIEW });
    expect(once.map((d) => [d.programme, d.byMmo.get(4), d.total])).toEqual([
      [expect.stringMatching(/грамотность/i), 2, 2],
    ]);
    const { distinct: _distinct, ...everyRow } = VIEW;
    expect(countBy(c, { template: APPLICATION, view: everyRow }).map((d) => d.total)).toEqual([3]);
  });
});
