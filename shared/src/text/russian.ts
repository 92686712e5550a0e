/** Small pieces of Russian text every face writes the same way: counted nouns, sentence case and dates. */
import { format } from 'date-fns';

/** The form of a noun after `n`: «строка», «строки», «строк» for 1, 2, 5 (and 11–14 take the third). */
export function pluralWord(n: number, forms: readonly [string, string, string]): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

/** «1 строка», «2 строки», «5 строк». */
export function plural(n: number, forms: readonly [string, string, string]): string {
  return `${n} ${pluralWord(n, forms)}`;
}

/** «строка 12: …» → «Строка 12: …»: a message that starts a line, a month name that starts a label. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A date as РМЦ reads it, «05.11.2022», in the service's local time; an invalid date is blank. */
export function formatDayMonthYear(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : format(date, 'dd.MM.yyyy');
}
