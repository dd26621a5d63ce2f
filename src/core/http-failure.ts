import { failure, oauthCode, type Failure } from './failure';
import type { HttpResponse } from './http';
import type { ErrorRule } from './profile/types';
import { maskValues, redact } from './mask';

/** OAuth error codes (RFC 6749 §5.2) that mean the profile or client registration is wrong. */
const CLIENT_ERRORS = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'invalid_request',
  'unsupported_grant_type',
]);

/** RFC 6749 §5.2's error fields, when the body is an OAuth error. */
function oauthError(
  body: string,
): { error: string; description?: string; uri?: string } | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json !== 'object' || json === null || !('error' in json)) return undefined;
    const { error } = json;
    if (typeof error !== 'string' || error === '') return undefined;
    const text = (key: string) => {
      const value = (json as Record<string, unknown>)[key];
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const description = text('error_description');
    const uri = text('error_uri');
    return {
      error,
      ...(description !== undefined && { description }),
      ...(uri !== undefined && /^https:\/\//.test(uri) && { uri }),
    };
  } catch {
    return undefined;
  }
}

/** A body that is a markup page (a login or error page), not data. */
export const isHtml = (body: string): boolean => /^\s*</.test(body);

function describe(res: HttpResponse): string {
  const parsed = oauthError(res.body);
  if (parsed) {
    const said = redact(
      parsed.description ? `${parsed.error}: ${parsed.description}` : parsed.error,
    );
    return parsed.uri === undefined ? said : `${said} (see ${redact(parsed.uri, 200)})`;
  }
  if (isHtml(res.body)) return 'an HTML page';
  return res.body.trim() === '' ? 'an empty body' : `"${redact(res.body)}"`;
}

function ruleMatches(rule: ErrorRule, res: HttpResponse): boolean {
  if (rule.status !== undefined && rule.status !== res.status) return false;
  if (rule.bodyIncludes !== undefined) {
    return res.body.toLowerCase().includes(rule.bodyIncludes.toLowerCase());
  }
  return true;
}

/**
 * `Retry-After` (RFC 9110 §10.2.3) in ms: delta-seconds, or an HTTP-date measured against the
 * response's own `Date`, so both times are on the server's clock and ours does not matter.
 */
function retryAfterMs(res: HttpResponse): number | undefined {
  const value = res.headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  const date = Date.parse(res.headers['date'] ?? '');
  return Number.isFinite(at) && Number.isFinite(date) ? Math.max(0, at - date) : undefined;
}

/**
 * Classifies a token endpoint's non-2xx answer. Only a definite rejection of the grant is
 * `reauth`: `invalid_grant` (RFC 6749 §5.2) or a rule of the dialect (Koppeltaal's plain-text
 * `Bad Request, invalid token`, 401 from UiTiD's `/refresh`). 5xx, 408 and 429 are `transient`;
 * other client errors mean the request itself is wrong: `misconfigured`.
 */
export function classifyHttpFailure(
  res: HttpResponse,
  rules: readonly ErrorRule[],
  /**
   * The secret values the request carried. A server may echo one: it is masked in the raw body,
   * before the body is cut to one line and redacted by shape, which could leave part of it.
   */
  known: readonly (string | undefined)[],
): Failure {
  const { status } = res;
  const said = describe({ ...res, body: maskValues(res.body, known) });
  const rule = rules.find((r) => ruleMatches(r, res));
  if (rule) {
    const code = rule.kind === 'reauth' ? 'refresh_rejected' : 'request_rejected';
    return failure(rule.kind, code, `The provider refused (${status}): ${said}.`, { status });
  }
  const wait = retryAfterMs(res);
  const retry = { status, ...(wait !== undefined && { retryAfterMs: wait }) };
  if (status >= 500) {
    return failure('transient', 'server_error', `The provider failed (${status}): ${said}.`, retry);
  }
  if (status === 429) {
    return failure('transient', 'rate_limited', `The provider asked to slow down (429).`, retry);
  }
  if (status === 408) {
    return failure('transient', 'timeout', 'The provider timed out (408).', { status });
  }
  if (status < 400) {
    return failure('transient', 'unexpected_status', `Expected tokens, got HTTP ${status}.`, {
      status,
    });
  }
  const error = oauthError(res.body)?.error;
  if (error === 'invalid_grant') {
    return failure('reauth', 'invalid_grant', `The provider rejected the grant: ${said}.`, {
      status,
    });
  }
  if (error !== undefined && !CLIENT_ERRORS.has(error)) {
    return failure('transient', 'oauth_error', `The provider answered ${status}: ${said}.`, {
      status,
    });
  }
  return failure(
    'misconfigured',
    error === undefined ? 'http_error' : oauthCode(error, 'oauth_error'),
    `The provider refused the request (${status}): ${said}.`,
    {
      status,
    },
  );
}
