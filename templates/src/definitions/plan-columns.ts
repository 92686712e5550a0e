/** The event table of Приложение №1 and №2 (seed 000): the two plans share all but the last header. */
import type { FieldDef } from '@mmo/shared';
import { NUMBER_FIELD } from './common-fields.js';
import { PARTICIPANT_CATEGORIES } from './vocabulary.js';

export const EVENT_TITLE_FIELD = {
  key: 'title',
  label: 'Название мероприятия',
  type: 'text',
  required: true,
  width: 60,
  aliases: ['Наименование мероприятия', 'Мероприятие', 'Мероприятия'],
  help: 'Как в плане: вид и тема, например «Семинар-практикум «Формирование функциональной грамотности»».',
} as const satisfies FieldDef;

export const PARTICIPANTS_FIELD = {
  key: 'participants',
  label: 'Участники',
  type: 'multiChoice',
  required: true,
  allowOther: true,
  choices: PARTICIPANT_CATEGORIES,
  width: 36,
  aliases: ['Категория участников', 'Целевая аудитория'],
  help: 'Одна или несколько категорий через запятую, например: Методисты, руководители ОО.',
} as const satisfies FieldDef;

export const PERIOD_FIELD = {
  key: 'period',
  label: 'Сроки проведения',
  type: 'period',
  required: true,
  width: 22,
  aliases: ['Сроки', 'Срок проведения', 'Дата проведения', 'Сроки исполнения'],
  help: 'Месяц и год («Ноябрь, 2022»), несколько месяцев («Март-апрель, 2023»), «В течение года», «По отдельному плану» или дата.',
} as const satisfies FieldDef;

const PLACE_LABEL_MMO = 'Ответственный. Место проведения (район, ОО)';
const PLACE_LABEL_JOINT = 'Ответственный. Место проведения';
const PLACE_ALIASES = [
  'Ответственный, место проведения',
  'Ответственные',
  'Место проведения',
  'Ответственный',
];

export const PLACE_FIELD_MMO = {
  key: 'place',
  label: PLACE_LABEL_MMO,
  type: 'text',
  width: 34,
  aliases: [PLACE_LABEL_JOINT, ...PLACE_ALIASES],
  help: 'Кто отвечает и где проходит: район, ОО, «Очно/дистанционно».',
} as const satisfies FieldDef;

export const PLACE_FIELD_JOINT = {
  ...PLACE_FIELD_MMO,
  label: PLACE_LABEL_JOINT,
  aliases: [PLACE_LABEL_MMO, ...PLACE_ALIASES],
} as const satisfies FieldDef;

export const EVENT_COLUMNS_MMO = [
  NUMBER_FIELD,
  EVENT_TITLE_FIELD,
  PARTICIPANTS_FIELD,
  PERIOD_FIELD,
  PLACE_FIELD_MMO,
] as const;
export const EVENT_COLUMNS_JOINT = [
  NUMBER_FIELD,
  EVENT_TITLE_FIELD,
  PARTICIPANTS_FIELD,
  PERIOD_FIELD,
  PLACE_FIELD_JOINT,
] as const;
