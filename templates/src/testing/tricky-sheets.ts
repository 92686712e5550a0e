/**
 * Sheets shaped the way people really send questionnaires, built from the definitions: the seed's own
 * layout (four answer columns, a mark in one) and Google / Яндекс form exports. One table for the
 * add-on's «Проверить лист» and for the consolidator, so a test proves both classify them the same.
 * Cells are as Google Sheets' getValues gives them: a merged range's value in its top-left cell only,
 * the ranges listed in `merges` (the .xlsx builder merges them, and the .xlsx reader fills them).
 * Fictional people and organisations only.
 */
import {
  RESPONSE_TIME_LABELS,
  type CellValue,
  type FieldDef,
  type ItemDef,
  type ItemsTemplate,
} from '@mmo/shared';
import { MUNICIPALITY_FIELD, ORGANISATION_FIELD, MMO_FIELD } from '../definitions/common-fields.js';
import { CONCLUSIONS_ITEM, DIFFICULTY_FIELD, POSITION_FIELD } from '../definitions/questionnaire-answers.js';
import { QUESTIONNAIRE_DOD } from '../definitions/questionnaire-dod.js';
import { QUESTIONNAIRE_DOO } from '../definitions/questionnaire-doo.js';
import { QUESTIONNAIRE_OO } from '../definitions/questionnaire-oo.js';

/** [first row, first column, last row, last column], 1-based. */
export type Merge = readonly [number, number, number, number];

export interface TrickySheet {
  /** What the sheet shows, for test names. */
  readonly what: string;
  readonly tab: string;
  /** The ММО of the spreadsheet (add-on settings) or of the file (its name): the sheets do not say. */
  readonly mmo: number;
  readonly rows: readonly (readonly CellValue[])[];
  readonly merges: readonly Merge[];
  readonly expected: {
    /** The template both must recognise, or null: «не похож ни на одну форму». */
    readonly templateId: string | null;
    /** Questionnaires the sheet holds: 1 for a filled form, one per respondent of an export. */
    readonly questionnaires: number;
    /** Answers on the four-point scale the summary must count. */
    readonly answers: number;
    /** Of those, «Да…» and «Скорее да…» («Нужна помощь» in «Затруднения»). */
    readonly needHelp: number;
    /** Warnings both must give (a part of the message). */
    readonly warnings: readonly string[];
  };
}

const SCALE = DIFFICULTY_FIELD.choices;
const answerable = (t: ItemsTemplate): ItemDef[] =>
  t.items.filter((i) => !i.isGroup && i !== CONCLUSIONS_ITEM);

/** Marks by item index among the answerable items: the answer index (0–3), or several for a slip. */
type Marks = ReadonlyMap<number, number | readonly number[]>;

interface SeedOptions {
  readonly organisation: string;
  readonly mark: (n: number) => CellValue;
  /** The seed's two-row head («Затруднения» over four answers), else one flat row of the four answers. */
  readonly twoRowHead?: boolean;
  /** The title's blank on a line of its own under the title, instead of after it. */
  readonly blankBelow?: boolean;
  readonly conclusions?: string;
}

/** The questionnaire as the seed prints it: title with its blank, «Показатели | Затруднения», four columns. */
export function seedLayoutSheet(
  t: ItemsTemplate,
  marks: Marks,
  o: SeedOptions,
): { rows: CellValue[][]; merges: Merge[] } {
  const rows: CellValue[][] = [];
  const merges: Merge[] = [];
  const width = 1 + SCALE.length;
  const full = (row: number) => merges.push([row, 1, row, width]);
  if (o.blankBelow) {
    rows.push([`Опросный лист\nпо выявлению ${t.title.replace(/^Опросный лист по выявлению /, '')}`]);
    full(rows.length);
    rows.push([o.organisation]);
    full(rows.length);
  } else {
    rows.push([`${t.title} ${o.organisation}`]);
    full(rows.length);
  }
  rows.push([]);
  if (o.twoRowHead ?? true) {
    rows.push([t.itemLabel, DIFFICULTY_FIELD.label]);
    merges.push([rows.length, 2, rows.length, width], [rows.length, 1, rows.length + 1, 1]);
    rows.push([null, ...SCALE]);
  } else {
    rows.push([t.itemLabel, ...SCALE]);
  }
  let n = 0;
  for (const item of t.items) {
    if (item === CONCLUSIONS_ITEM) continue;
    if (item.isGroup) {
      rows.push([item.text]);
      full(rows.length);
      continue;
    }
    const m = marks.get(n);
    const cells: CellValue[] = SCALE.map(() => null);
    for (const a of m === undefined ? [] : typeof m === 'number' ? [m] : m) cells[a] = o.mark(n);
    rows.push([item.text, ...cells]);
    n++;
  }
  rows.push([CONCLUSIONS_ITEM.text]);
  if (o.conclusions) rows.push([o.conclusions]);
  return { rows, merges };
}

interface Respondent {
  readonly municipality: string;
  readonly organisation: string;
  readonly position: string;
  readonly mmo?: string;
  /** Answer index (0–3) by answerable item index. */
  readonly answers: ReadonlyMap<number, number>;
}

/** The group heading above each item, as a grid question names it. */
function groupOf(t: ItemsTemplate): Map<ItemDef, string> {
  const groups = new Map<ItemDef, string>();
  let group = '';
  for (const i of t.items) {
    if (i.isGroup) group = i.text;
    else groups.set(i, group);
  }
  return groups;
}

/**
 * A form export: Google Forms names a grid question's rows «Группа [пункт]»; Яндекс Формы (as set up
 * in some ММО) one question per item with its bare text and «Время создания» first.
 */
export function formExportSheet(
  t: ItemsTemplate,
  people: readonly Respondent[],
  o: { readonly style: 'google' | 'yandex'; readonly withMmo?: boolean },
): CellValue[][] {
  const items = answerable(t);
  const groups = groupOf(t);
  const headerFields: FieldDef[] = [
    ...(o.withMmo ? [MMO_FIELD] : []),
    MUNICIPALITY_FIELD,
    ORGANISATION_FIELD,
    POSITION_FIELD,
  ];
  const head: CellValue[] = [
    o.style === 'google' ? RESPONSE_TIME_LABELS[0] : RESPONSE_TIME_LABELS[2],
    ...headerFields.map((f) => f.label),
    ...items.map((i) =>
      o.style === 'google' ? `${groups.get(i)} [${i.text}]` : i.text.replace(/^(\d+\.|-)\s*/, ''),
    ),
    // Google adds what the form's settings collect; anonymous forms still get a comment box.
    CONCLUSIONS_ITEM.text.replace(/:$/, ''),
  ];
  const rows: CellValue[][] = [head];
  people.forEach((p, k) => {
    const time = `0${k + 1}.12.2026 1${k}:00:00`;
    const header: Record<string, CellValue> = {
      mmo: p.mmo ?? null,
      municipality: p.municipality,
      organisation: p.organisation,
      position: p.position,
    };
    rows.push([
      time,
      ...headerFields.map((f) => header[f.key]),
      ...items.map((_, n) => {
        const a = p.answers.get(n);
        return a === undefined ? null : SCALE[a];
      }),
      k === 0 ? 'Хотелось бы семинар по ДОТ' : null,
    ]);
  });
  return rows;
}

const count = (people: readonly Respondent[], test: (a: number) => boolean) =>
  people.reduce((n, p) => n + [...p.answers.values()].filter(test).length, 0);

const GOOGLE_PEOPLE: readonly Respondent[] = [
  {
    municipality: 'Ботлихский район',
    organisation: 'МКУ ДО «Дом творчества Тестовый»',
    position: 'педагог дополнительного образования',
    answers: new Map([
      [0, 3],
      [1, 2],
      [5, 0],
    ]),
  },
  {
    municipality: 'Ботлихский район',
    organisation: 'МКУ ДО «Станция юных техников Пробная»',
    position: 'методист',
    answers: new Map([
      [0, 2],
      [2, 1],
      [3, 3],
      [4, 3],
    ]),
  },
  {
    municipality: 'Ахвахский район',
    organisation: 'МКУ ДО «ДЮСШ Условная»',
    position: 'тренер-преподаватель',
    answers: new Map([[0, 1]]),
  },
];
const YANDEX_PEOPLE: readonly Respondent[] = [
  {
    municipality: 'Гунибский район',
    organisation: 'МКДОУ «Детский сад «Примерный»»',
    position: 'воспитатель',
    mmo: '№4',
    answers: new Map([
      [0, 3],
      [1, 3],
      [7, 2],
    ]),
  },
  {
    municipality: 'Гунибский район',
    organisation: 'МКДОУ «Детский сад «Вымышленный»»',
    position: 'старший воспитатель',
    mmo: '№4',
    answers: new Map([
      [0, 0],
      [1, 1],
    ]),
  },
];

const SEED_MARKS: Marks = new Map<number, number | readonly number[]>([
  [0, 3],
  [1, 2],
  [2, 1],
  [3, 0],
  [4, 3],
  [5, 2],
  [6, [1, 3]],
]);
/** «X», «+», «✓», «v», «1», «да» — one each, then «х» (Cyrillic) on the slip row. */
const MARK_KINDS: readonly CellValue[] = ['X', '+', '✓', 'v', 1, 'да', 'х'];

const seedDoo = seedLayoutSheet(QUESTIONNAIRE_DOO, SEED_MARKS, {
  organisation: 'МКДОУ «Детский сад «Тестовый»»',
  mark: (n) => MARK_KINDS[n % MARK_KINDS.length],
  conclusions: 'Нужна помощь по АООП',
});
const seedOo = seedLayoutSheet(
  QUESTIONNAIRE_OO,
  new Map([
    [0, 3],
    [2, 3],
    [4, 0],
  ]),
  {
    organisation: 'МКОУ «Пробная СОШ №1»',
    mark: () => 'V',
    twoRowHead: false,
    blankBelow: true,
  },
);

export const TRICKY_SHEETS: readonly TrickySheet[] = [
  {
    what: 'бланк ДОО: четыре столбца, отметки «X», «+», «✓», «v», «1», «да», две отметки в одной строке',
    tab: 'Лист1',
    mmo: 4,
    ...seedDoo,
    expected: {
      templateId: QUESTIONNAIRE_DOO.id,
      questionnaires: 1,
      answers: 6,
      needHelp: 4,
      warnings: ['отмечено несколько ответов'],
    },
  },
  {
    what: 'бланк ОО: одна строка заголовков из четырёх ответов, организация строкой ниже заголовка, отметки «V»',
    tab: 'Анкета',
    mmo: 4,
    ...seedOo,
    expected: { templateId: QUESTIONNAIRE_OO.id, questionnaires: 1, answers: 3, needHelp: 2, warnings: [] },
  },
  {
    what: 'ответы Google Формы ДОД: вопрос-сетка «Раздел [пункт]»',
    tab: 'Ответы на форму (1)',
    mmo: 1,
    rows: formExportSheet(QUESTIONNAIRE_DOD, GOOGLE_PEOPLE, { style: 'google' }),
    merges: [],
    expected: {
      templateId: QUESTIONNAIRE_DOD.id,
      questionnaires: GOOGLE_PEOPLE.length,
      answers: count(GOOGLE_PEOPLE, () => true),
      needHelp: count(GOOGLE_PEOPLE, (a) => a >= 2),
      warnings: [],
    },
  },
  {
    what: 'ответы Яндекс Формы ДОО: «Время создания», пункты без номеров, столбец ММО',
    tab: 'Ответы',
    mmo: 4,
    rows: formExportSheet(QUESTIONNAIRE_DOO, YANDEX_PEOPLE, { style: 'yandex', withMmo: true }),
    merges: [],
    expected: {
      templateId: QUESTIONNAIRE_DOO.id,
      questionnaires: YANDEX_PEOPLE.length,
      answers: count(YANDEX_PEOPLE, () => true),
      needHelp: count(YANDEX_PEOPLE, (a) => a >= 2),
      warnings: [],
    },
  },
  {
    what: 'выгрузка другой формы: «Отметка времени», но ни одного пункта анкеты',
    tab: 'Ответы на форму (2)',
    mmo: 4,
    rows: [
      [RESPONSE_TIME_LABELS[0], 'Ваш любимый цвет', 'Комментарий'],
      ['01.12.2026 10:00:00', 'синий', 'нет'],
    ],
    merges: [],
    expected: { templateId: null, questionnaires: 0, answers: 0, needHelp: 0, warnings: [] },
  },
];
export { demoFormAnswers, type DemoRandom } from './demo-form-answers.js';
