/**
 * What the three «Опросный лист по выявлению профессиональных затруднений …» variants (ДОО, ОО, ДОД)
 * share: the four-point answer scale, the answer columns, the header block, the «Выводы:» row and
 * the way item ids are derived from the printed numbering.
 */
import type { FieldDef, ItemDef, RegionalView } from '@mmo/shared';
import { MMO_FIELD, MUNICIPALITY_FIELD, ORGANISATION_FIELD } from './common-fields.js';

/**
 * The four answer columns of the seed's «Затруднения» area, verbatim and in the printed order:
 * from «no difficulty, can share» to «needs help», so the index is the difficulty score (0–3).
 */
export const DIFFICULTY_ANSWERS = [
  'Нет. Могу поделиться опытом',
  'Скорее нет, чем да',
  'Скорее да, чем нет',
  'Да. Хотелось бы получить помощь',
] as const;

export type DifficultyAnswer = (typeof DIFFICULTY_ANSWERS)[number];

/**
 * How teachers answer in their own words. «Да», «нет», «скорее да» need no entry: the first words of
 * an answer name it (see matchChoice); «скорее» alone fits two answers and stays an error.
 */
export const DIFFICULTY_SYNONYMS = {
  'Нет. Могу поделиться опытом': [
    'нет затруднений',
    'затруднений нет',
    'не испытываю',
    'не испытываю затруднений',
    'могу поделиться опытом',
    'могу поделиться',
  ],
  'Скорее нет, чем да': ['скорее не испытываю', 'больше нет, чем да'],
  'Скорее да, чем нет': ['скорее испытываю', 'больше да, чем нет'],
  'Да. Хотелось бы получить помощь': [
    'нужна помощь',
    'требуется помощь',
    'хотелось бы получить помощь',
    'испытываю',
    'испытываю затруднения',
    'есть затруднения',
  ],
} as const satisfies Readonly<Record<DifficultyAnswer, readonly string[]>>;

/**
 * The seed ticks one of four columns; a sheet holds one dropdown column instead, so a row can never
 * carry two marks. Not required: a teacher may skip an item that does not concern them, and the
 * consolidator counts answered rows only — a blank is neither an error nor a warning.
 */
export const DIFFICULTY_FIELD = {
  key: 'answer',
  label: 'Затруднения',
  type: 'choice',
  choices: DIFFICULTY_ANSWERS,
  synonyms: DIFFICULTY_SYNONYMS,
  aliases: ['Ответ', 'Затруднение'],
  help: 'Выберите один ответ из списка.',
  width: 34,
} as const satisfies FieldDef;

/** Free text on every row: what exactly is hard, or what experience the teacher can share. */
export const COMMENT_FIELD = {
  key: 'comment',
  label: 'Комментарий',
  type: 'text',
  aliases: ['Комментарии', 'Примечание'],
  help: 'По желанию.',
  width: 40,
} as const satisfies FieldDef;

/**
 * «Выводы:» is free text printed after the table. It is kept as the last item row whose only open
 * cell is «Комментарий», not as a header field: the header block sits above the table, and a row
 * travels with the answers through the same reader with no extra column. Its id is not a number,
 * so it never collides with the printed numbering and is easy to skip when answers are counted.
 */
export const CONCLUSIONS_ITEM = {
  id: 'conclusions',
  number: '',
  text: 'Выводы:',
  answers: [COMMENT_FIELD],
} as const satisfies ItemDef;

export const POSITION_FIELD = {
  key: 'position',
  label: 'Должность',
  type: 'text',
  aliases: ['Должность педагога', 'Занимаемая должность'],
  help: 'Например: воспитатель, учитель математики, педагог дополнительного образования.',
  width: 40,
} as const satisfies FieldDef;

/** No ФИО on purpose: the questionnaire is anonymous, so teachers answer honestly. */
export const QUESTIONNAIRE_HEADER = [
  MMO_FIELD,
  MUNICIPALITY_FIELD,
  ORGANISATION_FIELD,
  POSITION_FIELD,
] as const;

/** Block headings of all three variants, verbatim. */
export const DIFFICULTY_GROUPS = {
  general: 'Общепедагогические затруднения',
  methodical: 'Методические затруднения',
  psychological: 'Психолого-педагогические затруднения',
  information: 'Информационные затруднения',
  communication: 'Коммуникативные затруднения',
} as const;

/** A block of the seed table: its heading and its rows exactly as printed («1. …:», «- …»). */
export type QuestionnaireGroup = readonly [title: string, rows: readonly string[]];

/**
 * Item rows with ids derived from the printed numbering. The seed restarts numbering in every block
 * and leaves «- …» sub-items unnumbered, so ids carry the block: «2.3» is block 2 item 3, «1.1.2»
 * the second «-» under block 1 item 1, and the blocks themselves are «g1»…«g5». Deriving them keeps
 * the definitions a plain copy of the seed and the ids unique by construction.
 */
export function questionnaireItems(groups: readonly QuestionnaireGroup[]): readonly ItemDef[] {
  const items: ItemDef[] = [];
  groups.forEach(([title, rows], g) => {
    const block = g + 1;
    items.push({ id: `g${block}`, text: title, isGroup: true });
    let num: string | null = null;
    let sub = 0;
    for (const text of rows) {
      const numbered = /^(\d+)\.\s/.exec(text);
      if (numbered) {
        num = numbered[1];
        sub = 0;
        items.push({ id: `${block}.${num}`, text });
      } else if (text.startsWith('- ') && num !== null) {
        sub += 1;
        items.push({ id: `${block}.${num}.${sub}`, text });
      } else {
        throw new Error(`questionnaire row is neither «N. …» nor «- …» under a numbered row: ${text}`);
      }
    }
  });
  items.push(CONCLUSIONS_ITEM);
  return items;
}

const quoted = (values: readonly string[]): string => values.map((v) => `«${v}»`).join(', ');

export const QUESTIONNAIRE_INSTRUCTIONS: readonly string[] = [
  `Опросный лист анонимный: фамилию и имя не указывайте — достаточно поля «${POSITION_FIELD.label}» и организации.`,
  `В каждой строке выберите в столбце «${DIFFICULTY_FIELD.label}» один ответ: ${quoted(DIFFICULTY_ANSWERS)}.`,
  'Пункты с двоеточием в конце тоже оцениваются — в целом; их подпункты «- …» — каждый отдельно.',
  'Если пункт к вам не относится, оставьте строку пустой: незаполненные строки не считаются.',
  `«${COMMENT_FIELD.label}» — по желанию: в чём именно затруднение или каким опытом можете поделиться.`,
  `Выводы запишите в последней строке «${CONCLUSIONS_ITEM.text}», в столбце «${COMMENT_FIELD.label}».`,
  'Проверьте лист (меню «ММО» → «Проверить лист»).',
];

/** Seed 001: the model «Возобновляемое образование»; the self-diagnostics checklists come from it too. */
export const PROGRAMME_SOURCE = 'Программа «Возобновляемое образование», 2022';

/**
 * «Затруднения» of the regional workbook: what teachers need help with, most needed first. The three
 * variants share the sheet; help is needed when the answer is «Скорее да, чем нет» or «Да. Хотелось
 * бы получить помощь».
 */
export const DIFFICULTIES_VIEW = {
  kind: 'rankedShare',
  sheet: 'Затруднения',
  field: DIFFICULTY_FIELD.key,
  values: DIFFICULTY_ANSWERS.slice(2),
  itemHeading: 'Затруднение',
  valuesHeading: 'Нужна помощь («Да» и «Скорее да»)',
} as const satisfies RegionalView;

/** What the three questionnaire variants share: everything but their title and their rows. */
export const QUESTIONNAIRE_FORM = {
  layout: 'items',
  source: PROGRAMME_SOURCE,
  header: QUESTIONNAIRE_HEADER,
  instructions: QUESTIONNAIRE_INSTRUCTIONS,
  numberLabel: '№',
  itemLabel: 'Показатели',
  answers: [DIFFICULTY_FIELD, COMMENT_FIELD],
  // The seed prints the four answers as columns under «Затруднения» and a blank after the title for the organisation.
  printed: { markField: DIFFICULTY_FIELD.key, titleBlank: ORGANISATION_FIELD.key },
  regional: [DIFFICULTIES_VIEW],
  // One teacher's answers a sheet: the report counts sheets, the three questionnaires together.
  counted: { key: 'questionnaires', unit: 'sheets', label: 'анкет' },
} as const;
