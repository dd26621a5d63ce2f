import { describe, expect, it } from 'vitest';
import { buildRequest } from './http';
import type { Endpoint } from './profile/types';

const url = 'https://api.example/token?fixed=1';

describe('buildRequest', () => {
  it('puts query, form and fixed values where the endpoint says', () => {
    const endpoint: Endpoint = {
      method: 'POST',
      url,
      params: [
        { name: 'apiKey', in: 'query', from: 'apiKey' },
        { name: 'grantType', in: 'form', value: 'RefreshToken' },
        { name: 'refreshToken', in: 'form', from: 'refreshToken' },
      ],
    };
    const result = buildRequest(endpoint, { apiKey: 'k&y', refreshToken: 'r t' });
    expect(result).toEqual({
      ok: true,
      value: {
        method: 'POST',
        url: 'https://api.example/token?fixed=1&apiKey=k%26y',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grantType=RefreshToken&refreshToken=r+t',
      },
    });
  });

  it('builds a JSON body', () => {
    const endpoint: Endpoint = {
      method: 'POST',
      url,
      params: [{ name: 'refresh', in: 'json', from: 'refreshToken' }],
    };
    const result = buildRequest(endpoint, { refreshToken: 'r' });
    expect(result.ok && result.value.body).toBe('{"refresh":"r"}');
    expect(result.ok && result.value.headers['content-type']).toBe('application/json');
  });

  it('sends an empty scope as it is', () => {
    const endpoint: Endpoint = {
      method: 'POST',
      url,
      params: [{ name: 'scope', in: 'form', from: 'scope' }],
    };
    expect(buildRequest(endpoint, { scope: '' })).toMatchObject({
      ok: true,
      value: { body: 'scope=' },
    });
  });

  it('builds a GET with no body', () => {
    const endpoint: Endpoint = { method: 'GET', url, params: [] };
    expect(buildRequest(endpoint, {})).toEqual({
      ok: true,
      value: { method: 'GET', url, headers: { accept: 'application/json' } },
    });
  });

  it.each<[string, Endpoint, string]>([
    [
      'an unset variable',
      {
        method: 'POST',
        url,
        params: [{ name: 'client_secret', in: 'form', from: 'clientSecret' }],
      },
      'missing_value',
    ],
    [
      'a body on GET',
      { method: 'GET', url, params: [{ name: 'a', in: 'form', value: '1' }] },
      'body_on_get',
    ],
    [
      'form and JSON at once',
      {
        method: 'POST',
        url,
        params: [
          { name: 'a', in: 'form', value: '1' },
          { name: 'b', in: 'json', value: '2' },
        ],
      },
      'mixed_body',
    ],
    ['a URL that is not one', { method: 'GET', url: 'token', params: [] }, 'invalid_url'],
  ])('refuses %s', (_name, endpoint, code) => {
    const result = buildRequest(endpoint, {});
    expect(!result.ok && result.error).toMatchObject({ kind: 'misconfigured', code });
  });
});
