/** How a hidden value is shown: its last four characters when it is long enough to keep them safe. */
export function maskValue(value: string): string {
  return value.length >= 16 ? `••••${value.slice(-4)}` : '••••';
}

/**
 * Hides every occurrence of the given values in a text, raw, URL-encoded (a refresh token in a
 * query string or a form body) or JSON-escaped (a secret with a quote or a backslash in a JSON
 * body). Longer values first, so a value that contains another is hidden whole.
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
      JSON.stringify(value).slice(1, -1),
    ])) {
      masked = masked.split(form).join(maskValue(value));
    }
  }
  return masked;
}

/** Field names whose values are secret, whatever the values are: `refresh_token`, `clientSecret`. */
const SECRET_NAME = String.raw`[\w-]*(?:token|secret|password|assertion|verifier|api_?key)[\w-]*`;
const JSON_FIELD = new RegExp(String.raw`("${SECRET_NAME}"\s*:\s*")((?:[^"\\]|\\.)*)"`, 'gi');
const FORM_FIELD = new RegExp(String.raw`((?:^|[?&\s])${SECRET_NAME}=)([^&\s]*)`, 'gi');

/**
 * Hides the values of secret-named fields in a JSON or form text, known values or not: a rotated
 * refresh token in a response that could not be read as tokens is still a token.
 */
export function maskSecretFields(text: string): string {
  // `token_type` and `token_type_hint` name a kind of token, not one.
  const kind = (name: string) => /(?:type|hint)"?\s*[:=]?\s*"?$/i.test(name);
  return text
    .replace(JSON_FIELD, (field: string, name: string, value: string) =>
      kind(name) ? field : `${name}${maskValue(value)}"`,
    )
    .replace(FORM_FIELD, (field: string, name: string, value: string) =>
      kind(name) || value === '' ? field : `${name}${maskValue(value)}`,
    );
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * Hides every secret in an exchange's text ("Test refresh" shows it): the known values first, then
 * anything named like a secret (a token in a response that could not be read as tokens), then
 * whatever looks like a JWT.
 */
export const maskAll = (text: string, known: readonly (string | undefined)[]): string =>
  maskSecretFields(maskValues(text, known)).replace(JWT_LIKE, (jwt) => maskValue(jwt));

/** Runs of token-like characters this long are treated as secrets. Error words are shorter. */
const TOKEN_LIKE = /[A-Za-z0-9._~+/=-]{24,}/g;

/**
 * Makes server text safe to show and store: one line, at most `max` characters, anything that
 * looks like a token replaced. Servers sometimes echo what they were sent.
 */
export function redact(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim().replace(TOKEN_LIKE, '[redacted]');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
