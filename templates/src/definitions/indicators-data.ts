/**
 * The three indicator tables «ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ» (regional, municipal,
 * образовательная организация) as data: sections («Показатели»), criteria («Критерии, индикаторы»),
 * «Формат исчисления и расчет индикатора», the scoring rule of each criterion and the KPI sub-table.
 *
 * Generated once from the machine-readable spec of seed-structure.md §1.8; texts are verbatim (line
 * breaks as \n, source typos kept: «разграничений полномочий», «0 балл», «ФР ДПППО» / «ФР ДППО»,
 * «ЦППМ ДИРО», «РМС», «педаг. работников»). Rule parameters are converted to the camelCase
 * scoringRuleSchema (points_per_item → pointsPerItem, cap_items → capItems, item_unit → itemUnit,
 * else_points → elsePoints, min_by_year → minByYear); the spec's comparator is always «>=» (the only
 * one kpi_target knows); tier source labels and implied caps are kept as comments.
 *
 * Ambiguity resolutions (seed-structure.md §1.6), each repeated as a comment at its criterion:
 * - #1 regional 4.1: no zero clause, no cap → unbounded per ЛК.
 * - #2 regional 4.5: «по 70%» = up to 70 % → 5; > 70 → 7; > 90 → 9; 0 % → 0.
 * - #3 regional 4.7: «Реализация проекта» = 100 % → 10; exactly 50 % → 0.
 * - #4 regional 7.1, ОО 5.1: ВПР/ОГЭ/ЕГЭ справки add up (25 / 27), aggregation 'sum'.
 * - #5 regional 4.4: both conditions in one «Да/Нет».
 * - #6 municipal 1.4: per plan, cap 3 ⇒ 6 (bounded municipal total 122).
 * - #7 ОО 1.2: per document, cap 2 ⇒ 6.
 * - #8 ОО 2.2: gaps step down to the next lower tier.
 * - #9 ОО 3.1: only «а)»; the rule text outside the cell is the format text.
 * - #10 ОО 4.1: presence although the criterion names a «Программа».
 * - #11 KPI: no partial credit; a year after 2024 uses the 2024 minimum (nearest earlier year, in the
 *   scorer); ОО KPI-4 is bool («да»); ОО KPI-5 «40%» cells are percent 40; regional KPI-6 is a share.
 * - #12 terminology drift: copied verbatim, not unified.
 * - #13, #14 (identical KPI-8 names, possible double counting): kept as separate criteria; not resolved here.
 * KPI rows are unnumbered in the source; ids KPI-1…KPI-n are synthetic, in source order.
 */
import type { ScoringRule } from '@mmo/shared';

export interface IndicatorCriterion {
  /** «1.1»: the number printed at the start of the «Критерии, индикаторы» cell. */
  readonly id: string;
  /** «Критерии, индикаторы», verbatim. */
  readonly criterion: string;
  /** «Формат исчисления и расчет индикатора», verbatim (line breaks as \n). */
  readonly formatText: string;
  readonly rule: ScoringRule;
  /** The reference's note on the reading chosen (English), when it has one. */
  readonly note?: string;
}

export interface IndicatorSection {
  /** «1» for the section «1.». */
  readonly num: string;
  /** «Показатели», verbatim. */
  readonly title: string;
  readonly criteria: readonly IndicatorCriterion[];
}

export interface KpiRow {
  /** Synthetic, in source order: «KPI-1». */
  readonly id: string;
  /** «Наименование показателя», verbatim. */
  readonly name: string;
  /** «Расчет индикатора», verbatim. */
  readonly calc: string;
  /** «Min. значение в год» cells, verbatim, by year («10», «40%», «да»). */
  readonly minText: Readonly<Record<string, string>>;
  readonly rule: ScoringRule;
}

export interface IndicatorKpi {
  /** Section number: only the regional table numbers its KPI sub-table («9»). */
  readonly num?: string;
  /** Section title: only the regional table has one. */
  readonly title?: string;
  /** Header of the minima columns, verbatim («Min. значение в год» / «Min значение в год»). */
  readonly minLabel: string;
  readonly rows: readonly KpiRow[];
}

export interface IndicatorTable {
  /** Table title, verbatim. */
  readonly title: string;
  readonly sections: readonly IndicatorSection[];
  readonly kpi: IndicatorKpi;
}

/** ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ (РЕГИОНАЛЬНЫЙ УРОВЕНЬ) — seed-structure.md §1.2 (seed 001 L673–L981). */
export const REGIONAL_INDICATORS: IndicatorTable = {
  title: 'ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ (РЕГИОНАЛЬНЫЙ УРОВЕНЬ)',
  sections: [
    {
      num: '1',
      title: 'Нормативное обеспечение научно-методического сопровождения педагогических и руководящих кадров',
      criteria: [
        {
          id: '1.1',
          criterion:
            'Положение о региональной системе научно-методического сопровождения педагогических работников и управленческих кадров Республики Дагестан',
          formatText: 'Наличие документа – 10 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 10 },
        },
      ],
    },
    {
      num: '2',
      title: 'Программное обеспечение научно-методического сопровождения педагогических и руководящих кадров',
      criteria: [
        {
          id: '2.1',
          criterion:
            'Региональная система научно-методического сопровождения педагогических и управленческих кадров Республики Дагестан',
          formatText: 'Наличие документа – 15 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 15 },
        },
        {
          id: '2.2',
          criterion:
            'Региональная дорожная карта по развитию системы научно-методической работы в Республике Дагестан',
          formatText: 'Наличие документа – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '2.3',
          criterion:
            'Программа научно-методического сопровождения образовательных организаций в освоении обновленных ФГОС, включенная в федеральный перечень программ ПДО',
          formatText: 'Наличие документа – 8 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 8 },
        },
        {
          id: '2.4',
          criterion: 'Количество программ ПДО, вошедших в федеральный реестр',
          formatText: 'За каждую программу – 1 балл/\nотсутствие – 0 баллов',
          rule: {
            kind: 'per_item',
            pointsPerItem: 1,
            capItems: null,
            itemUnit: 'программа ПДО в федеральном реестре',
          },
          note: 'unbounded',
        },
      ],
    },
    {
      num: '3',
      title: 'Взаимодействие ДИРО с методическими службами региона',
      criteria: [
        {
          id: '3.1',
          criterion: 'Программа (план) работы с муниципальными методическими службами',
          formatText: 'Наличие документа – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '3.2',
          criterion: 'Договор о разграничении полномочий ДИРО и муниципальных методических служб',
          formatText: 'Наличие документа – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '3.3',
          criterion:
            'Соглашение о сотрудничестве и разграничений полномочий с образовательными организациями',
          formatText: 'За каждое – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'соглашение с ОО' },
          note: 'unbounded',
        },
        {
          id: '3.4',
          criterion:
            'Соглашение о сотрудничестве с профессиональными педагогическими образовательными учреждениями',
          formatText: 'За каждое – 1 балл/\nотсутствие – 0 баллов',
          rule: {
            kind: 'per_item',
            pointsPerItem: 1,
            capItems: null,
            itemUnit: 'соглашение с профессиональным педагогическим образовательным учреждением',
          },
          note: 'unbounded',
        },
      ],
    },
    {
      num: '4',
      title:
        'Соответствие содержания и организации методической работы специфике образовательной сферы Республики Дагестан',
      criteria: [
        // §1.6 #1: no «отсутствие – 0» clause and no cap; scored unbounded (0,1 per ЛК).
        // Practical cap ≈ one ЛК per municipality (52 in seed 000 ⇒ ≈5,2) is left to validation, not to the rule.
        // Implied cap (not applied): ≤ 1 ЛК per municipality → ~52 municipalities in seed 000 ⇒ ≈5.2.
        {
          id: '4.1',
          criterion:
            'Личные кабинеты муниципальных методических служб на сайтах муниципальных управлений образования',
          formatText: 'За каждый ЛК – 0,1 балла',
          rule: {
            kind: 'per_item',
            pointsPerItem: 0.1,
            capItems: null,
            itemUnit: 'ЛК муниципальной методической службы',
          },
          note: 'no «отсутствие – 0» clause; practically capped by number of ММС',
        },
        {
          id: '4.2',
          criterion:
            'Мероприятия с различными целевыми группами педагогов (молодые, опытные педагоги, наставники)',
          formatText: 'За каждое мероприятие – 1 балл\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'мероприятие' },
          note: 'unbounded',
        },
        {
          id: '4.3',
          criterion:
            'Современные технологии сопровождения и методической поддержки педагогов (пилотные муниципалитеты, образовательные организации по апробации современных технологий МР)',
          formatText:
            'Наличие работ в пилотных муниципалитетах, ОО: за каждый – 1 балл/ отсутствие – 0 баллов',
          rule: {
            kind: 'per_item',
            pointsPerItem: 1,
            capItems: null,
            itemUnit: 'пилотный муниципалитет / ОО',
          },
          note: 'unbounded; «за каждый» refers to pilot municipality or ОО',
        },
        // §1.6 #5: compound condition (программа AND обучение по ГЗ) asked as one «Да/Нет»: «Да» only when both hold.
        {
          id: '4.4',
          criterion:
            'Экспертное консультирование педагогов по проблемам формирования функциональной грамотности',
          formatText: 'Наличие программы и обучение в соответствии с ГЗ – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
          note: 'compound condition: программа AND обучение в соответствии с ГЗ (госзаказ)',
        },
        // §1.6 #2: «по 70%» read as «up to 70 %» (> 0 → 5); the 70–71 % gap closed with «> 70» → 7; «свыше 90%» → 9;
        // 0 % is not stated and scores 0 (elsePoints).
        {
          id: '4.5',
          criterion: 'Практики по приоритетным направлениям развития региональной системы образования',
          formatText:
            'Наличие практик продвинутого уровня по 70% направлений – 5 баллов; 71 – 90% направлений – 7 баллов;\nсвыше 90% – 9 баллов',
          rule: {
            kind: 'share_tiers',
            metric: '% приоритетных направлений, по которым есть практики продвинутого уровня',
            tiers: [
              { op: '>', value: 90, points: 9 }, // «свыше 90%»
              { op: '>', value: 70, points: 7 }, // «71 – 90%»
              { op: '>', value: 0, points: 5 }, // «по 70%»
            ],
            elsePoints: 0,
          },
          note: '«по 70%» read as «up to 70 %» (alternative: exactly/at least 70 % → 5, below → 0); 70–71 % gap closed by using >70; 0 % not stated (→ 0)',
        },
        {
          id: '4.6',
          criterion: 'Методическая поддержка работы региональной ассоциации молодых педагогов',
          formatText: 'Наличие поддержки – 2 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 2 },
        },
        // §1.6 #3: «Реализация проекта» read as 100 % of ОО (== 100 → 10); > 70 → 5; > 50 → 3; < 50 → 0;
        // exactly 50 % is not covered and falls to elsePoints = 0.
        {
          id: '4.7',
          criterion: 'Реализация Проекта по наставничеству во всех ОО',
          formatText:
            'Реализация проекта – 10 баллов/\nБолее 70% ОО – 5 баллов/\nБолее 50% – 3 балла\nМенее 50% ОО – 0 баллов',
          rule: {
            kind: 'share_tiers',
            metric: '% ОО, реализующих Проект по наставничеству',
            tiers: [
              { op: '==', value: 100, points: 10 }, // «Реализация проекта (во всех ОО)»
              { op: '>', value: 70, points: 5 },
              { op: '>', value: 50, points: 3 },
              { op: '<', value: 50, points: 0 },
            ],
            elsePoints: 0,
          },
          note: 'exactly 50 % not covered; «Реализация проекта» interpreted as 100 % of ОО (criterion says «во всех ОО»)',
        },
      ],
    },
    {
      num: '5',
      title: 'Наличие системы поддержки молодых педагогов и системы наставничества',
      criteria: [
        {
          id: '5.1',
          criterion: 'Мероприятия по осуществлению поддержки молодых педагогов и/или наставничеству',
          formatText: 'Наличие мероприятий – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 1 },
          note: 'presence, not per event (contrast 4.2)',
        },
        {
          id: '5.2',
          criterion: 'Работы по индивидуальной поддержке педагогов',
          formatText:
            'Наличие индивидуальной практики на муниципальном уровне – 2 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 2 },
          note: '«Наличие индивидуальной практики на муниципальном уровне»',
        },
      ],
    },
    {
      num: '6',
      title: 'Поддержка деятельности сетевых методических объединений',
      criteria: [
        {
          id: '6.1',
          criterion: 'Программа (план) работы с сетевыми методическими объединениями',
          formatText: 'Наличие программы (плана) – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
        },
        {
          id: '6.2',
          criterion: 'Проведение мероприятий по поддержке сетевых методических объединений',
          formatText: 'Наличие мероприятий – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
          note: 'presence of events, not per event',
        },
      ],
    },
    {
      num: '7',
      title: 'Наличие системы аналитической деятельности',
      criteria: [
        // §1.6 #4: additive reading (ВПР + ОГЭ + ЕГЭ, max 25), not «best one only» (10).
        {
          id: '7.1',
          criterion:
            'Аналитические справки (отчеты) о результатах оценочных процедур (ВПР, ОГЭ, ЕГЭ и др.) с пакетом методических рекомендаций',
          formatText:
            'Наличие аналитической справки:\n–о результатах ВПР – 7 баллов,\n–о результатах ОГЭ – 8 баллов,\n–о результатах ЕГЭ – 10 баллов/ отсутствие – 0 баллов',
          rule: { kind: 'presence_components', components: { ВПР: 7, ОГЭ: 8, ЕГЭ: 10 }, aggregation: 'sum' },
          note: 'additive reading gives 25; a «best one only» reading gives 10',
        },
        {
          id: '7.2',
          criterion: 'Аналитические материалы (справка) по работе сетевых методических объединений',
          formatText: 'Наличие материалов (справки) – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
        },
        {
          id: '7.3',
          criterion:
            'Аналитические материалы (справка) по осуществлению поддержки молодых педагогов и по наставничеству',
          formatText: 'Наличие материалов (справки) – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
        },
        {
          id: '7.4',
          criterion: 'Справка по анализу результатов мониторинга системы методической работы',
          formatText: 'Наличие справки – 10 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 10 },
        },
        {
          id: '7.5',
          criterion:
            'Аналитические материалы по научно-методическому сопровождению и поддержке педагогических работников, в том числе качества проведения курсов, семинаров и др. форм ДПО',
          formatText: 'Наличие материалов (справки) – 10 баллов/ отсутствие – 0 баллов',
          rule: { kind: 'presence', points: 10 },
        },
      ],
    },
    {
      num: '8',
      title: 'Управление системой методической работы на региональном уровне',
      criteria: [
        {
          id: '8.1',
          criterion:
            'Наличие решений УМО в системе образования Республики Дагестан по вопросам организации методической работы',
          formatText: 'За каждое – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'решение УМО' },
          note: 'unbounded',
        },
        {
          id: '8.2',
          criterion:
            'Управленческие решения по результатам анализа деятельности методических объединений, по осуществлению поддержки молодых педагогов и/или наставничеству, по работе с различными целевыми группами педагогов муниципальной системы образования по организации методической работы (или по результатам анализа результатов мониторинга региональных показателей)',
          formatText: 'За каждое – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'управленческое решение' },
          note: 'unbounded',
        },
        {
          id: '8.3',
          criterion:
            'Наличие решений, рекомендаций ЦНППМ ДИРО по деятельности Регионального методического актива',
          formatText: 'За каждое – 2 балла/\nотсутствие – 0 баллов',
          rule: {
            kind: 'per_item',
            pointsPerItem: 2,
            capItems: null,
            itemUnit: 'решение/рекомендация ЦНППМ ДИРО',
          },
          note: 'unbounded',
        },
        {
          id: '8.4',
          criterion: 'Наличие мероприятий с Региональным методическим активом',
          formatText: 'За каждое – 2 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 2, capItems: null, itemUnit: 'мероприятие с РМА' },
          note: 'unbounded',
        },
        {
          id: '8.5',
          criterion:
            'Методические рекомендации по совершенствованию деятельности муниципальных методических служб',
          formatText: 'За каждое – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 5, capItems: null, itemUnit: 'методическая рекомендация' },
          note: 'unbounded',
        },
        {
          id: '8.6',
          criterion:
            'Методические рекомендации по результатам анализа деятельности межмуниципальных методических округов',
          formatText: 'За каждое – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 5, capItems: null, itemUnit: 'методическая рекомендация' },
          note: 'unbounded',
        },
        {
          id: '8.7',
          criterion:
            'Адресные рекомендации по результатам анализа результатов мониторинга региональных показателей',
          formatText: 'Наличие адресных рекомендаций – 10 баллов/ отсутствие – 0 баллов',
          rule: { kind: 'presence', points: 10 },
        },
        // Counts by grade; unbounded (no cap stated).
        {
          id: '8.8',
          criterion:
            'Выявление и обобщение практик по приоритетным направлениям развития региональной системы образования',
          formatText:
            'Практика высшего уровня – 2 балла за каждую, продвинутого уровня – 1 балл за каждую,\nотсутствие – 0 баллов',
          rule: { kind: 'per_item_by_grade', grades: { 'высшего уровня': 2, 'продвинутого уровня': 1 } },
          note: 'unbounded',
        },
      ],
    },
  ],
  kpi: {
    num: '9',
    title: 'Показатели эффективности функционирования системы НМР',
    minLabel: 'Min. значение в год',
    rows: [
      {
        id: 'KPI-1',
        name: 'Доля педагогических работников и управленческих кадров, прошедших диагностику профессиональных дефицитов, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      {
        id: 'KPI-2',
        name: 'Доля педагогических работников и управленческих кадров, для которых разработаны индивидуальные образовательные маршруты на основе диагностики, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      {
        id: 'KPI-3',
        name: 'Доля педагогических работников, прошедших обучение в системе ДПО по образовательным программам, включенным в ФР ДПППО с учетом диагностики, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '15', '2024': '20' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 15, '2024': 20 },
        },
      },
      {
        id: 'KPI-4',
        name: 'Доля сотрудников ЦНППМ, прошедших обучение на базе ФГАУ ДПО «Академия Минпросвещения России», %',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '50', '2023': '75', '2024': '100' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'percent',
          minByYear: { '2022': 50, '2023': 75, '2024': 100 },
        },
      },
      {
        id: 'KPI-5',
        name: 'Доля образовательных организаций, принявших участие в программах ПК управленческих команд, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      // §1.6 #11: a share although the name has no «%»: unit percent.
      {
        id: 'KPI-6',
        name: 'Доля образовательных организаций, реализующих целевую модель наставничества педагогических работников',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '50', '2023': '75', '2024': '100' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 50, '2023': 75, '2024': 100 },
        },
      },
      {
        id: 'KPI-7',
        name: 'Количество мероприятий республиканского уровня в рамках функционирования системы НППМ педагогов',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '2', '2023': '4', '2024': '6' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'count',
          minByYear: { '2022': 2, '2023': 4, '2024': 6 },
        },
      },
      {
        id: 'KPI-8',
        name: 'Количество мероприятий республиканского уровня, проведенных муниципальными методическими службами в рамках функционирования системы НППМ педагогов',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '1', '2023': '2', '2024': '3' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'count',
          minByYear: { '2022': 1, '2023': 2, '2024': 3 },
        },
      },
      {
        id: 'KPI-9',
        name: 'Количество разработанных и опубликованных методических пособий для образовательных организаций, педагогов, управленческих кадров',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '2', '2023': '4', '2024': '6' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'count',
          minByYear: { '2022': 2, '2023': 4, '2024': 6 },
        },
      },
    ],
  },
};

/** ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ (МУНИЦИПАЛЬНЫЙ УРОВЕНЬ) — seed-structure.md §1.3 (seed 001 L988–L1247). */
export const MUNICIPAL_INDICATORS: IndicatorTable = {
  title: 'ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ (МУНИЦИПАЛЬНЫЙ УРОВЕНЬ)',
  sections: [
    {
      num: '1',
      title: 'Наличие нормативной базы, регламентирующей методическую работу',
      criteria: [
        {
          id: '1.1',
          criterion: 'Модель муниципальной методической службы, утвержденная УО и согласованная с ДИРО РД',
          formatText: 'Наличие документа – 5 баллов/ отсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        // Plural «Положений», scored once (presence).
        {
          id: '1.2',
          criterion: 'Наличие Положений о муниципальных методических объединениях педагогических работников',
          formatText: 'Наличие – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
          note: 'plural «Положений» but scored once',
        },
        {
          id: '1.3',
          criterion: 'Наличие планов работы муниципальных методических объединений педагогов на текущий год',
          formatText: 'Наличие – 2 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 2 },
        },
        // §1.6 #6: «за каждый» counted per plan, cap 3 (директора / заместители / МО ОО) ⇒ max 6;
        // the single-plan reading (max 2) would give a bounded total of 118 instead of 122.
        {
          id: '1.4',
          criterion:
            'Наличие плана работы с директорами, заместителями директоров образовательных организаций, методическими объединениями образовательных организаций на текущий год',
          formatText: 'Наличие – 2 балла за каждый/\nотсутствие – 0 баллов',
          rule: {
            kind: 'per_item',
            pointsPerItem: 2,
            capItems: 3,
            itemUnit: 'план работы (с директорами / заместителями директоров / МО ОО)',
          },
          note: '«за каждый»: cap 3 is an interpretation (3 target groups named) ⇒ 6; could also be read as one plan ⇒ 2',
        },
        {
          id: '1.5',
          criterion:
            'Наличие приказов, инструктивных методических писем и других документов, регламентирующих методическую работу на муниципальном уровне и уровне образовательной организации',
          formatText: 'За каждый документ – 0,5 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 0.5, capItems: null, itemUnit: 'документ' },
          note: 'unbounded',
        },
      ],
    },
    {
      num: '2',
      title: 'Обоснование целей методической работы на муниципальном уровне',
      criteria: [
        {
          id: '2.1',
          criterion: 'Положение о деятельности муниципальной методической службы',
          formatText: 'Наличие – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '2.2',
          criterion:
            'Программа (дорожная карта) развития муниципальной методической службы, методической службы образовательных организаций',
          formatText: 'Наличие – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
        },
        // Practical cap = number of ОО in the municipality; scored unbounded (0,1 per соглашение).
        // Implied cap (not applied): ≤ number of ОО in the municipality.
        {
          id: '2.3',
          criterion:
            'Соглашения с образовательными организациями по методическому сопровождению повышения квалификации педагогов',
          formatText: 'За каждое – 0,1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 0.1, capItems: null, itemUnit: 'соглашение с ОО' },
          note: 'practically capped by number of ОО',
        },
        {
          id: '2.4',
          criterion: 'Соглашение с ДИРО РД по методическому сопровождению повышения квалификации педагогов',
          formatText: 'Наличие – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
      ],
    },
    {
      num: '3',
      title: 'Соответствие содержания и организации методической работы специфике муниципалитета',
      criteria: [
        {
          id: '3.1',
          criterion: 'Адресные рекомендации для коллективов школ, разных категорий педагогов',
          formatText: 'За каждую – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'адресная рекомендация' },
          note: 'unbounded',
        },
        {
          id: '3.2',
          criterion:
            'Информационный ресурс муниципальной методической службы (сайт, страница на сайте и др.)',
          formatText: 'Наличие – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '3.3',
          criterion:
            'Заказ на ПК педагогов, освоение программ (треков) НППМ на муниципальном уровне в соответствии с профессиональными дефицитами педагогов',
          formatText: 'Наличие – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '3.4',
          criterion:
            'Специальные работы по приемке результатов ПК (публичные, творческие отчеты, мастер-классы и др.) на муниципальном уровне',
          formatText: 'За каждую – 0,5 балла/\nотсутствие – 0 баллов',
          rule: {
            kind: 'per_item',
            pointsPerItem: 0.5,
            capItems: null,
            itemUnit: 'работа по приемке результатов ПК',
          },
          note: 'unbounded',
        },
        {
          id: '3.5',
          criterion:
            'Экспертное консультирование педагогов муниципалитета по вопросам формирования функциональной грамотности обучающихся',
          formatText: 'Наличие – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '3.6',
          criterion: 'Тиражирование лучших практик по приоритетным направлениям развития',
          formatText: 'За каждую – 0,5 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 0.5, capItems: null, itemUnit: 'практика' },
          note: 'unbounded',
        },
        {
          id: '3.7',
          criterion: 'Современные технологии сопровождения и методической поддержки педагогов',
          formatText: 'Наличие работ по апробации современных технологий –\n5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
      ],
    },
    {
      num: '4',
      title: 'Наличие системы поддержки молодых педагогов и/или системы наставничества',
      criteria: [
        {
          id: '4.1',
          criterion: 'Мероприятия с различными целевыми группами педагогов муниципальной системы образования',
          formatText: 'За каждое – 0,5 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 0.5, capItems: null, itemUnit: 'мероприятие' },
          note: 'unbounded',
        },
        {
          id: '4.2',
          criterion: 'Мероприятия по осуществлению поддержки молодых педагогов и/или наставничеству',
          formatText: 'За каждое – 0,5 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 0.5, capItems: null, itemUnit: 'мероприятие' },
          note: 'unbounded',
        },
      ],
    },
    {
      num: '5',
      title: 'Поддержка деятельности методических объединений',
      criteria: [
        {
          id: '5.1',
          criterion: 'Программа поддержки школьных, муниципальных методических объединений',
          formatText: 'Наличие программы – 3 балла/ отсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
        },
        {
          id: '5.2',
          criterion: 'Мероприятия по поддержке методических объединений (сетевых, муниципальных, школьных)',
          formatText: 'За каждое – 0,5 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 0.5, capItems: null, itemUnit: 'мероприятие' },
          note: 'unbounded',
        },
      ],
    },
    {
      num: '6',
      title: 'Наличие системы аналитической деятельности',
      criteria: [
        {
          id: '6.1',
          criterion:
            'Аналитические материалы (справки) по работе муниципальных и школьных методических объединений',
          formatText: 'За каждое – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'аналитический материал' },
          note: 'unbounded',
        },
        {
          id: '6.2',
          criterion:
            'Аналитические материалы (справка) по осуществлению поддержки молодых педагогов и/или наставничеству, по работе с различными целевыми группами педагогов муниципальной системы образования',
          formatText: 'За каждое – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'аналитический материал' },
          note: 'unbounded',
        },
        {
          id: '6.3',
          criterion:
            'Аналитическая справка по итогам методической работы в муниципальной системе образования',
          formatText: 'Наличие справки – 5 баллов/ отсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
      ],
    },
    {
      num: '7',
      title: 'Управление системой методической работы на муниципальном уровне',
      criteria: [
        {
          id: '7.1',
          criterion:
            'Управленческие решения по результатам анализа деятельности методических объединений, поддержке молодых педагогов и/или наставничеству, по работе с различными целевыми группами педагогов муниципальной системы',
          formatText: 'За каждое – 1 балл/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 1, capItems: null, itemUnit: 'управленческое решение' },
          note: 'unbounded',
        },
        {
          id: '7.2',
          criterion: 'Обобщение современных практик методической деятельности',
          formatText: 'За каждое – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 3, capItems: null, itemUnit: 'обобщенная практика' },
          note: 'unbounded',
        },
        {
          id: '7.3',
          criterion:
            'Выявление и обобщение практик по приоритетным направлениям развития региональной системы образования',
          formatText: 'За каждое – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 3, capItems: null, itemUnit: 'практика' },
          note: 'unbounded',
        },
      ],
    },
  ],
  kpi: {
    minLabel: 'Min значение в год',
    rows: [
      {
        id: 'KPI-1',
        name: 'Доля педагогических работников и управленческих кадров, прошедших диагностику профессиональных дефицитов в ЦППМ ДИРО, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      {
        id: 'KPI-2',
        name: 'Доля педагогических работников и управленческих кадров, для которых разработаны индивидуальные образовательные маршруты на основе диагностики, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      {
        id: 'KPI-3',
        name: 'Доля педагогических работников, прошедших обучение в системе ДПО по образовательным программам, включенным в ФР ДППО с учетом диагностики в ЦНППМ ДИРО, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '15', '2024': '20' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 15, '2024': 20 },
        },
      },
      {
        id: 'KPI-4',
        name: 'Доля сотрудников РМС, прошедших обучение на базе ФГАУ ДПО «Академия Минпросвещения России», ЦНППМ ДИРО, %',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '50', '2023': '75', '2024': '100' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'percent',
          minByYear: { '2022': 50, '2023': 75, '2024': 100 },
        },
      },
      {
        id: 'KPI-5',
        name: 'Доля образовательных организаций, принявших участие в программах ПК управленческих команд, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      {
        id: 'KPI-6',
        name: 'Доля образовательных организаций, реализующих целевую модель наставничества педаг. работников',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '50', '2023': '75', '2024': '100' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 50, '2023': 75, '2024': 100 },
        },
      },
      {
        id: 'KPI-7',
        name: 'Количество мероприятий муниципального уровня в рамках функционирования системы НППМ педагогов',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '2', '2023': '4', '2024': '6' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'count',
          minByYear: { '2022': 2, '2023': 4, '2024': 6 },
        },
      },
      {
        id: 'KPI-8',
        name: 'Количество мероприятий республиканского уровня, проведенных муниципальными методическими службами в рамках функционирования системы НППМ педагогов',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '1', '2023': '2', '2024': '3' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'count',
          minByYear: { '2022': 1, '2023': 2, '2024': 3 },
        },
      },
    ],
  },
};

/** ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ (УРОВЕНЬ ОБРАЗОВАТЕЛЬНОЙ ОРГАНИЗАЦИИ) — seed-structure.md §1.4 (seed 001 L1250–L1426). */
export const OO_INDICATORS: IndicatorTable = {
  title: 'ПОКАЗАТЕЛИ ЭФФЕКТИВНОСТИ НАУЧНО-МЕТОДИЧЕСКОЙ РАБОТЫ (УРОВЕНЬ ОБРАЗОВАТЕЛЬНОЙ ОРГАНИЗАЦИИ)',
  sections: [
    {
      num: '1',
      title: 'Обоснование целей методической работы на уровне образовательной организации',
      criteria: [
        {
          id: '1.1',
          criterion: 'Положение (модель) о методической работе в образовательной организации',
          formatText: 'Наличие документа – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
        },
        // §1.6 #7: «по 3 балла» per document, two documents named (текущий, перспективный) ⇒ cap 2, max 6.
        {
          id: '1.2',
          criterion:
            'Программа (план) методической работы образовательной организации (текущий и перспективный)',
          formatText: 'Наличие документов – по 3 балла/\nотсутствие – 0 баллов',
          rule: {
            kind: 'per_item',
            pointsPerItem: 3,
            capItems: 2,
            itemUnit: 'документ (текущий / перспективный)',
          },
          note: '«по 3 балла» for each of the 2 named documents ⇒ 6',
        },
      ],
    },
    {
      num: '2',
      title:
        'Соответствие содержания и организации методической работы специфике образовательной организации',
      criteria: [
        // Source typo «0 балл» kept verbatim.
        {
          id: '2.1',
          criterion:
            'Работа по выявлению образовательных дефицитов педагогов на основе анализа результатов обучающихся, внутришкольного контроля',
          formatText: 'Наличие работ – 5 баллов/\nотсутствие – 0 балл',
          rule: { kind: 'presence', points: 5 },
          note: 'source says «0 балл»',
        },
        // §1.6 #8: only 100 % / 50 % / до 30 % / 0 % are stated; the gaps step down to the next lower tier:
        // >= 100 → 10, 50–99 → 6, 0 < x < 50 → 2 (also 30–50 %), 0 → 0.
        {
          id: '2.2',
          criterion:
            'Доля педагогов ОО, освоивших программы ПК в соответствии с выявленными профессиональными дефицитами',
          formatText: '100 % – 10 баллов\n50% – 6 баллов\nдо 30 % – 2 балла\n0% – 0 баллов',
          rule: {
            kind: 'share_tiers',
            metric: '% педагогов ОО, освоивших программы ПК по выявленным дефицитам',
            tiers: [
              { op: '>=', value: 100, points: 10 },
              { op: '>=', value: 50, points: 6 },
              { op: '>', value: 0, points: 2 }, // «до 30 %»
              { op: '==', value: 0, points: 0 },
            ],
            elsePoints: 0,
          },
          note: 'source lists only 100 % / 50 % / до 30 % / 0 %; 30–50 % and 50–100 % undefined (proposed: step-down to the next lower tier)',
        },
        {
          id: '2.3',
          criterion: 'Апробация современных технологий методической работы',
          formatText:
            'Наличие работ по апробации современных технологий сопровождения и методической поддержки педагогов – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
      ],
    },
    {
      num: '3',
      title: 'Наличие системы поддержки молодых педагогов и системы наставничества',
      criteria: [
        // §1.6 #9: only sub-item «а)» exists; the rule text stands outside the table cell in the source (L1303)
        // and is used as the format text. >= 50 → 1, else 0.
        {
          id: '3.1',
          criterion:
            'Методическая работа в ОО осуществляется с различными целевыми группами педагогов:\nа) Доля учителей в возрасте до 35 лет, имеющих наставника, в общей численности учителей до 35 лет',
          formatText: '50% и выше – 1 балл, менее 50% – 0 баллов',
          rule: {
            kind: 'share_tiers',
            metric:
              'а) Доля учителей в возрасте до 35 лет, имеющих наставника, в общей численности учителей до 35 лет',
            tiers: [
              { op: '>=', value: 50, points: 1 },
              { op: '<', value: 50, points: 0 },
            ],
            elsePoints: 0,
          },
          note: 'only sub-item «а)» exists (continuation of the criterion cell, L1299); the rule text stands outside any cell (L1303); the «Формат» cell itself (L1300) is an NBSP',
        },
      ],
    },
    {
      num: '4',
      title: 'Поддержка деятельности методических объединений (творческих, проблемных групп)',
      criteria: [
        // §1.6 #10: the criterion is a «Программа», the rule says «Наличие работ»: asked as presence.
        {
          id: '4.1',
          criterion: 'Программа деятельности методических объединений',
          formatText: 'Наличие работ – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
          note: 'criterion is a «Программа», but rule says «Наличие работ»',
        },
        {
          id: '4.2',
          criterion:
            'Работа методических объединений (творческих групп) по актуальному содержанию (обновленный ФГОС, функциональная грамотность)',
          formatText: 'Наличие работ – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
      ],
    },
    {
      num: '5',
      title: 'Наличие системы аналитической деятельности',
      criteria: [
        // §1.6 #4: additive reading (ВПР + ОГЭ + ЕГЭ, max 27), not «best one only» (10).
        {
          id: '5.1',
          criterion:
            'Аналитические справки (с адресными рекомендациями) о результатах оценочных процедур (ВПР, ОГЭ, ЕГЭ и др.)',
          formatText:
            '–о результатах ВПР – 8 баллов,\n–о результатах ОГЭ – 9 баллов,\n–о результатах ЕГЭ – 10 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence_components', components: { ВПР: 8, ОГЭ: 9, ЕГЭ: 10 }, aggregation: 'sum' },
          note: 'additive ⇒ 27; «best only» ⇒ 10',
        },
        {
          id: '5.2',
          criterion:
            'Аналитическая справка о результатах повышения квалификации педагогов в соответствии с выявленными дефицитами',
          formatText: 'Наличие документа – 3 балла/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 3 },
        },
        {
          id: '5.3',
          criterion:
            'Аналитическая справка о деятельности школьных методических объединений (творческих, проблемных групп)',
          formatText: 'Наличие документа – 5 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 5 },
        },
        {
          id: '5.4',
          criterion: 'Аналитическая справка о результатах методической деятельности',
          formatText: 'Наличие документа – 7 баллов/\nотсутствие – 0 баллов',
          rule: { kind: 'presence', points: 7 },
        },
      ],
    },
    {
      num: '6',
      title: 'Управление системой методической работы на уровне образовательной организации',
      criteria: [
        {
          id: '6.1',
          criterion: 'Управленческие решения по результатам анализа методической работы',
          formatText: 'Наличие приказов – 3 балла за каждый/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 3, capItems: null, itemUnit: 'приказ' },
          note: 'unbounded',
        },
        {
          id: '6.2',
          criterion: 'Обобщение современных практик методической работы',
          formatText: 'Наличие – 3 балла за каждый/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 3, capItems: null, itemUnit: 'обобщенная практика' },
          note: 'unbounded',
        },
        {
          id: '6.3',
          criterion:
            'Выявление и обобщение практик по приоритетным направлениям развития региональной системы образования',
          formatText: 'Наличие – 3 балла за каждый/\nотсутствие – 0 баллов',
          rule: { kind: 'per_item', pointsPerItem: 3, capItems: null, itemUnit: 'практика' },
          note: 'unbounded',
        },
      ],
    },
  ],
  kpi: {
    minLabel: 'Min значение в год',
    rows: [
      {
        id: 'KPI-1',
        name: 'Доля педагогических работников и управленческих кадров, прошедших диагностику профессиональных дефицитов в ЦППМ ДИРО, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      {
        id: 'KPI-2',
        name: 'Доля педагогических работников и управленческих кадров, для которых разработаны индивидуальные образовательные маршруты на основе диагностики, %',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '10', '2023': '20', '2024': '30' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 10, '2023': 20, '2024': 30 },
        },
      },
      {
        id: 'KPI-3',
        name: 'Доля сотрудников РМС, прошедших обучение на базе ФГАУ ДПО «Академия Минпросвещения России», ЦНППМ ДИРО, %',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '50', '2023': '75', '2024': '100' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'percent',
          minByYear: { '2022': 50, '2023': 75, '2024': 100 },
        },
      },
      // §1.6 #11: minima are «да»: unit bool, met by a «Да» answer.
      {
        id: 'KPI-4',
        name: 'Участие в программах ПК управленческих команд',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': 'да', '2023': 'да', '2024': 'да' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'bool',
          minByYear: { '2022': true, '2023': true, '2024': true },
        },
      },
      // §1.6 #11: minima carry «%» in the cells («40%», «60%», «100%»): unit percent, 40 / 60 / 100.
      {
        id: 'KPI-5',
        name: 'Доля педагогов, реализующих целевую модель наставничества педагогических работников (при обоснованном наличии потребности)',
        calc: 'Достижение показателя – 10 баллов',
        minText: { '2022': '40%', '2023': '60%', '2024': '100%' },
        rule: {
          kind: 'kpi_target',
          points: 10,
          unit: 'percent',
          minByYear: { '2022': 40, '2023': 60, '2024': 100 },
        },
      },
      {
        id: 'KPI-6',
        name: 'Количество мероприятий школьного уровня в рамках функционирования системы НППМ педагогов',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '4', '2023': '6', '2024': '8' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'count',
          minByYear: { '2022': 4, '2023': 6, '2024': 8 },
        },
      },
      {
        id: 'KPI-7',
        name: 'Количество мероприятий республиканского, муниципального уровней, проведенных образовательной организацией в рамках функционирования системы НППМ педагогов',
        calc: 'Достижение показателя – 5 баллов',
        minText: { '2022': '1', '2023': '2', '2024': '3' },
        rule: {
          kind: 'kpi_target',
          points: 5,
          unit: 'count',
          minByYear: { '2022': 1, '2023': 2, '2024': 3 },
        },
      },
    ],
  },
};

export const INDICATOR_TABLES = {
  regional: REGIONAL_INDICATORS,
  municipal: MUNICIPAL_INDICATORS,
  oo: OO_INDICATORS,
} as const satisfies Readonly<Record<string, IndicatorTable>>;

/** Every scored row of a table in print order: the criteria, then the KPI rows (input of scoreAll). */
export function scoredRows(
  table: IndicatorTable,
): readonly { readonly id: string; readonly rule: ScoringRule }[] {
  return [...table.sections.flatMap((s) => s.criteria), ...table.kpi.rows];
}
