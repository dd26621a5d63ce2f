/**
 * One shell word, whatever it holds: inside single quotes nothing is special but the quote
 * itself, which closes, is escaped, and opens again (`'\''`).
 */
export const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** What the curl copy calls when the profile names no API prefix: plainly something to replace. */
export const API_URL_PLACEHOLDER = 'https://YOUR-API.example/path';

/**
 * The three ways Copy gives a bearer token. The curl line calls the profile's first API prefix,
 * so it works as pasted.
 */
export const COPY_FORMATS = {
  token: (token: string) => token,
  header: (token: string) => `Authorization: Bearer ${token}`,
  curl: (token: string, url = API_URL_PLACEHOLDER) =>
    `curl -H ${shellQuote(`Authorization: Bearer ${token}`)} ${shellQuote(url)}`,
} as const;

export type CopyFormat = keyof typeof COPY_FORMATS;
