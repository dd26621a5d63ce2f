import { useEffect, useState } from 'react';
import type { JwtClaims } from '../core/jwt';
import type { Inspection, ProviderView, TesterAction, TimelineEntry } from '../shared/protocol';
import { inspect, tester } from './state';

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

const ROW = 14;
const WIDTH = 400;
const clockTime = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Each access token's lifetime as a bar on one time axis, newest on top: the one in use filled,
 * earlier ones grey, a refresh that brought a new refresh token marked with a triangle, and a line
 * at the present. The list under it says the same in words.
 */
function Timeline({ entries, now }: { entries: readonly TimelineEntry[]; now: number }) {
  if (entries.length === 0) return null;
  const start = Math.min(...entries.map((e) => e.obtainedAt));
  const end = Math.max(now, ...entries.map((e) => e.expiresAt));
  const x = (t: number) => ((t - start) / Math.max(1, end - start)) * WIDTH;
  const height = entries.length * ROW + 14;
  return (
    <div className="timeline">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Lifetimes of the last ${entries.length} access tokens, from ${clockTime(start)} to ${clockTime(end)}`}
      >
        {entries.map((e, i) => (
          <g key={e.obtainedAt}>
            <rect
              className={i === 0 ? 'access' : 'expired'}
              x={x(e.obtainedAt)}
              y={i * ROW + 3}
              width={Math.max(2, x(e.expiresAt) - x(e.obtainedAt))}
              height={ROW - 6}
              rx={2}
            />
            {e.rotated && (
              <path className="rotated" d={`M${x(e.obtainedAt)} ${i * ROW + 1}l5 6l-5 6z`} />
            )}
          </g>
        ))}
        <line className="now" x1={x(now)} x2={x(now)} y1={0} y2={entries.length * ROW} />
        <text x={0} y={height - 2}>
          {clockTime(start)}
        </text>
        <text x={WIDTH} y={height - 2} textAnchor="end">
          {clockTime(end)}
        </text>
      </svg>
      <ol aria-label="Token timeline">
        {entries.map((entry) => (
          <li key={entry.obtainedAt}>
            {entry.kind} {new Date(entry.obtainedAt).toLocaleTimeString()}, expires{' '}
            {new Date(entry.expiresAt).toLocaleTimeString()}
            {entry.rotated && ', new refresh token'}
            {entry.changedClaims.length > 0 && `, changed: ${entry.changedClaims.join(', ')}`}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A connected provider's token: decoded claims, tester tools and the timeline. Never a token value. */
export function TokenView({ view, version }: { view: ProviderView; version: number }) {
  const [inspection, setInspection] = useState<Inspection | undefined>();
  const [shift, setShift] = useState('0');
  useEffect(() => {
    void inspect(view).then((found) => {
      if (found) {
        setInspection(found);
        setShift(String(found.clockShiftMs / 1000));
      }
    });
    // The row's provider and identity, and the tokens' version, say when to read again.
  }, [view.id, view.identity, version]);
  if (!inspection) return null;

  const act = (action: TesterAction) => void tester(view, action);

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
        <button onClick={() => act({ kind: 'expire' })}>Force expire</button>
        <label>
          Shift clock (s){' '}
          <input
            type="number"
            value={shift}
            onChange={(e) => setShift(e.target.value)}
            aria-label="Clock shift in seconds"
          />
        </label>
        <button onClick={() => act({ kind: 'shift', seconds: Number(shift) || 0 })}>
          Apply shift
        </button>
      </fieldset>
      <Timeline entries={inspection.timeline} now={Date.now()} />
    </section>
  );
}
