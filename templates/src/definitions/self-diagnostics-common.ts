/**
 * What the two «КОМПОНЕНТЫ САМОДИАГНОСТИКИ …» checklists share (seed 001 L1431–L1521). The seed gives
 * only the components, no answer columns; the three columns below turn each into a checklist row.
 */
import type { FieldDef, RegionalView } from '@mmo/shared';
import { COMMENT_FIELD } from './questionnaire-answers.js';

/** The seed's title; each checklist appends its level, worded as the indicator tables name levels. */
export const SELF_DIAGNOSTICS_TITLE =
  'КОМПОНЕНТЫ САМОДИАГНОСТИКИ ЭФФЕКТИВНОСТИ СИСТЕМЫ НАУЧНО-МЕТОДИЧЕСКОГО СОПРОВОЖДЕНИЯ ПЕДАГОГОВ И УПРАВЛЕНЧЕСКИХ КОМАНД ОБРАЗОВАТЕЛЬНЫХ ОРГАНИЗАЦИЙ РЕСПУБЛИКИ ДАГЕСТАН';

/** «Частично» because most components are systems built up over years, rarely all-or-nothing. */
export const PRESENCE_CHOICES = ['Да', 'Частично', 'Нет'] as const;

/** How else a component's presence is written in self-assessments. */
export const PRESENCE_SYNONYMS = {
  Да: ['есть', 'имеется', 'в наличии', 'наличие', '+'],
  Частично: ['отчасти', 'не полностью', 'частично да', 'в разработке', 'в стадии разработки', '+/-', '±'],
  Нет: ['отсутствует', 'отсутствие', 'не имеется', 'нет в наличии', '-'],
} as const satisfies Readonly<Record<(typeof PRESENCE_CHOICES)[number], readonly string[]>>;

/** Not required: a blank row is «not assessed yet», which the consolidator tells apart from «Нет». */
export const PRESENCE_FIELD = {
  key: 'presence',
  label: 'Наличие',
  type: 'choice',
  choices: PRESENCE_CHOICES,
  synonyms: PRESENCE_SYNONYMS,
  aliases: ['Наличие (да/частично/нет)', 'Есть ли'],
  help: 'Выберите из списка.',
  width: 14,
} as const satisfies FieldDef;

export const EVIDENCE_FIELD = {
  key: 'evidence',
  label: 'Подтверждающий документ',
  type: 'text',
  aliases: ['Подтверждающие документы', 'Документ', 'Подтверждение'],
  help: 'Название, номер и дата документа (приказ, положение, план) или ссылка на него.',
  width: 40,
} as const satisfies FieldDef;

export const SELF_DIAGNOSTICS_ANSWERS = [PRESENCE_FIELD, EVIDENCE_FIELD, COMMENT_FIELD] as const;

const quoted = (values: readonly string[]): string => values.map((v) => `«${v}»`).join(', ');

export const SELF_DIAGNOSTICS_INSTRUCTIONS: readonly string[] = [
  // The seed's preamble, verbatim (the second sentence has no full stop there).
  'Проводится не реже одного раза в год.',
  'По результатам самодиагностики проводится анализ, разрабатываются адресные рекомендации, принимаются управленческие решения',
  `Для каждого компонента выберите в столбце «${PRESENCE_FIELD.label}» одно из: ${quoted(PRESENCE_CHOICES)}.`,
  `В столбце «${EVIDENCE_FIELD.label}» укажите документ, который это подтверждает.`,
  'Компонент с двоеточием в конце оценивается в целом, а строки под ним — каждая отдельно.',
  'Проверьте лист (меню «ММО» → «Проверить лист»).',
];

/** The regional sheet of a checklist: the share of «Да» per component and ММО, of those who answered. */
export function presenceShare(sheet: string) {
  return {
    kind: 'itemShare',
    sheet,
    field: PRESENCE_FIELD.key,
    values: [PRESENCE_CHOICES[0]],
  } as const satisfies RegionalView;
}
