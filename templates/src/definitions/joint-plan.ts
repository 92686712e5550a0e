/** План совместной деятельности ММО и РМЦ — Приложение №2 of seed 000. */
import type { TableTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD } from './common-fields.js';
import { EVENT_COLUMNS_JOINT } from './plan-columns.js';

export const JOINT_PLAN = {
  id: 'joint-plan',
  layout: 'table',
  title:
    'ПЛАН совместной деятельности Межмуниципальных методических округов и Регионального методического центра ДИРО',
  sheetName: 'План с РМЦ',
  menuLabel: 'План совместной деятельности с РМЦ (Приложение №2)',
  source: 'Приложение №2, сборник РМЦ ЦНППМ ДИРО, 2022',
  header: [ACADEMIC_YEAR_FIELD],
  // «Изменения» knows an event again by its title and period; a moved period is one change, not two.
  recordKey: { fields: ['title', 'period'], loose: ['title'] },
  // РМЦ's own plan: no ММО sends it, /api/plan shows it to every ММО.
  plan: 'joint',
  counted: { key: 'jointEvents', unit: 'records', label: 'совместных с РМЦ' },
  columns: EVENT_COLUMNS_JOINT,
  // РМЦ keeps one joint plan: the source names it, a «Лист» column would say nothing more.
  regional: [{ kind: 'records', sheet: 'План с РМЦ', sheetColumn: false }],
  instructions: [
    'Одна строка — одно совместное мероприятие ММО и РМЦ.',
    '«Сроки проведения»: месяц и год, период, «В течение года» или «По отдельному плану в течение учебного года».',
  ],
} as const satisfies TableTemplate;
