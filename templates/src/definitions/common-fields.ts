/** Fields that several forms share; defined once so a header is never written twice. */
import type { FieldDef } from '@mmo/shared';

/** Header field 1 of the заявка (Приложение №3), reused by every form that belongs to one ММО. */
export const MMO_FIELD = {
  key: 'mmo',
  label: 'Межмуниципальный методический округ',
  type: 'mmo',
  required: true,
  aliases: ['ММО', 'Округ', 'Межмуниципальный методический округ (ММО)'],
  help: 'Выберите свой округ из списка.',
  width: 40,
} as const satisfies FieldDef;

export const ACADEMIC_YEAR_FIELD = {
  key: 'academicYear',
  label: 'Учебный год',
  type: 'academicYear',
  required: true,
  aliases: ['Уч. год', 'Учебный год (например, 2022-2023)'],
  help: 'Например: 2022-2023. По нему проверяются «Сроки проведения».',
} as const satisfies FieldDef;

export const MUNICIPALITY_FIELD = {
  key: 'municipality',
  label: 'Муниципалитет',
  type: 'municipality',
  required: true,
  aliases: ['Муниципальное образование', 'Район (город)', 'Район, город'],
  help: 'Район или город из состава ММО (Приложение №1).',
} as const satisfies FieldDef;

export const ORGANISATION_FIELD = {
  key: 'organisation',
  label: 'Образовательная организация',
  type: 'text',
  aliases: ['ОО', 'Организация', 'Наименование ОО'],
  help: 'Краткое название организации, например: МКОУ «Ботлихская СОШ №1».',
} as const satisfies FieldDef;

export const NUMBER_FIELD = {
  key: 'no',
  label: '№',
  type: 'text',
  aliases: ['№ п/п', 'N', 'No'],
  width: 6,
} as const satisfies FieldDef;

/**
 * The same field under another of its names, for a form that prints that name: the new label is
 * dropped from the aliases and the old label joins them, so both keep being read.
 */
export function withLabel<const F extends FieldDef>(
  field: F,
  label: string,
): Omit<F, 'label' | 'aliases'> & { readonly label: string; readonly aliases: readonly string[] } {
  const aliases = [field.label, ...(field.aliases ?? [])].filter((a) => a !== label);
  return { ...field, label, aliases };
}
