/**
 * The demo's Google Forms answers tab: school teachers (ОО) of one ММО answering the questionnaire
 * on their difficulties, as Google Forms fills «Ответы на форму (1)». Assembled here, beside the
 * definitions, because which questionnaire a school's form export is belongs to the forms, not to
 * the service that seeds the demo. Fictional schools only.
 */
import type { CellValue, District } from '@mmo/shared';
import { QUESTIONNAIRE_OO } from '../definitions/questionnaire-oo.js';
import { formExportSheet } from './tricky-sheets.js';

/** The demo's seeded random numbers (the caller's, so the demo stays one sequence). */
export interface DemoRandom {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
}

const POSITIONS = [
  'учитель',
  'учитель начальных классов',
  'заместитель директора по УВР',
  'педагог-психолог',
] as const;

/** The tab's rows, header first: `respondents` teachers of the ММО's municipalities. */
export function demoFormAnswers(rng: DemoRandom, district: District, respondents: number): CellValue[][] {
  const places = district.municipalities.filter((m) => m.isMunicipality);
  const people = Array.from({ length: respondents }, (_, k) => ({
    municipality: rng.pick(places).displayName,
    organisation: `МКОУ «Примерная СОШ №${k + 1}»`,
    position: rng.pick(POSITIONS),
    // Every item answered by most teachers; «Да. Хотелось бы получить помощь» (3) where help is asked.
    answers: new Map(
      QUESTIONNAIRE_OO.items.flatMap((_, n) => (rng.next() < 0.85 ? [[n, rng.int(0, 3)] as const] : [])),
    ),
  }));
  return formExportSheet(QUESTIONNAIRE_OO, people, { style: 'google' });
}
