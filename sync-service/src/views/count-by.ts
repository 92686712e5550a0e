/**
 * The `countBy` kind: rows per value of one column and ММО, most first («Заявки по программам»):
 * spellings of one value are one group named by the spelling most rows use; with `distinct` the same
 * person on the same value counts once, in the ММО of the first row. Rejected rows count too: the
 * person was sent, the row only needs fixing.
 */
import { DISTRICTS } from '@mmo/shared';
import { applicationRows, programmeDemand, type ProgrammeDemand } from '../engine/aggregate.js';
import { col, mmoColumn } from '../output/cells.js';
import type { RegionalSheet } from '../output/regional-sheets.js';
import type { Consolidation } from '../model.js';
import { PLACES, type DeclaredView, type KindModule, type ViewContext } from './kind.js';

const DISTRICT_NOS = DISTRICTS.map((d) => d.no);

export function countBy(
  consolidation: Pick<Consolidation, 'sheets'>,
  { template, view }: DeclaredView<'countBy'>,
): ProgrammeDemand[] {
  return programmeDemand(applicationRows(consolidation, template.id), view);
}

export function countBySheet(
  { consolidation }: ViewContext,
  [declared]: readonly [DeclaredView<'countBy'>, ...DeclaredView<'countBy'>[]],
): RegionalSheet {
  const demand = countBy(consolidation, declared);
  const unassigned = demand.some((d) => d.byMmo.has(null));
  const mmos: (number | null)[] = unassigned ? [...DISTRICT_NOS, null] : DISTRICT_NOS;
  return {
    name: declared.view.sheet,
    columns: [col(declared.view.heading, 60), ...mmos.map((m) => col(mmoColumn(m), 10)), col('Всего', 10)],
    rows: demand.map((d) => [d.programme, ...mmos.map((m) => d.byMmo.get(m) ?? 0), d.total]),
  };
}

export const countByKind: KindModule<'countBy'> = { place: PLACES.register, sheet: countBySheet };
