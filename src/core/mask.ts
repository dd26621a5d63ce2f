/** How a hidden value is shown: its last four characters when it is long enough to keep them safe. */
export function maskValue(value: string): string {
  return value.length >= 16 ? `••••${value.slice(-4)}` : '••••';
}

/**
 * Hides every occurrence of the given values in a text, raw or URL-encoded (a refresh token in a
 * query string or a form body). Longer values first, so a value that contains another is hidden
 * whole.
 */
export function maskValues(text: string, values: readonly (string | undefined)[]): string {
  const known = [
    ...new Set(values.filter((v): v is string => v !== undefined && v.length >= 4)),
  ].sort((a, b) => b.length - a.length);
  let masked = text;
  for (const value of known) {
    for (const form of new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
    ])) {
      masked = masked.split(form).join(maskValue(value));
    }
  }
  return masked;
}
