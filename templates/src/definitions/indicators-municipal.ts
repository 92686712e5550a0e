/** Показатели эффективности научно-методической работы, муниципальный уровень — one sheet per municipality. */
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, MUNICIPALITY_FIELD } from './common-fields.js';
import { MUNICIPAL_INDICATORS } from './indicators-data.js';
import { indicatorTemplate } from './indicators-template.js';

export const INDICATORS_MUNICIPAL = indicatorTemplate(MUNICIPAL_INDICATORS, {
  id: 'indicators-municipal',
  sheetName: 'Показатели (муниципалитет)',
  menuLabel: 'Показатели эффективности (муниципальный уровень)',
  header: [MMO_FIELD, MUNICIPALITY_FIELD, ACADEMIC_YEAR_FIELD],
});
