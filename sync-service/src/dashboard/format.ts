/** Dates and numbers as the dashboard shows them, in Russian and in the region's time zone. */
import { format } from 'date-fns/format';
import { ru } from 'date-fns/locale/ru';

/**
 * The wall clock of `timeZone` at `date`, as a local Date, so date-fns (which formats local time)
 * prints Moscow time on a server whose clock is set to UTC.
 */
function wallClock(date: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** «23 ноября 2026, 16:40». */
export function formatDateTimeRu(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return format(wallClock(date, timeZone), 'd MMMM yyyy, HH:mm', { locale: ru });
}

/** «16:55». */
export function formatTimeRu(iso: string, timeZone: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(wallClock(date, timeZone), 'HH:mm', { locale: ru });
}

/** «1 234». */
export function formatCount(n: number): string {
  return n.toLocaleString('ru-RU');
}
