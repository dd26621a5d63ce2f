import { useOptions } from './state';

/**
 * What the organization's policy for Token Keeper sets that this version cannot read: each is
 * ignored, and everything else applies (README, "For administrators").
 */
export function PolicyProblems() {
  const policy = useOptions((s) => s.policy);
  if (!policy || policy.problems.length === 0) return null;
  return (
    <section aria-label="Organization policy" role="alert">
      <h2>Your organization’s policy</h2>
      <p>These settings of it could not be read and are ignored; everything else applies.</p>
      <ul>
        {policy.problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </section>
  );
}
