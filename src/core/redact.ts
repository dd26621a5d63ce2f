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
