/** Recognises an ММО or a municipality however people type it. */
import type { District, Municipality } from './districts.js';

/** «ММО "Горный"», «№4», «4», «Андийский», the full name of №1, a dropdown label… → the district. */
export function matchDistrict(text: unknown): District | null {
  void text;
  throw new Error('not implemented');
}

/** «Цумадинский р-н», «г. Махачкала», «город Кизляр», «ахтынский район»… → the member. */
export function matchMunicipality(text: unknown): Municipality | null {
  void text;
  throw new Error('not implemented');
}
