import { useEffect, useState } from 'react';
import { ask } from '../browser/messages';
import type { JwtClaims } from '../core/jwt';
import type { Inspection } from '../shared/protocol';
import { say } from './store';

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

function ClaimTable({ title, claims }: { title: string; claims: JwtClaims }) {
  return (
    <table aria-label={title}>
      <caption>{title}</caption>
      <tbody>
        {Object.entries(claims).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              {TIME_CLAIMS.has(name) && typeof value === 'number'
                ? `${new Date(value * 1000).toLocaleString()} (${value})`
                : JSON.stringify(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A connected provider's token: decoded claims, tester tools and the timeline. Never a token value. */
export function TokenView({ id, version }: { id: string; version: number }) {
  const [inspection, setInspection] = useState<Inspection | undefined>();
  const [shift, setShift] = useState('0');
  useEffect(() => {
    void ask({ type: 'inspect', providerId: id }).then((reply) => {
      if (reply.ok) {
        setInspection(reply.value);
        setShift(String(reply.value.clockShiftMs / 1000));
      }
    });
  }, [id, version]);
  if (!inspection) return null;

  const act = async (action: { kind: 'expire' } | { kind: 'shift'; seconds: number }) => {
    const reply = await ask({ type: 'tester', providerId: id, action });
    say(
      reply.ok
        ? action.kind === 'expire'
          ? 'The access token now counts as expired'
          : `Clock shifted by ${shift} s`
        : reply.error.message,
    );
  };

  return (
    <section className="token-view" aria-label="Token details">
      {inspection.access ? (
        <>
          <ClaimTable title="Header" claims={inspection.access.header} />
          <ClaimTable title="Claims" claims={inspection.access.claims} />
        </>
      ) : (
        <p>The access token is opaque (not a JWT): nothing to decode.</p>
      )}
      {inspection.idClaims && <ClaimTable title="ID token claims" claims={inspection.idClaims} />}
      <p>
        Type {inspection.tokenType}
        {inspection.scope !== undefined && ` · scope ${inspection.scope}`}
      </p>
      <fieldset>
        <legend>Tester tools</legend>
        <button onClick={() => void act({ kind: 'expire' })}>Force expire</button>
        <label>
          Shift clock (s){' '}
          <input
            type="number"
            value={shift}
            onChange={(e) => setShift(e.target.value)}
            aria-label="Clock shift in seconds"
          />
        </label>
        <button onClick={() => void act({ kind: 'shift', seconds: Number(shift) || 0 })}>
          Apply shift
        </button>
      </fieldset>
      <ol aria-label="Token timeline">
        {inspection.timeline.map((entry) => (
          <li key={entry.obtainedAt}>
            {entry.kind} {new Date(entry.obtainedAt).toLocaleTimeString()}, expires{' '}
            {new Date(entry.expiresAt).toLocaleTimeString()}
            {entry.rotated && ', new refresh token'}
            {entry.changedClaims.length > 0 && `, changed: ${entry.changedClaims.join(', ')}`}
          </li>
        ))}
      </ol>
    </section>
  );
}
