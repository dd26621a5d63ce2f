/**
 * The editor's form fields that live in the profile's JSON ("Advanced"): each reads its value
 * from the JSON text and writes it back there, so the form and the JSON are one state and never
 * disagree. Pure: the editor holds the text, these read and rewrite it.
 */

/** The JSON's top-level object, or `undefined` while the text is not a JSON object. */
export function readShape(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** The path of the sign-in's URL, by its kind: the page a person signs in on, or the endpoint. */
function signInPath(shape: Record<string, unknown>): readonly string[] {
  const kind = record(shape['signIn'])['kind'];
  if (kind === 'authorization_code') return ['signIn', 'authorizeUrl'];
  if (kind === 'connect') return ['signIn', 'url'];
  return ['signIn', 'token', 'url'];
}

/** A form field over the JSON: where it lives, and how its text maps to the value there. */
export interface ShapeField {
  /** The path its errors are reported at (`expiry.leadSeconds`). */
  readonly path: (shape: Record<string, unknown>) => readonly string[];
  readonly toText: (value: unknown) => string;
  /** `undefined` removes the key. */
  readonly fromText: (text: string) => unknown;
}

const text: Pick<ShapeField, 'toText' | 'fromText'> = {
  toText: (v) => (typeof v === 'string' ? v : ''),
  fromText: (t) => (t.trim() === '' ? undefined : t.trim()),
};
/** Whole seconds; what is not a number is kept as typed, for the profile's check to name. */
const seconds: Pick<ShapeField, 'toText' | 'fromText'> = {
  toText: (v) => (typeof v === 'number' ? String(v) : ''),
  fromText: (t) => (t.trim() === '' ? undefined : Number.isFinite(Number(t)) ? Number(t) : t),
};
/** One entry per line. */
const lines: Pick<ShapeField, 'toText' | 'fromText'> = {
  toText: (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('\n') : ''),
  fromText: (t) => {
    const list = t
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return list.length === 0 ? undefined : list;
  },
};
/** `name=value` per line: fixed query parameters. */
const params: Pick<ShapeField, 'toText' | 'fromText'> = {
  toText: (v) =>
    Array.isArray(v)
      ? v
          .map(record)
          .map((p) => `${String(p['name'])}=${typeof p['value'] === 'string' ? p['value'] : ''}`)
          .join('\n')
      : '',
  fromText: (t) => {
    const list = t
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const at = l.indexOf('=');
        return at < 0
          ? { name: l, in: 'query', value: '' }
          : { name: l.slice(0, at).trim(), in: 'query', value: l.slice(at + 1).trim() };
      });
    return list.length === 0 ? undefined : list;
  },
};

/** A yes, a no, or the key left out (the profile's default). */
const yesNo: Pick<ShapeField, 'toText' | 'fromText'> = {
  toText: (v) => (v === true ? 'true' : v === false ? 'false' : ''),
  fromText: (t) => (t === 'true' ? true : t === 'false' ? false : undefined),
};

export const SHAPE_FIELDS = {
  signInUrl: { path: signInPath, ...text },
  tokenUrl: { path: () => ['refresh', 'url'], ...text },
  authorizeParams: { path: () => ['signIn', 'authorizeParams'], ...params },
  silent: { path: () => ['signIn', 'silent'], ...yesNo },
  accessSeconds: { path: () => ['expiry', 'defaultAccessSeconds'], ...seconds },
  refreshSeconds: { path: () => ['expiry', 'defaultRefreshSeconds'], ...seconds },
  leadSeconds: { path: () => ['expiry', 'leadSeconds'], ...seconds },
  warnSeconds: { path: () => ['expiry', 'warnSeconds'], ...seconds },
  inject: { path: () => ['inject'], ...lines },
} satisfies Record<string, ShapeField>;
export type ShapeFieldName = keyof typeof SHAPE_FIELDS;

/** The field's text, as the JSON has it now. */
export function fieldText(shape: Record<string, unknown>, name: ShapeFieldName): string {
  const field = SHAPE_FIELDS[name];
  const value = field.path(shape).reduce<unknown>((at, key) => record(at)[key], shape);
  return field.toText(value);
}

/** The JSON text with the field set to `value` (or its key removed), formatted as the editor shows it. */
export function withFieldText(
  shape: Record<string, unknown>,
  name: ShapeFieldName,
  value: string,
): string {
  const field = SHAPE_FIELDS[name];
  const put = (at: unknown, path: readonly string[]): Record<string, unknown> => {
    const [key, ...rest] = path;
    const object = record(at);
    if (key === undefined) return object;
    const next = rest.length === 0 ? field.fromText(value) : put(object[key], rest);
    const others = Object.entries(object).filter(([k]) => k !== key);
    // A key keeps its place in the JSON when it is set again.
    return Object.fromEntries(
      next === undefined
        ? others
        : key in object
          ? Object.entries(object).map(([k, v]) => [k, k === key ? next : v])
          : [...others, [key, next]],
    );
  };
  return JSON.stringify(put(shape, field.path(shape)), null, 2);
}

/** The dotted path a field's errors come at: `signIn.authorizeUrl`. */
export const fieldPath = (shape: Record<string, unknown>, name: ShapeFieldName): string =>
  SHAPE_FIELDS[name].path(shape).join('.');
