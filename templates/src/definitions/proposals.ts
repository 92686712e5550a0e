/**
 * Предложения к плану совместной деятельности муниципалитетов в ММО — Приложение №4 of seed 000
 * (L1013–L1063). The seed gives no table, only lists; a municipality's proposal becomes a row with the
 * seed's «Направления совместной деятельности» as the choice and the plan's own event columns.
 */
import type { FieldDef, TableTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, MUNICIPALITY_FIELD, withLabel } from './common-fields.js';
import { EVENT_TITLE_FIELD, PARTICIPANTS_FIELD, PERIOD_FIELD } from './plan-columns.js';
import { JOINT_ACTIVITY_DIRECTIONS } from './vocabulary.js';

export const DIRECTION_FIELD = {
  key: 'direction',
  label: 'Направление совместной деятельности',
  type: 'choice',
  required: true,
  allowOther: true,
  choices: JOINT_ACTIVITY_DIRECTIONS,
  width: 44,
  aliases: ['Направление', 'Направления совместной деятельности'],
  help: 'Одно из направлений Приложения №4 (выпадающий список) или своё.',
} as const satisfies FieldDef;

export const PROPOSALS = {
  id: 'proposals',
  layout: 'table',
  title:
    'Предложения к плану совместной деятельности муниципалитетов в Межмуниципальных методических округах',
  titleAliases: ['Предложения к плану совместной деятельности муниципалитетов'],
  sheetName: 'Предложения',
  menuLabel: 'Предложения к плану ММО (Приложение №4)',
  source: 'Приложение №4, сборник РМЦ ЦНППМ ДИРО, 2022',
  header: [MMO_FIELD, ACADEMIC_YEAR_FIELD],
  // «Изменения» knows an event again by its title and period; a moved period is one change, not two.
  recordKey: { fields: ['title', 'period'], loose: ['title'] },
  columns: [
    MUNICIPALITY_FIELD,
    DIRECTION_FIELD,
    withLabel(EVENT_TITLE_FIELD, 'Предлагаемое мероприятие'),
    PARTICIPANTS_FIELD,
    PERIOD_FIELD,
    {
      key: 'responsible',
      label: 'Ответственный',
      type: 'text',
      width: 30,
      aliases: ['Ответственные', 'Ответственное лицо'],
      help: 'Кто от муниципалитета отвечает за мероприятие: должность, организация.',
    },
  ],
  instructions: [
    // The seed's lead-in (L1019–L1022) in one line: «Инструкция» numbers lines itself.
    'Совместная деятельность в ММО может строиться через различные формы взаимодействия: по вопросам повышения качества управления образовательной организацией; по вопросам повышения результативности методической работы в школе; по вопросам повышения качества образования.',
    'Одна строка — одно предлагаемое мероприятие; муниципалитет — тот, кто предлагает.',
    '«Направление совместной деятельности»: выберите из списка Приложения №4 или впишите своё.',
    'РМЦ видит предложения всех муниципалитетов округа на листе «Предложения» сводной таблицы, рядом со «Сводным планом».',
    'Проверьте лист (меню «ММО» → «Проверить лист») и отправьте его в РМЦ.',
  ],
  regional: [{ kind: 'records', sheet: 'Предложения' }],
} as const satisfies TableTemplate;
