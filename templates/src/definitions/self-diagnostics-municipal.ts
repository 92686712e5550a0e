/** Самодиагностика «На муниципальном уровне:» — seed 001 L1488–L1521 (reference §2.2). */
import type { ItemsTemplate } from '@mmo/shared';
import { ACADEMIC_YEAR_FIELD, MMO_FIELD, MUNICIPALITY_FIELD } from './common-fields.js';
import { PROGRAMME_SOURCE } from './questionnaire-answers.js';
import {
  presenceShare,
  SELF_DIAGNOSTICS_ANSWERS,
  SELF_DIAGNOSTICS_INSTRUCTIONS,
  SELF_DIAGNOSTICS_TITLE,
} from './self-diagnostics-common.js';

export const SELF_DIAGNOSTICS_MUNICIPAL = {
  id: 'self-diagnostics-municipal',
  layout: 'items',
  title: `${SELF_DIAGNOSTICS_TITLE} — муниципальный уровень`,
  sheetName: 'Самодиагностика муниципалитета',
  menuLabel: 'Самодиагностика: муниципальный уровень',
  source: PROGRAMME_SOURCE,
  header: [MMO_FIELD, MUNICIPALITY_FIELD, ACADEMIC_YEAR_FIELD],
  instructions: SELF_DIAGNOSTICS_INSTRUCTIONS,
  numberLabel: '№',
  itemLabel: 'Компоненты самодиагностики',
  answers: SELF_DIAGNOSTICS_ANSWERS,
  // The seed prints no number for the two rows under 4; «4.1», «4.2» keep them unique and in place.
  items: [
    {
      id: '1',
      text: 'Методические структуры, обеспечивающие методическую помощь педагогическим работникам на муниципальном уровне, в том числе модель методической службы',
    },
    {
      id: '2',
      text: 'Нормативно-правовая основа методической деятельности, нацеленная на реализацию целевых федеральных, региональных и муниципальных проектов/программ в сфере образования, развитие муниципальной системы образования',
    },
    // Sic: «краевых» — copied by the seed from another region's template; kept so pasted rows match.
    {
      id: '3',
      text: 'Осуществление тьюторства (кураторства) краевых, муниципальных проектов/программ, инновационных проектов',
    },
    {
      id: '4',
      text: 'Эффективные формы методической работы, в т.ч. сетевые (районные/городские профессиональные объединения педагогических работников):',
    },
    { id: '4.1', text: 'осуществляющие свою деятельность по актуальным направлениям развития образования' },
    { id: '4.2', text: 'направленные на решение проблем и затруднений педагогов' },
    {
      id: '5',
      text: 'Активные формы профессионального взаимодействия (общения), в т.ч. сетевые, ориентированные на формирование и развитие профессиональных компетенций педагогов (научно-методические мероприятия: конференции, слеты, форумы, модельные семинары и др.)',
    },
    {
      id: '6',
      text: 'Система выявления, обобщения, распространения, тиражирования, внедрения лучших практик педагогов и руководителей',
    },
    {
      id: '7',
      text: 'Система профессиональных конкурсов для разных категорий педагогических работников /участников',
    },
    { id: '8', text: 'Система поддержки и сопровождения разных категорий педагогических работников' },
    {
      id: '9',
      text: 'Система поощрения педагогов, руководителей, вносящих свой профессиональный вклад в научно-методическую работу муниципалитета',
    },
  ],
  regional: [presenceShare('Самодиагностика муниципалитетов')],
} as const satisfies ItemsTemplate;
