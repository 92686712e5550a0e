/**
 * Самодиагностика «Региональный уровень» — seed 001 L1523–L1547 (reference §2.3). РМЦ fills it about the
 * region itself, so it belongs to no ММО: the header is the year alone.
 */
import type { ItemsTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD } from './common-fields.js';
import { PROGRAMME_SOURCE } from './questionnaire-answers.js';
import {
  presenceShare,
  SELF_DIAGNOSTICS_ANSWERS,
  SELF_DIAGNOSTICS_INSTRUCTIONS,
  SELF_DIAGNOSTICS_TITLE,
} from './self-diagnostics-common.js';

export const SELF_DIAGNOSTICS_REGIONAL = {
  id: 'self-diagnostics-regional',
  layout: 'items',
  title: `${SELF_DIAGNOSTICS_TITLE} — региональный уровень`,
  sheetName: 'Самодиагностика региона',
  menuLabel: 'Самодиагностика: региональный уровень',
  source: PROGRAMME_SOURCE,
  header: [ACADEMIC_YEAR_FIELD],
  instructions: SELF_DIAGNOSTICS_INSTRUCTIONS,
  numberLabel: '№',
  itemLabel: 'Компоненты самодиагностики',
  answers: SELF_DIAGNOSTICS_ANSWERS,
  items: [
    {
      id: '1',
      text: 'Доля педагогических работников и управленческих кадров, прошедших диагностику профессиональных дефицитов в ЦНППМПР',
    },
    {
      id: '2',
      text: 'Доля педагогических работников и управленческих кадров, для которых разработаны индивидуальные образовательные маршруты на основе результатов диагностики профессиональных дефицитов в ЦНППМПР',
    },
    {
      id: '3',
      text: 'Доля педагогических работников, освоивших программы дополнительного профессионального образования, вошедшие в ФР ДПП и подобранные с учетом диагностики профессиональных дефицитов в ЦНППМПР',
    },
    {
      id: '4',
      text: 'Доля управленческих команд образовательных организаций, повысивших свою квалификацию по вопросам эффективности управления качеством образования',
    },
    {
      id: '5',
      text: 'Доля программ ДППО, размещенных в ФР ДПП, в общем количестве программ ДППО, реализуемых ДИРО',
    },
    { id: '6', text: 'Эффективность деятельности Регионального методического актива' },
    {
      id: '7',
      text: 'Система поощрения на региональном уровне педагогов, руководителей учреждений и органов образования за участие в развитии региональной системы повышения профессионализма педагогов (руководителей)',
    },
    {
      id: '8',
      text: 'Разработка методических рекомендаций, методических пособий для педагогов, руководителей, образовательных организаций',
    },
  ],
  regional: [presenceShare('Самодиагностика региона')],
} as const satisfies ItemsTemplate;
