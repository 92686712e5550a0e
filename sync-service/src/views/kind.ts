/**
 * What every view kind module offers the dispatcher: where its sheets stand in the regional workbook
 * and how it writes one sheet from the views that name it (one view, or several forms' views of a
 * kind that shares its sheet).
 */
import type { RegionalView, RegionalViewKind, TemplateDef } from '@mmo/shared';
import type { Consolidation } from '../model.js';
import type { RegionalSheet } from '../output/regional-sheets.js';

export type ViewOf<K extends RegionalViewKind> = Extract<RegionalView, { kind: K }>;

/** A view as a form declares it. */
export interface Declared<V extends RegionalView> {
  readonly template: TemplateDef;
  readonly view: V;
}

/** A view of kind K as a form declares it. */
export type DeclaredView<K extends RegionalViewKind = RegionalViewKind> = Declared<ViewOf<K>>;

export interface ViewContext {
  readonly consolidation: Consolidation;
  /** ФИО, телефоны, e-mail: РМЦ sees them, a public dashboard does not. */
  readonly canSeePersonal: boolean;
  /** «Today» for overdue items. */
  readonly now: Date;
}

/**
 * The workbook's parts in the order РМЦ reads them: the forms' listings, the registers of what was
 * sent, the region-wide summaries, the forms' item summaries, the calendar; the system sheets follow.
 * Within a part, sheets come in registry order.
 */
export const PLACES = { listing: 0, register: 1, overview: 2, summary: 3, calendar: 4 } as const;

export interface KindModule<K extends RegionalViewKind> {
  readonly place: (typeof PLACES)[keyof typeof PLACES];
  /** One sheet of the views that name it, in registry order; all of kind K. */
  readonly sheet: (
    context: ViewContext,
    views: readonly [DeclaredView<K>, ...DeclaredView<K>[]],
  ) => RegionalSheet;
}
