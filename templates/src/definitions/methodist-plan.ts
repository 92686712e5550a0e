/**
 * ИНДИВИДУАЛЬНЫЙ ПЛАН МЕТОДИСТА — seed 001 L1658–L1895 (reference §3). The methodist lists activities
 * under section headings; a heading is a row with only its title (and perhaps «I», «II» in «№ п/п»).
 */
import type { FieldDef, TableTemplate } from '@mmo/shared';
import {
  ACADEMIC_YEAR_FIELD,
  MMO_FIELD,
  MUNICIPALITY_FIELD,
  NUMBER_FIELD,
  withLabel,
} from './common-fields.js';
import { EVENT_TITLE_FIELD, PERIOD_FIELD } from './plan-columns.js';

/** The blank after the title (L1663) is the methodist's name: who the plan belongs to. */
export const METHODIST_FIELD = {
  key: 'methodist',
  label: 'ФИО методиста',
  type: 'text',
  required: true,
  personal: true,
  aliases: ['Методист', 'Ф.И.О. методиста'],
  help: 'Фамилия, имя, отчество методиста, чей это план.',
} as const satisfies FieldDef;

export const COMPLETION_FIELD = {
  key: 'completion',
  label: 'Отметка о выполнении /причина невыполнения',
  type: 'text',
  width: 36,
  aliases: ['Отметка о выполнении / причина невыполнения', 'Отметка о выполнении', 'Причина невыполнения'],
  help: 'По ходу года: «Выполнено» (можно с датой) или почему не выполнено.',
} as const satisfies FieldDef;

// The seed prints the shared fields under names they already read as aliases: «№ п/п», «Наименование мероприятия».
const TITLE_FIELD = withLabel(EVENT_TITLE_FIELD, EVENT_TITLE_FIELD.aliases[0]);

export const METHODIST_PLAN = {
  id: 'methodist-plan',
  layout: 'table',
  title: 'ИНДИВИДУАЛЬНЫЙ ПЛАН МЕТОДИСТА',
  sheetName: 'План методиста',
  menuLabel: 'Индивидуальный план методиста',
  source: 'Программа «Возобновляемое образование», 2022: индивидуальный план методиста',
  header: [MMO_FIELD, MUNICIPALITY_FIELD, METHODIST_FIELD, ACADEMIC_YEAR_FIELD],
  // «Изменения» knows an event again by its title and period; a moved period is one change, not two.
  recordKey: { fields: ['title', 'period'], loose: ['title'] },
  deadline: '09-25',
  columns: [
    withLabel(NUMBER_FIELD, NUMBER_FIELD.aliases[0]),
    TITLE_FIELD,
    // A term, not a day: the seed writes «Август-сентябрь», «В течение года», «Согласно плану ПК».
    withLabel(PERIOD_FIELD, 'Дата выполнения'),
    COMPLETION_FIELD,
  ],
  sectionField: TITLE_FIELD.key,
  instructions: [
    'Одна строка — одно мероприятие плана; «Дата выполнения» — месяц, период («Август-сентябрь»), «В течение года» или «Постоянно».',
    'Разделы плана («I. Организационно-планируемая деятельность») пишите отдельной строкой: только название раздела и, если хотите, его номер («I») — дата для раздела не нужна.',
    '«Отметка о выполнении /причина невыполнения» заполняется в течение года.',
    'ФИО методиста видят только РМЦ и ваш ММО.',
    'Проверьте лист (меню «ММО» → «Проверить лист») и отправьте его в РМЦ.',
  ],
  regional: [{ kind: 'records', sheet: 'Планы методистов' }],
} as const satisfies TableTemplate;
