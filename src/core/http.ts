import { fail, ok, type Result } from './failure';
import type { Endpoint, Variable } from './profile/types';

/** A request as plain data; the browser adapter sends it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * Follow redirects: only for a request that carries nothing secret (a discovery document).
   * Token requests never do: a token endpoint that redirects is sending us to a login page.
   */
  readonly followRedirects?: boolean;
}

/** A response as plain data; header names are lower case. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Where the answer came from, when redirects were followed to another URL. */
  readonly redirectedTo?: string;
}

export type Vars = Partial<Readonly<Record<Variable, string>>>;

/**
 * Builds the request an endpoint describes: `query` parameters are appended to the URL, `form`
 * parameters become an `application/x-www-form-urlencoded` body, `json` ones a JSON object body.
 * A parameter whose variable is not set is an error, never a silently dropped parameter; an empty
 * string is sent as it is (Koppeltaal wants back the exact scope it was given, even an empty one).
 */
export function buildRequest(endpoint: Endpoint, vars: Vars): Result<HttpRequest> {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    return fail('misconfigured', 'invalid_url', `The endpoint "${endpoint.url}" is not a URL.`);
  }
  // A parameter's value is the only one sent under its name: a copy in the URL's own query would
  // be taken first by some servers.
  for (const param of endpoint.params)
    if (param.in === 'query') url.searchParams.delete(param.name);
  const form = new URLSearchParams();
  const json: Record<string, string> = {};
  for (const param of endpoint.params) {
    const value = 'from' in param ? vars[param.from] : param.value;
    if (value === undefined) {
      const what = 'from' in param ? `the ${param.from}` : 'a value';
      return fail(
        'misconfigured',
        'missing_value',
        `Parameter "${param.name}" needs ${what}, which is not set.`,
      );
    }
    if (param.in === 'query') url.searchParams.append(param.name, value);
    else if (param.in === 'form') form.append(param.name, value);
    else json[param.name] = value;
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  const hasForm = [...form.keys()].length > 0;
  const hasJson = Object.keys(json).length > 0;
  if (hasForm || hasJson) {
    if (endpoint.method === 'GET') {
      return fail(
        'misconfigured',
        'body_on_get',
        'A GET request cannot carry form or JSON parameters.',
      );
    }
    if (hasForm && hasJson) {
      return fail('misconfigured', 'mixed_body', 'A request body cannot be both form and JSON.');
    }
  }
  if (hasForm) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return ok({ method: endpoint.method, url: url.href, headers, body: form.toString() });
  }
  if (hasJson) {
    headers['content-type'] = 'application/json';
    return ok({ method: endpoint.method, url: url.href, headers, body: JSON.stringify(json) });
  }
  return ok({ method: endpoint.method, url: url.href, headers });
}
