import { PROVIDER_ID } from '../core/profile/types';

/** Which of a provider's identities: its active one unless named (`provider/identity`). */
export interface Target {
  readonly provider: string;
  readonly identity?: string;
}

export type Command =
  | { readonly kind: 'help'; readonly topic?: string }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'token' | 'header';
      readonly target: Target;
      readonly minValid: number;
    }
  | {
      readonly kind: 'exec';
      readonly target: Target;
      readonly minValid: number;
      readonly command: readonly string[];
    }
  | { readonly kind: 'status'; readonly json: boolean }
  | {
      readonly kind: 'install' | 'uninstall';
      readonly browsers: readonly Browser[];
      readonly system: boolean;
      readonly userDataDir?: string;
      readonly extensionId?: string;
    };

export const BROWSERS = ['chromium', 'chrome', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

/** A usage mistake, in words, with the command it was about (for its help). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly topic?: string,
  ) {
    super(message);
  }
}

/** The seconds a token must still have: 30 unless `--min-valid` says otherwise. */
const DEFAULT_MIN_VALID = 30;

function target(word: string | undefined, topic: string): Target {
  if (word === undefined)
    throw new UsageError('name a provider (its id, as in the options page)', topic);
  const slash = word.indexOf('/');
  const provider = slash === -1 ? word : word.slice(0, slash);
  const identity = slash === -1 ? undefined : word.slice(slash + 1);
  if (!PROVIDER_ID.test(provider))
    throw new UsageError(`"${provider}" is not a provider id (letters, digits, . _ -)`, topic);
  if (identity !== undefined && identity.trim() === '')
    throw new UsageError(`name the identity after the slash: ${provider}/<identity>`, topic);
  return { provider, ...(identity !== undefined && { identity }) };
}

/** `--name value` or `--name=value`; answers the value and the words left. */
function option(words: string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    if (word === `--${name}`) {
      const value = words[i + 1];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      words.splice(i, 2);
      return value;
    }
    if (word.startsWith(`--${name}=`)) {
      words.splice(i, 1);
      return word.slice(name.length + 3);
    }
  }
  return undefined;
}

function flag(words: string[], name: string): boolean {
  const i = words.indexOf(`--${name}`);
  if (i !== -1) words.splice(i, 1);
  return i !== -1;
}

function minValid(words: string[], topic: string): number {
  const value = option(words, 'min-valid');
  if (value === undefined) return DEFAULT_MIN_VALID;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > 86_400)
    throw new UsageError(`--min-valid is whole seconds, 0 to 86400 (not "${value}")`, topic);
  return seconds;
}

function nothingLeft(words: readonly string[], topic: string): void {
  const [extra] = words;
  if (extra !== undefined) throw new UsageError(`unexpected "${extra}"`, topic);
}

function browsers(words: string[], topic: string): Browser[] {
  const chosen: Browser[] = [];
  for (
    let value = option(words, 'browser');
    value !== undefined;
    value = option(words, 'browser')
  ) {
    if (!(BROWSERS as readonly string[]).includes(value))
      throw new UsageError(`--browser is one of ${BROWSERS.join(', ')} (not "${value}")`, topic);
    chosen.push(value as Browser);
  }
  return chosen.length > 0 ? chosen : [...BROWSERS];
}

/** The command line, checked: a `Command`, or a `UsageError` that says what is wrong. */
export function parseArgs(argv: readonly string[]): Command {
  const dashes = argv.indexOf('--');
  const words = [...(dashes === -1 ? argv : argv.slice(0, dashes))];
  const after = dashes === -1 ? [] : argv.slice(dashes + 1);
  const [kind, ...rest] = words;
  if (kind === undefined || kind === '--help' || kind === '-h' || kind === 'help')
    return { kind: 'help', ...(rest[0] !== undefined && { topic: rest[0] }) };
  if (kind === '--version') return { kind: 'version' };
  if (flag(rest, 'help') || flag(rest, 'h')) return { kind: 'help', topic: kind };
  switch (kind) {
    case 'token':
    case 'header':
    case 'exec': {
      const min = minValid(rest, kind);
      const [word, ...extra] = rest;
      const about = target(word, kind);
      nothingLeft(extra, kind);
      if (kind !== 'exec') {
        if (dashes !== -1) throw new UsageError('"--" is for exec', kind);
        return { kind, target: about, minValid: min };
      }
      if (after.length === 0)
        throw new UsageError('name the command to run after "--": exec kc -- curl …', kind);
      return { kind, target: about, minValid: min, command: after };
    }
    case 'status': {
      const json = flag(rest, 'json');
      nothingLeft(rest, kind);
      return { kind, json };
    }
    case 'install':
    case 'uninstall': {
      const chosen = browsers(rest, kind);
      const system = flag(rest, 'system');
      const userDataDir = option(rest, 'user-data-dir');
      const extensionId = option(rest, 'extension-id');
      nothingLeft(rest, kind);
      if (extensionId !== undefined && !/^[a-p]{32}$/.test(extensionId))
        throw new UsageError(`"${extensionId}" is not an extension id (32 letters a to p)`, kind);
      return {
        kind,
        browsers: chosen,
        system,
        ...(userDataDir !== undefined && { userDataDir }),
        ...(extensionId !== undefined && { extensionId }),
      };
    }
    default:
      throw new UsageError(`"${kind}" is not a command`);
  }
}
