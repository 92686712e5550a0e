/**
 * Which input a criterion needs in a sheet: the answer column type and a Russian help text that tells
 * the user what to enter, derived from the criterion's scoring rule. The result is a partial
 * {@link FieldDef}: a template adds key and label. What the field reads is what `scoreCriterion` scores.
 */
import type { FieldDef } from '../template/model.js';
import type { ScoringRule } from './rules.js';

/** The rule-dependent part of an answer column. */
export type AnswerField = Pick<FieldDef, 'type'> &
  Pick<FieldDef, 'choices' | 'min' | 'max'> & { readonly help: string };

/** «0,5», «10»: numbers as Russian users write them. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100).replace('.', ',');
}

/** «1 балл», «3 балла», «5 баллов», «0,5 балла», «11 баллов», «21 балл». */
export function pointsText(n: number): string {
  let word: string;
  if (!Number.isInteger(n)) word = 'балла';
  else {
    const mod100 = Math.abs(n) % 100;
    const mod10 = mod100 % 10;
    if (mod100 >= 11 && mod100 <= 14) word = 'баллов';
    else if (mod10 === 1) word = 'балл';
    else if (mod10 >= 2 && mod10 <= 4) word = 'балла';
    else word = 'баллов';
  }
  return `${num(n)} ${word}`;
}

/** «2022 — 10 %, 2023 — 20 %» (years in order). */
function minimaText(minByYear: Readonly<Record<string, number | boolean>>, suffix: string): string {
  return Object.keys(minByYear)
    .sort()
    .map((year) => {
      const min = minByYear[year];
      return `${year} — ${typeof min === 'boolean' ? (min ? 'да' : 'нет') : `${num(min)}${suffix}`}`;
    })
    .join(', ');
}

/** First word of a grade label in the form people write counts: «высшего уровня» → «высшего». */
function gradeWord(grade: string): string {
  return grade.trim().split(/\s+/)[0] ?? grade;
}

export function answerFieldFor(rule: ScoringRule): AnswerField {
  switch (rule.kind) {
    case 'presence':
      return {
        type: 'yesNo',
        help: `Да — есть (документ, работа, мероприятия): ${pointsText(rule.points)}; Нет — нет`,
      };
    case 'per_item': {
      const what = rule.itemUnit
        ? `Число, 0 — если нет (считается: ${rule.itemUnit})`
        : 'Число документов, 0 — если нет';
      const cap = rule.capItems === null ? '' : `, засчитывается не более ${rule.capItems}`;
      return {
        type: 'integer',
        min: 0,
        help: `${what}. За единицу — ${pointsText(rule.pointsPerItem)}${cap}`,
      };
    }
    case 'presence_components': {
      const labels = Object.keys(rule.components);
      const list = labels.map((l) => `${l} — ${pointsText(rule.components[l])}`).join(', ');
      const how = rule.aggregation === 'sum' ? 'баллы складываются' : 'засчитывается наибольший балл';
      return { type: 'multiChoice', choices: labels, help: `Отметьте всё, что есть: ${list}; ${how}` };
    }
    case 'share_tiers':
      return {
        type: 'percent',
        min: 0,
        max: 100,
        help: rule.metric ? `Доля в процентах, 0–100: ${rule.metric}` : 'Доля в процентах, 0–100',
      };
    case 'per_item_by_grade': {
      const examples = Object.keys(rule.grades).map((g, i) => `${gradeWord(g)} – ${i === 0 ? 2 : 1}`);
      return { type: 'text', help: `Укажите количество по уровням, например: ${examples.join(', ')}` };
    }
    case 'kpi_target':
      if (rule.unit === 'bool')
        return { type: 'yesNo', help: `Да — показатель достигнут (${pointsText(rule.points)}), Нет — нет` };
      if (rule.unit === 'percent')
        return {
          type: 'percent',
          min: 0,
          max: 100,
          help: `Доля в процентах, 0–100. Минимум в год: ${minimaText(rule.minByYear, ' %')}`,
        };
      return {
        type: 'integer',
        min: 0,
        help: `Число, 0 — если нет. Минимум в год: ${minimaText(rule.minByYear, '')}`,
      };
    default:
      return { type: 'text', help: 'Введите значение' };
  }
}
