/**
 * The eight inter-municipal methodical districts (ММО) of Приложение №1 (seed 000, L241–L887),
 * verbatim: «Цумадинской» and «Город Дагестанские огни» are the handbook's spellings, and
 * «ЦОДОУ ЗОЖ» is an organisation, not a municipality. Matching tolerates all of that
 * (see municipality-matcher.ts); display names fix only the typo.
 */
export interface DistrictSource {
  readonly no: number;
  /** Name as in Приложение №1: descriptive for №1, a slogan for the others. */
  readonly name: string;
  /** Title line verbatim, e.g. «№4. «Горный».». */
  readonly title: string;
  /** Members verbatim, trailing spaces removed. */
  readonly municipalities: readonly string[];
}

export const DISTRICT_SOURCES: readonly DistrictSource[] = [
  {
    no: 1,
    name: 'Андийский межмуниципальный методический округ',
    title: '№1. «Андийский межмуниципальный методический округ».',
    municipalities: ['Ахвахский', 'Ботлихский', 'Гумбетовский', 'Цумадинской', 'Цунтинский'],
  },
  {
    no: 2,
    name: 'Вектор развития',
    title: '№2. «Вектор развития».',
    municipalities: [
      'Агульский',
      'Ахтынский',
      'Дербентский',
      'Докузпаринский',
      'Курахский',
      'Магарамкентский',
      'Рутульский',
      'Сулейман-Стальский',
      'Табасаранский',
      'Хивский',
      'Город Дагестанские огни',
      'Город Дербент',
    ],
  },
  {
    no: 3,
    name: 'Стратегия успеха',
    title: '№3. «Стратегия успеха».',
    municipalities: [
      'Казбековский',
      'Кизилюртовский',
      'Хасавюртовский',
      'ЦОДОУ ЗОЖ',
      'Город Кизилюрт',
      'Город Хасавюрт',
    ],
  },
  {
    no: 4,
    name: 'Горный',
    title: '№4. «Горный».',
    municipalities: [
      'Бежтинский участок',
      'Гергебильский',
      'Гунибский',
      'Левашинский',
      'Тляратинский',
      'Унцукульский',
      'Хунзахский',
      'Чародинский',
      'Шамильский',
    ],
  },
  {
    no: 5,
    name: 'Прорыв',
    title: '№5. «Прорыв».',
    municipalities: [
      'Акушинский',
      'Дахадаевский',
      'Кайтагский',
      'Карабудахкентский',
      'Каякентский',
      'Сергокалинский',
    ],
  },
  {
    no: 6,
    name: 'Методист-эрудит',
    title: '№6. «Методист-эрудит».',
    municipalities: ['Буйнакский', 'Кулинский', 'Лакский', 'Новолакский', 'Город Буйнакск'],
  },
  {
    no: 7,
    name: 'Лоция методиста',
    title: '№7. «Лоция методиста».',
    municipalities: ['Город Каспийск', 'Город Махачкала', 'Город Избербаш', 'Кумторкалинский'],
  },
  {
    no: 8,
    name: 'Партнерство',
    title: '№8. «Партнерство».',
    municipalities: [
      'Бабаюртовский',
      'Кизлярский',
      'Ногайский',
      'Тарумовский',
      'Город Кизляр',
      'Город Южно-Сухокумск',
    ],
  },
];
