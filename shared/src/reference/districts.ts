/** The eight ММО and their members as objects, with the names people see. */
import { DISTRICT_SOURCES } from './districts-data.js';

export interface Municipality {
  /** Verbatim, as in Приложение №1 («Цумадинской»). */
  readonly name: string;
  /** For display («Цумадинский»). */
  readonly displayName: string;
  readonly districtNo: number;
  readonly isCity: boolean;
  /** False for «ЦОДОУ ЗОЖ», an organisation listed among the members of №3. */
  readonly isMunicipality: boolean;
}

export interface District {
  readonly no: number;
  /** As in Приложение №1: «Андийский межмуниципальный методический округ», «Горный». */
  readonly name: string;
  readonly title: string;
  /** The dropdown label, e.g. «№4. Горный». */
  readonly label: string;
  readonly municipalities: readonly Municipality[];
}

export const DISTRICTS: readonly District[] = DISTRICT_SOURCES.map((d) => ({
  no: d.no,
  name: d.name,
  title: d.title,
  label: `№${d.no}. ${d.name}`,
  municipalities: d.municipalities.map((name) => ({
    name,
    displayName: name === 'Цумадинской' ? 'Цумадинский' : name,
    districtNo: d.no,
    isCity: name.startsWith('Город '),
    isMunicipality: name !== 'ЦОДОУ ЗОЖ',
  })),
}));

export function districtByNo(no: number): District | undefined {
  return DISTRICTS.find((d) => d.no === no);
}
