import { identity } from '../browser/identity';

/**
 * What a provider needs to know about this install: where sign-in comes back to (fixed by the
 * extension id, the same on every machine) and the origin token requests come from (in Firefox,
 * drawn at random for each install).
 */
export function ForYourProvider() {
  return (
    <section aria-label="For your provider">
      <h2>For your provider</h2>
      <p>
        Sign-in redirect URL to register:{' '}
        <code data-testid="redirect-url">{identity.redirectUri}</code>
      </p>
      <p>
        Token requests come from the origin{' '}
        <code data-testid="extension-origin">{location.origin}</code>: a provider that checks the
        origin of a public client’s requests must allow it.
      </p>
    </section>
  );
}
