/** The three ways Copy gives a bearer token. */
export const COPY_FORMATS = {
  token: (token: string) => token,
  header: (token: string) => `Authorization: Bearer ${token}`,
  curl: (token: string) => `curl -H 'Authorization: Bearer ${token}' "$URL"`,
} as const;

export type CopyFormat = keyof typeof COPY_FORMATS;
