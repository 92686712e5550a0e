import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISTRICTS, type District, type Municipality } from './districts.js';
import {
  findMunicipalitiesInText,
  matchDistrict,
  matchDistrictInName,
  matchMunicipality,
} from './municipality-matcher.js';

const MEMBERS: readonly Municipality[] = DISTRICTS.flatMap((d) => d.municipalities);

function member(name: string): Municipality {
  const found = MEMBERS.find((m) => m.name === name);
  if (!found) throw new Error(`no member ${name}`);
  return found;
}

function district(no: number): District {
  const found = DISTRICTS.find((d) => d.no === no);
  if (!found) throw new Error(`no district ${no}`);
  return found;
}

describe('DISTRICTS', () => {
  it('has the 8 ММО of Приложение №1 with 53 members, one of them not a municipality', () => {
    expect(DISTRICTS.map((d) => d.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(MEMBERS).toHaveLength(53);
    expect(MEMBERS.filter((m) => !m.isMunicipality).map((m) => m.name)).toEqual(['ЦОДОУ ЗОЖ']);
    expect(MEMBERS.filter((m) => m.isCity)).toHaveLength(10);
    expect(new Set(MEMBERS.map((m) => m.name)).size).toBe(53);
    expect(district(4).label).toBe('№4. Горный');
  });
});

// ---------------------------------------------------------------------------------------------
// Municipalities

/** The handbook writes districts as bare adjectives and cities as «Город X»; people write it every other way. */
function typedVariants(m: Municipality): string[] {
  const variants = [
    m.displayName,
    m.name.toUpperCase(),
    m.name.toLowerCase(),
    `  ${m.name.replace(/ /g, '   ')}  `,
    m.name.replace(/е/g, 'ё'),
  ];
  if (m.isCity) {
    const base = m.name.replace(/^Город /, '');
    variants.push(
      base,
      `г. ${base}`,
      `г.${base}`,
      `город ${base}`,
      `ГО «город ${base}»`,
      `городской округ «город ${base}»`,
    );
  } else if (m.isMunicipality && m.name !== 'Бежтинский участок') {
    const base = m.displayName;
    const locative = base.replace(/ий$/, 'ом');
    variants.push(
      `${base} район`,
      `${base} р-н`,
      `р-н ${base}`,
      `${base} р.`,
      `МР «${base} район»`,
      `муниципальный район «${base} район»`,
      `в ${locative} районе`,
      `${base.toLowerCase()} район`,
    );
  }
  return variants;
}

describe('matchMunicipality', () => {
  it.each(MEMBERS.map((m) => [m.name, m] as const))('recognises the verbatim «%s»', (name, m) => {
    expect(matchMunicipality(name)).toBe(m);
  });

  it.each(MEMBERS.flatMap((m) => typedVariants(m).map((v) => [v, m.name] as const)))(
    'recognises «%s» as %s',
    (typed, name) => {
      expect(matchMunicipality(typed)).toBe(member(name));
    },
  );

  it.each([
    ['Ахтынский район', 'Ахтынский'],
    ['Ахтынский р-н', 'Ахтынский'],
    ['р-н Ахтынский', 'Ахтынский'],
    ['Ахтынский р.', 'Ахтынский'],
    ['МР «Ахтынский район»', 'Ахтынский'],
    ['муниципальный район «Ахтынский район»', 'Ахтынский'],
    ['в Ахтынском районе', 'Ахтынский'],
    ['Ахтынского района', 'Ахтынский'],
    ['Ахтынcкий', 'Ахтынский'], // Latin «c» inside a Cyrillic word
    ['Город Махачкала', 'Город Махачкала'],
    ['г. Махачкала', 'Город Махачкала'],
    ['г.Махачкала', 'Город Махачкала'],
    ['город Махачкала', 'Город Махачкала'],
    ['Махачкала', 'Город Махачкала'],
    ['ГО «город Махачкала»', 'Город Махачкала'],
    ['МАХАЧКАЛА ', 'Город Махачкала'],
    ['в Махачкале', 'Город Махачкала'],
    ['Дагестанские Огни', 'Город Дагестанские огни'],
    ['г. Дагестанские огни', 'Город Дагестанские огни'],
    ['Дагогни', 'Город Дагестанские огни'],
    ['Южно-Сухокумск', 'Город Южно-Сухокумск'],
    ['Южно Сухокумск', 'Город Южно-Сухокумск'],
    ['Южно–Сухокумск', 'Город Южно-Сухокумск'],
    ['г. Южно-Сухокумск', 'Город Южно-Сухокумск'],
    ['Цумадинский', 'Цумадинской'],
    ['Цумадинский район', 'Цумадинской'],
    ['Цумадинской', 'Цумадинской'],
    ['Бежтинский участок', 'Бежтинский участок'],
    ['Бежтинский', 'Бежтинский участок'],
    ['бежтинский  УЧАСТОК', 'Бежтинский участок'],
    ['ЦОДОУ ЗОЖ', 'ЦОДОУ ЗОЖ'],
    ['цодоу зож', 'ЦОДОУ ЗОЖ'],
    ['Сулейман Стальский район', 'Сулейман-Стальский'],
    ['С.-Стальский р-н', 'Сулейман-Стальский'],
    ['Докузпаринский ', 'Докузпаринский'],
    ['Новолакский ', 'Новолакский'],
    ['С. Хрюг, Ахтынский район', 'Ахтынский'],
    ['Хивский район', 'Хивский'],
    ['Дербент', 'Город Дербент'],
    ['Кизлярский ', 'Кизлярский'],
  ])('recognises the tricky «%s» as %s', (typed, name) => {
    expect(matchMunicipality(typed)).toBe(member(name));
  });

  it.each([
    ['Кизляр', 'Город Кизляр', 'Кизлярский район', 'Кизлярский'],
    ['г. Кизляр', 'Город Кизляр', 'Кизлярский', 'Кизлярский'],
    ['Буйнакск', 'Город Буйнакск', 'Буйнакский район', 'Буйнакский'],
    ['в Буйнакске', 'Город Буйнакск', 'в Буйнакском районе', 'Буйнакский'],
    ['Хасавюрт', 'Город Хасавюрт', 'Хасавюртовский район', 'Хасавюртовский'],
    ['Кизилюрт', 'Город Кизилюрт', 'Кизилюртовский р-н', 'Кизилюртовский'],
    ['Дербент', 'Город Дербент', 'Дербентский', 'Дербентский'],
    ['город Дербент', 'Город Дербент', 'Дербентский район', 'Дербентский'],
  ])('tells the city «%s» (%s) from the district «%s» (%s)', (city, cityName, area, areaName) => {
    expect(matchMunicipality(city)).toBe(member(cityName));
    expect(matchMunicipality(area)).toBe(member(areaName));
  });

  it.each([
    ['Москва'],
    ['Краснодарский край'],
    [''],
    ['   '],
    ['район'],
    ['г.'],
    ['Кизляр и Кизлярский район'], // two members: no single answer
    ['Ахтынская СОШ'], // a declined adjective alone is not trusted inside a sentence
    ['Республика Дагестан'],
    ['Очно/дистанционно'],
    ['Руководитель ММО'],
  ])('does not recognise «%s»', (typed) => {
    expect(matchMunicipality(typed)).toBeNull();
  });

  it.each([[null], [undefined], [42], [{}], [[]], [true], [new Date()], [member('Ахтынский')]])(
    'returns null for the non-string %s',
    (value) => {
      expect(matchMunicipality(value)).toBeNull();
    },
  );

  it('never throws and answers a member or null for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.anything()), (value) => {
        const result = matchMunicipality(value);
        expect(result === null || MEMBERS.includes(result)).toBe(true);
        const all = findMunicipalitiesInText(value);
        expect(all.every((m) => MEMBERS.includes(m))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings built from member names and noise', () => {
    const pieces = [
      ...MEMBERS.map((m) => m.name),
      'район',
      'р-н',
      'г.',
      '«',
      '»',
      ',',
      ' ',
      '-',
      'ё',
      'ММО',
      '№4',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
        const result = matchMunicipality(parts.join(''));
        expect(result === null || MEMBERS.includes(result)).toBe(true);
      }),
    );
  });
});

describe('findMunicipalitiesInText', () => {
  it.each([
    ['С. Хрюг, Ахтынский район', ['Ахтынский']],
    ['Хивский район', ['Хивский']],
    ['Дербент', ['Город Дербент']],
    ['Кизлярский ', ['Кизлярский']],
    ['Южно-Сухокумск', ['Город Южно-Сухокумск']],
    ['Окружной этап: Цумадинский Гумбетовский', ['Цумадинской', 'Гумбетовский']],
    ['Кизляр и Кизлярский район', ['Город Кизляр', 'Кизлярский']],
    [
      'МКОУ «Ахтынская СОШ №1», Ахтынский р-н; г. Дербент, Дербентский район, снова Ахтынский',
      ['Ахтынский', 'Город Дербент', 'Дербентский'],
    ],
    ['семинар в Буйнакском районе и в г. Буйнакске', ['Буйнакский', 'Город Буйнакск']],
    ['Руководитель ММО', []],
    ['Нагорный, Кизлярская', []],
    ['', []],
  ])('finds in «%s»: %j', (text, names) => {
    expect(findMunicipalitiesInText(text).map((m) => m.name)).toEqual(names);
  });

  it('returns [] for non-strings', () => {
    expect(findMunicipalitiesInText(null)).toEqual([]);
    expect(findMunicipalitiesInText(7)).toEqual([]);
  });

  it('finds every member by its verbatim name inside a sentence', () => {
    for (const m of MEMBERS) {
      expect(findMunicipalitiesInText(`Место проведения: ${m.name}, очно`)).toEqual([m]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Districts

describe('matchDistrict', () => {
  it.each(
    DISTRICTS.flatMap((d) =>
      [d.name, d.title, d.label, String(d.no), `№${d.no}`, `ММО №${d.no}`].map((t) => [t, d.no] as const),
    ),
  )('recognises the handbook form «%s» as №%i', (typed, no) => {
    expect(matchDistrict(typed)).toBe(district(no));
  });

  it.each(DISTRICTS.map((d) => [d.no]))('recognises the number %i', (no) => {
    expect(matchDistrict(no)).toBe(district(no));
  });

  it.each([
    ['Горный', 4],
    ['горный', 4],
    ['ММО "Горный"', 4],
    ['ММО «Горный»', 4],
    ['ММО №4', 4],
    ['№4', 4],
    ['№ 4', 4],
    ['4', 4],
    [' 4 ', 4],
    ['№4. «Горный».', 4],
    ['№4. Горный', 4],
    ['Андийский межмуниципальный методический округ', 1],
    ['Андийский', 1],
    ['Андийский ММО', 1],
    ['Андийский округ', 1],
    ['Вектор развития', 2],
    ['ммо вектор развития', 2],
    ['Методист-эрудит', 6],
    ['Методист эрудит', 6],
    ['Лоция методиста', 7],
    ['Стратегия успеха', 3],
    ['Прорыв', 5],
    ['Партнерство', 8],
    ['Партнёрство', 8],
    ['межмуниципальный методический округ «Прорыв»', 5],
    ['План ММО «Горный» на 2022-2023', 4],
    ['План работы ММО №5 на 2023 год', 5],
    ['Отчёт Андийского ММО', 1],
    ['План «Лоция методиста» 2023', 7],
    ['ММО-8', 8],
  ])('recognises «%s» as №%i', (typed, no) => {
    expect(matchDistrict(typed)).toBe(district(no));
  });

  it.each([
    ['Москва'],
    ['Краснодарский край'],
    [''],
    ['№9'],
    ['0'],
    ['-1'],
    ['4.5'],
    ['ММО'],
    ['Нагорный'],
    ['Горные вершины'],
    ['Горный район'], // not marked as an ММО name
    ['Партнерство школ и вузов'],
    ['Приказ №4 от 01.09.2022'],
    ['№4. Прорыв'], // contradicts itself
    ['ММО «Горный» и ММО «Прорыв»'],
    ['Ахтынский'], // a member, not a district
  ])('does not recognise «%s»', (typed) => {
    expect(matchDistrict(typed)).toBeNull();
  });

  it.each([
    [0],
    [9],
    [-1],
    [4.5],
    [Number.NaN],
    [Infinity],
    [null],
    [undefined],
    [{}],
    [[4]],
    [true],
    [district(4)],
  ])('returns null for %s', (value) => {
    expect(matchDistrict(value)).toBeNull();
  });

  it('never throws and answers a district or null for any input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.anything(), fc.integer(), fc.double()),
        (value) => {
          const result = matchDistrict(value);
          expect(result === null || DISTRICTS.includes(result)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings built from district words and noise', () => {
    const pieces = [
      ...DISTRICTS.flatMap((d) => [d.name, d.title]),
      'ММО',
      '№',
      '4',
      '9',
      '«',
      '»',
      '.',
      ' ',
      '-',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
        const result = matchDistrict(parts.join(''));
        expect(result === null || DISTRICTS.includes(result)).toBe(true);
      }),
    );
  });
});

describe("matchDistrict: the numbering of a form's header block is no ММО", () => {
  it.each<[string, number | null]>([
    ['1. Межмуниципальный методический округ____________________________________', null],
    ['1. Межмуниципальный методический округ', null],
    ['1) Межмуниципальный методический округ', null],
    [
      'Заявка на научно-методическое сопровождение педагогических и руководящих работников в составе Межмуниципального методического округа по дополнительным профессиональным программам, реализуемым ЦНППМ ДИРО',
      null,
    ],
    ['1. Межмуниципальный методический округ: ММО «Горный»', 4],
    ['1. Межмуниципальный методический округ____№4. Горный', 4],
    ['№1. «Андийский межмуниципальный методический округ».', 1],
    ['№1', 1],
    ['1', 1],
  ])('%j → %s', (text, no) => {
    expect(matchDistrict(text)?.no ?? null).toBe(no);
  });
});

describe('matchDistrictInName', () => {
  it.each<[string, number | null]>([
    ['Прорыв 2023-24', 5],
    ['план_Горный_итог', 4],
    ['Партнерство заявка', 8],
    ['Заявка ПАРТНЕРСТВО (исправленная)', 8],
    ['Вектор развития план 2022', 2],
    ['стратегия успеха', 3],
    ['Лоция методиста-итог', 7],
    ['Андийский округ план', 1],
    ['ММО-4', 4],
    ['mmo4_plan', 4],
    ['4', 4],
    ['№6', 6],
    // Two ММО, or none: no guess.
    ['ММО-4 Прорыв', null],
    ['Горный и Прорыв', null],
    ['Заявка 2023', null],
    ['план 2022-2023', null],
    ['Нагорный', null],
    ['РМЦ План совместной деятельности', null],
  ])('%j → %s', (name, no) => {
    expect(matchDistrictInName(name)?.no ?? null).toBe(no);
  });

  it('finds in a name whatever matchDistrict finds in it, when that is one ММО', () => {
    for (const d of DISTRICTS) {
      expect(matchDistrictInName(d.label)?.no).toBe(d.no);
      expect(matchDistrictInName(d.title)?.no).toBe(d.no);
    }
  });
});
