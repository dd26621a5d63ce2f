const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses an ISO 8601 date-time into epoch ms. Any number of fractional digits is accepted (seed
 * 003 sends seven: `2022-11-01T13:43:43.7826152Z`), which `Date.parse` does not promise. A time
 * with no offset is read as UTC.
 */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_8601.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const ms = Math.floor(Number(`0.${frac || '0'}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) + ms;
  if (zone.toUpperCase() === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return utc - sign * offsetMin * 60_000;
}

/**
 * Reads an absolute time field: an ISO 8601 string, or a number (or numeric string) of seconds
 * since the epoch; a number above 1e11 is taken as milliseconds.
 */
export function parseAbsoluteTime(value: unknown): number | undefined {
  if (typeof value === 'string' && !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return parseIsoTime(value);
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  return n > 1e11 ? n : n * 1000;
}
