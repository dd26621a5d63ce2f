/**
 * One shell word, whatever it holds: inside single quotes nothing is special but the quote
 * itself, which closes, is escaped, and opens again (`'\''`).
 */
export const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** The three ways Copy gives a bearer token. */
export const COPY_FORMATS = {
  token: (token: string) => token,
  header: (token: string) => `Authorization: Bearer ${token}`,
  curl: (token: string) => `curl -H ${shellQuote(`Authorization: Bearer ${token}`)} "$URL"`,
} as const;

export type CopyFormat = keyof typeof COPY_FORMATS;
