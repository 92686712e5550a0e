/**
 * «Лист наблюдения урока/занятия, включающего задания, формирующие функциональную грамотность» —
 * seed 001 L1896–L2026 (reference §5.1). Criteria verbatim under their sections; the seed prints no
 * numbers, so «1.1»… are ours, to keep the twice-printed reflection criterion (5.3 and 6.4) apart.
 */
import type { FieldDef, ItemDef, ItemsTemplate } from '@mmo/shared';
import { MMO_FIELD, MUNICIPALITY_FIELD, ORGANISATION_FIELD, withLabel } from './common-fields.js';
import { COMMENT_FIELD, PROGRAMME_SOURCE } from './questionnaire-answers.js';

/** Sections 1–5 score 0, 1 or 2 («Разделы 1-5 оцениваются 0, 1, 2 балла»). */
export const SCORE_FIELD = {
  key: 'score',
  label: 'Балл',
  type: 'integer',
  min: 0,
  max: 2,
  aliases: ['Баллы'],
  help: '0, 1 или 2 балла. Пусто — критерий не наблюдался.',
  width: 10,
} as const satisfies FieldDef;

/** Section 6 scores 0 or 1 («Раздел 6 - 0,1 балл»): the same column with a smaller scale. */
export const SCORE_0_1_FIELD = {
  ...SCORE_FIELD,
  max: 1,
  help: '0 или 1 балл. Пусто — критерий не наблюдался.',
} as const satisfies FieldDef;

const NOTE_FIELD = withLabel(COMMENT_FIELD, 'Примечание');

const SECTION_6_ANSWERS = [SCORE_0_1_FIELD, NOTE_FIELD] as const;

/**
 * Printed maximum «Итого: максимально-43 балла» (L2026). The criteria add up to 44 (18 × 2 + 8 × 1):
 * the reflection criterion is printed in both section 5 (0–2) and section 6 (0–1), and the seed's
 * total seems to count it once. We keep both rows as printed and the document's 43 and bands, since
 * they are what observers were taught; a sheet may thus show 44 «из 43», which reads as «высокий».
 */
export const OBSERVATION_STATED_MAX = 43;

const section = (no: number, text: string): ItemDef => ({ id: `Раздел ${no}`, text, isGroup: true });

export const LESSON_OBSERVATION = {
  id: 'lesson-observation',
  layout: 'items',
  title: 'Лист наблюдения урока/занятия, включающего задания, формирующие функциональную грамотность',
  titleAliases: ['Лист наблюдения урока/занятия'],
  sheetName: 'Наблюдение урока',
  menuLabel: 'Лист наблюдения урока (функциональная грамотность)',
  source: PROGRAMME_SOURCE,
  header: [
    MMO_FIELD,
    MUNICIPALITY_FIELD,
    { ...ORGANISATION_FIELD, required: true },
    {
      key: 'observedOn',
      label: 'Дата наблюдения',
      type: 'date',
      required: true,
      aliases: ['Дата'],
      help: 'Например: 20.12.2022.',
    },
    { key: 'grade', label: 'Класс', type: 'text', aliases: ['Класс (группа)'], help: 'Например: 7 «Б».' },
    {
      key: 'subject',
      label: 'Предмет',
      type: 'text',
      aliases: ['Предмет (занятие)', 'Учебный предмет'],
      help: 'Например: математика.',
    },
  ],
  instructions: [
    // The seed's level bands, verbatim (L1899–L1900).
    'Уровень эффективности: низкий - менее 54% (23 балла), средний-55-79% (24-34 балла), Высокий - 80-100% (35-43 балла)',
    `Разделы 1–5: в столбце «${SCORE_FIELD.label}» поставьте 0, 1 или 2. Раздел 6: 0 или 1.`,
    'Строки с двоеточием в разделе 6 — заголовки, их не оценивают.',
    'Итого: максимально-43 балла. Сумма и уровень считаются в сводке РМЦ.',
    'Проверьте лист (меню «ММО» → «Проверить лист»).',
  ],
  numberLabel: '№',
  itemLabel: 'Критерии оценки. Разделы 1-5 оцениваются 0, 1, 2 балла. Раздел 6 - 0,1 балл',
  answers: [SCORE_FIELD, NOTE_FIELD],
  items: [
    section(1, 'Раздел 1. Целеполагание'),
    {
      id: '1.1',
      text: 'Цель урока обсуждается и формируется в диалоге с учениками (дети высказывают свои предположения, зачем может быть нужно то, что изучается на уроке)',
    },
    {
      id: '1.2',
      text: 'Задачи, которые решаются на уроке, диагностичны, измеряемы (есть критерии, понятные детям, которые могут быть использованы в процессе само- и взаимооценивания)',
    },
    { id: '1.3', text: 'Задания на развитие ФГ соответствуют целям и задачам урока' },
    section(2, 'Раздел 2. Информационное обеспечение'),
    {
      id: '2.1',
      text: 'Используются наряду с традиционными разнообразные справочные материалы (словари, энциклопедии, справочники, электронные учебные материалы и ресурсы Интернет)',
    },
    // Sic: the seed never closes the parenthesis.
    {
      id: '2.2',
      text: 'Используются материалы разных форматов (текст, таблицы, схемы, графика, видео, аудио',
    },
    { id: '2.3', text: 'Источником информации становятся личные наблюдения учеников, опыт, эксперимент' },
    {
      id: '2.4',
      text: 'Создаются учебные ситуации, в которых необходимо сравнивать, сопоставлять данные из разных источников',
    },
    { id: '2.5', text: 'Целесообразность использования ИКТ' },
    {
      id: '2.6',
      text: 'Работает с информацией, представленной в различных формах (текст, таблица, диаграмма, схема, чертеж) в контексте конкретной проблемы, свободно преобразовывает и переходит от одной формы к другой',
    },
    section(3, 'Раздел 3. Организация деятельности учеников'),
    {
      id: '3.1',
      text: 'Учитель дает возможность ученикам пробовать разные варианты (способы, алгоритмы) выполнения заданий, формирующих ФГ и обсуждает их эффективность',
    },
    {
      id: '3.2',
      text: 'Задания по ФГ вариативны, ученик имеет возможности выбора темпа, уровня сложности, способов деятельности',
    },
    { id: '3.3', text: 'Включение учебной задачи в урок целесообразно и обосновано' },
    {
      id: '3.4',
      text: 'Продемонстрированные приемы, способы работы с заданием по ФГ позволяют достичь планируемых результатов',
    },
    section(4, 'Раздел 4. Педагогические технологии'),
    {
      id: '4.1',
      text: 'На уроке используются активные технологии обучения (экспериментальные, исследовательские, игровые, проблемное обучение, работа в группах и парах и др.)',
    },
    {
      id: '4.2',
      text: 'Учитель дает задания, где на предметном содержании формируются метапредметные умения, компетенции',
    },
    section(5, 'Раздел 5. Оценка деятельности и рефлексия'),
    {
      id: '5.1',
      text: 'Учитель использует формирующее (критериальное) оценивание, критерии обсуждены с учениками и понятны им',
    },
    {
      id: '5.2',
      text: 'Учитель организует взаимоконтроль, самоконтроль учеников по установленным критериям',
    },
    {
      id: '5.3',
      text: 'Учитель организует качественную рефлексию учеников (достижение результата, сложность, полезность, взаимодействие и пр.)',
    },
    section(6, 'Раздел 6. Оценка деятельности по формированию функциональной грамотности (0,1 балл)'),
    // Lead-ins printed without answer cells: headings inside the section.
    { id: '6.а', text: 'Правильно подобрана (составлена) задача, формирующая ФГ:', isGroup: true },
    { id: '6.1', text: 'наличие ситуационно значимого контекста', answers: SECTION_6_ANSWERS },
    { id: '6.2', text: 'новизна формулировки задачи', answers: SECTION_6_ANSWERS },
    { id: '6.3', text: 'неопределенность способов решения', answers: SECTION_6_ANSWERS },
    {
      id: '6.4',
      text: 'Учитель организует качественную рефлексию учеников (достижение результата, сложность, полезность, взаимодействие и пр.)',
      answers: SECTION_6_ANSWERS,
    },
    {
      id: '6.б',
      text: 'Соблюдение последовательности формирования мыслительной деятельности:',
      isGroup: true,
    },
    { id: '6.5', text: 'выявление информации', answers: SECTION_6_ANSWERS },
    { id: '6.6', text: 'анализ информации в контексте', answers: SECTION_6_ANSWERS },
    { id: '6.7', text: 'применение знаний для решения задач', answers: SECTION_6_ANSWERS },
    { id: '6.8', text: 'оценка/интерпретация/ результата', answers: SECTION_6_ANSWERS },
  ],
  regional: [
    { kind: 'itemMean', sheet: 'Наблюдение уроков', field: SCORE_FIELD.key },
    {
      kind: 'sheetTotal',
      sheet: 'Наблюдение уроков — уровни',
      field: SCORE_FIELD.key,
      outOf: OBSERVATION_STATED_MAX,
      // The point bands of L1899–L1900; the percent bands leave 54–55 % and 79–80 % uncovered.
      bands: [{ label: 'низкий', upTo: 23 }, { label: 'средний', upTo: 34 }, { label: 'высокий' }],
    },
  ],
} as const satisfies ItemsTemplate;
