/** План работы муниципалитетов в составе ММО — Приложение №1 of seed 000. */
import type { TableTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD } from './common-fields.js';
import { EVENT_COLUMNS_MMO, PERIOD_FIELD, PLACE_FIELD_JOINT } from './plan-columns.js';

export const MMO_PLAN = {
  id: 'mmo-plan',
  layout: 'table',
  title: 'ПЛАН работы муниципалитетов в составе Межмуниципального методического округа',
  titleAliases: [
    'ПЛАНЫ работы муниципалитетов в составе Межмуниципального методического округа',
    'План совместной деятельности ММО',
  ],
  sheetName: 'План ММО',
  menuLabel: 'План ММО (Приложение №1)',
  source: 'Приложение №1, сборник РМЦ ЦНППМ ДИРО, 2022',
  header: [MMO_FIELD, ACADEMIC_YEAR_FIELD],
  // «Изменения» knows an event again by its title and period; a moved period is one change, not two.
  recordKey: { fields: ['title', 'period'], loose: ['title'] },
  plan: 'mmo',
  expected: true,
  counted: { key: 'planEvents', unit: 'records', label: 'мероприятий ММО' },
  deadline: '09-15',
  columns: EVENT_COLUMNS_MMO,
  // «Сводный план» heads the place column as «План с РМЦ» does, so РМЦ reads both listings alike.
  // The calendar counts the ММО plans' events per month; the joint plan is listed, not counted.
  regional: [
    { kind: 'records', sheet: 'Сводный план', labels: { place: PLACE_FIELD_JOINT.label } },
    { kind: 'calendar', sheet: 'Календарь', field: PERIOD_FIELD.key },
  ],
  instructions: [
    'Одна строка — одно мероприятие плана округа.',
    '«Участники»: выберите категорию из списка или впишите несколько через запятую.',
    '«Сроки проведения»: месяц и год («Ноябрь, 2022»), период («Март-апрель, 2023»), «В течение года» или «По отдельному плану».',
    'Пустые строки можно оставлять — они не считаются.',
    'Проверьте лист (меню «ММО» → «Проверить лист») и отправьте его в РМЦ.',
  ],
} as const satisfies TableTemplate;
