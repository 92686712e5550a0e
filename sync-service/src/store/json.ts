/**
 * JSON that keeps Dates: cells of a snapshot are Dates, and a snapshot read back must consolidate
 * exactly like the workbook it was saved from.
 */

const DATE_KEY = '$date';

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // `v` has already been through Date#toJSON; the holder still has the Date itself.
    const original = this[key];
    if (original instanceof Date) {
      return { [DATE_KEY]: Number.isNaN(original.getTime()) ? null : original.toISOString() };
    }
    return v;
  });
}

export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === DATE_KEY) {
        const iso = (v as Record<string, unknown>)[DATE_KEY];
        return new Date(typeof iso === 'string' ? iso : Number.NaN);
      }
    }
    return v;
  }) as T;
}
