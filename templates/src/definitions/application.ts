/** Заявка на научно-методическое сопровождение — Приложение №3 of seed 000. One row = one trainee × one programme. */
import type { TableTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, NUMBER_FIELD } from './common-fields.js';
import { PERIOD_FIELD } from './plan-columns.js';

export const APPLICATION = {
  id: 'application',
  layout: 'table',
  title:
    'Заявка на научно-методическое сопровождение педагогических и руководящих работников в составе Межмуниципального методического округа по дополнительным профессиональным программам, реализуемым ЦНППМ ДИРО',
  titleAliases: ['ЗАЯВКА на научно-методическое сопровождение педагогических и руководящих работников'],
  sheetName: 'Заявка',
  listsRejectedRows: true,
  menuLabel: 'Заявка на обучение (Приложение №3)',
  source: 'Приложение №3, сборник РМЦ ЦНППМ ДИРО, 2022',
  // «Изменения» knows a заявка row again by programme and trainee, wherever the row moved.
  recordKey: { fields: ['programme', 'traineeName'] },
  expected: true,
  counted: { key: 'applications', unit: 'records', label: 'заявок' },
  deadline: '10-01',
  repeats: { person: 'traineeName', programme: 'programme', workplace: 'traineeWorkplace' },
  // GET /api/applications: a row's columns, and who answers for the заявка as `contact`.
  api: {
    path: 'applications',
    columns: ['programme', 'period', 'venue', 'traineeName', 'traineeWorkplace'],
    header: {
      key: 'contact',
      fields: {
        name: 'contactName',
        position: 'contactPosition',
        phone: 'contactPhone',
        email: 'contactEmail',
      },
    },
  },
  header: [
    MMO_FIELD,
    {
      key: 'contactName',
      label: 'Ответственный за взаимодействие с ММО',
      type: 'text',
      required: true,
      personal: true,
      help: 'Фамилия, имя, отчество ответственного.',
    },
    {
      key: 'contactPosition',
      label: 'Должность ответственного',
      type: 'text',
      help: 'Например: руководитель ММС.',
    },
    {
      key: 'contactPhone',
      label: 'Контактный телефон',
      type: 'phone',
      required: true,
      personal: true,
      help: 'Например: +7 928 123-45-67.',
    },
    {
      key: 'contactEmail',
      label: 'Электронный адрес',
      type: 'email',
      required: true,
      personal: true,
      help: 'Например: mms@mail.ru.',
    },
    { ...ACADEMIC_YEAR_FIELD, required: false },
  ],
  columns: [
    NUMBER_FIELD,
    {
      key: 'programme',
      label: 'Наименование программы обучения, вариативного модуля, семинара',
      type: 'text',
      required: true,
      width: 50,
      aliases: ['Наименование программы', 'Программа обучения', 'Программа'],
      help: 'Точное название программы ЦНППМ ДИРО — по нему заявки считаются по программам.',
    },
    { ...PERIOD_FIELD, required: false },
    {
      key: 'venue',
      label: 'Место проведения (при проведении курсов в муниципалитете, образовательной организации)',
      type: 'text',
      width: 30,
      aliases: ['Место проведения'],
    },
    {
      key: 'traineeName',
      label: 'Ф.И.О. направляемого на обучение',
      type: 'text',
      required: true,
      personal: true,
      width: 32,
      aliases: ['ФИО направляемого на обучение', 'ФИО', 'Ф.И.О.'],
    },
    {
      key: 'traineeWorkplace',
      label: 'Место работы направляемого на обучение',
      type: 'text',
      required: true,
      width: 36,
      aliases: ['Место работы'],
      help: 'Организация и муниципалитет, например: МКОУ «Гунибская СОШ», Гунибский район.',
    },
  ],
  // Every row sent, rejected ones marked; people per programme, a trainee sent twice counted once.
  regional: [
    { kind: 'checkedRecords', sheet: 'Заявки', omit: [NUMBER_FIELD.key] },
    {
      kind: 'countBy',
      sheet: 'Заявки по программам',
      field: 'programme',
      heading: 'Программа',
      distinct: { person: 'traineeName', workplace: 'traineeWorkplace' },
    },
  ],
  instructions: [
    'Одна строка — один педагог на одну программу. Если педагог идёт на две программы — две строки.',
    'Шапку (пункты 1–5) заполните один раз.',
    'Персональные данные (ФИО, телефон, e-mail) видят только РМЦ и ваш ММО.',
  ],
} as const satisfies TableTemplate;
